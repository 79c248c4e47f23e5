//! The deadline sweep: items whose deadline has passed take their state's system transition
//! (e.g. `overdue`: escalation to the oversight body), or are marked overdue when their state
//! has none. Several sweepers (one per instance) share the work instead of racing through the
//! same list:
//! - on PostgreSQL each transaction claims the next due item no other sweeper holds (`FOR
//!   UPDATE SKIP LOCKED`) and moves it, so two instances take disjoint items. One item per
//!   transaction, because a move also bumps shared page counters (its process, its agency);
//!   a batch would hold those across items, and two batches taking them in different orders
//!   deadlock (measured: the first version did).
//! - on SQLite, with one writer at a time, a batch is read and moved inside one write
//!   transaction, so a second sweeper finds what the first moved already gone.
//!
//! Either way each item is escalated exactly once, each in its own savepoint, so one that
//! fails is left as it was and the rest go on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::engine::{Actor, Engine, Request};
use crate::db::schema::feedback_items;
use crate::db::{self, DbConnection, DbPool};
use crate::feedback::{FeedbackError, Item};

/// What one sweep did (or, dry, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SweepReport {
    /// Items found past their deadline.
    pub due: usize,
    /// `(item id, transition)` taken.
    pub moved: Vec<(String, String)>,
    /// Items marked overdue (their state has no system transition).
    pub marked_overdue: usize,
    /// Items another sweeper or person moved first, or whose move failed.
    pub conflicts: usize,
}

/// Items per write transaction on SQLite.
pub const BATCH: i64 = 200;

/// The next batch of items past their deadline after `after` (by deadline, then id); on
/// PostgreSQL the rows are locked for this transaction and rows another sweeper holds are
/// skipped.
fn due_batch(
    conn: &mut DbConnection,
    as_of: NaiveDateTime,
    after: Option<&(NaiveDateTime, String)>,
    size: i64,
) -> QueryResult<Vec<Item>> {
    // The cursor is always applied (from the earliest time at first), so the query is one
    // plain statement that PostgreSQL can lock rows of.
    // (PostgreSQL's timestamps start at 4713 BC, not at chrono's minimum.)
    let earliest = chrono::NaiveDate::from_ymd_opt(1000, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    let (due, id) = after.cloned().unwrap_or((earliest, String::new()));
    macro_rules! due {
        () => {
            feedback_items::table
                .filter(feedback_items::due_at.le(as_of))
                .filter(feedback_items::overdue_since.is_null())
                .filter(
                    feedback_items::due_at.gt(due).or(feedback_items::due_at
                        .eq(due)
                        .and(feedback_items::id.gt(&id))),
                )
                .order((feedback_items::due_at, feedback_items::id))
                .limit(size)
                .select(Item::as_select())
        };
    }
    match conn {
        DbConnection::Sqlite(c) => due!().load(c),
        DbConnection::Postgresql(c) => due!().for_update().skip_locked().load(c),
    }
}

impl Engine {
    /// One sweep as of `as_of`. With `dry_run`, nothing is written.
    pub fn sweep(
        &self,
        conn: &mut DbConnection,
        as_of: NaiveDateTime,
        dry_run: bool,
    ) -> Result<SweepReport, FeedbackError> {
        self.sweep_in_batches(conn, as_of, dry_run, BATCH)
    }

    /// [`Engine::sweep`], `batch` items per transaction on SQLite (one on PostgreSQL).
    pub fn sweep_in_batches(
        &self,
        conn: &mut DbConnection,
        as_of: NaiveDateTime,
        dry_run: bool,
        batch: i64,
    ) -> Result<SweepReport, FeedbackError> {
        let batch = match conn {
            DbConnection::Postgresql(_) if !dry_run => 1,
            _ => batch,
        };
        let mut report = SweepReport::default();
        let mut after: Option<(NaiveDateTime, String)> = None;
        loop {
            let step = |conn: &mut DbConnection, report: &mut SweepReport| {
                let batch = due_batch(conn, as_of, after.as_ref(), batch.max(1))?;
                for item in &batch {
                    self.sweep_one(conn, item, as_of, dry_run, report)?;
                }
                Ok::<_, FeedbackError>(
                    batch
                        .last()
                        .and_then(|last| Some((last.due_at?, last.id.clone()))),
                )
            };
            let next = if dry_run {
                step(conn, &mut report)?
            } else {
                db::write(conn, |conn| step(conn, &mut report))?
            };
            match next {
                Some(last) => after = Some(last),
                None => break,
            }
        }
        Ok(report)
    }

    /// Moves (or counts, dry) one due item, inside the batch's transaction.
    fn sweep_one(
        &self,
        conn: &mut DbConnection,
        item: &Item,
        as_of: NaiveDateTime,
        dry_run: bool,
        report: &mut SweepReport,
    ) -> Result<(), FeedbackError> {
        report.due += 1;
        let system = self
            .workflow
            .from_state(&item.state)
            .find(|t| t.roles.iter().any(|r| r == "system"));
        match (system, dry_run) {
            (Some(t), true) => report.moved.push((item.id.clone(), t.id.clone())),
            (None, true) => report.marked_overdue += 1,
            (Some(t), false) => {
                let request = Request {
                    transition: t.id.clone(),
                    expected_version: Some(item.version),
                    ..Request::default()
                };
                // A savepoint: an item whose move fails is left as it was, the batch goes on.
                let mut written = Vec::new();
                let moved = conn.transaction(|conn| {
                    self.apply(
                        conn,
                        item.clone(),
                        Actor::System,
                        &request,
                        &[],
                        as_of,
                        &mut written,
                    )
                });
                match moved {
                    Ok(_) => report.moved.push((item.id.clone(), t.id.clone())),
                    Err(FeedbackError::Conflict(_)) => report.conflicts += 1,
                    Err(e) => {
                        tracing::error!(item = %item.id, error = %e, "deadline sweep: item left as it was");
                        report.conflicts += 1;
                    }
                }
            }
            (None, false) => {
                let marked = diesel::update(
                    feedback_items::table
                        .filter(feedback_items::id.eq(&item.id))
                        .filter(feedback_items::version.eq(item.version))
                        .filter(feedback_items::overdue_since.is_null()),
                )
                .set(feedback_items::overdue_since.eq(as_of))
                .execute(conn)?;
                if marked == 1 {
                    report.marked_overdue += 1;
                } else {
                    report.conflicts += 1;
                }
            }
        }
        Ok(())
    }
}

/// Sweeps every `every`, then keeps the scorecards, until `stop` is set (run by `veedor serve`
/// and `veedor worker`).
pub fn run(engine: Arc<Engine>, pool: DbPool, every: Duration, stop: Arc<AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        let result = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            engine
                .sweep(&mut conn, Utc::now().naive_utc(), false)
                .map_err(|e| e.to_string())
        });
        match result {
            Ok(report) if !report.moved.is_empty() || report.marked_overdue > 0 => {
                tracing::info!(
                    moved = report.moved.len(),
                    overdue = report.marked_overdue,
                    "deadline sweep"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "deadline sweep"),
        }
        // The figures pages show are kept here too, after the sweep moved what was overdue.
        let kept = pool.get().map_err(|e| e.to_string()).and_then(|mut conn| {
            // Once per period across instances (half the sweep's period: a page's figures
            // are at most one period old).
            crate::publish::refresh_scorecards_if_due(
                &mut conn,
                &engine.workflow,
                Utc::now().naive_utc(),
                every / 2,
            )
            .map_err(|e| e.to_string())
        });
        if let Err(e) = kept {
            tracing::error!(error = %e, "keeping scorecards");
        }
        // Sleep in short steps so a stop request is seen quickly.
        let mut slept = Duration::ZERO;
        while slept < every && !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(200));
            slept += Duration::from_millis(200);
        }
    }
}
