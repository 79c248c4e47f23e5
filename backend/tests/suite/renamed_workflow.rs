//! A deployment names its transitions and states as it likes: the whole loop runs on a copy of
//! the shipped workflow with every id the code once depended on renamed, and every public
//! output still shows the answer, the rating and the missed deadline.

use crate::common;

use actix_web::test;
use chrono::{Duration, Utc};
use common::{import, path_input, user, TestDb, PASSWORD};
use serde_json::{json, Value};
use veedor::accounts::{self, Role};
use veedor::workflow::engine::{Actor, Request};

const OCID: &str = "ocds-renamed-1";
const BUYER: &str = "PY-RUC-80000001";

/// The shipped workflow with its ids renamed (the meanings and effects stay).
fn renamed() -> String {
    let shipped = include_str!("../../../config/workflow.toml");
    let mut text = shipped.to_owned();
    for (from, to) in [
        ("accept", "forward"),
        ("answer", "respond"),
        ("answered", "responded"),
        ("routed", "with_the_agency"),
        ("acknowledged", "seen"),
        ("satisfied", "pleased"),
        ("unsatisfied", "displeased"),
        ("overdue", "late"),
        ("escalated", "with_the_auditor"),
        ("record_finding", "audit"),
        ("triage", "review"),
        ("closed", "done"),
    ] {
        text = text.replace(&format!("\"{from}\""), &format!("\"{to}\""));
    }
    // Meanings and effects are the system's words, not ids: put them back.
    for (meaning, renamed) in [
        ("answered", "responded"),
        ("escalated", "with_the_auditor"),
        ("closed", "done"),
    ] {
        text = text.replace(
            &format!("meaning = \"{renamed}\""),
            &format!("meaning = \"{meaning}\""),
        );
    }
    for (effect, renamed) in [("answer", "respond"), ("overdue", "late")] {
        text = text.replace(
            &format!("effect = \"{renamed}\""),
            &format!("effect = \"{effect}\""),
        );
    }
    assert!(!text.contains("id = \"answer\"") && text.contains("id = \"respond\""));
    text
}

#[actix_web::test]
async fn every_public_output_follows_the_declared_effects_not_the_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("workflow.toml"), renamed()).unwrap();
    let data = tmp.path().join("data.json");
    std::fs::write(
        &data,
        json!({
            "ocid": OCID, "id": "r1", "date": "2026-01-05T10:00:00Z", "tag": ["tender"],
            "buyer": {"id": "b", "name": "Municipalidad"},
            "parties": [{"id": "b", "name": "Municipalidad", "roles": ["buyer"],
                "identifier": {"scheme": "PY-RUC", "id": "80000001"}}],
            "tender": {"id": "t1", "title": "Puente renombrado"}
        })
        .to_string(),
    )
    .unwrap();
    let db = TestDb::new();
    import(&db, &[path_input(data)]);
    let mut conn = db.conn();
    veedor::agencies::create_cso(&mut conn, "cso-1", "Observatorio").unwrap();
    let mut person = |email: &str, role: Role, org: &str| {
        accounts::create_verified(&mut conn, email, PASSWORD, email, role, org).unwrap()
    };
    let citizen = person("ana@example.org", Role::Citizen, "");
    let moderator = person("mod@example.org", Role::Moderator, "cso-1");
    let officer = person("officer@example.org", Role::Officer, BUYER);
    let mut state = common::app_state(&db);
    let engine = veedor::workflow::Engine::load(
        &config,
        common::TEST_SECRET.as_bytes(),
        common::files_dir(),
        "http://veedor.test".into(),
    )
    .expect("the renamed workflow loads");
    state.engine = std::sync::Arc::new(engine);
    let engine = state.engine.clone();
    let (citizen, moderator, officer) = (
        user(&db, &citizen),
        user(&db, &moderator),
        user(&db, &officer),
    );

    // The loop: filed, forwarded, late (the sweep), responded, rated.
    let mut conn = db.conn();
    let filed = Utc::now().naive_utc() - Duration::days(40);
    let submission: veedor::feedback::Submission = serde_json::from_value(json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "Sobreprecio en el hormigón.", "answers": {}
    }))
    .unwrap();
    let item = engine
        .submit(&mut conn, &citizen, OCID, &submission, &[], filed)
        .unwrap();
    assert_eq!(item.state, "review");
    // One step of the loop on an item, by a person, at a time.
    let act =
        |id: &str, who: &accounts::CurrentUser, transition: &str, comment: Option<&str>, at| {
            let request = Request {
                transition: transition.into(),
                comment: comment.map(str::to_owned),
                ..Request::default()
            };
            engine
                .transition(&mut db.conn(), id, Actor::Person(who), &request, &[], at)
                .unwrap()
        };
    let routed = act(
        &item.id,
        &moderator,
        "forward",
        None,
        filed + Duration::hours(1),
    );
    assert_eq!(routed.agency_id.as_deref(), Some(BUYER));
    // Past the agency's deadline, the sweep takes the declared overdue transition.
    let report = engine
        .sweep(&mut conn, filed + Duration::days(30), false)
        .unwrap();
    assert_eq!(report.moved, [(item.id.clone(), "late".to_owned())]);
    let escalated = veedor::feedback::find(&mut conn, &item.id)
        .unwrap()
        .unwrap();
    assert_eq!(escalated.state, "with_the_auditor");
    assert!(escalated.deadline_missed);

    // A second item goes the happy way: responded and rated.
    let answer = "Se revisó el precio y se corrigió el contrato.";
    let second = engine
        .submit(&mut conn, &citizen, OCID, &submission, &[], filed)
        .unwrap();
    let now = Utc::now().naive_utc();
    let step = |who, transition, comment| act(&second.id, who, transition, comment, now);
    step(&moderator, "forward", None);
    let responded = step(&officer, "respond", Some(answer));
    assert_eq!(responded.answer.as_deref(), Some(answer));
    step(&citizen, "pleased", None);

    let app = test::init_service(veedor::server::app(state.clone())).await;
    let get = |uri: &str| test::TestRequest::get().uri(uri).to_request();
    let text = |bytes: actix_web::web::Bytes| String::from_utf8_lossy(&bytes).into_owned();
    // The listing, the bulk downloads and the feed carry the answer.
    let listing: Value =
        serde_json::from_slice(&test::call_and_read_body(&app, get("/api/v1/feedback")).await)
            .unwrap();
    let published = listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == second.id.as_str())
        .unwrap();
    assert_eq!(published["answer"], answer);
    let late = listing["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == item.id.as_str())
        .unwrap();
    assert_eq!(late["deadline_missed"], true);
    for uri in [
        "/api/v1/feedback.jsonl",
        "/api/v1/feedback.csv",
        "/api/v1/feeds/answers.atom",
    ] {
        let body = text(test::call_and_read_body(&app, get(uri)).await);
        assert!(body.contains("corrigió el contrato"), "{uri}: {body}");
    }
    // Open311 says the answer in status_notes.
    let requests: Value = serde_json::from_slice(
        &test::call_and_read_body(
            &app,
            get(&format!("/open311/v2/requests/{}.json", second.id)),
        )
        .await,
    )
    .unwrap();
    assert_eq!(requests[0]["status_notes"], answer);
    assert_eq!(requests[0]["status"], "closed");
    // The pages, and the agency's scorecard.
    let page = text(test::call_and_read_body(&app, get(&format!("/processes/{OCID}"))).await);
    assert!(page.contains("corrigió el contrato"), "{page}");
    let card = veedor::publish::scorecard(
        &mut conn,
        Some(BUYER),
        &engine.workflow,
        Utc::now().naive_utc(),
    )
    .unwrap();
    assert_eq!(
        (card.received, card.answered, card.satisfied),
        (2, 1, 1),
        "{card:?}"
    );
    let agency = text(test::call_and_read_body(&app, get(&format!("/agencies/{BUYER}"))).await);
    assert!(agency.contains("corrigió el contrato"), "{agency}");
    let feedback =
        text(test::call_and_read_body(&app, get(&format!("/feedback/{}", item.id))).await);
    assert!(
        feedback.contains(&veedor::site::i18n::text("en", "feedback.deadline_missed")),
        "{feedback}"
    );
}
