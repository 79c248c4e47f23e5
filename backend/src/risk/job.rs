//! Writing indicators: the import's per-process flags (in its own transaction), and the
//! recomputation job, which reads every process's facts a chunk at a time (memory bounded by
//! the chunk and the per-company tallies), adds the redress loop's indicators and replaces the
//! stored flags in one transaction. One instance at a time: a lease on `risk_runs`, taken with
//! a conditional update and checked again by the writing transaction.

use super::facts::Facts;
use super::procurement::{self, Comparison};
use super::redress::{self, Redress};
use super::settings::Methodology;
use super::{merge, Flag, Scope, PER_PROCESS};
use crate::db::schema::{processes, risk_flags, risk_runs};
use crate::db::{self, DbConnection};
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use std::collections::BTreeMap;
use std::time::Instant;

/// Processes read per query by the job.
const CHUNK: i64 = 5000;
/// A job holding the lease longer than this is taken for crashed.
const LEASE: chrono::Duration = chrono::Duration::minutes(30);

#[derive(Debug, Insertable)]
#[diesel(table_name = risk_flags)]
struct FlagRow<'a> {
    scope: &'static str,
    subject: &'a str,
    code: &'static str,
    value: f64,
    details: String,
    computed_by: &'static str,
    computed_at: NaiveDateTime,
}

fn rows<'a>(flags: &'a [Flag], by: &'static str, now: NaiveDateTime) -> Vec<FlagRow<'a>> {
    flags
        .iter()
        .map(|f| FlagRow {
            scope: f.scope.as_str(),
            subject: &f.subject,
            code: f.code,
            value: f.value,
            details: f.details.to_string(),
            computed_by: by,
            computed_at: now,
        })
        .collect()
}

fn insert(conn: &mut DbConnection, rows: &[FlagRow<'_>]) -> QueryResult<()> {
    match conn {
        DbConnection::Sqlite(c) => {
            for row in rows {
                diesel::insert_into(risk_flags::table)
                    .values(row)
                    .execute(c)?;
            }
        }
        DbConnection::Postgresql(c) => {
            for chunk in rows.chunks(1000) {
                diesel::insert_into(risk_flags::table)
                    .values(chunk)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// The import's part, inside the transaction that stores the processes: their flags of one
/// process alone replace those they had. `known` are the processes stored before.
pub fn store_process_flags(
    conn: &mut DbConnection,
    known: &[&str],
    flags: &[Flag],
) -> QueryResult<()> {
    for chunk in known.chunks(500) {
        diesel::delete(
            risk_flags::table
                .filter(risk_flags::scope.eq(Scope::Ocid.as_str()))
                .filter(risk_flags::subject.eq_any(chunk))
                .filter(risk_flags::code.eq_any(PER_PROCESS)),
        )
        .execute(conn)?;
    }
    let ocid_flags: Vec<Flag> = flags
        .iter()
        .filter(|f| f.scope == Scope::Ocid)
        .cloned()
        .collect();
    if ocid_flags.is_empty() {
        return Ok(());
    }
    insert(conn, &rows(&ocid_flags, "import", Utc::now().naive_utc()))
}

/// Notes that processes changed, so the job runs soon. Called once at the end of an import or
/// a sync run, never per batch.
pub fn data_changed(conn: &mut DbConnection) -> QueryResult<()> {
    diesel::update(risk_runs::table.find(1))
        .set(risk_runs::data_changed_at.eq(Utc::now().naive_utc()))
        .execute(conn)
        .map(|_| ())
}

/// What a recomputation did.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct RunReport {
    pub processes: u64,
    pub flags: usize,
    pub by_code: BTreeMap<&'static str, usize>,
    pub milliseconds: u128,
}

/// Recomputes every indicator now and replaces the stored flags (no lease: the caller holds
/// it, or is alone, as the tests and the benchmark are).
pub fn recompute(
    conn: &mut DbConnection,
    m: &Methodology,
    workflow: &crate::workflow::Workflow,
) -> QueryResult<RunReport> {
    let (flags, processes) = compute(conn, m, workflow)?;
    let started = Instant::now();
    db::write(conn, |conn| replace_all(conn, &flags))?;
    let mut report = report_of(&flags, processes);
    report.milliseconds = started.elapsed().as_millis();
    Ok(report)
}

fn report_of(flags: &[Flag], processes: u64) -> RunReport {
    let mut by_code = BTreeMap::new();
    for f in flags {
        *by_code.entry(f.code).or_insert(0) += 1;
    }
    RunReport {
        processes,
        flags: flags.len(),
        by_code,
        milliseconds: 0,
    }
}

/// Replaces every stored flag with `flags`, unless they are the same: then nothing is written
/// and no cached page is dropped. Pages showing indicators are marked changed otherwise.
fn replace_all(conn: &mut DbConnection, flags: &[Flag]) -> QueryResult<bool> {
    let stored: Vec<(String, String, String, f64, String)> = risk_flags::table
        .select((
            risk_flags::scope,
            risk_flags::subject,
            risk_flags::code,
            risk_flags::value,
            risk_flags::details,
        ))
        .load(conn)?;
    if stored.len() == flags.len() {
        let mut stored: Vec<(&str, &str, &str, f64, &str)> = stored
            .iter()
            .map(|(a, b, c, v, d)| (a.as_str(), b.as_str(), c.as_str(), *v, d.as_str()))
            .collect();
        stored.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
        let mut fresh: Vec<(&str, &str, &str, f64, String)> = flags
            .iter()
            .map(|f| {
                (
                    f.scope.as_str(),
                    f.subject.as_str(),
                    f.code,
                    f.value,
                    f.details.to_string(),
                )
            })
            .collect();
        fresh.sort_by(|x, y| (x.0, x.1, x.2).cmp(&(y.0, y.1, y.2)));
        let same = stored
            .iter()
            .zip(&fresh)
            .all(|(s, f)| (s.0, s.1, s.2, s.4) == (f.0, f.1, f.2, f.4.as_str()) && s.3 == f.3);
        if same {
            return Ok(false);
        }
    }
    diesel::delete(risk_flags::table).execute(conn)?;
    insert(conn, &rows(flags, "job", Utc::now().naive_utc()))?;
    keep_counts(conn, flags)?;
    crate::publish::topics_changed(conn, &[crate::publish::topic::INDICATORS.to_owned()])?;
    Ok(true)
}

/// How many each indicator flags per scope, kept with the run that wrote the flags, so the
/// methodology pages read one row instead of counting every flag.
fn keep_counts(conn: &mut DbConnection, flags: &[Flag]) -> QueryResult<()> {
    let mut counts: BTreeMap<(&str, &str), i64> = BTreeMap::new();
    for f in flags {
        *counts.entry((f.code, f.scope.as_str())).or_insert(0) += 1;
    }
    let counts: Vec<(&str, &str, i64)> = counts.into_iter().map(|((c, s), n)| (c, s, n)).collect();
    diesel::update(risk_runs::table.find(1))
        .set(risk_runs::last_counts.eq(serde_json::to_string(&counts).unwrap_or_default()))
        .execute(conn)
        .map(|_| ())
}

/// Every flag, from every process's facts and the redress loop.
pub fn compute(
    conn: &mut DbConnection,
    m: &Methodology,
    workflow: &crate::workflow::Workflow,
) -> QueryResult<(Vec<Flag>, u64)> {
    let redress = Redress::prepare(conn, m, workflow)?;
    let mut flags = Vec::new();
    let mut comparison = Comparison::default();
    let mut last = String::new();
    let mut count = 0u64;
    loop {
        let chunk: Vec<(String, Option<String>)> = processes::table
            .filter(processes::ocid.gt(&last))
            .filter(processes::risk_facts.is_not_null())
            .order(processes::ocid)
            .limit(CHUNK)
            .select((processes::ocid, processes::risk_facts))
            .load(conn)?;
        let Some((tail, _)) = chunk.last() else {
            break;
        };
        last = tail.clone();
        let facts: Vec<(String, Facts)> = chunk
            .into_iter()
            .filter_map(|(ocid, text)| {
                let facts = serde_json::from_str(text.as_deref()?).ok()?;
                Some((ocid, facts))
            })
            .collect();
        count += facts.len() as u64;
        for (ocid, f) in &facts {
            flags.extend(procurement::of_process(ocid, f, m));
            comparison.add(ocid, f, m);
            flags.extend(redress.repeat_award(ocid, f, m));
        }
        flags.extend(redress.signed_during_complaint(conn, &facts, m)?);
    }
    flags.extend(comparison.finish(m));
    flags.extend(redress::agencies_often_late(conn, m)?);
    flags.extend(redress::several_people(conn, m)?);
    Ok((merge(flags), count))
}

/// Runs the job if it is due (processes changed since its last start, or `recompute_every`
/// passed, or `force`) and no other instance holds it. `None` when it did not run.
pub fn recompute_if_due(
    conn: &mut DbConnection,
    m: &Methodology,
    workflow: &crate::workflow::Workflow,
    holder: &str,
    force: bool,
) -> QueryResult<Option<RunReport>> {
    let now = Utc::now().naive_utc();
    let every = chrono::Duration::from_std(m.recompute_every)
        .unwrap_or_else(|_| chrono::Duration::minutes(10));
    let free = risk_runs::lease_until
        .is_null()
        .or(risk_runs::lease_until.lt(now));
    let due = risk_runs::last_started_at
        .is_null()
        .or(risk_runs::last_started_at.lt(now - every))
        .or(risk_runs::data_changed_at.ge(risk_runs::last_started_at));
    let taken = if force {
        diesel::update(risk_runs::table.find(1).filter(free))
            .set((
                risk_runs::lease_holder.eq(holder),
                risk_runs::lease_until.eq(now + LEASE),
                risk_runs::last_started_at.eq(now),
            ))
            .execute(conn)?
    } else {
        diesel::update(risk_runs::table.find(1).filter(free).filter(due))
            .set((
                risk_runs::lease_holder.eq(holder),
                risk_runs::lease_until.eq(now + LEASE),
                risk_runs::last_started_at.eq(now),
            ))
            .execute(conn)?
    };
    if taken == 0 {
        return Ok(None);
    }
    let started = Instant::now();
    let outcome = compute(conn, m, workflow).and_then(|(flags, processes)| {
        db::write(conn, |conn| {
            // Still ours? A job that outlived its lease leaves the newer run's flags alone.
            let ours = diesel::update(
                risk_runs::table
                    .find(1)
                    .filter(risk_runs::lease_holder.eq(holder)),
            )
            .set((
                risk_runs::lease_until.eq(None::<NaiveDateTime>),
                risk_runs::lease_holder.eq(None::<String>),
                risk_runs::last_finished_at.eq(Utc::now().naive_utc()),
                risk_runs::last_milliseconds.eq(started.elapsed().as_millis() as i64),
                risk_runs::last_flags.eq(flags.len() as i64),
            ))
            .execute(conn)?;
            if ours == 0 {
                return Ok(None);
            }
            replace_all(conn, &flags)?;
            Ok(Some(report_of(&flags, processes)))
        })
    });
    match outcome {
        Ok(Some(mut report)) => {
            report.milliseconds = started.elapsed().as_millis();
            Ok(Some(report))
        }
        // The lease was lost (another instance took it over): nothing was written.
        Ok(None) => Ok(None),
        Err(e) => {
            // Let another try at once rather than after the lease.
            let _ = diesel::update(
                risk_runs::table
                    .find(1)
                    .filter(risk_runs::lease_holder.eq(holder)),
            )
            .set(risk_runs::lease_until.eq(None::<NaiveDateTime>))
            .execute(conn);
            Err(e)
        }
    }
}
