//! `/api/v1/sources`: the publishers' feeds this deployment follows, and how each last sync
//! went (admins only).

use actix_web::{web, HttpResponse};

use crate::http::caller::Admin;
use crate::http::{ApiError, AppState};

pub async fn list(_admin: Admin, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let sources = state.settings.sources().map_err(ApiError::internal)?;
    let now = chrono::Utc::now().naive_utc();
    let items = state
        .db(move |conn| Ok(crate::sync::overview(conn, &sources, now)?))
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "items": items })))
}
