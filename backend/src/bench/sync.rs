//! `veedor bench sync`: a generated publisher's releases read through `veedor sync` from an
//! OCDS API on loopback (release packages linked by `links.next`), next to `veedor import` of
//! the same releases from a file: releases/s and peak memory of each.
//!
//! The publisher runs in this process, on its own thread, and reads each page's releases from
//! the file by their offsets, so it holds one page at a time. It shares the two cores with the
//! sync, as a loopback publisher must.

use std::io::{BufRead, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

use crate::config::Settings;
use crate::ocds::import::{ImportOptions, Importer, Input};
use crate::sync::sources::{Kind, Source};
use crate::sync::SyncOptions;

/// Where each release line of the stream starts, and how long it is.
struct Lines {
    file: PathBuf,
    spans: Vec<(u64, u32)>,
    page_size: usize,
}

impl Lines {
    fn index(file: &Path, page_size: usize) -> std::io::Result<Lines> {
        let mut reader = std::io::BufReader::new(std::fs::File::open(file)?);
        let mut spans = Vec::new();
        let mut offset = 0u64;
        let mut line = Vec::new();
        loop {
            line.clear();
            let n = reader.read_until(b'\n', &mut line)?;
            if n == 0 {
                break;
            }
            let text = line.trim_ascii_end().len();
            if text > 0 {
                spans.push((offset, text as u32));
            }
            offset += n as u64;
        }
        Ok(Lines {
            file: file.to_owned(),
            spans,
            page_size,
        })
    }

    /// The release package of page `page` (from 1), linking the next one.
    fn page(&self, page: usize, base: &str) -> std::io::Result<Vec<u8>> {
        let start = (page.max(1) - 1) * self.page_size;
        let end = (start + self.page_size).min(self.spans.len());
        let mut body = format!(
            "{{\"uri\":\"{base}/releases?page={page}\",\"version\":\"1.1\",\"publishedDate\":\"2026-01-01T00:00:00Z\",\"publisher\":{{\"name\":\"Bench publisher\"}},\"releases\":["
        )
        .into_bytes();
        let mut file = std::fs::File::open(&self.file)?;
        for (i, (offset, len)) in self
            .spans
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            if i > 0 {
                body.push(b',');
            }
            file.seek(SeekFrom::Start(*offset))?;
            let at = body.len();
            body.resize(at + *len as usize, 0);
            file.read_exact(&mut body[at..])?;
        }
        body.extend_from_slice(b"]");
        if end < self.spans.len() {
            body.extend_from_slice(
                format!(
                    ",\"links\":{{\"next\":\"{base}/releases?page={}\"}}",
                    page + 1
                )
                .as_bytes(),
            );
        }
        body.extend_from_slice(b"}");
        Ok(body)
    }
}

async fn page(lines: web::Data<Arc<Lines>>, req: HttpRequest) -> HttpResponse {
    let number =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("page").and_then(|p| p.parse().ok()))
            .unwrap_or(1);
    let base = format!("http://{}", req.connection_info().host());
    let lines = lines.get_ref().clone();
    match web::block(move || lines.page(number, &base)).await {
        Ok(Ok(body)) => HttpResponse::Ok()
            .content_type("application/json")
            .body(body),
        _ => HttpResponse::InternalServerError().finish(),
    }
}

/// Starts the publisher; returns its first page's address.
fn publish(lines: Lines) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let lines = Arc::new(lines);
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            let server = HttpServer::new(move || {
                App::new()
                    .app_data(web::Data::new(lines.clone()))
                    .route("/releases", web::get().to(page))
            })
            .workers(1)
            .bind(("127.0.0.1", 0));
            let server = match server {
                Ok(s) => s,
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                    return;
                }
            };
            let port = server.addrs().first().map(|a| a.port()).unwrap_or(0);
            let running = server.run();
            let _ = tx.send(Ok(format!("http://127.0.0.1:{port}/releases?page=1")));
            let _ = running.await;
        });
    });
    rx.recv().map_err(|e| e.to_string())?
}

/// Forgets the peak so far, so the next phase's peak is its own (Linux).
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn peak_mb() -> f64 {
    crate::cli::peak_rss_bytes().unwrap_or(0) as f64 / 1e6
}

pub fn run(
    settings: &Settings,
    dir: &Path,
    processes: usize,
    postgres: Option<&str>,
    page_size: usize,
) -> Result<(), String> {
    let stream = crate::bench::generated_stream(dir, processes)?;
    let lines = Lines::index(&stream, page_size).map_err(|e| e.to_string())?;
    let releases = lines.spans.len();
    let megabytes = std::fs::metadata(&stream).map(|m| m.len()).unwrap_or(0) as f64 / 1e6;
    println!(
        "{releases} releases of {processes} generated processes ({megabytes:.0} MB), {} database, pages of {page_size}",
        if postgres.is_some() { "PostgreSQL" } else { "SQLite" }
    );
    let url = |name: &str| match postgres {
        Some(url) => url.to_owned(),
        None => format!("sqlite://{}", dir.join(name).display()),
    };
    let options = settings.import_options(false);

    let mut conn = crate::bench::fresh(&url("sync-import.db"))?;
    reset_peak();
    let started = Instant::now();
    let report = Importer::new(&mut conn, options.clone())
        .run(&[Input::Path(stream.clone())])
        .map_err(|e| e.to_string())?;
    let import_secs = started.elapsed().as_secs_f64();
    let import_peak = peak_mb();
    drop(conn);
    let import_rate = report.new as f64 / import_secs;
    println!(
        "veedor import (file)   {:>8} new  {import_secs:>7.2} s  {import_rate:>8.0} releases/s  peak {import_peak:.0} MB",
        report.new
    );

    let first = publish(lines)?;
    let source = Source {
        id: "bench".into(),
        kind: Kind::NextLink { url: first },
        every: Duration::from_secs(3600),
        from: None,
        pause: Duration::ZERO,
        timeout: Duration::from_secs(60),
        retries: 3,
        skip_bad_pages: false,
        max_pages: usize::MAX,
    };
    let sync_options = SyncOptions::new(&settings.server.base_url, ImportOptions { ..options });
    let mut conn = crate::bench::fresh(&url("sync.db"))?;
    reset_peak();
    let started = Instant::now();
    let synced =
        crate::sync::sync_source(&mut conn, &source, &sync_options).map_err(|e| e.to_string())?;
    let sync_secs = started.elapsed().as_secs_f64();
    let sync_peak = peak_mb();
    if let Some(error) = &synced.error {
        return Err(format!("sync stopped: {error}"));
    }
    let sync_rate = synced.import.new as f64 / sync_secs;
    println!(
        "veedor sync (loopback) {:>8} new  {sync_secs:>7.2} s  {sync_rate:>8.0} releases/s  peak {sync_peak:.0} MB  ({} pages)",
        synced.import.new, synced.pages
    );
    println!(
        "sync / import: {:.0} % of the file import's throughput",
        100.0 * sync_rate / import_rate
    );
    Ok(())
}
