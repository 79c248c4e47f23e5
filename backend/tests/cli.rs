//! The `veedor` binary as operators use it: generate, import from stdin, the summary, exit codes.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

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
    let output = veedor(&db)
        .arg("serve")
        .env("VEEDOR_CONFIG_DIR", dir.path())
        .env("VEEDOR_BIND", "127.0.0.1:0")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("workflow.toml:{line}: unknown state \"routd\"")),
        "{stderr}"
    );
}
