//! The pages people work in: figures on the home, search and agency pages, the work queues,
//! sign-up in the browser, the oversight body's inbox, and the page cache.

use super::*;

#[actix_web::test]
async fn home_search_and_agency_pages_show_the_figures() {
    let w = World::new();
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
        veedor::publish::scorecard(&mut conn, Some(AGENCY_A), &state.engine.workflow, now).unwrap();
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

    let html = body!(app, get("/search?q=puente&lang=es"));
    assert!(html.contains("2 procesos encontrados"), "{html}");
    // A word finds its other forms: the plural finds the singular titles.
    let html = body!(app, get("/search?q=puentes+peatonales"));
    assert!(html.contains("2 processes found"), "{html}");
    let resp = test::call_service(&app, get("/search?value_min=lots")).await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("role=\"alert\"")
            && html.contains("href=\"#f-value_min\"")
            && html.contains("Give the lowest value as a number"),
        "the error beside the field, in words: {html}"
    );
    // The buyer by (part of) its name, in any case.
    let html = body!(app, get("/search?buyer=%C3%B1emby"));
    assert!(html.contains("1 process found"), "{html}");
    // A pasted process identifier opens its page.
    let resp = test::call_service(&app, get(&format!("/search?q=+{OCID}+"))).await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(
        resp.headers().get("location").unwrap().to_str().unwrap(),
        format!("/processes/{OCID}")
    );
    // Past the last page: the last page, and the pager stops there.
    let html = body!(app, get("/search?q=puente&page=9999"));
    assert!(
        html.contains("Puente peatonal") && !html.contains("rel=\"next\""),
        "{html}"
    );

    let resp = test::call_service(&app, get(&format!("/agencies/{AGENCY_A}"))).await;
    assert_eq!(resp.status().as_u16(), 200);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("Municipalidad de Ñemby") && html.contains("Scorecard"));
    assert!(html.contains("<dd>100 %</dd>"), "satisfaction shown");
    let resp = test::call_service(&app, get("/agencies/nobody")).await;
    assert_eq!(resp.status().as_u16(), 404);

    // The directory: each agency with how much it received; a name search narrows it.
    let html = body!(app, get("/agencies?lang=es"));
    let buyer_line = html
        .split("<li")
        .find(|l| l.contains(&format!("/agencies/{AGENCY_A}")))
        .expect("the buyer is listed");
    assert!(
        buyer_line.contains("3 comentarios recibidos"),
        "{buyer_line}"
    );
    assert!(html.contains(&format!("/agencies/{AGENCY_B}")));
    let html = body!(app, get("/agencies?q=municipalidad&page=1"));
    assert!(
        html.contains("2 agencies"),
        "both buyers are called so: {html}"
    );
    let html = body!(app, get("/agencies?q=%C3%91emby"));
    assert!(html.contains(">1 agency<"), "{html}");
    let html = body!(app, get("/agencies?q=Asunci%C3%B3n"));
    assert!(html.contains(">0 agencies<"), "{html}");
    let resp = test::call_service(&app, get("/agencies?page=many")).await;
    assert_eq!(resp.status().as_u16(), 400, "a bad page number is refused");
}

#[actix_web::test]
async fn the_item_page_is_where_each_person_acts() {
    let w = World::new();
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
    let get = |uri: String, token: &str| {
        test::TestRequest::get()
            .uri(&uri)
            .cookie(cookie(token))
            .to_request()
    };
    macro_rules! read {
        ($req:expr) => {{
            let resp = test::call_service(&app, $req).await;
            let status = resp.status().as_u16();
            let location = resp
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned());
            let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
            (status, location, html)
        }};
    }

    let resp = test::call_service(&app, test::TestRequest::get().uri("/work").to_request()).await;
    assert_eq!(
        resp.status().as_u16(),
        303,
        "signed-out people are sent to sign in"
    );

    // The moderator's queue lists the item and leads to its page; the page offers the
    // moderator's moves as one form, and none of the agency's.
    let (moderator, moderator_csrf) = browser(&w, "mod@example.org");
    let (status, _, html) = read!(get("/work".into(), &moderator));
    assert_eq!(status, 200);
    assert!(html.contains("Triage queue") && html.contains(&format!("/feedback/{id}#act")));
    assert!(
        html.contains("Sign out") && html.contains("mod@example.org"),
        "the signed-in header"
    );
    let (_, _, page) = read!(get(format!("/feedback/{id}"), &moderator));
    assert!(page.contains("Accept and route") && page.contains("name=\"transition\""));
    assert_eq!(
        page.matches("<form method=\"post\" action=\"/feedback/")
            .count(),
        1,
        "one form"
    );
    assert!(
        !page.contains("Answer publicly"),
        "no agency moves for a moderator"
    );

    let act = |token: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]| {
        let (ct, body) = form_data(fields, files);
        test::TestRequest::post()
            .uri(&format!("/feedback/{id}/act"))
            .cookie(cookie(token))
            .insert_header(("content-type", ct))
            .set_payload(body)
            .to_request()
    };
    let resp = test::call_service(
        &app,
        act(
            &moderator,
            &[("csrf", "forged"), ("transition", "accept")],
            &[],
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 403, "CSRF");
    // Rejecting asks to confirm first; confirmed without the comment it needs, the page says
    // what is missing beside the field.
    let reject = [("csrf", moderator_csrf.as_str()), ("transition", "reject")];
    let (status, _, html) = read!(act(&moderator, &reject, &[]));
    assert_eq!(status, 200);
    assert!(
        html.contains("Reject: are you sure?") && html.contains("govuk-button--warning"),
        "{html}"
    );
    let confirmed = [
        ("csrf", moderator_csrf.as_str()),
        ("transition", "reject"),
        ("confirmed", "yes"),
    ];
    let (status, _, html) = read!(act(&moderator, &confirmed, &[]));
    assert_eq!(status, 400);
    assert!(
        html.contains("href=\"#act-comment\"") && html.contains("Write a comment"),
        "{html}"
    );
    // An agency named by part of its name: several match, so the page asks which.
    let by_name = |name: &'static str| {
        [
            ("csrf", moderator_csrf.as_str()),
            ("transition", "accept"),
            ("agency", name),
        ]
    };
    let (status, _, html) = read!(act(&moderator, &by_name("municipalidad"), &[]));
    assert_eq!(status, 200);
    assert!(
        html.contains("Several agencies match") && html.contains("Municipalidad de Luque"),
        "{html}"
    );
    let (status, location, _) = read!(act(&moderator, &by_name("Ñemby"), &[]));
    assert_eq!(status, 303, "post-redirect-get");
    assert_eq!(
        location.as_deref(),
        Some(format!("/feedback/{id}?done=accept#next").as_str())
    );
    let (_, _, html) = read!(get(format!("/feedback/{id}?done=accept"), &moderator));
    assert!(
        html.contains("Done: Accept and route."),
        "a success message"
    );
    let routed = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    assert_eq!(routed.agency_id.as_deref(), Some(AGENCY_A));

    // The officer answers from the item page, in Spanish, with a document.
    let (officer, officer_csrf) = browser(&w, "officer@nemby.example.org");
    let (_, _, html) = read!(get(format!("/feedback/{id}?lang=es"), &officer));
    assert!(
        html.contains("Responder públicamente") && html.contains("id=\"act-attachments\""),
        "{html}"
    );
    let (status, _, _) = read!(act(
        &officer,
        &[
            ("csrf", officer_csrf.as_str()),
            ("transition", "answer"),
            ("comment", "Se revisó el precio."),
        ],
        &[("informe.pdf", &common::documents::pdf())],
    ));
    assert_eq!(status, 303);
    let files = veedor::feedback::attachments::of_item(&mut conn, &id).unwrap();
    assert!(
        files.len() == 1 && files[0].public,
        "the answer's document is published"
    );

    let (other, other_csrf) = browser(&w, "officer@other.example.org");
    let resp = test::call_service(
        &app,
        act(
            &other,
            &[
                ("csrf", other_csrf.as_str()),
                ("transition", "answer"),
                ("comment", "x"),
            ],
            &[],
        ),
    )
    .await;
    assert_eq!(
        resp.status().as_u16(),
        409,
        "not from answered, and never for another agency"
    );

    // The complainant rates from the same page, reading the answer being rated.
    let (me, my_csrf) = browser(&w, "ana@example.org");
    let (_, _, html) = read!(get(format!("/feedback/{id}"), &me));
    assert!(
        html.contains("I am satisfied with the answer") && html.contains("Se revisó el precio.")
    );
    let resp = test::call_service(
        &app,
        act(
            &me,
            &[("csrf", my_csrf.as_str()), ("transition", "satisfied")],
            &[],
        ),
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
async fn sign_up_verify_and_reset_in_the_browser() {
    let w = World::new();
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
    let w = World::new();
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
    assert_eq!(routed.agency_id.as_deref(), Some(AUDIT_OFFICE));
    assert_eq!(
        routed.routing_rule.as_deref(),
        Some("conflicts-of-interest-to-audit")
    );
    let (auditor, _) = browser(&w, "auditor@audit.example.org");
    let page = |uri: String| {
        test::TestRequest::get()
            .uri(&uri)
            .cookie(actix_web::cookie::Cookie::new(
                "veedor_session",
                auditor.clone(),
            ))
            .to_request()
    };
    let html = body!(app, page("/work".into()));
    // The body's inbox, by the body's name, and the item in it.
    assert!(
        html.contains("Agency inbox: Supreme Audit Office") && html.contains(&item.id),
        "{html}"
    );
    // Someone with several lists can look at one: here their own feedback, without the item.
    assert!(html.contains("name=\"only\""), "a list filter: {html}");
    let own = body!(app, page("/work?only=0".into()));
    assert!(!own.contains(&item.id), "{own}");
    let html = body!(app, page(format!("/feedback/{}", item.id)));
    assert!(html.contains("Answer publicly"), "{html}");
}

#[actix_web::test]
async fn public_pages_are_kept_until_what_they_show_changes() {
    let w = World::new();
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
    assert!(spanish.contains("<html lang=\"es\""));
    assert_eq!(cache.renders(), 2, "each language is its own page");

    // Another process's page, kept too.
    let other = || {
        test::TestRequest::get()
            .uri(&format!("/processes/{OTHER_OCID}"))
            .insert_header(("accept-language", "en"))
            .to_request()
    };
    let (status, _, _) = read(test::call_service(&app, other()).await).await;
    assert_eq!((status, cache.renders()), (200, 3));

    // New feedback on the process: the page shows it at once, and the old ETag is stale.
    let id = routed_item(&w, &engine, Utc::now().naive_utc());
    // Many readers at once find the page stale: one renders it, the others wait for it.
    let stale: Vec<_> = (0..8)
        .map(|_| test::call_service(&app, get("en", Some(&etag))))
        .collect();
    for resp in futures_util::future::join_all(stale).await {
        let (status, _, body) = read(resp).await;
        assert_eq!(status, 200);
        assert!(
            body.contains(&format!("/feedback/{id}")),
            "the new item is listed"
        );
    }
    assert_eq!(cache.renders(), 4, "one rendering for eight readers");
    // What the feedback did not touch stays kept: the other process's page.
    let (status, _, _) = read(test::call_service(&app, other()).await).await;
    assert_eq!((status, cache.renders()), (200, 4));

    // A new release of the process, imported by another program on the same database.
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("update.json");
    let mut update: Value = serde_json::from_str(
        &common::world::release(OCID, "80000001", "Ñemby")
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

    // What else a public page shows moves its topic on: agencies and people's names.
    use veedor::publish::topic;
    let version = |w: &World, t: String| veedor::publish::version(&mut w.db.conn(), &[t]).unwrap();
    let (agency, other_agency) = (topic::agency(AGENCY_A), topic::agency(AGENCY_B));
    let before = (
        version(&w, agency.clone()),
        version(&w, other_agency.clone()),
    );
    veedor::agencies::set_contact_email(
        &mut w.db.conn(),
        AGENCY_A,
        Some("quejas@nemby.example.org"),
    )
    .unwrap();
    assert!(version(&w, agency.clone()) > before.0, "an agency changed");
    assert_eq!(version(&w, other_agency), before.1, "not the other one");
    let before = version(&w, topic::SITE.into());
    let change = accounts::ProfileChange {
        name: "Ana María".into(),
        language: "es".into(),
    };
    accounts::update_profile(&mut w.db.conn(), &w.citizen, &change).unwrap();
    assert!(version(&w, topic::SITE.into()) > before, "a name changed");

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

#[actix_web::test]
async fn about_how_privacy_and_open_data_pages_in_every_language() {
    let w = World::new();
    let state = common::app_state(&w.db);
    let app = app!(state);
    for lang in ["en", "es", "uk"] {
        for (path, says) in [
            (
                "/about",
                [
                    "Complaint: published once a moderator accepts it",
                    "Reclamo: se publica cuando un moderador lo acepta",
                    "Скарга: оприлюднюється, щойно модератор прийме",
                ],
            ),
            (
                "/how-it-works",
                ["10 working days", "10 días hábiles", "10 робочих днів"],
            ),
            ("/privacy", ["argon2id", "argon2id", "argon2id"]),
            (
                "/open-data",
                ["feedback.jsonl", "feedback.jsonl", "feedback.jsonl"],
            ),
        ] {
            let resp = test::call_service(
                &app,
                test::TestRequest::get()
                    .uri(&format!("{path}?lang={lang}"))
                    .to_request(),
            )
            .await;
            assert_eq!(resp.status().as_u16(), 200, "{path} {lang}");
            let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
            let expected = match lang {
                "en" => says[0],
                "es" => says[1],
                _ => says[2],
            };
            assert!(html.contains(expected), "{path} {lang}: {expected}\n{html}");
            // No text is missing from a catalogue (a missing one shows as its id).
            for prefix in [
                "about.",
                "how.",
                "privacy.",
                "open_data.",
                "footer.",
                "role.",
            ] {
                let raw_id = html.match_indices(prefix).any(|(at, _)| {
                    html[at + prefix.len()..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_lowercase())
                });
                assert!(!raw_id, "{path} {lang}: a {prefix}… id shown raw");
            }
        }
    }
    // Every page links to them, and to the answers feed.
    let html = body!(app, test::TestRequest::get().uri("/").to_request());
    for link in [
        "href=\"&#x2f;about\"",
        "href=\"&#x2f;how-it-works\"",
        "href=\"&#x2f;privacy\"",
        "href=\"&#x2f;open-data\"",
        "application/atom+xml",
    ] {
        assert!(html.contains(link), "{link}");
    }
}
