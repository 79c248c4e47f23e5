//! Browser sessions over HTTP: an HttpOnly, SameSite cookie, and a CSRF token on every form.

use crate::common;

use actix_web::test;
use common::{app_state, TestDb};

fn cookie_of<B>(resp: &actix_web::dev::ServiceResponse<B>, name: &str) -> Option<String> {
    resp.headers()
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with(&format!("{name}=")))
}

fn value(set_cookie: &str) -> String {
    set_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned()
}

fn hidden_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").unwrap() + "name=\"csrf\" value=\"".len();
    html[at..].chars().take_while(|c| *c != '"').collect()
}

#[actix_web::test]
async fn sign_in_with_cookie_session_and_csrf_on_every_form() {
    let db = TestDb::new();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "ana@example.org",
        "a long passphrase",
        "<b>Ana</b>",
        veedor::accounts::Role::Citizen,
        "",
    )
    .unwrap();
    let app = test::init_service(veedor::server::app(app_state(&db))).await;

    let resp = test::call_service(&app, test::TestRequest::get().uri("/signin").to_request()).await;
    assert_eq!(resp.status().as_u16(), 200);
    let form_cookie = cookie_of(&resp, "veedor_form").expect("form cookie");
    assert!(
        form_cookie.contains("HttpOnly") && form_cookie.contains("SameSite=Strict"),
        "{form_cookie}"
    );
    assert!(resp.headers().get("content-security-policy").is_some());
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    let csrf = hidden_csrf(&html);
    assert_eq!(csrf, value(&form_cookie));
    assert!(html.contains("for=\"email\"") && !html.contains("<script>"));

    let post = |form: Vec<(&str, &str)>, cookie: Option<(&str, String)>| {
        let mut req = test::TestRequest::post().uri("/signin").set_form(
            form.into_iter()
                .collect::<std::collections::HashMap<_, _>>(),
        );
        if let Some((name, value)) = cookie {
            req = req.cookie(actix_web::cookie::Cookie::new(name, value));
        }
        req.to_request()
    };
    // No form cookie, or a token that does not match it: refused, whatever the password.
    let resp = test::call_service(
        &app,
        post(
            vec![
                ("email", "ana@example.org"),
                ("password", "a long passphrase"),
                ("csrf", &csrf),
            ],
            None,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 403);
    let resp = test::call_service(
        &app,
        post(
            vec![
                ("email", "ana@example.org"),
                ("password", "a long passphrase"),
                ("csrf", "forged"),
            ],
            Some(("veedor_form", csrf.clone())),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 403);
    // Wrong password: the form again, with the error and the address kept (escaped).
    let resp = test::call_service(
        &app,
        post(
            vec![
                ("email", "ana@example.org\"><x"),
                ("password", "wrong password"),
                ("csrf", &csrf),
            ],
            Some(("veedor_form", csrf.clone())),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 401);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("role=\"alert\"") && html.contains("&quot;&gt;&lt;x"),
        "{html}"
    );

    let resp = test::call_service(
        &app,
        post(
            vec![
                ("email", "ana@example.org"),
                ("password", "a long passphrase"),
                ("csrf", &csrf),
            ],
            Some(("veedor_form", csrf.clone())),
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(resp.headers().get("location").unwrap(), "/account");
    let session = cookie_of(&resp, "veedor_session").expect("session cookie");
    assert!(
        session.contains("HttpOnly")
            && session.contains("SameSite=Lax")
            && session.contains("Path=/"),
        "{session}"
    );
    let session = value(&session);

    let account = |cookie: String| {
        test::TestRequest::get()
            .uri("/account")
            .cookie(actix_web::cookie::Cookie::new("veedor_session", cookie))
            .to_request()
    };
    let resp = test::call_service(&app, account(session.clone())).await;
    assert_eq!(resp.status().as_u16(), 200);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("&lt;b&gt;Ana") && !html.contains("<b>Ana</b>"),
        "user text is escaped"
    );
    let session_csrf = hidden_csrf(&html);

    let signout = |csrf: &str, cookie: String| {
        test::TestRequest::post()
            .uri("/signout")
            .set_form([("csrf", csrf)])
            .cookie(actix_web::cookie::Cookie::new("veedor_session", cookie))
            .to_request()
    };
    let resp = test::call_service(&app, signout("forged", session.clone())).await;
    assert_eq!(
        resp.status().as_u16(),
        403,
        "sign-out needs the session's CSRF token"
    );
    let resp = test::call_service(&app, signout(&session_csrf, session.clone())).await;
    assert_eq!(resp.status().as_u16(), 303);
    let resp = test::call_service(&app, account(session)).await;
    assert_eq!(
        (
            resp.status().as_u16(),
            resp.headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_owned())
        ),
        (303, Some("/signin?next=%2Faccount".into()))
    );
    let resp = test::call_service(&app, account("made-up".into())).await;
    assert_eq!(resp.status().as_u16(), 303);
}

/// Signs in through the form; returns where it led, the session cookie and the language cookie.
async fn sign_in<S, B>(
    app: &S,
    email: &str,
    password: &str,
    next: &str,
) -> (String, String, Option<String>)
where
    S: actix_web::dev::Service<
        actix_http::Request,
        Response = actix_web::dev::ServiceResponse<B>,
        Error = actix_web::Error,
    >,
    B: actix_web::body::MessageBody,
{
    let resp = test::call_service(
        app,
        test::TestRequest::get()
            .uri(&format!("/signin?next={next}"))
            .to_request(),
    )
    .await;
    let form_cookie = value(&cookie_of(&resp, "veedor_form").unwrap());
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    let csrf = hidden_csrf(&html);
    let at = html.find("name=\"next\" value=\"").unwrap() + "name=\"next\" value=\"".len();
    // As a browser would read the escaped attribute.
    let next_field = html[at..]
        .chars()
        .take_while(|c| *c != '"')
        .collect::<String>()
        .replace("&#x2f;", "/");
    let resp = test::call_service(
        app,
        test::TestRequest::post()
            .uri("/signin")
            .set_form([
                ("email", email),
                ("password", password),
                ("csrf", &csrf),
                ("next", &next_field),
            ])
            .cookie(actix_web::cookie::Cookie::new("veedor_form", form_cookie))
            .to_request(),
    )
    .await;
    let location = resp
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let lang = cookie_of(&resp, "veedor_lang").map(|c| value(&c));
    let session = cookie_of(&resp, "veedor_session")
        .map(|c| value(&c))
        .unwrap_or_default();
    assert_eq!(resp.status().as_u16(), 303, "signed in");
    (location, session, lang)
}

#[actix_web::test]
async fn account_settings_language_choice_and_password_change() {
    let db = TestDb::new();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "ben@example.org",
        "a long passphrase",
        "Ben",
        veedor::accounts::Role::Citizen,
        "",
    )
    .unwrap();
    let app = test::init_service(veedor::server::app(app_state(&db))).await;

    // Signing in returns to where the person was, but never to another site.
    let (to, _, lang) = sign_in(&app, "ben@example.org", "a long passphrase", "%2Fwork").await;
    assert_eq!(to, "/work");
    assert_eq!(
        lang, None,
        "signing in leaves the page language to the browser"
    );
    for evil in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2F%5Cevil.example",
    ] {
        let (to, _, _) = sign_in(&app, "ben@example.org", "a long passphrase", evil).await;
        assert_eq!(to, "/account", "{evil}");
    }
    let (_, session, _) = sign_in(&app, "ben@example.org", "a long passphrase", "").await;
    let get_account = |session: &str| {
        test::TestRequest::get()
            .uri("/account")
            .cookie(actix_web::cookie::Cookie::new(
                "veedor_session",
                session.to_owned(),
            ))
            .to_request()
    };
    let resp = test::call_service(&app, get_account(&session)).await;
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(html.contains("for=\"language\"") && html.contains("Español"));
    let csrf = hidden_csrf(&html);
    let post = |uri: &str, form: Vec<(&str, &str)>, session: &str| {
        test::TestRequest::post()
            .uri(uri)
            .set_form(
                form.into_iter()
                    .collect::<std::collections::HashMap<_, _>>(),
            )
            .cookie(actix_web::cookie::Cookie::new(
                "veedor_session",
                session.to_owned(),
            ))
            .to_request()
    };
    let name_of = |db: &TestDb| {
        veedor::accounts::me(
            &mut db.conn(),
            &veedor::accounts::find_user_id(&mut db.conn(), "ben@example.org").unwrap(),
        )
        .unwrap()
    };

    // A forged token changes nothing; a bad value is named and changes nothing.
    let resp = test::call_service(
        &app,
        post(
            "/account",
            vec![("csrf", "forged"), ("name", "Mallory"), ("language", "es")],
            &session,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 403);
    let resp = test::call_service(
        &app,
        post(
            "/account",
            vec![("csrf", &csrf), ("name", "Benito"), ("language", "xx")],
            &session,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("href=\"#language\""),
        "the error links to its field"
    );
    assert!(
        html.contains("Choose one of the languages offered."),
        "in the page's words"
    );
    let me = name_of(&db);
    assert_eq!((me.name.as_str(), me.language.as_str()), ("Ben", "en"));

    // Saved: the language is stored and kept by the browser; the page then speaks it.
    let resp = test::call_service(
        &app,
        post(
            "/account",
            vec![("csrf", &csrf), ("name", "Benito"), ("language", "es")],
            &session,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 303);
    assert_eq!(resp.headers().get("location").unwrap(), "/account?saved=1");
    assert_eq!(
        cookie_of(&resp, "veedor_lang")
            .map(|c| value(&c))
            .as_deref(),
        Some("es")
    );
    let me = name_of(&db);
    assert_eq!((me.name.as_str(), me.language.as_str()), ("Benito", "es"));
    let resp = test::call_service(
        &app,
        test::TestRequest::get()
            .uri("/account?saved=1")
            .cookie(actix_web::cookie::Cookie::new(
                "veedor_session",
                session.clone(),
            ))
            .cookie(actix_web::cookie::Cookie::new("veedor_lang", "es"))
            .to_request(),
    )
    .await;
    let html = String::from_utf8(test::read_body(resp).await.to_vec()).unwrap();
    assert!(
        html.contains("<html lang=\"es\"") && html.contains("Se guardaron sus preferencias"),
        "{html}"
    );

    // The language links remember the choice for later pages, signed in or not.
    let resp =
        test::call_service(&app, test::TestRequest::get().uri("/?lang=es").to_request()).await;
    assert_eq!(
        cookie_of(&resp, "veedor_lang")
            .map(|c| value(&c))
            .as_deref(),
        Some("es")
    );
    let resp =
        test::call_service(&app, test::TestRequest::get().uri("/?lang=fr").to_request()).await;
    assert!(
        cookie_of(&resp, "veedor_lang").is_none(),
        "an unknown language is not kept"
    );

    // The password: the current one is required; a change signs every session out.
    let resp = test::call_service(
        &app,
        post(
            "/account/password",
            vec![
                ("csrf", &csrf),
                ("current_password", "a wrong guess"),
                ("password", "another long passphrase"),
            ],
            &session,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 400);
    let resp = test::call_service(
        &app,
        post(
            "/account/password",
            vec![
                ("csrf", &csrf),
                ("current_password", "a long passphrase"),
                ("password", "another long passphrase"),
            ],
            &session,
        ),
    )
    .await;
    assert_eq!(resp.status().as_u16(), 200);
    let resp = test::call_service(&app, get_account(&session)).await;
    assert_eq!(resp.status().as_u16(), 303, "the old session has ended");
    let (to, _, lang) = sign_in(&app, "ben@example.org", "another long passphrase", "").await;
    assert_eq!(to, "/account");
    assert_eq!(lang, None);
}
