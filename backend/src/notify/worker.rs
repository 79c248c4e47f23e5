//! The sending loop. Each turn leases one due message (in its own short transaction), sends it
//! outside any transaction, and records the outcome.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use super::outbox::{self, Leased};
use super::transport::Transport;
use crate::db::{self, DbPool};

/// Sending loops per worker.
pub const SENDERS: usize = 4;

pub struct Worker {
    pub pool: DbPool,
    pub transport: Transport,
    pub from: String,
    /// Unique per process, so a lease names its holder.
    pub name: String,
    pub idle: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error(transparent)]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// What one turn did.
#[derive(Debug, Clone, PartialEq)]
pub enum Turn {
    Idle,
    Sent(i64),
    Failed(i64, String),
}

impl Worker {
    pub fn new(pool: DbPool, transport: Transport, from: String) -> Worker {
        Worker {
            pool,
            transport,
            from,
            name: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()),
            idle: Duration::from_secs(1),
        }
    }

    /// Leases, sends and records one message.
    pub fn turn(&self) -> Result<Turn, WorkerError> {
        self.turn_at(Utc::now().naive_utc())
    }

    /// One turn as if it were `now` (retries come due by the clock; tests move it).
    pub fn turn_at(&self, now: chrono::NaiveDateTime) -> Result<Turn, WorkerError> {
        let mut conn = self.pool.get()?;
        let leased: Option<Leased> = db::write(&mut conn, |c| outbox::lease(c, &self.name, now))?;
        let Some(leased) = leased else {
            return Ok(Turn::Idle);
        };
        match self.transport.send(&self.from, &leased) {
            Ok(()) => {
                db::write(&mut conn, |c| {
                    outbox::mark_sent(c, leased.id, &self.name, Utc::now().naive_utc())
                })?;
                Ok(Turn::Sent(leased.id))
            }
            Err(e) => {
                let error = e.to_string();
                tracing::warn!(id = leased.id, attempts = leased.attempts, %error, "mail not sent; will retry");
                db::write(&mut conn, |c| {
                    outbox::mark_failed(c, &leased, &self.name, &error, Utc::now().naive_utc())
                })?;
                Ok(Turn::Failed(leased.id, error))
            }
        }
    }

    /// Sends until there is nothing due; returns how many turns were taken.
    pub fn drain(&self) -> Result<usize, WorkerError> {
        self.drain_at(Utc::now().naive_utc())
    }

    pub fn drain_at(&self, now: chrono::NaiveDateTime) -> Result<usize, WorkerError> {
        let mut turns = 0;
        while self.turn_at(now)? != Turn::Idle {
            turns += 1;
        }
        Ok(turns)
    }

    /// Runs `senders` sending loops side by side until `stop` is set, so one message that
    /// takes long to send does not hold back the others. Each loop leases under its own name.
    pub fn run(&self, stop: Arc<AtomicBool>) {
        std::thread::scope(|scope| {
            for n in 0..SENDERS {
                let sender = Worker {
                    pool: self.pool.clone(),
                    transport: self.transport.clone(),
                    from: self.from.clone(),
                    name: format!("{}-{n}", self.name),
                    idle: self.idle,
                };
                let stop = stop.clone();
                scope.spawn(move || sender.run_one(stop));
            }
        });
    }

    /// One sending loop, sleeping when idle. Errors are logged and retried.
    fn run_one(&self, stop: Arc<AtomicBool>) {
        while !stop.load(Ordering::Relaxed) {
            match self.turn() {
                Ok(Turn::Idle) | Ok(Turn::Failed(..)) => std::thread::sleep(self.idle),
                Ok(Turn::Sent(_)) => {}
                Err(e) => {
                    tracing::error!(error = %e, "mail worker");
                    std::thread::sleep(self.idle);
                }
            }
        }
    }
}
