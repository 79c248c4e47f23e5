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

use crate::accounts::{CurrentUser, Role};
use crate::feedback::{FeedbackError, Item};
use crate::http::{ApiError, AppState};
use crate::site::i18n;
use crate::site::session::{forbidden_form, form_author, page, redirect, session, to_signin};
use crate::workflow::definition::CommentRule;
use crate::workflow::engine::{Actor, Request};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/work", web::get().to(work))
        .route("/work/reveals", web::get().to(reveals))
        .route("/feedback/{id}/act", web::post().to(act))
        // Before the process page's greedy `{ocid:.+}` route.
        .route("/processes/{ocid:.+}/give", web::get().to(give_form))
        .route("/processes/{ocid:.+}/give", web::post().to(give));
}

#[derive(Serialize)]
struct Action {
    id: String,
    /// Catalogue key of its button, when the catalogues have one for this transition.
    label_key: Option<String>,
    /// The button's words otherwise: the workflow's label, or the id.
    label: String,
    comment_required: bool,
    /// Catalogue key of the note saying who will read the comment.
    audience_key: String,
    /// What the action does, for the fields it asks (`route`: the agency, `duplicate`: the
    /// original, `recategorize`: the category, `finding`: the outcome).
    effect: Option<&'static str>,
}

#[derive(Serialize)]
struct Row {
    id: String,
    ocid: String,
    kind: String,
    category: String,
    state: String,
    description: String,
    due_at: Option<chrono::NaiveDateTime>,
    actions: Vec<Action>,
}

#[derive(Serialize)]
struct Queue {
    /// Catalogue key of its title.
    key: &'static str,
    organization: Option<String>,
    rows: Vec<Row>,
}

fn rows(state: &AppState, user: &CurrentUser, items: Vec<Item>) -> Vec<Row> {
    items
        .into_iter()
        .map(|item| {
            let actions = state
                .engine
                .allowed(&item, Actor::Person(user))
                .into_iter()
                .map(|t| Action {
                    id: t.id.clone(),
                    label_key: Some(format!("action.{}", t.id))
                        .filter(|k| i18n::has(i18n::DEFAULT, k)),
                    label: t.label.clone().unwrap_or_else(|| t.id.replace('_', " ")),
                    comment_required: t.comment == CommentRule::Required,
                    effect: t.effect.map(|e| e.as_str()),
                    audience_key: format!(
                        "work.audience_{}",
                        serde_json::to_value(t.audience)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    ),
                })
                .collect();
            Row {
                id: item.id,
                ocid: item.ocid,
                kind: item.kind,
                category: item.category,
                state: item.state,
                description: item.description,
                due_at: item.due_at,
                actions,
            }
        })
        .collect()
}

fn queues(
    state: &AppState,
    user: &CurrentUser,
    conn: &mut crate::db::DbConnection,
) -> Result<Vec<Queue>, ApiError> {
    use crate::feedback::queues::Queue as Kind;
    let mut out = Vec::new();
    for kind in Kind::worked_by(user) {
        let (_, items) = kind.page(conn, &state.engine.workflow, kind.natural_order(), 1, 100)?;
        let (key, organization) = match &kind {
            Kind::Mine(_) => ("work.mine", None),
            Kind::Triage => ("work.triage", None),
            Kind::Agency(org) => ("work.inbox", Some(org.clone())),
            Kind::Oversight(org) => ("work.escalations", Some(org.clone())),
        };
        // An oversight body's inbox shows only when something is in it.
        let body_inbox =
            matches!(&kind, Kind::Agency(org) if user.holds(Role::Oversight, Some(org)));
        if items.is_empty() && body_inbox {
            continue;
        }
        out.push(Queue {
            key,
            organization,
            rows: rows(state, user, items),
        });
    }
    Ok(out)
}

async fn work_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    status: StatusCode,
    error: Option<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, csrf, _)) = session(req, state).await? else {
        return Ok(to_signin(req));
    };
    let lang = i18n::negotiate(req);
    let st = state.clone();
    let viewer = user.clone();
    let queues = state.db(move |conn| queues(&st, &viewer, conn)).await?;
    let body = crate::site::public::render(
        "work.html",
        context! {
            lang,
            csrf,
            email => user.email.clone(),
            is_admin => user.is_admin(),
            queues => Value::from(Serde(&queues)),
            error_item => error.as_ref().map(|e| e.0.clone()),
            error => error.map(|e| e.1),
            categories => Value::from(Serde(&state.engine.categories)),
            ..crate::site::public::labels(state, lang)
        },
    )?;
    Ok(page(req, status, body))
}

/// `GET /work/reveals`: who looked behind which pseudonym, for which organization and why
/// (admins only).
pub async fn reveals(
    req: HttpRequest,
    query: web::Query<crate::http::queries::PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let Some((user, _, _)) = session(&req, &state).await? else {
        return Ok(to_signin(&req));
    };
    let lang = i18n::negotiate(&req);
    if !user.is_admin() {
        let body = crate::site::public::render(
            "account_done.html",
            context! { lang, message => "work.reveals_admins_only" },
        )?;
        return Ok(page(&req, StatusCode::FORBIDDEN, body));
    }
    let number = query.page.unwrap_or(1).clamp(1, 100_000);
    let (log, more) = state
        .db(move |conn| Ok(crate::feedback::reveal_log(conn, number)?))
        .await?;
    let body = crate::site::public::render(
        "reveals.html",
        context! {
            lang,
            reveals => Value::from(Serde(&log)),
            page => number,
            more,
        },
    )?;
    Ok(page(&req, StatusCode::OK, body))
}

/// `GET /work`
pub async fn work(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    work_page(&req, &state, StatusCode::OK, None).await
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    csrf: String,
    transition: String,
    #[serde(default)]
    comment: Option<String>,
    #[serde(default)]
    duplicate_of: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    agency: Option<String>,
    #[serde(default)]
    violation_confirmed: Option<String>,
    #[serde(default)]
    action_taken: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
}

fn filled(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

/// `POST /feedback/{id}/act`: one workflow action from a work page.
pub async fn act(
    req: HttpRequest,
    id: web::Path<String>,
    form: web::Form<ActForm>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let form = form.into_inner();
    let (user, _) = match form_author(&req, &state, &form.csrf).await? {
        Ok(author) => author,
        Err(response) => return Ok(response),
    };
    let limit = crate::http::limits::transition_limit(&state, &user.id);
    crate::http::limits::throttle(&state, vec![limit]).await?;
    let request = Request {
        transition: form.transition,
        comment: filled(form.comment),
        agency: filled(form.agency),
        category: filled(form.category),
        duplicate_of: filled(form.duplicate_of),
        violation_confirmed: form.violation_confirmed.as_deref().map(|v| v == "yes"),
        action_taken: filled(form.action_taken),
        outcome: filled(form.outcome),
        expected_version: None,
    };
    let id = id.into_inner();
    let engine = state.engine.clone();
    let item_id = id.clone();
    let outcome = state
        .db(move |conn| {
            Ok(engine.transition(
                conn,
                &item_id,
                Actor::Person(&user),
                &request,
                &[],
                Utc::now().naive_utc(),
            ))
        })
        .await?;
    match outcome {
        Ok(_) => Ok(redirect("/work")),
        Err(
            e @ (FeedbackError::Invalid { .. }
            | FeedbackError::Conflict(_)
            | FeedbackError::Forbidden(_)
            | FeedbackError::NotFound(_)),
        ) => {
            let status = match e {
                FeedbackError::Forbidden(_) => StatusCode::FORBIDDEN,
                FeedbackError::Conflict(_) => StatusCode::CONFLICT,
                FeedbackError::NotFound(_) => StatusCode::NOT_FOUND,
                _ => StatusCode::BAD_REQUEST,
            };
            work_page(&req, &state, status, Some((id, e.to_string()))).await
        }
        Err(e) => Err(e.into()),
    }
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
    let Some((_, csrf, _)) = session(req, state).await? else {
        return Ok(to_signin(req));
    };
    let lang = i18n::negotiate(req);
    let lookup = ocid.to_owned();
    let process = state
        .db(move |conn| Ok(crate::ocds::store::find_process(conn, &lookup)?))
        .await?;
    let Some(process) = process else {
        return Ok(page(
            req,
            StatusCode::NOT_FOUND,
            i18n::text(lang, "process.not_found"),
        ));
    };
    let chosen = category.and_then(|c| state.engine.categories.iter().find(|x| x.id == c).cloned());
    let body = crate::site::public::render(
        "give.html",
        context! {
            lang,
            csrf,
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
    let (values, files) = match crate::http::body::read_multipart(&req, payload, &spec).await {
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
            return give_page(
                &req,
                &state,
                &ocid,
                Some(category),
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(("attachments".into(), message)),
                partial.fields,
            )
            .await;
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
        Ok(item) => Ok(redirect(&format!("/feedback/{}", item.id))),
        Err(FeedbackError::Invalid { field, reason }) => {
            let message = i18n::field_error(i18n::negotiate(&req), "give", &field, &reason);
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
