//! Every rate limit's keys, defined once for both houses: filing and workflow actions per
//! person (API, pages and Open311 count together), sign-up and reset per address and account,
//! and password checks, which count failures only: per client address (named by a trusted
//! proxy's `X-Forwarded-For`, or the peer) and per account, sparing a device where the person
//! signed in before.

use actix_web::HttpRequest;
use chrono::Duration;

use crate::http::{ApiError, AppState};
use crate::throttle::{self, Limit};

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
    super::same_token(&device_mac(state, email, nonce), mac)
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
