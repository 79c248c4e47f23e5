//! The web server: builds the app from the route table and runs it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Compress, DefaultHeaders, ErrorHandlers, Logger};
use actix_web::{web, App, HttpRequest, HttpResponse, HttpServer};

use crate::config::Settings;
use crate::db::{self, DbError};
use crate::http::body::{MAX_JSON, MAX_URLENCODED};
use crate::http::{ApiError, AppState};
use crate::notify::worker::Worker;
use crate::site::page_cache::PageCache;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("cannot serve on {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("server stopped with an error: {0}")]
    Run(std::io::Error),
    #[error("configuration: {0}")]
    Workflow(String),
}

/// Opens the database (running migrations) and serves until stopped.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    let url = settings.database_url()?;
    let addr = settings.bind_addr()?;
    // A workflow that names an unknown state or role, or strands a state, stops start-up.
    let engine =
        Arc::new(crate::workflow::Engine::from_settings(&settings).map_err(ServeError::Workflow)?);
    let pool = db::open_pool(&url, settings.database.pool_size)?;
    let state = AppState {
        pool: pool.clone(),
        settings: Arc::new(settings.clone()),
        accounts: settings.account_settings()?,
        engine: engine.clone(),
    };
    let pages = PageCache::new(settings.server.page_cache_mb * 1024 * 1024);
    // The mail worker runs beside the server unless it is deployed apart (`veedor worker`).
    let stop = Arc::new(AtomicBool::new(false));
    // So do the publishers' syncs.
    let worker = if settings.mail.worker_in_server {
        let worker = Worker::new(
            pool.clone(),
            settings.mail_transport()?,
            settings.mail.from.clone(),
        );
        let (sources, sync_engine, sync_pool, sync_stop) = (
            settings.sources()?,
            engine.clone(),
            pool.clone(),
            stop.clone(),
        );
        let options = crate::sync::SyncOptions::new(
            &settings.server.base_url,
            settings.import_options(false),
        );
        let stop = stop.clone();
        Some(std::thread::spawn(move || {
            let syncer = std::thread::spawn(move || {
                crate::sync::run(sources, sync_engine, sync_pool, options, sync_stop)
            });
            worker.run(stop);
            let _ = syncer.join();
        }))
    } else {
        None
    };
    // The deadline sweep runs beside the server too; several instances may sweep one database.
    let sweeper = {
        let (engine, pool, stop) = (engine.clone(), pool.clone(), stop.clone());
        std::thread::spawn(move || {
            crate::workflow::sweep::run(engine, pool, std::time::Duration::from_secs(60), stop)
        })
    };
    let workers = if settings.server.workers == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        settings.server.workers
    };
    tracing::info!(%addr, workers, "serving");
    let listener =
        std::net::TcpListener::bind(addr).map_err(|source| ServeError::Bind { addr, source })?;
    let result = http_server(state, pages, workers, listener)
        .map_err(|source| ServeError::Bind { addr, source })?
        .await
        .map_err(ServeError::Run);
    stop.store(true, Ordering::Relaxed);
    if let Some(worker) = worker {
        let _ = worker.join();
    }
    let _ = sweeper.join();
    result
}

/// The route table: the pages house, then the JSON house, each standing on `crate::http`; the
/// limits of bodies extracted whole; and one answer for paths nobody serves.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::QueryConfig::default()
            .error_handler(|err, _| ApiError::bad_request("invalid_query", err.to_string()).into()),
    )
    .app_data(
        web::JsonConfig::default()
            .limit(MAX_JSON)
            .error_handler(|err, _| ApiError::bad_request("invalid_json", err.to_string()).into()),
    )
    .app_data(
        web::FormConfig::default()
            .limit(MAX_URLENCODED)
            .error_handler(|err, _| ApiError::bad_request("invalid_form", err.to_string()).into()),
    )
    .app_data(web::PayloadConfig::new(MAX_JSON))
    .configure(crate::site::routes)
    .configure(crate::api::routes)
    .default_service(web::to(not_found));
}

/// Answer for any path no route matches (a page for browsers, JSON for the API: the error
/// middleware decides by path).
async fn not_found(_: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError::not_found("no such resource"))
}

/// The application every deployment runs, with its middleware and a page cache of its own:
/// what the tests call.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let pages = PageCache::new(state.settings.server.page_cache_mb * 1024 * 1024);
    app_with(state, web::Data::new(pages))
}

/// The application over a page cache shared by every worker of a server.
pub fn app_with(
    state: AppState,
    pages: web::Data<PageCache>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let https = state.settings.server.base_url.starts_with("https://");
    let mut headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "same-origin"));
    if https {
        // Browsers keep to https for a year once they have seen it here.
        headers = headers.add(("Strict-Transport-Security", "max-age=31536000"));
    }
    App::new()
        .app_data(web::Data::new(state))
        .app_data(pages)
        .wrap(ErrorHandlers::new().default_handler(crate::site::errors::as_page))
        .wrap(Compress::default())
        .wrap(headers)
        .wrap(
            Logger::new("%{request}xi %s %Dms").custom_request_replace("request", |req| {
                log_request(req.method().as_str(), &req.uri().to_string())
            }),
        )
        .configure(routes)
}

/// The HTTP server over the whole route table, with the middleware every deployment has
/// (`veedor bench pages` measures this same server).
pub fn http_server(
    state: AppState,
    pages: PageCache,
    workers: usize,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let pages = web::Data::new(pages);
    Ok(
        HttpServer::new(move || app_with(state.clone(), pages.clone()))
            .workers(workers)
            .listen(listener)?
            .run(),
    )
}

/// The request as the access log writes it: one-time tokens in links (verification, reset,
/// invitation) are never written down.
pub fn log_request(method: &str, uri: &str) -> String {
    let Some((path, query)) = uri.split_once('?') else {
        return format!("{method} {uri}");
    };
    let query: Vec<String> = query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, _)) if key.eq_ignore_ascii_case("token") || key.ends_with("token") => {
                format!("{key}=[redacted]")
            }
            _ => pair.to_owned(),
        })
        .collect();
    format!("{method} {path}?{}", query.join("&"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_never_reach_the_access_log() {
        assert_eq!(
            super::log_request("GET", "/password-reset?token=abc123&lang=es"),
            "GET /password-reset?token=[redacted]&lang=es"
        );
        assert_eq!(super::log_request("GET", "/search?q=x"), "GET /search?q=x");
        assert_eq!(super::log_request("GET", "/"), "GET /");
    }
}
