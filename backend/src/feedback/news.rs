//! News of a process: releases a publisher brought after people gave feedback on it (an award,
//! a contract, an amendment). The import records them in the transaction that stores the
//! releases; items show them in their public history; the workflow announces them once by mail
//! (see `crate::workflow::news`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{feedback_items, process_news};
use crate::db::DbConnection;

/// A new release of a process, as the import found it.
#[derive(Debug, Clone)]
pub struct Fresh {
    pub ocid: String,
    pub release_id: String,
    pub release_date: String,
    /// The release's `tag` (`award`, `contract`, `tenderAmendment`…).
    pub tags: Vec<String>,
}

/// One piece of news, as the item page and the mail show it.
#[derive(Debug, Clone, Queryable, Serialize, PartialEq)]
pub struct News {
    pub id: i64,
    pub ocid: String,
    pub release_id: String,
    pub release_date: String,
    pub tags: String,
    pub created_at: NaiveDateTime,
    pub announced_at: Option<NaiveDateTime>,
}

impl News {
    pub fn tag_list(&self) -> Vec<String> {
        serde_json::from_str(&self.tags).unwrap_or_default()
    }

    /// What the release brought, in the words of `news.*` in the catalogues: the latest stage
    /// its tags name (`contractAmendment` is contract news, `awardUpdate` award news).
    pub fn kind(&self) -> &'static str {
        let tags = self.tag_list();
        let has = |stage: &str| tags.iter().any(|t| t.starts_with(stage));
        if has("implementation") {
            "implementation"
        } else if has("contract") {
            "contract"
        } else if has("award") {
            "award"
        } else if has("tender") {
            "tender"
        } else if has("planning") {
            "planning"
        } else {
            "other"
        }
    }

    /// The release's day (`2024-05-03`).
    pub fn day(&self) -> String {
        self.release_date
            .get(..10)
            .unwrap_or(&self.release_date)
            .to_owned()
    }
}

/// Records the new releases of processes that have feedback (other processes make no news).
pub fn record(conn: &mut DbConnection, fresh: &[Fresh], now: NaiveDateTime) -> QueryResult<usize> {
    if fresh.is_empty() {
        return Ok(0);
    }
    let mut ocids: Vec<&str> = fresh.iter().map(|f| f.ocid.as_str()).collect();
    ocids.sort_unstable();
    ocids.dedup();
    let mut watched: Vec<String> = Vec::new();
    // Bounded lists keep each statement's parameters well under both databases' limits.
    for chunk in ocids.chunks(500) {
        watched.extend(
            feedback_items::table
                .filter(feedback_items::ocid.eq_any(chunk))
                .select(feedback_items::ocid)
                .distinct()
                .load::<String>(conn)?,
        );
    }
    let rows: Vec<_> = fresh
        .iter()
        .filter(|f| watched.contains(&f.ocid))
        .map(|f| {
            (
                process_news::ocid.eq(&f.ocid),
                process_news::release_id.eq(&f.release_id),
                process_news::release_date.eq(&f.release_date),
                process_news::tags.eq(serde_json::to_string(&f.tags).unwrap_or_default()),
                process_news::created_at.eq(now),
            )
        })
        .collect();
    for row in &rows {
        diesel::insert_into(process_news::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(rows.len())
}

/// The news of a process since `since` (an item's filing), oldest first.
pub fn since(conn: &mut DbConnection, ocid: &str, since: NaiveDateTime) -> QueryResult<Vec<News>> {
    process_news::table
        .filter(process_news::ocid.eq(ocid))
        .filter(process_news::created_at.ge(since))
        .order((process_news::created_at, process_news::id))
        .limit(200)
        .load(conn)
}

/// News not announced yet, oldest first.
pub fn unannounced(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<News>> {
    process_news::table
        .filter(process_news::announced_at.is_null())
        .order(process_news::id)
        .limit(limit)
        .load(conn)
}

/// Marks news announced; false when another instance did it first (then nothing is queued).
pub fn claim(conn: &mut DbConnection, ids: &[i64], now: NaiveDateTime) -> QueryResult<bool> {
    let claimed = diesel::update(
        process_news::table
            .filter(process_news::id.eq_any(ids))
            .filter(process_news::announced_at.is_null()),
    )
    .set(process_news::announced_at.eq(now))
    .execute(conn)?;
    Ok(claimed == ids.len())
}
