//! Filing feedback: through the API (validation, anonymity, evidence, limits) and from the
//! process page without JavaScript.

use super::*;

#[actix_web::test]
async fn bad_input_gets_a_clear_error_naming_the_field_and_stores_nothing() {
    let w = World::new();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");

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
}

#[actix_web::test]
async fn an_anonymous_complaint_is_public_under_a_pseudonym_and_its_evidence_is_not() {
    let w = World::new();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let moderator = token(&state, &w.db, "mod@example.org");
    let other_officer = token(&state, &w.db, "officer@other.example.org");
    let url = feedback_url(OCID);

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

    // Under the shipped policy a complaint is public once a moderator accepts it.
    let (status, _) = call!(
        app,
        test::TestRequest::get().uri(&format!("/api/v1/feedback/{id}"))
    );
    assert_eq!(status, 404, "not public while in triage");
    let (status, body) = call!(
        app,
        test::TestRequest::post()
            .uri(&format!("/api/v1/feedback/{id}/transitions"))
            .insert_header(bearer(&moderator))
            .set_json(transition_json("accept", None))
    );
    assert_eq!(status, 200, "{body}");

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
}

#[actix_web::test]
async fn filing_is_rate_limited_per_account() {
    let w = World::new();
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
    let w = World::new();
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
async fn citizens_file_feedback_from_the_process_page_without_javascript() {
    let w = World::new();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let (me, csrf) = browser(&w, "ana@example.org");
    let cookie = actix_web::cookie::Cookie::new("veedor_session", me.clone());
    let give = format!("/processes/{}/give", OCID.replace('/', "%2F"));
    let html = body!(
        app,
        test::TestRequest::get()
            .uri(&give)
            .cookie(cookie.clone())
            .to_request()
    );
    assert!(html.contains("?category=inflated_price"), "{html}");
    let html = body!(
        app,
        test::TestRequest::get()
            .uri(&format!("{give}?category=inflated_price"))
            .cookie(cookie.clone())
            .to_request()
    );
    assert!(
        html.contains("enctype=\"multipart/form-data\"") && html.contains("name=\"anonymous\"")
    );
    assert!(
        html.contains("<label class=\"govuk-label\" for=\"f-description\">"),
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
        html.contains("name=\"anonymous\" type=\"checkbox\" value=\"yes\" checked"),
        "the anonymity choice survives the error: filing again must not publish the name"
    );
    // Files chosen with a form that comes back: the form says to choose them again (a
    // browser cannot be handed them back), rather than losing them silently.
    let resp = test::call_service(&app, form("", true)).await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("Files you chose before were not kept"),
        "{html}"
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
    // The item's page, with word that it was sent and what happens next.
    assert!(location.ends_with("?done=filed#next"), "{location}");
    let id = location
        .trim_start_matches("/feedback/")
        .split('?')
        .next()
        .unwrap();
    let item = veedor::feedback::find(&mut conn, id).unwrap().unwrap();
    assert!(item.anonymous && item.state == "triage");
    assert_eq!(
        veedor::feedback::attachments::of_item(&mut conn, id)
            .unwrap()
            .len(),
        1
    );
}
