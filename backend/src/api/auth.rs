//! `/api/v1/auth/*` and `/api/v1/me`: sign-up, verification, sign-in, tokens, password reset.
//! Handlers parse, throttle and call one `accounts` function.

use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::json;

use crate::accounts::{self, AccountError, CurrentUser, SignupInput};
use crate::http::limits::{
    device_mark, known_device, password_check_allowed, password_failed, reset_limits,
    signup_limits, throttle,
};
use crate::http::{ApiError, AppState};

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
