//! Finding processes: full-text search and filters, on both backends, with stable paging.

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Double, Nullable, Text};

use super::store::{OrganizationRow, ProcessRow};
use crate::db::schema::{organizations, process_parties, processes};
use crate::db::DbConnection;

type Backend = <DbConnection as diesel::Connection>::Backend;

/// SQLite's search index keys a process by `KEY_BASE - rowid` ([`index_key`]), so its own
/// order (ascending) is the newest stored first. FTS5 walks a list forwards much faster than
/// backwards: a step back decodes the list's page again from its start, and intersecting a
/// common word with a rarer filter steps through the word's whole list (`q=de&value_min=5000000`
/// at 100,000 processes: 3.4 ms newest first backwards, 1.1 forwards).
pub(crate) const KEY_BASE: i64 = 1 << 62;

/// [`KEY_BASE`] as SQL text, for the statements' `concat!`.
macro_rules! key_base {
    () => {
        "4611686018427387904"
    };
}

/// The search index's key of the process stored at `rowid` (SQLite).
pub(crate) fn index_key(rowid: i64) -> i64 {
    KEY_BASE - rowid
}

/// What a caller may filter on. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// Processes a risk indicator flags (its code), or `any` for those any indicator flags.
    pub indicator: Option<String>,
}

impl ProcessFilter {
    /// Whether words are all it filters on.
    pub fn words_only(&self) -> bool {
        *self
            == ProcessFilter {
                q: self.q.clone(),
                ..ProcessFilter::default()
            }
    }
}

/// A page of results. Ordering is by latest release date, newest first, then ocid (both
/// descending, so one index scanned backwards gives the order): a total order, so pages
/// neither repeat nor skip rows while the data stands still.
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

/// The codes of the indicators that flag each of these processes.
fn flags_of(
    conn: &mut DbConnection,
    ocids: &[&str],
) -> QueryResult<std::collections::HashMap<String, Vec<String>>> {
    use crate::db::schema::risk_flags;
    let mut flags: std::collections::HashMap<String, Vec<String>> = Default::default();
    for chunk in ocids.chunks(500) {
        let rows: Vec<(String, String)> = risk_flags::table
            .filter(risk_flags::scope.eq(crate::risk::Scope::Ocid.as_str()))
            .filter(risk_flags::subject.eq_any(chunk))
            .select((risk_flags::subject, risk_flags::code))
            .load(conn)?;
        for (ocid, code) in rows {
            flags.entry(ocid).or_default().push(code);
        }
    }
    Ok(flags)
}

/// Writes the index entries of these processes (SQLite, by rowid), with the codes of the
/// indicators that flag each (`replace`: their old entries are deleted first).
fn write_entries(
    conn: &mut DbConnection,
    rows: &[(i64, ProcessRow)],
    replace: bool,
) -> QueryResult<()> {
    let ocids: Vec<&str> = rows.iter().map(|(_, row)| row.ocid.as_str()).collect();
    let flags = flags_of(conn, &ocids)?;
    // Keys ascending, deletes before inserts: FTS5 writes out what it holds whenever a key is
    // not above the last one, which would make a segment of every entry.
    let mut keyed: Vec<(i64, &ProcessRow)> = rows
        .iter()
        .map(|(rowid, row)| (index_key(*rowid), row))
        .collect();
    keyed.sort_by_key(|(key, _)| *key);
    if replace {
        for (key, _) in &keyed {
            diesel::sql_query("DELETE FROM process_search WHERE rowid = ?")
                .bind::<diesel::sql_types::BigInt, _>(key)
                .execute(conn)?;
        }
    }
    for (key, row) in keyed {
        let flagged = flags.get(&row.ocid).map_or(&[][..], Vec::as_slice);
        diesel::sql_query("INSERT INTO process_search (rowid, body) VALUES (?, ?)")
            .bind::<diesel::sql_types::BigInt, _>(key)
            .bind::<Text, _>(crate::ocds::words::entry(
                &row.search_text(),
                &row.filter_values(flagged),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Writes the filters' lexemes of these processes' search vectors (PostgreSQL), with the
/// codes of the indicators that flag each; rows already right are not rewritten, nor, when
/// `if_unchanged`, rows stored again since they were read here (the import that stored them
/// wrote their facets, from its newer row).
fn write_facets(
    conn: &mut DbConnection,
    rows: &[ProcessRow],
    if_unchanged: bool,
) -> QueryResult<()> {
    let ocids: Vec<&str> = rows.iter().map(|row| row.ocid.as_str()).collect();
    let read_at: Vec<NaiveDateTime> = rows.iter().map(|row| row.updated_at).collect();
    let flags = flags_of(conn, &ocids)?;
    let facets: Vec<String> = rows
        .iter()
        .map(|row| {
            let flagged = flags.get(&row.ocid).map_or(&[][..], Vec::as_slice);
            row.filter_values(flagged).terms()
        })
        .collect();
    let DbConnection::Postgresql(c) = conn else {
        return Ok(());
    };
    diesel::sql_query(
        "UPDATE processes SET facets = v.facets \
         FROM unnest($1::text[], $2::text[], $3::timestamp[]) AS v(ocid, facets, read_at) \
         WHERE processes.ocid = v.ocid AND processes.facets <> v.facets \
         AND (NOT $4 OR processes.updated_at = v.read_at)",
    )
    .bind::<diesel::sql_types::Array<Text>, _>(&ocids)
    .bind::<diesel::sql_types::Array<Text>, _>(&facets)
    .bind::<diesel::sql_types::Array<diesel::sql_types::Timestamp>, _>(&read_at)
    .bind::<Bool, _>(if_unchanged)
    .execute(c)?;
    Ok(())
}

/// Processes with their rowids (SQLite), newest stored first (the search index's keys
/// ascending), a thousand at most.
fn with_rowids(
    conn: &mut DbConnection,
    filter: Box<dyn BoxableExpression<processes::table, diesel::sqlite::Sqlite, SqlType = Bool>>,
) -> QueryResult<Vec<(i64, ProcessRow)>> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(Vec::new());
    };
    processes::table
        .filter(filter)
        .order(sql::<diesel::sql_types::BigInt>("processes.rowid DESC"))
        .limit(1000)
        .select((
            sql::<diesel::sql_types::BigInt>("processes.rowid"),
            ProcessRow::as_select(),
        ))
        .load(c)
}

/// Which version of the index a database holds; `reindex` brings older ones up to it. The two
/// backends' indexes change apart: SQLite's full-text entries (6: keyed newest first, see
/// [`KEY_BASE`]; 5: the filters' words as `words` makes them) and PostgreSQL's facets (5).
fn search_index_version(conn: &DbConnection) -> i64 {
    match conn {
        DbConnection::Sqlite(_) => 6,
        DbConnection::Postgresql(_) => 5,
    }
}

/// Rebuilds the filters' words when a migration asks for it (`search_index.version`): SQLite's
/// full-text entries (stems are computed here, not in SQL), PostgreSQL's facets (bucket edges
/// are exact in Rust), a thousand processes per transaction.
pub fn reindex(conn: &mut DbConnection) -> QueryResult<u64> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        version: i64,
    }
    let current = |conn: &mut DbConnection| -> QueryResult<bool> {
        let versions: Vec<Version> =
            diesel::sql_query("SELECT version FROM search_index").load(conn)?;
        let wanted = search_index_version(conn);
        Ok(versions.iter().all(|v| v.version >= wanted))
    };
    if current(conn)? {
        return Ok(0);
    }
    match conn {
        DbConnection::Sqlite(_) => rebuild_entries(conn),
        DbConnection::Postgresql(_) => {
            // Instances starting together: one fills, the others wait and find it done.
            diesel::sql_query(format!("SELECT pg_advisory_lock({REINDEX_LOCK})")).execute(conn)?;
            let filled = match current(conn) {
                Ok(true) => Ok(0),
                Ok(false) => fill_facets(conn),
                Err(e) => Err(e),
            };
            diesel::sql_query(format!("SELECT pg_advisory_unlock({REINDEX_LOCK})"))
                .execute(conn)?;
            // Every row rewritten leaves a dead copy behind: the reads that follow were twice
            // as slow until a vacuum (7 → 14 ms at 100,000 processes; 5.5 after it). Only
            // outside a transaction (where it cannot run); autovacuum gets there otherwise.
            if filled.as_ref().is_ok_and(|n| *n > 0) && !in_transaction(conn) {
                diesel::sql_query("VACUUM ANALYZE processes").execute(conn)?;
            }
            filled
        }
    }
}

/// Whether a PostgreSQL connection is inside a transaction (where `VACUUM` cannot run).
fn in_transaction(conn: &mut DbConnection) -> bool {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let DbConnection::Postgresql(c) = conn else {
        return false;
    };
    !matches!(
        AnsiTransactionManager::transaction_manager_status_mut(c).transaction_depth(),
        Ok(None)
    )
}

/// The advisory lock the instances of one PostgreSQL database take to fill the facets.
const REINDEX_LOCK: i64 = 0x7665_6564_6f72_0001;

fn set_search_index_version(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::sql_query(format!(
        "UPDATE search_index SET version = {}",
        search_index_version(conn)
    ))
    .execute(conn)
    .map(|_| ())
}

fn rebuild_entries(conn: &mut DbConnection) -> QueryResult<u64> {
    use diesel::connection::SimpleConnection;
    // Whatever the migration that asked left in it: every entry is written again.
    conn.batch_execute("DELETE FROM process_search")?;
    let mut before = i64::MAX;
    let mut done = 0_u64;
    loop {
        let batch = with_rowids(
            conn,
            Box::new(
                sql::<Bool>("processes.rowid < ").bind::<diesel::sql_types::BigInt, _>(before),
            ),
        )?;
        let Some(last) = batch.last().map(|(rowid, _)| *rowid) else {
            break;
        };
        conn.transaction(|conn| write_entries(conn, &batch, false))?;
        done += batch.len() as u64;
        before = last;
    }
    set_search_index_version(conn)?;
    Ok(done)
}

/// Writes every row's facets again (empty after the migration that added them; older words
/// after a change of the words, [`search_index_version`]). Instances of an older version still
/// writing would store processes with older ones: stop them before migrating.
fn fill_facets(conn: &mut DbConnection) -> QueryResult<u64> {
    let mut after = String::new();
    let mut done = 0_u64;
    loop {
        let batch: Vec<ProcessRow> = processes::table
            .filter(processes::ocid.gt(&after))
            .order(processes::ocid)
            .limit(1000)
            .select(ProcessRow::as_select())
            .load(conn)?;
        let Some(last) = batch.last().map(|row| row.ocid.clone()) else {
            break;
        };
        conn.transaction(|conn| write_facets(conn, &batch, true))?;
        done += batch.len() as u64;
        after = last;
    }
    set_search_index_version(conn)?;
    Ok(done)
}

/// Writes again the filters' words of these processes, whose flags changed: the indicators'
/// job calls it in the transaction that replaces the flags.
pub fn reindex_processes(conn: &mut DbConnection, ocids: &[String]) -> QueryResult<()> {
    // Chunks within `with_rowids`' limit.
    for chunk in ocids.chunks(500) {
        if let DbConnection::Sqlite(_) = conn {
            let rows = with_rowids(conn, Box::new(processes::ocid.eq_any(chunk.to_vec())))?;
            write_entries(conn, &rows, true)?;
        } else {
            let rows: Vec<ProcessRow> = processes::table
                .filter(processes::ocid.eq_any(chunk))
                .select(ProcessRow::as_select())
                .load(conn)?;
            write_facets(conn, &rows, false)?;
        }
    }
    Ok(())
}

/// How a filter on risk flags is read: the same processes either way, by two plans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FlagsRead {
    FromTheFlags,
    PerProcess,
}

fn filtered<'a>(
    conn: &DbConnection,
    f: &'a ProcessFilter,
    flags: FlagsRead,
) -> processes::BoxedQuery<'a, Backend> {
    let mut query = processes::table.into_boxed::<Backend>();
    // Control characters (a NUL, which PostgreSQL refuses) are never part of a word.
    let q = f.q.as_deref().map(|q| q.replace(char::is_control, " "));
    if let Some(q) = q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        match conn {
            DbConnection::Sqlite(_) => {
                let expr = fts5_query(q).unwrap_or_default();
                query = query.filter(
                    sql::<Bool>(concat!(
                        "processes.rowid IN (SELECT ",
                        key_base!(),
                        " - rowid FROM process_search WHERE process_search MATCH "
                    ))
                    .bind::<Text, _>(expr)
                    .sql(")"),
                );
            }
            DbConnection::Postgresql(_) => {
                query = query.filter(pg_search_matches(Some(q), None));
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
    query = within_ranges(query, f);
    if let Some(code) = &f.indicator {
        use crate::db::schema::risk_flags;
        let of_processes = risk_flags::scope.eq(crate::risk::Scope::Ocid.as_str());
        let code = (code != "any").then_some(code.as_str());
        // Four arms, not one boxed subquery: the multi-backend connection cannot box a
        // subquery, nor correlate one with the outer table.
        query = match (flags, code) {
            // Driven by the flags (`risk_flags_by_code`): how counts reach the cap quickly.
            (FlagsRead::FromTheFlags, None) => query.filter(
                processes::ocid.eq_any(
                    risk_flags::table
                        .filter(of_processes)
                        .select(risk_flags::subject),
                ),
            ),
            (FlagsRead::FromTheFlags, Some(code)) => query.filter(
                processes::ocid.eq_any(
                    risk_flags::table
                        .filter(risk_flags::code.eq(code))
                        .filter(of_processes)
                        .select(risk_flags::subject),
                ),
            ),
            // Checked on each process as a listing walks them newest first (the flags' primary
            // key): a page of a common flag reads a few hundred processes, not every flagged one.
            (FlagsRead::PerProcess, None) => query.filter(diesel::dsl::exists(
                risk_flags::table
                    .filter(of_processes)
                    .filter(risk_flags::subject.eq(processes::ocid)),
            )),
            (FlagsRead::PerProcess, Some(code)) => query.filter(diesel::dsl::exists(
                risk_flags::table
                    .filter(of_processes)
                    .filter(risk_flags::subject.eq(processes::ocid))
                    .filter(risk_flags::code.eq(code)),
            )),
        };
    }
    query
}

/// The exact value and date ranges of a filter.
fn within_ranges<'a>(
    mut query: processes::BoxedQuery<'a, Backend>,
    f: &ProcessFilter,
) -> processes::BoxedQuery<'a, Backend> {
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

/// The words (matched as written or in any language's stem: `search_words`, defined with the
/// vector by migration `search_facets`) and the filters' lexemes (`facets`, a tsquery:
/// [`IndexedFilters::tsquery`]), as conditions on the one search vector (PostgreSQL), so its
/// GIN index intersects them all in one scan.
fn pg_search_matches(
    words: Option<&str>,
    facets: Option<String>,
) -> Box<dyn BoxableExpression<processes::table, Backend, SqlType = Bool>> {
    match (words, facets) {
        // Two conditions, not one `&&` of the queries: words PostgreSQL finds no lexeme in
        // (a word too long to index) must match nothing, as alone, where `&&` would drop
        // them. The GIN index still intersects both in one scan.
        (Some(q), Some(facets)) => Box::new(
            sql::<Bool>("search @@ search_words(")
                .bind::<Text, _>(q.to_owned())
                .sql(") AND search @@ ")
                .bind::<Text, _>(facets)
                .sql("::tsquery"),
        ),
        (Some(q), None) => Box::new(
            sql::<Bool>("search @@ search_words(")
                .bind::<Text, _>(q.to_owned())
                .sql(")"),
        ),
        (None, Some(facets)) => Box::new(
            sql::<Bool>("search @@ ")
                .bind::<Text, _>(facets)
                .sql("::tsquery"),
        ),
        (None, None) => Box::new(sql::<Bool>("TRUE")),
    }
}

/// How far listings count: beyond it they say "more than".
pub const COUNT_CAP: i64 = 10_000;

/// Flagged processes up to this many are listed over their keys; beyond, walked newest first.
const FEW_TO_WALK: i64 = 2_000;

/// How many processes an indicator alone flags, up to `limit`, from the flags' indexes alone
/// (a flag is only stored for a stored process).
fn flagged_processes(conn: &mut DbConnection, f: &ProcessFilter, limit: i64) -> QueryResult<i64> {
    use crate::db::schema::risk_flags;
    let of_processes = risk_flags::scope.eq(crate::risk::Scope::Ocid.as_str());
    let seen: Vec<String> = match f.indicator.as_deref() {
        Some("any") | None => risk_flags::table
            .filter(of_processes)
            .select(risk_flags::subject)
            .distinct()
            .limit(limit)
            .load(conn)?,
        Some(code) => risk_flags::table
            .filter(risk_flags::code.eq(code))
            .filter(of_processes)
            .select(risk_flags::subject)
            .limit(limit)
            .load(conn)?,
    };
    Ok(seen.len() as i64)
}

/// How many matches PostgreSQL ranks by relevance; beyond, the newest come first.
const PG_RANK_CAP: i64 = 1_000;

pub fn search(
    conn: &mut DbConnection,
    filter: &ProcessFilter,
    page: i64,
    per_page: i64,
) -> QueryResult<Page<ProcessRow>> {
    search_counting_to(conn, filter, page, per_page, COUNT_CAP)
}

/// [`search`], counting up to `cap`.
///
/// Words searched put the best matches first (FTS5's bm25 when there are at most `cap` of
/// them, PostgreSQL's ts_rank up to a thousand); beyond, ranking every match would grow with
/// the data, so the newest come first, as without words (the page says "more than 10,000":
/// add words to narrow). Either way the work is bounded by `cap`, not by the catalogue.
pub fn search_counting_to(
    conn: &mut DbConnection,
    filter: &ProcessFilter,
    page: i64,
    per_page: i64,
    cap: i64,
) -> QueryResult<Page<ProcessRow>> {
    let page = page.max(1);
    // Text without a single word (punctuation, say) searches for nothing: it is not a filter
    // (the full-text index would refuse it as syntax).
    let without_words;
    let filter = match filter.q.as_deref() {
        Some(q) if crate::ocds::words::query_terms(q).is_empty() => {
            without_words = ProcessFilter {
                q: None,
                ..filter.clone()
            };
            &without_words
        }
        _ => filter,
    };
    let words = filter
        .q
        .as_deref()
        .map(|q| q.replace(char::is_control, " "))
        .filter(|q| !q.trim().is_empty());
    let only_words = words.is_some() && filter.words_only();
    if let (Some(q), DbConnection::Sqlite(_)) = (words.as_deref(), &*conn) {
        if let Some(filters) = filters_as_words(filter) {
            return words_sqlite(conn, q, &filters, filter, page, per_page, cap);
        }
    }
    // PostgreSQL: words with filters, or several filters, are matched in the search vector,
    // which holds the filters as lexemes.
    if let DbConnection::Postgresql(_) = conn {
        let least = if words.is_some() { 1 } else { 2 };
        if let Some(indexed) = filters_as_words(filter).filter(|i| i.len() >= least) {
            if let Some(found) = faceted_pg(
                conn,
                words.as_deref(),
                &indexed,
                filter,
                page,
                per_page,
                cap,
            )? {
                return Ok(found);
            }
        }
    }
    // PostgreSQL: words its statistics expect in many times the cap are not counted (the
    // count would read 10,001 rows to say what the statistics already say: "more than").
    let expected_many = match (words.as_deref(), &*conn) {
        (Some(q), DbConnection::Postgresql(_)) if only_words => {
            estimated_matches(conn, Some(q), None)? > cap
        }
        _ => false,
    };
    // Counted up to the cap: "more than 10,000" rather than counting millions on each page.
    // Words ranked on SQLite and risk flags need the matches' keys (see below); otherwise a
    // constant per row is all the count reads (10,001 dates and ocids parsed and copied cost
    // more than the index scan).
    let sqlite = matches!(conn, DbConnection::Sqlite(_));
    let flagged = filter.indicator.is_some();
    // An indicator alone is read from the flags' own index; beside other filters, each process
    // those filters reach is checked for the flag (never the whole list of a common flag).
    let flags_alone = flagged
        && *filter
            == (ProcessFilter {
                indicator: filter.indicator.clone(),
                ..Default::default()
            });
    let flags = if flags_alone {
        FlagsRead::FromTheFlags
    } else {
        FlagsRead::PerProcess
    };
    // SQLite: an indicator beside other filters is counted by the index, which holds both as
    // words (walking a filter's index to look each process up among the flags grew until the
    // count reached its cap, or through the whole index for a rare combination).
    let flags_indexed = match (&mut *conn, flagged && !flags_alone && words.is_none()) {
        (DbConnection::Sqlite(c), true) => match filters_as_words(filter) {
            Some(indexed) => Some(index_hits(c, None, &indexed, filter, cap + 1)?),
            None => None,
        },
        _ => None,
    };
    let (counted, seen): (Vec<(Option<NaiveDateTime>, String)>, i64) = if expected_many {
        (Vec::new(), cap + 1)
    } else if let Some(hits) = &flags_indexed {
        (Vec::new(), hits.len() as i64)
    } else if words.is_some() && sqlite {
        let keys: Vec<(Option<NaiveDateTime>, String)> = filtered(conn, filter, flags)
            .select((processes::last_release_date, processes::ocid))
            .limit(cap + 1)
            .load(conn)?;
        let seen = keys.len() as i64;
        (keys, seen)
    } else if flags_alone {
        (Vec::new(), flagged_processes(conn, filter, cap + 1)?)
    } else {
        let ones: Vec<i32> = filtered(conn, filter, flags)
            .select(sql::<diesel::sql_types::Integer>("1"))
            .limit(cap + 1)
            .load(conn)?;
        (Vec::new(), ones.len() as i64)
    };
    let capped = seen > cap;
    let total = seen.min(cap);
    let offset = (page - 1).saturating_mul(per_page);
    // PostgreSQL's ts_rank reads each match's vector: it ranks up to a thousand (FTS5's bm25
    // is computed inside the index, cheap up to the cap).
    let rank = match conn {
        DbConnection::Sqlite(_) => !capped,
        DbConnection::Postgresql(_) => total <= PG_RANK_CAP,
    };
    let items = match (words, rank) {
        (Some(q), true) => match conn {
            DbConnection::Sqlite(_) => ranked_sqlite(conn, &q, counted, offset, per_page, cap)?,
            DbConnection::Postgresql(_) => filtered(conn, filter, flags)
                .order(pg_rank_desc(&q))
                .then_order_by((processes::last_release_date.desc(), processes::ocid.desc()))
                .limit(per_page)
                .offset(offset)
                .select(ProcessRow::as_select())
                .load(conn)?,
        },
        // Few flagged processes: the page is read over their keys (walked newest first, a rare
        // flag would have the walk read the whole catalogue to fill a page).
        _ if flagged && seen <= FEW_TO_WALK.min(cap) => {
            if let (Some(hits), DbConnection::Sqlite(c)) = (&flags_indexed, &mut *conn) {
                let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
                return Ok(Page {
                    total,
                    capped,
                    page,
                    per_page,
                    items: processes::table
                        .filter(rowid_in(&ids))
                        .order((processes::last_release_date.desc(), processes::ocid.desc()))
                        .limit(per_page)
                        .offset(offset)
                        .select(ProcessRow::as_select())
                        .load(c)?,
                });
            }
            let few: Vec<String> = filtered(conn, filter, flags)
                .select(processes::ocid)
                .limit(FEW_TO_WALK + 1)
                .load(conn)?;
            // Ordered by the database, as every other listing is (its collation breaks ties
            // between ocids, which on PostgreSQL need not be byte order).
            processes::table
                .filter(processes::ocid.eq_any(&few))
                .order((processes::last_release_date.desc(), processes::ocid.desc()))
                .limit(per_page)
                .offset(offset)
                .select(ProcessRow::as_select())
                .load(conn)?
        }
        // Newest first; a flag is checked on each process as the walk reaches it, so a page
        // reads about per_page × (catalogue ÷ matches) rows, and matches are many.
        _ => filtered(conn, filter, FlagsRead::PerProcess)
            .order((processes::last_release_date.desc(), processes::ocid.desc()))
            .limit(per_page)
            .offset(offset)
            .select(ProcessRow::as_select())
            .load(conn)?,
    };
    Ok(Page {
        total,
        capped,
        page,
        per_page,
        items,
    })
}

/// Best matches of the words first (PostgreSQL's `ts_rank`, which reads each match's vector).
fn pg_rank_desc(
    q: &str,
) -> Box<dyn BoxableExpression<processes::table, Backend, SqlType = Double>> {
    Box::new(
        sql::<Double>("ts_rank(search, plainto_tsquery('simple', ")
            .bind::<Text, _>(q.to_owned())
            .sql(") || plainto_tsquery('spanish', ")
            .bind::<Text, _>(q.to_owned())
            .sql(")) DESC"),
    )
}

/// Words with filters, or several filters, on PostgreSQL, when the planner expects few
/// matches: the words and the filters' lexemes matched in the search vector, whose GIN
/// index intersects their lists (a rare one's short list skips through a common one's), the
/// exact ranges checked on what it finds. Counted up to the cap. At most the cap match: the
/// page is sorted from them (ranked up to [`PG_RANK_CAP`]); the planner, expecting matches
/// spread evenly over the dates, would otherwise walk the newest-first index and read most of
/// the catalogue when they are not. Beyond the cap, matches are many enough that the walk
/// fills a page soon.
///
/// Many matches expected (three times the cap: the planner multiplies the filters'
/// frequencies, and filters that go together are often off by that much): the index would
/// intersect long lists whole (past its memory, rechecking pages), so filters alone take the
/// general plan (`None`: one filter's index walked, the others checked on each row, cheaply,
/// until the cap), and words are said to match "more than" the cap, as alone (checking words
/// on each row is what costs), the page walking the newest first.
fn faceted_pg(
    conn: &mut DbConnection,
    words: Option<&str>,
    indexed: &IndexedFilters,
    exact: &ProcessFilter,
    page: i64,
    per_page: i64,
    cap: i64,
) -> QueryResult<Option<Page<ProcessRow>>> {
    let facets = indexed.tsquery();
    let offset = (page - 1).saturating_mul(per_page);
    let newest = (processes::last_release_date.desc(), processes::ocid.desc());
    if estimated_matches(conn, words, Some(&facets))? > MANY_EXPECTED.max(3 * cap) {
        if words.is_none() {
            return Ok(None);
        }
        let items = filtered(conn, exact, FlagsRead::PerProcess)
            .order(newest)
            .limit(per_page)
            .offset(offset)
            .select(ProcessRow::as_select())
            .load(conn)?;
        return Ok(Some(Page {
            total: cap,
            capped: true,
            page,
            per_page,
            items,
        }));
    }
    let matching = || {
        within_ranges(
            processes::table
                .into_boxed::<Backend>()
                .filter(pg_search_matches(words, Some(facets.clone()))),
            exact,
        )
    };
    // The matches' keys, not a constant: each is read from its row either way (there is no
    // index-only count over GIN), and with them the page needs no second pass over the index.
    let keys: Vec<(Option<NaiveDateTime>, String)> = matching()
        .select((processes::last_release_date, processes::ocid))
        .limit(cap + 1)
        .load(conn)?;
    let seen = keys.len() as i64;
    let capped = seen > cap;
    let total = seen.min(cap);
    let items = if capped {
        filtered(conn, exact, FlagsRead::PerProcess)
            .order(newest)
            .limit(per_page)
            .offset(offset)
            .select(ProcessRow::as_select())
            .load(conn)?
    } else if let Some(q) = words.filter(|_| total <= PG_RANK_CAP) {
        let ocids: Vec<&str> = keys.iter().map(|(_, ocid)| ocid.as_str()).collect();
        processes::table
            .filter(processes::ocid.eq_any(ocids))
            .order(pg_rank_desc(q))
            .then_order_by(newest)
            .limit(per_page)
            .offset(offset)
            .select(ProcessRow::as_select())
            .load(conn)?
    } else {
        page_of_keys(conn, keys, offset, per_page)?
    };
    Ok(Some(Page {
        total,
        capped,
        page,
        per_page,
        items,
    }))
}

/// The page `offset..offset + per_page` of these processes newest first, read over their keys:
/// the few that can be on it are picked here by date, and the database orders them (it breaks
/// ties between ocids by its collation, as every other listing does).
fn page_of_keys(
    conn: &mut DbConnection,
    mut keys: Vec<(Option<NaiveDateTime>, String)>,
    offset: i64,
    per_page: i64,
) -> QueryResult<Vec<ProcessRow>> {
    // Newest first as `DESC` orders: processes without a date first on PostgreSQL, last on
    // SQLite.
    let undated_first = matches!(conn, DbConnection::Postgresql(_));
    let order =
        |date: &Option<NaiveDateTime>| (date.is_some() == undated_first, std::cmp::Reverse(*date));
    keys.sort_by_key(|(date, _)| order(date));
    let start = usize::try_from(offset).unwrap_or(0);
    let end = start
        .saturating_add(usize::try_from(per_page).unwrap_or(0))
        .min(keys.len());
    if start >= end {
        return Ok(Vec::new());
    }
    let (first, last) = (order(&keys[start].0), order(&keys[end - 1].0));
    // Every key dated as the page's first and last, and all between.
    let before = keys.partition_point(|(date, _)| order(date) < first);
    let through = keys.partition_point(|(date, _)| order(date) <= last);
    let candidates: Vec<&str> = keys[before..through]
        .iter()
        .map(|(_, ocid)| ocid.as_str())
        .collect();
    processes::table
        .filter(processes::ocid.eq_any(candidates))
        .order((processes::last_release_date.desc(), processes::ocid.desc()))
        .limit(per_page)
        .offset((start - before) as i64)
        .select(ProcessRow::as_select())
        .load(conn)
}

/// Matches the planner expects beyond which words with filters are not counted, nor filters
/// counted in the index (PostgreSQL; at least three times the cap, so that its estimate would
/// have to be three times too high for a listing to say "more than" wrongly).
const MANY_EXPECTED: i64 = 30_000;

/// Buyers a search may list as words (a name found in the directory gives a few); more take
/// the general plan.
const MAX_BUYERS_AS_WORDS: usize = 50;

/// The filters as an FTS5 expression over their words in the index (`""` for none), when
/// words can say them all. Ranges of values and dates are said by their buckets, so what the
/// index finds is checked against the exact range.
fn filters_as_words(f: &ProcessFilter) -> Option<IndexedFilters> {
    use crate::ocds::words::{date_range, filter_term, value_range, FilterField};
    // Every field named: a filter added later must be said here too, or the index would
    // ignore it.
    let ProcessFilter {
        q: _,
        buyer,
        buyer_in,
        procuring_entity,
        method,
        category,
        status,
        stage,
        public_works,
        value_min,
        value_max,
        date_from,
        date_to,
        indicator,
    } = f;
    let term = |field: FilterField, value: &str| format!("\"{}\"", filter_term(field, value));
    let mut parts = Vec::new();
    if let Some(list) = buyer_in {
        if list.is_empty() || list.len() > MAX_BUYERS_AS_WORDS {
            return None;
        }
        let any: Vec<String> = list.iter().map(|b| term(FilterField::Buyer, b)).collect();
        parts.push(format!("({})", any.join(" OR ")));
    }
    let public_works = public_works.map(|w| if w { "true" } else { "false" });
    for (field, value) in [
        (FilterField::Buyer, buyer.as_deref()),
        (FilterField::ProcuringEntity, procuring_entity.as_deref()),
        (FilterField::Method, method.as_deref()),
        (FilterField::Category, category.as_deref()),
        (FilterField::Status, status.as_deref()),
        (FilterField::Stage, stage.as_deref()),
        (FilterField::PublicWorks, public_works),
    ] {
        if let Some(value) = value {
            parts.push(term(field, value));
        }
    }
    if let Some(code) = indicator {
        parts.push(format!("\"{}\"", crate::ocds::words::flag_term(code)?));
    }
    let mut ranges = Vec::new();
    if value_min.is_some() || value_max.is_some() {
        ranges.push(value_range(*value_min, *value_max));
    }
    if date_from.is_some() || date_to.is_some() {
        ranges.push(date_range(*date_from, *date_to));
    }
    Some(IndexedFilters { parts, ranges })
}

/// Filters as FTS5 expressions over the index's words: those said exactly (`parts`, ANDed)
/// and ranges (by their buckets).
struct IndexedFilters {
    parts: Vec<String>,
    ranges: Vec<crate::ocds::words::RangeWords>,
}

impl IndexedFilters {
    fn is_empty(&self) -> bool {
        self.parts.is_empty() && self.ranges.is_empty()
    }

    /// How many conditions: a list of buyers, a filter, an indicator, a range.
    fn len(&self) -> usize {
        self.parts.len() + self.ranges.len()
    }

    /// Everything [`IndexedFilters::whole`] finds without words, as a PostgreSQL tsquery over
    /// the facets' lexemes (the rows it finds are checked against the exact ranges).
    fn tsquery(&self) -> String {
        crate::ocds::words::as_tsquery(&self.whole(None))
    }

    fn and(words: Option<&str>, parts: impl IntoIterator<Item = String>) -> String {
        words
            .map(str::to_owned)
            .into_iter()
            .chain(parts)
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    /// Everything the index finds for the words and the filters (ranges by every bucket they
    /// cover).
    fn whole(&self, words: Option<&str>) -> String {
        let ranges = self.ranges.iter().map(|r| r.whole.clone());
        Self::and(words, self.parts.iter().cloned().chain(ranges))
    }

    /// What the index finds inside every range (no check needed); `None` when a range has no
    /// bucket inside it.
    fn unchecked(&self, words: Option<&str>) -> Option<String> {
        let inside: Option<Vec<String>> = self.ranges.iter().map(|r| r.inside.clone()).collect();
        Some(Self::and(words, self.parts.iter().cloned().chain(inside?)))
    }

    /// What the index finds at a range's end (to be checked against the exact ranges): the
    /// rest of [`IndexedFilters::whole`]. `None` without ranges, or ends.
    fn checked(&self, words: Option<&str>) -> Option<String> {
        let ends: Vec<String> = self.ranges.iter().flat_map(|r| r.ends.clone()).collect();
        if ends.is_empty() {
            return None;
        }
        let whole = self.ranges.iter().map(|r| r.whole.clone());
        let at_ends = format!("({})", ends.join(" OR "));
        Some(Self::and(
            words,
            self.parts.iter().cloned().chain(whole).chain([at_ends]),
        ))
    }
}

/// Words, and filters the index holds as words (`filters`, an FTS5 expression), on SQLite: the
/// index alone counts (up to the cap), intersecting the word's matches with the filters' a
/// page of its lists at a time, and orders the page (bm25, or the newest stored when the
/// matches are too many to rank). So a word in every process, with a filter most of them
/// pass, costs what a rare word does: the matches are never listed whole, and no process row
/// is read but the page's. Ranges (`exact`) are checked on the rows the index finds, which
/// are mostly inside them (only the buckets at their ends hold processes outside).
fn words_sqlite(
    conn: &mut DbConnection,
    q: &str,
    filters: &IndexedFilters,
    exact: &ProcessFilter,
    page: i64,
    per_page: i64,
    cap: i64,
) -> QueryResult<Page<ProcessRow>> {
    let words = fts5_query(q);
    let offset = (page - 1).saturating_mul(per_page);
    let DbConnection::Sqlite(c) = conn else {
        return Ok(Page {
            total: 0,
            capped: false,
            page,
            per_page,
            items: Vec::new(),
        });
    };
    let hits = index_hits(c, words.as_deref(), filters, exact, cap + 1)?;
    let capped = hits.len() as i64 > cap;
    let total = (hits.len() as i64).min(cap);
    // The page's order comes from the index alone, by rowid (no process row is read but the
    // page's own): the best matches first when the words alone are few enough to score (bm25,
    // computed inside the index), otherwise the newest stored first.
    let order: Vec<i64> = if capped {
        hits.iter().map(|h| h.id).collect()
    } else {
        let words = fts5_query(q).unwrap_or_default();
        // Scoring costs about a microsecond a match: only words that match few enough are
        // scored (counted first, without scores, when filters narrowed them).
        let rankable = !hits.is_empty()
            && (filters.is_empty()
                || {
                    let ids: Vec<Hit> = diesel::sql_query(
                    "SELECT rowid AS id, 0.0 AS score FROM process_search WHERE process_search MATCH ? LIMIT ?",
                )
                .bind::<Text, _>(&words)
                .bind::<diesel::sql_types::BigInt, _>(cap + 1)
                .load(c)?;
                    ids.len() as i64 <= cap
                });
        let scored: Vec<Hit> = if rankable {
            diesel::sql_query(concat!(
                "SELECT ",
                key_base!(),
                " - rowid AS id, rank AS score FROM process_search WHERE process_search MATCH ?"
            ))
            .bind::<Text, _>(&words)
            .load(c)?
        } else {
            Vec::new()
        };
        let score: std::collections::HashMap<i64, f64> =
            scored.iter().map(|h| (h.id, h.score)).collect();
        let mut order: Vec<(f64, i64)> = hits
            .iter()
            .map(|h| (score.get(&h.id).copied().unwrap_or(0.0), h.id))
            .collect();
        // Smallest bm25 first, then the newest stored: a total order.
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
        order.into_iter().map(|(_, id)| id).collect()
    };
    let wanted: Vec<i64> = order
        .into_iter()
        .skip(offset.max(0) as usize)
        .take(per_page.max(0) as usize)
        .collect();
    let mut rows: Vec<(i64, ProcessRow)> = processes::table
        .filter(rowid_in(&wanted))
        .select((
            sql::<diesel::sql_types::BigInt>("processes.rowid"),
            ProcessRow::as_select(),
        ))
        .load(c)?;
    rows.sort_by_key(|(id, _)| wanted.iter().position(|w| w == id));
    let items = rows.into_iter().map(|(_, row)| row).collect();
    Ok(Page {
        total,
        capped,
        page,
        per_page,
        items,
    })
}

/// The processes the index finds for the words and the filters, newest stored first, at most
/// `limit`. Inside the ranges the index is trusted; at their ends (the finest buckets, where
/// processes just outside a range lie too) each row is checked against `exact`, and only
/// above the lowest unchecked match, when those already fill the limit.
fn index_hits(
    c: &mut diesel::SqliteConnection,
    words: Option<&str>,
    filters: &IndexedFilters,
    exact: &ProcessFilter,
    limit: i64,
) -> QueryResult<Vec<Hit>> {
    let unchecked_query = |expr: &str| {
        diesel::sql_query(concat!(
            "SELECT ",
            key_base!(),
            " - rowid AS id, 0.0 AS score FROM process_search WHERE process_search MATCH ? \
             ORDER BY rowid LIMIT ?"
        ))
        .bind::<Text, _>(expr.to_owned())
        .bind::<diesel::sql_types::BigInt, _>(limit)
    };
    if filters.ranges.is_empty() {
        return unchecked_query(&filters.whole(words)).load(c);
    }
    let mut hits: Vec<Hit> = match filters.unchecked(words) {
        Some(expr) => unchecked_query(&expr).load(c)?,
        None => Vec::new(),
    };
    // Keys below the lowest unchecked match's (newer processes), when those fill the limit.
    let below = match hits.last() {
        Some(lowest) if hits.len() as i64 >= limit => index_key(lowest.id),
        _ => i64::MAX,
    };
    if let Some(expr) = filters.checked(words) {
        use diesel::sql_types::{BigInt, Double, Timestamp};
        let checked: Vec<Hit> = diesel::sql_query(concat!(
            "SELECT ",
            key_base!(),
            " - process_search.rowid AS id, 0.0 AS score FROM process_search \
             JOIN processes ON processes.rowid = ",
            key_base!(),
            " - process_search.rowid \
             WHERE process_search MATCH ?1 AND process_search.rowid < ?7 \
             AND (?2 IS NULL OR processes.value_amount >= ?2) \
             AND (?3 IS NULL OR processes.value_amount <= ?3) \
             AND (?4 IS NULL OR processes.last_release_date >= ?4) \
             AND (?5 IS NULL OR processes.last_release_date <= ?5) \
             ORDER BY process_search.rowid LIMIT ?6"
        ))
        .bind::<Text, _>(expr)
        .bind::<Nullable<Double>, _>(exact.value_min)
        .bind::<Nullable<Double>, _>(exact.value_max)
        .bind::<Nullable<Timestamp>, _>(exact.date_from)
        .bind::<Nullable<Timestamp>, _>(exact.date_to)
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(below)
        .load(c)?;
        hits.extend(checked);
    }
    // The two are disjoint: newest stored first, as one list.
    hits.sort_by_key(|h| std::cmp::Reverse(h.id));
    hits.truncate(limit.max(0) as usize);
    Ok(hits)
}

/// SQLite: the process rows with these rowids (one bound JSON array, however many).
fn rowid_in(
    ids: &[i64],
) -> Box<dyn BoxableExpression<processes::table, diesel::sqlite::Sqlite, SqlType = Bool>> {
    Box::new(
        sql::<Bool>("processes.rowid IN (SELECT value FROM json_each(")
            .bind::<Text, _>(serde_json::to_string(ids).unwrap_or_default())
            .sql("))"),
    )
}

#[derive(QueryableByName)]
struct Plan {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    plan: String,
}

/// PostgreSQL's estimate of the processes matching the words and the filters' lexemes
/// (planning only, nothing is read).
fn estimated_matches(
    conn: &mut DbConnection,
    words: Option<&str>,
    facets: Option<&str>,
) -> QueryResult<i64> {
    let DbConnection::Postgresql(c) = conn else {
        return Ok(0);
    };
    // As the reads say it (`pg_search_matches`): an absent part is always true.
    let query = diesel::sql_query(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM processes WHERE \
         ($1::text IS NULL OR search @@ search_words($1)) \
         AND ($2::text IS NULL OR search @@ $2::tsquery)",
    )
    .bind::<Nullable<Text>, _>(words)
    .bind::<Nullable<Text>, _>(facets);
    let plans: Vec<Plan> = query.load(c)?;
    let rows = plans
        .first()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p.plan).ok())
        .and_then(|v| v[0]["Plan"]["Plan Rows"].as_f64())
        .unwrap_or(0.0);
    Ok(rows as i64)
}

#[derive(QueryableByName)]
struct Hit {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
    #[diesel(sql_type = diesel::sql_types::Double)]
    score: f64,
}

/// A page of `matching` (the processes that pass every filter, at most `cap`) in bm25 order.
/// The index is asked once for the scores of the word's matches, when they are few enough
/// (a common word with a narrow filter falls back to the newest first): one cursor, not one
/// per row as a correlated subquery would open.
fn ranked_sqlite(
    conn: &mut DbConnection,
    q: &str,
    matching: Vec<(Option<NaiveDateTime>, String)>,
    offset: i64,
    per_page: i64,
    cap: i64,
) -> QueryResult<Vec<ProcessRow>> {
    let expr = fts5_query(q).unwrap_or_default();
    let DbConnection::Sqlite(c) = conn else {
        return Ok(Vec::new());
    };
    let hits: Vec<Hit> = diesel::sql_query(concat!(
        "SELECT ",
        key_base!(),
        " - rowid AS id, rank AS score FROM process_search WHERE process_search MATCH ? LIMIT ?"
    ))
    .bind::<Text, _>(&expr)
    .bind::<diesel::sql_types::BigInt, _>(cap + 1)
    .load(c)?;
    let mut order: Vec<(f64, Option<NaiveDateTime>, String)> = if hits.len() as i64 > cap {
        // Too many to score: newest first.
        matching.into_iter().map(|(d, o)| (0.0, d, o)).collect()
    } else {
        let ids: Vec<i64> = hits.iter().map(|h| h.id).collect();
        let ocids: Vec<(i64, String)> = processes::table
            .filter(rowid_in(&ids))
            .select((
                sql::<diesel::sql_types::BigInt>("processes.rowid"),
                processes::ocid,
            ))
            .load(c)?;
        let score: std::collections::HashMap<i64, f64> =
            hits.iter().map(|h| (h.id, h.score)).collect();
        let score_of: std::collections::HashMap<String, f64> = ocids
            .into_iter()
            .map(|(id, ocid)| (ocid, score.get(&id).copied().unwrap_or(0.0)))
            .collect();
        matching
            .into_iter()
            .map(|(d, o)| (score_of.get(&o).copied().unwrap_or(0.0), d, o))
            .collect()
    };
    // Smallest bm25 first, then the newest, then the ocid: a total order.
    order.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then_with(|| b.1.cmp(&a.1))
            .then_with(|| b.2.cmp(&a.2))
    });
    let wanted: Vec<String> = order
        .into_iter()
        .skip(offset.max(0) as usize)
        .take(per_page.max(0) as usize)
        .map(|(_, _, o)| o)
        .collect();
    let mut rows: Vec<ProcessRow> = processes::table
        .filter(processes::ocid.eq_any(&wanted))
        .select(ProcessRow::as_select())
        .load(c)?;
    rows.sort_by_key(|r| wanted.iter().position(|o| *o == r.ocid));
    Ok(rows)
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

    /// Pages read over keys are the pages of the listing, also where a page ends among
    /// processes of one date (the database breaks those ties, not the pick).
    #[test]
    fn pages_over_keys_are_the_listing_pages_across_tied_dates() {
        let url = crate::db::DatabaseUrl::parse("sqlite::memory:").expect("url");
        let mut conn = url.connect().expect("connect");
        crate::db::migrate(&mut conn).expect("migrate");
        // Dates with ties (three on one day, two on another) and one process without a date.
        let days = [
            Some(3),
            Some(1),
            Some(3),
            None,
            Some(2),
            Some(3),
            Some(1),
            Some(5),
        ];
        for (n, day) in days.iter().enumerate() {
            let date = day.map(|d| format!("'2026-01-0{d} 00:00:00'"));
            diesel::sql_query(format!(
                "INSERT INTO processes (ocid, release_index, release_data, stage, release_count, \
                 ocds_version, party_names, classifications, updated_at, last_release_date) \
                 VALUES ('ocds-x-{n}', '[]', x'', 'tender', 1, '1.1', '', '[]', \
                 '2026-01-01 00:00:00', {})",
                date.as_deref().unwrap_or("NULL")
            ))
            .execute(&mut conn)
            .expect("insert");
        }
        let listing: Vec<(Option<NaiveDateTime>, String)> = processes::table
            .order((processes::last_release_date.desc(), processes::ocid.desc()))
            .select((processes::last_release_date, processes::ocid))
            .load(&mut conn)
            .expect("listing");
        let mut shuffled = listing.clone();
        shuffled.reverse();
        shuffled.swap(1, 5);
        for per_page in 1..=4 {
            for start in (0..listing.len() + 1).step_by(per_page) {
                let page = page_of_keys(&mut conn, shuffled.clone(), start as i64, per_page as i64)
                    .expect("page");
                let got: Vec<&str> = page.iter().map(|p| p.ocid.as_str()).collect();
                let want: Vec<&str> = listing
                    .iter()
                    .skip(start)
                    .take(per_page)
                    .map(|(_, ocid)| ocid.as_str())
                    .collect();
                assert_eq!(got, want, "from {start}, {per_page} a page");
            }
        }
    }

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
