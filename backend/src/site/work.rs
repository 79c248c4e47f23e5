//! Signed-in work pages: my feedback (complainants), the triage queue (moderators), the agency
//! inbox (officers), escalations (oversight). Each item lists the actions the workflow allows
//! that person, and nothing else, as plain forms (CSRF token, post-redirect-get) that go
//! through the same `Engine::transition` as the API.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::{Deserialize, Serialize};

use crate::accounts::CurrentUser;
use crate::feedback::FeedbackError;
use crate::http::{ApiError, AppState};
use crate::site::i18n;
use crate::site::session::{forbidden_form, page, redirect, session, to_signin};
use crate::workflow::engine::Actor;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/work", web::get().to(work))
        .route("/work/reveals", web::get().to(reveals))
        .route("/work/sources", web::get().to(sources))
        // Before the process page's greedy `{ocid:.+}` route.
        .route("/processes/{ocid:.+}/give", web::get().to(give_form))
        .route("/processes/{ocid:.+}/give", web::post().to(give));
}

#[derive(Serialize)]
struct Row {
    id: String,
    ocid: String,
    process_title: Option<String>,
    kind: String,
    category: String,
    state: String,
    description: String,
    created_at: chrono::NaiveDateTime,
    due_at: Option<chrono::NaiveDateTime>,
    overdue: bool,
    attachments: i64,
    /// The risk indicators that flag the item's process (codes).
    risk_flags: Vec<String>,
    /// How many moves the workflow allows this person on the item now.
    actions: Vec<String>,
}

#[derive(Serialize)]
struct Queue {
    /// Catalogue key of its title.
    key: &'static str,
    /// Catalogue key of a line saying what the list is for.
    hint: Option<&'static str>,
    organization: Option<String>,
    total: i64,
    rows: Vec<Row>,
    /// The address of the next items of this list, when there are more.
    more: Option<String>,
}

/// What the work page's filters ask.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct WorkQuery {
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    sort: Option<String>,
    #[serde(default)]
    overdue: Option<String>,
    /// Only this list (its position among the person's lists): an officer of many agencies
    /// looks at one.
    #[serde(default)]
    only: Option<usize>,
    /// Which list to page through (its position on the page), and to which page.
    #[serde(default)]
    list: Option<usize>,
    #[serde(default)]
    page: Option<i64>,
}

const PER_LIST: i64 = 20;

/// Every list a person works, as `(position, title key, organization name)`, for the filter.
type ListNames = Vec<(usize, &'static str, Option<String>)>;

fn queues(
    state: &AppState,
    user: &CurrentUser,
    query: &WorkQuery,
    conn: &mut crate::db::DbConnection,
) -> Result<(Vec<Queue>, ListNames), ApiError> {
    use crate::feedback::queues::{Narrowing, Order, Queue as Kind};
    let now = Utc::now().naive_utc();
    let narrowing = Narrowing {
        category: query.category.clone().filter(|c| !c.is_empty()),
        state: query.state.clone().filter(|c| !c.is_empty()),
        overdue_at: query.overdue.is_some().then_some(now),
    };
    let narrowed =
        narrowing.category.is_some() || narrowing.state.is_some() || narrowing.overdue_at.is_some();
    let mut out = Vec::new();
    let mut names = Vec::new();
    let worked = Kind::worked_by(user);
    let works_for_others = worked.len() > 1;
    for (position, kind) in worked.into_iter().enumerate() {
        let order = match query.sort.as_deref() {
            Some("age") => Order::Age,
            Some("deadline") => Order::Deadline,
            Some("risk") => Order::Risk,
            _ => kind.natural_order(),
        };
        let page = if query.list == Some(position) {
            query.page.unwrap_or(1).clamp(1, 10_000)
        } else {
            1
        };
        let (total, items) = kind.page_narrowed(
            conn,
            &state.engine.workflow,
            &narrowing,
            order,
            page,
            PER_LIST,
        )?;
        let (key, hint, organization) = match &kind {
            Kind::Mine(_) => ("work.mine", Some("work.mine_hint"), None),
            Kind::Triage => ("work.triage", Some("work.triage_hint"), None),
            Kind::Agency(org) => ("work.inbox", Some("work.inbox_hint"), Some(org.clone())),
            Kind::Oversight(org) => (
                "work.escalations",
                Some("work.escalations_hint"),
                Some(org.clone()),
            ),
        };
        let organization = match organization {
            Some(org) => Some(
                crate::agencies::organization_name(conn, &state.engine.oversight, &org)?
                    .unwrap_or(org),
            ),
            None => None,
        };
        names.push((position, key, organization.clone()));
        // Lists with nothing in them are left out, but for the own feedback of someone who
        // only files (where they learn what the list is for); so are lists not asked for.
        let empty_skipped =
            total == 0 && (narrowed || works_for_others || !matches!(kind, Kind::Mine(_)));
        if empty_skipped || query.only.is_some_and(|only| only != position) {
            continue;
        }
        let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
        let files = crate::feedback::attachments::count_by_item(conn, &ids)?;
        let ocids: Vec<String> = items.iter().map(|i| i.ocid.clone()).collect();
        let flags = crate::risk::read::flag_codes(conn, &ocids)?;
        let mut rows = Vec::with_capacity(items.len());
        for item in items {
            let actions = state
                .engine
                .allowed(&item, Actor::Person(user))
                .into_iter()
                .map(|t| t.id.clone())
                .collect();
            let process_title =
                crate::ocds::store::find_process(conn, &item.ocid)?.and_then(|p| p.title);
            rows.push(Row {
                overdue: crate::feedback::queues::is_overdue(&item, now),
                attachments: files.get(&item.id).copied().unwrap_or(0),
                risk_flags: flags.get(&item.ocid).cloned().unwrap_or_default(),
                process_title,
                actions,
                id: item.id,
                ocid: item.ocid,
                kind: item.kind,
                category: item.category,
                state: item.state,
                description: item.description,
                created_at: item.created_at,
                due_at: item.due_at,
            });
        }
        let more = (page * PER_LIST < total).then(|| {
            let mut next = query.clone();
            next.list = Some(position);
            next.page = Some(page + 1);
            format!(
                "/work?{}",
                serde_urlencoded::to_string(&next).unwrap_or_default()
            )
        });
        out.push(Queue {
            key,
            hint,
            organization,
            total,
            rows,
            more,
        });
    }
    Ok((out, names))
}

async fn work_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    query: WorkQuery,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(req, state).await? else {
        return Ok(to_signin(req));
    };
    let lang = i18n::negotiate(req);
    let st = state.clone();
    let viewer = user.clone();
    let asked = query.clone();
    let (queues, names) = state
        .db(move |conn| queues(&st, &viewer, &asked, conn))
        .await?;
    // The lists to choose from, when a person works more than one.
    let list_options: Vec<[String; 2]> = names
        .iter()
        .map(|(position, key, org)| {
            let title = i18n::text(lang, key);
            let label = match org {
                Some(org) => format!("{title}: {org}"),
                None => title,
            };
            [position.to_string(), label]
        })
        .collect();
    let person = crate::site::person::of(state, &user, &csrf).await?;
    let labels = crate::site::public::labels(state, lang);
    let category_options: Vec<[String; 2]> = state
        .engine
        .categories
        .iter()
        .map(|c| [c.id.clone(), c.label.get(lang).to_owned()])
        .collect();
    let state_options: Vec<[String; 2]> = state
        .engine
        .workflow
        .states
        .values()
        .filter(|s| s.id != "submitted")
        .map(|s| {
            let key = format!("state.{}", s.id);
            let label = if i18n::has(i18n::DEFAULT, &key) {
                i18n::text(lang, &key)
            } else {
                s.label.clone()
            };
            [s.id.clone(), label]
        })
        .collect();
    let body = crate::site::public::render(
        "work.html",
        context! {
            lang,
            person => Value::from(Serde(&person)),
            is_admin => user.is_admin(),
            queues => Value::from(Serde(&queues)),
            list_options => Value::from(Serde(&list_options)),
            filter => context! {
                only => query.only.map(|o| o.to_string()).unwrap_or_default(),
                category => query.category,
                state => query.state,
                sort => query.sort.unwrap_or_default(),
                overdue => query.overdue.is_some(),
            },
            category_options => Value::from(Serde(&category_options)),
            state_options => Value::from(Serde(&state_options)),
            ..labels
        },
    )?;
    Ok(page(req, StatusCode::OK, body))
}

/// The reader's language and header part when an admin asks; otherwise the answer to give
/// instead: sign in first, or `refusal` (a catalogue key) with 403.
async fn admin_only(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    refusal: &str,
) -> Result<Result<(&'static str, Value), HttpResponse>, ApiError> {
    let Some((user, csrf, _)) = session(req, state).await? else {
        return Ok(Err(to_signin(req)));
    };
    let lang = i18n::negotiate(req);
    let person = Value::from(Serde(&crate::site::person::of(state, &user, &csrf).await?));
    if user.is_admin() {
        return Ok(Ok((lang, person)));
    }
    let body = crate::site::public::render(
        "account_done.html",
        context! { lang, person, message => refusal },
    )?;
    Ok(Err(page(req, StatusCode::FORBIDDEN, body)))
}

/// `GET /work/reveals`: who looked behind which pseudonym, for which organization and why
/// (admins only).
pub async fn reveals(
    req: HttpRequest,
    query: web::Query<crate::http::queries::PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (lang, person) = match admin_only(&req, &state, "work.reveals_admins_only").await? {
        Ok(found) => found,
        Err(refusal) => return Ok(refusal),
    };
    let number = query.page.unwrap_or(1).clamp(1, 100_000);
    let (log, more) = state
        .db(move |conn| Ok(crate::feedback::reveal_log(conn, number)?))
        .await?;
    let body = crate::site::public::render(
        "reveals.html",
        context! {
            lang,
            person,
            reveals => Value::from(Serde(&log)),
            page => number,
            more,
        },
    )?;
    Ok(page(&req, StatusCode::OK, body))
}

/// `GET /work/sources`: the publishers' feeds followed, and how each last sync went (admins
/// only).
pub async fn sources(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (lang, person) = match admin_only(&req, &state, "sources.admins_only").await? {
        Ok(found) => found,
        Err(refusal) => return Ok(refusal),
    };
    let configured = state.settings.sources().map_err(ApiError::internal)?;
    let now = chrono::Utc::now().naive_utc();
    let sources = state
        .db(move |conn| Ok(crate::sync::overview(conn, &configured, now)?))
        .await?;
    let body = crate::site::public::render(
        "sources.html",
        context! { lang, person, sources => Value::from(Serde(&sources)) },
    )?;
    Ok(page(&req, StatusCode::OK, body))
}

/// `GET /work[?category=&state=&sort=&overdue=&list=&page=]`
pub async fn work(
    req: HttpRequest,
    query: web::Query<WorkQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    work_page(&req, &state, query.into_inner()).await
}

/// `GET /processes/{ocid}/give[?category=]`: the feedback form, driven by the category's
/// questionnaire (choose the category first; no script needed).
pub async fn give_form(
    req: HttpRequest,
    ocid: web::Path<String>,
    query: web::Query<std::collections::BTreeMap<String, String>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let category = query.get("category").cloned();
    give_page(
        &req,
        &state,
        &ocid,
        category,
        StatusCode::OK,
        None,
        Default::default(),
    )
    .await
}

#[allow(clippy::too_many_arguments)]
async fn give_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    ocid: &str,
    category: Option<String>,
    status: StatusCode,
    error: Option<(String, String)>,
    values: std::collections::BTreeMap<String, String>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(req, state).await? else {
        return Ok(to_signin(req));
    };
    let lang = i18n::negotiate(req);
    let lookup = ocid.to_owned();
    let process = state
        .db(move |conn| Ok(crate::ocds::store::find_process(conn, &lookup)?))
        .await?;
    let Some(process) = process else {
        let body = crate::site::public::render(
            "not_found.html",
            context! { lang, message => "process.not_found" },
        )?;
        return Ok(page(req, StatusCode::NOT_FOUND, body));
    };
    let person = crate::site::person::of(state, &user, &csrf).await?;
    let chosen = category.and_then(|c| state.engine.categories.iter().find(|x| x.id == c).cloned());
    let body = crate::site::public::render(
        "give.html",
        context! {
            lang,
            csrf,
            person => Value::from(Serde(&person)),
            publication_key => chosen
                .as_ref()
                .map(|c| state.engine.publication.filing_note(&c.kinds))
                .unwrap_or("give.publication_at_once"),
            process => Value::from(Serde(&process)),
            categories => Value::from(Serde(&state.engine.categories)),
            category => Value::from(Serde(&chosen)),
            stages => Value::from(Serde(crate::feedback::STAGES)),
            error_field => error.as_ref().map(|e| e.0.clone()),
            error => error.map(|e| e.1),
            values => Value::from(Serde(&values)),
            ..crate::site::public::labels(state, lang)
        },
    )?;
    Ok(page(req, status, body))
}

/// `POST /processes/{ocid}/give` (multipart: fields and evidence files).
pub async fn give(
    req: HttpRequest,
    ocid: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(&req, &state).await? else {
        return Ok(to_signin(&req));
    };
    let ocid = ocid.into_inner();
    let spec = crate::http::body::FormSpec {
        fields: &[
            "category",
            "kind",
            "stage",
            "subject_id",
            "description",
            "rating",
            "anonymous",
        ],
        field_prefixes: &["answers."],
        files: Some("attachments"),
        csrf: Some(&csrf),
    };
    let (mut values, files) = match crate::http::body::read_multipart(&req, payload, &spec).await {
        Ok(form) => (form.fields, form.files),
        Err((crate::http::body::BodyError::Csrf, _)) => return forbidden_form(&req),
        Err((crate::http::body::BodyError::TooLarge(_), partial)) => {
            // Too much sent: the form comes back with what was read, saying what the limits are.
            let category = partial.fields.get("category").cloned().unwrap_or_default();
            let message = i18n::field_error(
                i18n::negotiate(&req),
                "give",
                "attachments",
                "are too large",
            );
            let mut response = give_page(
                &req,
                &state,
                &ocid,
                Some(category),
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(("attachments".into(), message)),
                partial.fields,
            )
            .await?;
            // The rest of the body is not read: close after the answer (see `ApiError`).
            response
                .head_mut()
                .set_connection_type(actix_web::http::ConnectionType::Close);
            return Ok(response);
        }
        Err((e, _)) => return Err(e.into()),
    };
    let limit = crate::http::limits::feedback_limit(&state, &user.id);
    crate::http::limits::throttle(&state, vec![limit]).await?;
    let category = values.get("category").cloned().unwrap_or_default();
    let questions = state
        .engine
        .categories
        .iter()
        .find(|c| c.id == category)
        .map(|c| c.questions.clone())
        .unwrap_or_default();
    let mut answers = serde_json::Map::new();
    for q in &questions {
        let Some(raw) = values
            .get(&format!("answers.{}", q.id))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        else {
            continue;
        };
        let value = q.typed_answer(raw);
        answers.insert(q.id.clone(), value);
    }
    let field = |k: &str| {
        values
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let submission = crate::feedback::Submission {
        kind: field("kind").unwrap_or_default(),
        category: category.clone(),
        stage: field("stage"),
        subject_id: field("subject_id"),
        description: field("description").unwrap_or_default(),
        rating: field("rating").and_then(|r| r.parse().ok()),
        answers,
        anonymous: field("anonymous").is_some(),
    };
    let sent_files = !files.is_empty();
    let checked: Result<Vec<_>, _> = files
        .into_iter()
        .map(crate::feedback::attachments::check)
        .collect();
    let outcome = match checked {
        Ok(files) => {
            let engine = state.engine.clone();
            let ocid = ocid.clone();
            state
                .db(move |conn| {
                    Ok(engine.submit(
                        conn,
                        &user,
                        &ocid,
                        &submission,
                        &files,
                        Utc::now().naive_utc(),
                    ))
                })
                .await?
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(item) => Ok(redirect(&format!("/feedback/{}?done=filed#next", item.id))),
        Err(FeedbackError::Invalid { field, reason }) => {
            let message = i18n::field_error(i18n::negotiate(&req), "give", &field, &reason);
            // A browser cannot be sent files back: say so, rather than lose them silently.
            if sent_files {
                values.insert("attachments_lost".into(), "yes".into());
            }
            give_page(
                &req,
                &state,
                &ocid,
                Some(category),
                StatusCode::BAD_REQUEST,
                Some((field, message)),
                values,
            )
            .await
        }
        Err(e) => Err(e.into()),
    }
}
