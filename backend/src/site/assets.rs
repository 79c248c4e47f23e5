//! Static assets, embedded in the binary so a deployment is one file: the style sheet (GOV.UK
//! Frontend with Veedor's settings, compiled by `build.rs`) and a small optional script.

use actix_web::http::header;
use actix_web::{web, HttpResponse};

use crate::http::ApiError;

const FILES: &[(&str, &str, &str)] = &[
    (
        "veedor.css",
        "text/css; charset=utf-8",
        include_str!(concat!(env!("OUT_DIR"), "/veedor.css")),
    ),
    (
        "enhance.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../frontend/static/enhance.js"),
    ),
];

pub async fn file(name: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let (_, mime, body) = FILES
        .iter()
        .find(|(n, _, _)| *n == name.as_str())
        .ok_or_else(|| ApiError::not_found("no such file"))?;
    Ok(HttpResponse::Ok()
        .content_type(*mime)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(*body))
}
