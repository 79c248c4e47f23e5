//! Browser sessions over HTTP: an HttpOnly, SameSite cookie, and a CSRF token on every form.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use actix_web::{test, web, App};
use common::{app_state, TestDb};
use veedor::api;

fn cookie_of(resp: &actix_web::dev::ServiceResponse, name: &str) -> Option<String> {
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
    let app = test::init_service(
        App::new()
            .app_data(web::Data::new(app_state(&db)))
            .configure(api::routes),
    )
    .await;

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
    assert!(html.contains("<label for=\"email\">") && !html.contains("<script>"));

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
        (303, Some("/signin".into()))
    );
    let resp = test::call_service(&app, account("made-up".into())).await;
    assert_eq!(resp.status().as_u16(), 303);
}
