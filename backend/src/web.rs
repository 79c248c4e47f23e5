//! Browser pages. Sessions live in an HttpOnly, SameSite cookie; every form carries a CSRF
//! token: the session's own once signed in, and before that (the sign-in form) a token that
//! must match a short-lived HttpOnly cookie set with the form (double submit). Pages escape
//! everything they interpolate and load no inline script.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::{context, AutoEscape, Environment};
use serde::Deserialize;

use crate::accounts::{self, AccountError};
use crate::api::{ApiError, AppState};
use crate::throttle::{self, Limit};

include!(concat!(env!("OUT_DIR"), "/page_templates.rs"));

pub const SESSION_COOKIE: &str = "veedor_session";
pub const FORM_COOKIE: &str = "veedor_form";

/// The same policy as the home page: no inline script or style.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/signin", web::get().to(signin_form))
        .route("/signin", web::post().to(signin))
        .route("/account", web::get().to(account))
        .route("/signout", web::post().to(signout))
        .configure(crate::account_pages::routes);
}

fn render(name: &str, ctx: minijinja::Value) -> Result<String, ApiError> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    for (file, source) in PAGE_TEMPLATES {
        env.add_template(file, source).map_err(ApiError::internal)?;
    }
    env.get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(ApiError::internal)
}

pub(crate) fn page(status: StatusCode, body: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body)
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

/// Compares tokens without leaking, through timing, how much of a guess was right.
pub(crate) fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

pub(crate) fn redirect(to: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to))
        .finish()
}

pub(crate) fn forbidden_form() -> HttpResponse {
    page(
        StatusCode::FORBIDDEN,
        "<!doctype html><title>Form expired</title><p>This form expired or did not come from this site. \
         <a href=\"/signin\">Start again</a>.</p>"
            .into(),
    )
}

fn signin_page(
    state: &AppState,
    status: StatusCode,
    email: &str,
    error: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let (csrf, _) = accounts::tokens::opaque();
    let body = render(
        "signin.html",
        context! { csrf => csrf.clone(), email => email, error => error },
    )?;
    let mut response = page(status, body);
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

pub async fn signin_form(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    signin_page(&state, StatusCode::OK, "", None)
}

#[derive(Debug, Deserialize)]
pub struct SigninForm {
    email: String,
    password: String,
    csrf: String,
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
        return Ok(forbidden_form());
    }
    let t = &state.settings.throttle;
    let ip = req
        .peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into());
    let keys = vec![
        (format!("signin:ip:{ip}"), t.signin_per_ip),
        (
            format!("signin:account:{}", form.email.trim().to_lowercase()),
            t.signin_per_account,
        ),
    ];
    let window = chrono::Duration::minutes(t.window_minutes);
    let hours = state.settings.auth.web_session_hours;
    let email = form.email.clone();
    let outcome = state
        .db(move |conn| {
            for (key, hits) in keys {
                if let Err(wait) = throttle::hit(conn, &key, Limit { hits, window })? {
                    return Err(ApiError::too_many_requests(wait.0));
                }
            }
            Ok(accounts::web_signin(
                conn,
                &form.email,
                &form.password,
                hours,
            ))
        })
        .await?;
    match outcome {
        Ok(session) => {
            let mut response = redirect("/account");
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
            Ok(response)
        }
        Err(e @ (AccountError::BadCredentials | AccountError::NotVerified)) => signin_page(
            &state,
            StatusCode::UNAUTHORIZED,
            &email,
            Some(&e.to_string()),
        ),
        Err(e) => Err(e.into()),
    }
}

/// The session behind the request's cookie, if any.
pub(crate) async fn session(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<(accounts::CurrentUser, String, String)>, ApiError> {
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    state
        .db(move |conn| match accounts::web_session(conn, &token) {
            Ok((user, csrf)) => Ok(Some((user, csrf, token))),
            Err(AccountError::Unauthorized) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
}

pub async fn account(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(&req, &state).await? else {
        return Ok(redirect("/signin"));
    };
    let id = user.id.clone();
    let me = state.db(move |conn| Ok(accounts::me(conn, &id)?)).await?;
    let body = render(
        "account.html",
        context! {
            name => me.name,
            email => me.email,
            memberships => minijinja::Value::from(minijinja::value::Serde(&me.memberships)),
            csrf => csrf,
        },
    )?;
    Ok(page(StatusCode::OK, body))
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
        return Ok(forbidden_form());
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
