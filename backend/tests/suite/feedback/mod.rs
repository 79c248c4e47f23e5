//! Feedback, feature by feature, on whichever backend the test run uses, in the world of
//! `common::world` (two agencies' processes and the personas who work them): filing, the
//! redress loop, the engine's rules, open data and the pages.

use crate::common;

use actix_web::test;
use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use common::world::{World, AGENCY_A, AGENCY_B, AUDIT_OFFICE, OCID, OTHER_OCID, REGULATOR};
use common::{bearer, import, path_input, token, user, PASSWORD};
use diesel::prelude::*;
use serde_json::{json, Value};
use veedor::accounts;
use veedor::feedback::{FeedbackError, Submission};
use veedor::workflow::engine::{Actor, Request};

fn complaint() -> Value {
    json!({
        "kind": "complaint", "category": "inflated_price", "stage": "tender",
        "description": "El precio unitario del hormigón triplica el de mercado.",
        "answers": {}, "anonymous": true
    })
}

/// A JPEG whose EXIF segment holds a position.
fn jpeg_with_gps() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8];
    let exif = b"Exif\0\0GPS -25.3300 -57.5400";
    j.extend_from_slice(&[0xFF, 0xE1]);
    j.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    j.extend_from_slice(exif);
    j.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x02, 0x11, 0x22, 0xFF, 0xD9]);
    j
}

fn multipart(json_part: &str, json: &Value, file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "veedor-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{json_part}\"\r\nContent-Type: application/json\r\n\r\n{json}\r\n"
        )
        .as_bytes(),
    );
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A browser's multipart form: text fields in order (the CSRF token first, as pages send it),
/// then files in the `attachments` part.
fn form_data(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "veedor-form-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (file, bytes) in files {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The text of the response to `req`, whatever its status.
macro_rules! body {
    ($app:expr, $req:expr) => {
        String::from_utf8(test::call_and_read_body(&$app, $req).await.to_vec()).unwrap()
    };
}

macro_rules! call {
    ($app:expr, $req:expr) => {{
        let resp = test::call_service(&$app, $req.to_request()).await;
        let status = resp.status().as_u16();
        let bytes = test::read_body(resp).await;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        (status, body)
    }};
}

/// The whole app (API and pages) over `state`.
macro_rules! app {
    ($state:expr) => {
        test::init_service(veedor::server::app($state.clone())).await
    };
}

fn feedback_url(ocid: &str) -> String {
    format!(
        "/api/v1/processes/{}/feedback",
        ocid.replace('/', "%2F").replace(' ', "%20")
    )
}

fn transition_json(name: &str, comment: Option<&str>) -> Value {
    match comment {
        Some(c) => json!({"transition": name, "comment": c}),
        None => json!({"transition": name}),
    }
}

fn allowed(body: &Value) -> Vec<String> {
    let mut out: Vec<String> = body["allowed_transitions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_owned())
        .collect();
    out.sort();
    out
}

#[derive(QueryableByName)]
struct Recipient {
    #[diesel(sql_type = diesel::sql_types::Text)]
    recipient: String,
}

fn at(day: &str, hour: u32) -> NaiveDateTime {
    NaiveDate::parse_from_str(day, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn routed_item(w: &World, engine: &veedor::workflow::Engine, when: NaiveDateTime) -> String {
    let mut conn = w.db.conn();
    let citizen = user(&w.db, &w.citizen);
    let submission: Submission = serde_json::from_value(complaint()).unwrap();
    let item = engine
        .submit(&mut conn, &citizen, OCID, &submission, &[], when)
        .unwrap();
    let moderator = user(&w.db, &w.moderator);
    let request = Request {
        transition: "accept".into(),
        ..Request::default()
    };
    engine
        .transition(
            &mut conn,
            &item.id,
            Actor::Person(&moderator),
            &request,
            &[],
            when,
        )
        .unwrap();
    item.id
}

/// A browser session for `email`: the cookie value and the session's CSRF token.
fn browser(w: &World, email: &str) -> (String, String) {
    let mut conn = w.db.conn();
    let session = accounts::web_signin(&mut conn, email, PASSWORD, 8).unwrap();
    let (_, csrf) = accounts::web_session(&mut conn, &session.token).unwrap();
    (session.token, csrf)
}

// The feature modules come after the macros above, which they use.
mod filing;
mod journey;
mod open_data;
mod pages;
mod rules;
