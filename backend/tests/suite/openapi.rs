//! The OpenAPI document (`docs/openapi.json`, served at `/api/openapi.json`) against the route
//! table in `api/mod.rs`: the same paths and methods both ways, and every documented operation
//! reaches a handler (never the catch-all "no such resource").

use crate::common;

use std::collections::BTreeSet;

use actix_web::test;
use common::TestDb;
use serde_json::Value;

/// `(METHOD, path)` of every API route declared in `api/mod.rs`, paths as OpenAPI writes them.
fn declared_routes() -> BTreeSet<(String, String)> {
    let source = include_str!("../../src/api/mod.rs");
    let flat: String = source.split_whitespace().collect::<Vec<_>>().join("");
    let scope_at = flat
        .find("web::scope(\"/api/v1\")")
        .expect("the /api/v1 scope");
    let mut out = BTreeSet::new();
    let mut at = 0;
    while let Some(found) = flat[at..].find(".route(\"") {
        let start = at + found + ".route(\"".len();
        let end = start + flat[start..].find('"').unwrap();
        let raw = &flat[start..end];
        let method_at = end + flat[end..].find("web::").unwrap() + "web::".len();
        let method: String = flat[method_at..]
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        at = end;
        // `{ocid:.+}` in actix is `{ocid}` in OpenAPI.
        let mut path = String::new();
        let mut rest = raw;
        while let Some(open) = rest.find('{') {
            path.push_str(&rest[..open]);
            let close = rest[open..].find('}').unwrap() + open;
            let name = rest[open + 1..close].split(':').next().unwrap();
            path.push_str(&format!("{{{name}}}"));
            rest = &rest[close + 1..];
        }
        path.push_str(rest);
        let path = if start > scope_at {
            format!("/api/v1{path}")
        } else {
            path
        };
        // Pages and assets are not the API.
        if path.starts_with("/api/v1") || path == "/healthz" {
            out.insert((method.to_uppercase(), path));
        }
    }
    out
}

#[actix_web::test]
async fn the_document_matches_the_routes_and_every_operation_is_served() {
    let db = TestDb::new();
    let app = test::init_service(veedor::server::app(common::app_state(&db))).await;
    let doc: Value = test::call_and_read_body_json(
        &app,
        test::TestRequest::get()
            .uri("/api/openapi.json")
            .to_request(),
    )
    .await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut documented = BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            documented.insert((method.to_uppercase(), path.clone()));
        }
    }
    let declared = declared_routes();
    assert!(declared.len() > 30, "{declared:?}");
    let undocumented: Vec<_> = declared.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&declared).collect();
    assert!(
        undocumented.is_empty(),
        "routes missing from docs/openapi.json: {undocumented:?}"
    );
    assert!(stale.is_empty(), "documented but not routed: {stale:?}");
    for (method, path) in &documented {
        let uri = path
            .replace("{ocid}", "ocds-x")
            .replace("{id}", "x")
            .replace("{attachment}", "y");
        let req = match method.as_str() {
            "GET" => test::TestRequest::get(),
            "POST" => test::TestRequest::post(),
            "PATCH" => test::TestRequest::patch(),
            other => panic!("{other}"),
        };
        let resp = test::call_service(&app, req.uri(&uri).to_request()).await;
        let body = test::read_body(resp).await;
        assert!(
            !String::from_utf8_lossy(&body).contains("no such resource"),
            "{method} {path} is documented but reaches no handler"
        );
    }
}
