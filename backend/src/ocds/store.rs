//! Rows and queries of the OCDS tables: releases, processes, organizations, process parties.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::summary::{Organization, ProcessSummary};
use crate::db::schema::{organizations, process_parties, processes, releases};
use crate::db::DbConnection;

/// A stored release.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = releases)]
pub struct ReleaseRow {
    pub id: i64,
    pub ocid: String,
    pub release_id: String,
    pub release_date: String,
    pub ocds_version: String,
    pub digest: String,
    /// Compressed; see [`ReleaseRow::text`].
    pub data: Vec<u8>,
    pub source: String,
    pub imported_at: NaiveDateTime,
}

impl ReleaseRow {
    /// The release's JSON text as it was published.
    pub fn text(&self) -> Result<String, StoredTextError> {
        decompress_text(&self.data)
    }
}

/// Stored release text is LZ4-compressed: releases are most of what an import writes, and JSON
/// compresses to about a third.
pub fn compress_text(text: &str) -> Vec<u8> {
    lz4_flex::compress_prepend_size(text.as_bytes())
}

#[derive(Debug, thiserror::Error)]
pub enum StoredTextError {
    #[error("stored release cannot be decompressed: {0}")]
    Decompress(#[from] lz4_flex::block::DecompressError),
    #[error("stored release is not UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

pub fn decompress_text(data: &[u8]) -> Result<String, StoredTextError> {
    Ok(String::from_utf8(lz4_flex::decompress_size_prepended(data)?)?)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = releases)]
pub struct NewRelease<'a> {
    pub ocid: &'a str,
    pub release_id: &'a str,
    pub release_date: &'a str,
    pub ocds_version: &'a str,
    pub digest: &'a str,
    pub data: &'a [u8],
    pub source: &'a str,
    pub imported_at: NaiveDateTime,
}

/// A process row: what was indexed from its compiled release.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = processes)]
// NULL rather than DEFAULT for missing values keeps the INSERT text constant, so the prepared
// statement is cached instead of being re-prepared for every row.
#[diesel(treat_none_as_default_value = false)]
pub struct ProcessRow {
    pub ocid: String,
    pub title: Option<String>,
    pub description: Option<String>,
    pub buyer_id: Option<String>,
    pub buyer_name: Option<String>,
    pub procuring_entity_id: Option<String>,
    pub procuring_entity_name: Option<String>,
    pub procurement_method: Option<String>,
    pub main_procurement_category: Option<String>,
    pub is_public_works: bool,
    pub status: Option<String>,
    pub stage: String,
    pub value_amount: Option<f64>,
    pub currency: Option<String>,
    pub tender_start: Option<NaiveDateTime>,
    pub tender_end: Option<NaiveDateTime>,
    pub award_date: Option<NaiveDateTime>,
    pub contract_date: Option<NaiveDateTime>,
    pub last_release_date: Option<NaiveDateTime>,
    pub release_count: i32,
    pub ocds_version: String,
    pub party_names: String,
    pub classifications: String,
    pub updated_at: NaiveDateTime,
}

impl ProcessRow {
    pub fn new(
        ocid: &str,
        summary: &ProcessSummary,
        release_count: usize,
        ocds_version: &str,
        now: NaiveDateTime,
    ) -> ProcessRow {
        ProcessRow {
            ocid: ocid.to_owned(),
            title: summary.title.clone(),
            description: summary.description.clone(),
            buyer_id: summary.buyer.as_ref().map(|o| o.id.clone()),
            buyer_name: summary.buyer.as_ref().map(|o| o.name.clone()),
            procuring_entity_id: summary.procuring_entity.as_ref().map(|o| o.id.clone()),
            procuring_entity_name: summary.procuring_entity.as_ref().map(|o| o.name.clone()),
            procurement_method: summary.procurement_method.clone(),
            main_procurement_category: summary.main_procurement_category.clone(),
            is_public_works: summary.is_public_works,
            status: summary.status.clone(),
            stage: summary.stage.as_str().to_owned(),
            value_amount: summary.value_amount,
            currency: summary.currency.clone(),
            tender_start: summary.tender_start,
            tender_end: summary.tender_end,
            award_date: summary.award_date,
            contract_date: summary.contract_date,
            last_release_date: summary.last_release_date,
            release_count: i32::try_from(release_count).unwrap_or(i32::MAX),
            ocds_version: ocds_version.to_owned(),
            party_names: summary.party_names(),
            classifications: serde_json::to_string(&summary.classifications)
                .unwrap_or_else(|_| "[]".into()),
            updated_at: now,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, serde::Serialize)]
#[diesel(table_name = organizations)]
#[diesel(treat_none_as_default_value = false)]
pub struct OrganizationRow {
    pub id: String,
    pub scheme: Option<String>,
    pub identifier: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = process_parties)]
pub struct PartyRow {
    pub ocid: String,
    pub organization_id: String,
    pub role: String,
}

/// SQLite's limit on bound parameters is the tightest; stay well under it.
const IN_CHUNK: usize = 500;

/// `(ocid, release id) -> digest` of stored releases of these processes.
pub fn existing_digests(
    conn: &mut DbConnection,
    ocids: &[&str],
) -> QueryResult<HashMap<(String, String), String>> {
    let mut out = HashMap::new();
    for chunk in ocids.chunks(IN_CHUNK) {
        let rows: Vec<(String, String, String)> = releases::table
            .filter(releases::ocid.eq_any(chunk))
            .select((releases::ocid, releases::release_id, releases::digest))
            .load(conn)?;
        for (ocid, id, digest) in rows {
            out.insert((ocid, id), digest);
        }
    }
    Ok(out)
}

/// Inserts rows: one prepared statement per row on SQLite (cheap there, and diesel would wrap a
/// multi-row insert in a savepoint, which makes FTS5 flush), multi-row statements on PostgreSQL
/// (where each statement is a round trip).
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            DbConnection::Sqlite(c) => {
                for row in $rows {
                    diesel::insert_into($table).values(row).execute(c)?;
                }
            }
            DbConnection::Postgresql(c) => {
                for chunk in $rows.chunks(IN_CHUNK / 10) {
                    diesel::insert_into($table).values(chunk).execute(c)?;
                }
            }
        }
    };
}

pub fn insert_releases(conn: &mut DbConnection, rows: &[NewRelease<'_>]) -> QueryResult<()> {
    insert_rows!(conn, releases::table, rows);
    Ok(())
}

/// The stored text of one release (`None` if absent or unreadable).
pub fn release_text(conn: &mut DbConnection, ocid: &str, release_id: &str) -> QueryResult<Option<String>> {
    let data: Option<Vec<u8>> = releases::table
        .filter(releases::ocid.eq(ocid).and(releases::release_id.eq(release_id)))
        .select(releases::data)
        .first(conn)
        .optional()?;
    Ok(data.and_then(|d| decompress_text(&d).ok()))
}

/// All stored releases of a process, in date order.
pub fn releases_of(conn: &mut DbConnection, ocid: &str) -> QueryResult<Vec<ReleaseRow>> {
    releases::table
        .filter(releases::ocid.eq(ocid))
        .order((releases::release_date.asc(), releases::id.asc()))
        .select(ReleaseRow::as_select())
        .load(conn)
}

/// Replaces a process's row, parties and search entry. `known` says whether it existed before
/// (new processes skip the deletes, which matters for bulk imports).
pub fn save_process(
    conn: &mut DbConnection,
    row: &ProcessRow,
    parties: &[PartyRow],
    known: bool,
) -> QueryResult<()> {
    if known {
        diesel::delete(processes::table.find(&row.ocid)).execute(conn)?;
        diesel::delete(process_parties::table.filter(process_parties::ocid.eq(&row.ocid)))
            .execute(conn)?;
    }
    diesel::insert_into(processes::table)
        .values(row)
        .execute(conn)?;
    insert_rows!(&mut *conn, process_parties::table, parties);
    if let DbConnection::Sqlite(c) = conn {
        // On the concrete connection, so the statements are prepared once and cached.
        if known {
            diesel::sql_query("DELETE FROM process_search WHERE ocid = ?")
                .bind::<Text, _>(&row.ocid)
                .execute(c)?;
        }
        let body = format!(
            "{} {} {}",
            row.title.as_deref().unwrap_or_default(),
            row.description.as_deref().unwrap_or_default(),
            row.party_names
        );
        diesel::sql_query("INSERT INTO process_search (ocid, body) VALUES (?, ?)")
            .bind::<Text, _>(&row.ocid)
            .bind::<Text, _>(body)
            .execute(c)?;
    }
    Ok(())
}

/// Inserts or refreshes organizations. Known details are not erased by a release that lacks them.
pub fn upsert_organizations(
    conn: &mut DbConnection,
    orgs: &[Organization],
    now: NaiveDateTime,
) -> QueryResult<()> {
    use diesel::dsl::sql;
    use diesel::sql_types::Nullable;
    use diesel::upsert::excluded;
    use organizations::dsl as o;
    // The upsert is written once with diesel's DSL and run on the concrete connection (the
    // multi-backend type has no ON CONFLICT), so each backend prepares it once and caches it.
    macro_rules! upsert {
        ($c:expr, $row:expr) => {
            diesel::insert_into(o::organizations)
                .values($row)
                .on_conflict(o::id)
                .do_update()
                .set((
                    o::name.eq(excluded(o::name)),
                    o::scheme.eq(sql::<Nullable<Text>>(
                        "COALESCE(excluded.scheme, organizations.scheme)",
                    )),
                    o::identifier.eq(sql::<Nullable<Text>>(
                        "COALESCE(excluded.identifier, organizations.identifier)",
                    )),
                    o::email.eq(sql::<Nullable<Text>>(
                        "COALESCE(excluded.email, organizations.email)",
                    )),
                    o::address.eq(sql::<Nullable<Text>>(
                        "COALESCE(excluded.address, organizations.address)",
                    )),
                    o::updated_at.eq(excluded(o::updated_at)),
                ))
                .execute($c)
        };
    }
    for org in orgs {
        let row = OrganizationRow {
            id: org.id.clone(),
            scheme: org.scheme.clone(),
            identifier: org.identifier.clone(),
            name: org.name.clone(),
            email: org.email.clone(),
            address: org.address.as_ref().map(|a| a.to_string()),
            updated_at: now,
        };
        match &mut *conn {
            DbConnection::Sqlite(c) => upsert!(c, &row)?,
            DbConnection::Postgresql(c) => upsert!(c, &row)?,
        };
    }
    Ok(())
}

pub fn find_process(conn: &mut DbConnection, ocid: &str) -> QueryResult<Option<ProcessRow>> {
    processes::table
        .find(ocid)
        .select(ProcessRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_processes(conn: &mut DbConnection) -> QueryResult<i64> {
    processes::table.count().get_result(conn)
}
