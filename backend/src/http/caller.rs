//! Who is calling, the one place that knows every way to tell: a bearer access token (API
//! clients: the `CurrentUser` extractor), a browser's session cookie (pages: [`from_session`],
//! whose forms then check the session's CSRF token), or an API key (Open311 clients:
//! [`from_api_key`]). All end in the same `accounts::CurrentUser`, so both houses check roles
//! the same way. The API never accepts the cookie: a form elsewhere could then act in the
//! person's name.

use std::future::Future;
use std::pin::Pin;

use actix_web::{web, FromRequest, HttpRequest};

use crate::accounts::{self, CurrentUser};
use crate::http::{ApiError, AppState};

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

/// The signed-in person if a token is given (a bad token is still refused), else nobody.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<MaybeUser, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        if !req.headers().contains_key("authorization") {
            return Box::pin(async { Ok(MaybeUser(None)) });
        }
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move { Ok(MaybeUser(Some(user.await?))) })
    }
}

/// An admin, signed in with a bearer token: a handler taking this cannot run for anyone else
/// (403 for other people, 401 without a valid token).
pub struct Admin(pub CurrentUser);

impl FromRequest for Admin {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Admin, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        let user = CurrentUser::from_request(req, payload);
        Box::pin(async move {
            let user = user.await?;
            if user.is_admin() {
                Ok(Admin(user))
            } else {
                Err(ApiError::forbidden("this is for admins"))
            }
        })
    }
}

/// The cookie that carries a browser session.
pub const SESSION_COOKIE: &str = "veedor_session";

/// The person behind the request's session cookie, with the session's CSRF token and the
/// cookie's token; `None` when there is no cookie or it no longer opens a session.
pub async fn from_session(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<(CurrentUser, String, String)>, ApiError> {
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_owned()) else {
        return Ok(None);
    };
    state
        .db(move |conn| match accounts::web_session(conn, &token) {
            Ok((user, csrf)) => Ok(Some((user, csrf, token))),
            Err(accounts::AccountError::Unauthorized) => Ok(None),
            Err(e) => Err(e.into()),
        })
        .await
}

/// The account behind an Open311 API key, if the key is valid and not revoked.
pub async fn from_api_key(
    state: &web::Data<AppState>,
    key: String,
) -> Result<Option<CurrentUser>, ApiError> {
    state
        .db(move |conn| Ok(accounts::api_keys::owner(conn, &key)?))
        .await
}
