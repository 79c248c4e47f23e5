//! Where evidence files live, behind one interface: a key (`attachments/{item}/{file}`) to
//! bytes. The local data directory is the default; a deployment with several app instances
//! needs a store they share, which is another implementation of the same trait (and must pass
//! the same contract tests, `tests::contract`).

use std::io;
use std::path::PathBuf;

/// A store of file bytes by key. Keys are made by Veedor (uuids), never by users; a key that
/// could leave the store's root is refused anyway.
pub trait FileStore: Send + Sync {
    /// Writes `bytes` under `key`, replacing what was there.
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()>;
    /// The bytes under `key`.
    fn get(&self, key: &str) -> io::Result<Vec<u8>>;
    /// Removes `key`; a missing key is not an error.
    fn delete(&self, key: &str) -> io::Result<()>;
}

/// The key of an attachment.
pub fn attachment_key(item_id: &str, attachment_id: &str) -> String {
    format!("attachments/{item_id}/{attachment_id}")
}

fn checked(key: &str) -> io::Result<&str> {
    let safe = !key.is_empty()
        && !key.starts_with('/')
        && key
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if safe {
        Ok(key)
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("not a store key: {key:?}"),
        ))
    }
}

/// Files in a local directory, readable by Veedor's user only.
pub struct LocalDir {
    root: PathBuf,
}

impl LocalDir {
    pub fn new(root: impl Into<PathBuf>) -> LocalDir {
        LocalDir { root: root.into() }
    }

    fn path(&self, key: &str) -> io::Result<PathBuf> {
        Ok(self.root.join(checked(key)?))
    }
}

impl FileStore for LocalDir {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path(key)?;
        if let Some(parent) = path.parent() {
            crate::private_files::create_dir(parent)?;
        }
        crate::private_files::write(&path, bytes)
    }

    fn get(&self, key: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(key)?)
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(key)?) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
pub mod tests {
    use super::*;

    /// What every store must do; each implementation runs it.
    pub fn contract(store: &dyn FileStore) {
        let key = attachment_key("item-1", "file-1");
        assert!(store.get(&key).is_err(), "nothing there yet");
        assert!(store.put(&key, b"first").is_ok());
        assert!(store.put(&key, b"second").is_ok());
        assert_eq!(store.get(&key).ok().as_deref(), Some(&b"second"[..]));
        assert!(store.delete(&key).is_ok());
        assert!(store.get(&key).is_err());
        assert!(store.delete(&key).is_ok(), "deleting twice is fine");
        for bad in ["../secret", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b"] {
            assert!(store.put(bad, b"x").is_err(), "{bad}");
            assert!(store.get(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_local_directory_keeps_the_contract() {
        let root = std::env::temp_dir().join(format!("veedor-store-{}", uuid::Uuid::new_v4()));
        contract(&LocalDir::new(&root));
        let _ = std::fs::remove_dir_all(&root);
    }
}
