//! Writing indicators: the import's per-process flags (in its own transaction), and the
//! recomputation job, which reads every process's facts a chunk at a time, writes each
//! chunk's flags to a staging table (`risk_flags_next`), adds the flags of organizations and
//! the redress loop's, and replaces the stored flags from the stage in one transaction (the
//! database compares and copies them). Memory holds a chunk, the organizations' flags and the
//! comparisons' tallies, not every flag. One instance at a time: a lease on `risk_runs`, taken
//! with a conditional update and checked again by the writing transaction.

use super::facts::Facts;
use super::procurement::{self, Comparison};
use super::redress::{self, Redress};
use super::settings::Methodology;
use super::{merge, Flag, Scope, Sightings, PER_PROCESS};
use crate::db::schema::{processes, risk_flags, risk_flags_next, risk_runs};
use crate::db::{self, DbConnection};
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};
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
    db::insert_rows!(conn, risk_flags::table, rows);
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

/// The codes of the flags of these processes that an import keeps (the job's, not those of
/// one process alone, which the import computes again), per process.
pub fn flags_kept_on_import(
    conn: &mut DbConnection,
    ocids: &[&str],
) -> QueryResult<HashMap<String, Vec<String>>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for chunk in ocids.chunks(500) {
        let rows: Vec<(String, String)> = risk_flags::table
            .filter(risk_flags::scope.eq(Scope::Ocid.as_str()))
            .filter(risk_flags::subject.eq_any(chunk))
            .filter(risk_flags::code.ne_all(PER_PROCESS))
            .select((risk_flags::subject, risk_flags::code))
            .load(conn)?;
        for (ocid, code) in rows {
            out.entry(ocid).or_default().push(code);
        }
    }
    Ok(out)
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
    pub by_code: BTreeMap<String, usize>,
    pub milliseconds: u128,
}

/// Recomputes every indicator now and replaces the stored flags (no lease: the caller holds
/// it, or is alone, as the tests and the benchmark are).
pub fn recompute(
    conn: &mut DbConnection,
    m: &Methodology,
    workflow: &crate::workflow::Workflow,
) -> QueryResult<RunReport> {
    let mut report = compute(conn, m, workflow)?;
    let started = Instant::now();
    db::write(conn, replace_from_next)?;
    report.milliseconds = started.elapsed().as_millis();
    Ok(report)
}

/// What the staged flags count, per indicator.
fn staged_counts(conn: &mut DbConnection) -> QueryResult<Vec<(String, String, i64)>> {
    use diesel::dsl::count_star;
    let mut counts: Vec<(String, String, i64)> = risk_flags_next::table
        .group_by((risk_flags_next::code, risk_flags_next::scope))
        .select((risk_flags_next::code, risk_flags_next::scope, count_star()))
        .load(conn)?;
    counts.sort();
    Ok(counts)
}

fn report_of(counts: &[(String, String, i64)], processes: u64) -> RunReport {
    let mut by_code = BTreeMap::new();
    for (code, _, n) in counts {
        *by_code.entry(code.clone()).or_insert(0) += *n as usize;
    }
    RunReport {
        processes,
        flags: counts.iter().map(|(_, _, n)| *n as usize).sum(),
        by_code,
        milliseconds: 0,
    }
}

/// Replaces every stored flag with the staged ones, unless they are the same: then nothing is
/// written and no cached page is dropped. Pages showing indicators are marked changed
/// otherwise. Compared and copied by the database (by key, row by row), so memory does not
/// grow with the number of flags.
fn replace_from_next(conn: &mut DbConnection) -> QueryResult<bool> {
    use diesel::dsl::count_star;
    use risk_flags_next as next;
    if let DbConnection::Postgresql(_) = conn {
        diesel::sql_query(format!("SELECT pg_advisory_xact_lock({FLAGS_LOCK})")).execute(conn)?;
    }
    let stored: i64 = risk_flags::table.select(count_star()).first(conn)?;
    let staged: i64 = next::table.select(count_star()).first(conn)?;
    if stored == staged {
        let alike: i64 = risk_flags::table
            .inner_join(
                next::table.on(next::scope
                    .eq(risk_flags::scope)
                    .and(next::subject.eq(risk_flags::subject))
                    .and(next::code.eq(risk_flags::code))),
            )
            .filter(next::value.eq(risk_flags::value))
            .filter(next::details.eq(risk_flags::details))
            .select(count_star())
            .first(conn)?;
        if alike == stored {
            return Ok(false);
        }
    }
    let reflagged = flagged_differently(conn)?;
    diesel::delete(risk_flags::table).execute(conn)?;
    let now = Utc::now().naive_utc();
    diesel::insert_into(risk_flags::table)
        .values(next::table.select((
            next::scope,
            next::subject,
            next::code,
            next::value,
            next::details,
            "job".into_sql::<diesel::sql_types::Text>(),
            now.into_sql::<diesel::sql_types::Timestamp>(),
        )))
        .into_columns((
            risk_flags::scope,
            risk_flags::subject,
            risk_flags::code,
            risk_flags::value,
            risk_flags::details,
            risk_flags::computed_by,
            risk_flags::computed_at,
        ))
        .execute(conn)?;
    crate::ocds::search::reindex_processes(conn, &reflagged)?;
    let counts = staged_counts(conn)?;
    keep_counts(conn, &counts)?;
    crate::publish::topics_changed(conn, &[crate::publish::topic::INDICATORS.to_owned()])?;
    Ok(true)
}

/// The advisory lock (PostgreSQL) under which the job replaces the flags, and import batches
/// (shared among them) store processes with the flags they read: a batch committing between
/// the job's reading of a process and its rewrite of the search vector would leave the
/// vector with the replaced flags' codes.
pub const FLAGS_LOCK: i64 = 0x7665_6564_6f72_0002;

/// The processes whose indicators differ between the stored flags and the staged ones (their
/// search entries, or vectors, hold the codes).
fn flagged_differently(conn: &mut DbConnection) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Subject {
        #[diesel(sql_type = diesel::sql_types::Text)]
        subject: String,
    }
    let subjects: Vec<Subject> = diesel::sql_query(
        "SELECT subject FROM (SELECT subject, code FROM risk_flags WHERE scope = 'OCID' \
         EXCEPT SELECT subject, code FROM risk_flags_next WHERE scope = 'OCID') AS gone \
         UNION SELECT subject FROM (SELECT subject, code FROM risk_flags_next WHERE scope = 'OCID' \
         EXCEPT SELECT subject, code FROM risk_flags WHERE scope = 'OCID') AS came",
    )
    .load(conn)?;
    Ok(subjects.into_iter().map(|s| s.subject).collect())
}

/// How many each indicator flags per scope, kept with the run that wrote the flags, so the
/// methodology pages read one row instead of counting every flag.
fn keep_counts(conn: &mut DbConnection, counts: &[(String, String, i64)]) -> QueryResult<()> {
    diesel::update(risk_runs::table.find(1))
        .set(risk_runs::last_counts.eq(serde_json::to_string(counts).unwrap_or_default()))
        .execute(conn)
        .map(|_| ())
}

/// Computes every flag, from every process's facts and the redress loop, into
/// `risk_flags_next` (emptied first): a process's own flags are written with its chunk, flags
/// of organizations (merged over all their processes) at the end. Memory holds a chunk, the
/// organizations' flags and the comparisons' tallies, never every flag.
pub fn compute(
    conn: &mut DbConnection,
    m: &Methodology,
    workflow: &crate::workflow::Workflow,
) -> QueryResult<RunReport> {
    db::write(conn, |conn| {
        diesel::delete(risk_flags_next::table).execute(conn)
    })?;
    let redress = Redress::prepare(conn, m, workflow)?;
    let mut companies = Organizations::default();
    let mut comparison = Comparison::default();
    let count = each_chunk(conn, |conn, facts| {
        let mut flags = Vec::new();
        for (ocid, f) in facts {
            flags.extend(procurement::of_process(ocid, f, m));
            comparison.add(ocid, f, m);
            flags.extend(redress.repeat_award(ocid, f, m));
        }
        flags.extend(redress.signed_during_complaint(conn, facts, m)?);
        keep(conn, flags, &mut companies)
    })?;
    // The price spreads' fences need every process first; a second pass finds the processes
    // beyond them (holding every spread's names would grow with the catalogue).
    let fences = comparison.fences(m);
    if fences.any() {
        each_chunk(conn, |conn, facts| {
            let flags = facts
                .iter()
                .flat_map(|(ocid, f)| fences.flags(ocid, f, m))
                .collect();
            keep(conn, flags, &mut companies)
        })?;
    }
    let mut last = comparison.finish(m);
    last.extend(redress::agencies_often_late(conn, m)?);
    last.extend(redress::several_people(conn, m)?);
    for flag in last {
        companies.add(flag);
    }
    companies.stage(conn)?;
    let counts = staged_counts(conn)?;
    Ok(report_of(&counts, count))
}

/// Organizations' flags, waiting for every process: those seen from single processes merged
/// as they come ([`Sightings`]), the others (few: one per organization and indicator at most)
/// as they are.
#[derive(Default)]
struct Organizations {
    sightings: Sightings,
    others: Vec<Flag>,
}

impl Organizations {
    fn add(&mut self, flag: Flag) {
        if let Some(other) = self.sightings.add(flag) {
            self.others.push(other);
        }
    }

    /// Writes them to the stage, a chunk at a time.
    fn stage(self, conn: &mut DbConnection) -> QueryResult<()> {
        let Organizations {
            mut sightings,
            others,
        } = self;
        // Merged as `merge` would merge them all: seen first, then the others.
        let mut alike = Vec::new();
        for flag in others {
            alike.extend(sightings.take_like(&flag));
            alike.push(flag);
        }
        stage(conn, &merge(alike))?;
        let mut flags = sightings.into_flags().peekable();
        while flags.peek().is_some() {
            let chunk: Vec<Flag> = flags.by_ref().take(CHUNK as usize).collect();
            stage(conn, &chunk)?;
        }
        Ok(())
    }
}

/// A process's flags go to the stage with its chunk; organizations' wait for the last.
fn keep(
    conn: &mut DbConnection,
    flags: Vec<Flag>,
    companies: &mut Organizations,
) -> QueryResult<()> {
    let mut own = Vec::new();
    for flag in flags {
        if flag.scope == Scope::Ocid {
            own.push(flag);
        } else {
            companies.add(flag);
        }
    }
    stage(conn, &merge(own))
}

/// Runs `f` over every process's facts, a chunk at a time, in key order; how many were read.
fn each_chunk(
    conn: &mut DbConnection,
    mut f: impl FnMut(&mut DbConnection, &[(String, Facts)]) -> QueryResult<()>,
) -> QueryResult<u64> {
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
            return Ok(count);
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
        f(conn, &facts)?;
    }
}

/// Writes flags to `risk_flags_next`, in one transaction.
fn stage(conn: &mut DbConnection, flags: &[Flag]) -> QueryResult<()> {
    #[derive(Insertable)]
    #[diesel(table_name = risk_flags_next)]
    struct Staged<'a> {
        scope: &'static str,
        subject: &'a str,
        code: &'static str,
        value: f64,
        details: String,
    }
    let rows: Vec<Staged<'_>> = flags
        .iter()
        .map(|f| Staged {
            scope: f.scope.as_str(),
            subject: &f.subject,
            code: f.code,
            value: f.value,
            details: f.details.to_string(),
        })
        .collect();
    db::write(conn, |conn| {
        db::insert_rows!(conn, risk_flags_next::table, &rows);
        Ok::<_, diesel::result::Error>(())
    })
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
    let outcome = compute(conn, m, workflow).and_then(|report| {
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
                risk_runs::last_flags.eq(report.flags as i64),
            ))
            .execute(conn)?;
            if ours == 0 {
                return Ok(None);
            }
            replace_from_next(conn)?;
            Ok(Some(report))
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
