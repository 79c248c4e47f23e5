//! People: accounts, roles held in organizations, sign-in and tokens.
//!
//! Every function here is one service call that opens its own transaction; mail it causes is
//! queued in that same transaction (see `notify`). Answers never tell whether an email address
//! has an account.

pub mod api_keys;
pub mod password;
pub mod tokens;

use chrono::{Duration, NaiveDateTime, Utc};
use diesel::prelude::*;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::db::schema::{memberships, one_time_tokens, refresh_tokens, users};
use crate::db::{self, DbConnection};
use crate::notify::{self, Mail};
use tokens::{Signer, TokenError};

/// A role, always held in an organization except for citizens and admins.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Citizen,
    Moderator,
    Officer,
    Oversight,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Citizen,
        Role::Moderator,
        Role::Officer,
        Role::Oversight,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Moderator => "moderator",
            Role::Officer => "officer",
            Role::Oversight => "oversight",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Whether the role is held in an organization (agency, oversight body, civil-society org).
    pub fn needs_organization(self) -> bool {
        matches!(self, Role::Moderator | Role::Officer | Role::Oversight)
    }
}

/// A role held in an organization (`organization_id` is empty for citizens and admins).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Queryable)]
pub struct Membership {
    #[serde(serialize_with = "ser_role")]
    pub role: String,
    pub organization_id: String,
}

fn ser_role<S: serde::Serializer>(role: &str, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(role)
}

/// The signed-in person, as handlers see them.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: String,
    pub email: String,
    pub memberships: Vec<Membership>,
}

impl CurrentUser {
    /// Whether they hold `role` in `organization` (any organization when `None`).
    pub fn holds(&self, role: Role, organization: Option<&str>) -> bool {
        self.memberships
            .iter()
            .any(|m| m.role == role.as_str() && organization.is_none_or(|o| m.organization_id == o))
    }

    pub fn is_admin(&self) -> bool {
        self.holds(Role::Admin, None)
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub language: String,
    pub email_verified_at: Option<NaiveDateTime>,
    pub session_epoch: i32,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("`{field}` {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error("email or password is wrong")]
    BadCredentials,
    #[error("confirm your email address first; we sent you a link")]
    NotVerified,
    #[error("this link is invalid, used or expired")]
    BadToken,
    #[error("not signed in, or the session has ended")]
    Unauthorized,
    #[error("no such account")]
    NoSuchUser,
    #[error("cannot hash the password: {0}")]
    Hash(String),
    #[error(transparent)]
    Mail(#[from] notify::outbox::OutboxError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

/// What account operations need from configuration.
#[derive(Clone)]
pub struct AccountSettings {
    pub signer: Signer,
    pub base_url: String,
    pub refresh_days: i64,
    pub verify_hours: i64,
    pub reset_hours: i64,
    pub invite_hours: i64,
}

impl AccountSettings {
    fn mail_domain(&self) -> String {
        url::Url::parse(&self.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "veedor.invalid".into())
    }

    fn link(&self, path: &str, token: &str) -> String {
        format!(
            "{}{path}?token={token}",
            self.base_url.trim_end_matches('/')
        )
    }
}

pub const LANGUAGES: &[&str] = crate::i18n::LANGUAGES;

/// Lower-cased, trimmed, and plausibly an address (one `@`, something on both sides, a dot in
/// the domain, no spaces).
pub fn normalize_email(email: &str) -> Result<String, AccountError> {
    let email = email.trim().to_lowercase();
    let invalid = || AccountError::Invalid {
        field: "email",
        reason: "is not an email address".into(),
    };
    let (local, domain) = email.split_once('@').ok_or_else(invalid)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && email.matches('@').count() == 1
        && email.len() <= 254;
    if ok {
        Ok(email)
    } else {
        Err(invalid())
    }
}

pub struct SignupInput {
    pub email: String,
    pub password: String,
    pub name: String,
    pub language: String,
}

fn new_one_time(
    conn: &mut DbConnection,
    purpose: &str,
    user_id: Option<&str>,
    email: Option<&str>,
    organization_id: Option<&str>,
    hours: i64,
) -> QueryResult<String> {
    let (token, hash) = tokens::opaque();
    let now = Utc::now().naive_utc();
    diesel::insert_into(one_time_tokens::table)
        .values((
            one_time_tokens::token_hash.eq(hash),
            one_time_tokens::purpose.eq(purpose),
            one_time_tokens::user_id.eq(user_id),
            one_time_tokens::email.eq(email),
            one_time_tokens::organization_id.eq(organization_id),
            one_time_tokens::expires_at.eq(now + Duration::hours(hours)),
            one_time_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// What a one-time token was made for: user id, email, organization id.
type OneTimeSubject = (Option<String>, Option<String>, Option<String>);

/// A used, unexpired token of `purpose`: marks it used and returns what it was made for.
fn consume_one_time(
    conn: &mut DbConnection,
    purpose: &str,
    token: &str,
) -> Result<OneTimeSubject, AccountError> {
    let now = Utc::now().naive_utc();
    let hash = tokens::hash_opaque(token.trim());
    let found: Option<OneTimeSubject> = one_time_tokens::table
        .filter(one_time_tokens::token_hash.eq(&hash))
        .filter(one_time_tokens::purpose.eq(purpose))
        .filter(one_time_tokens::used_at.is_null())
        .filter(one_time_tokens::expires_at.gt(now))
        .select((
            one_time_tokens::user_id,
            one_time_tokens::email,
            one_time_tokens::organization_id,
        ))
        .first(conn)
        .optional()?;
    let found = found.ok_or(AccountError::BadToken)?;
    // Single use even under concurrent requests: only one UPDATE finds it unused.
    let n = diesel::update(
        one_time_tokens::table
            .filter(one_time_tokens::token_hash.eq(&hash))
            .filter(one_time_tokens::used_at.is_null()),
    )
    .set(one_time_tokens::used_at.eq(now))
    .execute(conn)?;
    if n != 1 {
        return Err(AccountError::BadToken);
    }
    Ok(found)
}

fn check_name(name: &str) -> Result<String, AccountError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(AccountError::Invalid {
            field: "name",
            reason: "must be 1 to 200 characters".into(),
        });
    }
    if looks_like_pseudonym(name) {
        return Err(AccountError::Invalid {
            field: "name",
            reason: "looks like the pseudonym of an anonymous complainant; choose another".into(),
        });
    }
    Ok(name.to_owned())
}

/// Whether a name reads like the pseudonyms shown for anonymous complainants ("Citizen
/// 1A2B3C", "Ciudadano/a 1A2B3C"), which a named person must not pass for.
pub fn looks_like_pseudonym(name: &str) -> bool {
    let mut words = name.split_whitespace();
    let (Some(word), Some(code), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    let word = word.to_lowercase();
    let pseudonym_word =
        ["citizen", "ciudadano/a", "ciudadano", "ciudadana"].contains(&word.as_str());
    pseudonym_word && code.len() == 6 && code.chars().all(|c| c.is_ascii_hexdigit())
}

fn check_language(language: &str) -> Result<String, AccountError> {
    if LANGUAGES.contains(&language) {
        Ok(language.to_owned())
    } else {
        Err(AccountError::Invalid {
            field: "language",
            reason: format!("must be one of {}", LANGUAGES.join(", ")),
        })
    }
}

fn find_by_email(conn: &mut DbConnection, email: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

/// Inserts an account (a citizen, as everyone is); returns its id.
fn insert_user(
    conn: &mut DbConnection,
    email: &str,
    name: &str,
    password_hash: &str,
    language: &str,
    verified: bool,
) -> QueryResult<String> {
    let id = uuid::Uuid::new_v4().to_string();
    let now = Utc::now().naive_utc();
    diesel::insert_into(users::table)
        .values((
            users::id.eq(&id),
            users::email.eq(email),
            users::name.eq(name),
            users::password_hash.eq(password_hash),
            users::language.eq(language),
            users::email_verified_at.eq(verified.then_some(now)),
            users::session_epoch.eq(0),
            users::created_at.eq(now),
        ))
        .execute(conn)?;
    add_membership(conn, &id, Role::Citizen, "")?;
    Ok(id)
}

/// Creates an account and mails a verification link. An address that already has an account
/// gets a note instead; the caller sees the same answer either way.
pub fn signup(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    input: SignupInput,
) -> Result<(), AccountError> {
    let email = normalize_email(&input.email)?;
    password::check_strength(&input.password).map_err(|reason| AccountError::Invalid {
        field: "password",
        reason: reason.into(),
    })?;
    let name = check_name(&input.name)?;
    let language = check_language(&input.language)?;
    let hash = password::hash(&input.password).map_err(AccountError::Hash)?;
    let domain = settings.mail_domain();
    db::write(conn, |conn| {
        if let Some(existing) = find_by_email(conn, &email)? {
            let mail = Mail {
                recipient: existing.email.clone(),
                template: "account-exists",
                language: existing.language.clone(),
                context: context! { name => existing.name },
            };
            notify::enqueue(conn, &mail, &domain)?;
            return Ok(());
        }
        let id = insert_user(conn, &email, &name, &hash, &language, false)?;
        let token = new_one_time(
            conn,
            "verify",
            Some(&id),
            Some(&email),
            None,
            settings.verify_hours,
        )?;
        let mail = Mail {
            recipient: email.clone(),
            template: "verify-email",
            language,
            context: context! { name => name, link => settings.link("/verify", &token), hours => settings.verify_hours },
        };
        notify::enqueue(conn, &mail, &domain)?;
        Ok(())
    })
}

pub fn verify_email(conn: &mut DbConnection, token: &str) -> Result<(), AccountError> {
    db::write(conn, |conn| {
        let (user_id, _, _) = consume_one_time(conn, "verify", token)?;
        let user_id = user_id.ok_or(AccountError::BadToken)?;
        diesel::update(users::table.find(&user_id))
            .set(users::email_verified_at.eq(Utc::now().naive_utc()))
            .execute(conn)?;
        Ok(())
    })
}

/// Access and refresh tokens for an API client.
#[derive(Debug, Clone, Serialize)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
    pub expires_in: i64,
}

fn issue_pair(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    user: &UserRow,
) -> Result<TokenPair, AccountError> {
    let access_token = settings
        .signer
        .issue(&user.id, user.session_epoch)
        .map_err(|_| AccountError::Unauthorized)?;
    let (refresh_token, hash) = tokens::opaque();
    let now = Utc::now().naive_utc();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::user_id.eq(&user.id),
            refresh_tokens::expires_at.eq(now + Duration::days(settings.refresh_days)),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(TokenPair {
        access_token,
        refresh_token,
        token_type: "Bearer",
        expires_in: settings.signer.access_seconds,
    })
}

pub fn login(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    email: &str,
    password_text: &str,
) -> Result<TokenPair, AccountError> {
    let user = check_credentials(conn, email, password_text)?;
    db::write(conn, |conn| issue_pair(conn, settings, &user))
}

/// The account whose email and password these are, if it is verified.
fn check_credentials(
    conn: &mut DbConnection,
    email: &str,
    password_text: &str,
) -> Result<UserRow, AccountError> {
    let email = normalize_email(email).map_err(|_| AccountError::BadCredentials)?;
    let user = find_by_email(conn, &email)?;
    let Some(user) = user else {
        password::verify_dummy(password_text);
        return Err(AccountError::BadCredentials);
    };
    if !password::verify(password_text, &user.password_hash) {
        return Err(AccountError::BadCredentials);
    }
    if user.email_verified_at.is_none() {
        return Err(AccountError::NotVerified);
    }
    Ok(user)
}

/// A browser session: the cookie's token and the CSRF token its forms carry.
pub struct WebSession {
    pub token: String,
    pub csrf: String,
}

/// Signs a browser in. The cookie token is stored only as a hash.
pub fn web_signin(
    conn: &mut DbConnection,
    email: &str,
    password_text: &str,
    hours: i64,
) -> Result<WebSession, AccountError> {
    use crate::db::schema::web_sessions;
    let user = check_credentials(conn, email, password_text)?;
    let (token, hash) = tokens::opaque();
    let (csrf, _) = tokens::opaque();
    let now = Utc::now().naive_utc();
    db::write(conn, |conn| {
        diesel::insert_into(web_sessions::table)
            .values((
                web_sessions::token_hash.eq(hash),
                web_sessions::user_id.eq(&user.id),
                web_sessions::csrf_token.eq(&csrf),
                web_sessions::expires_at.eq(now + Duration::hours(hours)),
                web_sessions::created_at.eq(now),
            ))
            .execute(conn)?;
        Ok(WebSession { token, csrf })
    })
}

/// The person behind a session cookie, with the session's CSRF token.
pub fn web_session(
    conn: &mut DbConnection,
    token: &str,
) -> Result<(CurrentUser, String), AccountError> {
    use crate::db::schema::web_sessions;
    let now = Utc::now().naive_utc();
    let found: Option<(String, String)> = web_sessions::table
        .find(tokens::hash_opaque(token))
        .filter(web_sessions::revoked_at.is_null())
        .filter(web_sessions::expires_at.gt(now))
        .select((web_sessions::user_id, web_sessions::csrf_token))
        .first(conn)
        .optional()?;
    let (user_id, csrf) = found.ok_or(AccountError::Unauthorized)?;
    let user = users::table
        .find(&user_id)
        .select(UserRow::as_select())
        .first(conn)?;
    Ok((
        CurrentUser {
            memberships: memberships_of(conn, &user.id)?,
            id: user.id,
            email: user.email,
        },
        csrf,
    ))
}

pub fn web_signout(conn: &mut DbConnection, token: &str) -> Result<(), AccountError> {
    use crate::db::schema::web_sessions;
    db::write(conn, |conn| {
        diesel::update(web_sessions::table.find(tokens::hash_opaque(token)))
            .set(web_sessions::revoked_at.eq(Utc::now().naive_utc()))
            .execute(conn)?;
        Ok(())
    })
}

/// Exchanges a refresh token for a new pair; the old one is revoked (rotation). A token revoked
/// by rotation and presented again means it leaked: every session of that account is ended.
/// One revoked by signing out is simply refused (replaying it must not sign the person out
/// everywhere).
pub fn refresh(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    token: &str,
) -> Result<TokenPair, AccountError> {
    let hash = tokens::hash_opaque(token.trim());
    let now = Utc::now().naive_utc();
    let outcome = db::write(conn, |conn| {
        let row: Option<(String, NaiveDateTime, Option<NaiveDateTime>, bool)> =
            refresh_tokens::table
                .find(&hash)
                .select((
                    refresh_tokens::user_id,
                    refresh_tokens::expires_at,
                    refresh_tokens::revoked_at,
                    refresh_tokens::rotated,
                ))
                .first(conn)
                .optional()?;
        let Some((user_id, expires_at, revoked_at, rotated)) = row else {
            return Ok(Err(AccountError::Unauthorized));
        };
        if revoked_at.is_some() {
            if rotated {
                end_all_sessions(conn, &user_id)?;
            }
            return Ok(Err(AccountError::Unauthorized));
        }
        if expires_at <= now {
            return Ok(Err(AccountError::Unauthorized));
        }
        diesel::update(refresh_tokens::table.find(&hash))
            .set((
                refresh_tokens::revoked_at.eq(now),
                refresh_tokens::rotated.eq(true),
            ))
            .execute(conn)?;
        let user = users::table
            .find(&user_id)
            .select(UserRow::as_select())
            .first(conn)?;
        issue_pair(conn, settings, &user).map(Ok)
    });
    outcome?
}

/// Revokes one refresh token (signing out one client).
pub fn logout(conn: &mut DbConnection, token: &str) -> Result<(), AccountError> {
    let hash = tokens::hash_opaque(token.trim());
    db::write(conn, |conn| {
        diesel::update(
            refresh_tokens::table
                .find(&hash)
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(Utc::now().naive_utc()))
        .execute(conn)?;
        Ok(())
    })
}

fn end_all_sessions(conn: &mut DbConnection, user_id: &str) -> QueryResult<()> {
    use crate::db::schema::web_sessions;
    diesel::update(
        web_sessions::table
            .filter(web_sessions::user_id.eq(user_id))
            .filter(web_sessions::revoked_at.is_null()),
    )
    .set(web_sessions::revoked_at.eq(Utc::now().naive_utc()))
    .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Utc::now().naive_utc()))
    .execute(conn)?;
    diesel::update(users::table.find(user_id))
        .set(users::session_epoch.eq(users::session_epoch + 1))
        .execute(conn)?;
    // A reset link mailed earlier would otherwise still set a password after this.
    diesel::update(
        one_time_tokens::table
            .filter(one_time_tokens::user_id.eq(user_id))
            .filter(one_time_tokens::purpose.eq("reset"))
            .filter(one_time_tokens::used_at.is_null()),
    )
    .set(one_time_tokens::used_at.eq(Utc::now().naive_utc()))
    .execute(conn)?;
    Ok(())
}

/// What a person may change of their own account (the address is not: it is who they are).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileChange {
    pub name: String,
    pub language: String,
}

/// Changes a person's name (shown with feedback they did not make anonymous) and language.
pub fn update_profile(
    conn: &mut DbConnection,
    user_id: &str,
    change: &ProfileChange,
) -> Result<(), AccountError> {
    let name = check_name(&change.name)?;
    let language = check_language(&change.language)?;
    db::write(conn, |conn| {
        let n = diesel::update(users::table.find(user_id))
            .set((users::name.eq(&name), users::language.eq(&language)))
            .execute(conn)?;
        if n == 1 {
            Ok(())
        } else {
            Err(AccountError::NoSuchUser)
        }
    })
}

/// Changes a password, given the current one; every session and token ends, as after a reset.
pub fn change_password(
    conn: &mut DbConnection,
    user_id: &str,
    current: &str,
    new_password: &str,
) -> Result<(), AccountError> {
    let stored: String = users::table
        .find(user_id)
        .select(users::password_hash)
        .first(conn)
        .optional()?
        .ok_or(AccountError::NoSuchUser)?;
    if !password::verify(current, &stored) {
        return Err(AccountError::Invalid {
            field: "current_password",
            reason: "is not your current password".into(),
        });
    }
    password::check_strength(new_password).map_err(|reason| AccountError::Invalid {
        field: "password",
        reason: reason.into(),
    })?;
    let hash = password::hash(new_password).map_err(AccountError::Hash)?;
    db::write(conn, |conn| {
        diesel::update(users::table.find(user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        Ok(end_all_sessions(conn, user_id)?)
    })
}

/// Signs out everywhere: refresh tokens revoked, access tokens refused from now on.
pub fn logout_everywhere(conn: &mut DbConnection, user_id: &str) -> Result<(), AccountError> {
    db::write(conn, |conn| Ok(end_all_sessions(conn, user_id)?))
}

/// Mails a reset link if the address has an account; the caller's answer is the same either way.
pub fn request_password_reset(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    email: &str,
) -> Result<(), AccountError> {
    let Ok(email) = normalize_email(email) else {
        return Ok(());
    };
    let domain = settings.mail_domain();
    db::write(conn, |conn| {
        let Some(user) = find_by_email(conn, &email)? else {
            return Ok(());
        };
        let token = new_one_time(
            conn,
            "reset",
            Some(&user.id),
            Some(&email),
            None,
            settings.reset_hours,
        )?;
        let mail = Mail {
            recipient: user.email.clone(),
            template: "password-reset",
            language: user.language.clone(),
            context: context! { name => user.name, link => settings.link("/password-reset", &token), hours => settings.reset_hours },
        };
        notify::enqueue(conn, &mail, &domain)?;
        Ok(())
    })
}

/// Sets a new password from a reset link; every session ends. A reset link also proves the
/// address, so it verifies it.
pub fn confirm_password_reset(
    conn: &mut DbConnection,
    token: &str,
    new_password: &str,
) -> Result<(), AccountError> {
    password::check_strength(new_password).map_err(|reason| AccountError::Invalid {
        field: "password",
        reason: reason.into(),
    })?;
    let hash = password::hash(new_password).map_err(AccountError::Hash)?;
    db::write(conn, |conn| {
        let (user_id, _, _) = consume_one_time(conn, "reset", token)?;
        let user_id = user_id.ok_or(AccountError::BadToken)?;
        let now = Utc::now().naive_utc();
        diesel::update(users::table.find(&user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        diesel::update(
            users::table
                .find(&user_id)
                .filter(users::email_verified_at.is_null()),
        )
        .set(users::email_verified_at.eq(now))
        .execute(conn)?;
        end_all_sessions(conn, &user_id)?;
        Ok(())
    })
}

pub fn memberships_of(conn: &mut DbConnection, user_id: &str) -> QueryResult<Vec<Membership>> {
    memberships::table
        .filter(memberships::user_id.eq(user_id))
        .order((memberships::role, memberships::organization_id))
        .select((memberships::role, memberships::organization_id))
        .load(conn)
}

pub fn add_membership(
    conn: &mut DbConnection,
    user_id: &str,
    role: Role,
    organization_id: &str,
) -> QueryResult<()> {
    let exists = memberships::table
        .find((user_id, role.as_str(), organization_id))
        .count()
        .get_result::<i64>(conn)?;
    if exists == 0 {
        diesel::insert_into(memberships::table)
            .values((
                memberships::user_id.eq(user_id),
                memberships::role.eq(role.as_str()),
                memberships::organization_id.eq(organization_id),
                memberships::created_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn remove_membership(
    conn: &mut DbConnection,
    user_id: &str,
    role: Role,
    organization_id: &str,
) -> QueryResult<bool> {
    let n = diesel::delete(memberships::table.find((user_id, role.as_str(), organization_id)))
        .execute(conn)?;
    Ok(n > 0)
}

/// Checks a bearer access token: signature, audience, expiry, and that the account's sessions
/// were not ended since it was issued.
pub fn authenticate(
    conn: &mut DbConnection,
    signer: &Signer,
    token: &str,
) -> Result<CurrentUser, AccountError> {
    let claims = signer.verify(token).map_err(|e: TokenError| {
        tracing::debug!(error = %e, "access token refused");
        AccountError::Unauthorized
    })?;
    let user: Option<UserRow> = users::table
        .find(&claims.sub)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    let user = user.ok_or(AccountError::Unauthorized)?;
    if user.session_epoch != claims.epoch {
        return Err(AccountError::Unauthorized);
    }
    Ok(CurrentUser {
        memberships: memberships_of(conn, &user.id)?,
        id: user.id,
        email: user.email,
    })
}

/// What a person sees of their own account.
#[derive(Debug, Serialize)]
pub struct Me {
    pub id: String,
    pub email: String,
    pub name: String,
    pub language: String,
    pub email_verified: bool,
    pub memberships: Vec<Membership>,
}

pub fn me(conn: &mut DbConnection, user_id: &str) -> Result<Me, AccountError> {
    let user: UserRow = users::table
        .find(user_id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(AccountError::NoSuchUser)?;
    Ok(Me {
        memberships: memberships_of(conn, &user.id)?,
        id: user.id,
        email: user.email,
        name: user.name,
        language: user.language,
        email_verified: user.email_verified_at.is_some(),
    })
}

/// Creates a verified account with a role, for first deployments and scripts
/// (`veedor user create`). An existing account gets the role added.
pub fn create_verified(
    conn: &mut DbConnection,
    email: &str,
    password_text: &str,
    name: &str,
    role: Role,
    organization_id: &str,
) -> Result<String, AccountError> {
    let email = normalize_email(email)?;
    password::check_strength(password_text).map_err(|reason| AccountError::Invalid {
        field: "password",
        reason: reason.into(),
    })?;
    if role.needs_organization() == organization_id.is_empty() {
        return Err(AccountError::Invalid {
            field: "org",
            reason: if role.needs_organization() {
                format!("is required for the {} role", role.as_str())
            } else {
                format!("is not used by the {} role", role.as_str())
            },
        });
    }
    let hash = password::hash(password_text).map_err(AccountError::Hash)?;
    db::write(conn, |conn| {
        let id = match find_by_email(conn, &email)? {
            Some(user) => user.id,
            None => insert_user(conn, &email, &check_name(name)?, &hash, "en", true)?,
        };
        add_membership(conn, &id, role, organization_id)?;
        Ok(id)
    })
}

/// Queues an officer invitation (inside the caller's transaction).
pub fn invite(
    conn: &mut DbConnection,
    settings: &AccountSettings,
    agency_id: &str,
    agency_name: &str,
    email: &str,
) -> Result<(), AccountError> {
    let token = new_one_time(
        conn,
        "invite",
        None,
        Some(email),
        Some(agency_id),
        settings.invite_hours,
    )?;
    let language = find_by_email(conn, email)?
        .map(|u| u.language)
        .unwrap_or_else(|| "en".into());
    let mail = Mail {
        recipient: email.to_owned(),
        template: "officer-invitation",
        language,
        context: context! { agency => agency_name, link => settings.link("/invitations/accept", &token), hours => settings.invite_hours },
    };
    notify::enqueue(conn, &mail, &settings.mail_domain())?;
    Ok(())
}

/// Accepts an invitation: the signed-in account, whose address the invitation was sent to,
/// becomes an officer of the agency. Returns the agency id.
pub fn accept_invitation(
    conn: &mut DbConnection,
    user: &CurrentUser,
    token: &str,
) -> Result<String, AccountError> {
    db::write(conn, |conn| {
        let (_, email, agency) = consume_one_time(conn, "invite", token)?;
        let agency = agency.ok_or(AccountError::BadToken)?;
        if email.as_deref() != Some(user.email.as_str()) {
            return Err(AccountError::Invalid {
                field: "token",
                reason: "was sent to another address; sign in with that account".into(),
            });
        }
        add_membership(conn, &user.id, Role::Officer, &agency)?;
        Ok(agency)
    })
}

pub fn find_user_id(conn: &mut DbConnection, email: &str) -> Result<String, AccountError> {
    let email = normalize_email(email)?;
    find_by_email(conn, &email)?
        .map(|u| u.id)
        .ok_or(AccountError::NoSuchUser)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            normalize_email("  Ana@Example.ORG ").ok().as_deref(),
            Some("ana@example.org")
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.org",
            "a b@x.org",
            "a@x",
            "a@@x.org",
            "a@x.",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn roles_parse_and_know_their_organizations() {
        assert_eq!(Role::parse("officer"), Some(Role::Officer));
        assert_eq!(Role::parse("king"), None);
        assert!(Role::Officer.needs_organization());
        assert!(!Role::Admin.needs_organization());
    }
}
