//! Helpers shared by the integration tests.

#![allow(dead_code)]

pub mod documents;
pub mod world;

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

/// A real SMTP server on loopback (Python's aiosmtpd), writing what it receives into a maildir.
/// aiosmtpd is installed into `target/pydeps` on first use when the machine lacks it.
pub struct SmtpServer {
    pub port: u16,
    pub maildir: PathBuf,
    child: Option<std::process::Child>,
    _dir: tempfile::TempDir,
}

fn aiosmtpd_path() -> Option<PathBuf> {
    let ok = |pythonpath: Option<&std::path::Path>| {
        let mut cmd = std::process::Command::new("python3");
        cmd.args(["-c", "import aiosmtpd"]);
        if let Some(p) = pythonpath {
            cmd.env("PYTHONPATH", p);
        }
        cmd.output().map(|o| o.status.success()).unwrap_or(false)
    };
    if ok(None) {
        return None;
    }
    let deps = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/pydeps");
    if !ok(Some(&deps)) {
        let status = std::process::Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--target",
            ])
            .arg(&deps)
            .arg("aiosmtpd")
            .status()
            .expect("pip");
        assert!(
            status.success(),
            "cannot install aiosmtpd for the SMTP tests"
        );
    }
    Some(deps)
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

impl SmtpServer {
    pub fn start() -> SmtpServer {
        SmtpServer::start_on(free_port())
    }

    pub fn start_on(port: u16) -> SmtpServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let maildir = dir.path().join("maildir");
        let mut cmd = std::process::Command::new("python3");
        cmd.args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        if let Some(deps) = aiosmtpd_path() {
            cmd.env("PYTHONPATH", deps);
        }
        let child = cmd.spawn().expect("start aiosmtpd");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        SmtpServer {
            port,
            maildir,
            child: Some(child),
            _dir: dir,
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Raw messages received so far.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        for sub in ["new", "cur"] {
            if let Ok(entries) = std::fs::read_dir(self.maildir.join(sub)) {
                for e in entries.flatten() {
                    if let Ok(text) = std::fs::read_to_string(e.path()) {
                        out.push(text);
                    }
                }
            }
        }
        out
    }

    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The body of a message with quoted-printable and base64 parts decoded, headers kept.
pub fn decoded(message: &str) -> String {
    use base64::Engine;
    let unfolded = message.replace("=\r\n", "").replace("=\n", "");
    let mut out = unfolded.replace("=3D", "=");
    for block in message.split("\n\n").chain(message.split("\r\n\r\n")) {
        let compact: String = block.split_whitespace().collect();
        if compact.len() > 40 {
            if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(&compact) {
                out.push('\n');
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
    out
}

/// The `token=` value of the link in a message.
pub fn link_token(message: &str) -> Option<String> {
    let text = decoded(message);
    let at = text.find("token=")?;
    let token: String = text[at + 6..]
        .chars()
        .take_while(|c| c.is_ascii_hexdigit())
        .collect();
    (token.len() == 64).then_some(token)
}

pub const TEST_SECRET: &str = "test secret of at least thirty-two bytes!";

/// A fresh directory for attachments, removed with the OS's temp files.
pub fn files_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("veedor-files-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).expect("files dir");
    dir
}

/// The shipped workflow, routing and categories (the config files are the built-in copies).
pub fn engine(files: &std::path::Path) -> veedor::workflow::Engine {
    veedor::workflow::Engine::load(
        std::path::Path::new("/nonexistent"),
        TEST_SECRET.as_bytes(),
        files.to_path_buf(),
        "http://veedor.test".into(),
    )
    .expect("engine")
}

/// Application state for in-process HTTP tests.
pub fn app_state(db: &TestDb) -> veedor::http::AppState {
    let settings = veedor::config::Settings::load_from(std::path::Path::new("/nonexistent"), None)
        .expect("settings");
    veedor::http::AppState {
        pool: db.pool(),
        accounts: veedor::accounts::AccountSettings {
            signer: veedor::accounts::tokens::Signer::new(TEST_SECRET.as_bytes(), 900),
            base_url: "http://veedor.test".into(),
            refresh_days: 30,
            verify_hours: 48,
            reset_hours: 2,
            invite_hours: 168,
        },
        settings: std::sync::Arc::new(settings),
        engine: std::sync::Arc::new(engine(&files_dir())),
    }
}

/// The password of every persona the tests create.
pub const PASSWORD: &str = "correct horse battery staple";

/// The signed-in person behind account `id`, with their memberships.
pub fn user(db: &TestDb, id: &str) -> veedor::accounts::CurrentUser {
    use diesel::prelude::*;
    let mut conn = db.conn();
    let email: String = veedor::db::schema::users::table
        .find(id)
        .select(veedor::db::schema::users::email)
        .first(&mut conn)
        .expect("user");
    veedor::accounts::CurrentUser {
        id: id.to_owned(),
        email,
        memberships: veedor::accounts::memberships_of(&mut conn, id).expect("memberships"),
    }
}

/// An access token for `email` (signed in with [`PASSWORD`]).
pub fn token(state: &veedor::http::AppState, db: &TestDb, email: &str) -> String {
    let mut conn = db.conn();
    veedor::accounts::login(&mut conn, &state.accounts, email, PASSWORD)
        .expect("login")
        .access_token
}

pub fn bearer(t: &str) -> (&'static str, String) {
    ("Authorization", format!("Bearer {t}"))
}

#[derive(diesel::QueryableByName)]
struct MailBody {
    #[diesel(sql_type = diesel::sql_types::Text)]
    body_text: String,
}

/// The text of the mail queued so far whose recipient matches the SQL `LIKE` pattern, oldest
/// first.
pub fn mail_to(db: &TestDb, recipient_like: &str) -> Vec<String> {
    use diesel::prelude::*;
    diesel::sql_query("SELECT body_text FROM outbox WHERE recipient LIKE $1 ORDER BY id")
        .bind::<diesel::sql_types::Text, _>(recipient_like)
        .load::<MailBody>(&mut db.conn())
        .expect("outbox")
        .into_iter()
        .map(|b| b.body_text)
        .collect()
}
