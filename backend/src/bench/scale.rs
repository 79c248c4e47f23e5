//! `veedor bench scale`: how every public read behaves as the data grows. Stages a database
//! with N generated processes and one feedback item on each (made by the engine on a few
//! templates, then copied in the engine's own shape onto every process, times spread over a
//! year), serves it, and measures each read at concurrency 1 (p50/p99, uncached and cached),
//! the cached home page while feedback is written through the engine once a second, and the
//! bulk downloads (first byte, rows/s). The same is done at a tenth of the size first, and
//! both are printed side by side.

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;

use super::pages::{measure, start, Load, Outcome};
use super::{complaint, stage, Stage};
use crate::config::Settings;
use crate::db::schema::{feedback_events, feedback_items, processes};
use crate::db::{self, DbConnection};
use crate::feedback::{Item, NewEvent};
use crate::http::AppState;
use crate::site::page_cache::PageCache;

/// The paths every item of a template went through after filing.
const TEMPLATES: &[&[&str]] = &[
    &[],
    &["accept"],
    &["accept", "acknowledge"],
    &["accept", "acknowledge", "answer"],
    &["accept", "answer", "satisfied"],
    &["reject"],
    &["accept", "answer"],
    &["accept", "acknowledge", "answer"],
];

/// Files one item per template on the staged process and walks it along its path; returns the
/// items with their events, the shape every copy takes.
fn templates(stage: &mut Stage) -> Result<Vec<(Item, Vec<NewEvent>)>, String> {
    let mut out = Vec::new();
    for path in TEMPLATES {
        let id = super::file_and_walk(stage, path)?;
        let item: Item = feedback_items::table
            .find(&id)
            .select(Item::as_select())
            .first(&mut stage.conn)
            .map_err(|e| e.to_string())?;
        let events: Vec<crate::feedback::Event> = feedback_events::table
            .filter(feedback_events::item_id.eq(&item.id))
            .order(feedback_events::seq)
            .select(crate::feedback::Event::as_select())
            .load(&mut stage.conn)
            .map_err(|e| e.to_string())?;
        let events = events
            .into_iter()
            .map(|e| NewEvent {
                item_id: e.item_id,
                seq: e.seq,
                transition: e.transition,
                from_state: e.from_state,
                to_state: e.to_state,
                actor_id: e.actor_id,
                role: e.role,
                organization_id: e.organization_id,
                comment: e.comment,
                details: e.details,
                created_at: e.created_at,
            })
            .collect();
        out.push((item, events));
    }
    Ok(out)
}

fn shift(at: Option<NaiveDateTime>, by: chrono::Duration) -> Option<NaiveDateTime> {
    at.map(|t| t + by)
}

/// Copies the templates onto every process but the staged one, a thousand processes at a
/// time: the item's agency becomes the copy's buyer, its times move back by up to a year.
fn copy_feedback(
    conn: &mut DbConnection,
    templates: &[(Item, Vec<NewEvent>)],
    staged_ocid: &str,
    processes_count: usize,
    items_count: usize,
) -> Result<usize, String> {
    let mut after = String::new();
    let mut copied = 0usize;
    // One item on every `stride`-th process when there are fewer items than processes.
    let stride = processes_count.div_ceil(items_count.max(1)).max(1);
    let mut seen = 0usize;
    loop {
        let page: Vec<(String, Option<String>)> = processes::table
            .filter(processes::ocid.gt(&after))
            .order(processes::ocid)
            .limit(1000)
            .select((processes::ocid, processes::buyer_id))
            .load(conn)
            .map_err(|e| e.to_string())?;
        let Some((last, _)) = page.last().filter(|_| copied < items_count) else {
            break;
        };
        after = last.clone();
        let mut items = Vec::with_capacity(page.len());
        let mut events = Vec::with_capacity(page.len() * 5);
        for (ocid, buyer) in page {
            seen += 1;
            if ocid == staged_ocid || !seen.is_multiple_of(stride) || copied >= items_count {
                continue;
            }
            let (template, template_events) = &templates[copied % templates.len()];
            // Spread over a year, newest last, so time windows and feeds have work to do.
            let back = chrono::Duration::seconds(
                (365 * 86_400) as i64 * (items_count - copied.min(items_count)) as i64
                    / items_count.max(1) as i64,
            );
            let by = -back;
            let mut item = template.clone();
            item.id = format!("scale-{copied:09}");
            item.ocid = ocid;
            if item.agency_id.is_some() {
                item.agency_id = buyer.clone().or(item.agency_id);
            }
            item.created_at += by;
            item.updated_at += by;
            item.due_at = shift(item.due_at, by);
            item.overdue_since = shift(item.overdue_since, by);
            item.routed_at = shift(item.routed_at, by);
            item.answered_at = shift(item.answered_at, by);
            for event in template_events {
                let mut event = event.clone();
                event.item_id = item.id.clone();
                event.created_at += by;
                if event.organization_id == template.agency_id && template.agency_id.is_some() {
                    event.organization_id = item.agency_id.clone();
                }
                events.push(event);
            }
            items.push(item);
            copied += 1;
        }
        // Each backend's batch insert (the multi-backend connection has none).
        macro_rules! insert {
            ($c:expr) => {{
                diesel::insert_into(feedback_items::table)
                    .values(&items)
                    .execute($c)?;
                for chunk in events.chunks(1000) {
                    diesel::insert_into(feedback_events::table)
                        .values(chunk)
                        .execute($c)?;
                }
            }};
        }
        db::write(conn, |c| {
            match c {
                DbConnection::Sqlite(c) => insert!(c),
                DbConnection::Postgresql(c) => insert!(c),
            }
            Ok::<_, diesel::result::Error>(())
        })
        .map_err(|e| e.to_string())?;
    }
    Ok(copied)
}

/// What a bulk download did: time to the first byte, in all, and the rows.
struct Download {
    first_byte: Duration,
    total: Duration,
    rows: usize,
}

/// Reads `path` to its end over one HTTP/1.0 connection (so the body comes unchunked),
/// counting its lines.
fn download(addr: SocketAddr, path: &str) -> Result<Download, String> {
    let mut stream = std::net::TcpStream::connect(addr).map_err(|e| e.to_string())?;
    let started = Instant::now();
    write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nUser-Agent: veedor-bench\r\n\r\n"
    )
    .map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; 256 * 1024];
    let mut first_byte = None;
    let mut lines = 0usize;
    let mut head_lines = 0usize;
    let mut head = Vec::new();
    loop {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        first_byte.get_or_insert_with(|| started.elapsed());
        if head_lines == 0 {
            head.extend_from_slice(&buf[..n.min(4096)]);
            if let Some(at) = head.windows(4).position(|w| w == b"\r\n\r\n") {
                head_lines = head[..at + 4].iter().filter(|b| **b == b'\n').count();
            }
        }
        lines += buf[..n].iter().filter(|b| **b == b'\n').count();
    }
    Ok(Download {
        first_byte: first_byte.unwrap_or_default(),
        total: started.elapsed(),
        // The head's lines are not rows (the CSV's header line is left in: near enough).
        rows: lines.saturating_sub(head_lines),
    })
}

/// One read's figures at one size.
struct Figure {
    name: String,
    outcome: Outcome,
}

/// Everything measured at one size.
struct Run {
    processes: usize,
    figures: Vec<Figure>,
    downloads: Vec<(String, Download)>,
}

fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Stages `processes`, serves them and measures.
fn measure_size(
    settings: &Settings,
    url: &str,
    dir: &Path,
    processes_count: usize,
    items_count: usize,
    seconds: u64,
    writes: u32,
) -> Result<Run, String> {
    let started = Instant::now();
    let mut staged = stage(url, dir, processes_count)?;
    let imported = started.elapsed();
    let templates = templates(&mut staged)?;
    let copied = copy_feedback(
        &mut staged.conn,
        &templates,
        &staged.ocid,
        processes_count,
        items_count,
    )?;
    // As the worker keeps them.
    crate::publish::refresh_scorecards(
        &mut staged.conn,
        &staged.engine.workflow,
        Utc::now().naive_utc(),
    )
    .map_err(|e| e.to_string())?;
    // As autovacuum leaves a table after a bulk load (PostgreSQL 13 and later vacuum tables
    // that were only inserted into): statistics, and the visibility map that lets counts read
    // the indexes alone instead of visiting every row they count.
    if let DbConnection::Postgresql(c) = &mut staged.conn {
        use diesel::connection::SimpleConnection;
        // One statement at a time: several in one query run as one transaction, which VACUUM
        // refuses.
        for statement in [
            "VACUUM (ANALYZE) processes",
            "VACUUM (ANALYZE) feedback_items",
            "ANALYZE",
        ] {
            c.batch_execute(statement).map_err(|e| e.to_string())?;
        }
    }
    let item = templates
        .iter()
        .find(|(i, _)| i.answered_at.is_some())
        .map(|(i, _)| i.id.clone())
        .unwrap_or_default();
    println!(
        "{processes_count} processes imported in {:.1} s; {} feedback items copied in {:.1} s",
        imported.as_secs_f64(),
        copied + templates.len(),
        (started.elapsed() - imported).as_secs_f64()
    );
    let (ocid, buyer) = (staged.ocid.clone(), staged.buyer.clone());
    let (citizen, moderator) = (staged.citizen.clone(), staged.moderator.clone());
    let writer_engine = staged.engine;
    let mut writer_conn = staged.conn;

    let mut settings = settings.clone();
    settings.database.url = url.to_owned();
    settings.mail.worker_in_server = false;
    let workers = match settings.server.workers {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
        n => n,
    };
    let engine = Arc::new(crate::workflow::Engine::from_settings(&settings)?);
    let parsed = crate::db::DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
    let pool =
        crate::db::open_pool(&parsed, settings.database.pool_size).map_err(|e| e.to_string())?;
    let accounts = settings.account_settings().map_err(|e| e.to_string())?;
    let state = AppState {
        pool,
        settings: Arc::new(settings.clone()),
        accounts,
        engine,
    };
    let (cached_state, cold_state) = (state.clone(), state);
    let cache = PageCache::new(settings.server.page_cache_mb * 1024 * 1024);
    let (cached, cached_handle) =
        start(move |l| crate::server::http_server(cached_state, cache, workers, l))?;
    let (cold, cold_handle) =
        start(move |l| crate::server::http_server(cold_state, PageCache::disabled(), workers, l))?;

    let one = Load {
        connections: 1,
        warmup: Duration::from_millis(300),
        measure: Duration::from_secs(seconds),
    };
    let now = Utc::now().naive_utc();
    let day = |days: i64| (now - chrono::Duration::days(days)).format("%Y-%m-%dT%H:%M:%SZ");
    let open311_window = format!(
        "/open311/v2/requests.json?start_date={}&end_date={}",
        day(100),
        day(60)
    );
    let process = format!("/processes/{}", encode(&ocid));
    let agency = format!("/agencies/{}", encode(&buyer));
    let item_page = format!("/feedback/{item}");
    let reads: Vec<(&str, String)> = vec![
        (
            "processes API, a common word",
            "/api/v1/processes?q=Lugar".into(),
        ),
        (
            "processes API, method",
            "/api/v1/processes?method=selective".into(),
        ),
        (
            "processes API, category",
            "/api/v1/processes?category=works".into(),
        ),
        (
            "processes API, status",
            "/api/v1/processes?status=active".into(),
        ),
        (
            "processes API, stage",
            "/api/v1/processes?stage=award".into(),
        ),
        (
            "processes API, value_min",
            "/api/v1/processes?value_min=4000000".into(),
        ),
        // Words and filters together, and filters together: one index on each backend.
        (
            "processes API, a common word and a status",
            "/api/v1/processes?q=Lugar&status=active".into(),
        ),
        (
            "processes API, a common word and value_min",
            "/api/v1/processes?q=Lugar&value_min=4000000".into(),
        ),
        // A range whose end falls among many values, and whole days: only the finest buckets
        // at a range's given ends are checked row by row (none for whole days).
        (
            "processes API, a common word and a high value_min",
            "/api/v1/processes?q=Lugar&value_min=5000000".into(),
        ),
        (
            "processes API, a common word and three days",
            // The generator's dates run from 2024 to 2026.
            "/api/v1/processes?q=Lugar&date_from=2025-03-10&date_to=2025-03-12".into(),
        ),
        (
            "processes API, a common word and an indicator",
            "/api/v1/processes?q=Lugar&indicator=any".into(),
        ),
        (
            "processes API, an indicator and a status",
            "/api/v1/processes?indicator=any&status=active".into(),
        ),
        (
            "processes API, method and category",
            "/api/v1/processes?method=selective&category=works".into(),
        ),
        ("processes API, page 50", "/api/v1/processes?page=50".into()),
        ("feedback API", "/api/v1/feedback".into()),
        ("feedback API, page 50", "/api/v1/feedback?page=50".into()),
        ("answers Atom feed", "/api/v1/feeds/answers.atom".into()),
        ("Open311 requests.json", "/open311/v2/requests.json".into()),
        ("Open311, 100 to 60 days ago", open311_window),
        ("search page, a common word", "/search?q=Lugar".into()),
        ("search page, method", "/search?method=selective".into()),
        (
            "search page, a common word and a method",
            "/search?q=Lugar&method=selective".into(),
        ),
        ("home page", "/".into()),
        ("process page", process.clone()),
        ("feedback item page", item_page),
        ("agency page", agency),
        ("agencies page", "/agencies".into()),
    ];
    let mut figures = Vec::new();
    for (name, path) in &reads {
        let api = path.starts_with("/api/") || path.starts_with("/open311/");
        let outcome = measure(cold, path, false, one)?;
        report(name, if api { "" } else { "uncached" }, &outcome);
        figures.push(Figure {
            name: format!("{name}{}", if api { "" } else { ", uncached" }),
            outcome,
        });
        if !api {
            let outcome = measure(cached, path, false, one)?;
            report(name, "cached", &outcome);
            figures.push(Figure {
                name: format!("{name}, cached"),
                outcome,
            });
        }
    }

    // The cached home and process pages while feedback is filed and accepted `writes` times a
    // second through the engine (another connection, as another instance would), on the
    // process whose page is read: the worst case for its page.
    let stop = Arc::new(AtomicBool::new(false));
    let writing = {
        let stop = stop.clone();
        let ocid = ocid.clone();
        std::thread::spawn(move || -> Result<usize, String> {
            let submission = complaint("Otra queja sobre el mismo pliego, con cotizaciones.");
            let mut written = 0u32;
            let started = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                let now = Utc::now().naive_utc();
                let item = writer_engine
                    .submit(&mut writer_conn, &citizen, &ocid, &submission, &[], now)
                    .map_err(|e| e.to_string())?;
                super::take(
                    &writer_engine,
                    &mut writer_conn,
                    &item.id,
                    &moderator,
                    "accept",
                    None,
                    now,
                )?;
                written += 1;
                let next =
                    started + Duration::from_secs_f64(f64::from(written) / f64::from(writes));
                std::thread::sleep(next.saturating_duration_since(Instant::now()));
            }
            Ok(written as usize)
        })
    };
    for (name, path, connections) in [
        ("home page, cached", "/", 4),
        ("home page, cached", "/", 64),
        ("process page, cached", process.as_str(), 64),
    ] {
        let load = Load {
            connections,
            warmup: Duration::from_secs(1),
            measure: Duration::from_secs(seconds.max(3)),
        };
        let outcome = measure(cached, path, true, load)?;
        let name = format!("{name}, {connections} conn., {writes} writes/s");
        report(&name, "", &outcome);
        figures.push(Figure { name, outcome });
    }
    stop.store(true, Ordering::Relaxed);
    let written = writing
        .join()
        .map_err(|_| "the writer panicked".to_owned())??;
    println!("(feedback written meanwhile: {written} items, each filed and accepted)");

    let mut downloads = Vec::new();
    for path in ["/api/v1/feedback.jsonl", "/api/v1/feedback.csv"] {
        let d = download(cold, path)?;
        println!(
            "{path:<44} first byte {:>8.1} ms  all {:>7.2} s  ~{} rows, {:.0} rows/s",
            d.first_byte.as_secs_f64() * 1e3,
            d.total.as_secs_f64(),
            d.rows,
            d.rows as f64 / d.total.as_secs_f64().max(1e-9)
        );
        downloads.push((path.to_owned(), d));
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        cached_handle.stop(true).await;
        cold_handle.stop(true).await;
    });
    Ok(Run {
        processes: processes_count,
        figures,
        downloads,
    })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(name: &str, how: &str, outcome: &Outcome) {
    println!(
        "{:<44} {:>8} p50 {:>8.2} ms  p99 {:>8.2} ms  ({} requests, {} errors)",
        name,
        how,
        ms(outcome.p50),
        ms(outcome.p99),
        outcome.requests,
        outcome.errors
    );
}

/// The whole benchmark: a tenth of `processes`, then `processes`, then the comparison.
pub fn run(
    settings: &Settings,
    dir: &Path,
    processes_count: usize,
    postgres: Option<&str>,
    items: Option<usize>,
    seconds: u64,
    writes: u32,
) -> Result<(), String> {
    let mut runs = Vec::new();
    // The national scale: a feedback item per process on PostgreSQL, at most 100,000
    // on SQLite (the embedded database of a smaller deployment).
    let items = items.unwrap_or(match postgres {
        Some(_) => usize::MAX,
        None => 100_000,
    });
    for n in [(processes_count / 10).max(10), processes_count] {
        // A file per size: the first size's connections may outlive its servers by a moment.
        let sqlite = dir.join(format!("scale-{n}.db"));
        let url = match postgres {
            Some(url) => url.to_owned(),
            None => {
                for suffix in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{suffix}", sqlite.display()));
                }
                format!("sqlite://{}", sqlite.display())
            }
        };
        println!(
            "\n== {n} processes ({}) ==",
            if postgres.is_some() {
                "PostgreSQL"
            } else {
                "SQLite"
            }
        );
        runs.push(measure_size(
            settings,
            &url,
            dir,
            n,
            n.min(items),
            seconds,
            writes.max(1),
        )?);
    }
    let (small, big) = (&runs[0], &runs[1]);
    println!(
        "\n{:<52} {:>21} {:>21} {:>7}",
        "read (concurrency 1 unless said)",
        format!("{} p50/p99 ms", small.processes),
        format!("{} p50/p99 ms", big.processes),
        "p99 ×"
    );
    for (a, b) in small.figures.iter().zip(&big.figures) {
        println!(
            "{:<52} {:>10.2}/{:<10.2} {:>10.2}/{:<10.2} {:>6.2}",
            a.name,
            ms(a.outcome.p50),
            ms(a.outcome.p99),
            ms(b.outcome.p50),
            ms(b.outcome.p99),
            ms(b.outcome.p99) / ms(a.outcome.p99).max(1e-6)
        );
    }
    for ((path, a), (_, b)) in small.downloads.iter().zip(&big.downloads) {
        println!(
            "{path:<52} first byte {:.1} → {:.1} ms; {:.0} → {:.0} rows/s",
            ms(a.first_byte),
            ms(b.first_byte),
            a.rows as f64 / a.total.as_secs_f64().max(1e-9),
            b.rows as f64 / b.total.as_secs_f64().max(1e-9)
        );
    }
    Ok(())
}
