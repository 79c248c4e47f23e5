//! Demo people and feedback for `veedor demo`: accounts for each role, and feedback items on the
//! generated processes at every step of the loop, filed and moved through the real engine.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use serde_json::{json, Map, Value};

use crate::accounts::{self, CurrentUser, Role};
use crate::db::schema::processes;
use crate::db::DbConnection;
use crate::feedback::categories::{Category, QuestionType};
use crate::feedback::Submission;
use crate::workflow::definition::Effect;
use crate::workflow::engine::{Actor, Engine, Request};

mod texts;

/// The demo accounts' password (printed by `veedor demo`; demo databases only).
pub const PASSWORD: &str = "veedor-demo-2026";

/// A demo account: who they are and what they do.
pub struct DemoAccount {
    pub email: &'static str,
    pub name: &'static str,
    pub role: &'static str,
    pub does: &'static str,
}

/// Accounts created, one per role.
pub const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "ciudadana@demo.veedor.org",
        name: "Ana Benítez",
        role: "citizen",
        does: "files feedback, answers questions, rates answers",
    },
    DemoAccount {
        email: "moderador@demo.veedor.org",
        name: "Marta Ríos",
        role: "moderator",
        does: "triages new feedback and routes it to agencies",
    },
    DemoAccount {
        email: "funcionario@demo.veedor.org",
        name: "Carlos Duarte",
        role: "officer",
        does: "answers for every agency that received demo feedback",
    },
    DemoAccount {
        email: "auditor@demo.veedor.org",
        name: "Olena Kovalenko",
        role: "oversight",
        does: "records findings for every oversight body",
    },
    DemoAccount {
        email: "admin@demo.veedor.org",
        name: "Admin",
        role: "admin",
        does: "reads the log of identity reveals",
    },
];

fn sample_answers(
    category: &Category,
    words: &texts::Texts,
    rating: Option<i64>,
) -> Map<String, Value> {
    let mut answers = Map::new();
    for q in category.questions.iter().filter(|q| q.required) {
        let value = match q.kind {
            QuestionType::Yesno => json!(true),
            QuestionType::Scale => json!(rating.unwrap_or(4)),
            QuestionType::Choice => json!(q.options.first().cloned().unwrap_or_default()),
            QuestionType::Text => json!(words.detail),
            QuestionType::Date => json!("2026-10-01"),
            QuestionType::Amount => json!(125000),
        };
        answers.insert(q.id.clone(), value);
    }
    answers
}

fn account(
    conn: &mut DbConnection,
    who: &DemoAccount,
    role: Role,
    org: &str,
) -> Result<CurrentUser, String> {
    let email = who.email;
    let id = accounts::create_verified(conn, email, PASSWORD, who.name, role, org)
        .map_err(|e| e.to_string())?;
    Ok(CurrentUser {
        id: id.clone(),
        email: email.to_owned(),
        memberships: accounts::memberships_of(conn, &id).map_err(|e| e.to_string())?,
    })
}

/// Creates the demo accounts and `items` feedback items spread over the loop's states.
pub fn seed(
    conn: &mut DbConnection,
    engine: &Engine,
    items: usize,
    now: NaiveDateTime,
) -> Result<usize, String> {
    crate::agencies::create_cso(conn, "observatorio-demo", "Observatorio Ciudadano (demo)")?;
    let citizen = account(conn, &ACCOUNTS[0], Role::Citizen, "")?;
    let moderator = account(conn, &ACCOUNTS[1], Role::Moderator, "observatorio-demo")?;
    // The demo auditor sits on every oversight body, so whichever an escalation goes to, the
    // demo has someone to record its finding.
    let bodies: Vec<String> = engine.oversight.iter().map(|b| b.id.clone()).collect();
    let first = bodies.first().cloned().unwrap_or_default();
    let mut auditor = account(conn, &ACCOUNTS[3], Role::Oversight, &first)?;
    for body in bodies.iter().skip(1) {
        accounts::add_membership(conn, &auditor.id, Role::Oversight, body)
            .map_err(|e| e.to_string())?;
    }
    auditor.memberships = accounts::memberships_of(conn, &auditor.id).map_err(|e| e.to_string())?;
    account(conn, &ACCOUNTS[4], Role::Admin, "")?;
    let targets: Vec<(String, String, Option<String>)> = processes::table
        .filter(processes::buyer_id.is_not_null())
        .order(processes::last_release_date.desc())
        .select((
            processes::ocid,
            processes::buyer_id.assume_not_null(),
            processes::main_procurement_category,
        ))
        .limit(items as i64)
        .load(conn)
        .map_err(|e| e.to_string())?;
    // One demo officer answers for every agency that receives demo feedback.
    let officer_id = accounts::create_verified(
        conn,
        ACCOUNTS[2].email,
        PASSWORD,
        ACCOUNTS[2].name,
        Role::Citizen,
        "",
    )
    .map_err(|e| e.to_string())?;
    for (_, buyer, _) in &targets {
        accounts::add_membership(conn, &officer_id, Role::Officer, buyer)
            .map_err(|e| e.to_string())?;
    }
    let officer = CurrentUser {
        id: officer_id.clone(),
        email: ACCOUNTS[2].email.to_owned(),
        memberships: accounts::memberships_of(conn, &officer_id).map_err(|e| e.to_string())?,
    };
    let kinds = ["complaint", "complaint", "question", "review"];
    // The demo walks the loop by what transitions do, whatever the deployment names them.
    let named = |effect: Effect| {
        engine
            .workflow
            .with_effect(effect)
            .next()
            .map(|t| t.id.clone())
            .ok_or_else(|| {
                format!(
                    "the workflow has no transition with effect {}",
                    effect.as_str()
                )
            })
    };
    let (route, answer, finding) = (
        named(Effect::Route)?,
        named(Effect::Answer)?,
        named(Effect::Finding)?,
    );
    let (satisfied, unsatisfied) = (
        named(Effect::RateSatisfied)?,
        named(Effect::RateUnsatisfied)?,
    );
    let mut filed = 0;
    for (n, (ocid, _, bought)) in targets.iter().enumerate() {
        // Reviews speak of goods or of works, as the process bought.
        let of_goods = usize::from(bought.as_deref() != Some("goods"));
        // People write in the language of the process they write about.
        let lang = crate::ocds::records::record(conn, ocid, false)
            .ok()
            .flatten()
            .and_then(|r| r.compiled_release["language"].as_str().map(str::to_owned))
            .unwrap_or_else(|| "es".into());
        let words = texts::of(&lang);
        let kind = kinds[n % kinds.len()];
        let Some(category) = engine
            .categories
            .iter()
            .filter(|c| c.kinds.iter().any(|k| k == kind))
            .nth(n / kinds.len() % 3)
            .or_else(|| {
                engine
                    .categories
                    .iter()
                    .find(|c| c.kinds.iter().any(|k| k == kind))
            })
        else {
            continue;
        };
        // A review's rating fits what it says: praise rates 4 or 5, a complaint 1 or 2.
        let rating = (kind == "review").then(|| {
            if category.id == "poor_quality" || n % 3 == 0 {
                1 + (n % 2) as i64
            } else {
                4 + (n % 2) as i64
            }
        });
        let submission = Submission {
            kind: kind.into(),
            category: category.id.clone(),
            stage: (kind == "complaint")
                .then(|| ["tender", "award", "contract", "implementation"][n % 4].to_owned()),
            description: match kind {
                "question" => words.questions[n % words.questions.len()].into(),
                "review" if category.id == "poor_quality" || n % 3 == 0 => {
                    words.bad_reviews[of_goods].into()
                }
                "review" => words.good_reviews[of_goods].into(),
                _ => words.complaint(&category.id, n).into(),
            },
            rating,
            answers: sample_answers(category, words, rating),
            anonymous: n % 3 == 0,
            ..Submission::default()
        };
        let started = now - Duration::days(45 - (n % 40) as i64);
        let item = engine
            .submit(conn, &citizen, ocid, &submission, &[], started)
            .map_err(|e| e.to_string())?;
        filed += 1;
        let mut at = started;
        let mut step = |who: &CurrentUser,
                        name: &str,
                        comment: Option<&str>,
                        extra: Request|
         -> Result<(), String> {
            at += Duration::hours(30);
            let request = Request {
                transition: name.into(),
                comment: comment.map(str::to_owned),
                ..extra
            };
            engine
                .transition(conn, &item.id, Actor::Person(who), &request, &[], at)
                .map(|_| ())
                .map_err(|e| format!("demo {name}: {e}"))
        };
        let stage = n % 7;
        if stage == 0 {
            continue; // waits in triage
        }
        step(&moderator, &route, None, Request::default())?;
        if stage == 1 {
            continue; // the agency has it; the sweep may escalate it
        }
        if engine.workflow.transition("acknowledge").is_some() {
            step(&officer, "acknowledge", None, Request::default())?;
        }
        if stage == 2 {
            continue;
        }
        step(
            &officer,
            &answer,
            Some(words.answers[n % words.answers.len()]),
            Request::default(),
        )?;
        match stage {
            4 => step(&citizen, &satisfied, None, Request::default())?,
            5 | 6 => {
                step(
                    &citizen,
                    &unsatisfied,
                    Some(words.unsatisfied[n % words.unsatisfied.len()]),
                    Request::default(),
                )?;
                if stage == 6 {
                    step(
                        &auditor,
                        &finding,
                        Some(words.finding),
                        Request {
                            violation_confirmed: Some(true),
                            action_taken: Some(words.action_taken.into()),
                            outcome: Some("resolved".into()),
                            ..Request::default()
                        },
                    )?;
                }
            }
            _ => {}
        }
    }
    // Two neighbours complain about the second process too (its complaint is with the agency):
    // three people, independently (the redress loop's own indicator V004).
    if let Some((ocid, _, _)) = targets.get(1) {
        let words = texts::of("es");
        for (k, email) in ["vecina@demo.veedor.org", "vecino@demo.veedor.org"]
            .into_iter()
            .enumerate()
        {
            let id = accounts::create_verified(conn, email, PASSWORD, email, Role::Citizen, "")
                .map_err(|e| e.to_string())?;
            let neighbour = CurrentUser {
                id,
                email: email.to_owned(),
                memberships: Vec::new(),
            };
            let category = engine
                .categories
                .iter()
                .find(|c| c.kinds.iter().any(|kind| kind == "complaint"))
                .ok_or("no complaint category")?;
            let submission = Submission {
                kind: "complaint".into(),
                category: category.id.clone(),
                stage: Some("tender".into()),
                description: words.complaint(&category.id, k + 1).into(),
                answers: sample_answers(category, words, None),
                anonymous: true,
                ..Submission::default()
            };
            let filed_at = now - Duration::days(2 + k as i64);
            let item = engine
                .submit(conn, &neighbour, ocid, &submission, &[], filed_at)
                .map_err(|e| e.to_string())?;
            let accept = Request {
                transition: route.clone(),
                ..Request::default()
            };
            engine
                .transition(
                    conn,
                    &item.id,
                    Actor::Person(&moderator),
                    &accept,
                    &[],
                    filed_at + Duration::hours(3),
                )
                .map_err(|e| e.to_string())?;
            filed += 1;
        }
    }
    // Whatever is overdue by now is escalated, as the running worker would.
    engine.sweep(conn, now, false).map_err(|e| e.to_string())?;
    Ok(filed)
}

/// A publisher the demo follows, as a deployment follows a real one: a folder (`publisher/`
/// beside the demo database) holding this morning's awards for processes with feedback still
/// open, and a copy of the configuration (`config/` beside it) whose `sources.toml` follows
/// that folder. The worker syncs it when the demo starts: the awards reach the process pages,
/// the items' histories and, by mail, their complainants and agencies. Returns the
/// configuration directory to serve with.
pub fn follow_publisher(
    conn: &mut DbConnection,
    engine: &Engine,
    dir: &std::path::Path,
    config_from: &std::path::Path,
    now: NaiveDateTime,
) -> Result<std::path::PathBuf, String> {
    use crate::db::schema::feedback_items;
    let config = dir.join("demo-config");
    let publisher = dir.join("demo-publisher");
    for fresh in [&config, &publisher] {
        let _ = std::fs::remove_dir_all(fresh);
        std::fs::create_dir_all(fresh).map_err(|e| e.to_string())?;
    }
    if let Ok(entries) = std::fs::read_dir(config_from) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml") {
                if let Some(name) = path.file_name() {
                    std::fs::copy(&path, config.join(name)).map_err(|e| e.to_string())?;
                }
            }
        }
    }
    let publisher_path = std::fs::canonicalize(&publisher).map_err(|e| e.to_string())?;
    std::fs::write(
        config.join("sources.toml"),
        format!(
            "# Written by `veedor demo`: the demo follows a folder as it would a publisher's feed.\n\
             [[source]]\nid = \"demo-publisher\"\nkind = \"directory\"\npath = {:?}\nevery = \"1h\"\n",
            publisher_path.display().to_string()
        ),
    )
    .map_err(|e| e.to_string())?;
    // Processes whose feedback is still open, three of them.
    let items: Vec<(String, String, String)> = feedback_items::table
        .select((
            feedback_items::ocid,
            feedback_items::state,
            feedback_items::kind,
        ))
        .order(feedback_items::created_at)
        .load(conn)
        .map_err(|e| e.to_string())?;
    let mut open: Vec<(String, String, String)> = items
        .into_iter()
        .filter(|(_, state, _)| {
            engine
                .workflow
                .states
                .get(state)
                .is_some_and(|s| !s.is_final)
        })
        .collect();
    // A complaint still waiting for the agency's answer first: its contract is signed this
    // morning (the redress loop's own indicator V001).
    open.sort_by_key(|(_, state, kind)| {
        kind != "complaint"
            || engine.workflow.meaning(state) != crate::workflow::definition::Meaning::WithAgency
    });
    let mut ocids: Vec<String> = open.into_iter().map(|(ocid, ..)| ocid).collect();
    ocids.dedup();
    let mut lines = String::new();
    for (n, ocid) in ocids.into_iter().take(3).enumerate() {
        let (amount, currency): (Option<f64>, Option<String>) = processes::table
            .find(&ocid)
            .select((processes::value_amount, processes::currency))
            .first(conn)
            .map_err(|e| e.to_string())?;
        let date = (now - Duration::hours(3))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let supplier = [
            "Constructora Ñandutí S.A.",
            "ТОВ «Будсервіс»",
            "Serviços Gerais Ltda.",
        ][n];
        let mut release = json!({
            "ocid": ocid, "id": format!("{ocid}-award-demo"), "date": date, "tag": ["award"],
            "awards": [{"id": "award-demo", "status": "active", "date": date,
                "value": {"amount": amount.map(|a| (a * 0.97).round()), "currency": currency},
                "suppliers": [{"id": format!("DEMO-SUPPLIER-{n}"), "name": supplier}]}],
            "parties": [{"id": format!("DEMO-SUPPLIER-{n}"), "name": supplier, "roles": ["supplier"]}]
        });
        if n == 0 {
            release["tag"] = json!(["award", "contract"]);
            release["contracts"] = json!([{"id": "contract-demo", "awardID": "award-demo",
                "status": "active", "dateSigned": date}]);
        }
        lines.push_str(&release.to_string());
        lines.push('\n');
    }
    if let Some(release) = repeat_award(conn, engine, now)? {
        lines.push_str(&release.to_string());
        lines.push('\n');
    }
    std::fs::write(publisher.join("awards.jsonl"), lines).map_err(|e| e.to_string())?;
    Ok(config)
}

/// A new process of a buyer on whose earlier process an oversight body confirmed a violation,
/// awarded this morning to that process's supplier (the redress loop's own indicator V002).
fn repeat_award(
    conn: &mut DbConnection,
    engine: &Engine,
    now: NaiveDateTime,
) -> Result<Option<Value>, String> {
    use crate::db::schema::{feedback_events, feedback_items, organizations};
    let findings: Vec<String> = engine
        .workflow
        .with_effect(Effect::Finding)
        .map(|t| t.id.clone())
        .collect();
    let found: Vec<String> = feedback_events::table
        .inner_join(feedback_items::table.on(feedback_items::id.eq(feedback_events::item_id)))
        .filter(feedback_events::transition.eq_any(&findings))
        .select(feedback_items::ocid)
        .load(conn)
        .map_err(|e| e.to_string())?;
    for ocid in found {
        let facts: Option<Option<String>> = processes::table
            .find(&ocid)
            .select(processes::risk_facts)
            .first(conn)
            .optional()
            .map_err(|e| e.to_string())?;
        let Some(facts) = facts
            .flatten()
            .and_then(|t| serde_json::from_str::<crate::risk::Facts>(&t).ok())
        else {
            continue;
        };
        let supplier = facts
            .active_awards()
            .find_map(|a| a.sole_supplier().map(str::to_owned));
        let (Some(buyer), Some(supplier)) = (facts.buyer.clone(), supplier) else {
            continue;
        };
        let party =
            |conn: &mut DbConnection, id: &str, role: &str| -> Result<Option<Value>, String> {
                let row: Option<(Option<String>, Option<String>, String)> = organizations::table
                    .find(id)
                    .select((
                        organizations::scheme,
                        organizations::identifier,
                        organizations::name,
                    ))
                    .first(conn)
                    .optional()
                    .map_err(|e| e.to_string())?;
                Ok(row.map(|(scheme, identifier, name)| {
                    json!({"id": id, "name": name, "roles": [role],
                       "identifier": {"scheme": scheme, "id": identifier}})
                }))
            };
        let (Some(b), Some(s)) = (
            party(conn, &buyer, "buyer")?,
            party(conn, &supplier, "supplier")?,
        ) else {
            continue;
        };
        let date = (now - Duration::hours(2))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string();
        let new_ocid = format!("{ocid}-again");
        return Ok(Some(json!({
            "ocid": new_ocid, "id": format!("{new_ocid}-award"), "date": date,
            "tag": ["award"], "initiationType": "tender",
            "buyer": {"id": buyer, "name": b["name"]},
            "tender": {"id": format!("{new_ocid}-tender"), "title": "Mantenimiento (contratación directa)",
                       "procurementMethod": "direct", "status": "complete"},
            "awards": [{"id": "award-1", "status": "active", "date": date,
                        "suppliers": [{"id": supplier, "name": s["name"]}]}],
            "parties": [b, s]
        })));
    }
    Ok(None)
}
