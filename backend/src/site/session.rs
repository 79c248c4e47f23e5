//! Browser pages. Sessions live in an HttpOnly, SameSite cookie; every form carries a CSRF
//! token: the session's own once signed in, and before that (the sign-in form) a token that
//! must match a short-lived HttpOnly cookie set with the form (double submit). Pages escape
//! everything they interpolate and load no inline script.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::context;
use serde::Deserialize;

use crate::accounts::{self, AccountError};
use crate::http::limits as auth;
use crate::http::{ApiError, AppState};
use crate::site::{i18n, public as pages};

include!(concat!(env!("OUT_DIR"), "/page_templates.rs"));

pub use crate::http::caller::SESSION_COOKIE;
pub const FORM_COOKIE: &str = "veedor_form";

/// The same policy as the home page: no inline script or style.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signin", web::get().to(signin_form))
        .route("/signin", web::post().to(signin))
        .route("/account", web::get().to(account))
        .route("/account", web::post().to(update_account))
        .route("/account/password", web::post().to(change_password))
        .route("/signout", web::post().to(signout))
        .configure(crate::site::account::routes);
}

/// A page meant for one person: never stored by caches. A `?lang=` choice is remembered.
pub(crate) fn page(req: &HttpRequest, status: StatusCode, body: String) -> HttpResponse {
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body);
    i18n::remember_choice(req, &mut response);
    response
}

fn secure(state: &AppState) -> bool {
    state.settings.server.base_url.starts_with("https://")
}

fn cookie<'c>(
    state: &AppState,
    name: &'c str,
    value: String,
    same_site: SameSite,
    max_age: CookieDuration,
) -> Cookie<'c> {
    Cookie::build(name, value)
        .path("/")
        .http_only(true)
        .secure(secure(state))
        .same_site(same_site)
        .max_age(max_age)
        .finish()
}

pub(crate) use crate::http::same_token;

pub(crate) fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

/// A form whose CSRF token is missing or wrong: nothing was done; the person can start again.
pub(crate) fn forbidden_form(req: &HttpRequest) -> Result<HttpResponse, ApiError> {
    let lang = i18n::negotiate(req);
    let body = pages::render(
        "account_done.html",
        context! { lang, message => "site.form_expired" },
    )?;
    Ok(page(req, StatusCode::FORBIDDEN, body))
}

/// Where to go after signing in: only a path on this site (never `//host` or a URL).
fn local_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control);
    ok.then_some(next)
}

/// Sends a signed-out person to sign in, and back to this page afterwards (a form they
/// posted cannot be replayed, so after a post they come back to their account).
pub(crate) fn to_signin(req: &HttpRequest) -> HttpResponse {
    let here = match req.query_string() {
        _ if req.method() != actix_web::http::Method::GET => "/account".to_owned(),
        "" => req.path().to_owned(),
        q => format!("{}?{q}", req.path()),
    };
    let next: String = url::form_urlencoded::byte_serialize(here.as_bytes()).collect();
    redirect(&format!("/signin?next={next}"))
}

fn signin_page(
    req: &HttpRequest,
    state: &AppState,
    status: StatusCode,
    form: (&str, &str),
    error: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let lang = i18n::negotiate(req);
    let (email, next) = form;
    let (csrf, _) = accounts::tokens::opaque();
    let body = pages::render(
        "signin.html",
        context! { lang, csrf => csrf.clone(), email, next, error },
    )?;
    let mut response = page(req, status, body);
    response
        .add_cookie(&cookie(
            state,
            FORM_COOKIE,
            csrf,
            SameSite::Strict,
            CookieDuration::hours(1),
        ))
        .map_err(ApiError::internal)?;
    Ok(response)
}

#[derive(Debug, Default, Deserialize)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn signin_form(
    req: HttpRequest,
    query: web::Query<NextQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let next = local_path(&query.next).unwrap_or("");
    signin_page(&req, &state, StatusCode::OK, ("", next), None)
}

#[derive(Debug, Deserialize)]
pub struct SigninForm {
    email: String,
    password: String,
    csrf: String,
    #[serde(default)]
    next: String,
}

pub async fn signin(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SigninForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let expected = req
        .cookie(FORM_COOKIE)
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    if expected.is_empty() || !same_token(&expected, &form.csrf) {
        return forbidden_form(&req);
    }
    let next = local_path(&form.next).unwrap_or("/account").to_owned();
    let device = req
        .cookie(auth::DEVICE_COOKIE)
        .map(|c| c.value().to_owned());
    let known = auth::known_device(&state, &form.email, device.as_deref());
    auth::password_check_allowed(&state, &req, &form.email, known).await?;
    let hours = state.settings.auth.web_session_hours;
    let email = form.email.clone();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::web_signin(
                conn,
                &form.email,
                &form.password,
                hours,
            ))
        })
        .await?;
    if matches!(outcome, Err(AccountError::BadCredentials)) {
        auth::password_failed(&state, &req, &email).await?;
    }
    match outcome {
        Ok(session) => {
            // The page language stays what this browser asks for or chose; the account's
            // language is for mail (and is kept by the browser when saved in the settings).
            let mut response = redirect(&next);
            let max_age = CookieDuration::hours(hours);
            response
                .add_cookie(&cookie(
                    &state,
                    SESSION_COOKIE,
                    session.token,
                    SameSite::Lax,
                    max_age,
                ))
                .map_err(ApiError::internal)?;
            response
                .add_removal_cookie(&cookie(
                    &state,
                    FORM_COOKIE,
                    String::new(),
                    SameSite::Strict,
                    CookieDuration::ZERO,
                ))
                .map_err(ApiError::internal)?;
            // This browser is now known to the account: a lock from others' failed guesses
            // will not keep its holder out here.
            response
                .add_cookie(&cookie(
                    &state,
                    auth::DEVICE_COOKIE,
                    auth::device_mark(&state, &email),
                    SameSite::Lax,
                    CookieDuration::days(365),
                ))
                .map_err(ApiError::internal)?;
            Ok(response)
        }
        Err(AccountError::BadCredentials) => signin_page(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            (&email, &next),
            Some("account.bad_credentials"),
        ),
        Err(AccountError::NotVerified) => signin_page(
            &req,
            &state,
            StatusCode::UNAUTHORIZED,
            (&email, &next),
            Some("account.not_verified"),
        ),
        Err(e) => Err(e.into()),
    }
}

/// The signed-in author of a posted form, once its CSRF token matches their session's;
/// otherwise the answer to give (sign in first, or the form expired) and nothing is done.
pub(crate) async fn form_author(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    sent_csrf: &str,
) -> Result<Result<(accounts::CurrentUser, String), HttpResponse>, ApiError> {
    let Some((user, csrf, token)) = session(req, state).await? else {
        return Ok(Err(to_signin(req)));
    };
    if !same_token(&csrf, sent_csrf) {
        return forbidden_form(req).map(Err);
    }
    Ok(Ok((user, token)))
}

/// The session behind the request's cookie, if any.
pub(crate) async fn session(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<(accounts::CurrentUser, String, String)>, ApiError> {
    crate::http::caller::from_session(req, state).await
}

async fn account_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    status: StatusCode,
    notice: Option<&str>,
    error: Option<(&str, String)>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(req, state).await? else {
        return Ok(to_signin(req));
    };
    let lang = i18n::negotiate(req);
    let id = user.id.clone();
    let engine = state.engine.clone();
    let (me, organization_names) = state
        .db(move |conn| {
            let me = accounts::me(conn, &id)?;
            let mut names = std::collections::BTreeMap::new();
            for m in &me.memberships {
                let org = &m.organization_id;
                if org.is_empty() {
                    continue;
                }
                if let Some(name) =
                    crate::agencies::organization_name(conn, &engine.oversight, org)?
                {
                    names.insert(org.clone(), name);
                }
            }
            Ok((me, names))
        })
        .await?;
    let person = crate::site::person::of(state, &user, &csrf).await?;
    let body = pages::render(
        "account.html",
        context! {
            lang,
            me => minijinja::Value::from(minijinja::value::Serde(&me)),
            person => minijinja::Value::from(minijinja::value::Serde(&person)),
            organization_names,
            languages => i18n::own_names(),
            csrf,
            notice,
            error_field => error.as_ref().map(|e| e.0),
            error => error.map(|e| e.1),
        },
    )?;
    Ok(page(req, status, body))
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// `GET /account`: who I am, my roles, and my settings.
pub async fn account(
    req: HttpRequest,
    query: web::Query<NoticeQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let notice = query.saved.as_ref().map(|_| "account.saved");
    account_page(&req, &state, StatusCode::OK, notice, None).await
}

#[derive(Debug, Deserialize)]
pub struct SettingsForm {
    csrf: String,
    name: String,
    language: String,
}

/// `POST /account`: name and language.
pub async fn update_account(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<SettingsForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let (user, _) = match form_author(&req, &state, &form.csrf).await? {
        Ok(author) => author,
        Err(response) => return Ok(response),
    };
    let change = accounts::ProfileChange {
        name: form.name,
        language: form.language,
    };
    let language = change.language.clone();
    let outcome = state
        .db(move |conn| Ok(accounts::update_profile(conn, &user.id, &change)))
        .await?;
    match outcome {
        Ok(()) => {
            // The browser keeps the choice; pages read it before `Accept-Language`.
            let mut response = redirect("/account?saved=1");
            response
                .add_cookie(&i18n::cookie(&language, secure(&state)))
                .map_err(ApiError::internal)?;
            Ok(response)
        }
        Err(AccountError::Invalid { field, reason }) => {
            invalid_settings(&req, &state, field, &reason).await
        }
        Err(e) => Err(e.into()),
    }
}

/// The settings page again, with the field's error in the page's words.
async fn invalid_settings(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    field: &'static str,
    reason: &str,
) -> Result<HttpResponse, ApiError> {
    let message = i18n::field_error(i18n::negotiate(req), "account", field, reason);
    account_page(
        req,
        state,
        StatusCode::BAD_REQUEST,
        None,
        Some((field, message)),
    )
    .await
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current_password: String,
    password: String,
}

/// `POST /account/password`: every session ends, this one too; the person signs in again.
pub async fn change_password(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<PasswordForm>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let (user, _) = match form_author(&req, &state, &form.csrf).await? {
        Ok(author) => author,
        Err(response) => return Ok(response),
    };
    // Guessing the current password through this form counts as signing in.
    auth::password_check_allowed(&state, &req, &user.email, false).await?;
    let id = user.id.clone();
    let outcome = state
        .db(move |conn| {
            Ok(accounts::change_password(
                conn,
                &id,
                &form.current_password,
                &form.password,
            ))
        })
        .await?;
    match outcome {
        Ok(()) => {
            let lang = i18n::negotiate(&req);
            let body = pages::render(
                "account_done.html",
                context! { lang, message => "account.password_changed" },
            )?;
            let mut response = page(&req, StatusCode::OK, body);
            response
                .add_removal_cookie(&cookie(
                    &state,
                    SESSION_COOKIE,
                    String::new(),
                    SameSite::Lax,
                    CookieDuration::ZERO,
                ))
                .map_err(ApiError::internal)?;
            Ok(response)
        }
        Err(AccountError::Invalid { field, reason }) => {
            // A wrong current password is a failed guess, counted like a failed sign-in.
            if field == "current_password" {
                auth::password_failed(&state, &req, &user.email).await?;
            }
            invalid_settings(&req, &state, field, &reason).await
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

pub async fn signout(
    req: HttpRequest,
    state: web::Data<AppState>,
    form: web::Form<CsrfForm>,
) -> Result<HttpResponse, ApiError> {
    let Some((_, csrf, token)) = session(&req, &state).await? else {
        return Ok(redirect("/"));
    };
    if !same_token(&csrf, &form.csrf) {
        return forbidden_form(&req);
    }
    state
        .db(move |conn| Ok(accounts::web_signout(conn, &token)?))
        .await?;
    let mut response = redirect("/");
    response
        .add_removal_cookie(&cookie(
            &state,
            SESSION_COOKIE,
            String::new(),
            SameSite::Lax,
            CookieDuration::ZERO,
        ))
        .map_err(ApiError::internal)?;
    Ok(response)
}
