//! The `veedor` binary as operators use it: generate, import from stdin, the summary, exit codes.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::TestDb;

fn veedor(db: &TestDb) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_veedor"));
    cmd.env("VEEDOR_DATABASE_URL", &db.url_text)
        .env("VEEDOR_CONFIG_DIR", "/nonexistent")
        .env_remove("VEEDOR_ENV");
    cmd
}

#[test]
fn generate_then_import_from_stdin() {
    let db = TestDb::new();
    let generated = veedor(&db)
        .args(["generate", "--processes", "30", "--seed", "5"])
        .output()
        .unwrap();
    assert!(generated.status.success());
    let mut import = veedor(&db)
        .args(["import", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(&generated.stdout)
        .unwrap();
    let output = import.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["ocids_compiled"], 30);
    assert_eq!(report["error_count"], 0);
    assert!(report["releases_read"].as_u64().unwrap() >= 30);

    // Bad input: reported in the human summary with file and position, exit status 2.
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"ocid\":\"x\"}\n").unwrap();
    let output = veedor(&db).arg("import").arg(&bad).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("errors: 1") && text.contains("bad.jsonl at line 1"),
        "{text}"
    );
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_key() {
    let db = TestDb::new();
    let output = veedor(&db)
        .arg("migrate")
        .env("VEEDOR_BIND", "nowhere")
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("server.bind"));
    let output = veedor(&db).arg("migrate").output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn user_and_organization_commands() {
    let db = TestDb::new();
    let run = |args: &[&str]| {
        let o = veedor(&db).args(args).output().unwrap();
        (
            o.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            ),
        )
    };
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "admin@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "admin",
    ]);
    assert!(ok, "{out}");
    // An officer needs an agency that exists; a moderator a civil-society organization.
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "o@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "officer",
        "--org",
        "XX-1",
    ]);
    assert!(!ok && out.contains("no agency"), "{out}");
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "m@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "moderator",
    ]);
    assert!(!ok && out.contains("org"), "{out}");
    let (ok, out) = run(&["cso", "create", "--id", "watchdog", "--name", "Watchdog"]);
    assert!(ok, "{out}");
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "m@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "moderator",
        "--org",
        "watchdog",
    ]);
    assert!(ok, "{out}");
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "m@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "oversight",
        "--org",
        "audit-office",
    ]);
    assert!(ok, "{out}");
    let (ok, out) = run(&["user", "memberships", "--email", "m@example.org"]);
    assert!(
        ok && out.contains("moderator in watchdog") && out.contains("oversight in audit-office"),
        "{out}"
    );
    let (ok, out) = run(&[
        "user",
        "remove-membership",
        "--email",
        "m@example.org",
        "--role",
        "moderator",
        "--org",
        "watchdog",
    ]);
    assert!(ok, "{out}");
    let (ok, out) = run(&[
        "user",
        "create",
        "--email",
        "k@example.org",
        "--password",
        "a long passphrase",
        "--role",
        "king",
    ]);
    assert!(!ok && out.contains("unknown role"), "{out}");
}

#[test]
fn serve_refuses_a_broken_workflow_naming_the_line() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../config/workflow.toml"
    ))
    .unwrap();
    let broken = shipped.replacen("to = \"routed\"", "to = \"routd\"", 1);
    let line = broken.lines().position(|l| l.contains("routd")).unwrap() + 1;
    std::fs::write(dir.path().join("workflow.toml"), broken).unwrap();
    let stderr = serve_refuses(&db, dir.path());
    assert!(
        stderr.contains(&format!("workflow.toml:{line}: unknown state \"routd\"")),
        "{stderr}"
    );
}

/// One HTTP/1.1 exchange on a fresh connection: the status and the whole answer.
fn http(port: u16, request: &str) -> (u16, String) {
    use std::io::Read;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    let _ = stream.read_to_string(&mut out);
    let status = out
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, out)
}

fn body_of(answer: &str) -> &str {
    answer.split("\r\n\r\n").nth(1).unwrap_or_default()
}

/// The value of cookie `name` set in an answer.
fn set_cookie(answer: &str, name: &str) -> String {
    answer
        .lines()
        .filter_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or_else(|| l.strip_prefix("Set-Cookie: "))
        })
        .find_map(|c| c.strip_prefix(&format!("{name}=")))
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_owned()
}

/// The CSRF token of the first form of a page.
fn form_csrf(page: &str) -> String {
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned()
}

fn kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The server's memory while signed-in people send oversized bodies: each body is cut off at
/// its limit, so three at once stay within a fixed budget whatever they send (before the bounded
/// reader, one 187 MB request took the server from 73 to 492 MB).
#[test]
fn three_oversized_requests_keep_the_server_within_its_memory_budget() {
    const BUDGET_MB: u64 = 160;
    const SENT_MB: usize = 200;
    let db = TestDb::new();
    let data = tempfile::tempdir().unwrap();
    let process = data.path().join("process.json");
    std::fs::write(
        &process,
        r#"{"ocid":"ocds-x","id":"1","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{"title":"Puente"}}"#,
    )
    .unwrap();
    assert!(veedor(&db)
        .arg("import")
        .arg(&process)
        .output()
        .unwrap()
        .status
        .success());
    let made = veedor(&db)
        .args(["user", "create", "--email", "ana@example.org", "--password"])
        .arg("correct horse battery staple")
        .args(["--role", "citizen"])
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let port = common::free_port();
    let mut server = veedor(&db)
        .arg("serve")
        .env("VEEDOR_BIND", format!("127.0.0.1:{port}"))
        .env("VEEDOR_DATA_DIR", data.path())
        .env("VEEDOR_SERVER__WORKERS", "2")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let up = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(100));
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    assert!(up, "the server started");
    let login = r#"{"email":"ana@example.org","password":"correct horse battery staple"}"#;
    let (status, body) = http(
        port,
        &format!(
            "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{login}",
            login.len()
        ),
    );
    assert_eq!(status, 200, "{body}");
    let token = serde_json::from_str::<serde_json::Value>(body_of(&body)).unwrap()["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A browser session too, for the filing page: sign in, then the session's form token.
    let (_, page) = http(
        port,
        "GET /signin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let (form_cookie, form_token) = (set_cookie(&page, "veedor_form"), form_csrf(&page));
    let signin =
        format!("email=ana%40example.org&password=correct+horse+battery+staple&csrf={form_token}");
    let (status, answer) = http(
        port,
        &format!(
            "POST /signin HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: veedor_form={form_cookie}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{signin}",
            signin.len()
        ),
    );
    assert_eq!(status, 303, "{answer}");
    let session = set_cookie(&answer, "veedor_session");
    let (_, account) = http(
        port,
        &format!("GET /account HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: veedor_session={session}\r\n\r\n"),
    );
    let csrf = form_csrf(&account);
    assert!(!csrf.is_empty(), "{account}");
    let status_file = format!("/proc/{}/status", server.id());
    let before = kib(&std::fs::read_to_string(&status_file).unwrap(), "VmHWM:");

    // Three clients stream 200 MB each without declaring a length, until the server stops
    // reading: the filing page with text parts (the probe's attack), the API with text parts,
    // the API with 9 MB files.
    let senders: Vec<_> = (0..3)
        .map(|n| {
            let (token, session, csrf) = (token.clone(), session.clone(), csrf.clone());
            std::thread::spawn(move || {
                use std::io::Read;
                let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
                // A server that stops reading must answer and close, not leave us waiting.
                let limit = Some(std::time::Duration::from_secs(60));
                stream.set_write_timeout(limit).unwrap();
                stream.set_read_timeout(limit).unwrap();
                let (target, who) = if n == 2 {
                    ("/processes/ocds-x/give".to_owned(), format!("Cookie: veedor_session={session}"))
                } else {
                    ("/api/v1/processes/ocds-x/feedback".to_owned(), format!("Authorization: Bearer {token}"))
                };
                let head = format!(
                    "POST {target} HTTP/1.1\r\nHost: x\r\n{who}\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                );
                stream.write_all(head.as_bytes()).unwrap();
                let mut chunk = |bytes: &[u8]| {
                    let mut framed = format!("{:x}\r\n", bytes.len()).into_bytes();
                    framed.extend_from_slice(bytes);
                    framed.extend_from_slice(b"\r\n");
                    stream.write_all(&framed).is_ok()
                };
                if n == 2 {
                    let first = format!("--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n");
                    chunk(first.as_bytes());
                }
                let (filler, per_part) = match n {
                    1 => (vec![b'a'; 1 << 20], 9),
                    _ => (vec![b'a'; 60 << 10], 1),
                };
                let mut sent = 0;
                'parts: while sent < SENT_MB << 20 {
                    let part = match n {
                        0 => "--b\r\nContent-Disposition: form-data; name=\"feedback\"\r\n\r\n",
                        1 => "--b\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"x.jpg\"\r\n\r\n",
                        _ => "--b\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\n",
                    };
                    if !chunk(part.as_bytes()) {
                        break;
                    }
                    for _ in 0..per_part {
                        if !chunk(&filler) {
                            break 'parts;
                        }
                        sent += filler.len();
                    }
                    if !chunk(b"\r\n") {
                        break;
                    }
                }
                let _ = chunk(b"");
                let mut answer = String::new();
                let _ = stream.read_to_string(&mut answer);
                answer.split_whitespace().nth(1).map(str::to_owned)
            })
        })
        .collect();
    let answers: Vec<Option<String>> = senders.into_iter().map(|s| s.join().unwrap()).collect();
    let after = kib(&std::fs::read_to_string(&status_file).unwrap(), "VmHWM:");
    let (health, _) = http(
        port,
        "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    let _ = server.kill();
    let _ = server.wait();
    let grew_mb = after.saturating_sub(before) / 1024;
    eprintln!(
        "peak memory {} MB before, {} MB after three {SENT_MB} MB requests (+{grew_mb} MB); answers {answers:?}",
        before / 1024,
        after / 1024
    );
    assert_eq!(health, 200, "the server still answers");
    assert!(
        answers.iter().flatten().all(|s| s == "413"),
        "what answered, refused the body: {answers:?}"
    );
    assert!(grew_mb < BUDGET_MB, "peak grew by {grew_mb} MB");
}

/// The README's first command: the demo data set is generated, imported and walked through the
/// loop with the shipped configuration (every state reached, every persona acting).
#[test]
fn the_demo_seeds_the_whole_loop() {
    let db = TestDb::new();
    let generated = veedor(&db)
        .args(["generate", "--processes", "80", "--seed", "7"])
        .output()
        .unwrap();
    let mut import = veedor(&db)
        .args(["import", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    import
        .stdin
        .take()
        .unwrap()
        .write_all(&generated.stdout)
        .unwrap();
    assert!(import.wait().unwrap().success());
    let engine = common::engine(&common::files_dir());
    let mut conn = db.conn();
    let filed = veedor::demo::seed(&mut conn, &engine, 60, chrono::Utc::now().naive_utc())
        .expect("the demo seeds");
    assert_eq!(
        filed, 62,
        "60 items, and two neighbours' complaints on one process"
    );
    use diesel::prelude::*;
    // Three people complained about one process: the redress loop's own indicator says so.
    veedor::risk::job::recompute(&mut conn, &engine.indicators, &engine.workflow).unwrap();
    let several: i64 = veedor::db::schema::risk_flags::table
        .filter(veedor::db::schema::risk_flags::code.eq("V004"))
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(several, 1);
    let states: Vec<String> = veedor::db::schema::feedback_items::table
        .select(veedor::db::schema::feedback_items::state)
        .distinct()
        .load(&mut conn)
        .unwrap();
    for state in ["triage", "answered", "closed"] {
        assert!(states.iter().any(|s| s == state), "{state} in {states:?}");
    }
}

#[test]
fn serve_refuses_broken_oversight_bodies_naming_the_file() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("oversight.toml"),
        "[[body]]\nid = \"audit\"\nname = \"Audit\"\nemail = \"a@example.org\"\nattach = \"some\"\n",
    )
    .unwrap();
    let stderr = serve_refuses(&db, dir.path());
    assert!(
        stderr.contains("oversight.toml") && stderr.contains("`attach` can only be \"all\""),
        "{stderr}"
    );
}

/// Pseudonyms keep their own secret: rotating the sign-in key renames nobody, and a
/// deployment from before keeps the pseudonyms its token secret made.
#[test]
fn pseudonyms_survive_a_sign_in_key_rotation() {
    let data = tempfile::tempdir().unwrap();
    let settings = |jwt: &str| {
        let mut s = veedor::config::Settings::load_from(std::path::Path::new("/nonexistent"), None)
            .unwrap();
        s.data.dir = data.path().to_path_buf();
        s.auth.jwt_secret = jwt.to_owned();
        s
    };
    // A deployment from before: its token secret was kept in the data directory.
    let old = settings("");
    let kept = old.jwt_secret().unwrap();
    let first = old.pseudonym_secret().unwrap();
    assert_eq!(first, kept, "inherited, so existing pseudonyms stay");
    // The sign-in key is rotated (now configured): pseudonyms keep their secret.
    let rotated = settings("a brand new signing secret of 32+ bytes!!");
    assert_eq!(rotated.pseudonym_secret().unwrap(), first);
    assert_ne!(rotated.jwt_secret().unwrap(), kept);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(data.path().join("pseudonym-secret"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

/// Where evidence files go is checked at start-up: an S3 store without a bucket, or in a build
/// without S3 support, stops `serve` saying what to do.
#[test]
fn serve_checks_where_evidence_files_go() {
    let db = TestDb::new();
    let no_bucket = veedor(&db)
        .arg("serve")
        .env("VEEDOR_BIND", "127.0.0.1:0")
        .env("VEEDOR_FILES__STORE", "s3")
        .output()
        .unwrap();
    assert!(!no_bucket.status.success());
    assert!(String::from_utf8_lossy(&no_bucket.stderr).contains("files.s3_bucket"));
    if cfg!(not(feature = "s3")) {
        let unsupported = veedor(&db)
            .arg("serve")
            .env("VEEDOR_BIND", "127.0.0.1:0")
            .env("VEEDOR_FILES__STORE", "s3")
            .env("VEEDOR_FILES__S3_BUCKET", "evidence")
            .output()
            .unwrap();
        assert!(!unsupported.status.success());
        assert!(
            String::from_utf8_lossy(&unsupported.stderr).contains("--features s3"),
            "{}",
            String::from_utf8_lossy(&unsupported.stderr)
        );
    }
}

#[test]
fn serve_refuses_broken_indicator_settings_naming_the_line() {
    let db = TestDb::new();
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../config")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    std::fs::write(
        dir.path().join("indicators.toml"),
        "[R003]\nthreshold = 15\n\n[R025]\npercentil = 75\n",
    )
    .unwrap();
    let stderr = serve_refuses(&db, dir.path());
    assert!(
        stderr.contains("indicators.toml")
            && stderr.contains("line 5")
            && stderr.contains("percentil"),
        "{stderr}"
    );
}

/// What `serve` says when it refuses to start with the configuration in `config`.
fn serve_refuses(db: &TestDb, config: &std::path::Path) -> String {
    let output = veedor(db)
        .arg("serve")
        .env("VEEDOR_CONFIG_DIR", config)
        .env("VEEDOR_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success(), "serve started");
    String::from_utf8_lossy(&output.stderr).into_owned()
}
