//! The header's part about the reader. Public pages are cached once for everyone; for a
//! signed-in reader their name, their work (with how many items wait for them) and the
//! sign-out button are composed into the cached page on each request, between the markers
//! the layout leaves (`<!--person-->…<!--/person-->`).

use actix_web::{web, HttpRequest};
use minijinja::context;
use serde::Serialize;

use crate::accounts::CurrentUser;
use crate::http::{ApiError, AppState};
use crate::site::render::render;

const OPEN: &str = "<!--person-->";
const CLOSE: &str = "<!--/person-->";
/// Counted up to this; the header says "99+" beyond.
const WAITING_CAP: i64 = 100;

#[derive(Debug, Clone, Serialize)]
pub struct Person {
    pub name: String,
    /// The session's CSRF token, for the sign-out button.
    pub csrf: String,
    pub waiting: i64,
    pub waiting_label: String,
}

impl Person {
    fn new(name: String, csrf: String, waiting: i64) -> Person {
        Person {
            name,
            csrf,
            waiting,
            waiting_label: if waiting >= WAITING_CAP {
                format!("{}+", WAITING_CAP - 1)
            } else {
                waiting.to_string()
            },
        }
    }
}

/// The reader of a signed-in request, for a page that already knows who they are.
pub async fn of(
    state: &web::Data<AppState>,
    user: &CurrentUser,
    csrf: &str,
) -> Result<Person, ApiError> {
    let engine = state.engine.clone();
    let who = user.clone();
    let (name, waiting) = state
        .db(move |conn| name_and_waiting(conn, &engine, &who))
        .await?;
    Ok(Person::new(name, csrf.to_owned(), waiting))
}

fn name_and_waiting(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    user: &CurrentUser,
) -> Result<(String, i64), ApiError> {
    use diesel::prelude::*;
    let name: String = crate::db::schema::users::table
        .find(&user.id)
        .select(crate::db::schema::users::name)
        .first(conn)?;
    let waiting = crate::feedback::queues::waiting_for(conn, &engine.workflow, user, WAITING_CAP)?;
    Ok((name, waiting))
}

/// The reader behind a request's session cookie, if it opens a session: the session, their
/// name and their waiting work in one visit to the database.
pub async fn signed_in(
    req: &HttpRequest,
    state: &web::Data<AppState>,
) -> Result<Option<(CurrentUser, Person)>, ApiError> {
    let Some(token) = req
        .cookie(crate::http::caller::SESSION_COOKIE)
        .map(|c| c.value().to_owned())
    else {
        return Ok(None);
    };
    let engine = state.engine.clone();
    state
        .db(move |conn| {
            let (user, csrf) = match crate::accounts::web_session(conn, &token) {
                Ok(found) => found,
                Err(crate::accounts::AccountError::Unauthorized) => return Ok(None),
                Err(e) => return Err(e.into()),
            };
            let (name, waiting) = name_and_waiting(conn, &engine, &user)?;
            Ok(Some((user, Person::new(name, csrf, waiting))))
        })
        .await
}

/// `page` with the reader's part of the header in place of the anonymous one; `None` when the
/// page has no markers (it was rendered for one person already).
pub fn compose(page: &str, lang: &str, person: &Person) -> Result<Option<String>, ApiError> {
    let (Some(start), Some(end)) = (page.find(OPEN), page.find(CLOSE)) else {
        return Ok(None);
    };
    if end < start {
        return Ok(None);
    }
    let fragment = render(
        "person.html",
        context! { lang, person => minijinja::Value::from(minijinja::value::Serde(person)) },
    )?;
    let mut out = String::with_capacity(page.len() + fragment.len());
    out.push_str(&page[..start]);
    out.push_str(&fragment);
    out.push_str(&page[end + CLOSE.len()..]);
    Ok(Some(out))
}
