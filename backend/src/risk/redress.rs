//! Veedor's own indicators, from the redress loop: what citizens reported and how agencies and
//! oversight bodies answered. No other tool has these data; docs/INDICATORS.md defines each.
//!
//! - V001 contract signed while a complaint was with the agency: a complaint about the process
//!   was with the responsible agency (a state meaning "with_agency") at the moment a contract
//!   of the process was signed.
//! - V002 awarded again after a confirmed violation: an oversight body confirmed a violation on
//!   a process of a buyer, and within `period_days` after that finding the same buyer awarded
//!   another process to a supplier of the first.
//! - V003 agency often late: the agency's share of late or overdue answers (answered late,
//!   or owed and overdue now, among the complaints it received) is at or above the upper fence
//!   of all agencies' shares (or `threshold`), and above zero; agencies with fewer than
//!   `minimum_items` items are left out.
//! - V004 complaints from several people: at least `minimum_people` different people filed
//!   complaints about the process that moderators accepted (sent to an agency): complaints
//!   still in triage do not count, so made-up accounts cannot raise it. People are told apart
//!   as the public tells them apart (a pseudonym, or a name), so the count reveals nothing.
//!
//! Values and details name processes, agencies and companies, never a complainant.

use super::facts::Facts;
use super::fences::Quartiles;
use super::settings::Methodology;
use super::{Flag, Scope};
use crate::db::schema::{feedback_events, feedback_items, processes, scorecards};
use crate::db::DbConnection;
use crate::ocds::summary::parse_date;
use crate::workflow::definition::{Effect, Meaning};
use crate::workflow::Workflow;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

const COMPLAINT: &str = "complaint";

fn date(text: &str) -> Option<NaiveDateTime> {
    parse_date(text)
}

/// An oversight body's confirmed violation on a buyer's process, and that process's suppliers.
struct Finding {
    ocid: String,
    at: NaiveDateTime,
    suppliers: BTreeSet<String>,
}

/// What the redress indicators need before the pass over every process.
pub struct Redress {
    /// V002: confirmed violations per buyer.
    findings: HashMap<String, Vec<Finding>>,
    with_agency: BTreeSet<String>,
}

impl Redress {
    pub fn prepare(
        conn: &mut DbConnection,
        m: &Methodology,
        workflow: &Workflow,
    ) -> QueryResult<Redress> {
        let mut findings: HashMap<String, Vec<Finding>> = HashMap::new();
        if m.v002.is_some() {
            let transitions: Vec<String> = workflow
                .with_effect(Effect::Finding)
                .map(|t| t.id.clone())
                .collect();
            let found: Vec<(String, String, NaiveDateTime)> = feedback_events::table
                .inner_join(
                    feedback_items::table.on(feedback_items::id.eq(feedback_events::item_id)),
                )
                .filter(feedback_events::transition.eq_any(&transitions))
                .order((feedback_events::created_at, feedback_events::id))
                .select((
                    feedback_items::ocid,
                    feedback_events::details,
                    feedback_events::created_at,
                ))
                .load(conn)?;
            for (ocid, details, at) in found {
                let confirmed = serde_json::from_str::<Value>(&details)
                    .ok()
                    .and_then(|d| d["violation_confirmed"].as_bool())
                    .unwrap_or(false);
                if !confirmed {
                    continue;
                }
                let facts: Option<Option<String>> = processes::table
                    .find(&ocid)
                    .select(processes::risk_facts)
                    .first(conn)
                    .optional()?;
                let Some(facts) = facts
                    .flatten()
                    .and_then(|t| serde_json::from_str::<Facts>(&t).ok())
                else {
                    continue;
                };
                let facts = m.normalized(&facts);
                let Some(buyer) = facts.buyer.clone() else {
                    continue;
                };
                let suppliers = facts
                    .active_awards()
                    .flat_map(|a| a.suppliers.iter().flatten().cloned())
                    .collect();
                findings.entry(buyer).or_default().push(Finding {
                    ocid,
                    at,
                    suppliers,
                });
            }
        }
        Ok(Redress {
            findings,
            with_agency: workflow
                .states_meaning(Meaning::WithAgency)
                .into_iter()
                .collect(),
        })
    }

    /// V002 for one process: an award of this buyer to a supplier of a process on which a
    /// violation was confirmed, within the period after the finding.
    pub fn repeat_award(&self, ocid: &str, facts: &Facts, m: &Methodology) -> Option<Flag> {
        let facts = &*m.normalized(facts);
        let period = Duration::days(m.v002.as_ref()?.period_days);
        let found = self.findings.get(facts.buyer.as_ref()?)?;
        for award in facts.active_awards() {
            let Some(awarded) = award.date.as_deref().and_then(date) else {
                continue;
            };
            for f in found.iter().filter(|f| f.ocid != ocid) {
                if !(awarded > f.at && awarded <= f.at + period) {
                    continue;
                }
                if let Some(s) = award
                    .suppliers
                    .iter()
                    .flatten()
                    .find(|s| f.suppliers.contains(*s))
                {
                    return Some(Flag::process(
                        ocid,
                        "V002",
                        1.0,
                        json!({"earlier": f.ocid, "supplier": s, "finding": f.at,
                               "awarded": awarded}),
                    ));
                }
            }
        }
        None
    }

    /// V001 for a chunk of processes: complaints with the agency when a contract was signed.
    pub fn signed_during_complaint(
        &self,
        conn: &mut DbConnection,
        chunk: &[(String, Facts)],
        m: &Methodology,
    ) -> QueryResult<Vec<Flag>> {
        let mut flags = Vec::new();
        if m.v001.is_none() {
            return Ok(flags);
        }
        let signed: HashMap<&str, Vec<NaiveDateTime>> = chunk
            .iter()
            .filter(|(_, f)| !f.signed.is_empty())
            .map(|(o, f)| {
                (
                    o.as_str(),
                    f.signed.iter().filter_map(|s| date(s)).collect(),
                )
            })
            .collect();
        if signed.is_empty() {
            return Ok(flags);
        }
        let ocids: Vec<&str> = signed.keys().copied().collect();
        // Each complaint's moves, in order: its state at any moment is the last move's.
        let moves: Vec<(String, String, String, NaiveDateTime)> = feedback_events::table
            .inner_join(feedback_items::table.on(feedback_items::id.eq(feedback_events::item_id)))
            .filter(feedback_items::ocid.eq_any(&ocids))
            .filter(feedback_items::kind.eq(COMPLAINT))
            .order((feedback_events::item_id, feedback_events::seq))
            .select((
                feedback_items::ocid,
                feedback_events::item_id,
                feedback_events::to_state,
                feedback_events::created_at,
            ))
            .load(conn)?;
        let mut found: HashMap<&str, (u32, NaiveDateTime)> = HashMap::new();
        let mut i = 0;
        while i < moves.len() {
            let item = &moves[i].1;
            let end = moves[i..]
                .iter()
                .position(|m| &m.1 != item)
                .map_or(moves.len(), |n| i + n);
            let ocid = moves[i].0.as_str();
            for &at in signed.get(ocid).into_iter().flatten() {
                let state = moves[i..end].iter().take_while(|m| m.3 <= at).last();
                if state.is_some_and(|s| self.with_agency.contains(&s.2)) {
                    let e = found.entry(ocid).or_insert((0, at));
                    e.0 += 1;
                    break;
                }
            }
            i = end;
        }
        for (ocid, (complaints, at)) in found {
            flags.push(Flag::process(
                ocid,
                "V001",
                1.0,
                json!({"complaints": complaints, "signed": at}),
            ));
        }
        Ok(flags)
    }
}

/// V003: agencies whose share of late or overdue answers is an outlier among agencies.
pub fn agencies_often_late(conn: &mut DbConnection, m: &Methodology) -> QueryResult<Vec<Flag>> {
    let Some(s) = &m.v003 else {
        return Ok(Vec::new());
    };
    let rows: Vec<(String, i64, i64, i64, i64)> = scorecards::table
        // The row without an agency holds the overall figures.
        .filter(scorecards::agency_id.ne(""))
        .filter(scorecards::received.ge(s.minimum_items.max(1)))
        .order(scorecards::agency_id)
        .select((
            scorecards::agency_id,
            scorecards::received,
            scorecards::answered,
            scorecards::answered_on_time,
            scorecards::overdue_now,
        ))
        .load(conn)?;
    let share = |(_, received, answered, on_time, overdue): &(String, i64, i64, i64, i64)| {
        ((answered - on_time).max(0) + overdue) as f64 / *received as f64
    };
    let shares: Vec<f64> = rows.iter().map(share).collect();
    let Some(fence) = s
        .threshold
        .or_else(|| Quartiles::of(&shares).map(|q| q.upper_fence()))
    else {
        return Ok(Vec::new());
    };
    Ok(rows
        .iter()
        .zip(&shares)
        .filter(|(_, share)| **share >= fence && **share > 0.0)
        .map(|(row, share)| {
            Flag::entity(
                Scope::Buyer,
                &row.0,
                "V003",
                *share,
                json!({"received": row.1, "late": (row.2 - row.3).max(0), "overdue": row.4,
                       "fence": fence}),
            )
        })
        .collect())
}

/// V004: processes with complaints from several different people.
pub fn several_people(conn: &mut DbConnection, m: &Methodology) -> QueryResult<Vec<Flag>> {
    let Some(s) = &m.v004 else {
        return Ok(Vec::new());
    };
    // People as the public tells them apart: an anonymous complaint by its pseudonym, a named
    // one by its author. Counting accounts instead would let a reader match a named complaint
    // to an anonymous one of the same person (a count lower than the names and pseudonyms
    // shown); counted this way, the flag says nothing the pages do not.
    let identity = || {
        diesel::dsl::sql::<diesel::sql_types::Text>(
            "CASE WHEN feedback_items.anonymous THEN 'p:' || feedback_items.pseudonym \
             ELSE 'a:' || feedback_items.author_id END",
        )
    };
    let rows: Vec<(String, i64)> = feedback_items::table
        .filter(feedback_items::kind.eq(COMPLAINT))
        .filter(feedback_items::routed_at.is_not_null())
        .group_by(feedback_items::ocid)
        .having(
            diesel::dsl::count(identity())
                .aggregate_distinct()
                .ge(s.minimum_people),
        )
        .select((
            feedback_items::ocid,
            diesel::dsl::count(identity()).aggregate_distinct(),
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(ocid, people)| {
            Flag::process(&ocid, "V004", people as f64, json!({"people": people}))
        })
        .collect())
}
