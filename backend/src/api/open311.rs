//! Open311 GeoReport v2 under `/open311/v2/`, so existing civic-tech clients can read and file
//! feedback. Services are the feedback categories, their attributes the questionnaire (plus the
//! process's `ocid` and the `stage`); requests are feedback items; status maps to open/closed,
//! the agency to `agency_responsible`, the published answer to `status_notes`. JSON and XML;
//! errors in the spec's shape. Filing needs an API key (`veedor apikey create`).

use actix_web::http::{header, StatusCode};
use actix_web::ResponseError;
use actix_web::{web, HttpResponse};
use chrono::{NaiveDateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::feedback::categories::{Category, QuestionType};
use crate::feedback::{FeedbackError, Submission, STAGES};
use crate::http::AppState;
use crate::publish::{self, Filter, PublicItem};

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Xml,
}

fn format_of(ext: &str) -> Option<Format> {
    match ext {
        "json" => Some(Format::Json),
        "xml" => Some(Format::Xml),
        _ => None,
    }
}

/// The spec's error list, in the asked format, with the HTTP status.
fn errors(format: Format, status: StatusCode, description: &str) -> HttpResponse {
    #[derive(Serialize)]
    struct Error<'a> {
        code: u16,
        description: &'a str,
    }
    #[derive(Serialize)]
    #[serde(rename = "errors")]
    struct Errors<'a> {
        error: Vec<Error<'a>>,
    }
    let error = Error {
        code: status.as_u16(),
        description,
    };
    match format {
        Format::Json => HttpResponse::build(status).json(vec![error]),
        Format::Xml => xml(status, &Errors { error: vec![error] }),
    }
}

fn xml<T: Serialize>(status: StatusCode, value: &T) -> HttpResponse {
    match quick_xml::se::to_string(value) {
        Ok(body) => HttpResponse::build(status)
            .content_type("text/xml; charset=utf-8")
            .body(format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>{body}")),
        Err(e) => {
            tracing::error!(error = %e, "open311 xml");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// A list in JSON, or `<root><item/>…</root>` in XML.
fn list<T: Serialize>(
    format: Format,
    root: &'static str,
    item: &'static str,
    items: Vec<T>,
) -> HttpResponse {
    match format {
        Format::Json => HttpResponse::Ok().json(items),
        Format::Xml => {
            let mut map = serde_json::Map::new();
            map.insert(
                item.to_owned(),
                serde_json::to_value(&items).unwrap_or(Value::Null),
            );
            let wrapped = XmlRoot {
                root,
                inner: Value::Object(map),
            };
            xml(StatusCode::OK, &wrapped)
        }
    }
}

/// Serializes `inner` under an element named `root` (quick-xml takes the root from a struct).
struct XmlRoot {
    root: &'static str,
    inner: Value,
}

impl Serialize for XmlRoot {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let Value::Object(map) = &self.inner else {
            return s.serialize_unit();
        };
        let mut st = s.serialize_struct(self.root, map.len())?;
        for (key, value) in map {
            let key: &'static str = if key == "service" {
                "service"
            } else if key == "request" {
                "request"
            } else {
                "attribute"
            };
            st.serialize_field(key, &XmlValue(value))?;
        }
        st.end()
    }
}

/// JSON values as XML content: nulls become empty elements.
struct XmlValue<'a>(&'a Value);

impl Serialize for XmlValue<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => s.serialize_str(""),
            Value::Bool(b) => s.serialize_str(if *b { "true" } else { "false" }),
            Value::Number(n) => s.serialize_str(&n.to_string()),
            Value::String(t) => s.serialize_str(t),
            Value::Array(items) => {
                use serde::ser::SerializeSeq;
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&XmlValue(item))?;
                }
                seq.end()
            }
            Value::Object(map) => {
                use serde::ser::SerializeMap;
                let mut m = s.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    m.serialize_entry(k, &XmlValue(v))?;
                }
                m.end()
            }
        }
    }
}

#[derive(Serialize)]
struct Service {
    service_code: String,
    service_name: String,
    description: String,
    metadata: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    keywords: String,
    group: String,
}

fn service(c: &Category) -> Service {
    Service {
        service_code: c.id.clone(),
        service_name: c.label.en.clone(),
        description: c.label.es.clone().unwrap_or_default(),
        metadata: true,
        kind: "realtime",
        keywords: c.kinds.join(","),
        group: "procurement".into(),
    }
}

fn split(name: &str) -> (&str, Option<Format>) {
    match name.rsplit_once('.') {
        Some((base, ext)) => (base, format_of(ext)),
        None => (name, None),
    }
}

/// `GET /open311/v2/discovery.{format}`
pub async fn discovery(file: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let (_, Some(format)) = split(&file) else {
        return errors(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml");
    };
    let base = state
        .settings
        .server
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let doc = serde_json::json!({
        "changeset": "2026-11-22T00:00:00Z",
        "contact": state.settings.mail.from.clone(),
        "key_service": format!("{base}/account"),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{base}/open311/v2"),
            "changeset": "2026-11-22T00:00:00Z",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    });
    match format {
        Format::Json => HttpResponse::Ok().json(doc),
        Format::Xml => xml(
            StatusCode::OK,
            &XmlRoot {
                root: "discovery",
                inner: doc,
            },
        ),
    }
}

/// `GET /open311/v2/services.{format}`
pub async fn services(file: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    match split(&file) {
        ("services", Some(format)) => list(
            format,
            "services",
            "service",
            state.engine.categories.iter().map(service).collect(),
        ),
        _ => errors(Format::Json, StatusCode::NOT_FOUND, "no such resource"),
    }
}

#[derive(Serialize)]
struct AttributeValue {
    key: String,
    name: String,
}

#[derive(Serialize)]
struct Attribute {
    variable: bool,
    code: String,
    datatype: &'static str,
    required: bool,
    datatype_description: String,
    order: usize,
    description: String,
    values: Vec<AttributeValue>,
}

fn attributes(c: &Category) -> Vec<Attribute> {
    let choice = |values: Vec<String>| {
        values
            .into_iter()
            .map(|v| AttributeValue {
                key: v.clone(),
                name: v,
            })
            .collect()
    };
    let mut out = vec![
        Attribute {
            variable: true,
            code: "ocid".into(),
            datatype: "string",
            required: true,
            datatype_description: "The OCDS ocid of the contracting process".into(),
            order: 1,
            description: "Contracting process (ocid)".into(),
            values: vec![],
        },
        Attribute {
            variable: true,
            code: "stage".into(),
            datatype: "singlevaluelist",
            required: c.kinds.iter().any(|k| k == "complaint"),
            datatype_description: String::new(),
            order: 2,
            description: "Stage of the process it is about".into(),
            values: choice(STAGES.iter().map(|s| (*s).to_owned()).collect()),
        },
    ];
    for (n, q) in c.questions.iter().enumerate() {
        let (datatype, values) = match q.kind {
            QuestionType::Yesno => (
                "singlevaluelist",
                choice(vec!["true".into(), "false".into()]),
            ),
            QuestionType::Scale => (
                "singlevaluelist",
                choice((1..=5).map(|n| n.to_string()).collect()),
            ),
            QuestionType::Choice => ("singlevaluelist", choice(q.options.clone())),
            QuestionType::Text => ("text", vec![]),
            QuestionType::Date => ("datetime", vec![]),
            QuestionType::Amount => ("number", vec![]),
        };
        out.push(Attribute {
            variable: true,
            code: q.id.clone(),
            datatype,
            required: q.required,
            datatype_description: String::new(),
            order: n + 3,
            description: q.label.en.clone(),
            values,
        });
    }
    out
}

/// `GET /open311/v2/services/{code}.{format}`
pub async fn definition(file: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let (code, Some(format)) = split(&file) else {
        return errors(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml");
    };
    let Some(c) = state.engine.categories.iter().find(|c| c.id == code) else {
        return errors(
            format,
            StatusCode::NOT_FOUND,
            "no service has this service_code",
        );
    };
    let doc = serde_json::json!({
        "service_code": c.id,
        "attributes": attributes(c),
    });
    match format {
        Format::Json => HttpResponse::Ok().json(doc),
        Format::Xml => xml(
            StatusCode::OK,
            &XmlRoot {
                root: "service_definition",
                inner: serde_json::json!({"attribute": doc["attributes"].clone()}),
            },
        ),
    }
}

#[derive(Serialize)]
struct ServiceRequest {
    service_request_id: String,
    status: &'static str,
    status_notes: String,
    service_name: String,
    service_code: String,
    description: String,
    agency_responsible: String,
    service_notice: String,
    requested_datetime: String,
    updated_datetime: String,
    expected_datetime: String,
    address: String,
    media_url: String,
    ocid: String,
}

fn iso(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn request_of(state: &AppState, item: PublicItem) -> ServiceRequest {
    let final_state = state
        .engine
        .workflow
        .states
        .get(&item.state)
        .is_some_and(|s| s.is_final);
    let name = state
        .engine
        .categories
        .iter()
        .find(|c| c.id == item.category)
        .map(|c| c.label.en.clone())
        .unwrap_or_else(|| item.category.clone());
    ServiceRequest {
        status: if final_state { "closed" } else { "open" },
        status_notes: item.answer.clone().unwrap_or_default(),
        service_name: name,
        service_code: item.category.clone(),
        description: item.description.clone(),
        agency_responsible: item.agency_id.clone().unwrap_or_default(),
        service_notice: String::new(),
        requested_datetime: iso(item.created_at),
        updated_datetime: iso(item.updated_at),
        expected_datetime: item.due_at.map(iso).unwrap_or_default(),
        address: String::new(),
        media_url: String::new(),
        ocid: item.ocid.clone(),
        service_request_id: item.id,
    }
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct RequestsQuery {
    service_request_id: Option<String>,
    service_code: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    status: Option<String>,
}

fn time(field: &str, v: &Option<String>) -> Result<Option<NaiveDateTime>, String> {
    v.as_deref()
        .filter(|s| !s.is_empty())
        .map(|s| {
            chrono::DateTime::parse_from_rfc3339(s)
                .map(|t| t.naive_utc())
                .map_err(|_| format!("{field} must be a W3C datetime (e.g. 2026-11-01T00:00:00Z)"))
        })
        .transpose()
}

/// `GET /open311/v2/requests.{format}` and `GET /open311/v2/requests/{id}.{format}`
async fn find_requests(
    format: Format,
    query: RequestsQuery,
    one: Option<String>,
    state: web::Data<AppState>,
) -> HttpResponse {
    let (start, end) = match (
        time("start_date", &query.start_date),
        time("end_date", &query.end_date),
    ) {
        (Ok(s), Ok(e)) => (s, e),
        (Err(m), _) | (_, Err(m)) => return errors(format, StatusCode::BAD_REQUEST, &m),
    };
    let status = match query.status.as_deref() {
        None | Some("") => None,
        Some("open") => Some(false),
        Some("closed") => Some(true),
        Some(_) => {
            return errors(
                format,
                StatusCode::BAD_REQUEST,
                "status must be open or closed",
            )
        }
    };
    let mut ids: Vec<String> = query
        .service_request_id
        .as_deref()
        .map(|s| {
            s.split(',')
                .map(|x| x.trim().to_owned())
                .filter(|x| !x.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(id) = one.clone() {
        ids = vec![id];
    }
    let code = query.service_code.clone().filter(|c| !c.is_empty());
    let states = status.map(|closed| {
        state
            .engine
            .workflow
            .states
            .values()
            .filter(|s| s.is_final == closed)
            .map(|s| s.id.clone())
            .collect::<Vec<_>>()
    });
    let policy = state.engine.publication.clone();
    let found = state
        .db(move |conn| {
            if !ids.is_empty() {
                let mut out = Vec::new();
                for id in &ids {
                    out.extend(publish::one(conn, id, &policy)?);
                }
                return Ok(out);
            }
            // Default window per the spec: the last 90 days, at most 1000 requests. Every
            // filter is applied by the query, before the 1000 are taken.
            let since =
                start.unwrap_or_else(|| Utc::now().naive_utc() - chrono::Duration::days(90));
            let filter = Filter {
                category: code,
                created_from: Some(since),
                created_to: end,
                states,
                ..Filter::default()
            };
            let (_, items) = publish::list(conn, &filter, &policy, 1, 1000)?;
            Ok(items)
        })
        .await;
    let items = match found {
        Ok(items) => items,
        Err(_) => {
            return errors(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                "something went wrong on our side",
            )
        }
    };
    if one.is_some() && items.is_empty() {
        return errors(
            format,
            StatusCode::NOT_FOUND,
            "no service request has this id",
        );
    }
    let requests: Vec<ServiceRequest> = items.into_iter().map(|i| request_of(&state, i)).collect();
    list(format, "service_requests", "request", requests)
}

pub async fn requests(
    file: web::Path<String>,
    query: web::Query<RequestsQuery>,
    state: web::Data<AppState>,
) -> HttpResponse {
    match split(&file) {
        ("requests", Some(format)) => find_requests(format, query.into_inner(), None, state).await,
        _ => errors(Format::Json, StatusCode::NOT_FOUND, "no such resource"),
    }
}

pub async fn request(file: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let (id, Some(format)) = split(&file) else {
        return errors(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml");
    };
    find_requests(format, RequestsQuery::default(), Some(id.to_owned()), state).await
}

/// `GET /open311/v2/tokens/{token}.{format}`: requests are created at once, so a token is the
/// request's id.
pub async fn token(file: web::Path<String>, state: web::Data<AppState>) -> HttpResponse {
    let (id, Some(format)) = split(&file) else {
        return errors(Format::Json, StatusCode::NOT_FOUND, "use .json or .xml");
    };
    let id = id.to_owned();
    let lookup = id.clone();
    let policy = state.engine.publication.clone();
    let known = state
        .db(move |conn| Ok(publish::one(conn, &lookup, &policy)?.is_some()))
        .await
        .unwrap_or(false);
    if !known {
        return errors(format, StatusCode::NOT_FOUND, "no request has this token");
    }
    list(
        format,
        "service_requests",
        "request",
        vec![serde_json::json!({"service_request_id": id, "token": id})],
    )
}

/// A `POST /requests` form as the spec writes it, checked: the API key, the process and the
/// submission. Pure, so it is fuzzed (`backend/fuzz`) without a server.
pub fn parse_request(
    form: &[u8],
    categories: &[Category],
) -> Result<(String, String, Submission), (StatusCode, String)> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(form)
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("malformed form: {e}")))?;
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let Some(key) = field("api_key") else {
        return Err((
            StatusCode::FORBIDDEN,
            "api_key is required to file requests".into(),
        ));
    };
    let code = field("service_code").unwrap_or_default();
    let Some(category) = categories.iter().find(|c| c.id == code) else {
        return Err((
            StatusCode::BAD_REQUEST,
            "service_code is not a known service".into(),
        ));
    };
    let mut answers = Map::new();
    let mut ocid = None;
    let mut stage = None;
    for (k, v) in &pairs {
        let Some(attr) = k
            .strip_prefix("attribute[")
            .and_then(|r| r.strip_suffix(']'))
        else {
            continue;
        };
        match attr {
            "ocid" => ocid = Some(v.clone()),
            "stage" => stage = Some(v.clone()),
            other => {
                let typed = match category.questions.iter().find(|q| q.id == other) {
                    Some(q) => q.typed_answer(v),
                    None => Value::from(v.as_str()),
                };
                answers.insert(other.to_owned(), typed);
            }
        }
    }
    let Some(ocid) = ocid else {
        return Err((
            StatusCode::BAD_REQUEST,
            "attribute[ocid] is required: the process the request is about".into(),
        ));
    };
    let kind = if category.kinds.iter().any(|k| k == "complaint") {
        "complaint"
    } else {
        category
            .kinds
            .first()
            .map(String::as_str)
            .unwrap_or("question")
    };
    let submission = Submission {
        kind: kind.into(),
        category: code.clone(),
        stage,
        description: field("description").unwrap_or_default(),
        rating: None,
        answers,
        // Open311 clients send contact details for the agency, not for publication.
        anonymous: true,
        ..Submission::default()
    };
    Ok((key, ocid, submission))
}

/// `POST /open311/v2/requests.{format}` (form-encoded, as the spec says).
pub async fn create(
    file: web::Path<String>,
    form: web::Bytes,
    state: web::Data<AppState>,
) -> HttpResponse {
    let format = match split(&file) {
        ("requests", Some(f)) => f,
        _ => return errors(Format::Json, StatusCode::NOT_FOUND, "no such resource"),
    };
    let (key, ocid, submission) = match parse_request(&form, &state.engine.categories) {
        Ok(parsed) => parsed,
        Err((status, message)) => return errors(format, status, &message),
    };
    let owner = match crate::http::caller::from_api_key(&state, key).await {
        Ok(Some(owner)) => owner,
        Ok(None) => return errors(format, StatusCode::FORBIDDEN, "api_key is not valid"),
        Err(e) => return errors(format, e.status_code(), e.message()),
    };
    // The same limit as the API and the filing page: one person, one count.
    let limit = crate::http::limits::feedback_limit(&state, &owner.id);
    if let Err(e) = crate::http::limits::throttle(&state, vec![limit]).await {
        let mut response = errors(format, e.status_code(), e.message());
        if let Some(seconds) = e.retry_after() {
            if let Ok(value) = seconds.to_string().parse() {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
        }
        return response;
    }
    let engine = state.engine.clone();
    let created = state
        .db(move |conn| {
            Ok(engine.submit(
                conn,
                &owner,
                &ocid,
                &submission,
                &[],
                Utc::now().naive_utc(),
            ))
        })
        .await;
    match created {
        Ok(Ok(item)) => list(
            format,
            "service_requests",
            "request",
            vec![serde_json::json!({
                "service_request_id": item.id,
                "service_notice": "",
                "account_id": "",
            })],
        ),
        Ok(Err(FeedbackError::Forbidden(m))) => errors(format, StatusCode::FORBIDDEN, &m),
        Ok(Err(FeedbackError::NotFound(m))) => errors(format, StatusCode::BAD_REQUEST, &m),
        Ok(Err(e @ FeedbackError::Invalid { .. })) => {
            errors(format, StatusCode::BAD_REQUEST, &e.to_string())
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "open311 create");
            errors(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                "something went wrong on our side",
            )
        }
        Err(_) => errors(
            format,
            StatusCode::INTERNAL_SERVER_ERROR,
            "something went wrong on our side",
        ),
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/open311/v2")
            .route("/services/{file}", web::get().to(definition))
            .route("/requests/{file}", web::get().to(request))
            .route("/tokens/{file}", web::get().to(token))
            .route("/{file:discovery\\.[a-z]+}", web::get().to(discovery))
            .route("/{file:requests\\.[a-z]+}", web::post().to(create))
            .route("/{file:requests\\.[a-z]+}", web::get().to(requests))
            .route("/{file}", web::get().to(services)),
    );
}
