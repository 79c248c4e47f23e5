//! The read API over HTTP (in-process), on whichever backend the test run uses.

use crate::common;

use diesel::prelude::*;

use std::collections::HashSet;

use actix_web::test;
use common::{import, path_input, TestDb};
use serde_json::Value;
use veedor::ocds::merge::json_equal;
use veedor::ocds::words::end_of_day;

const R1: &str = r#"{"ocid":"ocds-t1-1","id":"r1","date":"2024-01-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"Puente peatonal en Ñemby","procurementMethod":"open","mainProcurementCategory":"works","status":"active","value":{"amount":100000,"currency":"PYG"}},"buyer":{"name":"Junta Vecinal Ñandutí"}}"#;
const R2: &str = r#"{"ocid":"ocds-t1/a b","id":"r1","date":"2023-06-01T00:00:00Z","tag":["tender"],"tender":{"id":"t","title":"Ремонт набережної","procurementMethod":"direct","mainProcurementCategory":"goods","value":{"amount":5,"currency":"UAH"}}}"#;
const R3: &str = r#"{"ocid":"ocds-t1-ñandú","id":"r1","date":"2022-03-01T00:00:00Z","tag":["planning"],"planning":{"budget":{"amount":{"amount":7,"currency":"PYG"}}}}"#;

struct Fixture {
    db: TestDb,
    _tmp: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let tmp = tempfile::tempdir().unwrap();
    let own = tmp.path().join("own.jsonl");
    std::fs::write(&own, format!("{R1}\n{R2}\n{R3}\n")).unwrap();
    let generated = tmp.path().join("gen.jsonl");
    let mut file = std::fs::File::create(&generated).unwrap();
    veedor::ocds::generate::generate(&mut file, 40, 9).unwrap();
    let db = TestDb::new();
    let mut inputs = vec![path_input(own), path_input(generated)];
    if let Some(shared) = common::shared_data() {
        inputs.push(path_input(shared.join(
            "merge-fixtures/sample-data-fictional-1.1/ocds-213czf-000-00001.json",
        )));
    }
    let report = import(&db, &inputs);
    assert_eq!(report.error_count, 0, "{}", report.render());
    Fixture { db, _tmp: tmp }
}

macro_rules! app {
    ($fixture:expr) => {
        test::init_service(veedor::server::app(common::app_state(&$fixture.db))).await
    };
}

async fn get(
    app: &impl actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<impl actix_web::body::MessageBody>,
        Error = actix_web::Error,
    >,
    uri: &str,
) -> (u16, Value) {
    let resp = test::call_service(app, test::TestRequest::get().uri(uri).to_request()).await;
    let status = resp.status().as_u16();
    let body = test::read_body(resp).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn ocids(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["ocid"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn pages_are_stable_and_complete() {
    let f = fixture();
    let app = app!(f);
    let (status, first) = get(&app, "/api/v1/processes?per_page=7").await;
    assert_eq!(status, 200);
    let total = first["total"].as_i64().unwrap();
    assert!(total >= 43, "{total}");
    let mut seen = Vec::new();
    for page in 1..=(total + 6) / 7 {
        let (_, body) = get(&app, &format!("/api/v1/processes?per_page=7&page={page}")).await;
        seen.extend(ocids(&body));
    }
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(seen.len() as i64, total);
    assert_eq!(
        unique.len() as i64,
        total,
        "no process repeats across pages"
    );
    let (_, again) = get(&app, "/api/v1/processes?per_page=7").await;
    assert_eq!(ocids(&again), ocids(&first));
}

#[actix_web::test]
async fn full_text_search_and_filters() {
    let f = fixture();
    let app = app!(f);
    for (query, expected) in [
        ("q=%C3%91emby%20puente", vec!["ocds-t1-1"]),
        (
            "q=%D0%9D%D0%90%D0%91%D0%95%D0%A0%D0%95%D0%96%D0%9D%D0%9E%D0%87",
            vec!["ocds-t1/a b"],
        ),
        ("q=junta%20VECINAL", vec!["ocds-t1-1"]),
        (
            "method=direct&category=goods&value_max=10",
            vec!["ocds-t1/a b"],
        ),
        (
            "public_works=true&value_min=99999&value_max=100000",
            vec!["ocds-t1-1"],
        ),
        (
            "date_from=2022-03-01&date_to=2022-03-01",
            vec!["ocds-t1-ñandú"],
        ),
        ("stage=planning&value_max=7", vec!["ocds-t1-ñandú"]),
        ("q=%22OR%22%20%2A", vec![]),
    ] {
        let (status, body) = get(&app, &format!("/api/v1/processes?{query}")).await;
        assert_eq!(status, 200, "{query}: {body}");
        assert_eq!(ocids(&body), expected, "{query}");
        assert_eq!(body["total"].as_i64().unwrap(), expected.len() as i64);
    }
    let (_, one) = get(&app, "/api/v1/processes?q=Junta").await;
    let buyer = one["items"][0]["buyer"]["id"].as_str().unwrap().to_owned();
    let (_, by_buyer) = get(&app, &format!("/api/v1/processes?buyer={buyer}")).await;
    assert_eq!(ocids(&by_buyer), ["ocds-t1-1"]);
}

/// A word no process holds finds nothing, beside filters too (PostgreSQL indexes no word of
/// 2,048 bytes or more: the query must not drop it and list whatever the filters find).
#[actix_web::test]
async fn a_word_too_long_to_index_finds_nothing_with_filters_either() {
    let f = fixture();
    let app = app!(f);
    let long = "a".repeat(2100);
    let (_, some) = get(
        &app,
        "/api/v1/processes?date_from=1990-01-01&stage=planning",
    )
    .await;
    assert!(some["total"].as_i64().unwrap() > 0, "{some}");
    for filters in [
        "",
        "&date_from=1990-01-01",
        "&date_from=1990-01-01&stage=planning",
    ] {
        let (status, body) = get(&app, &format!("/api/v1/processes?q={long}{filters}")).await;
        assert_eq!(status, 200, "{filters}");
        assert_eq!(body["total"], 0, "{filters}");
    }
}

#[actix_web::test]
async fn bad_parameters_are_named_in_a_json_error() {
    let f = fixture();
    let app = app!(f);
    for (query, field) in [
        ("value_min=abc", "value_min"),
        // Numbers to the parser, but no value compares with them as the reader means.
        ("value_max=NaN", "value_max"),
        ("value_min=inf", "value_min"),
        ("per_page=1000", "per_page"),
        ("page=0", "page"),
        ("date_from=yesterday", "date_from"),
        ("public_works=maybe", "public_works"),
        ("stage=done", "stage"),
        // Deep offsets are refused (they would walk the whole table), with a way forward.
        ("page=501&per_page=20", "bulk downloads"),
    ] {
        let (status, body) = get(&app, &format!("/api/v1/processes?{query}")).await;
        assert_eq!(status, 400, "{query}");
        assert_eq!(body["error"]["code"], "invalid_parameter");
        assert!(
            body["error"]["message"].as_str().unwrap().contains(field),
            "{body}"
        );
    }
    let (status, body) = get(&app, "/api/v1/feedback?page=10001&per_page=1").await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = get(&app, "/api/v1/processes?page=500&per_page=20").await;
    assert_eq!(status, 200, "the last page within reach");
}

#[actix_web::test]
async fn ocids_are_taken_verbatim() {
    let f = fixture();
    let app = app!(f);
    for (uri, ocid) in [
        ("/api/v1/processes/ocds-t1%2Fa%20b", "ocds-t1/a b"),
        ("/api/v1/processes/ocds-t1/a%20b", "ocds-t1/a b"),
        ("/api/v1/processes/ocds-t1-%C3%B1and%C3%BA", "ocds-t1-ñandú"),
        ("/api/v1/processes/ocds-t1-1", "ocds-t1-1"),
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, 200, "{uri}: {body}");
        assert_eq!(body["ocid"], ocid);
        let (status, record) = get(&app, &format!("{uri}/record")).await;
        assert_eq!(status, 200, "{uri}/record");
        assert_eq!(record["ocid"], ocid);
    }
    let (_, body) = get(&app, "/api/v1/processes/ocds-t1-1").await;
    assert_eq!(body["buyer"]["name"], "Junta Vecinal Ñandutí");
    assert_eq!(body["is_public_works"], true);
    assert_eq!(body["releases"][0]["id"], "r1");
    assert_eq!(body["parties"][0]["roles"][0], "buyer");
}

#[actix_web::test]
async fn unknown_things_are_json_404s() {
    let f = fixture();
    let app = app!(f);
    for uri in [
        "/api/v1/processes/ocds-nope",
        "/api/v1/processes/ocds-nope/record",
        "/api/v1/nothing",
    ] {
        let (status, body) = get(&app, uri).await;
        assert_eq!(status, 404, "{uri}");
        assert_eq!(body["error"]["code"], "not_found", "{uri}");
    }
    // Outside the API, a person reads a page in their language, never JSON.
    for (lang, says) in [
        ("en", "This page is not here"),
        ("es", "Esta página no está aquí"),
    ] {
        let resp = test::call_service(
            &app,
            test::TestRequest::get()
                .uri("/nowhere")
                .insert_header(("accept-language", lang))
                .to_request(),
        )
        .await;
        assert_eq!(resp.status().as_u16(), 404);
        let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
        assert!(
            html.contains(says) && html.contains("<h1 class=\"govuk-heading-l\">"),
            "{html}"
        );
    }
    let (status, body) = get(&app, "/healthz").await;
    assert_eq!((status, body["status"].as_str()), (200, Some("ok")));
}

#[actix_web::test]
async fn record_is_what_a_record_package_holds() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    let f = fixture();
    let app = app!(f);
    let (status, record) = get(&app, "/api/v1/processes/ocds-213czf-000-00001/record").await;
    assert_eq!(status, 200);
    let dir = shared.join("merge-fixtures/sample-data-fictional-1.1/record");
    let load = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
    };
    let expected = load("ocds-213czf-000-00001-withversions.json")["records"][0].clone();
    assert!(
        json_equal(
            &record["compiledRelease"],
            &load("ocds-213czf-000-00001.json")["records"][0]["compiledRelease"]
        ),
        "compiled"
    );
    assert!(
        json_equal(&record["versionedRelease"], &expected["versionedRelease"]),
        "versioned"
    );
    let package: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("../ocds-213czf-000-00001.json")).unwrap(),
    )
    .unwrap();
    assert!(
        json_equal(&record["releases"], &package["releases"]),
        "releases as published"
    );
}

#[actix_web::test]
async fn home_page_has_a_strict_content_security_policy() {
    let f = fixture();
    let app = app!(f);
    let resp = test::call_service(&app, test::TestRequest::get().uri("/").to_request()).await;
    assert_eq!(resp.status().as_u16(), 200);
    let csp = resp
        .headers()
        .get("content-security-policy")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let body = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(body.contains("action=\"/search\"") && !body.contains("<script>"));
    let (status, _) = get(&app, "/static/missing.js").await;
    assert_eq!(status, 404);
}

#[actix_web::test]
async fn buyers_and_procuring_entities_become_agencies() {
    let f = fixture();
    let app = app!(f);
    let (status, list) = get(&app, "/api/v1/agencies?per_page=100").await;
    assert_eq!(status, 200);
    assert!(list["total"].as_i64().unwrap() >= 5, "{list}");
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Junta Vecinal Ñandutí"), "{names:?}");
    // A process names its buyer's agency id, which the directory answers for.
    let (_, process) = get(&app, "/api/v1/processes/ocds-t1-1").await;
    let id = process["buyer"]["id"].as_str().unwrap().to_owned();
    let (status, agency) = get(&app, &format!("/api/v1/agencies/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(agency["name"], "Junta Vecinal Ñandutí");
    assert!(agency["oversight"]
        .as_array()
        .unwrap()
        .iter()
        .any(|b| b["id"] == "audit-office"));
    assert!(agency.get("merged_into").is_none() && agency.get("data_email").is_none());
    let (status, body) = get(&app, "/api/v1/agencies/nope").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, _) = get(&app, "/api/v1/agencies?per_page=0").await;
    assert_eq!(status, 400);
    // Signed-in endpoints refuse anonymous callers.
    let (status, body) = get(&app, "/api/v1/me").await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (401, Some("unauthorized"))
    );
}

#[actix_web::test]
async fn categories_are_listed_with_their_questionnaires() {
    let f = fixture();
    let app = app!(f);
    let (status, body) = get(&app, "/api/v1/categories").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().unwrap();
    let quality = items.iter().find(|c| c["id"] == "poor_quality").unwrap();
    assert_eq!(
        quality["label"]["es"],
        "Mala calidad de bienes u obras entregados"
    );
    assert_eq!(quality["questions"][1]["type"], "scale");
}

/// A database whose full-text index predates stemming, or the filters' words, is brought up
/// to them by `migrate` (SQL can compute neither: SQLite's index entries and PostgreSQL's
/// facets are written again in Rust).
#[actix_web::test]
async fn migrate_rebuilds_an_index_without_stems() {
    let f = fixture();
    let app = app!(f);
    let (_, before) = get(&app, "/api/v1/processes?q=puentes").await;
    let found = before["total"].as_i64().unwrap();
    assert!(found > 0, "the plural finds the singular: {before}");
    // Words with a filter: matched with the filters' words on both backends.
    let filtered = "/api/v1/processes?q=puentes&date_from=1990-01-01";
    let (_, before) = get(&app, filtered).await;
    assert_eq!(before["total"].as_i64().unwrap(), found, "{before}");
    {
        let mut conn = f.db.conn();
        use diesel::connection::SimpleConnection;
        // PostgreSQL: facets an older version wrote (other words), as a new version finds.
        let forget = if let veedor::db::DbConnection::Sqlite(_) = &conn {
            "DELETE FROM process_search; UPDATE search_index SET version = 0;"
        } else {
            "UPDATE processes SET facets = 'zzolder'; UPDATE search_index SET version = 4;"
        };
        conn.batch_execute(forget).unwrap();
        let (_, gone) = get(&app, filtered).await;
        assert_eq!(gone["total"], 0, "the filters' words are gone");
        // Agencies stored before their name keys existed get them too.
        diesel::update(veedor::db::schema::agencies::table)
            .set(veedor::db::schema::agencies::name_key.eq(""))
            .execute(&mut conn)
            .unwrap();
        veedor::db::migrate(&mut conn).unwrap();
        let unkeyed: i64 = veedor::db::schema::agencies::table
            .filter(veedor::db::schema::agencies::name_key.eq(""))
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(unkeyed, 0);
    }
    let (_, after) = get(&app, "/api/v1/processes?q=puentes").await;
    assert_eq!(after["total"].as_i64().unwrap(), found, "{after}");
    let (_, after) = get(&app, filtered).await;
    assert_eq!(after["total"].as_i64().unwrap(), found, "{after}");
}

/// A day's `date_to` takes the whole day and not the next midnight, also before 2000 (where
/// PostgreSQL's timestamps count back from 2000 and a nanosecond rounds to the next day).
#[actix_web::test]
async fn date_to_takes_the_whole_day_and_no_more() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("days.jsonl");
    let release = |ocid: &str, date: &str| {
        serde_json::json!({
            "ocid": ocid, "id": "1", "date": date, "tag": ["tender"],
            "tender": {"id": "t", "title": "Puente"}
        })
        .to_string()
    };
    let releases = [
        release("ocds-day-1", "1999-12-31T23:59:59.9999999Z"),
        release("ocds-day-2", "2000-01-01T00:00:00Z"),
        release("ocds-day-3", "2025-03-31T23:59:59.999999Z"),
        release("ocds-day-4", "2025-04-01T00:00:00Z"),
    ];
    std::fs::write(&data, releases.join("\n")).unwrap();
    let db = TestDb::new();
    let report = import(&db, &[path_input(data)]);
    assert_eq!(report.error_count, 0, "{}", report.render());
    let f = Fixture { db, _tmp: tmp };
    let app = app!(f);
    for (query, expected) in [
        ("date_to=1999-12-31", vec!["ocds-day-1"]),
        (
            "date_from=2000-01-01&date_to=2000-01-01",
            vec!["ocds-day-2"],
        ),
        (
            "date_from=2025-03-31&date_to=2025-03-31",
            vec!["ocds-day-3"],
        ),
        ("date_from=2025-04-01", vec!["ocds-day-4"]),
    ] {
        for words in ["", "q=puente&"] {
            let (_, found) = get(&app, &format!("/api/v1/processes?{words}{query}")).await;
            let mut listed = ocids(&found);
            listed.sort();
            assert_eq!(listed, expected, "{words}{query}: {found}");
        }
    }
}

/// Words searched: the best match first, not the newest.
#[actix_web::test]
async fn search_ranks_the_best_match_first() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("rank.jsonl");
    let release = |ocid: &str, date: &str, title: &str, description: &str| {
        serde_json::json!({
            "ocid": ocid, "id": "1", "date": date, "tag": ["tender"],
            "tender": {"id": "t", "title": title, "description": description}
        })
        .to_string()
    };
    std::fs::write(
        &data,
        [
            release(
                "ocds-rank-1",
                "2026-03-01T00:00:00Z",
                "Compra de sillas",
                "Para el hospital.",
            ),
            release(
                "ocds-rank-2",
                "2026-01-01T00:00:00Z",
                "Hospital regional",
                "Ampliación del hospital regional y de sus hospitales satélite.",
            ),
            release(
                "ocds-rank-3",
                "2026-04-01T00:00:00Z",
                "Pavimentación",
                "Calles del centro.",
            ),
        ]
        .join("\n"),
    )
    .unwrap();
    let db = TestDb::new();
    let report = import(&db, &[path_input(data)]);
    assert_eq!(report.error_count, 0, "{}", report.render());
    let f = Fixture { db, _tmp: tmp };
    let app = app!(f);
    let (_, found) = get(&app, "/api/v1/processes?q=hospital").await;
    assert_eq!(ocids(&found), ["ocds-rank-2", "ocds-rank-1"], "{found}");
    // More matches than the cap: not ranked (that would grow with the data), but every match
    // still listed, one page at a time, and the count says "more than".
    let mut conn = f.db.conn();
    let words = veedor::ocds::search::ProcessFilter {
        q: Some("hospital".into()),
        ..Default::default()
    };
    let over = veedor::ocds::search::search_counting_to(&mut conn, &words, 1, 5, 1).unwrap();
    assert!(over.capped && over.total == 1);
    let mut listed: Vec<String> = over.items.iter().map(|p| p.ocid.clone()).collect();
    listed.sort();
    assert_eq!(listed, ["ocds-rank-1", "ocds-rank-2"]);
    // Words with another filter take the general path, ranked within the cap.
    let narrowed = veedor::ocds::search::ProcessFilter {
        q: Some("hospital".into()),
        date_from: chrono::NaiveDate::from_ymd_opt(2000, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0)),
        ..Default::default()
    };
    let page = veedor::ocds::search::search(&mut conn, &narrowed, 1, 5).unwrap();
    let listed: Vec<&str> = page.items.iter().map(|p| p.ocid.as_str()).collect();
    assert_eq!(listed, ["ocds-rank-2", "ocds-rank-1"]);
    let page = veedor::ocds::search::search_counting_to(&mut conn, &narrowed, 2, 1, 1).unwrap();
    assert_eq!(page.items.len(), 1, "the second page of a capped listing");
}

/// Listings count up to a cap and then say "more than": no full count of millions per page.
#[actix_web::test]
async fn counts_stop_at_the_cap() {
    let f = fixture();
    let mut conn = f.db.conn();
    let all = veedor::ocds::search::ProcessFilter::default();
    let exact = veedor::ocds::search::search(&mut conn, &all, 1, 5).unwrap();
    assert!(!exact.capped && exact.total > 10, "{}", exact.total);
    let capped = veedor::ocds::search::search_counting_to(&mut conn, &all, 1, 5, 10).unwrap();
    assert!(capped.capped && capped.total == 10);
    assert_eq!(capped.items.len(), 5, "the page itself is whole");
    let app = app!(f);
    let (_, body) = get(&app, "/api/v1/processes?per_page=1").await;
    assert_eq!(body["total_is_lower_bound"], false, "{body}");
}

/// Every page of a listing, up to `cap` counted, `per_page` at a time.
fn every_page(
    conn: &mut veedor::db::DbConnection,
    filter: &veedor::ocds::search::ProcessFilter,
    cap: i64,
) -> (i64, bool, Vec<String>) {
    let mut listed = Vec::new();
    let first = veedor::ocds::search::search_counting_to(conn, filter, 1, 2, cap).unwrap();
    for page in 1..=200 {
        let found = veedor::ocds::search::search_counting_to(conn, filter, page, 2, cap).unwrap();
        if found.items.is_empty() {
            break;
        }
        listed.extend(found.items.into_iter().map(|p| p.ocid));
    }
    (first.total, first.capped, listed)
}

/// Whether a process passes a filter without words or indicator, as its fields say.
fn passes(p: &veedor::ocds::store::ProcessRow, f: &veedor::ocds::search::ProcessFilter) -> bool {
    let equal = |want: &Option<String>, have: &Option<String>| {
        want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
    };
    let at_least = |min: Option<f64>, v: Option<f64>| min.is_none_or(|m| v.is_some_and(|v| v >= m));
    let at_most = |max: Option<f64>, v: Option<f64>| max.is_none_or(|m| v.is_some_and(|v| v <= m));
    let date = p.last_release_date;
    equal(&f.buyer, &p.buyer_id)
        && f.buyer_in
            .as_ref()
            .is_none_or(|list| p.buyer_id.as_ref().is_some_and(|b| list.contains(b)))
        && equal(&f.procuring_entity, &p.procuring_entity_id)
        && equal(&f.method, &p.procurement_method)
        && equal(&f.category, &p.main_procurement_category)
        && equal(&f.status, &p.status)
        && f.stage.as_ref().is_none_or(|s| *s == p.stage)
        && f.public_works.is_none_or(|w| w == p.is_public_works)
        && at_least(f.value_min, p.value_amount)
        && at_most(f.value_max, p.value_amount)
        && f.date_from
            .is_none_or(|from| date.is_some_and(|d| d >= from))
        && f.date_to.is_none_or(|to| date.is_some_and(|d| d <= to))
}

/// Words with filters are matched inside the index (SQLite's full-text index, PostgreSQL's
/// search vector), ranges by their buckets and then exactly. Whatever the filters (and with an always-true date range added), the plan
/// finds the processes that the word and the filters find apart, and counts them alike.
#[actix_web::test]
async fn words_with_filters_find_the_same_processes_whichever_plan() {
    use veedor::ocds::search::{search_counting_to, ProcessFilter};
    let f = fixture();
    let mut conn = f.db.conn();
    let all = search_counting_to(&mut conn, &ProcessFilter::default(), 1, 1000, 100_000)
        .unwrap()
        .items;
    assert!(all.len() < 1000, "every process on one page");
    let mut words: Vec<String> = all
        .iter()
        .filter_map(|p| p.title.as_deref())
        .flat_map(|t| t.split_whitespace().filter(|w| w.chars().count() > 3))
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    let words: Vec<String> = words.into_iter().step_by(7).take(4).collect();
    let mut filters = Vec::new();
    for p in all.iter().step_by(9).take(4) {
        filters.push(ProcessFilter {
            status: p.status.clone(),
            ..Default::default()
        });
        filters.push(ProcessFilter {
            method: p.procurement_method.clone(),
            category: p.main_procurement_category.clone(),
            ..Default::default()
        });
        filters.push(ProcessFilter {
            buyer: p.buyer_id.clone(),
            stage: Some(p.stage.clone()),
            public_works: Some(p.is_public_works),
            ..Default::default()
        });
        filters.push(ProcessFilter {
            buyer_in: p.buyer_id.clone().map(|b| vec![b, "nobody".into()]),
            procuring_entity: p.procuring_entity_id.clone(),
            ..Default::default()
        });
        // Ranges, their ends on a process's own value and date (ends are inclusive).
        let month = chrono::Duration::days(30);
        filters.push(ProcessFilter {
            value_min: p.value_amount,
            ..Default::default()
        });
        filters.push(ProcessFilter {
            value_max: p.value_amount,
            status: p.status.clone(),
            ..Default::default()
        });
        filters.push(ProcessFilter {
            value_min: p.value_amount.map(|v| v * 0.8),
            value_max: p.value_amount.map(|v| v * 1.1),
            ..Default::default()
        });
        filters.push(ProcessFilter {
            date_from: p.last_release_date.map(|d| d - month),
            date_to: p.last_release_date,
            ..Default::default()
        });
        filters.push(ProcessFilter {
            date_from: p.last_release_date,
            method: p.procurement_method.clone(),
            ..Default::default()
        });
        // Whole days, as the pages ask: the index trusts their ends' days unchecked.
        if let Some(day) = p.last_release_date.map(|d| d.date()) {
            let midnight = |d: chrono::NaiveDate| d.and_time(chrono::NaiveTime::MIN);
            filters.push(ProcessFilter {
                date_from: Some(midnight(day)),
                date_to: Some(end_of_day(day)),
                ..Default::default()
            });
            filters.push(ProcessFilter {
                date_from: day.succ_opt().map(midnight),
                ..Default::default()
            });
            filters.push(ProcessFilter {
                date_to: day.pred_opt().map(end_of_day),
                status: p.status.clone(),
                ..Default::default()
            });
        }
    }
    filters.push(ProcessFilter {
        value_min: Some(2.0),
        value_max: Some(1.0),
        ..Default::default()
    });
    // Words alone have their own plans (tested above); on PostgreSQL their count trusts the
    // planner's estimate past the cap.
    filters.retain(|f| *f != ProcessFilter::default());
    let since = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let until = chrono::NaiveDate::from_ymd_opt(2999, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    let (mut found_some, mut capped_some) = (false, false);
    let sqlite = matches!(conn, veedor::db::DbConnection::Sqlite(_));
    // The order processes were stored in, newest first (SQLite's rowids descending).
    let stored: Vec<String> = if sqlite {
        veedor::db::schema::processes::table
            .order(diesel::dsl::sql::<diesel::sql_types::BigInt>("rowid DESC"))
            .select(veedor::db::schema::processes::ocid)
            .load(&mut conn)
            .unwrap()
    } else {
        Vec::new()
    };
    for q in &words {
        let (_, _, with_word) = every_page(
            &mut conn,
            &ProcessFilter {
                q: Some(q.clone()),
                ..Default::default()
            },
            100_000,
        );
        for filter in &filters {
            // What the filter's fields say, read off the rows: independent of every plan.
            let passing: Vec<String> = all
                .iter()
                .filter(|p| passes(p, filter))
                .map(|p| p.ocid.clone())
                .collect();
            let (_, _, listed) = every_page(&mut conn, filter, 100_000);
            assert_eq!(
                listed.iter().collect::<HashSet<_>>(),
                passing.iter().collect::<HashSet<_>>(),
                "{filter:?}"
            );
            let expected: HashSet<&String> =
                with_word.iter().filter(|o| passing.contains(o)).collect();
            let by_words = ProcessFilter {
                q: Some(q.clone()),
                ..filter.clone()
            };
            // An always-true end added to the date range (an open end, if the filter has one).
            let general = match (by_words.date_from, by_words.date_to) {
                (None, _) => ProcessFilter {
                    date_from: since,
                    ..by_words.clone()
                },
                (_, None) => ProcessFilter {
                    date_to: until,
                    ..by_words.clone()
                },
                _ => by_words.clone(),
            };
            for cap in [1, 2, 100] {
                let (total, capped, listed) = every_page(&mut conn, &by_words, cap);
                let (g_total, g_capped, g_listed) = every_page(&mut conn, &general, cap);
                let context = format!("{by_words:?} cap {cap}");
                assert_eq!((total, capped), (g_total, g_capped), "{context}");
                assert_eq!(
                    (total, capped),
                    (
                        (expected.len() as i64).min(cap),
                        expected.len() as i64 > cap
                    ),
                    "{context}"
                );
                let unique: HashSet<&String> = listed.iter().collect();
                assert_eq!(unique.len(), listed.len(), "no process twice: {context}");
                assert!(unique.is_subset(&expected), "{context}");
                if capped {
                    capped_some = true;
                    if sqlite {
                        // Past the cap, the newest stored matches: as many as counted, and one.
                        let newest: HashSet<&String> = stored
                            .iter()
                            .filter(|o| expected.contains(o))
                            .take(cap as usize + 1)
                            .collect();
                        assert_eq!(unique, newest, "{context}");
                    } else {
                        // PostgreSQL has the one plan.
                        assert_eq!(listed, g_listed, "{context}");
                    }
                } else {
                    assert_eq!(unique, expected, "{context}");
                    if !sqlite {
                        assert_eq!(listed, g_listed, "{context}");
                    }
                    found_some |= !listed.is_empty();
                }
            }
        }
    }
    assert!(
        found_some && capped_some,
        "the fixture exercises both cases"
    );
    // Text without words is no filter at all (the index would refuse it as syntax).
    let punctuation = ProcessFilter {
        q: Some("¡¿!!".into()),
        status: all[0].status.clone(),
        ..Default::default()
    };
    let status_only = ProcessFilter {
        status: all[0].status.clone(),
        ..Default::default()
    };
    assert_eq!(
        every_page(&mut conn, &punctuation, 100),
        every_page(&mut conn, &status_only, 100)
    );
}
