//! Throttling shared by every instance: fixed-window counters in the database, so a limit holds
//! however many app servers run.

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::rate_limits;
use crate::db::{self, DbConnection};

/// A limit: at most `hits` per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub hits: i32,
    pub window: Duration,
}

/// Refused: try again after this many seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryAfter(pub i64);

/// Counts one hit on `key`; refuses once the window's limit is reached.
pub fn hit(
    conn: &mut DbConnection,
    key: &str,
    limit: Limit,
) -> QueryResult<Result<(), RetryAfter>> {
    hit_at(conn, key, limit, Utc::now().naive_utc())
}

pub fn hit_at(
    conn: &mut DbConnection,
    key: &str,
    limit: Limit,
    now: NaiveDateTime,
) -> QueryResult<Result<(), RetryAfter>> {
    db::write(conn, |conn| {
        // SQLite's write transaction already holds the database; on PostgreSQL two requests
        // on one key would both see no row (and one fail to insert it) or both count the same
        // hit: the row is made to exist, then locked, so hits on one key queue.
        let row: Option<(NaiveDateTime, i32)> = match conn {
            DbConnection::Postgresql(pg) => {
                diesel::insert_into(rate_limits::table)
                    .values((
                        rate_limits::key.eq(key),
                        rate_limits::window_start.eq(now),
                        rate_limits::hits.eq(0),
                    ))
                    .on_conflict(rate_limits::key)
                    .do_nothing()
                    .execute(pg)?;
                rate_limits::table
                    .find(key)
                    .select((rate_limits::window_start, rate_limits::hits))
                    .for_update()
                    .first(pg)
                    .optional()?
            }
            DbConnection::Sqlite(_) => rate_limits::table
                .find(key)
                .select((rate_limits::window_start, rate_limits::hits))
                .first(conn)
                .optional()?,
        };
        match row {
            Some((start, hits)) if now < start + limit.window => {
                if hits >= limit.hits {
                    let wait = (start + limit.window - now).num_seconds().max(1);
                    return Ok(Err(RetryAfter(wait)));
                }
                diesel::update(rate_limits::table.find(key))
                    .set(rate_limits::hits.eq(hits + 1))
                    .execute(conn)?;
            }
            Some(_) => {
                diesel::update(rate_limits::table.find(key))
                    .set((rate_limits::window_start.eq(now), rate_limits::hits.eq(1)))
                    .execute(conn)?;
            }
            None => {
                diesel::insert_into(rate_limits::table)
                    .values((
                        rate_limits::key.eq(key),
                        rate_limits::window_start.eq(now),
                        rate_limits::hits.eq(1),
                    ))
                    .execute(conn)?;
            }
        }
        Ok(Ok(()))
    })
}

/// Whether `key` has reached its limit, without counting a hit (for limits that count only
/// failures: a check before the attempt, [`hit`] after a failed one).
pub fn reached(
    conn: &mut DbConnection,
    key: &str,
    limit: Limit,
) -> QueryResult<Result<(), RetryAfter>> {
    let now = Utc::now().naive_utc();
    let row: Option<(NaiveDateTime, i32)> = rate_limits::table
        .find(key)
        .select((rate_limits::window_start, rate_limits::hits))
        .first(conn)
        .optional()?;
    Ok(match row {
        Some((start, hits)) if now < start + limit.window && hits >= limit.hits => Err(RetryAfter(
            (start + limit.window - now).num_seconds().max(1),
        )),
        _ => Ok(()),
    })
}
