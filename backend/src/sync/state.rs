//! What the database keeps about each source: its cursor, who holds it now, and how its last
//! run went. The cursor only moves inside the transaction that stores the releases it covers,
//! and only while the lease is still the writer's own.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::db::schema::{sync_files, sync_sources};
use crate::db::DbConnection;

/// How long a lease lasts without a commit: a crashed syncer's lease runs out and another
/// instance takes the source over. Every commit extends it.
pub const LEASE: Duration = Duration::minutes(10);

/// One source's row, as the admin page and the API show it.
#[derive(Debug, Clone, Queryable, Selectable, Serialize, PartialEq)]
#[diesel(table_name = sync_sources)]
pub struct SourceState {
    pub id: String,
    pub cursor: Option<String>,
    pub lease_holder: Option<String>,
    pub lease_until: Option<NaiveDateTime>,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_finished_at: Option<NaiveDateTime>,
    pub last_outcome: Option<String>,
    pub last_pages: i64,
    pub last_new: i64,
    pub last_unchanged: i64,
    pub last_conflicting: i64,
    pub last_errors: i64,
    pub last_error: Option<String>,
    pub next_run_at: Option<NaiveDateTime>,
}

impl SourceState {
    pub fn cursor_value(&self) -> Option<Value> {
        self.cursor
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok())
    }
}

/// Makes sure a row exists for each configured source.
pub fn ensure(conn: &mut DbConnection, ids: &[&str]) -> QueryResult<()> {
    for id in ids {
        let row = (
            sync_sources::id.eq(*id),
            sync_sources::last_pages.eq(0i64),
            sync_sources::last_new.eq(0i64),
            sync_sources::last_unchanged.eq(0i64),
            sync_sources::last_conflicting.eq(0i64),
            sync_sources::last_errors.eq(0i64),
        );
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(sync_sources::table)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?,
            DbConnection::Postgresql(c) => diesel::insert_into(sync_sources::table)
                .values(row)
                .on_conflict_do_nothing()
                .execute(c)?,
        };
    }
    Ok(())
}

pub fn all(conn: &mut DbConnection) -> QueryResult<Vec<SourceState>> {
    // `as_select` names its backend: one query per arm.
    let query = sync_sources::table.order(sync_sources::id);
    match conn {
        DbConnection::Sqlite(c) => query.select(SourceState::as_select()).load(c),
        DbConnection::Postgresql(c) => query.select(SourceState::as_select()).load(c),
    }
}

pub fn get(conn: &mut DbConnection, id: &str) -> QueryResult<Option<SourceState>> {
    let query = sync_sources::table.find(id);
    match conn {
        DbConnection::Sqlite(c) => query.select(SourceState::as_select()).first(c).optional(),
        DbConnection::Postgresql(c) => query.select(SourceState::as_select()).first(c).optional(),
    }
}

/// Takes the source for `holder` unless another holder's lease is still running. Runs in its
/// own write transaction; returns the state as taken.
pub fn take(
    conn: &mut DbConnection,
    id: &str,
    holder: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SourceState>> {
    let free = sync_sources::lease_until
        .is_null()
        .or(sync_sources::lease_until.lt(now))
        .or(sync_sources::lease_holder.eq(holder));
    let update = diesel::update(sync_sources::table.find(id).filter(free)).set((
        sync_sources::lease_holder.eq(holder),
        sync_sources::lease_until.eq(now + LEASE),
        sync_sources::last_started_at.eq(now),
        sync_sources::last_outcome.eq("running"),
    ));
    let taken = match conn {
        DbConnection::Sqlite(c) => update.execute(c)?,
        DbConnection::Postgresql(c) => update.execute(c)?,
    };
    if taken == 0 {
        return Ok(None);
    }
    get(conn, id)
}

/// Moves the cursor on, if `holder` still holds the source (and extends its lease). Called
/// inside the transaction that stores the releases the cursor now covers: a holder whose lease
/// ran out and was taken over stores nothing.
pub fn advance(
    conn: &mut DbConnection,
    id: &str,
    holder: &str,
    cursor: &Value,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let update = diesel::update(
        sync_sources::table
            .find(id)
            .filter(sync_sources::lease_holder.eq(holder)),
    )
    .set((
        sync_sources::cursor.eq(cursor.to_string()),
        sync_sources::lease_until.eq(now + LEASE),
    ));
    let changed = match conn {
        DbConnection::Sqlite(c) => update.execute(c)?,
        DbConnection::Postgresql(c) => update.execute(c)?,
    };
    Ok(changed == 1)
}

/// Extends the lease if `holder` still holds the source: every write transaction of a sync
/// checks it, so a holder whose lease ran out and was taken over stores nothing more.
pub fn renew(
    conn: &mut DbConnection,
    id: &str,
    holder: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let update = diesel::update(
        sync_sources::table
            .find(id)
            .filter(sync_sources::lease_holder.eq(holder)),
    )
    .set(sync_sources::lease_until.eq(now + LEASE));
    let changed = match conn {
        DbConnection::Sqlite(c) => update.execute(c)?,
        DbConnection::Postgresql(c) => update.execute(c)?,
    };
    Ok(changed == 1)
}

/// How a run ended, kept for the admin page.
#[derive(Debug, Clone, Default)]
pub struct RunSummary {
    pub outcome: &'static str,
    pub pages: i64,
    pub new: i64,
    pub unchanged: i64,
    pub conflicting: i64,
    pub errors: i64,
    pub error: Option<String>,
}

/// Records how the run went, sets the next one and gives the source back.
pub fn finish(
    conn: &mut DbConnection,
    id: &str,
    holder: &str,
    summary: &RunSummary,
    now: NaiveDateTime,
    next_run_at: NaiveDateTime,
) -> QueryResult<()> {
    let update = diesel::update(
        sync_sources::table
            .find(id)
            .filter(sync_sources::lease_holder.eq(holder)),
    )
    .set((
        sync_sources::lease_holder.eq(None::<String>),
        sync_sources::lease_until.eq(None::<NaiveDateTime>),
        sync_sources::last_finished_at.eq(now),
        sync_sources::last_outcome.eq(summary.outcome),
        sync_sources::last_pages.eq(summary.pages),
        sync_sources::last_new.eq(summary.new),
        sync_sources::last_unchanged.eq(summary.unchanged),
        sync_sources::last_conflicting.eq(summary.conflicting),
        sync_sources::last_errors.eq(summary.errors),
        sync_sources::last_error.eq(summary.error.as_deref()),
        sync_sources::next_run_at.eq(next_run_at),
    ));
    match conn {
        DbConnection::Sqlite(c) => update.execute(c)?,
        DbConnection::Postgresql(c) => update.execute(c)?,
    };
    Ok(())
}

/// Sources whose next run is due (or which never ran), among `ids`.
pub fn due(conn: &mut DbConnection, ids: &[&str], now: NaiveDateTime) -> QueryResult<Vec<String>> {
    let query = sync_sources::table
        .filter(sync_sources::id.eq_any(ids))
        .filter(
            sync_sources::next_run_at
                .is_null()
                .or(sync_sources::next_run_at.le(now)),
        )
        .filter(
            sync_sources::lease_until
                .is_null()
                .or(sync_sources::lease_until.lt(now)),
        )
        .order(sync_sources::id)
        .select(sync_sources::id);
    match conn {
        DbConnection::Sqlite(c) => query.load(c),
        DbConnection::Postgresql(c) => query.load(c),
    }
}

/// A file of a directory source, as last imported.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct SeenFile {
    pub name: String,
    pub size: i64,
    pub modified: String,
}

/// Whether this exact file (name, size, time) was imported before.
pub fn file_seen(conn: &mut DbConnection, source: &str, file: &SeenFile) -> QueryResult<bool> {
    let query = sync_files::table
        .filter(sync_files::source_id.eq(source))
        .filter(sync_files::name.eq(&file.name))
        .filter(sync_files::size.eq(file.size))
        .filter(sync_files::modified.eq(&file.modified))
        .count();
    let n: i64 = match conn {
        DbConnection::Sqlite(c) => query.get_result(c)?,
        DbConnection::Postgresql(c) => query.get_result(c)?,
    };
    Ok(n > 0)
}

/// Records a file as imported (in the transaction of its last releases).
pub fn file_done(
    conn: &mut DbConnection,
    source: &str,
    file: &SeenFile,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let delete = diesel::delete(
        sync_files::table
            .filter(sync_files::source_id.eq(source))
            .filter(sync_files::name.eq(&file.name)),
    );
    let row = (
        sync_files::source_id.eq(source),
        sync_files::name.eq(&file.name),
        sync_files::size.eq(file.size),
        sync_files::modified.eq(&file.modified),
        sync_files::imported_at.eq(now),
    );
    match conn {
        DbConnection::Sqlite(c) => {
            delete.execute(c)?;
            diesel::insert_into(sync_files::table)
                .values(row)
                .execute(c)?;
        }
        DbConnection::Postgresql(c) => {
            delete.execute(c)?;
            diesel::insert_into(sync_files::table)
                .values(row)
                .execute(c)?;
        }
    }
    Ok(())
}
