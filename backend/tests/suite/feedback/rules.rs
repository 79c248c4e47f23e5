//! The engine's rules without HTTP: the paused clock, sweepers and races, who may do what, and
//! the complainant's rating.

use super::*;

#[core::prelude::v1::test]
fn a_paused_clock_moves_the_deadline_by_the_paused_working_days() {
    let w = World::new();
    let engine = w.engine();
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
    let w = World::new();
    let engine = std::sync::Arc::new(w.engine());
    let start = at("2026-11-02", 9);
    let ids: Vec<String> = (0..12).map(|_| routed_item(&w, &engine, start)).collect();
    let late = at("2027-01-15", 0);
    let results: Vec<_> = (0..2)
        .map(|_| {
            let engine = engine.clone();
            let mut conn = w.db.conn();
            // Small batches, so the two take turns through the list.
            std::thread::spawn(move || engine.sweep_in_batches(&mut conn, late, false, 3).unwrap())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .collect();
    let moved: usize = results.iter().map(|r| r.moved.len()).sum();
    assert_eq!(moved, ids.len(), "{results:?}");
    // They share the list instead of racing through it: neither moves what the other holds.
    let conflicts: usize = results.iter().map(|r| r.conflicts).sum();
    assert_eq!(conflicts, 0, "{results:?}");
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
    let w = World::new();
    let engine = std::sync::Arc::new(w.engine());
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
    let w = World::new();
    let engine = w.engine();
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
        ("oversight (not escalated)", user(&w.db, &w.auditor), vec![]),
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
    let w = World::new();
    let engine = w.engine();
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

/// Pages read kept figures (one row); the background loop keeps them from the items.
#[core::prelude::v1::test]
fn scorecards_are_kept_and_refreshed() {
    let w = World::new();
    let engine = w.engine();
    let now = at("2026-03-02", 9);
    routed_item(&w, &engine, now);
    let mut conn = w.db.conn();
    let fresh = |conn: &mut veedor::db::DbConnection, agency| {
        veedor::publish::scorecard(conn, agency, &engine.workflow, now).unwrap()
    };
    let kept = |conn: &mut veedor::db::DbConnection, agency| {
        veedor::publish::kept_scorecard(conn, agency, &engine.workflow, now).unwrap()
    };
    // Before anything is kept, pages get figures computed on the spot.
    assert_eq!(
        kept(&mut conn, Some(AGENCY_A)),
        fresh(&mut conn, Some(AGENCY_A))
    );
    let rows = veedor::publish::refresh_scorecards(&mut conn, &engine.workflow, now).unwrap();
    assert_eq!(rows, 2, "agency A and the overall figures");
    assert_eq!(kept(&mut conn, Some(AGENCY_A)).received, 1);
    assert_eq!(kept(&mut conn, None).received, 1);
    // New feedback shows once the figures are kept again.
    drop(conn);
    routed_item(&w, &engine, now);
    let mut conn = w.db.conn();
    assert_eq!(
        kept(&mut conn, Some(AGENCY_A)).received,
        1,
        "kept until refreshed"
    );
    assert_eq!(fresh(&mut conn, Some(AGENCY_A)).received, 2);
    // Several instances run the loop: within one period, the first does the work and the
    // others skip it.
    let period = std::time::Duration::from_secs(30);
    let soon = now + Duration::seconds(10);
    let skipped =
        veedor::publish::refresh_scorecards_if_due(&mut conn, &engine.workflow, soon, period)
            .unwrap();
    assert_eq!(skipped, 0, "kept {} s ago: not due", 10);
    assert_eq!(kept(&mut conn, None).received, 1);
    let later = now + Duration::minutes(1);
    let rows =
        veedor::publish::refresh_scorecards_if_due(&mut conn, &engine.workflow, later, period)
            .unwrap();
    assert_eq!(rows, 2);
    let again =
        veedor::publish::refresh_scorecards_if_due(&mut conn, &engine.workflow, later, period)
            .unwrap();
    assert_eq!(again, 0, "another instance just did it");
    assert_eq!(
        kept(&mut conn, Some(AGENCY_A)),
        fresh(&mut conn, Some(AGENCY_A))
    );
    assert_eq!(kept(&mut conn, None).received, 2);
}
