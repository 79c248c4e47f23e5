//! The attacks of the security probe, each replayed and each now failing: anonymity through
//! file metadata, memory exhaustion through bodies, private exchanges published, throttles
//! dodged through other entry points, old reset links, lock-outs, stranded items, conflicts of
//! interest, reveals across organizations, spreadsheet formulas, broken invitations, and the
//! smaller findings. Runs on whichever database the suite runs on.

use crate::common;

use actix_web::test;
use chrono::Utc;
use common::documents::{self, names_anyone, readable};
use common::{bearer, token, user, PASSWORD};
use diesel::prelude::*;
use serde_json::{json, Value};
use veedor::accounts::{self, Role};
use veedor::feedback::Submission;
use veedor::workflow::engine::{Actor, Request};

use common::world::{World, AGENCY_A as BUYER, AGENCY_B as OTHER, OCID, OTHER_OCID};

fn world() -> World {
    World::new()
}

fn complaint() -> Value {
    json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "El precio unitario triplica el de mercado.", "answers": {}, "anonymous": true
    })
}

fn submission() -> Submission {
    serde_json::from_value(complaint()).unwrap()
}

macro_rules! app {
    ($state:expr) => {
        test::init_service(veedor::server::app($state.clone())).await
    };
}

macro_rules! call {
    ($app:expr, $req:expr) => {{
        let resp = test::call_service(&$app, $req.to_request()).await;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let bytes = test::read_body(resp).await;
        (status, headers, bytes)
    }};
}

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "sec-boundary";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        let disposition = match file {
            Some(f) => format!("form-data; name=\"{name}\"; filename=\"{f}\""),
            None => format!("form-data; name=\"{name}\""),
        };
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The citizen's multipart filing on the process.
fn filing(token: &str, content_type: String, form: Vec<u8>) -> test::TestRequest {
    test::TestRequest::post()
        .uri(&feedback_url(OCID))
        .insert_header(bearer(token))
        .insert_header(("content-type", content_type))
        .set_payload(form)
}

fn feedback_url(ocid: &str) -> String {
    format!("/api/v1/processes/{}/feedback", ocid.replace('/', "%2F"))
}

/// Routes a fresh complaint by the citizen to the buyer (accepted by the cso-1 moderator).
fn routed_item(w: &World, engine: &veedor::workflow::Engine) -> String {
    let mut conn = w.db.conn();
    let now = Utc::now().naive_utc();
    let item = engine
        .submit(
            &mut conn,
            &user(&w.db, &w.citizen),
            OCID,
            &submission(),
            &[],
            now,
        )
        .unwrap();
    let accept = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&user(&w.db, &w.moderator)),
            &accept,
            &[],
            now,
        )
        .unwrap();
    item.id
}

// 1. Anonymity through metadata -------------------------------------------------------------

#[actix_web::test]
async fn files_leave_without_who_made_them_and_types_are_real() {
    let w = world();
    let state = common::app_state(&w.db);
    let files = state.engine.files.clone();
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "denuncia.docx",
            documents::docx(true),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "otra.docx",
            documents::docx(false),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("factura.pdf", documents::pdf(), "application/pdf"),
        ("foto.png", documents::png(), "image/png"),
        ("foto.webp", documents::webp(), "image/webp"),
    ];
    for (name, bytes, content_type) in cases {
        assert!(
            names_anyone(&readable(&bytes)).is_some(),
            "the fixture {name} names its author"
        );
        let body = serde_json::to_vec(&complaint()).unwrap();
        let (ct, form) = multipart(&[
            ("feedback", None, &body),
            ("attachments", Some(name), &bytes),
        ]);
        let (status, _, out) = call!(app, filing(&citizen, ct, form));
        assert_eq!(status, 201, "{name}: {}", String::from_utf8_lossy(&out));
        let item: Value = serde_json::from_slice(&out).unwrap();
        let id = item["id"].as_str().unwrap();
        let mut conn = w.db.conn();
        let stored = veedor::feedback::attachments::of_item(&mut conn, id).unwrap();
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0].content_type, content_type, "{name}");
        let kept = veedor::feedback::attachments::read(files.as_ref(), &stored[0]).unwrap();
        assert_eq!(
            names_anyone(&readable(&kept)),
            None,
            "{name} still names someone"
        );
        // Still the same kind of file, readable as such.
        match content_type {
            "application/pdf" => {
                let doc = lopdf::Document::load_mem(&kept).expect("a PDF still");
                assert_eq!(doc.get_pages().len(), 1);
            }
            "image/png" => assert!(kept.starts_with(b"\x89PNG") && kept.len() > 40),
            "image/webp" => {
                assert!(&kept[8..12] == b"WEBP");
                // The header no longer announces ICC, EXIF or XMP.
                assert_eq!(kept[20] & 0x2C, 0, "VP8X flags cleared");
            }
            _ => {
                let text = String::from_utf8_lossy(&readable(&kept)).into_owned();
                assert!(text.contains("triplica"), "the document's text is kept");
            }
        }
    }
    // Type detection is real: a zip with a `word/` entry is not a Word document, an old OLE2
    // file is refused with what to do instead.
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    for (name, bytes, says) in [
        (
            "evil.docx",
            documents::fake_docx(),
            "not an accepted document",
        ),
        ("viejo.doc", ole.to_vec(), "save it as PDF or DOCX"),
    ] {
        let body = serde_json::to_vec(&complaint()).unwrap();
        let (ct, form) = multipart(&[
            ("feedback", None, &body),
            ("attachments", Some(name), &bytes),
        ]);
        let (status, _, out) = call!(app, filing(&citizen, ct, form));
        assert_eq!(status, 400, "{name}");
        assert!(String::from_utf8_lossy(&out).contains(says), "{name}");
    }
}

// 2. Bounded bodies ----------------------------------------------------------------------------

#[actix_web::test]
async fn bodies_are_bounded_before_they_are_buffered() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let body = serde_json::to_vec(&complaint()).unwrap();
    // A declared length over the total: refused before a byte is read.
    let (ct, form) = multipart(&[("feedback", None, &body)]);
    let (status, _, _) = call!(
        app,
        filing(&citizen, ct, form).insert_header(("content-length", (200u64 << 20).to_string()))
    );
    assert_eq!(status, 413);
    // Parts this form does not have, or too many of them.
    let (ct, form) = multipart(&[("feedback", None, &body), ("padding", None, b"x")]);
    let (status, _, out) = call!(app, filing(&citizen, ct, form));
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&out));
    let many: Vec<(&str, Option<&str>, &[u8])> = (0..80)
        .map(|_| ("feedback", None, body.as_slice()))
        .collect();
    let (ct, form) = multipart(&many);
    let (status, _, _) = call!(app, filing(&citizen, ct, form));
    assert_eq!(status, 413);
    // Found by fuzzing: a one-byte boundary and a one-byte line made the multipart parser
    // panic. Now it is a plain refusal, and the server answers the next request.
    for body in [&b"\n"[..], b"--b\r\n\r\n", b"-\n--\r\n"] {
        let (status, _, _) = call!(
            app,
            test::TestRequest::post()
                .uri(&feedback_url(OCID))
                .insert_header(bearer(&citizen))
                .insert_header(("content-type", "multipart/form-data; boundary=b"))
                .set_payload(body.to_vec())
        );
        assert!((400..500).contains(&status), "{status}");
    }
    // The page form: a wrong CSRF token, sent first, stops the reading (403), and a big text
    // part is refused with the form back (413), nothing filed.
    let (cookie, csrf) = w.browser("ana@example.org");
    let give = format!("/processes/{OCID}/give");
    let big = vec![b'a'; 70 * 1024];
    let (ct, form) = multipart(&[("csrf", None, b"forged"), ("description", None, &big)]);
    let (status, _, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&give)
            .cookie(cookie.clone())
            .insert_header(("content-type", ct))
            .set_payload(form)
    );
    assert_eq!(status, 403);
    let (ct, form) = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("category", None, b"inflated_price"),
        ("description", None, &big),
    ]);
    let (status, _, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&give)
            .cookie(cookie)
            .insert_header(("content-type", ct))
            .set_payload(form)
    );
    assert_eq!(status, 413);
    let mut conn = w.db.conn();
    let filed: i64 = veedor::db::schema::feedback_items::table
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(filed, 0, "nothing was filed");
}

// 3. Private exchanges -------------------------------------------------------------------------

#[actix_web::test]
async fn private_comments_reach_neither_the_public_nor_the_agency() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let mut conn = w.db.conn();
    let now = Utc::now().naive_utc();
    let citizen = user(&w.db, &w.citizen);
    let moderator = user(&w.db, &w.moderator);
    let item = engine
        .submit(&mut conn, &citizen, OCID, &submission(), &[], now)
        .unwrap();
    let with = |transition: &str, comment: &str| Request {
        transition: transition.into(),
        comment: Some(comment.into()),
        ..Request::default()
    };
    let phone = "+595 981 123456";
    let officer_view = user(&w.db, &w.officer);
    let accept = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    for (who, request) in [
        (&moderator, with("ask_complainant", "¿Tiene la factura?")),
        (&citizen, with("provide_information", phone)),
        (&moderator, accept),
        (&officer_view, with("ask_clarification", "¿Qué partida?")),
    ] {
        engine
            .transition(&mut conn, &item.id, Actor::Person(who), &request, &[], now)
            .unwrap();
    }
    // Not on the public page, nor in the public events, nor to the agency.
    let (_, _, page) = call!(
        app,
        test::TestRequest::get().uri(&format!("/feedback/{}", item.id))
    );
    let page = String::from_utf8_lossy(&page);
    assert!(
        !page.contains(phone) && !page.contains("¿Tiene la factura?"),
        "{page}"
    );
    assert!(
        !page.contains("¿Qué partida?"),
        "clarifications are among the parties"
    );
    let (_, _, events) = call!(
        app,
        test::TestRequest::get().uri(&format!("/api/v1/feedback/{}/events", item.id))
    );
    assert!(!String::from_utf8_lossy(&events).contains(phone));
    let officer = token(&state, &w.db, "officer@nemby.example.org");
    let (_, _, events) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/feedback/{}/events", item.id))
            .insert_header(bearer(&officer))
    );
    let events = String::from_utf8_lossy(&events);
    assert!(
        !events.contains(phone),
        "the agency does not read triage exchanges"
    );
    assert!(
        events.contains("¿Qué partida?"),
        "but reads its own clarification"
    );
    let mine = token(&state, &w.db, "ana@example.org");
    let (_, _, events) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/api/v1/feedback/{}/events", item.id))
            .insert_header(bearer(&mine))
    );
    assert!(
        String::from_utf8_lossy(&events).contains(phone),
        "the complainant reads it"
    );
    let agency_mail = common::mail_to(&w.db, "%nemby%");
    assert!(!agency_mail.is_empty());
    assert!(agency_mail.iter().all(|m| !m.contains(phone)));
    // The forms say who will read a comment before it is written.
    let (cookie, _) = w.browser("mod@example.org");
    let other = engine
        .submit(&mut conn, &citizen, OCID, &submission(), &[], now)
        .unwrap();
    let (_, _, work) = call!(
        app,
        test::TestRequest::get().uri("/work").cookie(cookie.clone())
    );
    let work = String::from_utf8_lossy(&work);
    assert!(work.contains(&other.id));
    let (_, _, item) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/feedback/{}", other.id))
            .cookie(cookie)
    );
    let item = String::from_utf8_lossy(&item);
    assert!(
        item.contains("only the complainant and the moderators read it"),
        "{item}"
    );
}

// 4. One throttle per person, every entry point -------------------------------------------------

#[actix_web::test]
async fn filing_limits_hold_across_the_api_the_page_and_open311() {
    let w = world();
    let mut state = common::app_state(&w.db);
    let mut settings = (*state.settings).clone();
    settings.throttle.feedback_per_account = 2;
    settings.throttle.transitions_per_account = 1;
    state.settings = std::sync::Arc::new(settings);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    let (status, _, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .set_json(complaint())
    );
    assert_eq!(status, 201);
    let key = {
        let mut conn = w.db.conn();
        veedor::accounts::api_keys::create(&mut conn, &w.citizen, "app").unwrap()
    };
    let open311 = |key: &str| {
        test::TestRequest::post()
            .uri("/open311/v2/requests.json")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!(
                "api_key={key}&service_code=inflated_price&description=Caro&attribute[ocid]={OCID}&attribute[stage]=tender"
            ))
    };
    let (status, _, out) = call!(app, open311(&key));
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&out));
    // The third filing, by whichever door, is refused.
    let (status, headers, _) = call!(app, open311(&key));
    assert_eq!(status, 429);
    assert!(headers.contains_key("retry-after"));
    let (cookie, csrf) = w.browser("ana@example.org");
    let (ct, form) = multipart(&[
        ("csrf", None, csrf.as_bytes()),
        ("category", None, b"inflated_price"),
        ("kind", None, b"complaint"),
        ("stage", None, b"tender"),
        ("description", None, b"Otra vez caro."),
    ]);
    let (status, headers, page) = call!(
        app,
        test::TestRequest::post()
            .uri(&format!("/processes/{OCID}/give"))
            .cookie(cookie)
            .insert_header(("content-type", ct))
            .insert_header(("accept-language", "es"))
            .set_payload(form)
    );
    assert_eq!(status, 429);
    // A page, in the reader's language, saying how long to wait.
    assert!(headers.contains_key("retry-after"));
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("Demasiados intentos") && page.contains("Puede volver a intentarlo en"),
        "{page}"
    );
    // Web actions count too.
    let (cookie, csrf) = w.browser("mod@example.org");
    let items: Vec<String> = {
        let mut conn = w.db.conn();
        veedor::db::schema::feedback_items::table
            .select(veedor::db::schema::feedback_items::id)
            .load(&mut conn)
            .unwrap()
    };
    let mut statuses = Vec::new();
    for id in items.iter().take(2) {
        let (ct, form) = multipart(&[
            ("csrf", None, csrf.as_bytes()),
            ("transition", None, b"accept"),
        ]);
        let (status, _, _) = call!(
            app,
            test::TestRequest::post()
                .uri(&format!("/feedback/{id}/act"))
                .cookie(cookie.clone())
                .insert_header(("content-type", ct))
                .set_payload(form)
        );
        statuses.push(status);
    }
    assert_eq!(statuses, [303, 429]);
}

// 5 and the low findings on tokens -------------------------------------------------------------

#[actix_web::test]
async fn reset_links_and_sessions_end_together_and_old_refresh_tokens_do_not_sign_out() {
    let w = world();
    let state = common::app_state(&w.db);
    let mut conn = w.db.conn();
    let reset_tokens = |conn: &mut veedor::db::DbConnection| {
        use veedor::db::schema::one_time_tokens as t;
        t::table
            .filter(t::purpose.eq("reset"))
            .filter(t::used_at.is_null())
            .count()
            .get_result::<i64>(conn)
            .unwrap()
    };
    accounts::request_password_reset(&mut conn, &state.accounts, "ana@example.org").unwrap();
    accounts::request_password_reset(&mut conn, &state.accounts, "ana@example.org").unwrap();
    assert_eq!(reset_tokens(&mut conn), 2);
    accounts::change_password(
        &mut conn,
        &w.citizen,
        PASSWORD,
        "another long passphrase 42",
    )
    .unwrap();
    assert_eq!(
        reset_tokens(&mut conn),
        0,
        "a password change ends every reset link"
    );

    // Signing one client out, then replaying its refresh token, leaves the others signed in.
    let a = accounts::login(&mut conn, &state.accounts, "mod@example.org", PASSWORD).unwrap();
    let b = accounts::login(&mut conn, &state.accounts, "mod@example.org", PASSWORD).unwrap();
    accounts::logout(&mut conn, &a.refresh_token).unwrap();
    assert!(accounts::refresh(&mut conn, &state.accounts, &a.refresh_token).is_err());
    assert!(
        accounts::refresh(&mut conn, &state.accounts, &b.refresh_token).is_ok(),
        "the other client stays signed in"
    );
    // A rotated token replayed is theft: everything ends.
    let c = accounts::login(&mut conn, &state.accounts, "mod@example.org", PASSWORD).unwrap();
    let d = accounts::refresh(&mut conn, &state.accounts, &c.refresh_token).unwrap();
    assert!(accounts::refresh(&mut conn, &state.accounts, &c.refresh_token).is_err());
    assert!(accounts::refresh(&mut conn, &state.accounts, &d.refresh_token).is_err());
}

// 6. Lock-outs ------------------------------------------------------------------------------

#[actix_web::test]
async fn guesses_by_others_do_not_lock_the_holder_out_of_a_known_browser() {
    let w = world();
    let mut state = common::app_state(&w.db);
    let mut settings = (*state.settings).clone();
    settings.server.trusted_proxies = vec!["10.0.0.1".into()];
    state.settings = std::sync::Arc::new(settings);
    let app = app!(state);
    let signin_form = |email: &str, password: &str| {
        let csrf = "form-token-123";
        test::TestRequest::post()
            .uri("/signin")
            .cookie(actix_web::cookie::Cookie::new("veedor_form", csrf))
            .set_form([("email", email), ("password", password), ("csrf", csrf)])
    };
    // The holder signs in once from their browser: it becomes known.
    let (status, headers, _) = call!(
        app,
        signin_form("ana@example.org", PASSWORD).peer_addr("192.0.2.10:5000".parse().unwrap())
    );
    assert_eq!(status, 303);
    let device = headers
        .get_all("set-cookie")
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("veedor_device="))
        .and_then(|c| c.split(';').next())
        .and_then(|c| c.strip_prefix("veedor_device="))
        .expect("a device cookie")
        .to_owned();
    // An attacker behind the trusted proxy guesses from many addresses.
    for n in 0..12 {
        let (status, _, _) = call!(
            app,
            signin_form("ana@example.org", "wrong guess")
                .peer_addr("10.0.0.1:443".parse().unwrap())
                .insert_header(("x-forwarded-for", format!("198.51.100.{n}")))
        );
        assert!(status == 401 || status == 429, "{status}");
    }
    // A new browser is refused for now, even with the right password…
    let (status, _, _) = call!(
        app,
        signin_form("ana@example.org", PASSWORD).peer_addr("192.0.2.10:5000".parse().unwrap())
    );
    assert_eq!(status, 429);
    // …but the holder's own browser gets in.
    let (status, _, _) = call!(
        app,
        signin_form("ana@example.org", PASSWORD)
            .peer_addr("192.0.2.10:5000".parse().unwrap())
            .cookie(actix_web::cookie::Cookie::new("veedor_device", device))
    );
    assert_eq!(status, 303);
    // Behind no trusted proxy, X-Forwarded-For names nobody: the attacker's own address has
    // used up its failures whatever header it sends.
    for n in 0..31 {
        let _ = call!(
            app,
            signin_form(&format!("nobody{n}@example.org"), "wrong guess")
                .peer_addr("203.0.113.7:5000".parse().unwrap())
                .insert_header(("x-forwarded-for", format!("198.51.100.{n}")))
        );
    }
    let (status, _, _) = call!(
        app,
        signin_form("admin@example.org", "wrong guess")
            .peer_addr("203.0.113.7:5000".parse().unwrap())
            .insert_header(("x-forwarded-for", "192.0.2.99"))
    );
    assert_eq!(status, 429);
}

// 7. Merges ---------------------------------------------------------------------------------

#[actix_web::test]
async fn merging_agencies_moves_open_items_with_their_deadlines() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let id = routed_item(&w, &engine);
    let before = {
        let mut conn = w.db.conn();
        veedor::feedback::find(&mut conn, &id).unwrap().unwrap()
    };
    let admin = token(&state, &w.db, "admin@example.org");
    let (status, _, out) = call!(
        app,
        test::TestRequest::post()
            .uri(&format!("/api/v1/agencies/{BUYER}/merge"))
            .insert_header(bearer(&admin))
            .set_json(json!({"into": OTHER}))
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&out));
    let mut conn = w.db.conn();
    let after = veedor::feedback::find(&mut conn, &id).unwrap().unwrap();
    assert_eq!(after.agency_id.as_deref(), Some(OTHER));
    assert_eq!(after.due_at, before.due_at);
    // The officer moved along and can act.
    let officer = user(&w.db, &w.officer);
    let ack = Request {
        transition: "acknowledge".into(),
        ..Request::default()
    };
    engine
        .transition(
            &mut conn,
            &id,
            Actor::Person(&officer),
            &ack,
            &[],
            Utc::now().naive_utc(),
        )
        .unwrap();
}

// 8. Conflicts of interest --------------------------------------------------------------------

#[actix_web::test]
async fn nobody_handles_or_rates_their_own_case() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let mut conn = w.db.conn();
    let now = Utc::now().naive_utc();
    let officer = user(&w.db, &w.officer);
    let moderator = user(&w.db, &w.moderator);
    // A moderator cannot triage what they filed.
    let own = engine
        .submit(&mut conn, &moderator, OCID, &submission(), &[], now)
        .unwrap();
    let accept = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    assert!(engine
        .transition(
            &mut conn,
            &own.id,
            Actor::Person(&moderator),
            &accept,
            &[],
            now
        )
        .is_err());
    // An officer files (anonymously) about their own agency: they cannot answer it, nor rate
    // the answer a colleague gives.
    let item = engine
        .submit(&mut conn, &officer, OCID, &submission(), &[], now)
        .unwrap();
    let other_moderator = user(&w.db, &w.other_moderator);
    engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&other_moderator),
            &accept,
            &[],
            now,
        )
        .unwrap();
    let answer = Request {
        transition: "answer".into(),
        comment: Some("Todo en orden.".into()),
        ..Request::default()
    };
    assert!(engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&officer),
            &answer,
            &[],
            now
        )
        .is_err());
    let colleague_id = accounts::create_verified(
        &mut conn,
        "colega@nemby.example.org",
        PASSWORD,
        "Colega",
        Role::Officer,
        BUYER,
    )
    .unwrap();
    let colleague = user(&w.db, &colleague_id);
    engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&colleague),
            &answer,
            &[],
            now,
        )
        .unwrap();
    let satisfied = Request {
        transition: "satisfied".into(),
        ..Request::default()
    };
    let refused = engine.transition(
        &mut conn,
        &item.id,
        Actor::Person(&officer),
        &satisfied,
        &[],
        now,
    );
    assert!(
        matches!(&refused, Err(veedor::feedback::FeedbackError::Forbidden(m)) if m.contains("cannot rate")),
        "{refused:?}"
    );
    // The agency's scorecard counts only independent complainants.
    let card = veedor::publish::scorecard(&mut conn, Some(BUYER), &engine.workflow, now).unwrap();
    assert_eq!(card.received, 0, "{card:?}");
    routed_item(&w, &engine);
    let card = veedor::publish::scorecard(&mut conn, Some(BUYER), &engine.workflow, now).unwrap();
    assert_eq!(card.received, 1);
}

// 9. Reveals --------------------------------------------------------------------------------

#[actix_web::test]
async fn only_the_handling_organization_may_reveal_and_admins_read_the_log() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let app = app!(state);
    let id = routed_item(&w, &engine);
    let reveal = |t: &str| {
        test::TestRequest::post()
            .uri(&format!("/api/v1/feedback/{id}/identity"))
            .insert_header(bearer(t))
            .set_json(json!({"reason": "Amenazas recibidas: protección de la denunciante"}))
    };
    let other = token(&state, &w.db, "mod@otra.example.org");
    let (status, _, out) = call!(app, reveal(&other));
    assert_eq!(status, 403, "{}", String::from_utf8_lossy(&out));
    assert!(!String::from_utf8_lossy(&out).contains("ana@example.org"));
    let handling = token(&state, &w.db, "mod@example.org");
    let (status, _, out) = call!(app, reveal(&handling));
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&out).contains("ana@example.org"));
    let (status, _, _) = call!(
        app,
        test::TestRequest::get()
            .uri("/api/v1/identity-reveals")
            .insert_header(bearer(&handling))
    );
    assert_eq!(status, 403);
    let admin = token(&state, &w.db, "admin@example.org");
    let (status, _, out) = call!(
        app,
        test::TestRequest::get()
            .uri("/api/v1/identity-reveals")
            .insert_header(bearer(&admin))
    );
    assert_eq!(status, 200);
    let log: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(log["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(log["items"][0]["organization_id"], "cso-1");
    assert_eq!(log["items"][0]["revealed_to"], "mod@example.org");
    // And in the product, for admins only.
    let (cookie, _) = w.browser("admin@example.org");
    let (status, _, page) = call!(
        app,
        test::TestRequest::get().uri("/work/reveals").cookie(cookie)
    );
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("Amenazas recibidas") && page.contains("Observatorio"),
        "{page}"
    );
    let (cookie, _) = w.browser("mod@example.org");
    let (status, _, _) = call!(
        app,
        test::TestRequest::get().uri("/work/reveals").cookie(cookie)
    );
    assert_eq!(status, 403);
}

// 10. Spreadsheet formulas, and the anonymous flag --------------------------------------------

#[actix_web::test]
async fn csv_cells_never_run_as_formulas() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let citizen = token(&state, &w.db, "ana@example.org");
    // A question: public at once under the shipped policy, so the download has it.
    let mut body = complaint();
    body["kind"] = json!("question");
    body["category"] = json!("general");
    body["description"] = json!("=HYPERLINK(\"http://evil.example\",\"clic\")");
    let (status, _, _) = call!(
        app,
        test::TestRequest::post()
            .uri(&feedback_url(OCID))
            .insert_header(bearer(&citizen))
            .set_json(body)
    );
    assert_eq!(status, 201);
    let (_, _, csv) = call!(app, test::TestRequest::get().uri("/api/v1/feedback.csv"));
    let mut reader = csv::Reader::from_reader(&csv[..]);
    let headers = reader.headers().unwrap().clone();
    let at = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let row = reader.records().next().unwrap().unwrap();
    assert!(row[at("description")].starts_with("'=HYPERLINK"), "{row:?}");
    assert_eq!(&row[at("anonymous")], "true");
    for (cell, safe) in [
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("fine", "fine"),
    ] {
        assert_eq!(veedor::publish::spreadsheet_safe(cell.into()), safe);
    }
    // Nobody may pass for an anonymous complainant.
    assert!(accounts::looks_like_pseudonym("Citizen 1A2B3C"));
    assert!(accounts::looks_like_pseudonym("ciudadano/a 00ff00"));
    assert!(!accounts::looks_like_pseudonym("Citizen Kane"));
}

// 12. Invitations in a browser -----------------------------------------------------------------

#[actix_web::test]
async fn officer_invitations_work_in_a_browser() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    let mut conn = w.db.conn();
    veedor::agencies::invite_officer(&mut conn, &state.accounts, OTHER, "ana@example.org").unwrap();
    let body = common::mail_to(&w.db, "ana@example.org").pop().unwrap();
    let link = common::link_token(&body).expect("a link with a token");
    let url = format!("/invitations/accept?token={link}");
    let (status, headers, _) = call!(app, test::TestRequest::get().uri(&url));
    assert_eq!(status, 303, "signed out: sign in first");
    let location = headers.get("location").unwrap().to_str().unwrap();
    assert!(
        location.starts_with("/signin?next=%2Finvitations%2Faccept"),
        "{location}"
    );
    let (cookie, csrf) = w.browser("ana@example.org");
    let (status, _, page) = call!(
        app,
        test::TestRequest::get().uri(&url).cookie(cookie.clone())
    );
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&page).contains("Accept the invitation"));
    let (status, _, page) = call!(
        app,
        test::TestRequest::post()
            .uri("/invitations/accept")
            .cookie(cookie)
            .set_form([("csrf", csrf.as_str()), ("token", link.as_str())])
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&page));
    let me = user(&w.db, &w.citizen);
    assert!(me.holds(Role::Officer, Some(OTHER)));
}

// The smaller findings ------------------------------------------------------------------------

#[actix_web::test]
async fn small_findings_stay_fixed() {
    let w = world();
    let state = common::app_state(&w.db);
    let app = app!(state);
    // A huge page is refused by name (never page 1 again, never an overflow).
    let (status, _, out) = call!(
        app,
        test::TestRequest::get().uri("/api/v1/feedback?page=9223372036854775807")
    );
    assert_eq!(status, 400, "{}", String::from_utf8_lossy(&out));
    assert!(String::from_utf8_lossy(&out).contains("page"));
    // A NUL in a search is no server error, on either database.
    for uri in [
        "/api/v1/processes?q=%00",
        "/search?q=puente%00",
        "/agencies?q=%00",
    ] {
        let (status, _, _) = call!(app, test::TestRequest::get().uri(uri));
        assert!(status < 500, "{uri}: {status}");
    }
    // `Authorization: BEARER` is the same scheme.
    let t = token(&state, &w.db, "ana@example.org");
    let (status, _, _) = call!(
        app,
        test::TestRequest::get()
            .uri("/api/v1/me")
            .insert_header(("Authorization", format!("BEARER {t}")))
    );
    assert_eq!(status, 200);
    // Revoked API keys file nothing.
    let mut conn = w.db.conn();
    let key = veedor::accounts::api_keys::create(&mut conn, &w.citizen, "app").unwrap();
    assert_eq!(
        veedor::accounts::api_keys::revoke(&mut conn, &w.citizen, "app").unwrap(),
        1
    );
    let (status, _, _) = call!(
        app,
        test::TestRequest::post()
            .uri("/open311/v2/requests.json")
            .insert_header(("content-type", "application/x-www-form-urlencoded"))
            .set_payload(format!(
                "api_key={key}&service_code=inflated_price&description=x&attribute[ocid]={OCID}"
            ))
    );
    assert_eq!(status, 403);
    // Non-ASCII file names come back in UTF-8.
    let citizen = token(&state, &w.db, "ana@example.org");
    let body = serde_json::to_vec(&complaint()).unwrap();
    let png = documents::png();
    let (ct, form) = multipart(&[
        ("feedback", None, &body),
        ("attachments", Some("año.png"), &png),
    ]);
    let (status, _, out) = call!(app, filing(&citizen, ct, form));
    assert_eq!(status, 201);
    let item: Value = serde_json::from_slice(&out).unwrap();
    let file = item["attachments"][0]["id"].as_str().unwrap().to_owned();
    let (status, headers, _) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!(
                "/api/v1/feedback/{}/attachments/{file}",
                item["id"].as_str().unwrap()
            ))
            .insert_header(bearer(&citizen))
    );
    assert_eq!(status, 200);
    let disposition = headers
        .get("content-disposition")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        disposition.contains("filename*=UTF-8''a%C3%B1o.png"),
        "{disposition}"
    );
    // Behind https, browsers are told to stay on it; on plain http nothing is promised.
    let (_, headers, _) = call!(app, test::TestRequest::get().uri("/"));
    assert!(!headers.contains_key("strict-transport-security"));
    let mut secure = common::app_state(&w.db);
    let mut settings = (*secure.settings).clone();
    settings.server.base_url = "https://veedor.example.org".into();
    secure.settings = std::sync::Arc::new(settings);
    let app = app!(secure);
    let (_, headers, _) = call!(app, test::TestRequest::get().uri("/"));
    assert_eq!(
        headers
            .get("strict-transport-security")
            .map(|v| v.to_str().unwrap()),
        Some("max-age=31536000")
    );
}

#[actix_web::test]
async fn open311_windows_and_status_apply_before_the_newest_thousand() {
    let w = world();
    let state = common::app_state(&w.db);
    let mut conn = w.db.conn();
    let citizen = user(&w.db, &w.citizen);
    let now = Utc::now().naive_utc();
    let old = state
        .engine
        .submit(
            &mut conn,
            &citizen,
            OCID,
            &submission(),
            &[],
            now - chrono::Duration::days(70),
        )
        .unwrap();
    // Filed and accepted (so public) 70 days ago; the open state is kept for the filter.
    let mut old = old;
    old.routed_at = Some(now - chrono::Duration::days(70));
    diesel::update(veedor::db::schema::feedback_items::table.find(&old.id))
        .set(veedor::db::schema::feedback_items::routed_at.eq(old.routed_at))
        .execute(&mut conn)
        .unwrap();
    // 1,000 newer items, written straight to the table.
    let mut rows = Vec::new();
    for n in 0..1000 {
        let mut item = old.clone();
        item.id = format!("newer-{n:04}");
        item.created_at = now - chrono::Duration::minutes(n);
        rows.push(item);
    }
    for item in &rows {
        diesel::insert_into(veedor::db::schema::feedback_items::table)
            .values(item)
            .execute(&mut conn)
            .unwrap();
    }
    let app = app!(state);
    let day = |d: i64| {
        (now - chrono::Duration::days(d))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let (status, _, out) = call!(
        app,
        test::TestRequest::get().uri(&format!(
            "/open311/v2/requests.json?start_date={}&end_date={}&status=open",
            day(100),
            day(60)
        ))
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&out));
    let found: Value = serde_json::from_slice(&out).unwrap();
    let ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["service_request_id"].as_str())
        .collect();
    assert_eq!(ids, [old.id.as_str()]);
}

// 14. Concurrent hits on one limit ----------------------------------------------------------

/// Requests that hit one limit at the same moment each count, and none fails: on PostgreSQL
/// two of them once both found no counter and the second insert failed (a 500 to the person).
#[core::prelude::v1::test]
fn concurrent_hits_on_one_limit_all_count() {
    let db = common::TestDb::new();
    let pool = db.pool();
    let limit = veedor::throttle::Limit {
        hits: 1000,
        window: chrono::Duration::minutes(10),
    };
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                (0..25)
                    .map(|_| veedor::throttle::hit(&mut conn, "race", limit).unwrap())
                    .filter(Result::is_ok)
                    .count()
            })
        })
        .collect();
    let counted: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
    assert_eq!(counted, 100);
    let hits: i32 = veedor::db::schema::rate_limits::table
        .find("race")
        .select(veedor::db::schema::rate_limits::hits)
        .first(&mut db.conn())
        .unwrap();
    assert_eq!(hits, 100, "no hit lost to a race");
}

// 10. Sources -------------------------------------------------------------------------------

/// The publishers followed, and how their syncs went, are for admins: the API and the page.
#[actix_web::test]
async fn only_admins_see_the_publishers_followed() {
    let w = world();
    let mut state = common::app_state(&w.db);
    let config = tempfile::tempdir().unwrap();
    std::fs::write(
        config.path().join("sources.toml"),
        "[[source]]\nid = \"national\"\nkind = \"bulk-file\"\nurl = \"https://publisher.example.org/all.jsonl.gz\"\nevery = \"6h\"\n",
    )
    .unwrap();
    let mut settings = (*state.settings).clone();
    settings.config_dir = config.path().to_owned();
    state.settings = std::sync::Arc::new(settings);
    {
        use veedor::sync::state;
        let mut conn = w.db.conn();
        let now = Utc::now().naive_utc();
        state::ensure(&mut conn, &["national"]).unwrap();
        state::take(&mut conn, "national", "me", now).unwrap();
        state::advance(&mut conn, "national", "me", &json!({"etag": "\"v7\""}), now).unwrap();
        let summary = state::RunSummary {
            outcome: "ok",
            pages: 1,
            new: 12,
            unchanged: 3,
            ..Default::default()
        };
        state::finish(&mut conn, "national", "me", &summary, now, now).unwrap();
    }
    let app = app!(state);
    let get = |t: Option<&str>| {
        let request = test::TestRequest::get().uri("/api/v1/sources");
        match t {
            Some(t) => request.insert_header(bearer(t)),
            None => request,
        }
    };
    let (status, _, _) = call!(app, get(None));
    assert_eq!(status, 401);
    let moderator = token(&state, &w.db, "mod@example.org");
    let (status, _, _) = call!(app, get(Some(&moderator)));
    assert_eq!(status, 403);
    let admin = token(&state, &w.db, "admin@example.org");
    let (status, _, out) = call!(app, get(Some(&admin)));
    assert_eq!(status, 200);
    let list: Value = serde_json::from_slice(&out).unwrap();
    let first = &list["items"][0];
    assert_eq!(
        (
            &first["id"],
            &first["kind"],
            &first["last_new"],
            &first["cursor"]["etag"]
        ),
        (
            &json!("national"),
            &json!("bulk-file"),
            &json!(12),
            &json!("\"v7\"")
        ),
        "{list}"
    );
    let (cookie, _) = w.browser("admin@example.org");
    let (status, _, page) = call!(
        app,
        test::TestRequest::get()
            .uri("/work/sources")
            .insert_header(("Accept-Language", "en"))
            .cookie(cookie)
    );
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("12 new releases") && page.contains("every 6 hours"),
        "{page}"
    );
    let (cookie, _) = w.browser("mod@example.org");
    let (status, _, _) = call!(
        app,
        test::TestRequest::get().uri("/work/sources").cookie(cookie)
    );
    assert_eq!(status, 403);
}

// 11. Process news --------------------------------------------------------------------------

/// A release published after a complaint reaches the item's public history, and its
/// complainant and the agency by mail, once (however many announcers run); processes nobody
/// gave feedback on make no news.
#[actix_web::test]
async fn new_releases_reach_the_item_history_and_its_people_once() {
    let w = world();
    let state = common::app_state(&w.db);
    let engine = state.engine.clone();
    let id = routed_item(&w, &engine);
    let before = common::mail_to(&w.db, "%").len();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("later.jsonl");
    let award = json!({"ocid": OCID, "id": "r2", "date": "2026-02-10T09:00:00Z", "tag": ["award"],
        "awards": [{"id": "a1", "status": "active", "value": {"amount": 240000, "currency": "PYG"}}]});
    let quiet = json!({"ocid": OTHER_OCID, "id": "r2", "date": "2026-02-10T09:00:00Z",
        "tag": ["tenderUpdate"], "tender": {"id": "t1", "title": "Puente peatonal (2)"}});
    std::fs::write(&file, format!("{award}\n{quiet}\n")).unwrap();
    let report = common::import(&w.db, &[common::path_input(&file)]);
    assert_eq!(report.new, 2, "{}", report.render());
    let mut conn = w.db.conn();
    let now = Utc::now().naive_utc();
    // Two announcers at once: the news goes out once.
    let (a, b) = std::thread::scope(|scope| {
        let one = scope.spawn(|| engine.announce_news(&mut w.db.conn(), now).unwrap());
        let two = scope.spawn(|| engine.announce_news(&mut w.db.conn(), now).unwrap());
        (one.join().unwrap(), two.join().unwrap())
    });
    assert_eq!(a + b, 2, "the complainant and the agency's officer");
    assert_eq!(engine.announce_news(&mut conn, now).unwrap(), 0);
    assert_eq!(common::mail_to(&w.db, "%").len(), before + 2);
    for who in ["ana@example.org", "officer@nemby.example.org"] {
        let mail = common::mail_to(&w.db, who);
        assert!(
            mail.last()
                .is_some_and(|m| m.contains("A new award was published") && m.contains(&id)),
            "{who}: {mail:?}"
        );
    }
    let app = app!(state);
    let (status, _, page) = call!(
        app,
        test::TestRequest::get()
            .uri(&format!("/feedback/{id}"))
            .insert_header(("Accept-Language", "es"))
    );
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("Se publicó una nueva adjudicación en este proceso"),
        "{page}"
    );
}
