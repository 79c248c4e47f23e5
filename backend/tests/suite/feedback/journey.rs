//! The redress loop through the API, from triage to the oversight body's finding: routing,
//! clarification with a paused clock, a not-responsible rerouting, escalation by the sweep,
//! the queues, the public history, the mail, and a logged look behind the pseudonym.

use super::*;

#[actix_web::test]
async fn the_redress_loop_from_triage_to_the_oversight_finding() {
    let w = World::new();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let moderator = token(&state, &w.db, "mod@example.org");
    let officer = token(&state, &w.db, "officer@nemby.example.org");
    let other_officer = token(&state, &w.db, "officer@other.example.org");
    let auditor = token(&state, &w.db, "auditor@audit.example.org");
    let mut conn = w.db.conn();

    // An anonymous complaint, waiting for triage.
    let (status, item) = call!(
        app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .set_json(complaint())
    );
    assert_eq!(status, 201, "{item}");
    let id = item["id"].as_str().unwrap().to_owned();

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
    assert_eq!(routed["agency_id"], AGENCY_A);
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
        post(
            &moderator,
            json!({"transition": "accept", "agency": AGENCY_A})
        )
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
        &w.auditor,
        &w.files,
    );
}
