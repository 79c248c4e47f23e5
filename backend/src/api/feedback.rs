//! `/api/v1/processes/{ocid}/feedback`, `/api/v1/feedback/*` and `/api/v1/queues/*`: filing
//! feedback, moving it through the workflow, its history, evidence files and work queues.
//! Handlers parse, authorize and call `workflow::engine`.

use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::accounts::CurrentUser;
use crate::feedback::attachments::{self, Attachment, Checked, Upload};
use crate::feedback::queues::{is_overdue, Order, Queue};
use crate::feedback::{self, Event, Item, Submission};
use crate::http::body;
use crate::http::{ApiError, AppState, MaybeUser};
use crate::workflow::engine::{
    capacities, reads_comment, sees_everything, Actor, Capacity, Request,
};

fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad_request("invalid_json", e.to_string()))
}

/// Reads a JSON body, or a multipart form with the JSON in the part named `json_part` and
/// files in parts named `attachments`, through the one bounded reader.
async fn read_request<T: DeserializeOwned>(
    req: &HttpRequest,
    payload: web::Payload,
    json_part: &str,
) -> Result<(T, Vec<Upload>), ApiError> {
    if !body::is_multipart(req) {
        let bytes = body::read_all(req, payload, body::MAX_JSON).await?;
        return Ok((parse_json(&bytes)?, Vec::new()));
    }
    let spec = body::FormSpec {
        fields: &[json_part],
        field_prefixes: &[],
        files: Some("attachments"),
        csrf: None,
    };
    let form = body::read_multipart(req, payload, &spec)
        .await
        .map_err(|(e, _)| e)?;
    let json = form.fields.get(json_part).ok_or_else(|| {
        ApiError::invalid_field(json_part, "is missing: the form needs its JSON part")
    })?;
    Ok((parse_json(json.as_bytes())?, form.files))
}

fn check_files(files: Vec<Upload>) -> Result<Vec<Checked>, ApiError> {
    files
        .into_iter()
        .map(|f| attachments::check(f).map_err(ApiError::from))
        .collect()
}

/// `POST /api/v1/processes/{ocid}/feedback`
pub async fn submit(
    req: HttpRequest,
    payload: web::Payload,
    ocid: web::Path<String>,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    crate::http::limits::throttle(
        &state,
        vec![crate::http::limits::feedback_limit(&state, &user.id)],
    )
    .await?;
    let (submission, files) = read_request::<Submission>(&req, payload, "feedback").await?;
    let files = check_files(files)?;
    let ocid = ocid.into_inner();
    let engine = state.engine.clone();
    let viewer = user.clone();
    let view = state
        .db(move |conn| {
            let item = engine.submit(
                conn,
                &user,
                &ocid,
                &submission,
                &files,
                Utc::now().naive_utc(),
            )?;
            item_view(conn, &engine, &item, Actor::Person(&viewer))
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/feedback/{}", view.id)))
        .json(view))
}

/// What a transition in a form or JSON body says.
#[derive(Debug, Serialize)]
pub struct AllowedTransition {
    pub id: String,
    pub to: String,
    pub comment_required: bool,
}

/// An item as its viewer may see it.
#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub ocid: String,
    pub kind: String,
    pub category: String,
    pub stage: Option<String>,
    pub subject_id: Option<String>,
    pub description: String,
    pub rating: Option<i32>,
    pub answers: Value,
    /// The author's name, or their pseudonym when they asked to stay anonymous.
    pub author: String,
    pub anonymous: bool,
    pub state: String,
    pub state_label: String,
    pub outcome: Option<String>,
    pub agency_id: Option<String>,
    pub oversight_id: Option<String>,
    /// Which routing rule sent it where it is ("moderator" when a moderator chose).
    pub routing_rule: Option<String>,
    pub duplicate_of: Option<String>,
    pub due_at: Option<NaiveDateTime>,
    pub overdue: bool,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub attachments: Vec<Attachment>,
    /// What the viewer may do now.
    pub allowed_transitions: Vec<AllowedTransition>,
    /// The capacities the viewer holds on this item (empty for the public).
    pub your_roles: Vec<Capacity>,
}

fn author_display(conn: &mut crate::db::DbConnection, item: &Item) -> QueryResult<String> {
    if item.anonymous {
        return Ok(item.pseudonym.clone());
    }
    Ok(feedback::author_of(conn, item)?.0)
}

fn item_view(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    item: &Item,
    viewer: Actor<'_>,
) -> Result<ItemView, ApiError> {
    let full = sees_everything(viewer, item);
    // Text the policy withholds from the public (a rejected item) reaches only its parties.
    let withheld = !full && engine.publication.withholds(item.outcome.as_deref());
    let attachments = attachments::of_item(conn, &item.id)?
        .into_iter()
        .filter(|a| full || a.public)
        .collect();
    let now = Utc::now().naive_utc();
    Ok(ItemView {
        id: item.id.clone(),
        ocid: item.ocid.clone(),
        kind: item.kind.clone(),
        category: item.category.clone(),
        stage: item.stage.clone(),
        subject_id: item.subject_id.clone(),
        description: if withheld {
            String::new()
        } else {
            item.description.clone()
        },
        rating: item.rating,
        answers: if withheld {
            Value::Null
        } else {
            serde_json::from_str(&item.answers).unwrap_or(Value::Null)
        },
        author: author_display(conn, item)?,
        anonymous: item.anonymous,
        state: item.state.clone(),
        state_label: engine
            .workflow
            .states
            .get(&item.state)
            .map(|s| s.label.clone())
            .unwrap_or_default(),
        outcome: item.outcome.clone(),
        agency_id: item.agency_id.clone(),
        oversight_id: item.oversight_id.clone(),
        routing_rule: item.routing_rule.clone(),
        duplicate_of: item.duplicate_of.clone(),
        due_at: item.due_at,
        overdue: is_overdue(item, now),
        version: item.version,
        created_at: item.created_at,
        updated_at: item.updated_at,
        attachments,
        allowed_transitions: match viewer {
            Actor::Person(_) => engine
                .allowed(item, viewer)
                .into_iter()
                .map(|t| AllowedTransition {
                    id: t.id.clone(),
                    to: t.to.clone(),
                    comment_required: t.comment
                        == crate::workflow::definition::CommentRule::Required,
                })
                .collect(),
            Actor::System => Vec::new(),
        },
        your_roles: capacities(viewer, item),
    })
}

fn load_item(conn: &mut crate::db::DbConnection, id: &str) -> Result<Item, ApiError> {
    feedback::find(conn, id)?.ok_or_else(|| ApiError::not_found(format!("no feedback item {id:?}")))
}

/// An item as `viewer` may see it: those handling it always; the public only once the
/// publication policy makes it public.
fn load_visible(
    conn: &mut crate::db::DbConnection,
    engine: &crate::workflow::Engine,
    id: &str,
    viewer: Actor<'_>,
) -> Result<Item, ApiError> {
    let item = load_item(conn, id)?;
    if !sees_everything(viewer, &item)
        && crate::publish::one(conn, id, &engine.publication)?.is_none()
    {
        return Err(ApiError::not_found(format!("no feedback item {id:?}")));
    }
    Ok(item)
}

fn viewer_of(user: &Option<CurrentUser>) -> Actor<'_> {
    match user {
        Some(u) => Actor::Person(u),
        // The public holds no capacity; `System` is never used for people.
        None => Actor::Person(&NOBODY),
    }
}

static NOBODY: std::sync::LazyLock<CurrentUser> = std::sync::LazyLock::new(|| CurrentUser {
    id: String::new(),
    email: String::new(),
    memberships: Vec::new(),
});

/// `GET /api/v1/feedback/{id}`: the public view, or the full one for those handling it.
pub async fn show(
    id: web::Path<String>,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let engine = state.engine.clone();
    let view = state
        .db(move |conn| {
            let item = load_visible(conn, &engine, &id, viewer_of(&user.0))?;
            item_view(conn, &engine, &item, viewer_of(&user.0))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

#[derive(Debug, Serialize)]
struct EventView {
    #[serde(flatten)]
    event: Event,
    /// Who acted: the complainant's name or pseudonym, else the role and organization.
    actor: String,
    details: Value,
    attachments: Vec<Attachment>,
}

/// `GET /api/v1/feedback/{id}/events`: the history, oldest first.
pub async fn events(
    id: web::Path<String>,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let engine = state.engine.clone();
    let out = state
        .db(move |conn| {
            let item = load_visible(conn, &engine, &id, viewer_of(&user.0))?;
            let viewer = viewer_of(&user.0);
            let full = sees_everything(viewer, &item);
            let author = author_display(conn, &item)?;
            let files = attachments::of_item(conn, &item.id)?;
            let views: Vec<EventView> = feedback::events_of(conn, &item.id)?
                .into_iter()
                .map(|mut event| {
                    if !reads_comment(&engine.workflow, viewer, &item, &event.transition) {
                        event.comment = None;
                    }
                    event
                })
                .map(|event| EventView {
                    actor: crate::publish::actor_of(&event, &author).to_string(),
                    details: serde_json::from_str(&event.details).unwrap_or(Value::Null),
                    attachments: files
                        .iter()
                        .filter(|a| a.event_seq == event.seq && (full || a.public))
                        .cloned()
                        .collect(),
                    event,
                })
                .collect();
            Ok(views)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": out })))
}

/// `POST /api/v1/feedback/{id}/transitions`
pub async fn transition(
    req: HttpRequest,
    payload: web::Payload,
    id: web::Path<String>,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    crate::http::limits::throttle(
        &state,
        vec![crate::http::limits::transition_limit(&state, &user.id)],
    )
    .await?;
    let (request, files) = read_request::<Request>(&req, payload, "transition").await?;
    let files = check_files(files)?;
    let id = id.into_inner();
    let engine = state.engine.clone();
    let view = state
        .db(move |conn| {
            let item = engine.transition(
                conn,
                &id,
                Actor::Person(&user),
                &request,
                &files,
                Utc::now().naive_utc(),
            )?;
            item_view(conn, &engine, &item, Actor::Person(&user))
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// `GET /api/v1/feedback/{id}/attachments/{attachment}`: public documents for everyone, the
/// complainant's evidence only for those handling the item.
pub async fn attachment(
    path: web::Path<(String, String)>,
    user: MaybeUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (id, attachment_id) = path.into_inner();
    let engine = state.engine.clone();
    let (meta, bytes) = state
        .db(move |conn| {
            let item = load_item(conn, &id)?;
            let found = match attachments::access(conn, &item, &attachment_id, user.0.as_ref())? {
                attachments::Access::Granted(found) => found,
                attachments::Access::NotFound => {
                    return Err(ApiError::not_found("no such attachment"))
                }
                attachments::Access::SignInFirst => return Err(ApiError::unauthorized()),
                attachments::Access::Refused => {
                    return Err(ApiError::forbidden(
                        "this file is evidence for those handling the item only",
                    ))
                }
            };
            let bytes =
                attachments::read(engine.files.as_ref(), &found).map_err(ApiError::internal)?;
            Ok((found, bytes))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .content_type(meta.content_type.as_str())
        .insert_header(download_name(&meta.file_name))
        .insert_header(("Content-Security-Policy", "sandbox; default-src 'none'"))
        .body(bytes))
}

/// `Content-Disposition: attachment` naming the file in UTF-8 (RFC 6266 `filename*`), with an
/// ASCII `filename` for clients that do not read it.
fn download_name(name: &str) -> actix_web::http::header::ContentDisposition {
    use actix_web::http::header::{
        Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
    };
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '_'
            }
        })
        .collect();
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: name.as_bytes().to_vec(),
            }),
        ],
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevealBody {
    reason: String,
}

/// `POST /api/v1/feedback/{id}/identity`: a moderator looks behind a pseudonym; logged.
pub async fn reveal(
    id: web::Path<String>,
    user: CurrentUser,
    body: web::Json<RevealBody>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let reason = body.into_inner().reason;
    let id = id.into_inner();
    let (name, email) = state
        .db(move |conn| {
            crate::db::write(conn, |conn| {
                let item = load_item(conn, &id)?;
                Ok(feedback::reveal_identity(
                    conn,
                    &item,
                    &user,
                    &reason,
                    Utc::now().naive_utc(),
                )?)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"name": name, "email": email})))
}

/// `GET /api/v1/identity-reveals`: who looked behind which pseudonym, and why (admins only).
pub async fn reveal_log(
    _admin: crate::http::caller::Admin,
    query: web::Query<crate::http::queries::PageQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let page = query.page.unwrap_or(1).clamp(1, 100_000);
    let (items, more) = state
        .db(move |conn| Ok(feedback::reveal_log(conn, page)?))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"page": page, "items": items, "more": more})))
}

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    sort: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Debug, Serialize)]
struct QueueEntry {
    id: String,
    ocid: String,
    kind: String,
    category: String,
    state: String,
    agency_id: Option<String>,
    due_at: Option<NaiveDateTime>,
    overdue: bool,
    created_at: NaiveDateTime,
}

async fn queue(
    which: Queue,
    query: QueueQuery,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    if !which.readable_by(&user) {
        return Err(ApiError::forbidden(
            "this queue is for the people who work it",
        ));
    }
    let order = match query.sort.as_deref() {
        None | Some("age") => Order::Age,
        Some("deadline") => Order::Deadline,
        Some("risk") => Order::Risk,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "sort",
                "must be age, deadline or risk",
            ))
        }
    };
    let per_page = query
        .per_page
        .unwrap_or(state.settings.api.default_page_size)
        .clamp(1, state.settings.api.max_page_size);
    let page = query.page.unwrap_or(1).max(1);
    let engine = state.engine.clone();
    let (total, rows) = state
        .db(move |conn| Ok(which.page(conn, &engine.workflow, order, page, per_page)?))
        .await?;
    let now = Utc::now().naive_utc();
    let items: Vec<QueueEntry> = rows
        .into_iter()
        .map(|i| QueueEntry {
            overdue: is_overdue(&i, now),
            id: i.id,
            ocid: i.ocid,
            kind: i.kind,
            category: i.category,
            state: i.state,
            agency_id: i.agency_id,
            due_at: i.due_at,
            created_at: i.created_at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "total": total, "page": page, "per_page": per_page, "items": items
    })))
}

pub async fn triage_queue(
    query: web::Query<QueueQuery>,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    queue(Queue::Triage, query.into_inner(), user, state).await
}

pub async fn agency_queue(
    id: web::Path<String>,
    query: web::Query<QueueQuery>,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    queue(
        Queue::Agency(id.into_inner()),
        query.into_inner(),
        user,
        state,
    )
    .await
}

pub async fn oversight_queue(
    id: web::Path<String>,
    query: web::Query<QueueQuery>,
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    queue(
        Queue::Oversight(id.into_inner()),
        query.into_inner(),
        user,
        state,
    )
    .await
}
