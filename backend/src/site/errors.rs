//! Pages answer errors as pages, in the reader's language: whatever a page handler fails with
//! (a missing page, too many attempts with the wait, a form too large, our own failure) becomes
//! an HTML page with what happened and where to go next, never a JSON error. The API's paths
//! keep their JSON errors.

use actix_web::body::{BoxBody, EitherBody, MessageBody};
use actix_web::dev::ServiceResponse;
use actix_web::http::{header, StatusCode};
use actix_web::middleware::ErrorHandlerResponse;
use minijinja::context;

use super::i18n;

/// Paths of the JSON house, whose errors stay JSON.
fn is_api(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/open311/") || path == "/healthz"
}

/// The catalogue keys of the title and explanation for a status.
fn texts(status: StatusCode) -> (&'static str, &'static str) {
    match status.as_u16() {
        400 => ("error.bad_request", "error.bad_request_text"),
        401 | 403 => ("error.forbidden", "error.forbidden_text"),
        404 => ("error.not_found", "error.not_found_text"),
        409 => ("error.conflict", "error.conflict_text"),
        413 => ("error.too_large", "error.too_large_text"),
        429 => ("error.too_many", "error.too_many_text"),
        _ => ("error.internal", "error.internal_text"),
    }
}

/// The error middleware's handler: JSON errors of page paths become pages.
pub fn as_page<B: MessageBody + 'static>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_api(res.request().path()) || is_html {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let retry_after = res
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<i64>().ok());
    let lang = i18n::negotiate(res.request());
    let (title, text) = texts(status);
    let minutes = retry_after.map(|s| (s + 59) / 60);
    let body = super::public::render(
        "error.html",
        context! { lang, status => status.as_u16(), title, text, minutes },
    )
    .unwrap_or_else(|_| format!("<!doctype html><title>{status}</title><h1>{status}</h1>"));
    let (req, original) = res.into_parts();
    let mut page = actix_web::HttpResponse::build(status);
    page.content_type("text/html; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"));
    if let Some(value) = original.headers().get(header::RETRY_AFTER) {
        page.insert_header((header::RETRY_AFTER, value.clone()));
    }
    let page: actix_web::HttpResponse<BoxBody> = page.body(body);
    let res: ServiceResponse<EitherBody<B, BoxBody>> =
        ServiceResponse::new(req, page).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}
