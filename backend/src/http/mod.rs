//! The HTTP floor, on which the two houses stand: `api/` (JSON) and `site/` (pages). It holds
//! what both need and no routes: the application state, the one error policy, who is calling,
//! the rate limits' keys, the bounded body reader and the parsing of process filters. Neither
//! house imports the other; the domain imports neither; `server.rs` composes the routes.

pub mod body;
pub mod caller;
pub mod error;
pub mod limits;
pub mod queries;

use std::sync::Arc;

use actix_web::web;

pub use caller::MaybeUser;
pub use error::ApiError;

use crate::accounts::AccountSettings;
use crate::config::Settings;
use crate::db::{DbPool, PooledDb};

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub settings: Arc<Settings>,
    pub accounts: AccountSettings,
    /// Workflow, calendar, routing rules and categories: the redress loop's configuration.
    pub engine: Arc<crate::workflow::Engine>,
}

impl AppState {
    /// Runs blocking database work off the async workers.
    pub async fn db<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut PooledDb) -> Result<T, ApiError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await?
    }
}

/// Compares tokens without leaking, through timing, how much of a guess was right.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
