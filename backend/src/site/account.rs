//! Browser pages for accounts: sign-up, email verification and password reset, in the
//! request's language. Forms before sign-in carry a double-submit CSRF token (a short-lived
//! HttpOnly cookie that must match the form field). Answers never tell whether an address has
//! an account, and the same throttles as the API apply.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::{self, AccountError, SignupInput};
use crate::http::{ApiError, AppState};
use crate::site::i18n;
use crate::site::session::{forbidden_form, page, same_token, FORM_COOKIE};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signup", web::get().to(signup_form))
        .route("/signup", web::post().to(signup))
        .route("/verify", web::get().to(verify_form))
        .route("/verify", web::post().to(verify))
        .route("/password-reset", web::get().to(reset_form))
        .route("/password-reset", web::post().to(reset))
        .route("/invitations/accept", web::get().to(invitation_form))
        .route("/invitations/accept", web::post().to(accept_invitation));
}

/// Renders an account form with a fresh double-submit token.
fn form(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    template: &str,
    ctx: minijinja::Value,
) -> Result<HttpResponse, ApiError> {
    let lang = i18n::negotiate(req);
    let (csrf, _) = accounts::tokens::opaque();
    let body =
        crate::site::public::render(template, context! { lang, csrf => csrf.clone(), ..ctx })?;
    let mut response = page(req, status, body);
    let cookie = Cookie::build(FORM_COOKIE, csrf)
        .path("/")
        .http_only(true)
        .secure(state.settings.server.base_url.starts_with("https://"))
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::hours(1))
        .finish();
    response.add_cookie(&cookie).map_err(ApiError::internal)?;
    Ok(response)
}

fn csrf_ok(req: &HttpRequest, sent: &str) -> bool {
    let expected = req
        .cookie(FORM_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    !expected.is_empty() && same_token(&expected, sent)
}

/// Ends with a page that only says what happens next.
fn done(req: &HttpRequest, key: &str) -> Result<HttpResponse, ApiError> {
    let lang = i18n::negotiate(req);
    let body = crate::site::public::render("account_done.html", context! { lang, message => key })?;
    Ok(page(req, StatusCode::OK, body))
}

pub async fn signup_form(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    form(&req, &state, StatusCode::OK, "signup.html", context! {})
}

#[derive(Debug, Deserialize)]
pub struct SignupForm {
    csrf: String,
    name: String,
    email: String,
    password: String,
    #[serde(default)]
    language: Option<String>,
}

pub async fn signup(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Form<SignupForm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if !csrf_ok(&req, &body.csrf) {
        return forbidden_form(&req);
    }
    let limits = crate::http::limits::signup_limits(&state, &req, &body.email);
    crate::http::limits::throttle(&state, limits).await?;
    let settings = state.accounts.clone();
    let language = body
        .language
        .clone()
        .unwrap_or_else(|| i18n::negotiate(&req).to_owned());
    let input = SignupInput {
        email: body.email.clone(),
        password: body.password,
        name: body.name.clone(),
        language,
    };
    let outcome = state
        .db(move |conn| Ok(accounts::signup(conn, &settings, input)))
        .await?;
    match outcome {
        Ok(()) => done(&req, "account.check_email"),
        Err(AccountError::Invalid { field, reason }) => form(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            "signup.html",
            context! {
                error_field => field,
                error => i18n::field_error(i18n::negotiate(&req), "account", field, &reason),
                name => body.name,
                email => body.email,
            },
        ),
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// The link in the mail opens a page with a button: mail scanners that follow links must not
/// confirm addresses on the person's behalf.
pub async fn verify_form(
    req: HttpRequest,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    form(
        &req,
        &state,
        StatusCode::OK,
        "verify.html",
        context! { token => query.into_inner().token },
    )
}

#[derive(Debug, Deserialize)]
pub struct TokenForm {
    csrf: String,
    token: String,
}

pub async fn verify(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Form<TokenForm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if !csrf_ok(&req, &body.csrf) {
        return forbidden_form(&req);
    }
    let token = body.token;
    let outcome = state
        .db(move |conn| Ok(accounts::verify_email(conn, &token)))
        .await?;
    match outcome {
        Ok(()) => done(&req, "account.verified"),
        Err(AccountError::BadToken) => done(&req, "account.bad_link"),
        Err(e) => Err(e.into()),
    }
}

/// Without a token: ask for the address. With one (the mailed link): ask for a new password.
pub async fn reset_form(
    req: HttpRequest,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    form(
        &req,
        &state,
        StatusCode::OK,
        "reset.html",
        context! { token => query.into_inner().token },
    )
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

pub async fn reset(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Form<ResetForm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if !csrf_ok(&req, &body.csrf) {
        return forbidden_form(&req);
    }
    if body.token.is_empty() {
        let limits = crate::http::limits::reset_limits(&state, &req, &body.email);
        crate::http::limits::throttle(&state, limits).await?;
        let settings = state.accounts.clone();
        let email = body.email;
        state
            .db(move |conn| Ok(accounts::request_password_reset(conn, &settings, &email)?))
            .await?;
        return done(&req, "account.check_email");
    }
    let (token, password) = (body.token.clone(), body.password);
    let outcome = state
        .db(move |conn| Ok(accounts::confirm_password_reset(conn, &token, &password)))
        .await?;
    match outcome {
        Ok(()) => done(&req, "account.password_changed"),
        Err(AccountError::BadToken) => done(&req, "account.bad_link"),
        Err(AccountError::Invalid { field, reason }) => form(
            &req,
            &state,
            StatusCode::BAD_REQUEST,
            "reset.html",
            context! {
                token => body.token,
                error_field => field,
                error => i18n::field_error(i18n::negotiate(&req), "account", field, &reason),
            },
        ),
        Err(e) => Err(e.into()),
    }
}

/// `GET /invitations/accept?token=`: the link of an officer invitation. Signed out, the person
/// signs in (or creates the account the invitation was sent to) and comes back here.
pub async fn invitation_form(
    req: HttpRequest,
    query: web::Query<TokenQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = crate::site::session::session(&req, &state).await? else {
        return Ok(crate::site::session::to_signin(&req));
    };
    let lang = i18n::negotiate(&req);
    let body = crate::site::public::render(
        "invitation.html",
        context! { lang, csrf, token => query.into_inner().token, email => user.email },
    )?;
    Ok(page(&req, StatusCode::OK, body))
}

#[derive(Debug, Deserialize)]
pub struct InvitationForm {
    csrf: String,
    token: String,
}

/// `POST /invitations/accept`: the signed-in person becomes an officer of the agency.
pub async fn accept_invitation(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Form<InvitationForm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let (user, _) = match crate::site::session::form_author(&req, &state, &body.csrf).await? {
        Ok(author) => author,
        Err(response) => return Ok(response),
    };
    let token = body.token;
    let outcome = state
        .db(move |conn| Ok(accounts::accept_invitation(conn, &user, &token)))
        .await?;
    let lang = i18n::negotiate(&req);
    let (status, message) = match outcome {
        Ok(_) => (StatusCode::OK, "account.invitation_accepted"),
        Err(AccountError::BadToken) => (StatusCode::BAD_REQUEST, "account.bad_link"),
        Err(AccountError::Invalid { .. }) => {
            (StatusCode::FORBIDDEN, "account.invitation_other_address")
        }
        Err(e) => return Err(e.into()),
    };
    let body = crate::site::public::render(
        "account_done.html",
        context! { lang, message, next => "/work" },
    )?;
    Ok(page(&req, status, body))
}
