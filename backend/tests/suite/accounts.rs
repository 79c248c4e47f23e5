//! Accounts end to end: sign-up, the verification mail over a real SMTP server on loopback,
//! sign-in, tokens, and what is refused; mail that survives SMTP downtime.

use crate::common;

use actix_web::test;
use chrono::Utc;
use common::{app_state, link_token, SmtpServer, TestDb, TEST_SECRET};
use serde_json::{json, Value};
use veedor::notify::transport::Transport;
use veedor::notify::worker::Worker;

macro_rules! app {
    ($db:expr) => {
        test::init_service(veedor::server::app(app_state(&$db))).await
    };
}

macro_rules! call {
    ($app:expr, $method:ident, $uri:expr, $body:expr, $token:expr) => {{
        let mut req = test::TestRequest::$method().uri($uri);
        if let Some(body) = $body {
            req = req.set_json(body);
        }
        if let Some(token) = $token {
            req = req.insert_header(("Authorization", format!("Bearer {token}")));
        }
        let resp = test::call_service(&$app, req.to_request()).await;
        let status = resp.status().as_u16();
        let retry = resp
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().to_owned());
        let body = test::read_body(resp).await;
        (
            status,
            serde_json::from_slice::<Value>(&body).unwrap_or(Value::Null),
            retry,
        )
    }};
}

fn worker(db: &TestDb, smtp: &str) -> Worker {
    let transport = Transport::from_settings(smtp, std::env::temp_dir()).unwrap();
    Worker::new(db.pool(), transport, "Veedor <no-reply@veedor.test>".into())
}

const NO_TOKEN: Option<&str> = None;

#[actix_web::test]
async fn signup_verify_signin_and_call_the_api() {
    let db = TestDb::new();
    let smtp = SmtpServer::start();
    let app = app!(db);
    let signup = json!({"email": "Ana@Example.org", "password": "a long passphrase", "name": "Ana", "language": "es"});
    let (status, body, _) = call!(app, post, "/api/v1/auth/signup", Some(&signup), NO_TOKEN);
    assert_eq!(status, 202, "{body}");

    // Not verified yet: sign-in is refused with its own code.
    let login = json!({"email": "ana@example.org", "password": "a long passphrase"});
    let (status, body, _) = call!(app, post, "/api/v1/auth/login", Some(&login), NO_TOKEN);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (403, Some("email_not_verified"))
    );

    // The worker sends the verification mail over SMTP; the test reads what arrived.
    worker(&db, &smtp.url()).drain().unwrap();
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("ana@example.org"));
    assert!(
        common::decoded(&messages[0]).contains("Confirme su"),
        "sent in the user's language"
    );
    let token = link_token(&messages[0]).expect("verification link");

    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/verify",
        Some(&json!({"token": token})),
        NO_TOKEN
    );
    assert_eq!(status, 200);
    let (status, body, _) = call!(
        app,
        post,
        "/api/v1/auth/verify",
        Some(&json!({"token": token})),
        NO_TOKEN
    );
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_token")),
        "single use"
    );

    let (status, pair, _) = call!(app, post, "/api/v1/auth/login", Some(&login), NO_TOKEN);
    assert_eq!(status, 200, "{pair}");
    assert_eq!(pair["token_type"], "Bearer");
    assert!(pair["expires_in"].as_i64().unwrap() <= 3600);
    let access = pair["access_token"].as_str().unwrap().to_owned();
    let (status, me, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&access));
    assert_eq!(status, 200);
    assert_eq!(me["email"], "ana@example.org");
    assert_eq!(me["language"], "es");
    assert_eq!(me["memberships"][0]["role"], "citizen");

    // Refresh rotates; replaying the old refresh token ends every session.
    let refresh = pair["refresh_token"].as_str().unwrap().to_owned();
    let (status, second, _) = call!(
        app,
        post,
        "/api/v1/auth/refresh",
        Some(&json!({"refresh_token": refresh})),
        NO_TOKEN
    );
    assert_eq!(status, 200);
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/refresh",
        Some(&json!({"refresh_token": refresh})),
        NO_TOKEN
    );
    assert_eq!(status, 401);
    let newer = second["access_token"].as_str().unwrap().to_owned();
    let (status, _, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&newer));
    assert_eq!(
        status, 401,
        "a replayed refresh token revokes every session"
    );
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/refresh",
        Some(&json!({"refresh_token": second["refresh_token"]})),
        NO_TOKEN
    );
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn bad_tokens_are_refused_with_401() {
    use jsonwebtoken::{encode, EncodingKey, Header};
    let db = TestDb::new();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "bo@example.org",
        "a long passphrase",
        "Bo",
        veedor::accounts::Role::Admin,
        "",
    )
    .unwrap();
    let app = app!(db);
    let login = json!({"email": "bo@example.org", "password": "a long passphrase"});
    let (_, pair, _) = call!(app, post, "/api/v1/auth/login", Some(&login), NO_TOKEN);
    let good = pair["access_token"].as_str().unwrap().to_owned();
    let (status, _, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&good));
    assert_eq!(status, 200);

    let sub = {
        let (_, me, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&good));
        me["id"].as_str().unwrap().to_owned()
    };
    let now = Utc::now().timestamp();
    let claims = |aud: &str, exp: i64| json!({"sub": sub, "aud": aud, "iss": "veedor", "iat": now, "exp": exp, "epoch": 0});
    let sign = |claims: Value, secret: &str| {
        encode(
            &Header::default(),
            &claims,
            &EncodingKey::from_secret(secret.as_bytes()),
        )
        .unwrap()
    };
    let expired = sign(claims("veedor-api", now - 5), TEST_SECRET);
    let forged = sign(
        claims("veedor-api", now + 600),
        "somebody else's secret, long enough",
    );
    let wrong_audience = sign(claims("another-service", now + 600), TEST_SECRET);
    let mut tampered = good.clone();
    tampered.pop();
    tampered.push(if good.ends_with('A') { 'B' } else { 'A' });
    for (what, token) in [
        ("expired", expired),
        ("forged", forged),
        ("wrong audience", wrong_audience),
        ("tampered", tampered),
        ("garbage", "abc".into()),
    ] {
        let (status, body, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&token));
        assert_eq!(status, 401, "{what}");
        assert_eq!(body["error"]["code"], "unauthorized", "{what}");
    }
    let (status, _, _) = call!(app, get, "/api/v1/me", None::<&Value>, NO_TOKEN);
    assert_eq!(status, 401, "no token");

    // Revoked: sign out everywhere, and the token that did it no longer works.
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/logout-everywhere",
        None::<&Value>,
        Some(&good)
    );
    assert_eq!(status, 204);
    let (status, _, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&good));
    assert_eq!(status, 401);
}

#[actix_web::test]
async fn answers_do_not_reveal_who_has_an_account() {
    let db = TestDb::new();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "cy@example.org",
        "a long passphrase",
        "Cy",
        veedor::accounts::Role::Citizen,
        "",
    )
    .unwrap();
    let app = app!(db);
    let (s1, b1, _) = call!(
        app,
        post,
        "/api/v1/auth/signup",
        Some(&json!({"email": "cy@example.org", "password": "another passphrase", "name": "X"})),
        NO_TOKEN
    );
    let (s2, b2, _) = call!(
        app,
        post,
        "/api/v1/auth/signup",
        Some(&json!({"email": "new@example.org", "password": "another passphrase", "name": "X"})),
        NO_TOKEN
    );
    assert_eq!((s1, &b1), (s2, &b2));
    let (s1, b1, _) = call!(
        app,
        post,
        "/api/v1/auth/password-reset",
        Some(&json!({"email": "cy@example.org"})),
        NO_TOKEN
    );
    let (s2, b2, _) = call!(
        app,
        post,
        "/api/v1/auth/password-reset",
        Some(&json!({"email": "nobody@example.org"})),
        NO_TOKEN
    );
    assert_eq!((s1, &b1), (s2, &b2));
    let (s1, b1, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&json!({"email": "cy@example.org", "password": "wrong password!"})),
        NO_TOKEN
    );
    let (s2, b2, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&json!({"email": "nobody@example.org", "password": "wrong password!"})),
        NO_TOKEN
    );
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!(s1, 401);
    // Bad input is named, and nothing is created.
    let (status, body, _) = call!(
        app,
        post,
        "/api/v1/auth/signup",
        Some(&json!({"email": "x@example.org", "password": "short", "name": "X"})),
        NO_TOKEN
    );
    assert_eq!(status, 400);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("password"));
    let (status, body, _) = call!(
        app,
        post,
        "/api/v1/auth/signup",
        Some(&json!({"email": "x@example.org"})),
        NO_TOKEN
    );
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (400, Some("invalid_json"))
    );
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/signup",
        Some(
            &json!({"email": "x@example.org", "password": "a long passphrase", "name": "X", "language": "klingon"})
        ),
        NO_TOKEN
    );
    assert_eq!(status, 400);
}

#[actix_web::test]
async fn password_reset_then_sign_in_with_the_new_password() {
    let db = TestDb::new();
    let smtp = SmtpServer::start();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "di@example.org",
        "the old passphrase",
        "Di",
        veedor::accounts::Role::Citizen,
        "",
    )
    .unwrap();
    let app = app!(db);
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/password-reset",
        Some(&json!({"email": "di@example.org"})),
        NO_TOKEN
    );
    assert_eq!(status, 202);
    worker(&db, &smtp.url()).drain().unwrap();
    let token = link_token(&smtp.messages()[0]).expect("reset link");
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/password-reset/confirm",
        Some(&json!({"token": token, "password": "the new passphrase"})),
        NO_TOKEN
    );
    assert_eq!(status, 200);
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&json!({"email": "di@example.org", "password": "the old passphrase"})),
        NO_TOKEN
    );
    assert_eq!(status, 401);
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&json!({"email": "di@example.org", "password": "the new passphrase"})),
        NO_TOKEN
    );
    assert_eq!(status, 200);
}

#[actix_web::test]
async fn sign_in_is_throttled_per_account_with_retry_after() {
    let db = TestDb::new();
    let app = app!(db);
    let attempt = json!({"email": "eve@example.org", "password": "guessing password"});
    let limit = veedor::config::Settings::load_from(std::path::Path::new("/nonexistent"), None)
        .unwrap()
        .throttle
        .signin_per_account;
    for _ in 0..limit {
        let (status, _, _) = call!(app, post, "/api/v1/auth/login", Some(&attempt), NO_TOKEN);
        assert_eq!(status, 401);
    }
    let (status, body, retry) = call!(app, post, "/api/v1/auth/login", Some(&attempt), NO_TOKEN);
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (429, Some("too_many_requests"))
    );
    assert!(retry.unwrap().parse::<i64>().unwrap() > 0);
}

/// The mail server is down: mail waits, with its error recorded; once it is back, every message
/// goes out exactly once, even with two workers at it.
#[::core::prelude::v1::test]
fn smtp_downtime_loses_nothing_and_sends_nothing_twice() {
    let db = TestDb::new();
    let port = common::free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let settings = app_state(&db).accounts;
    for i in 0..6 {
        let input = veedor::accounts::SignupInput {
            email: format!("user{i}@example.org"),
            password: "a long passphrase".into(),
            name: format!("User {i}"),
            language: "en".into(),
        };
        veedor::accounts::signup(&mut db.conn(), &settings, input).unwrap();
    }
    let down = worker(&db, &url);
    for _ in 0..6 {
        assert!(matches!(
            down.turn().unwrap(),
            veedor::notify::worker::Turn::Failed(..)
        ));
    }
    assert_eq!(
        down.turn().unwrap(),
        veedor::notify::worker::Turn::Idle,
        "failed mail waits for its retry time"
    );
    let counts = veedor::notify::outbox::counts(&mut db.conn()).unwrap();
    assert_eq!(counts, [("pending".to_owned(), 6)]);

    let smtp = SmtpServer::start_on(port);
    let later = Utc::now().naive_utc() + chrono::Duration::minutes(2);
    let (a, b) = (worker(&db, &url), worker(&db, &url));
    std::thread::scope(|s| {
        let ha = s.spawn(|| a.drain_at(later).unwrap());
        let hb = s.spawn(|| b.drain_at(later).unwrap());
        ha.join().unwrap();
        hb.join().unwrap();
    });
    a.drain_at(later).unwrap();
    let messages = smtp.messages();
    assert_eq!(messages.len(), 6, "each message once");
    let mut recipients: Vec<String> = messages
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("To:")).map(str::to_owned))
        .collect();
    recipients.sort();
    recipients.dedup();
    assert_eq!(recipients.len(), 6);
    let counts = veedor::notify::outbox::counts(&mut db.conn()).unwrap();
    assert_eq!(counts, [("sent".to_owned(), 6)]);
}

/// Each role against each endpoint of the agency directory that changes something.
#[actix_web::test]
async fn directory_changes_are_for_admins_and_invitations_make_officers() {
    use veedor::accounts::{create_verified, Role};
    let db = TestDb::new();
    let smtp = SmtpServer::start();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("two.jsonl");
    std::fs::write(
        &data,
        concat!(
            r#"{"ocid":"ocds-a-1","id":"1","date":"2024-01-01T00:00:00Z","buyer":{"name":"Municipio Uno","identifier":{"scheme":"XX","id":"1"}}}"#, "\n",
            r#"{"ocid":"ocds-a-2","id":"1","date":"2024-01-01T00:00:00Z","buyer":{"name":"Municipio 1","identifier":{"scheme":"XX","id":"1b"}}}"#, "\n",
        ),
    )
    .unwrap();
    common::import(&db, &[common::path_input(&data)]);
    cso_and_people(&db);
    let app = app!(db);
    let mut tokens = std::collections::HashMap::new();
    for (who, _) in PEOPLE {
        let (_, pair, _) = call!(
            app,
            post,
            "/api/v1/auth/login",
            Some(&json!({"email": format!("{who}@example.org"), "password": "a long passphrase"})),
            NO_TOKEN
        );
        tokens.insert(*who, pair["access_token"].as_str().unwrap().to_owned());
    }
    let endpoints: Vec<(&str, &str, Value)> = vec![
        (
            "patch",
            "/api/v1/agencies/XX-1",
            json!({"contact_email": "compras@uno.example.org"}),
        ),
        (
            "post",
            "/api/v1/agencies/XX-1/invitations",
            json!({"email": "new.officer@example.org"}),
        ),
        (
            "post",
            "/api/v1/agencies/XX-1b/merge",
            json!({"into": "XX-1"}),
        ),
    ];
    for (method, uri, body) in &endpoints {
        for (who, _) in PEOPLE.iter().filter(|(w, _)| *w != "admin") {
            let token = tokens[who].clone();
            let (status, _, _) = match *method {
                "patch" => call!(app, patch, uri, Some(body), Some(&token)),
                _ => call!(app, post, uri, Some(body), Some(&token)),
            };
            assert_eq!(status, 403, "{who} {method} {uri}");
        }
        let (status, _, _) = match *method {
            "patch" => call!(app, patch, uri, Some(body), NO_TOKEN),
            _ => call!(app, post, uri, Some(body), NO_TOKEN),
        };
        assert_eq!(status, 401, "anonymous {method} {uri}");
        let admin = tokens["admin"].clone();
        let (status, answer, _) = match *method {
            "patch" => call!(app, patch, uri, Some(body), Some(&admin)),
            _ => call!(app, post, uri, Some(body), Some(&admin)),
        };
        assert!(
            status == 200 || status == 202,
            "admin {method} {uri}: {status} {answer}"
        );
    }
    let (_, agency, _) = call!(app, get, "/api/v1/agencies/XX-1b", None::<&Value>, NO_TOKEN);
    assert_eq!(
        agency["id"], "XX-1",
        "a merged duplicate answers with the agency kept"
    );
    assert_eq!(agency["contact_email"], "compras@uno.example.org");

    // The invitation arrives by mail; the invited account accepts it and becomes an officer.
    worker(&db, &smtp.url()).drain().unwrap();
    let invitation = smtp
        .messages()
        .into_iter()
        .find(|m| m.contains("new.officer@example.org"))
        .expect("invitation mail");
    let token = link_token(&invitation).unwrap();
    let citizen = tokens["citizen"].clone();
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/invitations/accept",
        Some(&json!({"token": token})),
        Some(&citizen)
    );
    assert_eq!(
        status, 400,
        "another account cannot use someone else's invitation"
    );
    create_verified(
        &mut db.conn(),
        "new.officer@example.org",
        "a long passphrase",
        "New",
        Role::Citizen,
        "",
    )
    .unwrap();
    let (_, pair, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&json!({"email": "new.officer@example.org", "password": "a long passphrase"})),
        NO_TOKEN
    );
    let invited = pair["access_token"].as_str().unwrap().to_owned();
    // The refused try changed nothing (its transaction rolled back); a second invitation works too.
    let admin = tokens["admin"].clone();
    call!(
        app,
        post,
        "/api/v1/agencies/XX-1/invitations",
        Some(&json!({"email": "new.officer@example.org"})),
        Some(&admin)
    );
    worker(&db, &smtp.url()).drain().unwrap();
    let latest: Vec<String> = smtp
        .messages()
        .into_iter()
        .filter(|m| m.contains("new.officer@example.org"))
        .collect();
    let fresh = latest
        .iter()
        .filter_map(|m| link_token(m))
        .find(|t| *t != token)
        .unwrap();
    let (status, body, _) = call!(
        app,
        post,
        "/api/v1/invitations/accept",
        Some(&json!({"token": fresh})),
        Some(&invited)
    );
    assert_eq!(status, 200, "{body}");
    let (_, me, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&invited));
    assert!(me["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["role"] == "officer" && m["organization_id"] == "XX-1"));
}

const PEOPLE: &[(&str, veedor::accounts::Role)] = &[
    ("admin", veedor::accounts::Role::Admin),
    ("citizen", veedor::accounts::Role::Citizen),
    ("officer", veedor::accounts::Role::Officer),
    ("moderator", veedor::accounts::Role::Moderator),
    ("oversight", veedor::accounts::Role::Oversight),
];

fn cso_and_people(db: &TestDb) {
    use veedor::accounts::Role;
    veedor::agencies::create_cso(&mut db.conn(), "watchdog", "Watchdog").unwrap();
    for (who, role) in PEOPLE {
        let org = match role {
            Role::Officer => "XX-1",
            Role::Moderator => "watchdog",
            Role::Oversight => "audit-office",
            _ => "",
        };
        veedor::accounts::create_verified(
            &mut db.conn(),
            &format!("{who}@example.org"),
            "a long passphrase",
            who,
            *role,
            org,
        )
        .unwrap();
    }
}

#[actix_web::test]
async fn sign_up_is_throttled_per_address() {
    let db = TestDb::new();
    let app = app!(db);
    let limit = veedor::config::Settings::load_from(std::path::Path::new("/nonexistent"), None)
        .unwrap()
        .throttle
        .signup_per_account;
    let body = json!({"email": "same@example.org", "password": "a long passphrase", "name": "X"});
    for _ in 0..limit {
        let (status, _, _) = call!(app, post, "/api/v1/auth/signup", Some(&body), NO_TOKEN);
        assert_eq!(status, 202);
    }
    let (status, _, retry) = call!(app, post, "/api/v1/auth/signup", Some(&body), NO_TOKEN);
    assert_eq!(status, 429);
    assert!(retry.is_some());
}

#[actix_web::test]
async fn people_change_their_name_language_and_password_through_the_api() {
    let db = TestDb::new();
    veedor::accounts::create_verified(
        &mut db.conn(),
        "eva@example.org",
        "eva's first passphrase",
        "Eva",
        veedor::accounts::Role::Citizen,
        "",
    )
    .unwrap();
    let app = app!(db);
    let login = |password: &'static str| json!({"email": "eva@example.org", "password": password});
    let (_, body, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&login("eva's first passphrase")),
        NO_TOKEN
    );
    let token = body["access_token"].as_str().unwrap().to_owned();

    // Refused, and nothing changed: no token, a forged one, a bad language, an unknown field.
    let change = json!({"name": "Eva María", "language": "es"});
    let (status, _, _) = call!(app, patch, "/api/v1/me", Some(&change), NO_TOKEN);
    assert_eq!(status, 401);
    let (status, _, _) = call!(
        app,
        patch,
        "/api/v1/me",
        Some(&change),
        Some("forged.token.x")
    );
    assert_eq!(status, 401);
    let (status, body, _) = call!(
        app,
        patch,
        "/api/v1/me",
        Some(&json!({"name": "Eva María", "language": "klingon"})),
        Some(&token)
    );
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("language"));
    let (status, _, _) = call!(
        app,
        patch,
        "/api/v1/me",
        Some(&json!({"name": "x", "language": "es", "email": "x@evil.example"})),
        Some(&token)
    );
    assert_eq!(status, 400, "the address is not changed this way");
    let (_, me, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&token));
    assert_eq!(
        (me["name"].as_str(), me["language"].as_str()),
        (Some("Eva"), Some("en"))
    );

    let (status, me, _) = call!(app, patch, "/api/v1/me", Some(&change), Some(&token));
    assert_eq!(status, 200);
    assert_eq!(
        (me["name"].as_str(), me["language"].as_str()),
        (Some("Eva María"), Some("es"))
    );

    // The password: the current one first; then every token ends.
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/me/password",
        Some(&json!({"current_password": "a guess", "password": "eva's second passphrase"})),
        Some(&token)
    );
    assert_eq!(status, 400);
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/me/password",
        Some(&json!({"current_password": "eva's first passphrase", "password": "short"})),
        Some(&token)
    );
    assert_eq!(status, 400, "a weak new password is refused");
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/me/password",
        Some(
            &json!({"current_password": "eva's first passphrase", "password": "eva's second passphrase"})
        ),
        Some(&token)
    );
    assert_eq!(status, 200);
    let (status, _, _) = call!(app, get, "/api/v1/me", None::<&Value>, Some(&token));
    assert_eq!(status, 401, "the old access token ended with the change");
    let (status, _, _) = call!(
        app,
        post,
        "/api/v1/auth/login",
        Some(&login("eva's second passphrase")),
        NO_TOKEN
    );
    assert_eq!(status, 200);
}

/// A mail server that takes its time over one recipient: the other messages still go out while
/// that one is being sent, and each message goes out once.
#[::core::prelude::v1::test]
fn a_slow_message_holds_back_no_other() {
    use std::io::{BufRead, BufReader, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};
    let db = TestDb::new();
    let settings = app_state(&db).accounts;
    for name in ["slow", "a", "b", "c"] {
        let input = veedor::accounts::SignupInput {
            email: format!("{name}@example.org"),
            password: "a long passphrase".into(),
            name: name.into(),
            language: "en".into(),
        };
        veedor::accounts::signup(&mut db.conn(), &settings, input).unwrap();
    }
    // A minimal SMTP server: it answers the end of data for slow@ after three seconds.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let delivered: Arc<Mutex<Vec<(String, Instant)>>> = Arc::default();
    let log = delivered.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = log.clone();
            std::thread::spawn(move || {
                let mut out = stream.try_clone().unwrap();
                let mut lines = BufReader::new(stream);
                let _ = out.write_all(b"220 slow.test ESMTP\r\n");
                let (mut to, mut line) = (String::new(), String::new());
                while lines.read_line(&mut line).unwrap_or(0) > 0 {
                    let command = line.trim_end().to_ascii_uppercase();
                    let answer: &[u8] = if command.starts_with("EHLO") {
                        b"250 slow.test\r\n"
                    } else if command.starts_with("RCPT TO") {
                        to = line.trim_end().to_owned();
                        b"250 OK\r\n"
                    } else if command == "DATA" {
                        let _ = out.write_all(b"354 go on\r\n");
                        let mut data = String::new();
                        while lines.read_line(&mut data).unwrap_or(0) > 0 {
                            if data.ends_with("\r\n.\r\n") || data == ".\r\n" {
                                break;
                            }
                        }
                        if to.contains("slow@") {
                            std::thread::sleep(Duration::from_secs(3));
                        }
                        log.lock().unwrap().push((to.clone(), Instant::now()));
                        b"250 queued\r\n"
                    } else if command == "QUIT" {
                        let _ = out.write_all(b"221 bye\r\n");
                        break;
                    } else {
                        b"250 OK\r\n"
                    };
                    let _ = out.write_all(answer);
                    line.clear();
                }
            });
        }
    });
    let worker = worker(&db, &format!("smtp://127.0.0.1:{port}"));
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let runner = {
        let stop = stop.clone();
        std::thread::spawn(move || worker.run(stop))
    };
    let started = Instant::now();
    while delivered.lock().unwrap().len() < 4 && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    runner.join().unwrap();
    let delivered = delivered.lock().unwrap().clone();
    let order: Vec<&str> = delivered.iter().map(|(to, _)| to.as_str()).collect();
    assert_eq!(delivered.len(), 4, "each message once: {order:?}");
    assert!(
        order[3].contains("slow@"),
        "the others went out while the slow one was on its way: {order:?}"
    );
    let counts = veedor::notify::outbox::counts(&mut db.conn()).unwrap();
    assert_eq!(counts, [("sent".to_owned(), 4)]);
}
