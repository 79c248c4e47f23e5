//! Rows and queries of the OCDS tables: processes (with their releases), organizations,
//! process parties.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::search;
use super::summary::{Organization, ProcessSummary};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::db::schema::{organizations, process_parties, process_search, processes};
use crate::db::{coalesce, DbConnection};

diesel::define_sql_function! {
    /// SQLite's rowid of the last row inserted on this connection.
    fn last_insert_rowid() -> diesel::sql_types::BigInt;
}

/// What is kept about each stored release besides its text.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct StoredRelease {
    pub id: String,
    pub date: String,
    pub version: String,
    #[serde(default)]
    pub tag: Value,
    pub digest: String,
    pub source: String,
}

/// A release on its way into storage: its index entry and its text as published.
#[derive(Debug, Clone)]
pub struct PackedRelease<'a> {
    pub meta: StoredRelease,
    pub text: &'a str,
}

/// The stored releases of one process.
#[derive(Debug, Clone)]
pub struct ProcessReleases {
    pub index: Vec<StoredRelease>,
    data: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoredTextError {
    #[error("stored releases cannot be decompressed: {0}")]
    Decompress(#[from] lz4_flex::block::DecompressError),
    #[error("stored releases are not a JSON array: {0}")]
    Json(#[from] serde_json::Error),
    #[error("stored releases and their index disagree ({texts} texts, {entries} entries)")]
    Mismatch { texts: usize, entries: usize },
}

impl ProcessReleases {
    /// The releases' texts as published, in the order of the index.
    pub fn texts(&self) -> Result<Vec<Box<RawValue>>, StoredTextError> {
        let bytes = lz4_flex::decompress_size_prepended(&self.data)?;
        let texts: Vec<Box<RawValue>> = serde_json::from_slice(&bytes)?;
        if texts.len() != self.index.len() {
            return Err(StoredTextError::Mismatch {
                texts: texts.len(),
                entries: self.index.len(),
            });
        }
        Ok(texts)
    }
}

/// Packs processes' releases for storage: the index as JSON, the texts as one LZ4-compressed
/// JSON array (the uncompressed size first, as `lz4_flex::decompress_size_prepended` reads it).
/// One per writer, reused: an import packs thousands of processes a second, and fresh buffers
/// for each cost more in the kernel's zeroing of new pages than the compression itself.
#[derive(Default)]
pub struct Packer {
    array: String,
    compressed: Vec<u8>,
    table: lz4_flex::block::CompressTable,
}

impl Packer {
    /// Orders releases by date (stable) and packs them: the index as JSON, and the texts.
    pub fn pack(&mut self, mut releases: Vec<PackedRelease<'_>>) -> (String, Vec<u8>) {
        releases.sort_by(|a, b| a.meta.date.cmp(&b.meta.date));
        let array = &mut self.array;
        array.clear();
        array.push('[');
        for (i, r) in releases.iter().enumerate() {
            if i > 0 {
                array.push(',');
            }
            array.push_str(r.text);
        }
        array.push(']');
        let bound = lz4_flex::block::get_maximum_output_size(array.len());
        if self.compressed.len() < bound {
            self.compressed.resize(bound, 0);
        }
        let data = match lz4_flex::block::compress_into_with_table(
            array.as_bytes(),
            &mut self.compressed,
            &mut self.table,
        ) {
            Ok(written) => {
                let mut data = Vec::with_capacity(4 + written);
                data.extend_from_slice(&(array.len() as u32).to_le_bytes());
                data.extend_from_slice(&self.compressed[..written]);
                data
            }
            // Cannot happen with an output of the documented bound; the allocating form then.
            Err(_) => lz4_flex::compress_prepend_size(array.as_bytes()),
        };
        let index: Vec<&StoredRelease> = releases.iter().map(|r| &r.meta).collect();
        let index_text = serde_json::to_string(&index).unwrap_or_else(|_| "[]".into());
        (index_text, data)
    }
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
    /// What the risk indicators read (JSON, `risk::Facts`); set by the import.
    pub risk_facts: Option<String>,
}

impl ProcessRow {
    /// Its filters, as its search index entry holds them as words (see
    /// [`crate::ocds::words::filter_term`]), with the codes of the indicators that flag it.
    pub fn filter_values<'a>(
        &'a self,
        flags: &'a [String],
    ) -> crate::ocds::words::FilterValues<'a> {
        crate::ocds::words::FilterValues {
            buyer: self.buyer_id.as_deref(),
            procuring_entity: self.procuring_entity_id.as_deref(),
            method: self.procurement_method.as_deref(),
            category: self.main_procurement_category.as_deref(),
            status: self.status.as_deref(),
            stage: &self.stage,
            public_works: self.is_public_works,
            value: self.value_amount,
            last_release: self.last_release_date,
            flags,
        }
    }

    /// The text its words are searched in.
    pub fn search_text(&self) -> String {
        format!(
            "{} {} {}",
            self.title.as_deref().unwrap_or_default(),
            self.description.as_deref().unwrap_or_default(),
            self.party_names
        )
    }

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
            risk_facts: None,
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

/// The release index of each of these processes that is stored.
pub fn release_indexes(
    conn: &mut DbConnection,
    ocids: &[&str],
) -> QueryResult<HashMap<String, Vec<StoredRelease>>> {
    let mut out = HashMap::new();
    for chunk in ocids.chunks(IN_CHUNK) {
        let rows: Vec<(String, String)> = processes::table
            .filter(processes::ocid.eq_any(chunk))
            .select((processes::ocid, processes::release_index))
            .load(conn)?;
        for (ocid, index) in rows {
            // An unreadable index counts as empty: the process is then rebuilt from new releases.
            out.insert(ocid, serde_json::from_str(&index).unwrap_or_default());
        }
    }
    Ok(out)
}

/// The stored releases of a process.
pub fn releases_of(conn: &mut DbConnection, ocid: &str) -> QueryResult<Option<ProcessReleases>> {
    let row: Option<(String, Vec<u8>)> = processes::table
        .find(ocid)
        .select((processes::release_index, processes::release_data))
        .first(conn)
        .optional()?;
    Ok(row.map(|(index, data)| ProcessReleases {
        index: serde_json::from_str(&index).unwrap_or_default(),
        data,
    }))
}

/// The stored text of one release (`None` if absent or unreadable).
pub fn release_text(
    conn: &mut DbConnection,
    ocid: &str,
    release_id: &str,
) -> QueryResult<Option<String>> {
    let Some(stored) = releases_of(conn, ocid)? else {
        return Ok(None);
    };
    let Ok(texts) = stored.texts() else {
        return Ok(None);
    };
    Ok(stored
        .index
        .iter()
        .zip(texts)
        .find(|(meta, _)| meta.id == release_id)
        .map(|(_, text)| text.get().to_owned()))
}

/// A change to SQLite's search index, held until the batch's rows are written: FTS5 writes out
/// what it holds whenever a key is not above the last one, so the changes go in key order.
enum IndexChange {
    Delete(i64),
    Insert(i64, String),
}

impl IndexChange {
    fn key(&self) -> i64 {
        match self {
            IndexChange::Delete(key) | IndexChange::Insert(key, _) => *key,
        }
    }
}

/// Replaces a process's row (with its packed releases) and parties, and says how its search
/// entry changes (SQLite). `known` says whether it existed before (new processes skip the
/// deletes, which matters for bulk imports).
fn save_process(
    conn: &mut DbConnection,
    write: &ProcessWrite,
    index: &mut Vec<IndexChange>,
) -> QueryResult<()> {
    let ProcessWrite {
        row,
        release_index,
        release_data,
        parties,
        known,
        flags,
        words,
    } = write;
    let known = *known;
    if known {
        if let DbConnection::Sqlite(c) = &mut *conn {
            let rowid: Option<i64> = processes::table
                .find(&row.ocid)
                .select(diesel::dsl::sql::<diesel::sql_types::BigInt>("rowid"))
                .first(c)
                .optional()?;
            index.extend(rowid.map(|r| IndexChange::Delete(search::index_key(r))));
        }
        diesel::delete(processes::table.find(&row.ocid)).execute(conn)?;
        diesel::delete(process_parties::table.filter(process_parties::ocid.eq(&row.ocid)))
            .execute(conn)?;
    }
    let values = (
        row,
        processes::release_index.eq(release_index),
        processes::release_data.eq(release_data),
    );
    // On the concrete connections: through the multi-backend wrapper the statement's SQL would
    // be rebuilt (and on SQLite re-parsed) for every process.
    match &mut *conn {
        DbConnection::Sqlite(c) => diesel::insert_into(processes::table)
            .values(values)
            .execute(c)?,
        DbConnection::Postgresql(c) => diesel::insert_into(processes::table)
            .values((
                values,
                processes::facets.eq(row.filter_values(flags).terms()),
            ))
            .execute(c)?,
    };
    if let DbConnection::Sqlite(c) = &mut *conn {
        // The (contentless) index entry is keyed by the process row's rowid (newest first,
        // `search::index_key`).
        let rowid = diesel::select(last_insert_rowid()).get_result::<i64>(c)?;
        let filters = row.filter_values(flags);
        let body = match words {
            Some(words) => crate::ocds::words::entry_of_words(words, &filters),
            None => crate::ocds::words::entry(&row.search_text(), &filters),
        };
        index.push(IndexChange::Insert(search::index_key(rowid), body));
    }
    crate::db::insert_rows!(&mut *conn, process_parties::table, parties);
    Ok(())
}

/// Applies a batch's changes to SQLite's search index, keys ascending. Built with the DSL on
/// the concrete connection so the statements are prepared once and cached (raw SQL would be
/// parsed again for every process).
fn change_index(conn: &mut DbConnection, mut index: Vec<IndexChange>) -> QueryResult<()> {
    let DbConnection::Sqlite(c) = conn else {
        return Ok(());
    };
    index.sort_by_key(IndexChange::key);
    for change in index {
        match change {
            IndexChange::Delete(key) => {
                diesel::delete(process_search::table.filter(process_search::rowid.eq(key)))
                    .execute(c)?;
            }
            IndexChange::Insert(key, body) => {
                diesel::insert_into(process_search::table)
                    .values((process_search::rowid.eq(key), process_search::body.eq(body)))
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// A process to store: its row, its packed releases and its parties.
#[derive(Debug)]
pub struct ProcessWrite {
    pub row: ProcessRow,
    pub release_index: String,
    pub release_data: Vec<u8>,
    pub parties: Vec<PartyRow>,
    /// Whether it was stored before (and is replaced).
    pub known: bool,
    /// The codes of the indicators that flag it (its search entry holds them).
    pub flags: Vec<String>,
    /// The words of its text for SQLite's search index, when already found
    /// ([`crate::ocds::words::indexed`]).
    pub words: Option<String>,
}

/// Stores a batch of processes: row by row on SQLite (cheap there), in a few multi-row
/// statements on PostgreSQL (where every statement is a round trip).
pub fn save_processes(conn: &mut DbConnection, writes: &[ProcessWrite]) -> QueryResult<()> {
    let DbConnection::Postgresql(c) = conn else {
        let mut index = Vec::with_capacity(writes.len());
        for w in writes {
            save_process(conn, w, &mut index)?;
        }
        return change_index(conn, index);
    };
    let known: Vec<&str> = writes
        .iter()
        .filter(|w| w.known)
        .map(|w| w.row.ocid.as_str())
        .collect();
    for chunk in known.chunks(IN_CHUNK) {
        diesel::delete(processes::table.filter(processes::ocid.eq_any(chunk))).execute(c)?;
        diesel::delete(process_parties::table.filter(process_parties::ocid.eq_any(chunk)))
            .execute(c)?;
    }
    for chunk in writes.chunks(100) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|w| {
                (
                    &w.row,
                    processes::release_index.eq(&w.release_index),
                    processes::release_data.eq(&w.release_data),
                    processes::facets.eq(w.row.filter_values(&w.flags).terms()),
                )
            })
            .collect();
        diesel::insert_into(processes::table)
            .values(rows)
            .execute(c)?;
    }
    let parties: Vec<PartyRow> = writes
        .iter()
        .flat_map(|w| w.parties.iter().cloned())
        .collect();
    for chunk in parties.chunks(1000) {
        diesel::insert_into(process_parties::table)
            .values(chunk)
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
    use diesel::sql_types::Nullable;
    use diesel::upsert::excluded;
    use organizations::dsl as o;
    // The upsert is written once with diesel's DSL and run on the concrete connection (the
    // multi-backend type has no ON CONFLICT), so each backend prepares it once and caches it
    // (no raw SQL fragments in it: those would make diesel prepare it for every row).
    macro_rules! upsert {
        ($c:expr, $row:expr) => {
            diesel::insert_into(o::organizations)
                .values($row)
                .on_conflict(o::id)
                .do_update()
                .set((
                    o::name.eq(excluded(o::name)),
                    o::scheme.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(o::scheme),
                        o::scheme,
                    )),
                    o::identifier.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(o::identifier),
                        o::identifier,
                    )),
                    o::email.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(o::email),
                        o::email,
                    )),
                    o::address.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(o::address),
                        o::address,
                    )),
                    o::updated_at.eq(excluded(o::updated_at)),
                ))
                .execute($c)
        };
    }
    // DO UPDATE statements are never cached by diesel, so rows go in multi-row statements:
    // one prepare per hundred organizations instead of one per organization. Ids are unique
    // within a call (PostgreSQL refuses to update one row twice in a statement).
    let rows: Vec<OrganizationRow> = orgs
        .iter()
        .map(|org| OrganizationRow {
            id: org.id.clone(),
            scheme: org.scheme.clone(),
            identifier: org.identifier.clone(),
            name: org.name.clone(),
            email: org.email.clone(),
            address: org.address.as_ref().map(|a| a.to_string()),
            updated_at: now,
        })
        .collect();
    for chunk in rows.chunks(100) {
        match &mut *conn {
            DbConnection::Sqlite(c) => upsert!(c, chunk)?,
            DbConnection::Postgresql(c) => upsert!(c, chunk)?,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn release(id: &str, date: &str, text: &str) -> (StoredRelease, String) {
        let meta = StoredRelease {
            id: id.into(),
            date: date.into(),
            version: "1.1".into(),
            tag: Value::Null,
            digest: String::new(),
            source: "test".into(),
        };
        (meta, text.into())
    }

    /// A packer reused after a large process packs a small one exactly: nothing of the earlier
    /// buffers' contents leaks into the next, and the releases come back in date order.
    #[test]
    fn a_reused_packer_packs_each_process_alone() {
        let mut packer = Packer::default();
        let big = format!(r#"{{"id":"b","filler":"{}"}}"#, "x".repeat(200_000));
        let processes = [
            vec![
                release("b", "2024-02-01", &big),
                release("a", "2024-01-01", r#"{"id":"a"}"#),
            ],
            vec![release("c", "2024-03-01", r#"{"id":"c","n":1}"#)],
            vec![],
        ];
        for process in processes {
            let packed: Vec<PackedRelease<'_>> = process
                .iter()
                .map(|(meta, text)| PackedRelease {
                    meta: meta.clone(),
                    text,
                })
                .collect();
            let (index_text, data) = packer.pack(packed);
            let index: Vec<StoredRelease> = serde_json::from_str(&index_text).unwrap();
            let stored = ProcessReleases { index, data };
            let texts: Vec<String> = stored
                .texts()
                .unwrap()
                .iter()
                .map(|t| t.get().to_owned())
                .collect();
            let mut expected = process.clone();
            expected.sort_by(|a, b| a.0.date.cmp(&b.0.date));
            let expected_texts: Vec<String> = expected.iter().map(|(_, t)| t.clone()).collect();
            assert_eq!(texts, expected_texts);
            let ids: Vec<String> = stored.index.iter().map(|m| m.id.clone()).collect();
            assert_eq!(
                ids,
                expected
                    .iter()
                    .map(|(m, _)| m.id.clone())
                    .collect::<Vec<_>>()
            );
        }
    }
}
