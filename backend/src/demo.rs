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

/// The demo accounts' password (printed by `veedor demo`; demo databases only).
pub const PASSWORD: &str = "veedor-demo-2026";

/// Accounts created, as `(email, role)`.
pub const ACCOUNTS: &[(&str, &str)] = &[
    ("ciudadana@demo.veedor.org", "citizen"),
    ("moderador@demo.veedor.org", "moderator"),
    ("funcionario@demo.veedor.org", "officer"),
    ("auditor@demo.veedor.org", "oversight"),
    ("admin@demo.veedor.org", "admin"),
];

fn sample_answers(category: &Category) -> Map<String, Value> {
    let mut answers = Map::new();
    for q in category.questions.iter().filter(|q| q.required) {
        let value = match q.kind {
            QuestionType::Yesno => json!(true),
            QuestionType::Scale => json!(4),
            QuestionType::Choice => json!(q.options.first().cloned().unwrap_or_default()),
            QuestionType::Text => json!("Según el pliego publicado y lo observado en la obra."),
            QuestionType::Date => json!("2026-10-01"),
            QuestionType::Amount => json!(125000),
        };
        answers.insert(q.id.clone(), value);
    }
    answers
}

fn account(
    conn: &mut DbConnection,
    email: &str,
    role: Role,
    org: &str,
) -> Result<CurrentUser, String> {
    let id = accounts::create_verified(
        conn,
        email,
        PASSWORD,
        email.split('@').next().unwrap_or(email),
        role,
        org,
    )
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
    let citizen = account(conn, ACCOUNTS[0].0, Role::Citizen, "")?;
    let moderator = account(conn, ACCOUNTS[1].0, Role::Moderator, "observatorio-demo")?;
    // The demo auditor sits on every oversight body, so whichever an escalation goes to, the
    // demo has someone to record its finding.
    let bodies: Vec<String> = engine.oversight.iter().map(|b| b.id.clone()).collect();
    let first = bodies.first().cloned().unwrap_or_default();
    let mut auditor = account(conn, ACCOUNTS[3].0, Role::Oversight, &first)?;
    for body in bodies.iter().skip(1) {
        accounts::add_membership(conn, &auditor.id, Role::Oversight, body)
            .map_err(|e| e.to_string())?;
    }
    auditor.memberships = accounts::memberships_of(conn, &auditor.id).map_err(|e| e.to_string())?;
    account(conn, ACCOUNTS[4].0, Role::Admin, "")?;
    let targets: Vec<(String, String)> = processes::table
        .filter(processes::buyer_id.is_not_null())
        .order(processes::last_release_date.desc())
        .select((processes::ocid, processes::buyer_id.assume_not_null()))
        .limit(items as i64)
        .load(conn)
        .map_err(|e| e.to_string())?;
    // One demo officer answers for every agency that receives demo feedback.
    let officer_id = accounts::create_verified(
        conn,
        ACCOUNTS[2].0,
        PASSWORD,
        "funcionario",
        Role::Citizen,
        "",
    )
    .map_err(|e| e.to_string())?;
    for (_, buyer) in &targets {
        accounts::add_membership(conn, &officer_id, Role::Officer, buyer)
            .map_err(|e| e.to_string())?;
    }
    let officer = CurrentUser {
        id: officer_id.clone(),
        email: ACCOUNTS[2].0.to_owned(),
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
    for (n, (ocid, _)) in targets.iter().enumerate() {
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
        let submission = Submission {
            kind: kind.into(),
            category: category.id.clone(),
            stage: (kind == "complaint")
                .then(|| ["tender", "award", "contract", "implementation"][n % 4].to_owned()),
            description: match kind {
                "question" => {
                    "¿Por qué se eligió este procedimiento y cuándo se publicará el contrato?"
                        .into()
                }
                "review" => "La obra avanza; el cartel de obra informa plazos y montos.".into(),
                _ => {
                    "Los requisitos del pliego parecen hechos a medida de un solo oferente.".into()
                }
            },
            rating: (kind == "review").then_some(1 + (n % 5) as i64),
            answers: sample_answers(category),
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
            Some("Gracias por su consulta. El informe técnico y el acta de evaluación están publicados; el precio se ajustó a la referencia del catálogo."),
            Request::default(),
        )?;
        match stage {
            4 => step(&citizen, &satisfied, None, Request::default())?,
            5 | 6 => {
                step(
                    &citizen,
                    &unsatisfied,
                    Some("La respuesta no explica el sobreprecio."),
                    Request::default(),
                )?;
                if stage == 6 {
                    step(
                        &auditor,
                        &finding,
                        Some("Se confirmó un sobreprecio del 18 %; se ordenó la revisión del contrato."),
                        Request {
                            violation_confirmed: Some(true),
                            action_taken: Some("Revisión del contrato ordenada".into()),
                            outcome: Some("resolved".into()),
                            ..Request::default()
                        },
                    )?;
                }
            }
            _ => {}
        }
    }
    // Whatever is overdue by now is escalated, as the running worker would.
    engine.sweep(conn, now, false).map_err(|e| e.to_string())?;
    Ok(filed)
}
