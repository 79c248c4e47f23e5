//! What the public and researchers read: open data downloads and feeds, the answer beside the
//! process in both languages, and Open311.

use super::*;

#[actix_web::test]
async fn published_feedback_as_open_data() {
    let w = World::new();
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
    let (status, _) = call!(app, test::TestRequest::get().uri(&feedback_url(OTHER_OCID)));
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
            .uri(&format!("/api/v1/feeds/agencies/{AGENCY_B}/answers.atom"))
            .to_request(),
    )
    .await;
    assert_eq!(String::from_utf8_lossy(&body).matches("<entry>").count(), 0);
}

#[actix_web::test]
async fn the_answer_is_published_beside_the_process_in_both_languages() {
    let w = World::new();
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
    assert!(html.contains("<html lang=\"es\""));
    assert!(html.contains("Respuesta de la entidad") && html.contains("Respondido por la entidad"));

    let html = test::call_and_read_body(&app, page(format!("/feedback/{id}"), "en")).await;
    let html = String::from_utf8(html.to_vec()).unwrap();
    assert!(
        html.contains("The agency&#x27;s answer") || html.contains("The agency's answer"),
        "{html}"
    );
    assert!(
        html.contains("Questions, complaints and reviews go to the buyer of the process."),
        "why it was routed there, in words (the rule's label), not its id"
    );
    assert!(!html.contains("questions-and-complaints-to-buyer"));
    assert!(html.contains("Answered on time."));
    assert!(html.contains("Municipalidad de Ñemby"));

    let resp = test::call_service(&app, page("/processes/ocds-nope".into(), "es")).await;
    assert_eq!(resp.status().as_u16(), 404);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("No existe un proceso"));
}

#[actix_web::test]
async fn open311_clients_read_and_file_feedback() {
    let w = World::new();
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
    assert_eq!(one[0]["agency_responsible"], AGENCY_A);
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
