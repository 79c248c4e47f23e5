//! Importing OCDS data end to end, on whichever backend the test run uses.

use crate::common;

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use common::{import, path_input, TestDb};
use diesel::prelude::*;
use serde_json::Value;
use veedor::db::schema::{organizations, processes};
use veedor::ocds::import::Input;
use veedor::ocds::merge::json_equal;
use veedor::ocds::{records, store};

/// Distinct importable ocids in a folder, computed independently of the importer: whole-file
/// parses (Latin-1 decoded when not UTF-8), counting releases with an ocid, id and date, and
/// compiled releases of records that embed no release.
fn expected_ocids(dir: &Path) -> BTreeSet<String> {
    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes.clone())
            .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect())
    }
    fn is_release(v: &Value) -> bool {
        ["ocid", "id", "date"]
            .iter()
            .all(|k| v.get(k).is_some_and(|x| !x.is_null()))
    }
    fn walk(v: &Value, out: &mut BTreeSet<String>) {
        match v {
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(o) => {
                if let Some(records) = o.get("records").and_then(Value::as_array) {
                    records.iter().for_each(|r| walk(r, out));
                } else if let Some(rs) = o.get("releases").and_then(Value::as_array) {
                    let embedded: Vec<&Value> =
                        rs.iter().filter(|r| r.get("id").is_some()).collect();
                    for r in &embedded {
                        if is_release(r) {
                            out.insert(r["ocid"].as_str().unwrap().to_owned());
                        }
                    }
                    if embedded.is_empty() {
                        if let Some(c) = o.get("compiledRelease").filter(|c| is_release(c)) {
                            out.insert(c["ocid"].as_str().unwrap().to_owned());
                        }
                    }
                } else if is_release(v) {
                    out.insert(v["ocid"].as_str().unwrap().to_owned());
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            stack.extend(std::fs::read_dir(&p).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let content = text(std::fs::read(&p).unwrap());
        if p.extension().is_some_and(|e| e == "jsonl") {
            for line in content.lines().filter(|l| !l.trim().is_empty()) {
                walk(&serde_json::from_str(line).unwrap(), &mut out);
            }
        } else {
            walk(&serde_json::from_str(&content).unwrap(), &mut out);
        }
    }
    out
}

fn stored_ocids(db: &TestDb) -> BTreeSet<String> {
    processes::table
        .select(processes::ocid)
        .load::<String>(&mut db.conn())
        .unwrap()
        .into_iter()
        .collect()
}

#[test]
fn every_publisher_folder_imports_with_the_expected_processes() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let mut folders: Vec<_> = std::fs::read_dir(shared.join("ocds"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    assert!(folders.len() >= 10, "publisher folders: {folders:?}");
    for folder in folders {
        let db = TestDb::new();
        let report = import(&db, &[path_input(&folder)]);
        let expected = expected_ocids(&folder);
        assert_eq!(
            stored_ocids(&db),
            expected,
            "{}: {}",
            folder.display(),
            report.render()
        );
        assert!(report.ocids_compiled as usize >= expected.len());
        // Errors are only what the data really has: conflicting copies, linked-only records,
        // the OC4IDS project package. Nothing else.
        for issue in &report.errors {
            let known = issue.reason.contains("conflicting duplicate")
                || issue.reason.contains("linked release")
                || issue.reason.contains("OC4IDS");
            assert!(known, "{}: unexpected error {issue}", folder.display());
        }
        // Importing again changes nothing.
        let again = import(&db, &[path_input(&folder)]);
        assert_eq!(again.new, 0, "{}", folder.display());
        assert_eq!(again.ocids_compiled, 0);
        assert_eq!(again.unchanged + again.conflicting, again.releases_read);
    }
}

#[test]
fn latin1_and_utf8_twins_compile_to_the_same_record() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let packages = shared.join("ocds/mexico-cdmx/packages");
    let mut compiled = Vec::new();
    for file in [
        "release-package_encoding-iso-8859-1.json",
        "release-package_encoding-utf-8.json",
    ] {
        let db = TestDb::new();
        let report = import(&db, &[path_input(packages.join(file))]);
        assert_eq!(report.new, 3, "{}", report.render());
        let record = records::record(&mut db.conn(), "OCDS-87SD3T-SEFIN-DRM-AD-024-2016", false)
            .unwrap()
            .unwrap();
        compiled.push(record.compiled_release);
        if file.contains("8859") {
            assert!(report
                .warnings
                .iter()
                .any(|w| w.reason.contains("ISO-8859-1")));
        }
    }
    assert!(json_equal(&compiled[0], &compiled[1]));
    assert!(
        compiled[0].to_string().contains("ó"),
        "non-ASCII text survives transcoding"
    );
}

#[test]
fn releases_arriving_later_recompile_the_record() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let dir = shared.join("merge-fixtures/sample-data-fictional-1.1");
    let db = TestDb::new();
    let first: Vec<Input> = ["01-planning", "02-tender", "03-tenderAmendment"]
        .iter()
        .map(|s| path_input(dir.join(format!("ocds-213czf-000-00001-{s}.json"))))
        .collect();
    let report = import(&db, &first);
    assert_eq!((report.new, report.ocids_compiled), (3, 1));
    let rest: Vec<Input> = ["04-award", "05-contract", "06-implementation"]
        .iter()
        .map(|s| path_input(dir.join(format!("ocds-213czf-000-00001-{s}.json"))))
        .collect();
    let report = import(&db, &rest);
    assert_eq!(report.new, 3);
    let row = store::find_process(&mut db.conn(), "ocds-213czf-000-00001")
        .unwrap()
        .unwrap();
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("record/ocds-213czf-000-00001.json")).unwrap(),
    )
    .unwrap();
    let compiled = records::record(&mut db.conn(), "ocds-213czf-000-00001", false)
        .unwrap()
        .unwrap()
        .compiled_release;
    assert!(json_equal(
        &compiled,
        &expected["records"][0]["compiledRelease"]
    ));
    assert_eq!(row.release_count, 6);
    assert_eq!(row.stage, "implementation");
    // The search index follows the recompiled process: found once, under its current title.
    let word = row
        .title
        .clone()
        .unwrap()
        .split_whitespace()
        .last()
        .unwrap()
        .to_owned();
    let filter = veedor::ocds::search::ProcessFilter {
        q: Some(word.clone()),
        ..Default::default()
    };
    let found = veedor::ocds::search::search(&mut db.conn(), &filter, 1, 50).unwrap();
    assert_eq!(
        found
            .items
            .iter()
            .filter(|p| p.ocid == "ocds-213czf-000-00001")
            .count(),
        1,
        "{word}"
    );
    // The same releases again, as one package: all unchanged.
    let again = import(&db, &[path_input(dir.join("ocds-213czf-000-00001.json"))]);
    assert_eq!((again.new, again.unchanged, again.conflicting), (0, 6, 0));
}

fn write(dir: &Path, name: &str, content: &[u8]) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).unwrap();
    path
}

const R1: &str = r#"{"ocid":"ocds-t1-1","id":"r1","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"Puente peatonal en Ñemby","value":{"amount":100,"currency":"PYG"}},"buyer":{"name":"Municipalidad de Ñemby"}}"#;
const R2: &str = r#"{"ocid":"ocds-t1-1","id":"r2","date":"2024-02-01T00:00:00Z","tag":["award"],"awards":[{"id":"a1","status":"active","suppliers":[{"name":"Constructora Guaraní"}]}]}"#;
const R3: &str = r#"{"ocid":"ocds-t1-2","id":"r1","date":"2024-01-05T00:00:00Z","tag":["tender"],"tender":{"id":"t2","title":"Ремонт дороги"}}"#;

#[test]
fn bad_input_is_reported_with_position_and_the_rest_imports() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "a-good.jsonl",
        format!("{R1}\n{{broken\n{R2}\n").as_bytes(),
    );
    write(
        tmp.path(),
        "b-truncated.json",
        format!(r#"{{"version":"1.1","releases":[{R3},{{"ocid":"#).as_bytes(),
    );
    write(tmp.path(), "c-not-json.txt", b"ocid,id\nx,y\n");
    write(
        tmp.path(),
        "d-no-date.json",
        br#"{"ocid":"ocds-t1-3","id":"x"}"#,
    );
    let db = TestDb::new();
    let report = import(&db, &[path_input(tmp.path())]);
    assert_eq!(report.files, 4);
    assert_eq!(report.new, 3, "{}", report.render());
    assert_eq!(report.ocids_compiled, 2);
    let reasons: Vec<String> = report
        .errors
        .iter()
        .map(|i| format!("{} {}", i.position, i.reason))
        .collect();
    assert_eq!(report.error_count, 4, "{reasons:?}");
    assert!(
        reasons[0].starts_with("line 2 malformed JSON"),
        "{reasons:?}"
    );
    assert!(report.errors[0].source.ends_with("a-good.jsonl"));
    assert!(reasons[1].contains("malformed JSON"), "{reasons:?}");
    assert!(reasons[2].contains("not JSON"), "{reasons:?}");
    assert!(reasons[3].contains("no `date`"), "{reasons:?}");
    // A missing path is an issue too, not a crash.
    let report = import(&db, &[path_input(tmp.path().join("missing.json"))]);
    assert_eq!(report.error_count, 1);
    assert!(report.errors[0].reason.contains("cannot open"));
}

/// A process stored again keeps one entry in the search index, of its new words (SQLite's
/// index keys processes newest first: the old entry goes by its own key).
#[test]
fn a_process_stored_again_is_found_by_its_new_words_only() {
    use veedor::ocds::search::{search, ProcessFilter};
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let later = r#"{"ocid":"ocds-t1-1","id":"r9","date":"2024-03-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"id":"t","title":"Viaducto vehicular"}}"#;
    // The process, another one stored after it, then the process again.
    for (name, text) in [("a.json", R1), ("b.json", R3), ("c.json", later)] {
        let report = import(&db, &[path_input(write(tmp.path(), name, text.as_bytes()))]);
        assert_eq!(report.new, 1, "{}", report.render());
    }
    let find = |q: &str, value_min: Option<f64>| {
        let filter = ProcessFilter {
            q: Some(q.into()),
            value_min,
            ..Default::default()
        };
        let page = search(&mut db.conn(), &filter, 1, 10).unwrap();
        let ocids: Vec<String> = page.items.into_iter().map(|p| p.ocid).collect();
        (ocids, page.total)
    };
    let once = (vec!["ocds-t1-1".to_owned()], 1);
    let none = (Vec::new(), 0);
    assert_eq!(find("viaducto", None), once);
    assert_eq!(
        find("viaducto", Some(50.0)),
        once,
        "the compiled value stays"
    );
    assert_eq!(find("puente", None), none);
    assert_eq!(find("puente", Some(50.0)), none);
    assert_eq!(find("дороги", None).1, 1);
}

/// What an import writes to the search index (the words found where each process compiles,
/// by either thread, and the filters' words added by the writer) is what a rebuild from the
/// stored rows writes: SQLite's entries token for token, PostgreSQL's facets.
#[test]
fn an_import_indexes_processes_as_a_rebuild_does() {
    use diesel::connection::SimpleConnection;
    #[derive(QueryableByName, PartialEq, Debug)]
    struct Instance {
        #[diesel(sql_type = diesel::sql_types::Text)]
        term: String,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        doc: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        offset: i64,
    }
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    let generated = tmp.path().join("gen.jsonl");
    let mut file = std::fs::File::create(&generated).unwrap();
    veedor::ocds::generate::generate(&mut file, 60, 3).unwrap();
    drop(file);
    let later = r#"{"ocid":"ocds-t1-1","id":"r9","date":"2024-03-01T00:00:00Z","tag":["tenderUpdate"],"tender":{"id":"t","title":"Viaductos vehiculares"}}"#;
    // New processes, then one stored again (compiled by the writer with its stored releases).
    for input in [
        path_input(generated),
        path_input(write(tmp.path(), "r1.json", R1.as_bytes())),
        path_input(write(tmp.path(), "later.json", later.as_bytes())),
    ] {
        let report = import(&db, &[input]);
        assert_eq!(report.error_count, 0, "{}", report.render());
    }
    let mut conn = db.conn();
    let sqlite = matches!(conn, veedor::db::DbConnection::Sqlite(_));
    let snapshot = |conn: &mut veedor::db::DbConnection| -> Vec<(String, String)> {
        if sqlite {
            let rows: Vec<Instance> = diesel::sql_query(
                "SELECT term, doc, \"offset\" FROM temp.search_vocab ORDER BY doc, \"offset\", term",
            )
            .load(conn)
            .unwrap();
            rows.into_iter()
                .map(|i| (format!("{}/{}", i.doc, i.offset), i.term))
                .collect()
        } else {
            processes::table
                .select((processes::ocid, processes::facets))
                .order(processes::ocid)
                .load(conn)
                .unwrap()
        }
    };
    if sqlite {
        conn.batch_execute(
            "CREATE VIRTUAL TABLE temp.search_vocab USING fts5vocab(main, process_search, instance)",
        )
        .unwrap();
    }
    let imported = snapshot(&mut conn);
    assert!(imported.len() > 60, "{}", imported.len());
    if sqlite {
        // Words of the text (the one stored again: its new title), of the stage and of a date.
        for word in ["viaduct", "zzg", "zzdd"] {
            assert!(
                imported.iter().any(|(_, t)| t.starts_with(word)),
                "{word} is indexed"
            );
        }
    }
    conn.batch_execute("UPDATE search_index SET version = 0")
        .unwrap();
    veedor::db::migrate(&mut conn).unwrap();
    let rebuilt = snapshot(&mut conn);
    assert_eq!(imported.len(), rebuilt.len());
    assert!(
        imported == rebuilt,
        "the import's entries differ from a rebuild's"
    );
}

#[test]
fn conflicting_duplicates_keep_the_first_and_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let db = TestDb::new();
    import(
        &db,
        &[path_input(write(tmp.path(), "one.json", R1.as_bytes()))],
    );
    let changed = R1.replace("Puente peatonal", "Puente vehicular");
    let report = import(
        &db,
        &[path_input(write(
            tmp.path(),
            "two.json",
            changed.as_bytes(),
        ))],
    );
    assert_eq!((report.new, report.conflicting), (0, 1));
    assert!(report.errors[0].reason.contains("conflicting duplicate"));
    let stored = store::release_text(&mut db.conn(), "ocds-t1-1", "r1")
        .unwrap()
        .unwrap();
    assert_eq!(
        stored, R1,
        "the release is stored exactly as first published"
    );
    // Whitespace and key order do not make a release different.
    let reordered: Value = serde_json::from_str(R1).unwrap();
    let pretty = serde_json::to_string_pretty(&reordered).unwrap();
    let report = import(
        &db,
        &[path_input(write(
            tmp.path(),
            "three.json",
            pretty.as_bytes(),
        ))],
    );
    assert_eq!((report.unchanged, report.conflicting), (1, 0));
}

#[test]
fn gzip_inputs_and_organizations_are_indexed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(format!("{R1}\n{R2}\n{R3}\n").as_bytes())
        .unwrap();
    let path = write(tmp.path(), "stream.jsonl.gz", &gz.finish().unwrap());
    let db = TestDb::new();
    let report = import(&db, &[path_input(path)]);
    assert_eq!(
        (report.new, report.ocids_compiled),
        (3, 2),
        "{}",
        report.render()
    );
    let row = store::find_process(&mut db.conn(), "ocds-t1-1")
        .unwrap()
        .unwrap();
    assert_eq!(row.stage, "award");
    assert_eq!(row.title.as_deref(), Some("Puente peatonal en Ñemby"));
    assert_eq!(row.buyer_name.as_deref(), Some("Municipalidad de Ñemby"));
    assert!(row
        .buyer_id
        .as_deref()
        .is_some_and(|id| id.starts_with("name-")));
    let names: Vec<String> = organizations::table
        .select(organizations::name)
        .order(organizations::name)
        .load(&mut db.conn())
        .unwrap();
    assert_eq!(names, ["Constructora Guaraní", "Municipalidad de Ñemby"]);
}

/// A paged publisher API on loopback: page 1 names page 2 in `links.next`.
#[test]
fn urls_are_followed_through_links_next() {
    use std::io::{BufRead, BufReader};
    use std::net::TcpListener;
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let pages = [
        format!(r#"{{"version":"1.1","releases":[{R1}],"links":{{"next":"{base}/page/2"}}}}"#),
        format!(r#"{{"version":"1.1","releases":[{R2},{R3}],"links":{{}}}}"#),
    ];
    let server = std::thread::spawn(move || {
        for _ in 0..2 {
            let (mut stream, _) = listener.accept().unwrap();
            let mut request_line = String::new();
            BufReader::new(&stream)
                .read_line(&mut request_line)
                .unwrap();
            let body = if request_line.contains("/page/2") {
                &pages[1]
            } else {
                &pages[0]
            };
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            )
            .unwrap();
        }
    });
    let db = TestDb::new();
    let report = import(&db, &[Input::Url(format!("{base}/page/1"))]);
    server.join().unwrap();
    assert_eq!(
        (report.files, report.new, report.ocids_compiled),
        (2, 3, 2),
        "{}",
        report.render()
    );
}

/// Two importers writing to one database at once: both finish, nothing is lost (on SQLite the
/// second writer waits for the first instead of failing with `database is locked`).
#[test]
fn concurrent_importers_both_succeed() {
    let tmp = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for seed in [1u64, 2] {
        let path = tmp.path().join(format!("gen-{seed}.jsonl"));
        let mut file = std::fs::File::create(&path).unwrap();
        // Different seeds give different ocids only by chance; prefix them apart.
        let mut buf = Vec::new();
        veedor::ocds::generate::generate(&mut buf, 300, seed).unwrap();
        let text = String::from_utf8(buf)
            .unwrap()
            .replace("ocds-vdr0r1-", &format!("ocds-seed{seed}-"));
        file.write_all(text.as_bytes()).unwrap();
        paths.push(path);
    }
    let db = TestDb::new();
    let reports: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = paths
            .iter()
            .map(|p| {
                let db = &db;
                scope.spawn(move || {
                    let mut conn = db.conn();
                    let options = veedor::ocds::import::ImportOptions {
                        batch_releases: 50,
                        ..Default::default()
                    };
                    veedor::ocds::import::Importer::new(&mut conn, options)
                        .run(&[path_input(p)])
                        .expect("import")
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(reports
        .iter()
        .all(|r| r.error_count == 0 && r.ocids_compiled >= 300));
    assert_eq!(stored_ocids(&db).len(), 600);
}

/// On SQLite, batches already waiting when a transaction's batch is written join that
/// transaction (fewer commits, each copying the shared index pages into the log once). With one
/// release per batch and the writer held up in its first transaction (for less than the time a
/// transaction takes waiting batches), fewer transactions than batches commit, and every
/// release is still counted and stored once. PostgreSQL commits each batch on its own (its
/// process locks are ordered within a batch only).
#[test]
fn batches_ready_together_share_a_transaction_and_count_once() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("small-batches.jsonl");
    let mut buf = Vec::new();
    veedor::ocds::generate::generate(&mut buf, 30, 9).unwrap();
    std::fs::write(&path, &buf).unwrap();
    // Counted apart from the importer: the releases of each package line.
    let releases: u64 = String::from_utf8(buf)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let package: Value = serde_json::from_str(l).unwrap();
            package["releases"].as_array().map_or(1, Vec::len) as u64
        })
        .sum();
    let db = TestDb::new();
    let mut conn = db.conn();
    let sqlite = matches!(conn, veedor::db::DbConnection::Sqlite(_));
    let options = veedor::ocds::import::ImportOptions {
        batch_releases: 1,
        ..Default::default()
    };
    let mut first = true;
    let report = veedor::ocds::import::Importer::new(&mut conn, options)
        .run_feed(
            |feed| feed.inputs(&[path_input(&path)]),
            |_, _| {
                // Meanwhile the reader sends the next batch (well within the 200 ms a
                // transaction goes on taking waiting batches).
                if std::mem::take(&mut first) {
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Ok(())
            },
        )
        .expect("import");
    assert_eq!(report.error_count, 0, "{}", report.render());
    assert_eq!(report.releases_read, releases);
    assert_eq!(report.new, releases);
    let stored: i64 = processes::table
        .select(diesel::dsl::sum(processes::release_count))
        .first::<Option<i64>>(&mut db.conn())
        .unwrap()
        .unwrap_or(0);
    assert_eq!(stored as u64, releases);
    assert_eq!(stored_ocids(&db).len(), 30);
    if sqlite {
        assert!(
            report.transactions < releases,
            "{} transactions for {releases} batches",
            report.transactions
        );
    } else {
        assert_eq!(report.transactions, releases);
    }
}

/// Two importers writing releases of the same processes at once (a sync and an import run by
/// hand): every process ends with every release of both (on PostgreSQL each writer of a
/// process waits for the other; unguarded, the second wrote the process back without the
/// first one's releases).
#[test]
fn concurrent_importers_of_the_same_processes_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let mut buf = Vec::new();
    veedor::ocds::generate::generate(&mut buf, 200, 5).unwrap();
    let text = String::from_utf8(buf).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut halves = [String::new(), String::new()];
    for (i, line) in lines.iter().enumerate() {
        halves[i % 2].push_str(line);
        halves[i % 2].push('\n');
    }
    let paths: Vec<_> = halves
        .iter()
        .enumerate()
        .map(|(i, half)| {
            let path = tmp.path().join(format!("half-{i}.jsonl"));
            std::fs::write(&path, half).unwrap();
            path
        })
        .collect();
    let db = TestDb::new();
    std::thread::scope(|scope| {
        for p in &paths {
            let db = &db;
            scope.spawn(move || {
                let options = veedor::ocds::import::ImportOptions {
                    batch_releases: 20,
                    ..Default::default()
                };
                let report = veedor::ocds::import::Importer::new(&mut db.conn(), options)
                    .run(&[path_input(p)])
                    .expect("import");
                assert_eq!(report.error_count, 0, "{}", report.render());
            });
        }
    });
    let stored: i64 = processes::table
        .select(diesel::dsl::sum(processes::release_count))
        .first::<Option<i64>>(&mut db.conn())
        .unwrap()
        .unwrap_or(0);
    assert_eq!(stored as usize, lines.len());
}
