//! `veedor sync` against a publisher of our own on loopback: an actix server that pages a set of
//! releases by `links.next`, by date window, and as one gzipped bulk file, and that misbehaves
//! on request (429 with `Retry-After`, 500s, a slow answer, a truncated gzip page, broken JSON).
//! Its releases are the shared publishers' (Paraguay's and Mexico City's release files) when
//! `../shared` is there, generated ones otherwise, so these tests always run.

use crate::common;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};
use chrono::{DateTime, NaiveDateTime, Utc};
use common::TestDb;
use diesel::prelude::*;
use serde_json::{json, Value};
use veedor::db::DbConnection;
use veedor::ocds::import::{canonical_digest, ImportOptions, Input};
use veedor::ocds::reader::{Incoming, Issue, Sink, SinkStop, VersionPolicy};
use veedor::sync::sources::{self, Source};
use veedor::sync::{self as sync, state, SyncOptions};

/// What the publisher does wrong on the next request for a page.
#[derive(Debug, Clone)]
enum Fault {
    /// Another instance takes the source over (its lease) while this page is asked for.
    TakeOver(String),
    TooMany {
        retry_after: u64,
    },
    ServerError,
    Slow(Duration),
    TruncatedGzip,
    BrokenJson,
}

#[derive(Default)]
struct Publisher {
    releases: Vec<Value>,
    page_size: usize,
    /// Faults by page key (`p3`, `w2024-01-08…`): popped one per request.
    faults: HashMap<String, VecDeque<Fault>>,
    /// Every request: path and query, User-Agent, when.
    log: Vec<(String, String, Instant)>,
    etag: u64,
}

type Shared = Arc<Mutex<Publisher>>;

fn package(base: &str, releases: &[Value], next: Option<String>) -> Value {
    let mut package = json!({
        "uri": base,
        "version": "1.1",
        "publishedDate": "2026-01-01T00:00:00Z",
        "publisher": {"name": "Loopback publisher"},
        "releases": releases,
    });
    if let Some(next) = next {
        package["links"] = json!({ "next": next });
    }
    package
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    out.write_all(bytes).expect("gzip");
    out.finish().expect("gzip")
}

/// What another instance does when the lease it waited for has run out: takes the source.
fn take_over(url: &str) {
    use diesel::prelude::*;
    use veedor::db::schema::sync_sources;
    let mut conn = veedor::db::DatabaseUrl::parse(url)
        .expect("url")
        .connect()
        .expect("connect");
    let update = diesel::update(sync_sources::table.find("loopback"))
        .set(sync_sources::lease_holder.eq("another instance"));
    match &mut conn {
        DbConnection::Sqlite(c) => update.execute(c),
        DbConnection::Postgresql(c) => update.execute(c),
    }
    .expect("take over");
}

/// Answers a page, or its fault.
fn answer(state: &Shared, key: &str, body: Value) -> HttpResponse {
    let fault = state
        .lock()
        .unwrap()
        .faults
        .get_mut(key)
        .and_then(VecDeque::pop_front);
    let text = body.to_string();
    match fault {
        Some(Fault::TakeOver(url)) => {
            take_over(&url);
            HttpResponse::Ok()
                .content_type("application/json")
                .body(text)
        }
        None => HttpResponse::Ok()
            .content_type("application/json")
            .body(text),
        Some(Fault::TooMany { retry_after }) => HttpResponse::TooManyRequests()
            .insert_header(("Retry-After", retry_after.to_string()))
            .finish(),
        Some(Fault::ServerError) => HttpResponse::InternalServerError().finish(),
        Some(Fault::Slow(wait)) => {
            std::thread::sleep(wait);
            HttpResponse::Ok()
                .content_type("application/json")
                .body(text)
        }
        Some(Fault::TruncatedGzip) => {
            let zipped = gzip(text.as_bytes());
            HttpResponse::Ok()
                .content_type("application/gzip")
                .body(zipped[..zipped.len() / 2].to_vec())
        }
        Some(Fault::BrokenJson) => HttpResponse::Ok()
            .content_type("application/json")
            .body(text[..text.len() / 2].to_owned()),
    }
}

fn record(state: &Shared, req: &HttpRequest) {
    let agent = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let path = match req.query_string() {
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    state
        .lock()
        .unwrap()
        .log
        .push((path, agent, Instant::now()));
}

fn base(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("http://{}", info.host())
}

async fn pages(state: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    record(&state, &req);
    let query: HashMap<String, String> =
        web::Query::<HashMap<String, String>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let (slice, more) = {
        let p = state.lock().unwrap();
        let start = (page - 1) * p.page_size;
        let end = (start + p.page_size).min(p.releases.len());
        (
            p.releases.get(start..end).unwrap_or_default().to_vec(),
            end < p.releases.len(),
        )
    };
    let next = more.then(|| format!("{}/releases?page={}", base(&req), page + 1));
    let body = package(&format!("{}{}", base(&req), req.path()), &slice, next);
    answer(&state, &format!("p{page}"), body)
}

fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

async fn windows(state: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    record(&state, &req);
    let query: HashMap<String, String> =
        web::Query::<HashMap<String, String>>::from_query(req.query_string())
            .map(|q| q.into_inner())
            .unwrap_or_default();
    let (Some(from), Some(to)) = (
        query.get("from").and_then(|t| parse_time(t)),
        query.get("to").and_then(|t| parse_time(t)),
    ) else {
        return HttpResponse::BadRequest().body("from and to, RFC 3339");
    };
    let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let (slice, more) = {
        let p = state.lock().unwrap();
        let inside: Vec<&Value> = p
            .releases
            .iter()
            .filter(|r| {
                r["date"]
                    .as_str()
                    .and_then(parse_time)
                    .is_some_and(|d| d >= from && d < to)
            })
            .collect();
        let start = (page - 1) * p.page_size;
        let end = (start + p.page_size).min(inside.len());
        (
            inside
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|v| (*v).clone())
                .collect::<Vec<_>>(),
            end < inside.len(),
        )
    };
    let next = more.then(|| {
        format!(
            "{}/window?from={}&to={}&page={}",
            base(&req),
            query["from"],
            query["to"],
            page + 1
        )
    });
    let body = package(&format!("{}{}", base(&req), req.path()), &slice, next);
    answer(&state, &format!("w{}", query["from"]), body)
}

async fn bulk(state: web::Data<Shared>, req: HttpRequest) -> HttpResponse {
    record(&state, &req);
    let (lines, etag) = {
        let p = state.lock().unwrap();
        let mut lines = String::new();
        for r in &p.releases {
            lines.push_str(&r.to_string());
            lines.push('\n');
        }
        (lines, format!("\"v{}\"", p.etag))
    };
    let asked = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok());
    if asked == Some(etag.as_str()) {
        return HttpResponse::NotModified().finish();
    }
    let fault = state
        .lock()
        .unwrap()
        .faults
        .get_mut("bulk")
        .and_then(VecDeque::pop_front);
    let zipped = gzip(lines.as_bytes());
    let body = match fault {
        Some(Fault::TruncatedGzip) => zipped[..zipped.len() / 2].to_vec(),
        _ => zipped,
    };
    HttpResponse::Ok()
        .insert_header(("ETag", etag))
        .content_type("application/gzip")
        .body(body)
}

/// The publisher, serving on a free loopback port from its own thread.
struct Server {
    base: String,
    state: Shared,
    handle: actix_web::dev::ServerHandle,
}

impl Server {
    fn start(releases: Vec<Value>, page_size: usize) -> Server {
        let state: Shared = Arc::new(Mutex::new(Publisher {
            releases,
            page_size,
            ..Publisher::default()
        }));
        let (tx, rx) = std::sync::mpsc::channel();
        let shared = state.clone();
        std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let server = HttpServer::new(move || {
                    App::new()
                        .app_data(web::Data::new(shared.clone()))
                        .route("/releases", web::get().to(pages))
                        .route("/window", web::get().to(windows))
                        .route("/bulk.jsonl.gz", web::get().to(bulk))
                })
                .workers(2)
                .bind(("127.0.0.1", 0))
                .expect("bind");
                let port = server.addrs()[0].port();
                let server = server.run();
                tx.send((port, server.handle())).expect("send");
                server.await.expect("publisher");
            });
        });
        let (port, handle) = rx.recv().expect("publisher started");
        Server {
            base: format!("http://127.0.0.1:{port}"),
            state,
            handle,
        }
    }

    fn fault(&self, key: &str, faults: &[Fault]) {
        self.state
            .lock()
            .unwrap()
            .faults
            .entry(key.to_owned())
            .or_default()
            .extend(faults.iter().cloned());
    }

    fn requests(&self) -> Vec<(String, String, Instant)> {
        self.state.lock().unwrap().log.clone()
    }

    fn clear_log(&self) {
        self.state.lock().unwrap().log.clear();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
    }
}

#[derive(Default)]
struct Collect(Vec<Incoming>);

impl Sink for Collect {
    fn release(&mut self, r: Incoming) -> Result<(), SinkStop> {
        self.0.push(r);
        Ok(())
    }
    fn issue(&mut self, _: Issue) {}
}

/// The publisher's releases, in date order, and the same as a JSON Lines file to import.
fn releases(dir: &std::path::Path) -> (Vec<Value>, PathBuf) {
    let mut found = Collect::default();
    match common::shared_data() {
        Some(shared) => {
            for publisher in ["paraguay-dncp", "mexico-cdmx"] {
                let folder = shared.join("ocds").join(publisher).join("releases");
                let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
                    .expect("releases")
                    .filter_map(|e| e.ok().map(|e| e.path()))
                    .collect();
                files.sort();
                for file in files {
                    let reader = std::fs::File::open(&file).expect("open");
                    veedor::ocds::reader::read_input(
                        "shared",
                        reader,
                        &mut found,
                        VersionPolicy::default(),
                    );
                }
            }
        }
        None => {
            let mut lines = Vec::new();
            veedor::ocds::generate::generate(&mut lines, 40, 3).expect("generate");
            veedor::ocds::reader::read_input(
                "generated",
                std::io::Cursor::new(lines),
                &mut found,
                VersionPolicy::default(),
            );
        }
    }
    // One copy of each release (the shared folders hold some twice).
    let mut seen = std::collections::HashSet::new();
    let mut values: Vec<Value> = found
        .0
        .into_iter()
        .filter(|r| seen.insert((r.ocid.clone(), r.release_id.clone())))
        .map(|r| {
            let mut value: Value = serde_json::from_str(&r.raw).expect("the reader checked it");
            if let Value::Object(map) = &mut value {
                // The package says the version.
                map.remove("version");
            }
            value
        })
        .collect();
    values.sort_by(|a, b| a["date"].as_str().cmp(&b["date"].as_str()));
    let path = dir.join("publisher.jsonl");
    let mut file = std::fs::File::create(&path).expect("create");
    for v in &values {
        writeln!(file, "{v}").expect("write");
    }
    (values, path)
}

/// What the database holds, release by release, whatever the text's whitespace.
fn contents(conn: &mut DbConnection) -> BTreeMap<String, (i32, Vec<String>)> {
    use diesel::prelude::*;
    use veedor::db::schema::processes;
    let rows: Vec<(String, i32)> = match conn {
        DbConnection::Sqlite(c) => processes::table
            .select((processes::ocid, processes::release_count))
            .load(c)
            .expect("processes"),
        DbConnection::Postgresql(c) => processes::table
            .select((processes::ocid, processes::release_count))
            .load(c)
            .expect("processes"),
    };
    rows.into_iter()
        .map(|(ocid, count)| {
            let stored = veedor::ocds::store::releases_of(conn, &ocid)
                .expect("releases")
                .expect("some");
            let mut digests: Vec<String> = stored
                .texts()
                .expect("texts")
                .iter()
                .map(|t| canonical_digest(&serde_json::from_str(t.get()).expect("json")))
                .collect();
            digests.sort();
            (ocid, (count, digests))
        })
        .collect()
}

fn source(kind: &str, url: &str, extra: &str) -> Source {
    let text = format!(
        "[[source]]\nid = \"loopback\"\nkind = \"{kind}\"\nurl = \"{url}\"\nevery = \"1h\"\ntimeout = \"2s\"\npause = \"1ms\"\nretries = 3\n{extra}"
    );
    sources::parse("sources.toml", &text, std::path::Path::new("."))
        .expect("source")
        .remove(0)
}

fn options() -> SyncOptions {
    let mut options = SyncOptions::new(
        "https://veedor.example.org",
        ImportOptions {
            batch_releases: 7,
            ..ImportOptions::default()
        },
    );
    options.backoff = Duration::from_millis(10);
    options
}

fn imported(path: &std::path::Path) -> BTreeMap<String, (i32, Vec<String>)> {
    let db = TestDb::new();
    common::import(&db, &[Input::Path(path.to_owned())]);
    contents(&mut db.conn())
}

#[test]
fn next_link_sync_equals_import_then_reads_only_what_is_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, file) = releases(dir.path());
    let held_back = all.len() / 5;
    let first: Vec<Value> = all[..all.len() - held_back].to_vec();
    let server = Server::start(first, 10);
    let db = TestDb::new();
    let mut conn = db.conn();
    let src = source("next-link", &format!("{}/releases?page=1", server.base), "");

    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    let pages = (all.len() - held_back).div_ceil(10) as u64;
    assert_eq!(report.pages, pages);
    assert_eq!(report.import.new as usize, all.len() - held_back);
    for (_, agent, _) in server.requests() {
        assert!(
            agent.starts_with("Veedor/") && agent.contains("https://veedor.example.org"),
            "{agent}"
        );
    }

    // The publisher publishes more; the next sync reads the last page again and the new ones.
    server.state.lock().unwrap().releases = all.clone();
    server.clear_log();
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    assert_eq!(report.import.new as usize, held_back, "{}", report.render());
    let new_pages = all.len().div_ceil(10) as u64 - pages + 1;
    assert_eq!(server.requests().len() as u64, new_pages);
    assert_eq!(contents(&mut conn), imported(&file));

    // Nothing new: one request, for the last page.
    server.clear_log();
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!((report.import.new, server.requests().len()), (0, 1));
    let state = state::get(&mut conn, "loopback")
        .expect("state")
        .expect("row");
    assert_eq!(state.last_outcome.as_deref(), Some("ok"));
    assert!(state.next_run_at.is_some() && state.lease_holder.is_none());
}

#[test]
fn a_sync_killed_anywhere_resumes_to_the_same_result() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, file) = releases(dir.path());
    let expected = imported(&file);
    let server = Server::start(all.clone(), 10);
    let src = source("next-link", &format!("{}/releases?page=1", server.base), "");
    let pages = all.len().div_ceil(10) as u64;

    // Killed after reading the k-th page of each run, before committing it.
    let db = TestDb::new();
    let mut conn = db.conn();
    let mut k = 1;
    loop {
        let mut opts = options();
        opts.stop_after_pages = Some(k);
        let report = sync::sync_source(&mut conn, &src, &opts).expect("sync");
        assert_ne!(report.outcome, "failed", "{}", report.render());
        if report.pages < k {
            break;
        }
        k += 1;
        assert!(k <= pages + 1, "no progress");
    }
    assert_eq!(contents(&mut conn), expected, "killed after pages");

    // Killed right after the k-th write transaction of each run, one batch in each (so
    // every batch's end is a place to be killed).
    let db = TestDb::new();
    let mut conn = db.conn();
    for k in 1..=pages * 2 {
        let mut opts = options();
        opts.import.stop_after_commits = Some(k);
        opts.import.join_waiting_batches_for = Duration::ZERO;
        sync::sync_source(&mut conn, &src, &opts).expect("sync");
    }
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok");
    assert_eq!(report.import.new, 0, "{}", report.render());
    assert_eq!(contents(&mut conn), expected, "killed after commits");
}

#[test]
fn date_windows_are_followed_and_the_publisher_is_treated_well() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, file) = releases(dir.path());
    let first = all[0]["date"].as_str().and_then(parse_time).expect("date");
    let from = (first - chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let server = Server::start(all.clone(), 10);
    let window_from = |days: i64| {
        let start: NaiveDateTime = sources::parse_date(&from).expect("from");
        (start + chrono::Duration::days(days))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    // The first window: a 429 asking for a second, then a 500; the second window: a slow
    // answer (longer than the timeout), then a truncated gzip page, then broken JSON.
    server.fault(
        &format!("w{}", window_from(0)),
        &[Fault::TooMany { retry_after: 1 }, Fault::ServerError],
    );
    server.fault(
        &format!("w{}", window_from(120)),
        &[
            Fault::Slow(Duration::from_secs(3)),
            Fault::TruncatedGzip,
            Fault::BrokenJson,
        ],
    );
    let db = TestDb::new();
    let mut conn = db.conn();
    let src = source(
        "date-window",
        &format!("{}/window?from={{from}}&to={{to}}", server.base),
        &format!("window = \"120d\"\nfrom = \"{from}\"\n"),
    );
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    assert_eq!(contents(&mut conn), imported(&file));
    let log = server.requests();
    let first_window: Vec<&(String, String, Instant)> = log
        .iter()
        .filter(|(path, _, _)| {
            path.contains(&format!("from={}", window_from(0).replace(':', "%3A")))
        })
        .collect();
    assert!(first_window.len() >= 3, "{first_window:?}");
    assert!(
        first_window[1].2 - first_window[0].2 >= Duration::from_millis(950),
        "Retry-After honoured"
    );
    // Broken pages read again are warnings, not errors.
    assert_eq!(report.import.error_count, 0, "{}", report.render());

    // A window that stays broken stops the sync there, and its cursor stays before it.
    let db = TestDb::new();
    let mut conn = db.conn();
    server.fault(
        &format!("w{}", window_from(240)),
        &vec![Fault::BrokenJson; 10],
    );
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "failed");
    let error = report.error.clone().unwrap_or_default();
    assert!(
        error.contains("/window?from=") && error.contains("malformed JSON"),
        "{error}"
    );
    assert_eq!(
        report
            .cursor
            .as_ref()
            .and_then(|c| c["from"].as_str())
            .map(str::to_owned),
        Some(window_from(240))
    );
    // The operator says skip: the window is reported and skipped.
    let skipping = source(
        "date-window",
        &format!("{}/window?from={{from}}&to={{to}}", server.base),
        &format!("window = \"120d\"\nfrom = \"{from}\"\nskip_bad_pages = true\n"),
    );
    server.fault(
        &format!("w{}", window_from(240)),
        &vec![Fault::BrokenJson; 10],
    );
    let report = sync::sync_source(&mut conn, &skipping, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    assert!(
        report
            .import
            .errors
            .iter()
            .any(|i| i.reason.contains("skipped, as skip_bad_pages says")),
        "{}",
        report.render()
    );
    // A publisher that does not answer is never skipped: its window waits for the next run.
    let db = TestDb::new();
    let mut conn = db.conn();
    server.fault(
        &format!("w{}", window_from(120)),
        &vec![Fault::ServerError; 10],
    );
    let report = sync::sync_source(&mut conn, &skipping, &options()).expect("sync");
    assert_eq!(report.outcome, "failed", "{}", report.render());
    assert!(report
        .error
        .as_deref()
        .unwrap_or_default()
        .contains("HTTP 500"));
    assert_eq!(
        report
            .cursor
            .as_ref()
            .and_then(|c| c["from"].as_str())
            .map(str::to_owned),
        Some(window_from(120))
    );
}

#[test]
fn a_bulk_file_is_read_again_only_when_it_changes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, file) = releases(dir.path());
    let server = Server::start(all.clone(), 10);
    server.fault("bulk", &[Fault::TruncatedGzip]);
    let db = TestDb::new();
    let mut conn = db.conn();
    let src = source("bulk-file", &format!("{}/bulk.jsonl.gz", server.base), "");
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    assert_eq!(contents(&mut conn), imported(&file));
    server.clear_log();
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!((report.outcome, report.pages), ("ok", 0));
    assert_eq!(server.requests().len(), 1, "one conditional request");
    server.state.lock().unwrap().etag += 1;
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(
        (
            report.pages,
            report.import.new,
            report.import.unchanged as usize
        ),
        (1, 0, all.len())
    );
}

#[test]
fn one_instance_at_a_time_syncs_a_source() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, _) = releases(dir.path());
    let server = Server::start(all.clone(), 10);
    let db = TestDb::new();
    let src = source("next-link", &format!("{}/releases?page=1", server.base), "");
    let mut conn = db.conn();

    // Another instance holds the source: this one leaves it alone.
    let now = Utc::now().naive_utc();
    state::ensure(&mut conn, &["loopback"]).expect("row");
    assert!(state::take(&mut conn, "loopback", "another instance", now)
        .expect("take")
        .is_some());
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(
        (report.outcome, report.pages),
        ("busy", 0),
        "{}",
        report.render()
    );
    assert!(server.requests().is_empty(), "not one request");
    let state = state::get(&mut conn, "loopback")
        .expect("state")
        .expect("row");
    assert_eq!(state.lease_holder.as_deref(), Some("another instance"));

    // Its lease runs out: this one takes over and syncs.
    let expired = diesel::update(veedor::db::schema::sync_sources::table.find("loopback"))
        .set(veedor::db::schema::sync_sources::lease_until.eq(now - chrono::Duration::minutes(1)));
    match &mut conn {
        DbConnection::Sqlite(c) => expired.execute(c),
        DbConnection::Postgresql(c) => expired.execute(c),
    }
    .expect("expire");
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "ok", "{}", report.render());
    assert_eq!(report.import.new as usize, all.len());

    // A holder whose lease is taken over while it reads stores nothing more: the other
    // instance takes the source while page 2 is asked for, so of a fresh start only page 1
    // is stored.
    let db = TestDb::new();
    let mut conn = db.conn();
    server.fault("p2", &[Fault::TakeOver(db.url_text.clone())]);
    let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
    assert_eq!(report.outcome, "failed");
    assert!(
        report
            .error
            .as_deref()
            .unwrap_or_default()
            .contains("took source loopback over"),
        "{:?}",
        report.error
    );
    // The reader may be a page ahead of the writer: at most page 1 was stored, whatever
    // committed before the take-over, and the cursor is no further than page 2.
    let stored: usize = contents(&mut conn).values().map(|(n, _)| *n as usize).sum();
    assert!(stored <= 10, "{stored} stored, page 1 at most");
    let state = state::get(&mut conn, "loopback")
        .expect("state")
        .expect("row");
    let cursor = state.cursor_value().unwrap_or_default();
    assert!(
        cursor.is_null()
            || cursor["next"]
                .as_str()
                .is_some_and(|n| n.ends_with("page=2")),
        "{cursor}"
    );
}

#[test]
fn a_backlog_longer_than_one_run_is_read_in_runs_that_follow_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (all, file) = releases(dir.path());
    let server = Server::start(all.clone(), 10);
    let db = TestDb::new();
    let mut conn = db.conn();
    let src = source(
        "next-link",
        &format!("{}/releases?page=1", server.base),
        "max_pages = 2\n",
    );
    let pages = all.len().div_ceil(10) as u64;
    let mut runs = 0;
    loop {
        let report = sync::sync_source(&mut conn, &src, &options()).expect("sync");
        assert_eq!(report.outcome, "ok", "{}", report.render());
        runs += 1;
        let state = state::get(&mut conn, "loopback")
            .expect("state")
            .expect("row");
        let due_now = state.next_run_at <= Some(Utc::now().naive_utc());
        if !due_now {
            break;
        }
        assert!(runs <= pages, "no progress");
    }
    assert_eq!(runs, pages.div_ceil(2));
    assert_eq!(contents(&mut conn), imported(&file));
}
