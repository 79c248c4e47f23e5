//! The one error policy of the HTTP layer.
//!
//! - Handlers return `Result<_, ApiError>`; domain and storage errors convert into it here, once.
//! - The client gets a status, a stable machine-readable `code` and a human `message` as JSON:
//!   `{"error": {"code": "not_found", "message": "…"}}`.
//! - Internal failures (database, pool, panics in blocking code) are logged with their cause and
//!   answered with a generic 500: the client never sees internals.
//! - Bad input is a 4xx that names the offending field.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    retry_after: Option<i64>,
    /// The input field at fault, for forms that mark it.
    field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            retry_after: None,
            field: None,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn invalid_field(field: &str, reason: &str) -> ApiError {
        let mut error = ApiError::bad_request("invalid_parameter", format!("`{field}` {reason}"));
        error.field = Some(field.to_owned());
        error
    }

    /// The input field at fault, when the error is about one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "sign in first: a valid, unexpired access token is required",
        )
    }

    pub fn forbidden(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn too_many_requests(retry_after_seconds: i64) -> ApiError {
        let mut e = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_requests",
            format!("too many attempts; try again in {retry_after_seconds} seconds"),
        );
        e.retry_after = Some(retry_after_seconds);
        e
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// Logs the cause; the client only learns that something failed on our side.
    pub fn internal(cause: impl std::fmt::Display) -> ApiError {
        tracing::error!(%cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "something went wrong on our side; it has been logged",
        )
    }

    /// What the client is told.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Seconds to wait, for a 429.
    pub fn retry_after(&self) -> Option<i64> {
        self.retry_after
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.code,
            self.message
        )
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        if let Some(seconds) = self.retry_after {
            response.insert_header(("Retry-After", seconds.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header(("WWW-Authenticate", "Bearer"));
        }
        // A body refused as too large is not read to its end: the connection closes after the
        // answer, so a client still sending is not left waiting on a full socket.
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            response.force_close();
        }
        response.json(json!({"error": {"code": self.code, "message": self.message}}))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        // PostgreSQL refuses text with a NUL character; that is the sender's input, not ours.
        if let diesel::result::Error::DatabaseError(_, info) = &e {
            if info.message().contains("0x00") {
                return ApiError::bad_request(
                    "invalid_text",
                    "text must not contain NUL characters",
                );
            }
        }
        ApiError::internal(e)
    }
}

impl From<diesel::r2d2::PoolError> for ApiError {
    fn from(e: diesel::r2d2::PoolError) -> ApiError {
        ApiError::internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<crate::http::body::BodyError> for ApiError {
    fn from(e: crate::http::body::BodyError) -> ApiError {
        use crate::http::body::BodyError;
        match e {
            BodyError::TooLarge(m) => ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m),
            BodyError::Invalid { field, reason } => {
                if field == "body" {
                    ApiError::bad_request("invalid_body", reason)
                } else {
                    ApiError::invalid_field(&field, &reason)
                }
            }
            BodyError::Csrf => ApiError::forbidden(e.to_string()),
        }
    }
}

// How each domain error reads over HTTP, in one place for both houses.

impl From<crate::accounts::AccountError> for ApiError {
    fn from(e: crate::accounts::AccountError) -> ApiError {
        match e {
            crate::accounts::AccountError::Invalid { .. } => {
                ApiError::bad_request("invalid_field", e.to_string())
            }
            crate::accounts::AccountError::BadCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                e.to_string(),
            ),
            crate::accounts::AccountError::NotVerified => {
                ApiError::new(StatusCode::FORBIDDEN, "email_not_verified", e.to_string())
            }
            crate::accounts::AccountError::BadToken => {
                ApiError::bad_request("invalid_token", e.to_string())
            }
            crate::accounts::AccountError::Unauthorized => ApiError::unauthorized(),
            crate::accounts::AccountError::NoSuchUser => ApiError::not_found(e.to_string()),
            crate::accounts::AccountError::Hash(_)
            | crate::accounts::AccountError::Mail(_)
            | crate::accounts::AccountError::Database(_) => ApiError::internal(e),
        }
    }
}

impl From<crate::feedback::FeedbackError> for ApiError {
    fn from(e: crate::feedback::FeedbackError) -> ApiError {
        match e {
            crate::feedback::FeedbackError::Invalid { .. } => {
                ApiError::bad_request("invalid_field", e.to_string())
            }
            crate::feedback::FeedbackError::NotFound(m) => ApiError::not_found(m),
            crate::feedback::FeedbackError::Forbidden(m) => ApiError::forbidden(m),
            crate::feedback::FeedbackError::Conflict(m) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", m)
            }
            crate::feedback::FeedbackError::TooLarge(m) => {
                ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large", m)
            }
            crate::feedback::FeedbackError::Mail(_)
            | crate::feedback::FeedbackError::Database(_)
            | crate::feedback::FeedbackError::Io(_) => ApiError::internal(e),
        }
    }
}

impl From<crate::agencies::DirectoryError> for ApiError {
    fn from(e: crate::agencies::DirectoryError) -> ApiError {
        match e {
            crate::agencies::DirectoryError::NoSuchAgency(_) => ApiError::not_found(e.to_string()),
            crate::agencies::DirectoryError::Invalid { .. } => {
                ApiError::bad_request("invalid_field", e.to_string())
            }
            crate::agencies::DirectoryError::Account(a) => a.into(),
            crate::agencies::DirectoryError::Mail(_)
            | crate::agencies::DirectoryError::Database(_) => ApiError::internal(e),
        }
    }
}
