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

/// Files in an S3-compatible bucket (AWS, MinIO, Garage…), shared by every app instance.
/// Credentials come from the usual `AWS_*` environment variables.
#[cfg(feature = "s3")]
pub struct S3 {
    store: object_store::aws::AmazonS3,
    runtime: tokio::runtime::Runtime,
}

#[cfg(feature = "s3")]
impl S3 {
    /// A bucket at `endpoint` (empty: AWS itself) in `region`.
    pub fn new(bucket: &str, endpoint: &str, region: &str) -> Result<S3, String> {
        let mut builder = object_store::aws::AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_region(region);
        if !endpoint.is_empty() {
            builder = builder
                .with_endpoint(endpoint)
                .with_allow_http(endpoint.starts_with("http://"))
                .with_virtual_hosted_style_request(false);
        }
        let store = builder
            .build()
            .map_err(|e| format!("files.s3_bucket: {e}"))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("files: {e}"))?;
        Ok(S3 { store, runtime })
    }

    /// Runs a request to completion from any thread, async runtime or not: on a thread of its
    /// own, which has no runtime of its own to conflict with.
    fn run<T: Send>(&self, request: impl std::future::Future<Output = T> + Send) -> T {
        std::thread::scope(
            |scope| match scope.spawn(|| self.runtime.block_on(request)).join() {
                Ok(out) => out,
                Err(panic) => std::panic::resume_unwind(panic),
            },
        )
    }
}

#[cfg(feature = "s3")]
fn s3_error(e: object_store::Error) -> io::Error {
    match e {
        object_store::Error::NotFound { .. } => io::Error::new(io::ErrorKind::NotFound, e),
        other => io::Error::other(other),
    }
}

#[cfg(feature = "s3")]
use object_store::ObjectStoreExt;

#[cfg(feature = "s3")]
impl FileStore for S3 {
    fn put(&self, key: &str, bytes: &[u8]) -> io::Result<()> {
        let path = object_store::path::Path::from(checked(key)?);
        let payload = object_store::PutPayload::from(bytes.to_vec());
        self.run(self.store.put(&path, payload))
            .map(drop)
            .map_err(s3_error)
    }

    fn get(&self, key: &str) -> io::Result<Vec<u8>> {
        let path = object_store::path::Path::from(checked(key)?);
        self.run(async {
            let found = self.store.get(&path).await?;
            found.bytes().await
        })
        .map(|b| b.to_vec())
        .map_err(s3_error)
    }

    fn delete(&self, key: &str) -> io::Result<()> {
        let path = object_store::path::Path::from(checked(key)?);
        match self.run(self.store.delete(&path)) {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(s3_error(e)),
        }
    }
}

/// The store a deployment's settings name: the data directory, or an S3 bucket (in builds with
/// the `s3` feature; otherwise start-up says how to get it).
pub fn from_settings(
    settings: &crate::config::Settings,
) -> Result<std::sync::Arc<dyn FileStore>, String> {
    let files = &settings.files;
    match files.store.as_str() {
        "local" => Ok(std::sync::Arc::new(LocalDir::new(
            settings.data.dir.clone(),
        ))),
        #[cfg(feature = "s3")]
        "s3" => Ok(std::sync::Arc::new(S3::new(
            &files.s3_bucket,
            &files.s3_endpoint,
            &files.s3_region,
        )?)),
        #[cfg(not(feature = "s3"))]
        "s3" => Err("files.store = \"s3\" needs a build with S3 support: \
                     cargo build --release --features s3"
            .into()),
        other => Err(format!(
            "files.store must be \"local\" or \"s3\", not {other:?}"
        )),
    }
}
