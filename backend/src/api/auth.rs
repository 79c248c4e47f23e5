//! `/api/v1/auth/*` and `/api/v1/me`: sign-up, verification, sign-in, tokens, password reset.
//! Handlers parse, throttle and call one `accounts` function.

use std::future::Future;
use std::pin::Pin;

use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use chrono::Duration;
use serde::Deserialize;
use serde_json::json;

use super::{ApiError, AppState};
use crate::accounts::{self, AccountError, CurrentUser, SignupInput};
use crate::throttle::{self, Limit};

impl From<AccountError> for ApiError {
    fn from(e: AccountError) -> ApiError {
        match e {
            AccountError::Invalid { .. } => ApiError::bad_request("invalid_field", e.to_string()),
            AccountError::BadCredentials => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                e.to_string(),
            ),
            AccountError::NotVerified => {
                ApiError::new(StatusCode::FORBIDDEN, "email_not_verified", e.to_string())
            }
            AccountError::BadToken => ApiError::bad_request("invalid_token", e.to_string()),
            AccountError::Unauthorized => ApiError::unauthorized(),
            AccountError::NoSuchUser => ApiError::not_found(e.to_string()),
            AccountError::Hash(_) | AccountError::Mail(_) | AccountError::Database(_) => {
                ApiError::internal(e)
            }
        }
    }
}

/// The signed-in person, from `Authorization: Bearer <access token>`. A handler that takes this
/// argument can only be reached with a valid, unrevoked token.
impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<CurrentUser, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = req
            .headers()
            .get("authorization")
            .and_then(|h| h.to_str().ok())
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(|t| t.trim().to_owned());
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("no application state"))?;
            let token = token.ok_or_else(ApiError::unauthorized)?;
            let signer = state.accounts.signer.clone();
            state
                .db(move |conn| Ok(accounts::authenticate(conn, &signer, &token)?))
                .await
        })
    }
}

/// The throttle keys of a sign-up (per client address and per account), shared by the API and
/// the pages so both count against the same limits.
pub(crate) fn signup_limits(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
) -> Vec<(String, i32)> {
    let t = &state.settings.throttle;
    vec![
        (format!("signup:ip:{}", client_ip(req)), t.signup_per_ip),
        (
            format!("signup:account:{}", email.trim().to_lowercase()),
            t.signup_per_account,
        ),
    ]
}

/// The throttle keys of a sign-in, as [`signup_limits`].
pub(crate) fn signin_limits(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
) -> Vec<(String, i32)> {
    let t = &state.settings.throttle;
    vec![
        (format!("signin:ip:{}", client_ip(req)), t.signin_per_ip),
        password_guess_limit(state, email),
    ]
}

/// The per-account key of everything that checks a password (sign-in, a password change), so
/// guesses through any of them count together.
pub(crate) fn password_guess_limit(state: &AppState, email: &str) -> (String, i32) {
    (
        format!("signin:account:{}", email.trim().to_lowercase()),
        state.settings.throttle.signin_per_account,
    )
}

/// The throttle keys of a password-reset request, as [`signup_limits`].
pub(crate) fn reset_limits(state: &AppState, req: &HttpRequest, email: &str) -> Vec<(String, i32)> {
    let t = &state.settings.throttle;
    vec![
        (format!("reset:ip:{}", client_ip(req)), t.reset_per_ip),
        (
            format!("reset:account:{}", email.trim().to_lowercase()),
            t.reset_per_account,
        ),
    ]
}

fn client_ip(req: &HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// Counts a hit on each key; the first limit reached answers 429 with Retry-After.
pub(crate) async fn throttle(state: &AppState, keys: Vec<(String, i32)>) -> Result<(), ApiError> {
    let window = Duration::minutes(state.settings.throttle.window_minutes);
    state
        .db(move |conn| {
            for (key, hits) in keys {
                if let Err(wait) = throttle::hit(conn, &key, Limit { hits, window })? {
                    return Err(ApiError::too_many_requests(wait.0));
                }
            }
            Ok(())
        })
        .await
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignupBody {
    email: String,
    password: String,
    name: String,
    #[serde(default = "default_language")]
    language: String,
}

fn default_language() -> String {
    "en".into()
}

fn accepted() -> HttpResponse {
    HttpResponse::Accepted().json(json!({
        "status": "accepted",
        "message": "If the address can receive it, a message is on its way."
    }))
}

pub async fn signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<SignupBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    throttle(&state, signup_limits(&state, &req, &body.email)).await?;
    let settings = state.accounts.clone();
    state
        .db(move |conn| {
            let input = SignupInput {
                email: body.email,
                password: body.password,
                name: body.name,
                language: body.language,
            };
            Ok(accounts::signup(conn, &settings, input)?)
        })
        .await?;
    Ok(accepted())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenBody {
    token: String,
}

pub async fn verify(
    state: web::Data<AppState>,
    body: web::Json<TokenBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().token;
    state
        .db(move |conn| Ok(accounts::verify_email(conn, &token)?))
        .await?;
    Ok(HttpResponse::Ok().json(json!({"status": "verified"})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LoginBody {
    email: String,
    password: String,
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    throttle(&state, signin_limits(&state, &req, &body.email)).await?;
    let settings = state.accounts.clone();
    let pair = state
        .db(move |conn| {
            Ok(accounts::login(
                conn,
                &settings,
                &body.email,
                &body.password,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshBody {
    refresh_token: String,
}

pub async fn refresh(
    state: web::Data<AppState>,
    body: web::Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().refresh_token;
    let settings = state.accounts.clone();
    let pair = state
        .db(move |conn| Ok(accounts::refresh(conn, &settings, &token)?))
        .await?;
    Ok(HttpResponse::Ok().json(pair))
}

pub async fn logout(
    state: web::Data<AppState>,
    body: web::Json<RefreshBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().refresh_token;
    state
        .db(move |conn| Ok(accounts::logout(conn, &token)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub async fn logout_everywhere(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    state
        .db(move |conn| Ok(accounts::logout_everywhere(conn, &user.id)?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetBody {
    email: String,
}

pub async fn password_reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ResetBody>,
) -> Result<HttpResponse, ApiError> {
    let email = body.into_inner().email;
    throttle(&state, reset_limits(&state, &req, &email)).await?;
    let settings = state.accounts.clone();
    state
        .db(move |conn| Ok(accounts::request_password_reset(conn, &settings, &email)?))
        .await?;
    Ok(accepted())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirmBody {
    token: String,
    password: String,
}

pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: web::Json<ResetConfirmBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    state
        .db(move |conn| {
            Ok(accounts::confirm_password_reset(
                conn,
                &body.token,
                &body.password,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"status": "password_changed"})))
}

pub async fn me(user: CurrentUser, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let me = state
        .db(move |conn| Ok(accounts::me(conn, &user.id)?))
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

/// `PATCH /me`: name and language (of mail, and of pages where the browser has no choice).
pub async fn update_me(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Json<accounts::ProfileChange>,
) -> Result<HttpResponse, ApiError> {
    let change = body.into_inner();
    let me = state
        .db(move |conn| {
            accounts::update_profile(conn, &user.id, &change)?;
            Ok(accounts::me(conn, &user.id)?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(me))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PasswordChangeBody {
    current_password: String,
    password: String,
}

/// `POST /me/password`: needs the current password (throttled like sign-in); every session
/// and token ends, this one too.
pub async fn change_password(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Json<PasswordChangeBody>,
) -> Result<HttpResponse, ApiError> {
    throttle(&state, vec![password_guess_limit(&state, &user.email)]).await?;
    let body = body.into_inner();
    state
        .db(move |conn| {
            Ok(accounts::change_password(
                conn,
                &user.id,
                &body.current_password,
                &body.password,
            )?)
        })
        .await?;
    Ok(HttpResponse::Ok().json(json!({"status": "password_changed"})))
}
