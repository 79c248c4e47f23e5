//! `/api/v1/agencies`: the public agency directory.

use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

use crate::accounts::{self, CurrentUser};
use crate::agencies::{self, Agency, OversightBody};
use crate::http::caller::Admin;
use crate::http::{ApiError, AppState};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectBody {
    contact_email: Option<String>,
}

pub async fn correct(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<CorrectBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, email) = (id.into_inner(), body.into_inner().contact_email);
    let agency = state
        .db(move |conn| Ok(agencies::set_contact_email(conn, &id, email.as_deref())?))
        .await?;
    Ok(HttpResponse::Ok().json(out(&state, agency)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    into: String,
}

pub async fn merge(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<MergeBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, into) = (id.into_inner(), body.into_inner().into);
    let open: Vec<String> = state
        .engine
        .workflow
        .states
        .values()
        .filter(|s| !s.is_final)
        .map(|s| s.id.clone())
        .collect();
    let kept = state
        .db(move |conn| Ok(agencies::merge(conn, &id, &into, &open)?))
        .await?;
    Ok(HttpResponse::Ok().json(out(&state, kept)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InviteBody {
    email: String,
}

pub async fn invite(
    _admin: Admin,
    state: web::Data<AppState>,
    id: web::Path<String>,
    body: web::Json<InviteBody>,
) -> Result<HttpResponse, ApiError> {
    let (id, email) = (id.into_inner(), body.into_inner().email);
    let settings = state.accounts.clone();
    state
        .db(move |conn| Ok(agencies::invite_officer(conn, &settings, &id, &email)?))
        .await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({"status": "invited"})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptBody {
    token: String,
}

pub async fn accept(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: web::Json<AcceptBody>,
) -> Result<HttpResponse, ApiError> {
    let token = body.into_inner().token;
    let agency = state
        .db(move |conn| Ok(accounts::accept_invitation(conn, &user, &token)?))
        .await?;
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({"status": "accepted", "agency": agency, "role": "officer"})))
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

#[derive(Serialize)]
struct AgencyOut {
    #[serde(flatten)]
    agency: Agency,
    contact_email: Option<String>,
    oversight: Vec<OversightBody>,
}

fn out(state: &AppState, agency: Agency) -> AgencyOut {
    AgencyOut {
        contact_email: agency.email().map(str::to_owned),
        oversight: agencies::oversight_among(&state.engine.oversight, &agency.id)
            .into_iter()
            .cloned()
            .collect(),
        agency,
    }
}

pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let api = &state.settings.api;
    let page = query.page.unwrap_or(1);
    let per_page = query.per_page.unwrap_or(api.default_page_size);
    if page < 1 {
        return Err(ApiError::invalid_field("page", "must be 1 or more"));
    }
    if !(1..=api.max_page_size).contains(&per_page) {
        return Err(ApiError::invalid_field(
            "per_page",
            &format!("must be between 1 and {}", api.max_page_size),
        ));
    }
    let q = query.q.clone().filter(|q| !q.trim().is_empty());
    let (total, items) = state
        .db(move |conn| Ok(agencies::list(conn, q.as_deref(), page, per_page)?))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "total": total, "page": page, "per_page": per_page,
        "items": items.into_iter().map(|a| out(&state, a)).collect::<Vec<_>>(),
    })))
}

pub async fn show(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let agency = state
        .db(move |conn| {
            let mut found = agencies::find(conn, &id)?;
            // A merged duplicate answers with the agency it was merged into.
            if let Some(into) = found.as_ref().and_then(|a| a.merged_into.clone()) {
                found = agencies::find(conn, &into)?;
            }
            found.ok_or_else(|| ApiError::not_found(format!("no agency {id:?}")))
        })
        .await?;
    Ok(HttpResponse::Ok().json(out(&state, agency)))
}
