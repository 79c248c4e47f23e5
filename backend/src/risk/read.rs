//! Read models of the indicators, for the pages and the API: a process's flags and those of its
//! organizations, an agency's, how many each indicator raises, and every flag in key order for
//! the open data (a page at a time, so a download never holds them all).

use super::Scope;
use crate::db::schema::{process_parties, processes, risk_flags, risk_runs};
use crate::db::DbConnection;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = risk_flags)]
pub struct StoredFlag {
    pub scope: String,
    pub subject: String,
    pub code: String,
    pub value: f64,
    pub details: String,
}

impl StoredFlag {
    pub fn details(&self) -> Value {
        serde_json::from_str(&self.details).unwrap_or_default()
    }
}

/// A process's own flags, in the methodology's order.
pub fn of_process(conn: &mut DbConnection, ocid: &str) -> QueryResult<Vec<StoredFlag>> {
    let mut flags: Vec<StoredFlag> = risk_flags::table
        .filter(risk_flags::scope.eq(Scope::Ocid.as_str()))
        .filter(risk_flags::subject.eq(ocid))
        .select(StoredFlag::as_select())
        .load(conn)?;
    flags.sort_by(|a, b| a.code.cmp(&b.code));
    Ok(flags)
}

/// Flags of the organizations of a process: its buyer, procuring entity, tenderers and
/// suppliers (as Cardinal groups them), with the organization's name when known.
pub fn of_process_organizations(
    conn: &mut DbConnection,
    ocid: &str,
) -> QueryResult<Vec<(StoredFlag, String)>> {
    use crate::db::schema::organizations;
    let parties: Vec<(String, String)> = process_parties::table
        .filter(process_parties::ocid.eq(ocid))
        .select((process_parties::organization_id, process_parties::role))
        .load(conn)?;
    let mut wanted: Vec<(&str, &str)> = Vec::new();
    for (id, role) in &parties {
        let scope = match role.as_str() {
            "buyer" => Scope::Buyer,
            "procuringEntity" => Scope::ProcuringEntity,
            "tenderer" | "supplier" => Scope::Tenderer,
            _ => continue,
        };
        if !wanted.contains(&(scope.as_str(), id.as_str())) {
            wanted.push((scope.as_str(), id.as_str()));
        }
    }
    let ids: Vec<&str> = wanted.iter().map(|(_, id)| *id).collect();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        let found: Vec<(StoredFlag, Option<String>)> = risk_flags::table
            .left_join(organizations::table.on(organizations::id.eq(risk_flags::subject)))
            .filter(risk_flags::scope.eq_any([
                Scope::Buyer.as_str(),
                Scope::ProcuringEntity.as_str(),
                Scope::Tenderer.as_str(),
            ]))
            .filter(risk_flags::subject.eq_any(chunk))
            .select((StoredFlag::as_select(), organizations::name.nullable()))
            .load(conn)?;
        for (flag, name) in found {
            if wanted.contains(&(flag.scope.as_str(), flag.subject.as_str())) {
                let name = name.unwrap_or_else(|| flag.subject.clone());
                out.push((flag, name));
            }
        }
    }
    out.sort_by(|a, b| (&a.0.code, &a.1).cmp(&(&b.0.code, &b.1)));
    Ok(out)
}

/// The indicators that flag each of `ocids`, by code (those flagged by none are absent).
pub fn flag_codes(
    conn: &mut DbConnection,
    ocids: &[String],
) -> QueryResult<std::collections::BTreeMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = risk_flags::table
        .filter(risk_flags::scope.eq(Scope::Ocid.as_str()))
        .filter(risk_flags::subject.eq_any(ocids))
        .order((risk_flags::subject, risk_flags::code))
        .select((risk_flags::subject, risk_flags::code))
        .load(conn)?;
    let mut out: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (ocid, code) in rows {
        out.entry(ocid).or_default().push(code);
    }
    Ok(out)
}

/// An agency's own flags (as buyer or procuring entity).
pub fn of_agency(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<StoredFlag>> {
    risk_flags::table
        .filter(risk_flags::scope.eq_any([Scope::Buyer.as_str(), Scope::ProcuringEntity.as_str()]))
        .filter(risk_flags::subject.eq(id))
        .order(risk_flags::code)
        .select(StoredFlag::as_select())
        .load(conn)
}

/// How many of the processes an agency bought each indicator flags (those its page lists and
/// links to).
pub fn agency_process_counts(conn: &mut DbConnection, id: &str) -> QueryResult<Vec<(String, i64)>> {
    use diesel::dsl::count_star;
    // From the agency's processes to their flags (a subquery, not a join: joined, SQLite
    // walked every process flag and looked each process up, 27 ms at 100k processes).
    let bought = processes::table
        .filter(processes::buyer_id.eq(id))
        .select(processes::ocid);
    risk_flags::table
        .filter(risk_flags::scope.eq(Scope::Ocid.as_str()))
        .filter(risk_flags::subject.eq_any(bought))
        .group_by(risk_flags::code)
        .order(risk_flags::code)
        .select((risk_flags::code, count_star()))
        .load(conn)
}

/// How many processes, buyers, procuring entities and companies each indicator flags, as the
/// last recomputation counted them (one row: never a count over every flag on a page view).
pub fn counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    let kept: Option<Option<String>> = risk_runs::table
        .find(1)
        .select(risk_runs::last_counts)
        .first(conn)
        .optional()?;
    Ok(kept
        .flatten()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default())
}

/// Flags after `after` (scope, subject, code) in key order, for the open data.
pub fn page_after(
    conn: &mut DbConnection,
    after: Option<&(String, String, String)>,
    limit: i64,
) -> QueryResult<Vec<StoredFlag>> {
    let mut q = risk_flags::table
        .order((risk_flags::scope, risk_flags::subject, risk_flags::code))
        .select(StoredFlag::as_select())
        .limit(limit)
        .into_boxed();
    if let Some((scope, subject, code)) = after {
        // A row comparison, which both databases read as a range of the primary key (nested
        // ORs would make each page start again from the first row).
        q = q.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "(risk_flags.scope, risk_flags.subject, risk_flags.code) > (",
            )
            .bind::<diesel::sql_types::Text, _>(scope.clone())
            .sql(", ")
            .bind::<diesel::sql_types::Text, _>(subject.clone())
            .sql(", ")
            .bind::<diesel::sql_types::Text, _>(code.clone())
            .sql(")"),
        );
    }
    q.load(conn)
}

/// When the indicators that compare processes were last recomputed.
pub fn last_run(conn: &mut DbConnection) -> QueryResult<Option<NaiveDateTime>> {
    Ok(risk_runs::table
        .find(1)
        .select(risk_runs::last_finished_at)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten())
}
