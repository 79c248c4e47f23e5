//! The deadline sweep: items whose deadline has passed take their state's system transition
//! (e.g. `overdue`: escalation to the oversight body), or are marked overdue when their state
//! has none. Each item moves in its own transaction guarded by the version read, so several
//! sweepers on one database escalate each item exactly once: the loser of a race gets a
//! conflict and moves on.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

use super::engine::{Actor, Engine, Request};
use crate::db::schema::feedback_items;
use crate::db::{DbConnection, DbPool};
use crate::feedback::FeedbackError;

/// What one sweep did (or, dry, would do).
#[derive(Debug, Clone, Default, Serialize)]
pub struct SweepReport {
    /// Items found past their deadline.
    pub due: usize,
    /// `(item id, transition)` taken.
    pub moved: Vec<(String, String)>,
    /// Items marked overdue (their state has no system transition).
    pub marked_overdue: usize,
    /// Items another sweeper or person moved first.
    pub conflicts: usize,
}

const PAGE: i64 = 1000;

impl Engine {
    /// One sweep as of `as_of`. With `dry_run`, nothing is written.
    pub fn sweep(
        &self,
        conn: &mut DbConnection,
        as_of: NaiveDateTime,
        dry_run: bool,
    ) -> Result<SweepReport, FeedbackError> {
        let mut report = SweepReport::default();
        let mut after: Option<(NaiveDateTime, String)> = None;
        loop {
            let mut query = feedback_items::table
                .filter(feedback_items::due_at.le(as_of))
                .filter(feedback_items::overdue_since.is_null())
                .select((
                    feedback_items::id,
                    feedback_items::state,
                    feedback_items::version,
                    feedback_items::due_at,
                ))
                .order((feedback_items::due_at, feedback_items::id))
                .limit(PAGE)
                .into_boxed();
            if let Some((due, id)) = &after {
                query = query.filter(
                    feedback_items::due_at.gt(*due).or(feedback_items::due_at
                        .eq(*due)
                        .and(feedback_items::id.gt(id.clone()))),
                );
            }
            let page: Vec<(String, String, i32, Option<NaiveDateTime>)> = query.load(conn)?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.3.map(|due| (due, last.0.clone()));
            for (id, state, version, _) in &page {
                report.due += 1;
                let system = self
                    .workflow
                    .from_state(state)
                    .find(|t| t.roles.iter().any(|r| r == "system"));
                match (system, dry_run) {
                    (Some(t), true) => report.moved.push((id.clone(), t.id.clone())),
                    (None, true) => report.marked_overdue += 1,
                    (Some(t), false) => {
                        let request = Request {
                            transition: t.id.clone(),
                            expected_version: Some(*version),
                            ..Request::default()
                        };
                        match self.transition(conn, id, Actor::System, &request, &[], as_of) {
                            Ok(_) => report.moved.push((id.clone(), t.id.clone())),
                            Err(FeedbackError::Conflict(_)) => report.conflicts += 1,
                            Err(e) => return Err(e),
                        }
                    }
                    (None, false) => {
                        let marked = diesel::update(
                            feedback_items::table
                                .filter(feedback_items::id.eq(id))
                                .filter(feedback_items::version.eq(*version))
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
            }
            if after.is_none() || (page.len() as i64) < PAGE {
                break;
            }
        }
        Ok(report)
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
            crate::publish::refresh_scorecards(&mut conn, &engine.workflow, Utc::now().naive_utc())
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
