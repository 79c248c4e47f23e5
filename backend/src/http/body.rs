//! The one reader of request bodies that are streamed rather than extracted whole (multipart
//! forms with files, JSON with files): a total size, a number of parts, known part names only,
//! a size per part, and the CSRF token checked before anything large is read. A declared
//! `Content-Length` over the total is refused (413) before a byte is buffered; a chunked body is
//! stopped as soon as it passes the total. The small bodies extracted whole (`web::Json`,
//! `web::Form`, `web::Bytes`) get their limits from [`extractor_limits`].

use std::collections::BTreeMap;

use actix_web::{web, HttpRequest};
use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;

use crate::feedback::attachments::{Upload, MAX_FILES, MAX_FILE_BYTES};

/// A text part (a field, or a JSON document) is at most this long.
pub const MAX_TEXT_PART: usize = 64 * 1024;
/// Parts in one form: files plus fields (the filing form has about twenty).
pub const MAX_PARTS: usize = 64;
/// A whole streamed body: every file at its largest would not fit, so the person is told the
/// total too (memory per request stays within this, whatever is sent).
pub const MAX_BODY: usize = 25 * 1024 * 1024;
/// Bodies extracted whole: JSON and URL-encoded forms.
pub const MAX_JSON: usize = 64 * 1024;
pub const MAX_URLENCODED: usize = 16 * 1024;

/// Why a body was not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    /// More than a limit allows (413).
    #[error("{0}")]
    TooLarge(String),
    /// A part this form does not have, or a body that is not what it says (400).
    #[error("{field} {reason}")]
    Invalid { field: String, reason: String },
    /// The CSRF token, expected first, is missing or wrong (403).
    #[error("the form's security token is missing or wrong")]
    Csrf,
}

/// Which parts a form may have.
pub struct FormSpec<'a> {
    /// Text parts by exact name.
    pub fields: &'a [&'a str],
    /// Text parts by prefix (`answers.` for questionnaire answers).
    pub field_prefixes: &'a [&'a str],
    /// The name of file parts, if the form takes files.
    pub files: Option<&'a str>,
    /// The token the first part (`csrf`) must carry, for forms posted from pages.
    pub csrf: Option<&'a str>,
}

/// What a multipart form held.
#[derive(Debug, Default)]
pub struct Form {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<Upload>,
}

/// Refuses a declared length over `limit` before anything is read.
pub fn check_declared_length(req: &HttpRequest, limit: usize) -> Result<(), BodyError> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > limit as u64 => Err(too_large_body(limit)),
        _ => Ok(()),
    }
}

fn too_large_body(limit: usize) -> BodyError {
    BodyError::TooLarge(format!(
        "the request is larger than {} MB in all",
        limit / (1024 * 1024)
    ))
}

/// Whether the request says it is `multipart/form-data`.
pub fn is_multipart(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// Reads a whole body of at most `limit` bytes (a JSON document).
pub async fn read_all(
    req: &HttpRequest,
    mut payload: web::Payload,
    limit: usize,
) -> Result<Bytes, BodyError> {
    check_declared_length(req, limit)?;
    let mut body = BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| invalid("body", &e.to_string()))?;
        if body.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge(format!(
                "the request body is larger than {} KB",
                limit / 1024
            )));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn invalid(field: &str, reason: &str) -> BodyError {
    BodyError::Invalid {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// Reads a multipart form under [`MAX_BODY`], [`MAX_PARTS`], [`MAX_TEXT_PART`] per field,
/// [`MAX_FILES`] files of at most [`MAX_FILE_BYTES`]. A file part with an empty name and no
/// bytes (a file input left empty) is skipped.
/// When a limit stops the reading, what was read before it comes back with the error, so a page
/// can give the person their answers back.
pub async fn read_multipart(
    req: &HttpRequest,
    payload: web::Payload,
    spec: &FormSpec<'_>,
) -> Result<Form, (BodyError, Form)> {
    use futures_util::FutureExt;
    let mut form = Form::default();
    // The parser is a dependency's: should it panic on some input (an old version did, on a
    // one-byte boundary, found by fuzzing), the sender gets a 400 and the worker lives on.
    let read = std::panic::AssertUnwindSafe(read_parts(req, payload, spec, &mut form))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| Err(invalid("body", "is not a well-formed multipart form")));
    match read {
        Ok(()) => Ok(form),
        Err(e) => Err((e, form)),
    }
}

async fn read_parts(
    req: &HttpRequest,
    payload: web::Payload,
    spec: &FormSpec<'_>,
    form: &mut Form,
) -> Result<(), BodyError> {
    check_declared_length(req, MAX_BODY)?;
    let mut parts = actix_multipart::Multipart::new(req.headers(), payload);
    let mut total = 0usize;
    let mut count = 0usize;
    while let Some(part) = parts.next().await {
        let mut part = part.map_err(|e| invalid("body", &e.to_string()))?;
        count += 1;
        if count > MAX_PARTS {
            return Err(BodyError::TooLarge(format!(
                "the form has more than {MAX_PARTS} parts"
            )));
        }
        let name = part.name().unwrap_or_default().to_owned();
        if count == 1 {
            if let Some(expected) = spec.csrf {
                // The token is the form's first field: nothing else is read without it.
                let token = read_part(&mut part, 256, &mut total, "csrf").await?;
                if name != "csrf" || !super::same_token(expected, &String::from_utf8_lossy(&token))
                {
                    return Err(BodyError::Csrf);
                }
                continue;
            }
        }
        let is_file = spec.files == Some(name.as_str());
        let known = is_file
            || spec.fields.contains(&name.as_str())
            || spec.field_prefixes.iter().any(|p| name.starts_with(p));
        if !known {
            return Err(invalid(&name, "is not a part of this form"));
        }
        if is_file {
            let file_name = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .unwrap_or_default()
                .to_owned();
            if form.files.len() == MAX_FILES {
                return Err(BodyError::TooLarge(format!(
                    "at most {MAX_FILES} files at a time"
                )));
            }
            let bytes = read_part(&mut part, MAX_FILE_BYTES, &mut total, &file_name).await?;
            if file_name.is_empty() && bytes.is_empty() {
                continue;
            }
            form.files.push(Upload {
                file_name: if file_name.is_empty() {
                    "attachment".into()
                } else {
                    file_name
                },
                bytes,
            });
        } else {
            let bytes = read_part(&mut part, MAX_TEXT_PART, &mut total, &name).await?;
            let text = String::from_utf8(bytes.to_vec())
                .map_err(|_| invalid(&name, "is not valid UTF-8 text"))?;
            form.fields.insert(name, text);
        }
    }
    Ok(())
}

async fn read_part(
    part: &mut actix_multipart::Field,
    limit: usize,
    total: &mut usize,
    what: &str,
) -> Result<Bytes, BodyError> {
    let mut bytes = BytesMut::new();
    while let Some(chunk) = part.next().await {
        let chunk = chunk.map_err(|e| invalid("body", &e.to_string()))?;
        *total += chunk.len();
        if *total > MAX_BODY {
            return Err(too_large_body(MAX_BODY));
        }
        if bytes.len() + chunk.len() > limit {
            return Err(BodyError::TooLarge(if limit >= 1024 * 1024 {
                format!("{what} is larger than {} MB", limit / (1024 * 1024))
            } else {
                format!("{what} is larger than {} KB", limit.div_ceil(1024))
            }));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes.freeze())
}
