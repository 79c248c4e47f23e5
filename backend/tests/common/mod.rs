//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/data` beside the project root, when present. CI always has it; a checkout without
/// it skips the data-driven tests with a note rather than failing.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("VEEDOR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    if dir.join("SOURCES.md").exists() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("CI must have the shared OCDS data at {}", dir.display());
    } else {
        eprintln!(
            "note: shared OCDS data not found at {}; skipping",
            dir.display()
        );
        None
    }
}

use std::sync::atomic::{AtomicUsize, Ordering};

use veedor::db::{self, DatabaseUrl, DbConnection, DbPool};

/// A fresh, migrated database for one test: a temporary SQLite file by default, or a new
/// PostgreSQL database when `VEEDOR_TEST_DATABASE_URL` names a server (dropped afterwards).
pub struct TestDb {
    pub url: DatabaseUrl,
    pub url_text: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl TestDb {
    pub fn new() -> TestDb {
        match std::env::var("VEEDOR_TEST_DATABASE_URL") {
            Ok(admin) if admin.starts_with("postgres") => {
                use diesel::connection::SimpleConnection;
                let name = format!(
                    "veedor_test_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst)
                );
                let mut conn = DatabaseUrl::parse(&admin)
                    .expect("admin url")
                    .connect()
                    .expect("admin connect");
                conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
                    .expect("drop old test database");
                conn.batch_execute(&format!("CREATE DATABASE {name}"))
                    .expect("create test database");
                let mut url = url::Url::parse(&admin).expect("admin url");
                url.set_path(&format!("/{name}"));
                let text = url.to_string();
                let db = TestDb {
                    url: DatabaseUrl::parse(&text).expect("url"),
                    url_text: text,
                    _dir: None,
                    pg: Some((admin, name)),
                };
                db::migrate(&mut db.conn()).expect("migrate");
                db
            }
            _ => {
                let dir = tempfile::tempdir().expect("tempdir");
                let text = format!("sqlite://{}", dir.path().join("test.db").display());
                let db = TestDb {
                    url: DatabaseUrl::parse(&text).expect("url"),
                    url_text: text,
                    _dir: Some(dir),
                    pg: None,
                };
                db::migrate(&mut db.conn()).expect("migrate");
                db
            }
        }
    }

    pub fn conn(&self) -> DbConnection {
        self.url.connect().expect("connect")
    }

    pub fn pool(&self) -> DbPool {
        db::open_pool(&self.url, 4).expect("pool")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.pg {
            use diesel::connection::SimpleConnection;
            if let Ok(mut conn) = DatabaseUrl::parse(admin).and_then(|u| u.connect()) {
                let _ = conn.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// Imports inputs with default options.
pub fn import(
    db: &TestDb,
    inputs: &[veedor::ocds::import::Input],
) -> veedor::ocds::import::ImportReport {
    let mut conn = db.conn();
    veedor::ocds::import::Importer::new(&mut conn, Default::default())
        .run(inputs)
        .expect("import")
}

pub fn path_input(p: impl Into<PathBuf>) -> veedor::ocds::import::Input {
    veedor::ocds::import::Input::Path(p.into())
}
