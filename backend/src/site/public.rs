//! Public pages, rendered on the server from `frontend/pages` with texts from the catalogues
//! (`i18n`): the process page (what was bought, and the feedback on it with each answer) and
//! the feedback page (the answer, the deadline, why it went where it went, the history).
//! Everything shown comes from `publish`, so nothing private reaches public HTML.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::value::{merge_maps, Serde};
use minijinja::{context, AutoEscape, Environment, State, Value};

use crate::http::{ApiError, AppState};
use crate::ocds::details::Details;
use crate::publish::{self, Filter};
use crate::site::{i18n, page_cache};

pub use crate::site::session::PAGE_TEMPLATES as PAGE_SOURCES;

/// Same policy as every page: no inline script or style.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

static PAGES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    for (file, source) in PAGE_SOURCES {
        // Templates are checked by the page tests; a broken one renders as a 500, logged.
        let _ = env.add_template(file, source);
    }
    env.add_filter("money", money);
    env.add_filter("day", day);
    env.add_filter("when", when);
    env.add_filter("who", who);
    env.add_function("t", |state: &State, key: &str| {
        let lang = state
            .lookup("lang")
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_else(|| i18n::DEFAULT.to_owned());
        i18n::text(&lang, key)
    });
    env
});

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/search", web::get().to(search))
        .route("/agencies", web::get().to(agencies))
        .route("/agencies/{id:.+}", web::get().to(agency))
        .route("/processes/{ocid:.+}", web::get().to(process))
        .route("/feedback/{id}", web::get().to(feedback));
}

pub(crate) fn render(name: &str, ctx: minijinja::Value) -> Result<String, ApiError> {
    PAGES
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(ApiError::internal)
}

/// A public page's response (any visitor may see it; the language is remembered when chosen).
pub(crate) fn html<B>(req: &HttpRequest, status: StatusCode, lang: &str, body: B) -> HttpResponse
where
    B: actix_web::body::MessageBody + 'static,
{
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((header::CONTENT_SECURITY_POLICY, CSP))
        .insert_header((header::CONTENT_LANGUAGE, lang.to_owned()))
        .insert_header((header::VARY, "Accept-Language, Cookie"))
        .body(body);
    i18n::remember_choice(req, &mut response);
    response
}

/// OCDS closed codelists shown on pages (procurementMethod, mainProcurementCategory,
/// tenderStatus); a publisher's other value is shown as published.
const METHODS: &[&str] = &["open", "selective", "limited", "direct"];
const PROCUREMENT_CATEGORIES: &[&str] = &["goods", "works", "services"];
const TENDER_STATUSES: &[&str] = &[
    "planning",
    "planned",
    "active",
    "cancelled",
    "unsuccessful",
    "complete",
    "withdrawn",
];

/// `amount | money(lang)`: digits grouped as the language writes them (1,234.50 / 1.234,50).
fn money(amount: f64, lang: &str) -> String {
    let (group, decimal) = if lang == "es" { ('.', ',') } else { (',', '.') };
    let cents = (amount.abs() * 100.0).round() as u128;
    let whole = (cents / 100).to_string();
    let mut out = String::with_capacity(whole.len() + whole.len() / 3 + 4);
    if amount < 0.0 {
        out.push('-');
    }
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            out.push(group);
        }
        out.push(digit);
    }
    if !cents.is_multiple_of(100) {
        out.push(decimal);
        out.push_str(&format!("{:02}", cents % 100));
    }
    out
}

/// `timestamp | day`: the date part of a stored timestamp (ISO 8601, clear in every language).
fn day(value: &str) -> String {
    value.get(..10).unwrap_or(value).to_owned()
}

/// `timestamp | when`: date, hours and minutes of a stored UTC timestamp.
fn when(value: &str) -> String {
    match value.get(..16) {
        Some(minutes) => format!("{} UTC", minutes.replacen('T', " ", 1)),
        None => value.to_owned(),
    }
}

/// `author | who(lang)`: a pseudonym ("Citizen 1A2B3C", as stored and published in open data)
/// in the page's language; names stay as written.
fn who(author: &str, lang: &str) -> String {
    match author.strip_prefix("Citizen ") {
        Some(code) if code.len() == 6 && code.bytes().all(|b| b.is_ascii_hexdigit()) => {
            format!("{} {code}", i18n::text(lang, "feedback.citizen"))
        }
        _ => author.to_owned(),
    }
}

/// Labels of states, outcomes and kinds in `lang` (catalogue, else the workflow's label).
pub(crate) fn labels(state: &AppState, lang: &str) -> minijinja::Value {
    let label = |prefix: &str, id: &str, fallback: &str| {
        let key = format!("{prefix}.{id}");
        if i18n::has(lang, &key) {
            i18n::text(lang, &key)
        } else {
            fallback.to_owned()
        }
    };
    let states: BTreeMap<String, String> = state
        .engine
        .workflow
        .states
        .values()
        .map(|s| (s.id.clone(), label("state", &s.id, &s.label)))
        .collect();
    let outcomes: BTreeMap<String, String> = [
        "resolved",
        "not_resolved",
        "rejected",
        "duplicate",
        "withdrawn",
    ]
    .iter()
    .map(|o| ((*o).to_owned(), label("outcome", o, o)))
    .collect();
    let kinds: BTreeMap<String, String> = crate::feedback::categories::KINDS
        .iter()
        .map(|k| ((*k).to_owned(), label("kind", k, k)))
        .collect();
    let codes = |prefix: &str, list: &[&str]| -> BTreeMap<String, String> {
        list.iter()
            .map(|c| ((*c).to_owned(), label(prefix, c, c)))
            .collect()
    };
    context! {
        state_labels => states,
        outcome_labels => outcomes,
        kind_labels => kinds,
        stage_labels => codes("stage", crate::feedback::STAGES),
        method_labels => codes("method", METHODS),
        procurement_category_labels => codes("procurement_category", PROCUREMENT_CATEGORIES),
        status_labels => codes("status", TENDER_STATUSES),
    }
}

/// A rendered page: its status and HTML.
type Page = Result<(StatusCode, String), ApiError>;

fn not_found(lang: &str, message: &str) -> Page {
    let body = render("not_found.html", context! { lang, message })?;
    Ok((StatusCode::NOT_FOUND, body))
}

/// `GET /processes/{ocid}`
pub async fn process(
    req: HttpRequest,
    ocid: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let ocid = ocid.into_inner();
    page_cache::serve(&req, &state.clone(), |lang| process_page(state, ocid, lang)).await
}

async fn process_page(state: web::Data<AppState>, ocid: String, lang: &'static str) -> Page {
    let found = state
        .db(move |conn| {
            let Some(row) = crate::ocds::store::find_process(conn, &ocid)? else {
                return Ok(None);
            };
            let filter = Filter {
                ocid: Some(ocid.clone()),
                ..Filter::default()
            };
            let (total, items) = publish::list(conn, &filter, 1, 100)?;
            // Items, awards, suppliers and documents come from the compiled release; a process
            // that cannot be compiled still has its page, without them.
            let details = match crate::ocds::records::record(conn, &ocid, false) {
                Ok(Some(record)) => Details::from_compiled(&record.compiled_release),
                Ok(None) => Details::default(),
                Err(e) => {
                    tracing::warn!(%ocid, error = %e, "process page without details");
                    Details::default()
                }
            };
            Ok(Some((row, details, total, items)))
        })
        .await?;
    let Some((row, details, total, items)) = found else {
        return not_found(lang, "process.not_found");
    };
    let body = render(
        "process.html",
        context! {
            lang,
            process => Value::from(Serde(&row)),
            details => Value::from(Serde(&details)),
            total,
            feedback => Value::from(Serde(&items)),
            ..labels(&state, lang)
        },
    )?;
    Ok((StatusCode::OK, body))
}

#[derive(serde::Serialize)]
struct EventLine {
    created_at: chrono::NaiveDateTime,
    to_state: String,
    actor: String,
    comment: Option<String>,
}

/// `GET /feedback/{id}`
pub async fn feedback(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    page_cache::serve(&req, &state.clone(), |lang| feedback_page(state, id, lang)).await
}

async fn feedback_page(state: web::Data<AppState>, id: String, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let found = state
        .db(move |conn| {
            let Some(item) = publish::one(conn, &id)? else {
                return Ok(None);
            };
            let events = publish::history(conn, &engine.workflow, &item)?;
            let process = crate::ocds::store::find_process(conn, &item.ocid)?;
            let agency = match item.agency_id.as_deref() {
                Some(a) => crate::agencies::find(conn, a)?.map(|a| a.name),
                None => None,
            };
            Ok(Some((item, events, process, agency)))
        })
        .await?;
    let Some((item, events, process, agency)) = found else {
        return not_found(lang, "feedback.not_found");
    };
    let deadline_missed = item.deadline_missed;
    let now = chrono::Utc::now().naive_utc();
    let lines: Vec<EventLine> = events
        .into_iter()
        .map(|e| EventLine {
            actor: match (&e.actor.name, &e.actor.organization) {
                (Some(name), _) => name.clone(),
                (None, Some(org)) => format!("{}, {org}", e.actor.role),
                (None, None) if e.actor.role == "system" => "Veedor".into(),
                (None, None) => e.actor.role.clone(),
            },
            created_at: e.created_at,
            to_state: e.to_state,
            comment: e.comment,
        })
        .collect();
    let body = render(
        "feedback.html",
        context! {
            lang,
            // Overdue for the public: the agency owes an answer and its deadline has passed.
            overdue => crate::feedback::queues::deadline_passed(item.due_at, None, now)
                && state.engine.workflow.meaning(&item.state)
                    == crate::workflow::definition::Meaning::WithAgency,
            item => Value::from(Serde(&item)),
            events => Value::from(Serde(&lines)),
            deadline_missed,
            process_title => process.and_then(|p| p.title),
            agency_name => agency,
            ..labels(&state, lang)
        },
    )?;
    Ok((StatusCode::OK, body))
}

fn figures(card: &publish::Scorecard) -> minijinja::Value {
    context! { card => Value::from(Serde(card)), satisfaction => card.satisfaction() }
}

/// `GET /`: search, headline figures, latest answers.
pub async fn home(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    page_cache::serve(&req, &state.clone(), |lang| home_page(state, lang)).await
}

async fn home_page(state: web::Data<AppState>, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let (card, latest) = state
        .db(move |conn| {
            let now = chrono::Utc::now().naive_utc();
            Ok((
                publish::scorecard(conn, None, &engine.workflow, now)?,
                publish::latest_answers(conn, None, 10)?,
            ))
        })
        .await?;
    let body = render(
        "home.html",
        context! {
            lang,
            latest => Value::from(Serde(&latest)),
            ..merge_maps([figures(&card), labels(&state, lang)])
        },
    )?;
    Ok((StatusCode::OK, body))
}

/// `GET /search`: processes with filters and result counts.
pub async fn search(
    req: HttpRequest,
    query: web::Query<crate::http::queries::ListQuery>,
    raw: web::Query<BTreeMap<String, String>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    // Only what the page reads is carried into its links (and its cache key).
    let raw: BTreeMap<String, String> = raw
        .into_inner()
        .into_iter()
        .filter(|(k, _)| page_cache::PAGE_PARAMS.contains(&k.as_str()))
        .collect();
    page_cache::serve(&req, &state.clone(), |lang| {
        search_page(state, query, raw, lang)
    })
    .await
}

async fn search_page(
    state: web::Data<AppState>,
    query: crate::http::queries::ListQuery,
    raw: BTreeMap<String, String>,
    lang: &'static str,
) -> Page {
    let per_page = 20;
    let page: i64 = raw
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    let (status, error, results) = match query.filter() {
        Ok(filter) => {
            let found = state
                .db(move |conn| Ok(crate::ocds::search::search(conn, &filter, page, per_page)?))
                .await?;
            (StatusCode::OK, None, Some(found))
        }
        Err(e) => (StatusCode::BAD_REQUEST, Some(e.message().to_owned()), None),
    };
    let with_page = |n: i64| {
        let mut q = raw.clone();
        q.insert("page".into(), n.to_string());
        serde_urlencoded::to_string(&q).unwrap_or_default()
    };
    let body = render(
        "search.html",
        context! {
            lang,
            query => Value::from(Serde(&raw)),
            error,
            total => results.as_ref().map(|r| r.total).unwrap_or(0),
            results => Value::from(Serde(results.as_ref().map(|r| &r.items))),
            page,
            per_page,
            prev_query => with_page(page - 1),
            next_query => with_page(page + 1),
            ..labels(&state, lang)
        },
    )?;
    Ok((status, body))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct AgenciesQuery {
    #[serde(default)]
    q: Option<String>,
    #[serde(default)]
    page: Option<i64>,
}

#[derive(serde::Serialize)]
struct AgencyLine {
    id: String,
    name: String,
    received: i64,
}

/// `GET /agencies`: the directory, by name, with how much feedback each received.
pub async fn agencies(
    req: HttpRequest,
    query: web::Query<AgenciesQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    page_cache::serve(&req, &state.clone(), |lang| {
        agencies_page(state, query, lang)
    })
    .await
}

async fn agencies_page(
    state: web::Data<AppState>,
    query: AgenciesQuery,
    lang: &'static str,
) -> Page {
    let per_page = 50;
    let page = query.page.unwrap_or(1).max(1);
    let q = query.q.clone().filter(|q| !q.trim().is_empty());
    let (total, lines) = state
        .db(move |conn| {
            let (total, found) = crate::agencies::list(conn, q.as_deref(), page, per_page)?;
            let ids: Vec<String> = found.iter().map(|a| a.id.clone()).collect();
            let received = publish::received_by(conn, &ids)?;
            let lines: Vec<AgencyLine> = found
                .into_iter()
                .map(|a| AgencyLine {
                    received: received.get(&a.id).copied().unwrap_or(0),
                    id: a.id,
                    name: a.name,
                })
                .collect();
            Ok((total, lines))
        })
        .await?;
    let body = render(
        "agencies.html",
        context! {
            lang,
            q => query.q,
            total,
            page,
            more => page.saturating_mul(per_page) < total,
            agencies => Value::from(Serde(&lines)),
        },
    )?;
    Ok((StatusCode::OK, body))
}

/// `GET /agencies/{id}`: the agency's scorecard, processes and feedback.
pub async fn agency(
    req: HttpRequest,
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    page_cache::serve(&req, &state.clone(), |lang| agency_page(state, id, lang)).await
}

async fn agency_page(state: web::Data<AppState>, id: String, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let found = state
        .db(move |conn| {
            let Some(agency) = crate::agencies::find(conn, &id)? else {
                return Ok(None);
            };
            let now = chrono::Utc::now().naive_utc();
            let card = publish::scorecard(conn, Some(&id), &engine.workflow, now)?;
            let filter = crate::ocds::search::ProcessFilter {
                buyer: Some(id.clone()),
                ..Default::default()
            };
            let processes = crate::ocds::search::search(conn, &filter, 1, 20)?;
            let feedback_filter = Filter {
                agency: Some(id.clone()),
                ..Filter::default()
            };
            let (feedback_total, feedback) = publish::list(conn, &feedback_filter, 1, 50)?;
            Ok(Some((agency, card, processes, feedback_total, feedback)))
        })
        .await?;
    let Some((agency, card, processes, feedback_total, feedback)) = found else {
        return not_found(lang, "agency.not_found");
    };
    let body = render(
        "agency.html",
        context! {
            lang,
            agency => Value::from(Serde(&agency)),
            process_total => processes.total,
            processes => Value::from(Serde(&processes.items)),
            feedback_total,
            feedback => Value::from(Serde(&feedback)),
            ..merge_maps([figures(&card), labels(&state, lang)])
        },
    )?;
    Ok((StatusCode::OK, body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_as_each_language_writes_it() {
        assert_eq!(money(3_848_000.0, "en"), "3,848,000");
        assert_eq!(money(3_848_000.0, "es"), "3.848.000");
        assert_eq!(money(1234.5, "en"), "1,234.50");
        assert_eq!(money(1234.5, "es"), "1.234,50");
        assert_eq!(money(999.0, "en"), "999");
        assert_eq!(money(-1000.0, "en"), "-1,000");
        assert_eq!(day("2025-09-08T06:40:00"), "2025-09-08");
        assert_eq!(day("bad"), "bad");
        assert_eq!(when("2026-11-22T05:38:52.123456"), "2026-11-22 05:38 UTC");
        assert_eq!(who("Citizen 1A2B3C", "es"), "Ciudadano/a 1A2B3C");
        assert_eq!(who("Citizen Kane", "es"), "Citizen Kane");
    }
}
