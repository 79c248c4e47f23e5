//! `veedor bench pages`: requests/s and latency of the home page and of a process page with 50
//! feedback items, served by the real server (every middleware, SQLite, the page cache) under
//! concurrent keep-alive connections, next to a minimal actix-web handler measured the same way
//! in the same run, on the same machine. The load comes from this process over loopback.

use std::net::{SocketAddr, TcpListener};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::{web, App, HttpServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{stage, Stage};
use crate::config::Settings;
use crate::http::AppState;
use crate::site::page_cache::PageCache;

/// How the load is applied.
#[derive(Debug, Clone, Copy)]
pub struct Load {
    pub connections: usize,
    pub warmup: Duration,
    pub measure: Duration,
}

/// What one target did under the load.
#[derive(Debug)]
pub struct Outcome {
    pub requests: u64,
    pub errors: u64,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// Files `items` feedback items on the staged process; every other one is answered.
fn file_feedback(stage: &mut Stage, items: usize) -> Result<(), String> {
    for n in 0..items {
        let path: &[&str] = if n % 2 == 1 {
            &[]
        } else {
            &["accept", "acknowledge", "answer"]
        };
        super::file_and_walk(stage, path)?;
    }
    Ok(())
}

/// Runs an actix server on its own thread until the returned handle stops it.
pub(crate) fn start<F>(make: F) -> Result<(SocketAddr, actix_web::dev::ServerHandle), String>
where
    F: FnOnce(TcpListener) -> std::io::Result<actix_web::dev::Server> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        actix_web::rt::System::new().block_on(async move {
            match make(listener) {
                Ok(server) => {
                    let _ = tx.send(Ok(server.handle()));
                    let _ = server.await;
                }
                Err(e) => {
                    let _ = tx.send(Err(e.to_string()));
                }
            }
        })
    });
    let handle = rx.recv().map_err(|e| e.to_string())??;
    Ok((addr, handle))
}

/// Reads one HTTP/1.1 response whose length is given (actix sends Content-Length for these
/// bodies); returns its status. `buf` keeps bytes that belong to the next response.
async fn read_response(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
    let head_end = loop {
        if let Some(at) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        let mut chunk = [0u8; 16 * 1024];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = std::str::from_utf8(&buf[..head_end]).map_err(|_| bad("head not UTF-8"))?;
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad("no status"))?;
    let length = head
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .ok_or_else(|| bad("no Content-Length"))?;
    let total = head_end + length;
    while buf.len() < total {
        let mut chunk = [0u8; 64 * 1024];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(bad("connection closed mid-body"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    buf.drain(..total);
    Ok(status)
}

/// One keep-alive connection sending `request` back to back; the latencies after the warm-up.
async fn connection(
    addr: SocketAddr,
    request: Arc<Vec<u8>>,
    measure_from: Instant,
    until: Instant,
) -> (Vec<u32>, u64) {
    let (mut latencies, mut errors) = (Vec::new(), 0u64);
    let mut stream = None;
    let mut buf = Vec::with_capacity(64 * 1024);
    // A read slower than the whole window still gets measured once (up to a minute more).
    let deadline = until + Duration::from_secs(60);
    while Instant::now() < until || (latencies.is_empty() && Instant::now() < deadline) {
        if stream.is_none() {
            match TcpStream::connect(addr).await {
                Ok(s) => {
                    let _ = s.set_nodelay(true);
                    buf.clear();
                    stream = Some(s);
                }
                Err(_) => {
                    errors += 1;
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            }
        }
        let Some(s) = stream.as_mut() else { continue };
        let started = Instant::now();
        let result = match s.write_all(&request).await {
            Ok(()) => read_response(s, &mut buf).await,
            Err(e) => Err(e),
        };
        let took = started.elapsed();
        let counted = started >= measure_from || Instant::now() >= until;
        match result {
            Ok(status) if (200..400).contains(&status) => {
                if counted {
                    latencies.push(took.as_micros().min(u32::MAX as u128) as u32);
                }
            }
            Ok(_) => errors += u64::from(counted),
            Err(_) => {
                errors += u64::from(counted);
                stream = None;
            }
        }
    }
    (latencies, errors)
}

/// Puts `path` under `load` and reports what the server did; `gzip` asks for compressed
/// pages, as browsers do.
pub fn measure(addr: SocketAddr, path: &str, gzip: bool, load: Load) -> Result<Outcome, String> {
    measure_as(addr, path, gzip, None, load)
}

/// As [`measure`], with the session cookie `session` when given (a signed-in reader).
pub fn measure_as(
    addr: SocketAddr,
    path: &str,
    gzip: bool,
    session: Option<&str>,
    load: Load,
) -> Result<Outcome, String> {
    let encoding = if gzip {
        "Accept-Encoding: gzip, deflate, br\r\n"
    } else {
        ""
    };
    let cookie = session
        .map(|s| format!("Cookie: {}={s}\r\n", crate::http::caller::SESSION_COOKIE))
        .unwrap_or_default();
    let request = Arc::new(
        format!(
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept-Language: es\r\n{encoding}{cookie}User-Agent: veedor-bench\r\n\r\n"
        )
        .into_bytes(),
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let measure_from = Instant::now() + load.warmup;
    let until = measure_from + load.measure;
    let (mut latencies, errors) = runtime.block_on(async {
        let tasks: Vec<_> = (0..load.connections)
            .map(|_| tokio::spawn(connection(addr, request.clone(), measure_from, until)))
            .collect();
        let (mut all, mut errors) = (Vec::new(), 0);
        for task in tasks {
            if let Ok((latencies, e)) = task.await {
                all.extend(latencies);
                errors += e;
            }
        }
        (all, errors)
    });
    latencies.sort_unstable();
    let at = |q: f64| {
        let i = ((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len().max(1)) - 1;
        Duration::from_micros(latencies.get(i).copied().unwrap_or(0).into())
    };
    Ok(Outcome {
        requests: latencies.len() as u64,
        errors,
        per_second: latencies.len() as f64 / load.measure.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        max: at(1.0),
    })
}

fn report(name: &str, outcome: &Outcome, baseline: Option<&Outcome>) {
    let share = baseline
        .map(|b| {
            format!(
                "{:>6.1}%",
                100.0 * outcome.per_second / b.per_second.max(1.0)
            )
        })
        .unwrap_or_else(|| "   100%".into());
    println!(
        "{name:<34} {:>9.0} req/s {share} of minimal  p50 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  errors {}",
        outcome.per_second,
        outcome.p50.as_secs_f64() * 1e3,
        outcome.p99.as_secs_f64() * 1e3,
        outcome.max.as_secs_f64() * 1e3,
        outcome.errors,
    );
}

/// The whole benchmark: stage the database, start the servers, measure each target in turn.
pub fn run(settings: &Settings, dir: &Path, processes: usize, load: Load) -> Result<(), String> {
    let path = dir.join("pages.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let url = format!("sqlite://{}", path.display());
    let mut staged = stage(&url, dir, processes)?;
    file_feedback(&mut staged, 50)?;
    let ocid = staged.ocid.clone();
    // A signed-in reader: the cached page with their own header composed in.
    let session =
        crate::accounts::web_signin(&mut staged.conn, &staged.citizen.email, super::PASSWORD, 8)
            .map_err(|e| e.to_string())?
            .token;
    drop(staged);

    let mut settings = settings.clone();
    settings.database.url = url.clone();
    settings.mail.worker_in_server = false;
    let workers = match settings.server.workers {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2),
        n => n,
    };
    let engine = Arc::new(crate::workflow::Engine::from_settings(&settings)?);
    let parsed = crate::db::DatabaseUrl::parse(&url).map_err(|e| e.to_string())?;
    let pool =
        crate::db::open_pool(&parsed, settings.database.pool_size).map_err(|e| e.to_string())?;
    let accounts = settings.account_settings().map_err(|e| e.to_string())?;
    let state = AppState {
        pool: pool.clone(),
        settings: Arc::new(settings.clone()),
        accounts: accounts.clone(),
        engine: engine.clone(),
    };
    let (cached, uncached) = (state.clone(), state);
    let cache = PageCache::new(settings.server.page_cache_mb * 1024 * 1024);

    let (minimal, minimal_handle) = start(move |listener| {
        Ok(
            HttpServer::new(|| App::new().route("/", web::get().to(|| async { "minimal" })))
                .workers(workers)
                .listen(listener)?
                .run(),
        )
    })?;
    let (veedor, veedor_handle) =
        start(move |listener| crate::server::http_server(cached, cache, workers, listener))?;
    let (cold, cold_handle) = start(move |listener| {
        crate::server::http_server(uncached, PageCache::disabled(), workers, listener)
    })?;

    let process_path = format!(
        "/processes/{}",
        url::form_urlencoded::byte_serialize(ocid.as_bytes()).collect::<String>()
    );
    println!(
        "{} connections, {} s warm-up, {} s measured per target, {workers} server workers, SQLite, {processes} processes",
        load.connections,
        load.warmup.as_secs(),
        load.measure.as_secs()
    );
    let baseline = measure(minimal, "/", false, load)?;
    report("minimal actix-web handler", &baseline, None);
    let process = process_path.as_str();
    let targets = [
        ("home page", veedor, "/", false),
        ("process page, 50 feedback items", veedor, process, false),
        ("home page, gzip", veedor, "/", true),
        ("process page, gzip", veedor, process, true),
        ("home page, cache off", cold, "/", false),
        ("process page, cache off", cold, process, false),
    ];
    for (name, addr, path, gzip) in targets {
        let outcome = measure(addr, path, gzip, load)?;
        report(name, &outcome, Some(&baseline));
    }
    let signed_in = measure_as(veedor, process, false, Some(&session), load)?;
    report("process page, signed in", &signed_in, Some(&baseline));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        minimal_handle.stop(true).await;
        veedor_handle.stop(true).await;
        cold_handle.stop(true).await;
    });
    Ok(())
}
