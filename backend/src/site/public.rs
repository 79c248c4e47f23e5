//! Public pages, rendered on the server from `frontend/pages` with texts from the catalogues
//! (`i18n`): the process page (what was bought, and the feedback on it with each answer) and
//! the feedback page (the answer, the deadline, why it went where it went, the history).
//! Everything shown comes from `publish`, so nothing private reaches public HTML.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use minijinja::value::{merge_maps, Serde};
use minijinja::{context, Value};

use crate::http::{ApiError, AppState};
use crate::ocds::details::Details;
use crate::publish::{self, Filter};
use crate::site::{i18n, page_cache};

pub use crate::site::render::{labels, render, PAGE_SOURCES};

/// Same policy as every page: no inline script or style.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(home))
        .route("/search", web::get().to(search))
        .route("/agencies", web::get().to(agencies))
        .route("/agencies/{id:.+}", web::get().to(agency))
        .route("/processes/{ocid:.+}", web::get().to(process))
        .route("/about", web::get().to(about))
        .route("/how-it-works", web::get().to(how_it_works))
        .route("/privacy", web::get().to(privacy))
        .route("/open-data", web::get().to(open_data));
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
    page_cache::serve(
        &req,
        &state.clone(),
        vec![
            publish::topic::process(&ocid),
            publish::topic::INDICATORS.to_owned(),
        ],
        |lang| process_page(state, ocid, lang),
    )
    .await
}

async fn process_page(state: web::Data<AppState>, ocid: String, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let found = state
        .db(move |conn| {
            let Some(row) = crate::ocds::store::find_process(conn, &ocid)? else {
                return Ok(None);
            };
            let filter = Filter {
                ocid: Some(ocid.clone()),
                ..Filter::default()
            };
            let (total, items) = publish::list(conn, &filter, &engine.publication, 1, 100)?;
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
            let flags = crate::risk::read::of_process(conn, &ocid)?;
            let organizations = crate::risk::read::of_process_organizations(conn, &ocid)?;
            Ok(Some((row, details, total, items, flags, organizations)))
        })
        .await?;
    let Some((row, details, total, items, flags, organizations)) = found else {
        return not_found(lang, "process.not_found");
    };
    let flags: Vec<_> = flags
        .iter()
        .map(|f| crate::site::indicators::view(f, lang))
        .collect();
    let organization_flags = crate::site::indicators::by_organization(&organizations, lang);
    let body = render(
        "process.html",
        context! {
            lang,
            process => Value::from(Serde(&row)),
            details => Value::from(Serde(&details)),
            total,
            feedback => Value::from(Serde(&items)),
            flags => Value::from(Serde(&flags)),
            organization_flags => Value::from(Serde(&organization_flags)),
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
    page_cache::serve(
        &req,
        &state.clone(),
        vec![
            publish::topic::FEEDBACK.to_owned(),
            publish::topic::PROCESSES.to_owned(),
            publish::topic::AGENCIES.to_owned(),
        ],
        |lang| home_page(state, lang),
    )
    .await
}

async fn home_page(state: web::Data<AppState>, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let (card, latest) = state
        .db(move |conn| {
            let now = chrono::Utc::now().naive_utc();
            Ok((
                publish::kept_scorecard(conn, None, &engine.workflow, now)?,
                publish::latest_answers(conn, None, &engine.publication, 10)?,
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
    // A process identifier pasted into the search box opens its page.
    if let Some(ocid) = query.words().map(str::trim).filter(|q| looks_like_ocid(q)) {
        let lookup = ocid.to_owned();
        let found = state
            .db(move |conn| Ok(crate::ocds::store::find_process(conn, &lookup)?))
            .await?;
        if let Some(process) = found {
            let to = format!(
                "/processes/{}",
                url::form_urlencoded::byte_serialize(process.ocid.as_bytes()).collect::<String>()
            );
            return Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, to))
                .finish());
        }
    }
    // Only what the page reads is carried into its links (and its cache key).
    let raw: BTreeMap<String, String> = raw
        .into_inner()
        .into_iter()
        .filter(|(k, _)| page_cache::PAGE_PARAMS.contains(&k.as_str()))
        .collect();
    page_cache::serve(
        &req,
        &state.clone(),
        vec![
            publish::topic::FEEDBACK.to_owned(),
            publish::topic::PROCESSES.to_owned(),
            publish::topic::INDICATORS.to_owned(),
        ],
        |lang| search_page(state, query, raw, lang),
    )
    .await
}

async fn search_page(
    state: web::Data<AppState>,
    query: crate::http::queries::ListQuery,
    raw: BTreeMap<String, String>,
    lang: &'static str,
) -> Page {
    let per_page = 20;
    // Deep pages are capped where the count is: narrower words or filters reach the rest.
    let asked: i64 = raw
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .clamp(1, crate::ocds::search::COUNT_CAP / per_page);
    let (status, error, found) = match query.filter() {
        Ok(mut filter) => {
            let found = state
                .db(move |conn| {
                    // The buyer by name: the agencies whose names hold the words typed (an
                    // identifier typed whole still names one agency).
                    if let Some(typed) = filter.buyer.take() {
                        filter.buyer_in = Some(match crate::agencies::find(conn, &typed)? {
                            Some(agency) => vec![agency.id],
                            None => crate::agencies::list(conn, Some(&typed), 1, 100)?
                                .1
                                .into_iter()
                                .map(|a| a.id)
                                .collect(),
                        });
                    }
                    let mut found = crate::ocds::search::search(conn, &filter, asked, per_page)?;
                    // Past the last page: the last page, not an empty list.
                    let last = (found.total + per_page - 1) / per_page;
                    if found.items.is_empty() && found.total > 0 && asked > last {
                        found = crate::ocds::search::search(conn, &filter, last, per_page)?;
                    }
                    let ocids: Vec<String> = found.items.iter().map(|p| p.ocid.clone()).collect();
                    let counts = publish::received_on(conn, &ocids)?;
                    let flags = crate::risk::read::flag_codes(conn, &ocids)?;
                    Ok((found, counts, flags))
                })
                .await?;
            (StatusCode::OK, None, Some(found))
        }
        Err(e) => {
            let field = e.field().unwrap_or("q").to_owned();
            let message = i18n::field_error(lang, "search", &field, e.message());
            (StatusCode::BAD_REQUEST, Some((field, message)), None)
        }
    };
    let total = found.as_ref().map(|(r, ..)| r.total).unwrap_or(0);
    let capped = found.as_ref().is_some_and(|(r, ..)| r.capped);
    let page = found.as_ref().map(|(r, ..)| r.page).unwrap_or(1);
    let pager = crate::site::pager::pager(page, total, per_page, |n| {
        let mut q = raw.clone();
        q.insert("page".into(), n.to_string());
        format!("?{}", serde_urlencoded::to_string(&q).unwrap_or_default())
    });
    let body = render(
        "search.html",
        context! {
            lang,
            section => "/search",
            query => Value::from(Serde(&raw)),
            error_field => error.as_ref().map(|e| e.0.clone()),
            error => error.map(|e| e.1),
            total_label => i18n::text_with(
                lang,
                if capped { "search.found_more" } else { "search.found" },
                Some(&count_arg(total)),
            ),
            results => Value::from(Serde(found.as_ref().map(|(r, ..)| &r.items))),
            feedback_counts => Value::from(Serde(found.as_ref().map(|(_, c, _)| c))),
            flag_codes => Value::from(Serde(found.as_ref().map(|(.., f)| f))),
            pager => Value::from(Serde(&pager)),
            ..labels(&state, lang)
        },
    )?;
    Ok((status, body))
}

/// Whether a search could be an ocid: one token with a dash, as every ocid has
/// (`ocds-213czf-000-00001`); anything else is searched as words.
fn looks_like_ocid(q: &str) -> bool {
    q.len() <= 200 && q.contains('-') && !q.chars().any(char::is_whitespace)
}

/// `{ $n }` for a catalogue message.
fn count_arg(n: i64) -> fluent_bundle::FluentArgs<'static> {
    let mut args = fluent_bundle::FluentArgs::new();
    args.set("n", n);
    args
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
    page_cache::serve(
        &req,
        &state.clone(),
        vec![
            publish::topic::AGENCIES.to_owned(),
            publish::topic::FEEDBACK.to_owned(),
        ],
        |lang| agencies_page(state, query, lang),
    )
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
    let pager = crate::site::pager::pager(page, total, per_page, |n| match &query.q {
        Some(q) => format!(
            "?q={}&page={n}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        ),
        None => format!("?page={n}"),
    });
    let body = render(
        "agencies.html",
        context! {
            lang,
            q => query.q,
            total,
            pager => Value::from(Serde(&pager)),
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
    page_cache::serve(
        &req,
        &state.clone(),
        vec![
            publish::topic::agency(&id),
            publish::topic::PROCESSES.to_owned(),
            publish::topic::INDICATORS.to_owned(),
        ],
        |lang| agency_page(state, id, lang),
    )
    .await
}

async fn agency_page(state: web::Data<AppState>, id: String, lang: &'static str) -> Page {
    let engine = state.engine.clone();
    let found = state
        .db(move |conn| {
            let Some(agency) = crate::agencies::find(conn, &id)? else {
                return Ok(None);
            };
            let now = chrono::Utc::now().naive_utc();
            let card = publish::kept_scorecard(conn, Some(&id), &engine.workflow, now)?;
            let filter = crate::ocds::search::ProcessFilter {
                buyer: Some(id.clone()),
                ..Default::default()
            };
            let processes = crate::ocds::search::search(conn, &filter, 1, 20)?;
            let feedback_filter = Filter {
                agency: Some(id.clone()),
                ..Filter::default()
            };
            let (feedback_total, feedback) =
                publish::list(conn, &feedback_filter, &engine.publication, 1, 50)?;
            let own = crate::risk::read::of_agency(conn, &id)?;
            let by_indicator = crate::risk::read::agency_process_counts(conn, &id)?;
            Ok(Some((
                agency,
                card,
                processes,
                feedback_total,
                feedback,
                own,
                by_indicator,
            )))
        })
        .await?;
    let Some((agency, card, processes, feedback_total, feedback, own, by_indicator)) = found else {
        return not_found(lang, "agency.not_found");
    };
    let own_flags = crate::site::indicators::agency_views(&own, lang);
    let names = crate::site::indicators::names(lang);
    let process_flags: Vec<(String, String, i64)> = by_indicator
        .into_iter()
        .map(|(code, n)| (names.get(&code).cloned().unwrap_or_default(), code, n))
        .collect();
    let body = render(
        "agency.html",
        context! {
            lang,
            agency => Value::from(Serde(&agency)),
            process_total => processes.total,
            processes => Value::from(Serde(&processes.items)),
            feedback_total,
            feedback => Value::from(Serde(&feedback)),
            own_flags => Value::from(Serde(&own_flags)),
            process_flags => Value::from(Serde(&process_flags)),
            ..merge_maps([figures(&card), labels(&state, lang)])
        },
    )?;
    Ok((StatusCode::OK, body))
}

/// `GET /about`: what Veedor is, and the publication policy as configured.
pub async fn about(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    page_cache::serve(&req, &state.clone(), vec![], |lang| async move {
        let policy = &state.engine.publication;
        let kinds: Vec<minijinja::Value> = policy
            .rules()
            .into_iter()
            .map(|(kind, when)| context! { kind, when })
            .collect();
        let withheld: Vec<String> = policy
            .withheld_outcomes
            .iter()
            .map(|o| i18n::text(lang, &format!("outcome.{o}")))
            .collect();
        let body = render(
            "about.html",
            context! {
                lang,
                policy => context! { kinds, withheld },
                ..labels(&state, lang)
            },
        )?;
        Ok((StatusCode::OK, body))
    })
    .await
}

/// `GET /how-it-works`: the redress loop, with the deadlines and bodies as configured.
pub async fn how_it_works(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    use crate::workflow::definition::{DayKind, Meaning};
    page_cache::serve(&req, &state.clone(), vec![], |lang| async move {
        let workflow = &state.engine.workflow;
        // The first deadline of a state with this meaning, and whether it counts working days.
        let deadline = |meaning: Meaning| {
            workflow
                .states
                .values()
                .filter(|s| workflow.meaning(&s.id) == meaning)
                .find_map(|s| s.deadline.as_ref())
                .map(|d| {
                    (
                        d.days,
                        if d.kind == DayKind::Working {
                            "yes"
                        } else {
                            "no"
                        },
                    )
                })
        };
        let answer = deadline(Meaning::WithAgency);
        let escalation = deadline(Meaning::Escalated);
        let oversight: Vec<String> = state
            .engine
            .oversight
            .iter()
            .map(|b| b.name.clone())
            .collect();
        let body = render(
            "how.html",
            context! {
                lang,
                answer_days => answer.map(|a| a.0),
                answer_working => answer.map(|a| a.1),
                escalation_days => escalation.map(|e| e.0),
                escalation_working => escalation.map(|e| e.1),
                oversight,
            },
        )?;
        Ok((StatusCode::OK, body))
    })
    .await
}

/// `GET /privacy`
pub async fn privacy(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    page_cache::serve(&req, &state, vec![], |lang| async move {
        Ok((StatusCode::OK, render("privacy.html", context! { lang })?))
    })
    .await
}

/// `GET /open-data`: every download, feed and API, and how to get a key.
pub async fn open_data(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    page_cache::serve(
        &req,
        &state,
        vec![
            publish::topic::FEEDBACK.to_owned(),
            publish::topic::PROCESSES.to_owned(),
        ],
        |lang| async move { Ok((StatusCode::OK, render("open_data.html", context! { lang })?)) },
    )
    .await
}
