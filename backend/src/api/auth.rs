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

/// The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive
/// (RFC 7235).
pub(crate) fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
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
            .and_then(bearer_token)
            .map(str::to_owned);
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
        (
            format!("signup:ip:{}", client_ip(state, req)),
            t.signup_per_ip,
        ),
        (
            format!("signup:account:{}", email.trim().to_lowercase()),
            t.signup_per_account,
        ),
    ]
}

/// The cookie that marks a browser (or the token that marks an API client) where a person has
/// signed in before: a failed-guess lock on their account does not stop them there.
pub const DEVICE_COOKIE: &str = "veedor_device";

/// A new device mark for the account of `email`: a nonce and its keyed hash.
pub(crate) fn device_mark(state: &AppState, email: &str) -> String {
    let (nonce, _) = crate::accounts::tokens::opaque();
    let nonce = &nonce[..32];
    format!("{nonce}.{}", device_mac(state, email, nonce))
}

fn device_mac(state: &AppState, email: &str, nonce: &str) -> String {
    let key = blake3::derive_key("veedor 2026 known devices", &state.engine.pseudonym_key);
    let mut hasher = blake3::Hasher::new_keyed(&key);
    hasher.update(email.trim().to_lowercase().as_bytes());
    hasher.update(b"\0");
    hasher.update(nonce.as_bytes());
    hasher.finalize().to_hex().to_string()
}

/// Whether `mark` was given to this account's holder on an earlier sign-in.
pub(crate) fn known_device(state: &AppState, email: &str, mark: Option<&str>) -> bool {
    let Some((nonce, mac)) = mark.and_then(|m| m.split_once('.')) else {
        return false;
    };
    crate::web::same_token(&device_mac(state, email, nonce), mac)
}

/// Before a password is checked: refused when this client address has failed too often, or
/// when the account has and the attempt does not come from a device known to it. Only failures
/// count (see [`password_failed`]), so the holder's correct password from a known device, or
/// after the window, always gets through.
pub(crate) async fn password_check_allowed(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
    known_device: bool,
) -> Result<(), ApiError> {
    let window = Duration::minutes(state.settings.throttle.window_minutes);
    let mut keys = vec![address_failures(state, req)];
    if !known_device {
        keys.push(password_guess_limit(state, email));
    }
    state
        .db(move |conn| {
            for (key, hits) in keys {
                if let Err(wait) = throttle::reached(conn, &key, Limit { hits, window })? {
                    return Err(ApiError::too_many_requests(wait.0));
                }
            }
            Ok(())
        })
        .await
}

/// After a wrong password: one more failure for the address and for the account.
pub(crate) async fn password_failed(
    state: &AppState,
    req: &HttpRequest,
    email: &str,
) -> Result<(), ApiError> {
    let window = Duration::minutes(state.settings.throttle.window_minutes);
    let keys = vec![
        address_failures(state, req),
        password_guess_limit(state, email),
    ];
    state
        .db(move |conn| {
            for (key, hits) in keys {
                // Counting past the limit changes nothing; the check before refuses.
                let _ = throttle::hit(conn, &key, Limit { hits, window })?;
            }
            Ok(())
        })
        .await
}

fn address_failures(state: &AppState, req: &HttpRequest) -> (String, i32) {
    (
        format!("signin:ip:{}", client_ip(state, req)),
        state.settings.throttle.signin_per_ip,
    )
}

/// The per-account key of everything that checks a password (sign-in, a password change), so
/// failed guesses through any of them count together.
pub(crate) fn password_guess_limit(state: &AppState, email: &str) -> (String, i32) {
    (
        format!("signin:account:{}", email.trim().to_lowercase()),
        state.settings.throttle.signin_per_account,
    )
}

/// The person's own limits on filing and on workflow actions: every entry point (API, pages,
/// Open311) counts against the same key.
pub(crate) fn feedback_limit(state: &AppState, user_id: &str) -> (String, i32) {
    (
        format!("feedback:{user_id}"),
        state.settings.throttle.feedback_per_account,
    )
}

pub(crate) fn transition_limit(state: &AppState, user_id: &str) -> (String, i32) {
    (
        format!("transition:{user_id}"),
        state.settings.throttle.transitions_per_account,
    )
}

/// The throttle keys of a password-reset request, as [`signup_limits`].
pub(crate) fn reset_limits(state: &AppState, req: &HttpRequest, email: &str) -> Vec<(String, i32)> {
    let t = &state.settings.throttle;
    vec![
        (
            format!("reset:ip:{}", client_ip(state, req)),
            t.reset_per_ip,
        ),
        (
            format!("reset:account:{}", email.trim().to_lowercase()),
            t.reset_per_account,
        ),
    ]
}

/// The client's address: the peer's, or, when the peer is a trusted proxy, the nearest
/// address in `X-Forwarded-For` that is not one of the trusted proxies.
pub(crate) fn client_ip(state: &AppState, req: &HttpRequest) -> String {
    let proxies = state.settings.server.proxy_networks();
    let peer = req.peer_addr().map(|a| a.ip());
    client_address(
        peer,
        req.headers()
            .get_all("x-forwarded-for")
            .filter_map(|v| v.to_str().ok()),
        &proxies,
    )
    .map_or_else(|| "unknown".into(), |ip| ip.to_string())
}

pub(crate) fn client_address<'h>(
    peer: Option<std::net::IpAddr>,
    forwarded: impl Iterator<Item = &'h str>,
    proxies: &[ipnet::IpNet],
) -> Option<std::net::IpAddr> {
    let trusted = |ip: &std::net::IpAddr| proxies.iter().any(|n| n.contains(ip));
    let peer = peer?;
    if !trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<&str> = forwarded
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted(&ip) => continue,
            Ok(ip) => return Some(ip),
            // A hop that is not an address cannot be believed, nor anything before it.
            Err(_) => return Some(peer),
        }
    }
    Some(peer)
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
    /// The `device_token` an earlier sign-in gave this client.
    #[serde(default)]
    device_token: Option<String>,
}

pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<LoginBody>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let known = known_device(&state, &body.email, body.device_token.as_deref());
    password_check_allowed(&state, &req, &body.email, known).await?;
    let settings = state.accounts.clone();
    let email = body.email.clone();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::login(
                conn,
                &settings,
                &body.email,
                &body.password,
            ))
        })
        .await?;
    match outcome {
        Ok(pair) => {
            let mut out = serde_json::to_value(pair).map_err(ApiError::internal)?;
            out["device_token"] = json!(device_mark(&state, &email));
            Ok(HttpResponse::Ok().json(out))
        }
        Err(e @ AccountError::BadCredentials) => {
            password_failed(&state, &req, &email).await?;
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
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
    req: HttpRequest,
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Json<PasswordChangeBody>,
) -> Result<HttpResponse, ApiError> {
    password_check_allowed(&state, &req, &user.email, false).await?;
    let body = body.into_inner();
    let email = user.email.clone();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::change_password(
                conn,
                &user.id,
                &body.current_password,
                &body.password,
            ))
        })
        .await?;
    match outcome {
        Ok(()) => Ok(HttpResponse::Ok().json(json!({"status": "password_changed"}))),
        Err(
            e @ AccountError::Invalid {
                field: "current_password",
                ..
            },
        ) => {
            password_failed(&state, &req, &email).await?;
            Err(e.into())
        }
        Err(e) => Err(e.into()),
    }
}
