//! The item page, where the redress loop is read and worked. Everyone reads the public view
//! (cached): the complaint, whose move it is and by when, the answer, the oversight body's
//! finding and the history. A signed-in reader who handles the item (or filed it) also sees
//! the evidence, the questionnaire answers and one form with the moves the workflow allows
//! them: choose the action, write one comment, name an agency or the original by name, attach
//! documents to an answer. Destructive moves ask for confirmation; every move ends on this
//! page with a message saying it was done.

use std::collections::BTreeMap;

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use fluent_bundle::FluentArgs;
use minijinja::value::{merge_maps, Serde};
use minijinja::{context, Value};
use serde::Serialize;

use crate::accounts::CurrentUser;
use crate::feedback::attachments::{self, Access};
use crate::feedback::{FeedbackError, Item};
use crate::http::body::{read_multipart, BodyError, FormSpec};
use crate::http::{ApiError, AppState};
use crate::i18n::format;
use crate::publish::{self, PublicEvent, PublicFinding, PublicItem};
use crate::site::render::{humanize, labels, render};
use crate::site::session::{forbidden_form, form_author, page, redirect, to_signin};
use crate::site::{i18n, page_cache, person};
use crate::workflow::definition::{Audience, Effect, Meaning};
use crate::workflow::engine::{Actor, Request};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/feedback/{id}", web::get().to(item))
        .route("/feedback/{id}/act", web::post().to(act))
        .route("/feedback/{id}/files/{file}", web::get().to(evidence));
}

/// Everything the page shows of an item, read in one visit to the database.
struct Loaded {
    item: Item,
    public: PublicItem,
    events: Vec<PublicEvent>,
    finding: Option<PublicFinding>,
    process_title: Option<String>,
    /// Names of the organizations the page mentions, by id.
    names: BTreeMap<String, String>,
    /// Documents published with the item (an agency's answer), for everyone.
    documents: Vec<attachments::Attachment>,
    /// What the publisher released on the process since the item was filed.
    news: Vec<crate::feedback::news::News>,
}

/// The item as `reader` may see it: those handling it always; anyone else once the policy
/// publishes it.
fn load(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    id: &str,
    reader: Option<&CurrentUser>,
) -> Result<Option<Loaded>, ApiError> {
    let Some(item) = crate::feedback::find(conn, id)? else {
        return Ok(None);
    };
    let handles = reader
        .is_some_and(|user| crate::workflow::engine::sees_everything(Actor::Person(user), &item));
    let public = if handles {
        publish::one_for_parties(conn, item.clone())?
    } else {
        match publish::one(conn, id, &engine.publication)? {
            Some(public) => public,
            None => return Ok(None),
        }
    };
    let events = publish::history(conn, &engine.workflow, &public)?;
    let finding = publish::finding(conn, &engine.workflow, id)?;
    let process_title = crate::ocds::store::find_process(conn, &item.ocid)?.and_then(|p| p.title);
    let mut ids: Vec<String> = events
        .iter()
        .filter_map(|e| e.actor.organization.clone())
        .chain(item.agency_id.clone())
        .chain(item.oversight_id.clone())
        .chain(item.cso_id.clone())
        .collect();
    ids.sort();
    ids.dedup();
    let mut names = BTreeMap::new();
    for org in ids {
        if let Some(name) = organization_name(conn, engine, &org)? {
            names.insert(org, name);
        }
    }
    let documents = attachments::of_item(conn, id)?
        .into_iter()
        .filter(|a| a.public)
        .collect();
    let news = crate::feedback::news::since(conn, &item.ocid, item.created_at)?;
    Ok(Some(Loaded {
        news,
        documents,
        item,
        public,
        events,
        finding,
        process_title,
        names,
    }))
}

/// The name of an agency, oversight body or civil-society organization.
fn organization_name(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    id: &str,
) -> Result<Option<String>, ApiError> {
    Ok(crate::agencies::organization_name(
        conn,
        &engine.oversight,
        id,
    )?)
}

#[derive(Serialize)]
struct EventLine {
    created_at: chrono::NaiveDateTime,
    to_state: String,
    actor: String,
    comment: Option<String>,
    /// A release of the process published meanwhile, in words (not a step of the workflow).
    news: Option<String>,
}

/// The public part of the page's context.
fn public_context(state: &AppState, loaded: &Loaded, lang: &str) -> Value {
    let name = |id: &Option<String>| {
        id.as_ref()
            .map(|i| loaded.names.get(i).cloned().unwrap_or_else(|| i.clone()))
    };
    let mut lines: Vec<EventLine> = loaded
        .events
        .iter()
        .map(|e| EventLine {
            actor: match (&e.actor.name, e.actor.role.as_str(), &e.actor.organization) {
                (Some(name), _, _) => crate::site::render::who(name, lang),
                (None, "system", _) => "Veedor".into(),
                (None, role, org) => {
                    let role = role_label(lang, role);
                    match name(org) {
                        Some(org) => format!("{role}, {org}"),
                        None => role,
                    }
                }
            },
            created_at: e.created_at,
            to_state: e.to_state.clone(),
            comment: e.comment.clone(),
            news: None,
        })
        .collect();
    // The publisher's news among the steps, in time order.
    lines.extend(loaded.news.iter().map(|n| {
        let mut args = FluentArgs::new();
        args.set("date", format::day(&n.day(), lang));
        EventLine {
            created_at: n.created_at,
            to_state: String::new(),
            actor: i18n::text(lang, "news.by_publisher"),
            comment: None,
            news: Some(i18n::text_with(
                lang,
                &format!("news.{}", n.kind()),
                Some(&args),
            )),
        }
    }));
    lines.sort_by_key(|l| l.created_at);
    let item = &loaded.item;
    let now = Utc::now().naive_utc();
    let workflow = &state.engine.workflow;
    let meaning = workflow.meaning(&item.state);
    let agency_name = name(&item.agency_id);
    let body_name = name(&item.oversight_id).or_else(|| {
        // Where an escalation would go: the body overseeing the agency.
        let agency = item.agency_id.as_deref()?;
        crate::agencies::oversight_among(&state.engine.oversight, agency)
            .first()
            .map(|b| b.name.clone())
    });
    let routing_label = item.routing_rule.as_deref().map(|rule| {
        state
            .engine
            .routing
            .iter()
            .find(|r| r.id == rule)
            .and_then(|r| r.label.as_ref())
            .map(|l| l.get(lang).to_owned())
            .unwrap_or_else(|| humanize(rule))
    });
    let mut args = FluentArgs::new();
    args.set("agency", agency_name.clone().unwrap_or_default());
    args.set("body", body_name.clone().unwrap_or_default());
    args.set(
        "date",
        item.due_at
            .map(|d| format::day(&d.to_string(), lang))
            .unwrap_or_default(),
    );
    args.set(
        "outcome",
        item.outcome
            .as_deref()
            .map(|o| i18n::text(lang, &format!("outcome.{o}")))
            .unwrap_or_default(),
    );
    let next_key = match meaning {
        Meaning::Open => "next.open",
        Meaning::AwaitingComplainant => "next.awaiting_complainant",
        Meaning::WithAgency if item.due_at.is_some() => "next.with_agency",
        Meaning::WithAgency => "next.with_agency_paused",
        Meaning::Answered => "next.answered",
        Meaning::Escalated => "next.escalated",
        Meaning::Closed if item.outcome.is_some() => "next.closed_with",
        Meaning::Closed => "next.closed",
    };
    let documents: Vec<Evidence> = loaded
        .documents
        .iter()
        .map(|a| file_line(a, lang))
        .collect();
    context! {
        documents => Value::from(Serde(&documents)),
        item => Value::from(Serde(&loaded.public)),
        events => Value::from(Serde(&lines)),
        finding => Value::from(Serde(&loaded.finding)),
        process_title => loaded.process_title.clone(),
        agency_name,
        oversight_name => name(&item.oversight_id),
        routing_label,
        overdue => crate::feedback::queues::deadline_passed(item.due_at, None, now)
            && meaning == Meaning::WithAgency,
        next_step => i18n::text_with(lang, next_key, Some(&args)),
    }
}

fn role_label(lang: &str, role: &str) -> String {
    let key = format!("role.{role}");
    if i18n::has(i18n::DEFAULT, &key) {
        i18n::text(lang, &key)
    } else {
        humanize(role)
    }
}

/// The words of a transition's button: the catalogue's, else the workflow's label, else the id.
pub(crate) fn action_label(state: &AppState, lang: &str, transition: &str) -> String {
    let key = format!("action.{transition}");
    if i18n::has(i18n::DEFAULT, &key) {
        return i18n::text(lang, &key);
    }
    state
        .engine
        .workflow
        .transition(transition)
        .and_then(|t| t.label.clone())
        .unwrap_or_else(|| humanize(transition))
}

/// `GET /feedback/{id}[?done=transition]`
pub async fn item(
    req: HttpRequest,
    id: web::Path<String>,
    query: web::Query<BTreeMap<String, String>>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if let Some((user, csrf, _)) = crate::http::caller::from_session(&req, &state).await? {
        let done = query.get("done").cloned();
        return personal_page(&req, &state, &id, &user, &csrf, done, Form::default()).await;
    }
    page_cache::serve(
        &req,
        &state.clone(),
        vec![publish::topic::item(&id)],
        |lang| public_page(state, id, lang),
    )
    .await
}

async fn public_page(
    state: web::Data<AppState>,
    id: String,
    lang: &'static str,
) -> Result<(StatusCode, String), ApiError> {
    let engine = state.engine.clone();
    let loaded = state.db(move |conn| load(conn, &engine, &id, None)).await?;
    let Some(loaded) = loaded else {
        let body = render(
            "not_found.html",
            context! { lang, message => "feedback.not_found" },
        )?;
        return Ok((StatusCode::NOT_FOUND, body));
    };
    let body = render(
        "feedback.html",
        context! {
            lang,
            ..merge_maps([public_context(&state, &loaded, lang), labels(&state, lang)])
        },
    )?;
    Ok((StatusCode::OK, body))
}

/// What a person sent in the action form, kept when it comes back with an error.
#[derive(Debug, Default)]
struct Form {
    values: BTreeMap<String, String>,
    error: Option<(String, String)>,
    /// Several agencies matched the name typed: the choice offered.
    agency_choices: Vec<(String, String)>,
    status: Option<StatusCode>,
}

#[derive(Serialize)]
struct Evidence {
    href: String,
    name: String,
    kind: String,
    size: String,
    image: bool,
}

#[derive(Serialize)]
struct AnswerLine {
    label: String,
    value: String,
}

/// The actions a form offers: `[id, label, who reads the comment]`.
#[derive(Serialize)]
struct ActionOption {
    option: [String; 3],
}

/// The fields the offered actions ask for, each with the label of the action that asks.
#[derive(Serialize, Default)]
struct Asks {
    route: Option<String>,
    duplicate: Option<String>,
    recategorize: Option<String>,
    finding: Option<String>,
    answer: Option<String>,
}

#[allow(clippy::too_many_arguments)]
async fn personal_page(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    id: &str,
    user: &CurrentUser,
    csrf: &str,
    done: Option<String>,
    form: Form,
) -> Result<HttpResponse, ApiError> {
    let lang = i18n::negotiate(req);
    let engine = state.engine.clone();
    let lookup = id.to_owned();
    let viewer = user.clone();
    let found = state
        .db(move |conn| {
            let Some(loaded) = load(conn, &engine, &lookup, Some(&viewer))? else {
                return Ok(None);
            };
            let handles =
                crate::workflow::engine::sees_everything(Actor::Person(&viewer), &loaded.item);
            let files = if handles {
                attachments::of_item(conn, &lookup)?
            } else {
                attachments::of_item(conn, &lookup)?
                    .into_iter()
                    .filter(|a| a.public)
                    .collect()
            };
            let allowed: Vec<String> = engine
                .allowed(&loaded.item, Actor::Person(&viewer))
                .into_iter()
                .map(|t| t.id.clone())
                .collect();
            let rule_agency = if allowed
                .iter()
                .any(|t| engine.workflow.effect_of(t) == Some(Effect::Route))
            {
                match engine.rules_choice(conn, &loaded.item)?.0 {
                    Some(agency) => {
                        Some(organization_name(conn, &engine, &agency)?.unwrap_or(agency))
                    }
                    None => None,
                }
            } else {
                None
            };
            let siblings = if allowed
                .iter()
                .any(|t| engine.workflow.effect_of(t) == Some(Effect::Duplicate))
            {
                let filter = publish::Filter {
                    ocid: Some(loaded.item.ocid.clone()),
                    ..publish::Filter::default()
                };
                publish::list(conn, &filter, &engine.publication, 1, 20)?
                    .1
                    .into_iter()
                    .filter(|i| i.id != lookup)
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Some((
                loaded,
                handles,
                files,
                allowed,
                rule_agency,
                siblings,
            )))
        })
        .await?;
    let Some((loaded, handles, files, allowed, rule_agency, siblings)) = found else {
        let body = render(
            "not_found.html",
            context! { lang, message => "feedback.not_found" },
        )?;
        return Ok(page(req, StatusCode::NOT_FOUND, body));
    };
    let workflow = &state.engine.workflow;
    let mut asks = Asks::default();
    let actions: Vec<ActionOption> = allowed
        .iter()
        .map(|t| {
            let label = action_label(state, lang, t);
            let slot = match workflow.effect_of(t) {
                Some(Effect::Route) => Some(&mut asks.route),
                Some(Effect::Duplicate) => Some(&mut asks.duplicate),
                Some(Effect::Recategorize) => Some(&mut asks.recategorize),
                Some(Effect::Finding) => Some(&mut asks.finding),
                Some(Effect::Answer) => Some(&mut asks.answer),
                _ => None,
            };
            if let Some(slot) = slot {
                slot.get_or_insert_with(|| label.clone());
            }
            let audience = match workflow.audience(t) {
                Audience::Public => "work.audience_public",
                Audience::Parties => "work.audience_parties",
                Audience::Moderation => "work.audience_moderation",
            };
            let mut hint = i18n::text(lang, audience);
            if workflow
                .transition(t)
                .is_some_and(|t| t.comment == crate::workflow::definition::CommentRule::Required)
            {
                hint = format!("{} {hint}", i18n::text(lang, "act.comment_needed"));
            }
            ActionOption {
                option: [t.clone(), label, hint],
            }
        })
        .collect();
    let evidence: Vec<Evidence> = files
        .iter()
        .filter(|a| !a.public)
        .map(|a| file_line(a, lang))
        .collect();
    let answers = if handles {
        answer_lines(state, &loaded.item, lang)
    } else {
        Vec::new()
    };
    let done = done
        .filter(|d| d == "filed" || workflow.transition(d).is_some())
        .map(|d| match d.as_str() {
            "filed" => i18n::text(lang, "act.filed"),
            t => {
                let mut args = FluentArgs::new();
                args.set("action", action_label(state, lang, t));
                i18n::text_with(lang, "act.done", Some(&args))
            }
        });
    let person = person::of(state, user, csrf).await?;
    let duplicate_choices: Vec<[String; 2]> = siblings
        .iter()
        .map(|i| {
            [
                i.id.clone(),
                format!(
                    "{} ({})",
                    crate::site::render::truncate(&i.description, 80),
                    format::day(&i.created_at.to_string(), lang)
                ),
            ]
        })
        .collect();
    let personal = context! {
        csrf,
        done,
        error_field => form.error.as_ref().map(|e| e.0.clone()),
        error => form.error.as_ref().map(|e| e.1.clone()),
        values => Value::from(Serde(&form.values)),
        actions => Value::from(Serde(&actions)),
        asks => Value::from(Serde(&asks)),
        agency_choices => Value::from(Serde(
            &form.agency_choices.iter().map(|(id, name)| [id.clone(), name.clone()]).collect::<Vec<_>>()
        )),
        duplicate_choices => Value::from(Serde(&duplicate_choices)),
        rule_agency,
        evidence => Value::from(Serde(&evidence)),
    };
    let body = render(
        "feedback.html",
        context! {
            lang,
            person => Value::from(Serde(&person)),
            personal,
            answers => Value::from(Serde(&answers)),
            categories => Value::from(Serde(&state.engine.categories)),
            ..merge_maps([public_context(state, &loaded, lang), labels(state, lang)])
        },
    )?;
    Ok(page(req, form.status.unwrap_or(StatusCode::OK), body))
}

fn file_line(a: &attachments::Attachment, lang: &str) -> Evidence {
    Evidence {
        href: format!("/feedback/{}/files/{}", a.item_id, a.id),
        name: a.file_name.clone(),
        kind: file_kind(&a.content_type),
        size: file_size(a.size, lang),
        image: attachments::is_image(a),
    }
}

/// A file's type in words people know ("PDF", "JPEG", "DOCX").
fn file_kind(content_type: &str) -> String {
    let kind = match content_type {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "DOCX",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "XLSX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "PPTX",
        "application/vnd.oasis.opendocument.text" => "ODT",
        "application/vnd.oasis.opendocument.spreadsheet" => "ODS",
        other => other.rsplit('/').next().unwrap_or(other),
    };
    kind.to_uppercase()
}

fn file_size(bytes: i64, lang: &str) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{} KB", format::with_decimals(kb.max(1.0), 0, lang))
    } else {
        format!("{} MB", format::with_decimals(kb / 1024.0, 1, lang))
    }
}

/// The questionnaire answers of an item, in words: the question's label and the answer as
/// the reader's language writes it.
fn answer_lines(state: &AppState, item: &Item, lang: &str) -> Vec<AnswerLine> {
    let Some(category) = state
        .engine
        .categories
        .iter()
        .find(|c| c.id == item.category)
    else {
        return Vec::new();
    };
    let answers: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&item.answers).unwrap_or_default();
    category
        .questions
        .iter()
        .filter_map(|q| {
            let value = answers.get(&q.id)?;
            use crate::feedback::categories::QuestionType;
            let text = match (&q.kind, value) {
                (QuestionType::Yesno, serde_json::Value::Bool(true)) => {
                    i18n::text(lang, "work.yes")
                }
                (QuestionType::Yesno, serde_json::Value::Bool(false)) => {
                    i18n::text(lang, "work.no")
                }
                (QuestionType::Amount, serde_json::Value::Number(n)) => {
                    format::money(n.as_f64().unwrap_or_default(), lang)
                }
                (QuestionType::Scale, serde_json::Value::Number(n)) => format!("{n}/5"),
                (QuestionType::Date, serde_json::Value::String(d)) => format::day(d, lang),
                (QuestionType::Choice, serde_json::Value::String(o)) => q
                    .option_labels
                    .get(o)
                    .map(|l| l.get(lang).to_owned())
                    .unwrap_or_else(|| humanize(o)),
                (_, serde_json::Value::String(s)) => s.clone(),
                (_, other) => other.to_string(),
            };
            Some(AnswerLine {
                label: q.label.get(lang).to_owned(),
                value: text,
            })
        })
        .collect()
}

/// The parts of the action form.
const ACT_FIELDS: &[&str] = &[
    "transition",
    "comment",
    "agency",
    "category",
    "duplicate_of",
    "violation_confirmed",
    "action_taken",
    "outcome",
    "confirmed",
];

/// `POST /feedback/{id}/act` (multipart: the fields and, for an answer, documents).
pub async fn act(
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let Some((_, csrf, _)) = crate::http::caller::from_session(&req, &state).await? else {
        return Ok(to_signin(&req));
    };
    let spec = FormSpec {
        fields: ACT_FIELDS,
        field_prefixes: &[],
        files: Some("attachments"),
        csrf: Some(&csrf),
    };
    let (values, files) = match read_multipart(&req, payload, &spec).await {
        Ok(form) => (form.fields, form.files),
        Err((BodyError::Csrf, _)) => return forbidden_form(&req),
        Err((e, _)) => return Err(e.into()),
    };
    let user = match form_author(&req, &state, &csrf).await? {
        Ok((user, _)) => user,
        Err(response) => return Ok(response),
    };
    let lang = i18n::negotiate(&req);
    let limit = crate::http::limits::transition_limit(&state, &user.id);
    crate::http::limits::throttle(&state, vec![limit]).await?;
    let field = |k: &str| {
        values
            .get(k)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let back = |error: (String, String), choices: Vec<(String, String)>, status| Form {
        values: values.clone(),
        error: Some(error),
        agency_choices: choices,
        status: Some(status),
    };
    let Some(transition) = field("transition") else {
        let form = back(
            (
                "transition".into(),
                i18n::text(lang, "act.invalid.transition"),
            ),
            Vec::new(),
            StatusCode::BAD_REQUEST,
        );
        return personal_page(&req, &state, &id, &user, &csrf, None, form).await;
    };
    let workflow = &state.engine.workflow;
    let effect = workflow.effect_of(&transition);
    // An agency typed by name: one match is taken, several are offered, none is an error.
    let mut agency = field("agency");
    if effect == Some(Effect::Route) {
        if let Some(typed) = agency.clone() {
            let engine = state.engine.clone();
            let matches = state
                .db(move |conn| resolve_agency(conn, &engine, &typed))
                .await?;
            match matches.as_slice() {
                [(only, _)] => agency = Some(only.clone()),
                [] => {
                    let form = back(
                        ("agency".into(), i18n::text(lang, "act.invalid.agency")),
                        Vec::new(),
                        StatusCode::BAD_REQUEST,
                    );
                    return personal_page(&req, &state, &id, &user, &csrf, None, form).await;
                }
                several => {
                    let form = back(
                        ("agency".into(), i18n::text(lang, "act.agency_which")),
                        several.to_vec(),
                        StatusCode::OK,
                    );
                    return personal_page(&req, &state, &id, &user, &csrf, None, form).await;
                }
            }
        }
    }
    // Moves the workflow marks `confirm` (turning an item away, handing it back) ask first.
    let confirm = workflow.transition(&transition).is_some_and(|t| t.confirm);
    if confirm && field("confirmed").as_deref() != Some("yes") && files.is_empty() {
        return confirm_page(&req, &state, &id, &csrf, &transition, &values, lang);
    }
    let request = Request {
        transition: transition.clone(),
        comment: field("comment"),
        agency,
        category: field("category"),
        duplicate_of: field("duplicate_of").map(|d| item_id_in(&d)),
        violation_confirmed: field("violation_confirmed").map(|v| v == "yes"),
        action_taken: field("action_taken"),
        outcome: field("outcome"),
        expected_version: None,
    };
    let checked: Result<Vec<_>, _> = files.into_iter().map(attachments::check).collect();
    let outcome = match checked {
        Ok(files) => {
            let engine = state.engine.clone();
            let item_id = id.clone();
            let actor = user.clone();
            state
                .db(move |conn| {
                    Ok(engine.transition(
                        conn,
                        &item_id,
                        Actor::Person(&actor),
                        &request,
                        &files,
                        Utc::now().naive_utc(),
                    ))
                })
                .await?
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(redirect(&format!("/feedback/{id}?done={transition}#next"))),
        Err(
            e @ (FeedbackError::Invalid { .. }
            | FeedbackError::Conflict(_)
            | FeedbackError::Forbidden(_)),
        ) => {
            let (field_name, status) = match &e {
                FeedbackError::Invalid { field, .. } => (field.clone(), StatusCode::BAD_REQUEST),
                FeedbackError::Conflict(_) => ("transition".into(), StatusCode::CONFLICT),
                _ => ("transition".into(), StatusCode::FORBIDDEN),
            };
            let message = match &e {
                FeedbackError::Invalid { field, reason } => {
                    i18n::field_error(lang, "act", field, reason)
                }
                FeedbackError::Conflict(_) => i18n::text(lang, "error.conflict_text"),
                _ => i18n::text(lang, "error.forbidden_text"),
            };
            let form = back((field_name, message), Vec::new(), status);
            personal_page(&req, &state, &id, &user, &csrf, None, form).await
        }
        Err(FeedbackError::NotFound(_)) => Err(ApiError::not_found("no such feedback item")),
        Err(e) => Err(e.into()),
    }
}

/// The agencies (and oversight bodies) a moderator's words name: an exact identifier, else up
/// to ten whose name contains the words.
fn resolve_agency(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    typed: &str,
) -> Result<Vec<(String, String)>, ApiError> {
    if let Some(body) = engine.oversight.iter().find(|b| b.id == typed) {
        return Ok(vec![(body.id.clone(), body.name.clone())]);
    }
    if let Some(agency) = crate::agencies::find(conn, typed)? {
        return Ok(vec![(agency.id, agency.name)]);
    }
    let lower = typed.to_lowercase();
    let mut found: Vec<(String, String)> = engine
        .oversight
        .iter()
        .filter(|b| b.name.to_lowercase().contains(&lower))
        .map(|b| (b.id.clone(), b.name.clone()))
        .collect();
    let (_, agencies) = crate::agencies::list(conn, Some(typed), 1, 10)?;
    found.extend(agencies.into_iter().map(|a| (a.id, a.name)));
    found.truncate(10);
    Ok(found)
}

/// The item id in what a moderator pasted: a link to the item, or the id itself.
fn item_id_in(pasted: &str) -> String {
    let trimmed = pasted.trim().trim_end_matches('/');
    let tail = trimmed.rsplit("/feedback/").next().unwrap_or(trimmed);
    tail.split(['?', '#', '/'])
        .next()
        .unwrap_or(tail)
        .to_owned()
}

fn confirm_page(
    req: &HttpRequest,
    state: &AppState,
    id: &str,
    csrf: &str,
    transition: &str,
    values: &BTreeMap<String, String>,
    lang: &str,
) -> Result<HttpResponse, ApiError> {
    let action = action_label(state, lang, transition);
    let mut args = FluentArgs::new();
    args.set("action", action.clone());
    let workflow = &state.engine.workflow;
    let consequence_key = match workflow.effect_of(transition) {
        Some(Effect::Unroute) => "act.consequence_unroute",
        Some(Effect::Duplicate) => "act.consequence_duplicate",
        _ => "act.consequence_close",
    };
    let kept: BTreeMap<&String, &String> = values
        .iter()
        .filter(|(k, v)| k.as_str() != "confirmed" && !v.is_empty())
        .collect();
    let body = render(
        "confirm.html",
        context! {
            lang,
            item_id => id,
            csrf,
            action_label => action,
            consequence => i18n::text_with(lang, consequence_key, Some(&args)),
            values => Value::from(Serde(&kept)),
        },
    )?;
    Ok(page(req, StatusCode::OK, body))
}

/// `GET /feedback/{id}/files/{file}`: a file of the item for whoever may have it (documents
/// published with an answer for everyone, evidence for those handling the item); pictures are
/// shown in the page, other files downloaded.
pub async fn evidence(
    req: HttpRequest,
    path: web::Path<(String, String)>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let reader = crate::http::caller::from_session(&req, &state)
        .await?
        .map(|(user, _, _)| user);
    let engine = state.engine.clone();
    let outcome = state
        .db(move |conn| {
            let Some(item) = crate::feedback::find(conn, &id)? else {
                return Ok(Access::NotFound);
            };
            Ok(attachments::access(conn, &item, &file, reader.as_ref())?)
        })
        .await?;
    let found = match outcome {
        Access::Granted(found) => found,
        Access::NotFound => return Err(ApiError::not_found("no such file")),
        Access::SignInFirst => return Ok(to_signin(&req)),
        Access::Refused => {
            return Err(ApiError::forbidden(
                "this file is evidence for those handling the item only",
            ))
        }
    };
    let files = engine.files.clone();
    let meta = found.clone();
    let bytes = web::block(move || attachments::read(files.as_ref(), &meta))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let disposition = if attachments::is_image(&found) {
        "inline"
    } else {
        "attachment"
    };
    let ascii: String = found
        .file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .content_type(found.content_type.as_str())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{ascii}\""),
        ))
        .insert_header((
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'",
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(bytes))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_pasted_link_names_the_item() {
        for pasted in [
            "https://veedor.example/feedback/1234-abcd",
            "https://veedor.example/feedback/1234-abcd?done=accept#next",
            "/feedback/1234-abcd/",
            " 1234-abcd ",
        ] {
            assert_eq!(super::item_id_in(pasted), "1234-abcd", "{pasted}");
        }
    }
}
