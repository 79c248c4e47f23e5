//! Finding processes: full-text search and filters, on both backends, with stable paging.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use super::store::{OrganizationRow, ProcessRow};
use crate::db::schema::{organizations, process_parties, processes};
use crate::db::DbConnection;

type Backend = <DbConnection as diesel::Connection>::Backend;

/// What a caller may filter on. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct ProcessFilter {
    pub q: Option<String>,
    /// Organization id of the buyer.
    pub buyer: Option<String>,
    /// Any of these buyers (a name searched in the directory, on the search page).
    pub buyer_in: Option<Vec<String>>,
    pub procuring_entity: Option<String>,
    pub method: Option<String>,
    pub category: Option<String>,
    pub status: Option<String>,
    pub stage: Option<String>,
    pub public_works: Option<bool>,
    pub value_min: Option<f64>,
    pub value_max: Option<f64>,
    /// Range of the latest release date.
    pub date_from: Option<NaiveDateTime>,
    pub date_to: Option<NaiveDateTime>,
}

/// A page of results. Ordering is by latest release date, newest first, then ocid: a total
/// order, so pages neither repeat nor skip rows while the data stands still.
#[derive(Debug, Clone)]
pub struct Page<T> {
    /// Counted up to [`COUNT_CAP`]; `capped` says there are more.
    pub total: i64,
    pub capped: bool,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<T>,
}

/// Every searched word must match, in any of its forms (`ocds::words`). FTS5 treats
/// punctuation as syntax; each form is quoted so user text is only ever words.
fn fts5_query(q: &str) -> Option<String> {
    let terms: Vec<String> = crate::ocds::words::query_terms(q)
        .into_iter()
        .map(|forms| {
            let quoted: Vec<String> = forms
                .iter()
                .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                .collect();
            format!("({})", quoted.join(" OR "))
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" AND "))
}

// PostgreSQL matches with the configurations its index was built with (migration
// `stemmed_search`): 'simple' for words as written, and the Snowball languages.

/// Which version of the SQLite index `indexed` writes; `reindex` brings older ones up to it.
const SEARCH_INDEX_VERSION: i64 = 1;

/// Rebuilds the SQLite full-text index when a migration asks for it (stems are computed here,
/// not in SQL), a thousand processes per transaction. PostgreSQL computes its own.
pub fn reindex(conn: &mut DbConnection) -> QueryResult<u64> {
    use diesel::connection::SimpleConnection;
    let DbConnection::Sqlite(_) = conn else {
        return Ok(0);
    };
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        version: i64,
    }
    #[derive(QueryableByName)]
    struct Body {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        rowid: i64,
        #[diesel(sql_type = Text)]
        body: String,
    }
    let current: Vec<Version> = diesel::sql_query("SELECT version FROM search_index").load(conn)?;
    if current.iter().all(|v| v.version >= SEARCH_INDEX_VERSION) {
        return Ok(0);
    }
    let mut after = 0_i64;
    let mut done = 0_u64;
    loop {
        let batch: Vec<Body> = diesel::sql_query(
            "SELECT rowid, coalesce(title, '') || ' ' || coalesce(description, '') || ' ' || party_names AS body \
             FROM processes WHERE rowid > ? ORDER BY rowid LIMIT 1000",
        )
        .bind::<diesel::sql_types::BigInt, _>(after)
        .load(conn)?;
        let Some(last) = batch.last().map(|b| b.rowid) else {
            break;
        };
        conn.transaction(|conn| {
            for row in &batch {
                diesel::sql_query("INSERT INTO process_search (rowid, body) VALUES (?, ?)")
                    .bind::<diesel::sql_types::BigInt, _>(row.rowid)
                    .bind::<Text, _>(crate::ocds::words::indexed(&row.body))
                    .execute(conn)?;
            }
            Ok::<_, diesel::result::Error>(())
        })?;
        done += batch.len() as u64;
        after = last;
    }
    conn.batch_execute(&format!(
        "UPDATE search_index SET version = {SEARCH_INDEX_VERSION}"
    ))?;
    Ok(done)
}

fn filtered<'a>(conn: &DbConnection, f: &'a ProcessFilter) -> processes::BoxedQuery<'a, Backend> {
    let mut query = processes::table.into_boxed::<Backend>();
    // Control characters (a NUL, which PostgreSQL refuses) are never part of a word.
    let q = f.q.as_deref().map(|q| q.replace(char::is_control, " "));
    if let Some(q) = q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        match conn {
            DbConnection::Sqlite(_) => {
                let expr = fts5_query(q).unwrap_or_default();
                query = query.filter(
                    sql::<Bool>(
                        "processes.rowid IN (SELECT rowid FROM process_search WHERE process_search MATCH ",
                    )
                    .bind::<Text, _>(expr)
                    .sql(")"),
                );
            }
            DbConnection::Postgresql(_) => {
                // A word matches as written or in any language's stem .
                let q = q.to_owned();
                query = query.filter(
                    sql::<Bool>("search @@ (plainto_tsquery('simple', ")
                        .bind::<Text, _>(q.clone())
                        .sql(") || plainto_tsquery('spanish', ")
                        .bind::<Text, _>(q.clone())
                        .sql(") || plainto_tsquery('portuguese', ")
                        .bind::<Text, _>(q.clone())
                        .sql(") || plainto_tsquery('english', ")
                        .bind::<Text, _>(q.clone())
                        .sql(") || plainto_tsquery('russian', ")
                        .bind::<Text, _>(q)
                        .sql("))"),
                );
            }
        }
    }
    if let Some(v) = &f.buyer {
        query = query.filter(processes::buyer_id.eq(v));
    }
    if let Some(v) = &f.buyer_in {
        query = query.filter(processes::buyer_id.eq_any(v));
    }
    if let Some(v) = &f.procuring_entity {
        query = query.filter(processes::procuring_entity_id.eq(v));
    }
    if let Some(v) = &f.method {
        query = query.filter(processes::procurement_method.eq(v));
    }
    if let Some(v) = &f.category {
        query = query.filter(processes::main_procurement_category.eq(v));
    }
    if let Some(v) = &f.status {
        query = query.filter(processes::status.eq(v));
    }
    if let Some(v) = &f.stage {
        query = query.filter(processes::stage.eq(v));
    }
    if let Some(v) = f.public_works {
        query = query.filter(processes::is_public_works.eq(v));
    }
    if let Some(v) = f.value_min {
        query = query.filter(processes::value_amount.ge(v));
    }
    if let Some(v) = f.value_max {
        query = query.filter(processes::value_amount.le(v));
    }
    if let Some(v) = f.date_from {
        query = query.filter(processes::last_release_date.ge(v));
    }
    if let Some(v) = f.date_to {
        query = query.filter(processes::last_release_date.le(v));
    }
    query
}

/// How far listings count: beyond it they say "more than".
pub const COUNT_CAP: i64 = 10_000;

pub fn search(
    conn: &mut DbConnection,
    filter: &ProcessFilter,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<ProcessRow>> {
    search_counting_to(conn, filter, page, per_page, COUNT_CAP)
}

/// [`search`], counting up to `cap`.
pub fn search_counting_to(
    conn: &mut DbConnection,
    filter: &ProcessFilter,
    page: i64,
    per_page: i64,
    cap: i64,
) -> QueryResult<Page<ProcessRow>> {
    let page = page.max(1);
    // Counted up to the cap: "more than 10,000" rather than counting millions on each page.
    let counted: Vec<String> = filtered(conn, filter)
        .select(processes::ocid)
        .limit(cap + 1)
        .load(conn)?;
    let capped = counted.len() as i64 > cap;
    let total = (counted.len() as i64).min(cap);
    let mut query = filtered(conn, filter);
    // Words searched: the best matches first (FTS5's bm25 rank, smallest best; PostgreSQL's
    // ts_rank, largest best), then the newest.
    let words = filter
        .q
        .as_deref()
        .map(|q| q.replace(char::is_control, " "))
        .filter(|q| !q.trim().is_empty());
    if let Some(q) = words {
        query = match conn {
            DbConnection::Sqlite(_) => query.order(
                sql::<diesel::sql_types::Double>(
                    "(SELECT rank FROM process_search WHERE process_search MATCH ",
                )
                .bind::<Text, _>(fts5_query(&q).unwrap_or_default())
                .sql(" AND rowid = processes.rowid)"),
            ),
            DbConnection::Postgresql(_) => query.order(
                sql::<diesel::sql_types::Double>("ts_rank(search, plainto_tsquery('simple', ")
                    .bind::<Text, _>(q.clone())
                    .sql(") || plainto_tsquery('spanish', ")
                    .bind::<Text, _>(q)
                    .sql(")) DESC"),
            ),
        };
        query = query.then_order_by((processes::last_release_date.desc(), processes::ocid.asc()));
    } else {
        query = query.order((processes::last_release_date.desc(), processes::ocid.asc()));
    }
    let items = query
        .limit(per_page)
        .offset((page - 1).saturating_mul(per_page))
        .select(ProcessRow::as_select())
        .load(conn)?;
    Ok(Page {
        total,
        capped,
        page,
        per_page,
        items,
    })
}

/// Organizations taking part in a process, with their roles.
pub fn parties_of(
    conn: &mut DbConnection,
    ocid: &str,
) -> QueryResult<Vec<(OrganizationRow, String)>> {
    process_parties::table
        .inner_join(organizations::table.on(organizations::id.eq(process_parties::organization_id)))
        .filter(process_parties::ocid.eq(ocid))
        .order((organizations::name.asc(), process_parties::role.asc()))
        .select((OrganizationRow::as_select(), process_parties::role))
        .load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts5_terms_are_words_in_any_of_their_forms() {
        // Syntax in the search box is never syntax: only words, each quoted.
        assert_eq!(
            fts5_query("puentes \"OR\" x* NEAR(a"),
            Some(
                "(\"puentes\" OR \"puent\") AND (\"or\") AND (\"x\") AND (\"near\") AND (\"a\")"
                    .into()
            )
        );
        assert_eq!(fts5_query("   "), None);
    }
}
