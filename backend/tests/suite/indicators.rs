//! Risk indicators end to end, on whichever backend the test run uses: the methodology's worked
//! examples imported as releases and read back from the API in Cardinal's shape; per-process
//! flags kept by the import itself; the redress loop's own indicators from feedback moved
//! through the engine; the job's lease; the pages that show flags.

use crate::common;

use actix_web::test as atest;
use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::{json, Value};

use common::world::{World, OCID, OTHER_OCID};
use common::{import, path_input, user, TestDb};
use veedor::feedback::Submission;
use veedor::workflow::engine::{Actor, Request};

async fn call(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    req: atest::TestRequest,
) -> (u16, String) {
    let resp = atest::call_service(app, req.to_request()).await;
    let status = resp.status().as_u16();
    let body = atest::read_body(resp).await;
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> atest::TestRequest {
    atest::TestRequest::get().uri(uri)
}

/// A release of `ocid` around what an indicator reads.
fn release(ocid: &str, body: Value) -> String {
    let mut r = json!({"ocid": ocid, "id": format!("{ocid}-1"), "date": "2024-05-01T00:00:00Z",
                       "tag": ["tender"]});
    if let (Some(r), Some(b)) = (r.as_object_mut(), body.as_object()) {
        r.extend(b.clone());
    }
    r.to_string()
}

fn priced(ocid: &str, w: f64, l: f64) -> String {
    release(
        ocid,
        json!({"bids": {"details": [
                  {"status": "valid", "tenderers": [{"id": "W"}], "value": {"amount": w, "currency": "USD"}},
                  {"status": "valid", "tenderers": [{"id": "L"}], "value": {"amount": l, "currency": "USD"}}]},
               "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "W"}]}]}),
    )
}

/// The worked examples of R003, R018, R024 and R035 side by side (none changes another's
/// fences), and what Cardinal outputs for them.
fn worked_examples() -> (String, Value) {
    let mut lines = vec![
        release(
            "F3",
            json!({"tender": {"id": "t", "tenderPeriod": {"startDate": "2020-08-03T18:00:00-05:00",
                                                           "endDate": "2020-08-04T18:00:00-05:00"}}}),
        ),
        release(
            "F18",
            json!({"tender": {"id": "t", "numberOfTenderers": 1, "procurementMethod": "open"}}),
        ),
        release(
            "F35",
            json!({"bids": {"details": [{"status": "disqualified", "tenderers": [{"id": "D"}]},
                                        {"status": "valid", "tenderers": [{"id": "V"}]}]},
                   "awards": [{"id": "a", "status": "active", "suppliers": [{"id": "V"}]}]}),
        ),
        priced("F24", 1.0, 2.0),
    ];
    for n in 1..=4 {
        lines.push(priced(&format!("P{n}"), 1.0, 100.0));
    }
    let expected = json!({
        "OCID": {"F3": {"R003": 1.0}, "F18": {"R018": 1.0}, "F35": {"R035": 1.0},
                 "F24": {"R024": 1.0}},
        "Tenderer": {"W": {"R024": 0.0}, "L": {"R024": 0.0}, "V": {"R035": 0.0}}
    });
    (lines.join("\n") + "\n", expected)
}

/// The worked examples side by side, imported, and the indicators recomputed.
fn examples_imported_and_recomputed() -> TestDb {
    let tmp = tempfile::tempdir().unwrap();
    let (data, _) = worked_examples();
    let file = tmp.path().join("examples.jsonl");
    std::fs::write(&file, data).unwrap();
    let db = TestDb::new();
    import(&db, &[path_input(&file)]);
    recompute(&db);
    db
}

fn recompute(db: &TestDb) -> veedor::risk::job::RunReport {
    let engine = common::engine(&common::files_dir());
    let mut conn = db.conn();
    veedor::risk::job::recompute(&mut conn, &engine.indicators, &engine.workflow).expect("job")
}

fn stored(db: &TestDb) -> Vec<(String, String, String, f64)> {
    use veedor::db::schema::risk_flags as f;
    let mut conn = db.conn();
    f::table
        .order((f::scope, f::subject, f::code))
        .select((f::scope, f::subject, f::code, f::value))
        .load(&mut conn)
        .unwrap()
}

#[actix_web::test]
async fn worked_examples_through_import_job_and_api() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, expected) = worked_examples();
    let file = tmp.path().join("examples.jsonl");
    std::fs::write(&file, data).unwrap();
    let db = TestDb::new();
    let report = import(&db, &[path_input(&file)]);
    assert_eq!(report.error_count, 0, "{}", report.render());

    // The import stored the flags of one process alone, in its own transaction.
    let at_import: Vec<(String, String)> = stored(&db)
        .into_iter()
        .map(|(_, subject, code, _)| (subject, code))
        .collect();
    assert_eq!(
        at_import,
        vec![
            ("F18".to_owned(), "R018".to_owned()),
            ("F3".to_owned(), "R003".to_owned()),
            ("F35".to_owned(), "R035".to_owned())
        ]
    );

    // The job adds those that compare processes, and the tenderers.
    let run = recompute(&db);
    assert_eq!(run.flags, 7, "{run:?}");
    let app = atest::init_service(veedor::server::app(common::app_state(&db))).await;
    let (status, body) = call(&app, get("/api/v1/indicators")).await;
    assert_eq!(status, 200, "{body}");
    let cardinal: Value = serde_json::from_str(&body).expect("JSON");
    assert_eq!(cardinal, expected);

    // Every flag as JSON Lines, with the values behind it.
    let (status, body) = call(&app, get("/api/v1/indicators.jsonl")).await;
    assert_eq!(status, 200);
    let lines: Vec<Value> = body
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 7);
    let r024 = lines
        .iter()
        .find(|l| l["scope"] == "OCID" && l["code"] == "R024")
        .expect("R024 line");
    assert_eq!(r024["details"]["winning_bid"], 1.0);
    assert_eq!(r024["details"]["second_bid"], 2.0);

    // Per process, and as a filter of the processes API.
    let (_, body) = call(&app, get("/api/v1/processes/F3")).await;
    let one: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(one["indicators"], json!({"R003": 1.0}));
    let (_, body) = call(&app, get("/api/v1/processes/P1")).await;
    let none: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(none["indicators"], json!({}));
    let (status, body) = call(&app, get("/api/v1/processes?indicator=r024")).await;
    assert_eq!(status, 200, "{body}");
    let listed: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(listed["total"], 1);
    assert_eq!(listed["items"][0]["ocid"], "F24");
    let (_, body) = call(&app, get("/api/v1/processes?indicator=any&per_page=100")).await;
    let any: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(any["total"], 4);
    let (status, body) = call(&app, get("/api/v1/processes?indicator=R999")).await;
    assert_eq!(status, 400);
    assert!(
        body.contains("indicator") && body.contains("R003"),
        "{body}"
    );

    // A process published again with a longer period loses its flag at import.
    let longer = tmp.path().join("longer.jsonl");
    let mut r = serde_json::from_str::<Value>(&release(
        "F3",
        json!({"tender": {"id": "t", "tenderPeriod": {"startDate": "2020-08-03T18:00:00-05:00",
                                                       "endDate": "2020-09-04T18:00:00-05:00"}}}),
    ))
    .unwrap();
    r["id"] = json!("F3-2");
    r["date"] = json!("2024-06-01T00:00:00Z");
    std::fs::write(&longer, format!("{r}\n")).unwrap();
    import(&db, &[path_input(&longer)]);
    assert!(
        !stored(&db).iter().any(|f| f.1 == "F3"),
        "the import replaced F3's flags"
    );
}

#[actix_web::test]
async fn pages_show_flags_with_their_meaning_and_the_caveat() {
    let db = examples_imported_and_recomputed();
    let app = atest::init_service(veedor::server::app(common::app_state(&db))).await;

    let (status, page) = call(&app, get("/processes/F24?lang=en")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Price close to the winning bid"), "{page}");
    assert!(page.contains("a reason to look, not proof of wrongdoing"));
    assert!(page.contains("The winning bid was 1 USD, the next lowest 2 USD: 100 % apart"));
    // The bids behind it are on the page, to check the flag against.
    assert!(
        page.contains(">Bids</h2>") && page.contains("Valid"),
        "{page}"
    );
    let (_, page) = call(&app, get("/processes/P1?lang=es")).await;
    assert!(
        page.contains("Ningún indicador de riesgo señala este proceso"),
        "{page}"
    );

    let (status, page) = call(&app, get("/indicators?lang=uk")).await;
    assert_eq!(status, 200);
    for code in ["R003", "R018", "R024", "R058", "V001", "V004"] {
        assert!(page.contains(code), "{code} on the methodology page");
    }
    let (status, page) = call(&app, get("/indicators/R024?lang=en")).await;
    assert_eq!(status, 200);
    assert!(page.contains("/search?indicator=R024"));
    assert!(page.contains("1 process"));
    let (status, _) = call(&app, get("/indicators/R999")).await;
    assert_eq!(status, 404);

    let (status, page) = call(&app, get("/search?indicator=R035&lang=en")).await;
    assert_eq!(status, 200);
    assert!(page.contains("/processes/F35"));
    assert!(
        page.contains("All except the winning bid disqualified</strong>"),
        "flagged results name their flags"
    );
    assert!(!page.contains("/processes/F24\""));
}

fn complaint() -> Submission {
    serde_json::from_value(json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "El precio unitario triplica el de mercado.", "answers": {}, "anonymous": true
    }))
    .unwrap()
}

fn flags_of(db: &TestDb, code: &str) -> Vec<(String, f64)> {
    stored(db)
        .into_iter()
        .filter(|f| f.2 == code)
        .map(|f| (f.1, f.3))
        .collect()
}

#[test]
fn the_redress_loop_raises_its_own_indicators() {
    let w = World::new();
    let engine = w.engine();
    let now = Utc::now().naive_utc();
    let moderator = user(&w.db, &w.moderator);
    let mut conn = w.db.conn();
    let step = |conn: &mut veedor::db::DbConnection,
                id: &str,
                who: &veedor::accounts::CurrentUser,
                request: Request,
                at| {
        engine
            .transition(conn, id, Actor::Person(who), &request, &[], at)
            .expect("transition")
    };
    let accept = || Request {
        transition: "accept".into(),
        ..Request::default()
    };

    // V004: three people complain about the process; only complaints moderators accepted count.
    let mut items = Vec::new();
    for (k, email) in ["a@example.org", "b@example.org", "c@example.org"]
        .iter()
        .enumerate()
    {
        let id = veedor::accounts::create_verified(
            &mut conn,
            email,
            common::PASSWORD,
            email,
            veedor::accounts::Role::Citizen,
            "",
        )
        .unwrap();
        let person = user(&w.db, &id);
        let item = engine
            .submit(
                &mut conn,
                &person,
                OCID,
                &complaint(),
                &[],
                now - Duration::days(10 - k as i64),
            )
            .unwrap();
        items.push(item.id);
    }
    for id in &items[..2] {
        step(&mut conn, id, &moderator, accept(), now - Duration::days(5));
    }
    let run = |db: &TestDb| {
        let mut conn = db.conn();
        veedor::risk::job::recompute(&mut conn, &engine.indicators, &engine.workflow).unwrap()
    };
    run(&w.db);
    assert!(
        flags_of(&w.db, "V004").is_empty(),
        "two accepted complaints are not three"
    );
    step(
        &mut conn,
        &items[2],
        &moderator,
        accept(),
        now - Duration::days(5),
    );
    run(&w.db);
    assert_eq!(flags_of(&w.db, "V004"), vec![(OCID.to_owned(), 3.0)]);
    // One of them complains again under their name: the public sees four people (three
    // pseudonyms and a name), and so does the count; counting accounts would say three and
    // tie the name to one of the pseudonyms.
    let named: Submission = serde_json::from_value(json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "Firmo con mi nombre: el precio es el triple.", "answers": {},
        "anonymous": false
    }))
    .unwrap();
    let first_author = {
        use veedor::db::schema::feedback_items as fi;
        fi::table
            .find(&items[0])
            .select(fi::author_id)
            .first::<String>(&mut conn)
            .unwrap()
    };
    let again = engine
        .submit(
            &mut conn,
            &user(&w.db, &first_author),
            OCID,
            &named,
            &[],
            now - Duration::days(4),
        )
        .unwrap();
    step(
        &mut conn,
        &again.id,
        &moderator,
        accept(),
        now - Duration::days(4),
    );
    run(&w.db);
    assert_eq!(flags_of(&w.db, "V004"), vec![(OCID.to_owned(), 4.0)]);

    // V001: a contract signed while those complaints wait for the agency's answer.
    let tmp = tempfile::tempdir().unwrap();
    let signed = tmp.path().join("signed.jsonl");
    let contract = json!({"ocid": OCID, "id": "r-contract", "date": "2026-01-20T10:00:00Z",
        "tag": ["contract"], "awards": [{"id": "a1", "status": "active", "date": "2026-01-10T10:00:00Z",
            "suppliers": [{"id": "s", "name": "Constructora Ñandutí"}]}],
        "parties": [{"id": "s", "name": "Constructora Ñandutí", "roles": ["supplier"],
                     "identifier": {"scheme": "PY-RUC", "id": "555"}}],
        "contracts": [{"id": "c1", "awardID": "a1", "status": "active",
                       "dateSigned": (now - Duration::days(1)).format("%Y-%m-%dT%H:%M:%SZ").to_string()}]});
    std::fs::write(&signed, format!("{contract}\n")).unwrap();
    import(&w.db, &[path_input(&signed)]);
    run(&w.db);
    assert_eq!(flags_of(&w.db, "V001"), vec![(OCID.to_owned(), 1.0)]);

    // V002: an oversight body confirms a violation on the process; weeks later the same buyer
    // awards another process to the same supplier.
    let late = now + Duration::days(60);
    engine.sweep(&mut conn, late, false).unwrap();
    let auditor = user(&w.db, &w.auditor);
    let finding: Request = serde_json::from_value(json!({
        "transition": "record_finding", "comment": "Sobreprecio confirmado.",
        "violation_confirmed": true, "action_taken": "Multa", "outcome": "resolved"}))
    .unwrap();
    step(&mut conn, &items[0], &auditor, finding, late);
    let again = tmp.path().join("again.jsonl");
    let awarded = (late + Duration::days(20))
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    let repeat = json!({"ocid": "ocds-world-3", "id": "r1", "date": awarded, "tag": ["award"],
        "buyer": {"id": "b2", "name": "Municipalidad de Ñemby"},
        "awards": [{"id": "a1", "status": "active", "date": awarded,
            "suppliers": [{"id": "x", "name": "Constructora Ñandutí"}]}],
        "parties": [
            {"id": "b2", "name": "Municipalidad de Ñemby", "roles": ["buyer"],
             "identifier": {"scheme": "PY-RUC", "id": "80000001"}},
            {"id": "x", "name": "Constructora Ñandutí", "roles": ["supplier"],
             "identifier": {"scheme": "PY-RUC", "id": "555"}}]});
    // The other agency's process, to the same supplier: not the same buyer.
    let elsewhere = json!({"ocid": "ocds-world-4", "id": "r1", "date": awarded, "tag": ["award"],
        "buyer": {"id": "b", "name": "Municipalidad de Luque"},
        "awards": [{"id": "a1", "status": "active", "date": awarded,
            "suppliers": [{"id": "x", "name": "Constructora Ñandutí"}]}],
        "parties": [
            {"id": "b", "name": "Municipalidad de Luque", "roles": ["buyer"],
             "identifier": {"scheme": "PY-RUC", "id": "80000002"}},
            {"id": "x", "name": "Constructora Ñandutí", "roles": ["supplier"],
             "identifier": {"scheme": "PY-RUC", "id": "555"}}]});
    std::fs::write(&again, format!("{repeat}\n{elsewhere}\n")).unwrap();
    import(&w.db, &[path_input(&again)]);
    run(&w.db);
    let v002 = flags_of(&w.db, "V002");
    assert_eq!(v002, vec![("ocds-world-3".to_owned(), 1.0)]);
    assert!(!flags_of(&w.db, "V002").iter().any(|f| f.0 == OTHER_OCID));

    // Nothing about a complainant is in any flag.
    let details: Vec<String> = {
        use veedor::db::schema::risk_flags as f;
        f::table.select(f::details).load(&mut conn).unwrap()
    };
    for d in details {
        assert!(!d.contains("example.org") && !d.contains(&w.citizen), "{d}");
    }
}

#[test]
fn agencies_often_late_are_outliers_among_agencies() {
    let db = TestDb::new();
    let mut conn = db.conn();
    let now = Utc::now().naive_utc();
    // (agency, received, answered, on time, overdue now)
    let cards = [
        ("A1", 10, 10, 10, 0),
        ("A2", 10, 10, 9, 0),
        ("A3", 10, 9, 9, 1),
        ("A4", 10, 10, 9, 0),
        ("A5", 10, 10, 10, 1),
        ("LATE", 10, 4, 1, 6),
        ("FEW", 2, 0, 0, 2),
    ];
    {
        use veedor::db::schema::scorecards as s;
        for (id, received, answered, on_time, overdue) in cards {
            diesel::insert_into(s::table)
                .values((
                    s::agency_id.eq(id),
                    s::received.eq(received as i64),
                    s::answered.eq(answered as i64),
                    s::answered_on_time.eq(on_time as i64),
                    s::overdue_now.eq(overdue as i64),
                    s::satisfied.eq(0i64),
                    s::unsatisfied.eq(0i64),
                    s::computed_at.eq(now),
                ))
                .execute(&mut conn)
                .unwrap();
        }
    }
    let m = veedor::risk::Methodology::default();
    let flags = veedor::risk::redress::agencies_often_late(&mut conn, &m).unwrap();
    let flagged: Vec<(&str, f64)> = flags
        .iter()
        .map(|f| (f.subject.as_str(), f.value))
        .collect();
    assert_eq!(
        flagged,
        vec![("LATE", 0.9)],
        "FEW has fewer than 5 complaints"
    );
}

#[test]
fn one_instance_recomputes_at_a_time_and_only_when_due() {
    let db = TestDb::new();
    let engine = common::engine(&common::files_dir());
    let mut conn = db.conn();
    let m = &engine.indicators;
    let due = |conn: &mut veedor::db::DbConnection, holder: &str, force: bool| {
        veedor::risk::job::recompute_if_due(conn, m, &engine.workflow, holder, force)
            .unwrap()
            .is_some()
    };
    assert!(due(&mut conn, "one", false), "never run: due");
    assert!(!due(&mut conn, "two", false), "just ran, nothing changed");
    veedor::risk::job::data_changed(&mut conn).unwrap();
    assert!(due(&mut conn, "two", false), "data changed since");
    // Another instance holds the lease: even a forced run waits.
    {
        use veedor::db::schema::risk_runs as r;
        diesel::update(r::table.find(1))
            .set((
                r::lease_holder.eq("other"),
                r::lease_until.eq(Utc::now().naive_utc() + Duration::minutes(5)),
            ))
            .execute(&mut conn)
            .unwrap();
    }
    assert!(!due(&mut conn, "one", true));
    {
        use veedor::db::schema::risk_runs as r;
        diesel::update(r::table.find(1))
            .set(r::lease_until.eq(Utc::now().naive_utc() - Duration::minutes(1)))
            .execute(&mut conn)
            .unwrap();
    }
    assert!(
        due(&mut conn, "one", true),
        "a lease that ran out is taken over"
    );
}

/// The shared publishers' data: every result in Cardinal's output shape, and the same as the
/// indicators give over the processes' compiled releases read one by one.
#[actix_web::test]
async fn shared_publishers_in_cardinals_shape() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let db = TestDb::new();
    let report = import(&db, &[path_input(shared.join("ocds"))]);
    assert!(report.ocids_compiled > 200, "{}", report.render());
    recompute(&db);
    let app = atest::init_service(veedor::server::app(common::app_state(&db))).await;
    let (status, body) = call(&app, get("/api/v1/indicators")).await;
    assert_eq!(status, 200);
    let out: Value = serde_json::from_str(&body).expect("JSON");
    let groups = out.as_object().expect("an object");
    assert!(
        groups.contains_key("OCID"),
        "the shared data raise flags: {body:.300}"
    );
    for (group, ids) in groups {
        assert!(
            ["OCID", "Buyer", "ProcuringEntity", "Tenderer"].contains(&group.as_str()),
            "{group}"
        );
        for (id, codes) in ids.as_object().expect("ids") {
            for (code, value) in codes.as_object().expect("codes") {
                assert!(veedor::risk::indicator(code).is_some(), "{id}: {code}");
                assert!(value.is_f64(), "{id}: {code} = {value}");
            }
        }
    }
    // The same as the indicators over each process's compiled release, read back one by one.
    let mut conn = db.conn();
    let ocids: Vec<String> = veedor::db::schema::processes::table
        .select(veedor::db::schema::processes::ocid)
        .load(&mut conn)
        .unwrap();
    let mut facts = Vec::new();
    for ocid in ocids {
        let Ok(Some(record)) = veedor::ocds::records::record(&mut conn, &ocid, false) else {
            continue;
        };
        if let Some(f) = veedor::risk::Facts::of(&record.compiled_release) {
            facts.push((ocid, f));
        }
    }
    let m = veedor::risk::Methodology::default();
    let direct = veedor::risk::procurement_flags(facts.iter().map(|(o, f)| (o.as_str(), f)), &m);
    let mut expected = veedor::risk::cardinal_shape(&direct);
    // The redress loop's own need feedback, which this data set has none of.
    assert_eq!(out, std::mem::take(&mut expected));
}

/// Every worked example of the methodology (tests/fixtures/indicators), imported as releases
/// into the backend under test, recomputed with its settings, read back from the API.
#[actix_web::test]
async fn each_worked_example_on_this_database() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/indicators");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 11, "one example per procurement indicator");
    let engine = common::engine(&common::files_dir());
    for file in files {
        let example: Value =
            serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let settings =
            veedor::risk::Methodology::parse(&name, example["settings"].as_str().unwrap())
                .expect("settings");
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("releases.jsonl");
        let lines: Vec<String> = example["releases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let ocid = r["ocid"].as_str().unwrap();
                release(ocid, r.clone())
            })
            .collect();
        std::fs::write(&data, lines.join("\n") + "\n").unwrap();
        let db = TestDb::new();
        let report = import(&db, &[path_input(&data)]);
        assert_eq!(report.error_count, 0, "{name}: {}", report.render());
        {
            let mut conn = db.conn();
            veedor::risk::job::recompute(&mut conn, &settings, &engine.workflow).expect("job");
        }
        let app = atest::init_service(veedor::server::app(common::app_state(&db))).await;
        let (status, body) = call(&app, get("/api/v1/indicators")).await;
        assert_eq!(status, 200);
        let out: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(out, example["expected"], "{name}");
    }
}

/// The open data read flags a page at a time after the last key: every flag once, in order,
/// whatever the page size (the download's chunks).
#[test]
fn flags_are_read_in_key_order_a_page_at_a_time() {
    let db = examples_imported_and_recomputed();
    let all: Vec<(String, String, String)> = stored(&db)
        .into_iter()
        .map(|(scope, subject, code, _)| (scope, subject, code))
        .collect();
    assert_eq!(all.len(), 7);
    let mut conn = db.conn();
    for size in [1, 2, 3, 7, 100] {
        let mut read = Vec::new();
        let mut after: Option<(String, String, String)> = None;
        loop {
            let page = veedor::risk::read::page_after(&mut conn, after.as_ref(), size).unwrap();
            let Some(last) = page.last() else { break };
            after = Some((last.scope.clone(), last.subject.clone(), last.code.clone()));
            read.extend(page.into_iter().map(|f| (f.scope, f.subject, f.code)));
        }
        assert_eq!(read, all, "pages of {size}");
    }
}

/// A listing of flagged processes reads them by one of two plans (their keys sorted when few,
/// a walk newest first when many, the count from the flags' index when the indicator is the
/// only filter, from the full-text index beside other filters on SQLite): every plan lists the
/// same processes in the same order, page after page, also once the job changed the flags and
/// an import stored a flagged process again.
#[test]
fn flagged_listings_are_the_same_whichever_plan_reads_them() {
    use veedor::db::schema::processes as p;
    use veedor::ocds::search::{search_counting_to, ProcessFilter};
    let db = examples_imported_and_recomputed();
    let mut conn = db.conn();
    let flags = stored(&db);
    let newest_first: Vec<(String, String)> = p::table
        .order((p::last_release_date.desc(), p::ocid.desc()))
        .select((p::ocid, p::stage))
        .load(&mut conn)
        .unwrap();
    let codes: std::collections::BTreeSet<&str> =
        flags.iter().map(|(_, _, code, _)| code.as_str()).collect();
    // Every stage, so that each flag meets another filter it passes and one it does not (on
    // SQLite the two together are counted by the full-text index, which holds both).
    let mut stages: Vec<String> = newest_first.iter().map(|(_, s)| s.clone()).collect();
    stages.sort();
    stages.dedup();
    assert!(stages.len() >= 2, "{stages:?}");
    let mut cases: Vec<(ProcessFilter, Vec<String>)> = Vec::new();
    for code in codes.iter().copied().chain(["any"]) {
        let flagged = |ocid: &str| {
            flags.iter().any(|(scope, subject, c, _)| {
                scope == "OCID" && subject == ocid && (code == "any" || c == code)
            })
        };
        for stage in stages.iter().cloned().map(Some).chain([None]) {
            let expected = newest_first
                .iter()
                .filter(|(ocid, s)| flagged(ocid) && stage.as_ref().is_none_or(|st| st == s))
                .map(|(ocid, _)| ocid.clone())
                .collect();
            let filter = ProcessFilter {
                indicator: Some(code.to_owned()),
                stage,
                ..Default::default()
            };
            cases.push((filter, expected));
        }
    }
    assert!(cases.iter().any(|(_, e)| e.len() >= 3), "{cases:?}");
    for (filter, expected) in &cases {
        for cap in [1, 2, 100] {
            for per_page in [1, 2, 50] {
                let mut listed = Vec::new();
                for page in 1..=expected.len() as i64 + 1 {
                    let found = search_counting_to(&mut conn, filter, page, per_page, cap).unwrap();
                    assert_eq!(found.total, (expected.len() as i64).min(cap), "{filter:?}");
                    assert_eq!(found.capped, expected.len() as i64 > cap, "{filter:?}");
                    listed.extend(found.items.into_iter().map(|r| r.ocid));
                }
                assert_eq!(
                    &listed, expected,
                    "{filter:?}, cap {cap}, {per_page} a page"
                );
            }
        }
    }
    // A process the job flagged, stored again by an import (a new release), is still found
    // with its flag and another filter before the job runs again.
    let (_, subject, code, _) = flags
        .iter()
        .find(|(scope, _, code, _)| scope == "OCID" && code == "R024")
        .expect("the job flags a process (R024)")
        .clone();
    let tmp = tempfile::tempdir().unwrap();
    let later = tmp.path().join("later.jsonl");
    let release = json!({"ocid": subject, "id": format!("{subject}-later"),
        "date": "2030-01-01T00:00:00Z", "tag": ["tenderUpdate"]});
    std::fs::write(&later, format!("{release}\n")).unwrap();
    import(&db, &[path_input(&later)]);
    let stage: String = p::table
        .find(&subject)
        .select(p::stage)
        .first(&mut conn)
        .unwrap();
    for indicator in [code.as_str(), "any"] {
        let filter = ProcessFilter {
            indicator: Some(indicator.to_owned()),
            stage: Some(stage.clone()),
            ..Default::default()
        };
        let found = search_counting_to(&mut conn, &filter, 1, 50, 100).unwrap();
        assert!(
            found.items.iter().any(|r| r.ocid == subject),
            "{filter:?}: {:?}",
            found.items
        );
    }
}

/// The triage queue by risk: the item whose process an indicator flags comes first, although
/// it came later.
#[test]
fn the_triage_queue_puts_flagged_processes_first() {
    use veedor::feedback::queues::{Order, Queue};
    let w = World::new();
    let engine = w.engine();
    let now = Utc::now().naive_utc();
    let citizen = user(&w.db, &w.citizen);
    let mut conn = w.db.conn();
    let calm = engine
        .submit(
            &mut conn,
            &citizen,
            OCID,
            &complaint(),
            &[],
            now - Duration::days(3),
        )
        .unwrap();
    let flagged = engine
        .submit(
            &mut conn,
            &citizen,
            OTHER_OCID,
            &complaint(),
            &[],
            now - Duration::days(1),
        )
        .unwrap();
    // The other process turns out to have had a single bidder in an open tender (R018).
    let tmp = tempfile::tempdir().unwrap();
    let single = tmp.path().join("single.jsonl");
    let r = json!({"ocid": OTHER_OCID, "id": "r2", "date": "2026-02-01T10:00:00Z", "tag": ["award"],
        "tender": {"id": "t1", "procurementMethod": "open", "numberOfTenderers": 1}});
    std::fs::write(&single, format!("{r}\n")).unwrap();
    import(&w.db, &[path_input(&single)]);
    let order_of = |conn: &mut veedor::db::DbConnection, order| -> Vec<String> {
        Queue::Triage
            .page(conn, &engine.workflow, order, 1, 10)
            .unwrap()
            .1
            .into_iter()
            .map(|i| i.id)
            .collect()
    };
    assert_eq!(
        order_of(&mut conn, Order::Age),
        vec![calm.id.clone(), flagged.id.clone()]
    );
    assert_eq!(order_of(&mut conn, Order::Risk), vec![flagged.id, calm.id]);
}

/// The job stages what it computes and replaces the stored flags only when they changed:
/// unchanged flags are not rewritten (kept pages stay kept), leftovers of an interrupted run
/// are not published, and a change replaces the whole set with the run's counts kept.
#[test]
fn the_job_replaces_flags_only_when_they_changed() {
    use veedor::db::schema::{risk_flags as f, risk_flags_next as next, risk_runs};
    let db = examples_imported_and_recomputed();
    let computed_at = |db: &TestDb| -> Vec<chrono::NaiveDateTime> {
        f::table
            .select(f::computed_at)
            .distinct()
            .load(&mut db.conn())
            .unwrap()
    };
    let before = stored(&db);
    let first_at = computed_at(&db);
    assert!(!before.is_empty());
    assert_eq!(first_at.len(), 1, "one run wrote them all");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = recompute(&db);
    assert_eq!(stored(&db), before);
    assert_eq!(computed_at(&db), first_at, "unchanged: not rewritten");
    assert_eq!(again.flags, before.len());
    // A run that stopped half-way left a row behind: the next run starts from an empty stage.
    diesel::insert_into(next::table)
        .values((
            next::scope.eq("ocid"),
            next::subject.eq("ocds-left-behind"),
            next::code.eq("R018"),
            next::value.eq(1.0),
            next::details.eq("{}"),
        ))
        .execute(&mut db.conn())
        .unwrap();
    recompute(&db);
    assert_eq!(stored(&db), before, "leftovers are not published");
    // One flag less than computed (another run's, or tampering): the set is replaced whole,
    // by this run, and its counts are kept with it.
    let (scope, subject, code, _) = before[0].clone();
    diesel::delete(
        f::table
            .filter(f::scope.eq(&scope))
            .filter(f::subject.eq(&subject))
            .filter(f::code.eq(&code)),
    )
    .execute(&mut db.conn())
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = recompute(&db);
    assert_eq!(stored(&db), before);
    let rewritten = computed_at(&db);
    assert_eq!(rewritten.len(), 1);
    assert!(rewritten[0] > first_at[0], "rewritten by this run");
    let counts: Option<String> = risk_runs::table
        .find(1)
        .select(risk_runs::last_counts)
        .first(&mut db.conn())
        .unwrap();
    let counts: Vec<(String, String, i64)> =
        serde_json::from_str(&counts.unwrap_or_default()).unwrap();
    assert_eq!(
        counts.iter().map(|(_, _, n)| *n as usize).sum::<usize>(),
        report.flags
    );
    assert_eq!(report.flags, before.len());
}
