//! `/api/v1/indicators`: every risk indicator's results, in Cardinal's output shape (so analysts
//! can compare tools) or as JSON Lines with the values behind each flag. Both stream a page of
//! flags at a time in key order: memory does not grow with the results.

use actix_web::{web, HttpResponse};
use bytes::Bytes;
use futures_util::stream;

use crate::http::{ApiError, AppState};
use crate::risk::read::{self, StoredFlag};

const CHUNK: i64 = 2000;

#[derive(Clone, Copy)]
enum Shape {
    /// `{"OCID": {"ocds-…": {"R003": 1.0}}, "Buyer": {…}, …}`
    Cardinal,
    /// One flag per line: scope, id, code, value, details.
    Lines,
}

/// Where the writer stands in Cardinal's nested object.
#[derive(Default)]
struct Open {
    scope: Option<String>,
    subject: Option<String>,
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

fn number(v: f64) -> String {
    serde_json::to_string(&v).unwrap_or_else(|_| "null".into())
}

fn encode(shape: Shape, flags: &[StoredFlag], open: &mut Open, out: &mut String) {
    for f in flags {
        match shape {
            Shape::Lines => {
                let line = serde_json::json!({
                    "scope": f.scope, "id": f.subject, "code": f.code, "value": f.value,
                    "details": f.details(),
                });
                out.push_str(&line.to_string());
                out.push('\n');
            }
            Shape::Cardinal => {
                if open.scope.as_deref() != Some(&f.scope) {
                    if open.scope.is_some() {
                        out.push_str("}},");
                    }
                    out.push_str(&json_string(&f.scope));
                    out.push_str(":{");
                    open.scope = Some(f.scope.clone());
                    open.subject = None;
                }
                if open.subject.as_deref() != Some(&f.subject) {
                    if open.subject.is_some() {
                        out.push_str("},");
                    }
                    out.push_str(&json_string(&f.subject));
                    out.push_str(":{");
                    open.subject = Some(f.subject.clone());
                } else {
                    out.push(',');
                }
                out.push_str(&json_string(&f.code));
                out.push(':');
                out.push_str(&number(f.value));
            }
        }
    }
}

async fn download(state: web::Data<AppState>, shape: Shape) -> Result<HttpResponse, ApiError> {
    struct Cursor {
        after: Option<(String, String, String)>,
        open: Open,
        started: bool,
        done: bool,
    }
    let pool = state.pool.clone();
    let start = Cursor {
        after: None,
        open: Open::default(),
        started: false,
        done: false,
    };
    let body = stream::unfold(start, move |mut cursor| {
        let pool = pool.clone();
        async move {
            if cursor.done {
                return None;
            }
            let after = cursor.after.clone();
            let fetched = web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                read::page_after(&mut conn, after.as_ref(), CHUNK).map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r);
            let flags = match fetched {
                Ok(flags) => flags,
                Err(e) => {
                    tracing::error!(error = %e, "indicators download");
                    cursor.done = true;
                    let failed: Result<Bytes, actix_web::Error> = Err(
                        actix_web::error::ErrorInternalServerError("download failed"),
                    );
                    return Some((failed, cursor));
                }
            };
            let mut out = String::new();
            if !cursor.started {
                cursor.started = true;
                if matches!(shape, Shape::Cardinal) {
                    out.push('{');
                }
            }
            encode(shape, &flags, &mut cursor.open, &mut out);
            cursor.after = flags
                .last()
                .map(|f| (f.scope.clone(), f.subject.clone(), f.code.clone()));
            if (flags.len() as i64) < CHUNK {
                cursor.done = true;
                if matches!(shape, Shape::Cardinal) {
                    if cursor.open.scope.is_some() {
                        out.push_str("}}");
                    }
                    out.push('}');
                }
            }
            Some((Ok(Bytes::from(out)), cursor))
        }
    });
    let (content_type, disposition) = match shape {
        Shape::Cardinal => ("application/json", None),
        Shape::Lines => (
            "application/x-ndjson; charset=utf-8",
            Some("attachment; filename=\"indicators.jsonl\""),
        ),
    };
    let mut response = HttpResponse::Ok();
    response.content_type(content_type);
    if let Some(d) = disposition {
        response.insert_header(("Content-Disposition", d));
    }
    Ok(response.streaming(body))
}

/// `GET /api/v1/indicators`
pub async fn cardinal(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    download(state, Shape::Cardinal).await
}

/// `GET /api/v1/indicators.jsonl`
pub async fn lines(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    download(state, Shape::Lines).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flag(scope: &str, subject: &str, code: &str, value: f64) -> StoredFlag {
        StoredFlag {
            scope: scope.into(),
            subject: subject.into(),
            code: code.into(),
            value,
            details: "{}".into(),
        }
    }

    #[test]
    fn cardinal_shape_across_chunks() {
        let all = [
            flag("Buyer", "B", "R038", 0.5),
            flag("OCID", "F", "R003", 1.0),
            flag("OCID", "F", "R018", 1.0),
            flag("OCID", "G\"x", "R024", 0.25),
            flag("Tenderer", "W", "R024", 0.0),
        ];
        for split in 0..=all.len() {
            let mut open = Open::default();
            let mut out = String::from("{");
            encode(Shape::Cardinal, &all[..split], &mut open, &mut out);
            encode(Shape::Cardinal, &all[split..], &mut open, &mut out);
            out.push_str("}}}");
            let v: serde_json::Value = serde_json::from_str(&out).expect(&out);
            assert_eq!(
                v,
                serde_json::json!({"Buyer": {"B": {"R038": 0.5}},
                    "OCID": {"F": {"R003": 1.0, "R018": 1.0}, "G\"x": {"R024": 0.25}},
                    "Tenderer": {"W": {"R024": 0.0}}}),
                "split at {split}"
            );
        }
    }
}
