//! Every evidence-file store keeps the same contract: the local data directory always, and an
//! S3-compatible bucket in builds with the `s3` feature, against a real S3 server on loopback
//! (moto's, from PyPI, installed into `target/pydeps` on first use).
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use veedor::feedback::files::{attachment_key, FileStore, LocalDir};

/// What every store must do.
fn contract(store: &dyn FileStore) {
    let key = attachment_key(&uuid::Uuid::new_v4().to_string(), "file-1");
    assert!(store.get(&key).is_err(), "nothing there yet");
    store.put(&key, b"first").unwrap();
    store.put(&key, b"second").unwrap();
    assert_eq!(store.get(&key).unwrap(), b"second");
    let big = vec![7u8; 3 * 1024 * 1024];
    let other = attachment_key("item-2", "file-2");
    store.put(&other, &big).unwrap();
    assert_eq!(store.get(&other).unwrap(), big);
    store.delete(&key).unwrap();
    assert_eq!(
        store.get(&key).map_err(|e| e.kind()).err(),
        Some(std::io::ErrorKind::NotFound)
    );
    store.delete(&key).unwrap();
    for bad in ["../secret", "/etc/passwd", "a//b", "a/./b", "", "a\\..\\b"] {
        assert!(store.put(bad, b"x").is_err(), "{bad}");
        assert!(store.get(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_data_directory_keeps_the_contract() {
    let root = tempfile::tempdir().unwrap();
    contract(&LocalDir::new(root.path()));
    // Nothing escaped the root.
    let outside = root.path().parent().unwrap().join("secret");
    assert!(!outside.exists());
}

#[cfg(feature = "s3")]
#[test]
fn an_s3_bucket_keeps_the_contract() {
    use std::process::{Command, Stdio};
    let port = common::free_port();
    let deps = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/pydeps-moto");
    let have = |pythonpath: &std::path::Path| {
        Command::new("python3")
            .args(["-c", "import moto.server"])
            .env("PYTHONPATH", pythonpath)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    };
    if !have(&deps) {
        let installed = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--target")
            .arg(&deps)
            .arg("moto[server]")
            .status()
            .unwrap();
        assert!(installed.success(), "cannot install moto for the S3 test");
    }
    let mut server = Command::new("python3")
        .args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
        .arg(port.to_string())
        .env("PYTHONPATH", &deps)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let up = (0..150).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "the S3 server started");
    // Create the bucket (moto accepts an unsigned CreateBucket).
    let endpoint = format!("http://127.0.0.1:{port}");
    let created = ureq::put(&format!("{endpoint}/veedor-evidence")).send_empty();
    assert!(created.is_ok(), "{created:?}");
    // SAFETY of the test: this binary's only S3 test reads these before any other thread does.
    std::env::set_var("AWS_ACCESS_KEY_ID", "test");
    std::env::set_var("AWS_SECRET_ACCESS_KEY", "test");
    let store =
        veedor::feedback::files::S3::new("veedor-evidence", &endpoint, "us-east-1").unwrap();
    contract(&store);
    // From inside an async runtime too, as the server's blocking threads call it.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let key = attachment_key("item-async", "file");
        store.put(&key, b"from a runtime").unwrap();
        assert_eq!(store.get(&key).unwrap(), b"from a runtime");
    });
    let _ = server.kill();
    let _ = server.wait();
}
