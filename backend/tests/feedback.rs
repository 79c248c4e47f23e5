//! The redress loop end to end, on whichever backend the test run uses: filing feedback,
//! triage, routing, clarification with a paused clock, a not-responsible rerouting, an overdue
//! escalation by the sweep (exactly once with two sweepers), the oversight finding, the
//! authorization matrix, races, attachments and anonymity.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use actix_web::test;
use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use common::{bearer, import, path_input, token, user, TestDb, PASSWORD};
use diesel::prelude::*;
use serde_json::{json, Value};
use veedor::accounts::{self, Role};
use veedor::feedback::{FeedbackError, Submission};
use veedor::workflow::engine::{Actor, Request};

const OCID: &str = "ocds-fb-1/obra";
const BUYER: &str = "PY-RUC-80000001";
const OTHER_AGENCY: &str = "PY-RUC-80000002";
const BODY: &str = "audit-office";
/// The oversight body for Paraguayan agencies: escalations from the buyer go there.
const REGULATOR: &str = "procurement-regulator-py";

fn release(ocid: &str, buyer_ruc: &str) -> String {
    json!({
        "ocid": ocid, "id": "r1", "date": "2026-01-05T10:00:00Z", "tag": ["tender"],
        "buyer": {"id": "b", "name": "Municipalidad de Ñemby"},
        "parties": [{"id": "b", "name": "Municipalidad de Ñemby", "roles": ["buyer"],
            "identifier": {"scheme": "PY-RUC", "id": buyer_ruc},
            "contactPoint": {"email": "compras@nemby.example.org"}}],
        "tender": {"id": "t1", "title": "Puente peatonal", "procurementMethod": "open",
            "mainProcurementCategory": "works", "value": {"amount": 250000, "currency": "PYG"}}
    })
    .to_string()
}

struct World {
    db: TestDb,
    files: std::path::PathBuf,
    _tmp: tempfile::TempDir,
    citizen: String,
    moderator: String,
    officer: String,
    other_officer: String,
    oversight: String,
}

fn world() -> World {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data.jsonl");
    std::fs::write(
        &data,
        format!(
            "{}\n{}\n",
            release(OCID, "80000001"),
            release("ocds-fb-2", "80000002")
        ),
    )
    .unwrap();
    let db = TestDb::new();
    let report = import(&db, &[path_input(data)]);
    assert_eq!(report.error_count, 0, "{}", report.render());
    let mut conn = db.conn();
    veedor::agencies::create_cso(&mut conn, "cso-1", "Observatorio Ciudadano").unwrap();
    let mut person = |email: &str, role: Role, org: &str| {
        accounts::create_verified(&mut conn, email, PASSWORD, email, role, org).unwrap()
    };
    let citizen = person("ana@example.org", Role::Citizen, "");
    let moderator = person("mod@example.org", Role::Moderator, "cso-1");
    let officer = person("officer@nemby.example.org", Role::Officer, BUYER);
    let other_officer = person("officer@other.example.org", Role::Officer, OTHER_AGENCY);
    let oversight = person("auditor@audit.example.org", Role::Oversight, BODY);
    accounts::add_membership(&mut conn, &oversight, Role::Oversight, REGULATOR).unwrap();
    World {
        db,
        files: common::files_dir(),
        _tmp: tmp,
        citizen,
        moderator,
        officer,
        other_officer,
        oversight,
    }
}

fn complaint() -> Value {
    json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "El precio unitario del hormigón triplica el de mercado.",
        "answers": {}, "anonymous": true
    })
}

/// A JPEG whose EXIF segment holds a position.
fn jpeg_with_gps() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0GPS -25.3300 -57.5400";
    j.extend_from_slice(&[0xFF, 0xE1]);
    j.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    j.extend_from_slice(exif);
    j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]);
    j
}

fn multipart(json_part: &str, json: &Value, file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "veedor-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{json_part}\"\r\nContent-Type: application/json\r\n\r\n{json}\r\n"
        )
        .as_bytes(),
    );
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

macro_rules! call {
    ($app:expr, $req:expr) => {{
        let resp = test::call_service(&$app, $req.to_request()).await;
        let status = resp.status().as_u16();
        let bytes = test::read_body(resp).await;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, body)
    }};
}

/// The whole app (API and pages) over `state`.
macro_rules! app {
    ($state:expr) => {
        test::init_service(veedor::server::app($state.clone())).await
    };
}

fn feedback_url(ocid: &str) -> String {
    format!(
        "/api/v1/processes/{}/feedback",
        ocid.replace('/', "%2F").replace(' ', "%20")
    )
}

fn transition_json(name: &str, comment: Option<&str>) -> Value {
    match comment {
        Some(c) => json!({"transition": name, "comment": c}),
        None => json!({"transition": name}),
    }
}

fn allowed(body: &Value) -> Vec<String> {
    let mut out: Vec<String> = body["allowed_transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

#[actix_web::test]
async fn the_whole_loop_through_the_api() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let moderator = token(&state, &w.db, "mod@example.org");
    let officer = token(&state, &w.db, "officer@nemby.example.org");
    let other_officer = token(&state, &w.db, "officer@other.example.org");
    let auditor = token(&state, &w.db, "auditor@audit.example.org");

    // Bad input: a clear 4xx naming the field; nothing stored.
    let url = feedback_url(OCID);
    let bad = |patch: Value| {
        let mut body = complaint();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    for (patch, field) in [
        (json!({"category": "bribery"}), "category"),
        (json!({"kind": "praise"}), "kind"),
        (json!({"stage": "auction"}), "stage"),
        (json!({"description": "x".repeat(6000)}), "description"),
        (json!({"rating": 9}), "rating"),
    ] {
        let (status, body) = call!(
            app,
            test::TestRequest::post()
                .uri(&url)
                .insert_header(bearer(&citizen))
                .set_json(bad(patch))
        );
        assert_eq!(status, 400, "{body}");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }
    let (status, _) = call!(
        app,
        test::TestRequest::post()
            .uri("/api/v1/processes/ocds-none/feedback")
            .insert_header(bearer(&citizen))
            .set_json(complaint())
    );
    assert_eq!(status, 404);
    let (status, body) = call!(
        app,
        test::TestRequest::post()
            .uri(&url)
            .insert_header(bearer(&citizen))
            .insert_header(("content-type", "application/json"))
            .set_payload("{\"kind\": ")
    );
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_json"))
    );
    let (status, _) = call!(
        app,
        test::TestRequest::post().uri(&url).set_json(complaint())
    );
    assert_eq!(status, 401);
    let (status, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&url)
            .insert_header(bearer("forged.token.value"))
            .set_json(complaint())
    );
    assert_eq!(status, 401);
    let (ctype, body) = multipart(
        "feedback",
        &complaint(),
        Some(("script.pdf", b"#!/bin/sh\n")),
    );
    let (status, body) = call!(
        app,
        test::TestRequest::post()
            .uri(&url)
            .insert_header(bearer(&citizen))
            .insert_header(("content-type", ctype))
            .set_payload(body)
    );
    assert_eq!(status, 400, "{body}");
    let mut conn = w.db.conn();
    let stored: i64 = veedor::db::schema::feedback_items::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stored, 0, "bad input stored nothing");

    // A valid, anonymous complaint with a photo.
    let (ctype, body) = multipart(
        "feedback",
        &complaint(),
        Some(("obra.jpg", &jpeg_with_gps())),
    );
    let (status, item) = call!(
        app,
        test::TestRequest::post()
            .uri(&url)
            .insert_header(bearer(&citizen))
            .insert_header(("content-type", ctype))
            .set_payload(body)
    );
    assert_eq!(status, 201, "{item}");
    let id = item["id"].as_str().unwrap().to_owned();
    assert_eq!(item["state"], "triage");
    assert!(item["author"].as_str().unwrap().starts_with("Citizen "));
    assert_eq!(allowed(&item), vec!["withdraw"]);
    let photo = item["attachments"][0]["id"].as_str().unwrap().to_owned();
    let photo_url = format!("/api/v1/feedback/{id}/attachments/{photo}");

    // The public sees the pseudonym, never the person, and not the evidence.
    let (status, public) = call!(
        app,
        test::TestRequest::get().uri(&format!("/api/v1/feedback/{id}"))
    );
    assert_eq!(status, 200);
    let text = public.to_string();
    assert!(
        !text.contains("ana@example.org") && !text.contains(&w.citizen),
        "{text}"
    );
    assert_eq!(public["attachments"].as_array().unwrap().len(), 0);
    assert_eq!(allowed(&public), Vec::<String>::new());
    let (status, _) = call!(app, test::TestRequest::get().uri(&photo_url));
    assert_eq!(status, 401);
    let (status, _) = call!(
        app,
        test::TestRequest::get()
            .uri(&photo_url)
            .insert_header(bearer(&other_officer))
    );
    assert_eq!(status, 403);
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri(&photo_url)
            .insert_header(bearer(&moderator))
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let served = test::read_body(resp).await;
    assert!(served.starts_with(&[0xFF, 0xD8]));
    assert!(
        !String::from_utf8_lossy(&served).contains("GPS"),
        "EXIF stripped"
    );

    let post = |token: &str, body: Value| {
        test::TestRequest::post()
            .uri(&format!("/api/v1/feedback/{id}/transitions"))
            .insert_header(bearer(token))
            .set_json(body)
    };

    // Triage: the moderator's choices, nobody else's.
    let (_, seen) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/feedback/{id}"))
            .insert_header(bearer(&moderator))
    );
    assert_eq!(
        allowed(&seen),
        vec![
            "accept",
            "ask_complainant",
            "change_category",
            "mark_duplicate",
            "reject"
        ]
    );
    let (status, _) = call!(app, post(&officer, transition_json("accept", None)));
    assert_eq!(status, 403, "an officer cannot triage");
    let (status, body) = call!(app, post(&moderator, transition_json("reject", None)));
    assert_eq!(status, 400, "a rejection needs a public reason: {body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("comment"));
    let (status, body) = call!(
        app,
        post(&moderator, json!({"transition": "accept", "colour": 1}))
    );
    assert_eq!(status, 400, "{body}");
    let (status, _) = call!(app, post(&moderator, transition_json("fly", None)));
    assert_eq!(status, 400);

    // More information from the complainant, then accepted and routed by the rules.
    let (status, _) = call!(
        app,
        post(
            &moderator,
            transition_json("ask_complainant", Some("¿Qué ítem?"))
        )
    );
    assert_eq!(status, 200);
    let (status, _) = call!(
        app,
        post(
            &citizen,
            transition_json("provide_information", Some("El ítem 3, hormigón H21."))
        )
    );
    assert_eq!(status, 200);
    let (status, routed) = call!(app, post(&moderator, transition_json("accept", None)));
    assert_eq!(status, 200, "{routed}");
    assert_eq!(routed["state"], "routed");
    assert_eq!(routed["agency_id"], BUYER);
    assert_eq!(routed["routing_rule"], "questions-and-complaints-to-buyer");
    assert!(routed["due_at"].is_string());

    // Only the officer of that agency may act on it.
    let (status, _) = call!(
        app,
        post(&other_officer, transition_json("acknowledge", None))
    );
    assert_eq!(status, 403);
    let (_, seen) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/feedback/{id}"))
            .insert_header(bearer(&officer))
    );
    assert_eq!(
        allowed(&seen),
        vec![
            "acknowledge",
            "answer",
            "ask_clarification",
            "not_responsible"
        ]
    );
    assert!(
        seen["author"].as_str().unwrap().starts_with("Citizen "),
        "hidden from the agency too"
    );
    let (status, _) = call!(app, post(&officer, transition_json("acknowledge", None)));
    assert_eq!(status, 200);
    let (status, _) = call!(app, post(&officer, transition_json("acknowledge", None)));
    assert_eq!(status, 409, "not from acknowledged");

    // Clarification: the clock stops while the complainant is asked, and resumes after.
    let (status, paused) = call!(
        app,
        post(
            &officer,
            transition_json("ask_clarification", Some("¿Qué planilla?"))
        )
    );
    assert_eq!(status, 200);
    assert!(paused["due_at"].is_null(), "paused clock: {paused}");
    let (status, resumed) = call!(
        app,
        post(&citizen, transition_json("clarify", Some("Planilla 2.")))
    );
    assert_eq!(status, 200);
    assert_eq!(resumed["state"], "acknowledged");
    assert!(resumed["due_at"].is_string());

    // Not ours: back to triage with the reason, then routed again by the moderator.
    let (status, back) = call!(
        app,
        post(
            &officer,
            transition_json("not_responsible", Some("Lo ejecuta el MOPC."))
        )
    );
    assert_eq!(status, 200);
    assert_eq!(back["state"], "triage");
    assert!(back["agency_id"].is_null());
    let (status, body) = call!(
        app,
        post(
            &moderator,
            json!({"transition": "accept", "agency": "nobody"})
        )
    );
    assert_eq!(status, 400, "{body}");
    let (status, rerouted) = call!(
        app,
        post(&moderator, json!({"transition": "accept", "agency": BUYER}))
    );
    assert_eq!(status, 200);
    assert_eq!(rerouted["routing_rule"], "moderator");

    // The agency lets the deadline pass; the sweep escalates to the oversight body.
    let late = Utc::now().naive_utc() + Duration::days(60);
    let dry = engine.sweep(&mut conn, late, true).unwrap();
    assert_eq!(dry.moved, vec![(id.clone(), "overdue".to_owned())]);
    let (_, still) = call!(
        app,
        test::TestRequest::get().uri(&format!("/api/v1/feedback/{id}"))
    );
    assert_eq!(still["state"], "routed", "a dry run changes nothing");
    let swept = engine.sweep(&mut conn, late, false).unwrap();
    assert_eq!(swept.moved.len(), 1);
    let (_, escalated) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/feedback/{id}"))
            .insert_header(bearer(&auditor))
    );
    assert_eq!(escalated["state"], "escalated");
    assert_eq!(escalated["oversight_id"], REGULATOR);
    assert_eq!(allowed(&escalated), vec!["record_finding"]);
    let again = engine.sweep(&mut conn, late, false).unwrap();
    assert!(again.moved.is_empty(), "escalated once");

    // The queues show the item to those who work it, and only to them.
    let (status, queue) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!(
                "/api/v1/queues/oversight/{REGULATOR}?sort=deadline"
            ))
            .insert_header(bearer(&auditor))
    );
    assert_eq!(status, 200);
    assert_eq!(queue["items"][0]["id"], id.as_str());
    let (status, _) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/queues/oversight/{REGULATOR}"))
            .insert_header(bearer(&officer))
    );
    assert_eq!(status, 403);
    let (status, _) = call!(
        app,
        test::TestRequest::get()
            .uri("/api/v1/queues/triage")
            .insert_header(bearer(&citizen))
    );
    assert_eq!(status, 403);

    // The finding closes the loop.
    let (status, body) = call!(
        app,
        post(
            &auditor,
            transition_json("record_finding", Some("Sobreprecio confirmado."))
        )
    );
    assert_eq!(
        status, 400,
        "a finding says whether a violation was confirmed: {body}"
    );
    let (status, closed) = call!(
        app,
        post(
            &auditor,
            json!({"transition": "record_finding", "comment": "Sobreprecio confirmado.",
                   "violation_confirmed": true, "action_taken": "Contrato rescindido",
                   "outcome": "resolved"})
        )
    );
    assert_eq!(status, 200, "{closed}");
    assert_eq!(
        (closed["state"].as_str(), closed["outcome"].as_str()),
        (Some("closed"), Some("resolved"))
    );

    // The history: every step, in order, with who acted in which capacity.
    let (_, events) = call!(
        app,
        test::TestRequest::get().uri(&format!("/api/v1/feedback/{id}/events"))
    );
    let steps: Vec<&str> = events["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["transition"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        vec![
            "submit",
            "receive",
            "ask_complainant",
            "provide_information",
            "accept",
            "acknowledge",
            "ask_clarification",
            "clarify",
            "not_responsible",
            "accept",
            "overdue",
            "record_finding"
        ]
    );
    assert!(!events.to_string().contains("ana@example.org"));
    let last = &events["items"][11];
    assert_eq!(
        (last["role"].as_str(), last["organization_id"].as_str()),
        (Some("oversight"), Some(REGULATOR))
    );
    assert_eq!(last["details"]["violation_confirmed"], true);

    // History is append-only, in the database itself.
    let rewritten =
        diesel::sql_query("UPDATE feedback_events SET comment = 'edited'").execute(&mut conn);
    assert!(rewritten.is_err());
    let deleted = diesel::sql_query("DELETE FROM feedback_events").execute(&mut conn);
    assert!(deleted.is_err());

    // Mail went through the outbox to whoever had to act, and to the complainant.
    let recipients: Vec<String> = diesel::sql_query("SELECT recipient FROM outbox")
        .load::<Recipient>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|r| r.recipient)
        .collect();
    for who in [
        "mod@example.org",
        "officer@nemby.example.org",
        "auditor@audit.example.org",
        "ana@example.org",
    ] {
        assert!(
            recipients.iter().any(|r| r == who),
            "{who} not notified: {recipients:?}"
        );
    }
    assert!(!recipients.iter().any(|r| r == "officer@other.example.org"));

    // A moderator may look behind the pseudonym; the look is logged.
    let (status, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&format!("/api/v1/feedback/{id}/identity"))
            .insert_header(bearer(&officer))
            .set_json(json!({"reason": "curious"}))
    );
    assert_eq!(status, 403);
    let (status, who) = call!(
        app,
        test::TestRequest::post()
            .uri(&format!("/api/v1/feedback/{id}/identity"))
            .insert_header(bearer(&moderator))
            .set_json(json!({"reason": "Amenazas recibidas"}))
    );
    assert_eq!(
        (status, who["email"].as_str()),
        (200, Some("ana@example.org"))
    );
    assert_eq!(veedor::feedback::reveal_count(&mut conn, &id).unwrap(), 1);
    let _ = (
        &w.moderator,
        &w.officer,
        &w.other_officer,
        &w.oversight,
        &w.files,
    );
}

#[derive(QueryableByName)]
struct Recipient {
    #[diesel(sql_type = diesel::sql_types::Text)]
    recipient: String,
}

fn at(day: &str, hour: u32) -> NaiveDateTime {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn routed_item(w: &World, engine: &veedor::workflow::Engine, when: NaiveDateTime) -> String {
    let mut conn = w.db.conn();
    let citizen = user(&w.db, &w.citizen);
    let submission: Submission = serde_json::from_value(complaint()).unwrap();
    let item = engine
        .submit(&mut conn, &citizen, OCID, &submission, &[], when)
        .unwrap();
    let moderator = user(&w.db, &w.moderator);
    let request = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&moderator),
            &request,
            &[],
            when,
        )
        .unwrap();
    item.id
}

#[core::prelude::v1::test]
fn a_paused_clock_moves_the_deadline_by_the_paused_working_days() {
    let w = world();
    let engine = common::engine(&w.files);
    let mut conn = w.db.conn();
    // Routed on Monday 2 Nov 2026: ten working days end on Monday 16 Nov.
    let id = routed_item(&w, &engine, at("2026-11-02", 9));
    let item = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    assert_eq!(
        item.due_at,
        Some(at("2026-11-16", 23) + Duration::seconds(3599))
    );
    let officer = user(&w.db, &w.officer);
    let citizen = user(&w.db, &w.citizen);
    let ask = Request {
        transition: "ask_clarification".into(),
        comment: Some("¿Cuál lote?".into()),
        ..Request::default()
    };
    engine
        .transition(
            &mut conn,
            &id,
            Actor::Person(&officer),
            &ask,
            &[],
            at("2026-11-04", 10),
        )
        .unwrap();
    // Nothing is overdue while paused, whatever the date.
    let paused = engine.sweep(&mut conn, at("2027-03-01", 0), true).unwrap();
    assert!(paused.moved.iter().all(|(i, _)| i != &id));
    let clarify = Request {
        transition: "clarify".into(),
        comment: Some("El lote 2.".into()),
        ..Request::default()
    };
    let item = engine
        .transition(
            &mut conn,
            &id,
            Actor::Person(&citizen),
            &clarify,
            &[],
            at("2026-11-06", 15),
        )
        .unwrap();
    // Paused Wednesday to Friday: three working days added, due Thursday 19 Nov.
    assert_eq!(item.state, "routed");
    assert_eq!(
        item.due_at,
        Some(at("2026-11-19", 23) + Duration::seconds(3599))
    );
    // Events record the pause; the projection equals what the history gives.
    let history = veedor::feedback::events_of(&mut conn, &id).unwrap();
    assert_eq!(engine.deadline(&item.state, &history), item.due_at);
}

#[core::prelude::v1::test]
fn two_sweepers_escalate_each_overdue_item_exactly_once() {
    let w = world();
    let engine = std::sync::Arc::new(common::engine(&w.files));
    let start = at("2026-11-02", 9);
    let ids: Vec<String> = (0..12).map(|_| routed_item(&w, &engine, start)).collect();
    let late = at("2027-01-15", 0);
    let results: Vec<_> = (0..2)
        .map(|_| {
            let engine = engine.clone();
            let mut conn = w.db.conn();
            std::thread::spawn(move || engine.sweep(&mut conn, late, false).unwrap())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let moved: usize = results.iter().map(|r| r.moved.len()).sum();
    assert_eq!(moved, ids.len(), "{results:?}");
    let mut conn = w.db.conn();
    for id in &ids {
        let history = veedor::feedback::events_of(&mut conn, id).unwrap();
        let escalations = history.iter().filter(|e| e.transition == "overdue").count();
        assert_eq!(escalations, 1, "item {id}");
        let item = veedor::feedback::find(&mut conn, id).unwrap().unwrap();
        assert_eq!(item.state, "escalated");
    }
}

#[core::prelude::v1::test]
fn concurrent_transitions_on_one_item_one_wins_the_other_conflicts() {
    let w = world();
    let engine = std::sync::Arc::new(common::engine(&w.files));
    let now = Utc::now().naive_utc();
    for _ in 0..4 {
        let id = routed_item(&w, &engine, now);
        let officer = user(&w.db, &w.officer);
        let outcomes: Vec<Result<_, FeedbackError>> = ["answer", "not_responsible"]
            .into_iter()
            .map(|name| {
                let (engine, officer, id) = (engine.clone(), officer.clone(), id.clone());
                let mut conn = w.db.conn();
                std::thread::spawn(move || {
                    let request = Request {
                        transition: name.into(),
                        comment: Some("respuesta".into()),
                        expected_version: Some(3),
                        ..Request::default()
                    };
                    engine.transition(&mut conn, &id, Actor::Person(&officer), &request, &[], now)
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        let wins = outcomes.iter().filter(|o| o.is_ok()).count();
        let conflicts = outcomes
            .iter()
            .filter(|o| matches!(o, Err(FeedbackError::Conflict(_))))
            .count();
        assert_eq!((wins, conflicts), (1, 1), "{outcomes:?}");
        let mut conn = w.db.conn();
        assert_eq!(
            veedor::feedback::events_of(&mut conn, &id).unwrap().len(),
            4
        );
    }
}

/// Who may take what, state by state: every persona against every transition.
#[core::prelude::v1::test]
fn authorization_matrix() {
    let w = world();
    let engine = common::engine(&w.files);
    let id = routed_item(&w, &engine, Utc::now().naive_utc());
    let mut conn = w.db.conn();
    let item = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    let nobody = accounts::CurrentUser {
        id: "someone-else".into(),
        email: "x@example.org".into(),
        memberships: vec![],
    };
    let personas = [
        (
            "citizen (author)",
            user(&w.db, &w.citizen),
            vec!["withdraw"],
        ),
        ("moderator", user(&w.db, &w.moderator), vec![]),
        (
            "officer of the agency",
            user(&w.db, &w.officer),
            vec![
                "acknowledge",
                "answer",
                "ask_clarification",
                "not_responsible",
            ],
        ),
        (
            "officer of another agency",
            user(&w.db, &w.other_officer),
            vec![],
        ),
        (
            "oversight (not escalated)",
            user(&w.db, &w.oversight),
            vec![],
        ),
        ("another citizen", nobody, vec![]),
    ];
    for (name, person, expected) in personas {
        let mut got: Vec<&str> = engine
            .allowed(&item, Actor::Person(&person))
            .into_iter()
            .map(|t| t.id.as_str())
            .collect();
        got.sort_unstable();
        assert_eq!(got, expected, "{name}");
        // And the engine refuses what is not allowed, with nothing written.
        for t in &engine.workflow.transitions {
            if expected.contains(&t.id.as_str()) || t.roles.iter().any(|r| r == "system") {
                continue;
            }
            let request = Request {
                transition: t.id.clone(),
                comment: Some("x".into()),
                ..Request::default()
            };
            let result = engine.transition(
                &mut conn,
                &id,
                Actor::Person(&person),
                &request,
                &[],
                Utc::now().naive_utc(),
            );
            assert!(
                matches!(
                    result,
                    Err(FeedbackError::Forbidden(_) | FeedbackError::Conflict(_))
                ),
                "{name} took {}: {result:?}",
                t.id
            );
        }
    }
    let after = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    assert_eq!(
        (after.state.as_str(), after.version),
        ("routed", item.version)
    );
}

#[core::prelude::v1::test]
fn the_complainant_rates_the_answer() {
    let w = world();
    let engine = common::engine(&w.files);
    let now = Utc::now().naive_utc();
    let officer = user(&w.db, &w.officer);
    let citizen = user(&w.db, &w.citizen);
    let mut conn = w.db.conn();
    let step = |conn: &mut veedor::db::DbConnection,
                id: &str,
                who: &accounts::CurrentUser,
                name: &str,
                comment: Option<&str>| {
        let request = Request {
            transition: name.into(),
            comment: comment.map(str::to_owned),
            ..Request::default()
        };
        engine.transition(conn, id, Actor::Person(who), &request, &[], now)
    };
    // Satisfied: closed as resolved.
    let happy = routed_item(&w, &engine, now);
    step(
        &mut conn,
        &happy,
        &officer,
        "answer",
        Some("Se corrigió el precio."),
    )
    .unwrap();
    let closed = step(&mut conn, &happy, &citizen, "satisfied", None).unwrap();
    assert_eq!(
        (closed.state.as_str(), closed.outcome.as_deref()),
        ("closed", Some("resolved"))
    );
    // Unsatisfied: escalated to the oversight body of the agency, with the reason.
    let unhappy = routed_item(&w, &engine, now);
    step(
        &mut conn,
        &unhappy,
        &officer,
        "answer",
        Some("Todo en orden."),
    )
    .unwrap();
    assert!(matches!(
        step(&mut conn, &unhappy, &citizen, "unsatisfied", None),
        Err(FeedbackError::Invalid { ref field, .. }) if field == "comment"
    ));
    assert!(matches!(
        step(&mut conn, &unhappy, &officer, "satisfied", None),
        Err(FeedbackError::Forbidden(_))
    ));
    let escalated = step(
        &mut conn,
        &unhappy,
        &citizen,
        "unsatisfied",
        Some("No responde a lo planteado."),
    )
    .unwrap();
    assert_eq!(escalated.state, "escalated");
    assert_eq!(escalated.oversight_id.as_deref(), Some(REGULATOR));
    // No rating within the answered state's deadline: the sweep closes it.
    let silent = routed_item(&w, &engine, now);
    step(&mut conn, &silent, &officer, "answer", Some("Respuesta.")).unwrap();
    let report = engine
        .sweep(&mut conn, now + Duration::days(40), false)
        .unwrap();
    assert!(
        report
            .moved
            .contains(&(silent.clone(), "close_unrated".to_owned())),
        "{report:?}"
    );
}

#[actix_web::test]
async fn filing_is_rate_limited_per_account() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let limit = state.settings.throttle.feedback_per_account;
    for _ in 0..limit {
        let (status, _) = call!(
            app,
            test::TestRequest::post()
                .uri(&feedback_url(OCID))
                .insert_header(bearer(&citizen))
                .set_json(json!({"kind": "complaint"}))
        );
        assert_eq!(status, 400);
    }
    let resp = test::call_service(
        &app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .set_json(complaint())
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 429);
    assert!(resp.headers().contains_key("retry-after"));
}

#[actix_web::test]
async fn oversized_or_too_many_files_are_refused_and_nothing_is_stored() {
    let w = world();
    let files_dir = common::files_dir();
    let mut state = common::app_state(&w.db);
    state.engine = std::sync::Arc::new(common::engine(&files_dir));
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(veedor::feedback::attachments::MAX_FILE_BYTES + 1, b' ');
    let (ctype, body) = multipart("feedback", &complaint(), Some(("big.pdf", &big)));
    let (status, body) = call!(
        app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .insert_header(("content-type", ctype))
            .set_payload(body)
    );
    assert_eq!(status, 413, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    let (status, body) = call!(
        app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .insert_header(("content-type", "application/json"))
            .set_payload(format!("{{\"description\": \"{}\"}}", "x".repeat(70_000)))
    );
    assert_eq!(status, 413, "{body}");
    let mut conn = w.db.conn();
    let stored: i64 = veedor::db::schema::feedback_items::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stored, 0);
    let files = std::fs::read_dir(&files_dir)
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(files, 0, "no file left behind");
}

#[actix_web::test]
async fn published_feedback_as_open_data() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let now = Utc::now().naive_utc();
    let officer = user(&w.db, &w.officer);
    let mut conn = w.db.conn();
    let mut ids = Vec::new();
    for n in 0..3 {
        let id = routed_item(&w, &engine, now + Duration::seconds(n));
        let request = Request {
            transition: "answer".into(),
            comment: Some(format!("Respuesta {n} <script>alert(1)</script> & más")),
            ..Request::default()
        };
        engine
            .transition(
                &mut conn,
                &id,
                Actor::Person(&officer),
                &request,
                &[],
                now + Duration::seconds(10 + n),
            )
            .unwrap();
        ids.push(id);
    }
    let (status, list) = call!(
        app,
        test::TestRequest::get().uri("/api/v1/feedback?per_page=2")
    );
    assert_eq!(status, 200);
    assert_eq!(list["total"], 3);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["id"], ids[2].as_str(), "newest first");
    assert!(list["items"][0]["answer"]
        .as_str()
        .unwrap()
        .starts_with("Respuesta 2"));
    let text = list.to_string();
    assert!(!text.contains("ana@example.org") && !text.contains(&w.citizen));
    let (status, of_process) = call!(app, test::TestRequest::get().uri(&feedback_url(OCID)));
    assert_eq!((status, of_process["total"].as_i64()), (200, Some(3)));
    let (status, _) = call!(
        app,
        test::TestRequest::get().uri(&feedback_url("ocds-fb-2"))
    );
    assert_eq!(status, 200);
    let (status, _) = call!(
        app,
        test::TestRequest::get().uri(&feedback_url("ocds-nothing"))
    );
    assert_eq!(status, 404);
    let (status, _) = call!(
        app,
        test::TestRequest::get().uri("/api/v1/feedback?since=yesterday")
    );
    assert_eq!(status, 400);

    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri("/api/v1/feedback.jsonl")
            .to_request(),
    )
    .await;
    let lines: Vec<Value> = std::str::from_utf8(&body)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], ids[0].as_str(), "oldest first in bulk");
    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri("/api/v1/feedback.csv")
            .to_request(),
    )
    .await;
    let mut reader = csv::Reader::from_reader(&body[..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers.iter().collect::<Vec<_>>(),
        veedor::publish::CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 3);
    assert!(
        rows[1][18].contains("<script>"),
        "CSV carries the text as written"
    );

    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri("/api/v1/feeds/answers.atom")
            .to_request(),
    )
    .await;
    let atom = String::from_utf8(body.to_vec()).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 3, "{atom}");
    assert!(
        !atom.contains("<script>") && atom.contains("&lt;script&gt;"),
        "escaped: {atom}"
    );
    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri(&format!(
                "/api/v1/feeds/agencies/{OTHER_AGENCY}/answers.atom"
            ))
            .to_request(),
    )
    .await;
    assert_eq!(String::from_utf8_lossy(&body).matches("<entry>").count(), 0);
}

#[actix_web::test]
async fn the_answer_is_published_beside_the_process_in_both_languages() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let now = Utc::now().naive_utc();
    let id = routed_item(&w, &engine, now);
    let officer = user(&w.db, &w.officer);
    let mut conn = w.db.conn();
    let request = Request {
        transition: "answer".into(),
        comment: Some("Precio corregido <script>alert('x')</script>".into()),
        ..Request::default()
    };
    engine
        .transition(&mut conn, &id, Actor::Person(&officer), &request, &[], now)
        .unwrap();
    let page = |uri: String, lang: &'static str| {
        test::TestRequest::get()
            .uri(&uri)
            .insert_header(("accept-language", lang))
            .to_request()
    };
    let process_uri = format!("/processes/{}", OCID.replace('/', "%2F"));
    let resp = test::call_service(&app, page(process_uri.clone(), "en-GB,en;q=0.9")).await;
    assert_eq!(resp.status().as_u16(), 200);
    let csp = resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("Puente peatonal"), "what was bought");
    assert!(html.contains("This is a public works process."));
    assert!(
        html.contains("Precio corregido &lt;script&gt;"),
        "the answer, escaped"
    );
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("Citizen "), "the pseudonym");
    assert!(
        !html.contains("ana@example.org") && !html.contains("ana@"),
        "no private data"
    );
    assert!(html.contains("Answered by the agency"));

    let html = test::call_and_read_body(&app, page(process_uri, "es-PY,es;q=0.9")).await;
    let html = String::from_utf8(html.to_vec()).unwrap();
    assert!(html.contains("<html lang=\"es\">"));
    assert!(html.contains("Respuesta de la entidad") && html.contains("Respondido por la entidad"));

    let html = test::call_and_read_body(&app, page(format!("/feedback/{id}"), "en")).await;
    let html = String::from_utf8(html.to_vec()).unwrap();
    assert!(
        html.contains("The agency&#x27;s answer") || html.contains("The agency's answer"),
        "{html}"
    );
    assert!(
        html.contains("questions-and-complaints-to-buyer"),
        "why it was routed there"
    );
    assert!(html.contains("Answered on time."));
    assert!(html.contains("Municipalidad de Ñemby"));

    let resp = test::call_service(&app, page("/processes/ocds-nope".into(), "es")).await;
    assert_eq!(resp.status().as_u16(), 404);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("No existe un proceso"));
}

#[actix_web::test]
async fn open311_clients_read_and_file_feedback() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let (status, discovery) = call!(
        app,
        test::TestRequest::get().uri("/open311/v2/discovery.json")
    );
    assert_eq!(status, 200);
    assert_eq!(
        discovery["endpoints"][0]["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    let (status, services) = call!(
        app,
        test::TestRequest::get().uri("/open311/v2/services.json")
    );
    assert_eq!(status, 200);
    assert!(services
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["service_code"] == "inflated_price"));
    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri("/open311/v2/services.xml")
            .to_request(),
    )
    .await;
    let xml = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        xml.contains("<services><service>")
            && xml.contains("<service_code>inflated_price</service_code>"),
        "{xml}"
    );
    let (status, definition) = call!(
        app,
        test::TestRequest::get().uri("/open311/v2/services/inflated_price.json")
    );
    assert_eq!(status, 200);
    let ocid_attr = &definition["attributes"][0];
    assert_eq!(
        (ocid_attr["code"].as_str(), ocid_attr["required"].as_bool()),
        (Some("ocid"), Some(true))
    );
    let (status, missing) = call!(
        app,
        test::TestRequest::get().uri("/open311/v2/services/nothing.json")
    );
    assert_eq!(status, 404);
    assert_eq!(missing[0]["code"], 404);

    let form = |key: &str| {
        format!(
            "api_key={key}&service_code=inflated_price&attribute%5Bocid%5D={}&attribute%5Bstage%5D=tender&description=Sobreprecio+en+el+hormig%C3%B3n",
            OCID.replace('/', "%2F")
        )
    };
    let post = |body: String| {
        test::TestRequest::post()
            .uri("/open311/v2/requests.json")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
    };
    let (status, refused) = call!(app, post(form("forged-key")));
    assert_eq!(status, 403, "{refused}");
    assert_eq!(refused[0]["code"], 403);
    let mut conn = w.db.conn();
    let key = veedor::accounts::api_keys::create(&mut conn, &w.citizen, "civic app").unwrap();
    let (status, bad) = call!(app, post(form(&key).replace("tender", "auction")));
    assert_eq!(status, 400, "{bad}");
    assert!(bad[0]["description"].as_str().unwrap().contains("stage"));
    let (status, created) = call!(app, post(form(&key)));
    assert_eq!(status, 200, "{created}");
    let id = created[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();

    // The agency answers; Open311 shows it as status notes, open until the loop closes.
    let moderator = user(&w.db, &w.moderator);
    let officer = user(&w.db, &w.officer);
    let now = Utc::now().naive_utc();
    for (who, name, comment) in [
        (&moderator, "accept", None),
        (&officer, "answer", Some("Precio revisado.")),
    ] {
        let request = Request {
            transition: name.into(),
            comment: comment.map(str::to_owned),
            ..Request::default()
        };
        engine
            .transition(&mut conn, &id, Actor::Person(who), &request, &[], now)
            .unwrap();
    }
    let (status, one) = call!(
        app,
        test::TestRequest::get().uri(&format!("/open311/v2/requests/{id}.json"))
    );
    assert_eq!(status, 200);
    assert_eq!(one[0]["status"], "open");
    assert_eq!(one[0]["status_notes"], "Precio revisado.");
    assert_eq!(one[0]["agency_responsible"], BUYER);
    assert!(!one.to_string().contains("ana@example.org"));
    let (status, _) = call!(
        app,
        test::TestRequest::get().uri(&format!("/open311/v2/tokens/{id}.json"))
    );
    assert_eq!(status, 200);
    let (status, open) = call!(
        app,
        test::TestRequest::get()
            .uri("/open311/v2/requests.json?status=open&service_code=inflated_price")
    );
    assert_eq!(status, 200);
    assert_eq!(open.as_array().unwrap().len(), 1);
    let (status, closed) = call!(
        app,
        test::TestRequest::get().uri("/open311/v2/requests.json?status=closed")
    );
    assert_eq!((status, closed.as_array().unwrap().len()), (200, 0));
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/open311/v2/requests.xml?status=sideways")
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let xml = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(xml.contains("<errors><error><code>400</code>"), "{xml}");
    let body = test::call_and_read_body(
        &app,
        test::TestRequest::get()
            .uri("/open311/v2/requests.xml")
            .to_request(),
    )
    .await;
    let xml = String::from_utf8(body.to_vec()).unwrap();
    assert!(
        xml.contains("<service_requests><request>")
            && xml.contains("<status_notes>Precio revisado.</status_notes>"),
        "{xml}"
    );
}

#[actix_web::test]
async fn home_search_and_agency_pages_show_the_figures() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let now = Utc::now().naive_utc();
    let officer = user(&w.db, &w.officer);
    let citizen = user(&w.db, &w.citizen);
    let mut conn = w.db.conn();
    // Two answered two days after routing (one rated satisfied), one still waiting.
    for n in 0..3 {
        let id = routed_item(&w, &engine, now - Duration::days(5));
        if n < 2 {
            let answer = Request {
                transition: "answer".into(),
                comment: Some(format!("Respuesta número {n}")),
                ..Request::default()
            };
            engine
                .transition(
                    &mut conn,
                    &id,
                    Actor::Person(&officer),
                    &answer,
                    &[],
                    now - Duration::days(3),
                )
                .unwrap();
        }
        if n == 0 {
            let rate = Request {
                transition: "satisfied".into(),
                ..Request::default()
            };
            engine
                .transition(
                    &mut conn,
                    &id,
                    Actor::Person(&citizen),
                    &rate,
                    &[],
                    now - Duration::days(2),
                )
                .unwrap();
        }
    }
    let card =
        veedor::publish::scorecard(&mut conn, Some(BUYER), &state.engine.workflow, now).unwrap();
    assert_eq!(
        (
            card.received,
            card.answered,
            card.answered_on_time,
            card.satisfied
        ),
        (3, 2, 2, 1)
    );
    assert_eq!(card.median_days_to_answer, Some(2.0));
    assert_eq!(card.satisfaction(), Some(100));

    let get = |uri: &str| test::TestRequest::get().uri(uri).to_request();
    let resp = test::call_service(&app, get("/")).await;
    assert_eq!(resp.status().as_u16(), 200);
    let home = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        home.contains("Respuesta número 1") && home.contains("<svg"),
        "{home}"
    );
    assert!(home.contains("Median days to answer"));

    let html = String::from_utf8(
        test::call_and_read_body(&app, get("/search?q=puente&lang=es"))
            .await
            .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("<strong>2</strong> procesos encontrados"),
        "{html}"
    );
    let resp = test::call_service(&app, get("/search?value_min=lots")).await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("role=\"alert\"") && html.contains("value_min"));

    let resp = test::call_service(&app, get(&format!("/agencies/{BUYER}"))).await;
    assert_eq!(resp.status().as_u16(), 200);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("Municipalidad de Ñemby") && html.contains("Scorecard"));
    assert!(html.contains("<dd>100 %</dd>"), "satisfaction shown");
    let resp = test::call_service(&app, get("/agencies/nobody")).await;
    assert_eq!(resp.status().as_u16(), 404);

    // The directory: each agency with how much it received; a name search narrows it.
    let html = String::from_utf8(
        test::call_and_read_body(&app, get("/agencies?lang=es"))
            .await
            .to_vec(),
    )
    .unwrap();
    let buyer_line = html
        .split("<li>")
        .find(|l| l.contains(&format!("/agencies/{BUYER}")))
        .expect("the buyer is listed");
    assert!(
        buyer_line.contains("3 comentarios recibidos"),
        "{buyer_line}"
    );
    assert!(html.contains(&format!("/agencies/{OTHER_AGENCY}")));
    let html = String::from_utf8(
        test::call_and_read_body(&app, get("/agencies?q=%C3%91emby&page=1"))
            .await
            .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("<strong>2</strong>"),
        "both buyers are called so: {html}"
    );
    let html = String::from_utf8(
        test::call_and_read_body(&app, get("/agencies?q=Luque"))
            .await
            .to_vec(),
    )
    .unwrap();
    assert!(html.contains("<strong>0</strong>"), "{html}");
    let resp = test::call_service(&app, get("/agencies?page=many")).await;
    assert_eq!(resp.status().as_u16(), 400, "a bad page number is refused");
}

/// A browser session for `email`: the cookie value and the session's CSRF token.
fn browser(w: &World, email: &str) -> (String, String) {
    let mut conn = w.db.conn();
    let session = accounts::web_signin(&mut conn, email, PASSWORD, 8).unwrap();
    let (_, csrf) = accounts::web_session(&mut conn, &session.token).unwrap();
    (session.token, csrf)
}

#[actix_web::test]
async fn work_pages_offer_each_person_their_actions_as_plain_forms() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let citizen = user(&w.db, &w.citizen);
    let mut conn = w.db.conn();
    let submission: Submission = serde_json::from_value(complaint()).unwrap();
    let item = engine
        .submit(
            &mut conn,
            &citizen,
            OCID,
            &submission,
            &[],
            Utc::now().naive_utc(),
        )
        .unwrap();
    let id = item.id;
    let cookie = |token: &str| actix_web::cookie::Cookie::new("veedor_session", token.to_owned());

    let resp = test::call_service(&app, test::TestRequest::get().uri("/work").to_request()).await;
    assert_eq!(
        resp.status().as_u16(),
        303,
        "signed-out people are sent to sign in"
    );

    let (moderator, moderator_csrf) = browser(&w, "mod@example.org");
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/work")
            .cookie(cookie(&moderator))
            .to_request(),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("Triage queue") && html.contains("Accept and route"));
    assert!(
        !html.contains("Answer publicly"),
        "no officer actions for a moderator"
    );

    let act = |token: &str, form: &str| {
        test::TestRequest::post()
            .uri(&format!("/feedback/{id}/act"))
            .cookie(cookie(token))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(form.to_owned())
            .to_request()
    };
    let resp = test::call_service(&app, act(&moderator, "csrf=forged&transition=accept")).await;
    assert_eq!(resp.status().as_u16(), 403, "CSRF");
    let resp = test::call_service(
        &app,
        act(
            &moderator,
            &format!("csrf={moderator_csrf}&transition=reject&comment="),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("role=\"alert\"") && html.contains("comment"),
        "error summary"
    );
    let resp = test::call_service(
        &app,
        act(
            &moderator,
            &format!("csrf={moderator_csrf}&transition=accept&agency=&comment="),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303, "post-redirect-get");

    let (officer, officer_csrf) = browser(&w, "officer@nemby.example.org");
    let html = String::from_utf8(
        test::call_and_read_body(
            &app,
            test::TestRequest::get()
                .uri("/work?lang=es")
                .cookie(cookie(&officer))
                .to_request(),
        )
        .await
        .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("Bandeja de la entidad") && html.contains("Responder públicamente"),
        "{html}"
    );
    let resp = test::call_service(
        &app,
        act(
            &officer,
            &format!("csrf={officer_csrf}&transition=answer&comment=Se+revis%C3%B3+el+precio."),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303);

    let (other, other_csrf) = browser(&w, "officer@other.example.org");
    let resp = test::call_service(
        &app,
        act(
            &other,
            &format!("csrf={other_csrf}&transition=answer&comment=x"),
        ),
    )
    .await;
    assert_eq!(
        resp.status().as_u16(),
        409,
        "not from answered, and never for another agency"
    );

    let (me, my_csrf) = browser(&w, "ana@example.org");
    let html = String::from_utf8(
        test::call_and_read_body(
            &app,
            test::TestRequest::get()
                .uri("/work")
                .cookie(cookie(&me))
                .to_request(),
        )
        .await
        .to_vec(),
    )
    .unwrap();
    assert!(html.contains("My feedback") && html.contains("I am satisfied with the answer"));
    let resp = test::call_service(
        &app,
        act(&me, &format!("csrf={my_csrf}&transition=satisfied")),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303);
    let item = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    assert_eq!(
        (item.state.as_str(), item.outcome.as_deref()),
        ("closed", Some("resolved"))
    );
}

#[actix_web::test]
async fn citizens_file_feedback_from_the_process_page_without_javascript() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let (me, csrf) = browser(&w, "ana@example.org");
    let cookie = actix_web::cookie::Cookie::new("veedor_session", me.clone());
    let give = format!("/processes/{}/give", OCID.replace('/', "%2F"));
    let html = String::from_utf8(
        test::call_and_read_body(
            &app,
            test::TestRequest::get()
                .uri(&give)
                .cookie(cookie.clone())
                .to_request(),
        )
        .await
        .to_vec(),
    )
    .unwrap();
    assert!(html.contains("?category=inflated_price"), "{html}");
    let html = String::from_utf8(
        test::call_and_read_body(
            &app,
            test::TestRequest::get()
                .uri(&format!("{give}?category=inflated_price"))
                .cookie(cookie.clone())
                .to_request(),
        )
        .await
        .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("enctype=\"multipart/form-data\"") && html.contains("name=\"anonymous\"")
    );
    assert!(
        html.contains("<label for=\"f-description\">"),
        "labelled fields"
    );

    let form = |description: &str, with_file: bool| {
        let boundary = "give-boundary";
        let mut body = Vec::new();
        for (k, v) in [
            ("csrf", csrf.as_str()),
            ("category", "inflated_price"),
            ("kind", "complaint"),
            ("stage", "tender"),
            ("description", description),
            ("anonymous", "yes"),
        ] {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n"
                )
                .as_bytes(),
            );
        }
        if with_file {
            body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"obra.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
            body.extend_from_slice(&jpeg_with_gps());
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        test::TestRequest::post()
            .uri(&give)
            .cookie(cookie.clone())
            .insert_header((
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            ))
            .set_payload(body)
            .to_request()
    };
    let resp = test::call_service(&app, form("", false)).await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("role=\"alert\"") && html.contains("href=\"#f-description\""),
        "{html}"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(
        html.contains("Describe what happened"),
        "the error in the page's words"
    );
    assert!(
        html.contains("name=\"anonymous\" value=\"yes\" checked"),
        "the anonymity choice survives the error: filing again must not publish the name"
    );
    // Too big a file: the form again, saying what evidence may be, and nothing filed.
    let boundary = "give-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"category\"\r\n\r\ninflated_price\r\n").as_bytes());
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"big.pdf\"\r\nContent-Type: application/pdf\r\n\r\n").as_bytes());
    body.extend(std::iter::repeat_n(
        b'x',
        veedor::feedback::attachments::MAX_FILE_BYTES + 1,
    ));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let big = test::TestRequest::post()
        .uri(&give)
        .cookie(cookie.clone())
        .insert_header(("accept-language", "es"))
        .insert_header((
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        ))
        .set_payload(body)
        .to_request();
    let resp = test::call_service(&app, big).await;
    assert_eq!(resp.status().as_u16(), 413);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("href=\"#f-attachments\"") && html.contains("hasta 5 archivos de 10 MB"),
        "{html}"
    );
    let filed: i64 = veedor::db::schema::feedback_items::table
        .filter(veedor::db::schema::feedback_items::ocid.eq(OCID))
        .count()
        .get_result(&mut w.db.conn())
        .unwrap();
    assert_eq!(filed, 0);
    let resp = test::call_service(&app, form("El hormigón cuesta el triple.", true)).await;
    assert_eq!(resp.status().as_u16(), 303);
    let location = resp
        .headers()
        .get("location")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(location.starts_with("/feedback/"));
    let mut conn = w.db.conn();
    let id = location.trim_start_matches("/feedback/");
    let item = veedor::feedback::find(&mut conn, id).unwrap().unwrap();
    assert!(item.anonymous && item.state == "triage");
    assert_eq!(
        veedor::feedback::attachments::of_item(&mut conn, id)
            .unwrap()
            .len(),
        1
    );
}

#[actix_web::test]
async fn sign_up_verify_and_reset_in_the_browser() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    // A form's double-submit token: the cookie set with the form, and the field.
    async fn form_token(
        app: &impl actix_web::dev::Service<
            actix_http::Request,
            Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
            Error = actix_web::Error,
        >,
        uri: &str,
    ) -> (String, String) {
        let resp = test::call_service(app, test::TestRequest::get().uri(uri).to_request()).await;
        let cookie = resp
            .response()
            .cookies()
            .find(|c| c.name() == "veedor_form")
            .unwrap()
            .value()
            .to_owned();
        let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
        let field = html[at..at + html[at..].find('"').unwrap()].to_owned();
        (cookie, field)
    }
    let post = |uri: &str, cookie: &str, body: String| {
        test::TestRequest::post()
            .uri(uri)
            .cookie(actix_web::cookie::Cookie::new(
                "veedor_form",
                cookie.to_owned(),
            ))
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(body)
            .to_request()
    };
    let (cookie, csrf) = form_token(&app, "/signup?lang=es").await;
    let resp = test::call_service(
        &app,
        post(
            "/signup",
            &cookie,
            "csrf=forged&name=Eva&email=eva%40example.org&password=x".to_string(),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 403);
    let resp = test::call_service(
        &app,
        post(
            "/signup",
            &cookie,
            format!("csrf={csrf}&name=Eva&email=eva%40example.org&password=short&language=es"),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("href=\"#password\"") && html.contains("value=\"eva@example.org\""),
        "{html}"
    );
    let (cookie, csrf) = form_token(&app, "/signup").await;
    let resp = test::call_service(&app, post("/signup", &cookie, format!("csrf={csrf}&name=Eva&email=eva%40example.org&password=a+long+enough+password&language=es"))).await;
    assert_eq!(resp.status().as_u16(), 200);
    // The same answer for an address that already has an account: no enumeration.
    let (cookie, csrf) = form_token(&app, "/signup").await;
    let again = test::call_service(
        &app,
        post(
            "/signup",
            &cookie,
            format!("csrf={csrf}&name=Ana&email=ana%40example.org&password=a+long+enough+password"),
        ),
    )
    .await;
    assert_eq!(again.status().as_u16(), 200);

    // The verification mail's link opens a page with a button.
    let mut conn = w.db.conn();
    let body: String =
        diesel::sql_query("SELECT body_text FROM outbox WHERE recipient = 'eva@example.org'")
            .load::<Body>(&mut conn)
            .unwrap()
            .remove(0)
            .body_text;
    let token = common::link_token(&body).expect("a link with a token");
    let (cookie, csrf) = form_token(&app, &format!("/verify?token={token}")).await;
    let resp = test::call_service(
        &app,
        post("/verify", &cookie, format!("csrf={csrf}&token={token}")),
    )
    .await;
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("Su dirección está confirmada") || html.contains("Your address is confirmed"),
        "{html}"
    );
    let resp = test::call_service(
        &app,
        post("/verify", &cookie, format!("csrf={csrf}&token={token}")),
    )
    .await;
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("expired") || html.contains("venció"),
        "single use"
    );

    // Password reset: ask, then set a new one from the mailed link.
    let (cookie, csrf) = form_token(&app, "/password-reset").await;
    let resp = test::call_service(
        &app,
        post(
            "/password-reset",
            &cookie,
            format!("csrf={csrf}&email=ana%40example.org"),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let body: String = diesel::sql_query(
        "SELECT body_text FROM outbox WHERE recipient = 'ana@example.org' ORDER BY id DESC LIMIT 1",
    )
    .load::<Body>(&mut conn)
    .unwrap()
    .remove(0)
    .body_text;
    let token = common::link_token(&body).expect("reset link");
    let (cookie, csrf) = form_token(&app, &format!("/password-reset?token={token}")).await;
    let resp = test::call_service(
        &app,
        post(
            "/password-reset",
            &cookie,
            format!("csrf={csrf}&token={token}&password=another+long+password"),
        ),
    )
    .await;
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("password was changed"), "{html}");
    assert!(accounts::web_signin(&mut conn, "ana@example.org", "another long password", 1).is_ok());
}

#[derive(QueryableByName)]
struct Body {
    #[diesel(sql_type = diesel::sql_types::Text)]
    body_text: String,
}

#[actix_web::test]
async fn oversight_members_work_items_routed_straight_to_their_body() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let citizen = user(&w.db, &w.citizen);
    let moderator = user(&w.db, &w.moderator);
    let mut conn = w.db.conn();
    let submission: Submission = serde_json::from_value(json!({
        "kind": "complaint", "category": "conflict_of_interest", "stage": "award",
        "description": "El adjudicado es socio del intendente.",
        "answers": {"relationship": "Socios en la empresa X."}
    }))
    .unwrap();
    let now = Utc::now().naive_utc();
    let item = engine
        .submit(&mut conn, &citizen, OCID, &submission, &[], now)
        .unwrap();
    let accept = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    let routed = engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&moderator),
            &accept,
            &[],
            now,
        )
        .unwrap();
    assert_eq!(routed.agency_id.as_deref(), Some(BODY));
    assert_eq!(
        routed.routing_rule.as_deref(),
        Some("conflicts-of-interest-to-audit")
    );
    let (auditor, _) = browser(&w, "auditor@audit.example.org");
    let html = String::from_utf8(
        test::call_and_read_body(
            &app,
            test::TestRequest::get()
                .uri("/work")
                .cookie(actix_web::cookie::Cookie::new("veedor_session", auditor))
                .to_request(),
        )
        .await
        .to_vec(),
    )
    .unwrap();
    assert!(
        html.contains("Agency inbox — audit-office") && html.contains("Answer publicly"),
        "{html}"
    );
}

#[actix_web::test]
async fn public_pages_are_kept_until_what_they_show_changes() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let cache = actix_web::web::Data::new(veedor::site::page_cache::PageCache::default());
    let app = test::init_service(veedor::server::app_with(state.clone(), cache.clone())).await;
    let uri = format!("/processes/{}", OCID.replace('/', "%2F"));
    let get = |lang: &str, etag: Option<&str>| {
        let mut req = test::TestRequest::get()
            .uri(&uri)
            .insert_header(("accept-language", lang));
        if let Some(tag) = etag {
            req = req.insert_header(("if-none-match", tag));
        }
        req.to_request()
    };
    async fn read<B: actix_web::body::MessageBody>(
        resp: actix_web::dev::ServiceResponse<B>,
    ) -> (u16, Option<String>, String) {
        let status = resp.status().as_u16();
        let etag = resp
            .headers()
            .get("etag")
            .map(|t| t.to_str().unwrap().to_owned());
        let body = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        (status, etag, body)
    }

    let (status, etag, first) = read(test::call_service(&app, get("en", None)).await).await;
    assert_eq!(status, 200);
    assert!(first.contains("Nobody has given feedback"));
    let etag = etag.expect("an ETag");
    assert_eq!(cache.renders(), 1);
    // Unchanged: served from memory, or not at all to a browser that has it.
    let (_, again_tag, again) = read(test::call_service(&app, get("en", None)).await).await;
    assert_eq!(
        (again, again_tag.as_deref()),
        (first.clone(), Some(etag.as_str()))
    );
    let (status, _, body) = read(test::call_service(&app, get("en", Some(&etag))).await).await;
    assert_eq!((status, body.as_str()), (304, ""));
    assert_eq!(cache.renders(), 1, "nothing was rendered again");
    // Browsers ask for gzip: the same page, compressed once, under its own entity tag.
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri(&uri)
            .insert_header(("accept-language", "en"))
            .insert_header(("accept-encoding", "gzip, deflate, br"))
            .to_request(),
    )
    .await;
    assert_eq!(resp.headers().get("content-encoding").unwrap(), "gzip");
    let gz_tag = resp
        .headers()
        .get("etag")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert_ne!(gz_tag, etag);
    let zipped = test::read_body(resp).await;
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .unwrap();
    assert_eq!(unzipped, first);
    assert_eq!(cache.renders(), 1);
    let (_, _, spanish) = read(test::call_service(&app, get("es", None)).await).await;
    assert!(spanish.contains("<html lang=\"es\">"));
    assert_eq!(cache.renders(), 2, "each language is its own page");

    // New feedback on the process: the page shows it at once, and the old ETag is stale.
    let id = routed_item(&w, &engine, Utc::now().naive_utc());
    let (status, _, body) = read(test::call_service(&app, get("en", Some(&etag))).await).await;
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!("/feedback/{id}")),
        "the new item is listed"
    );
    assert_eq!(cache.renders(), 3);

    // A new release of the process, imported by another program on the same database.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("update.json");
    let mut update: Value = serde_json::from_str(
        &release(OCID, "80000001")
            .replace("\"r1\"", "\"r2\"")
            .replace("2026-01-05", "2026-02-05")
            .replace("Puente peatonal", "Puente peatonal reforzado"),
    )
    .unwrap();
    update["tag"] = json!(["award"]);
    update["awards"] = json!([{"id": "a1", "status": "active", "value": {"amount": 240000, "currency": "PYG"},
        "suppliers": [{"id": "s1", "name": "Constructora Ñandutí"}],
        "documents": [{"id": "d1", "title": "Resolución de adjudicación", "url": "https://example.org/r.pdf"},
                      {"id": "d2", "title": "Trampa", "url": "javascript:alert(1)"}]}]);
    std::fs::write(&data, update.to_string()).unwrap();
    let report = import(&w.db, &[path_input(data)]);
    assert_eq!(report.new, 1, "{}", report.render());
    let (_, _, body) = read(test::call_service(&app, get("en", None)).await).await;
    assert!(body.contains("Puente peatonal reforzado"));
    assert!(
        body.contains("Constructora Ñandutí") && body.contains("240,000 PYG"),
        "{body}"
    );
    assert!(
        body.contains("href=\"https:&#x2f;&#x2f;example.org&#x2f;r.pdf\""),
        "{body}"
    );
    assert!(
        body.contains("Trampa") && !body.contains("javascript:"),
        "only web links"
    );

    // What else a public page shows moves the publication on: agencies and people's names.
    let version = |w: &World| veedor::publish::version(&mut w.db.conn()).unwrap();
    let before = version(&w);
    veedor::agencies::set_contact_email(&mut w.db.conn(), BUYER, Some("quejas@nemby.example.org"))
        .unwrap();
    assert!(version(&w) > before, "an agency changed");
    let before = version(&w);
    let change = accounts::ProfileChange {
        name: "Ana María".into(),
        language: "es".into(),
    };
    accounts::update_profile(&mut w.db.conn(), &w.citizen, &change).unwrap();
    assert!(version(&w) > before, "a name changed");

    // Pages that do not exist are not kept (they cannot fill the memory).
    let renders = cache.renders();
    for _ in 0..2 {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/processes/ocds-nope")
                .to_request(),
        )
        .await;
        assert_eq!(resp.status().as_u16(), 404);
    }
    assert_eq!(cache.renders(), renders + 2);
}
