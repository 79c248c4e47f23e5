//! The web server: builds the app from the route table and runs it.

use std::sync::Arc;

use actix_web::middleware::{Compress, DefaultHeaders, Logger};
use actix_web::{web, App, HttpServer};

use crate::api::{self, AppState};
use crate::config::Settings;
use crate::db::{self, DbError};

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
}

/// Opens the database (running migrations) and serves until stopped.
pub async fn serve(settings: Settings) -> Result<(), ServeError> {
    let url = settings.database_url()?;
    let addr = settings.bind_addr()?;
    let pool = db::open_pool(&url, settings.database.pool_size)?;
    let state = AppState {
        pool,
        settings: Arc::new(settings.clone()),
    };
    let workers = if settings.server.workers == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        settings.server.workers
    };
    tracing::info!(%addr, workers, "serving");
    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(state.clone()))
            .wrap(Compress::default())
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "same-origin")),
            )
            .wrap(Logger::new("%r %s %Dms"))
            .configure(api::routes)
    })
    .workers(workers)
    .bind(addr)
    .map_err(|source| ServeError::Bind { addr, source })?
    .run()
    .await
    .map_err(ServeError::Run)
}
