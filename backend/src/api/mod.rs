//! The JSON house: `/api/v1` (documented in `docs/openapi.json`), Open311 GeoReport v2, the
//! health check. Handlers parse, authorize and call the domain; they stand on `crate::http`
//! alone, never on the pages house.

pub mod agencies;
pub mod auth;
pub mod feedback;
pub mod indicators;
pub mod open311;
pub mod open_data;
pub mod processes;
pub mod sources;

use actix_web::{web, HttpResponse};

use crate::http::{ApiError, AppState};

/// The JSON routes: `/api/v1`, Open311, the OpenAPI document and the health check.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(open311::routes)
        .route("/healthz", web::get().to(healthz))
        .route("/api/openapi.json", web::get().to(openapi))
        .service(
            web::scope("/api/v1")
                .route("/auth/signup", web::post().to(auth::signup))
                .route("/auth/verify", web::post().to(auth::verify))
                .route("/auth/login", web::post().to(auth::login))
                .route("/auth/refresh", web::post().to(auth::refresh))
                .route("/auth/logout", web::post().to(auth::logout))
                .route(
                    "/auth/logout-everywhere",
                    web::post().to(auth::logout_everywhere),
                )
                .route("/auth/password-reset", web::post().to(auth::password_reset))
                .route(
                    "/auth/password-reset/confirm",
                    web::post().to(auth::password_reset_confirm),
                )
                .route("/me", web::get().to(auth::me))
                .route("/me", web::patch().to(auth::update_me))
                .route("/me/password", web::post().to(auth::change_password))
                .route("/agencies", web::get().to(agencies::list))
                .route("/agencies/{id:.+}/merge", web::post().to(agencies::merge))
                .route(
                    "/agencies/{id:.+}/invitations",
                    web::post().to(agencies::invite),
                )
                .route("/agencies/{id:.+}", web::get().to(agencies::show))
                .route("/agencies/{id:.+}", web::patch().to(agencies::correct))
                .route("/invitations/accept", web::post().to(agencies::accept))
                .route("/categories", web::get().to(categories))
                .route("/processes", web::get().to(processes::list))
                // An ocid is taken verbatim, `/` included; the record and feedback routes are
                // matched first.
                .route(
                    "/processes/{ocid:.+}/record",
                    web::get().to(processes::record),
                )
                .route(
                    "/processes/{ocid:.+}/feedback",
                    web::post().to(feedback::submit),
                )
                .route(
                    "/processes/{ocid:.+}/feedback",
                    web::get().to(open_data::of_process),
                )
                .route("/feedback", web::get().to(open_data::list))
                .route("/feedback.jsonl", web::get().to(open_data::jsonl))
                .route("/feedback.csv", web::get().to(open_data::csv_download))
                .route(
                    "/feeds/answers.atom",
                    web::get().to(open_data::answers_feed),
                )
                .route(
                    "/feeds/agencies/{id}/answers.atom",
                    web::get().to(open_data::agency_answers_feed),
                )
                .route("/feedback/{id}", web::get().to(feedback::show))
                .route("/feedback/{id}/events", web::get().to(feedback::events))
                .route(
                    "/feedback/{id}/transitions",
                    web::post().to(feedback::transition),
                )
                .route(
                    "/feedback/{id}/attachments/{attachment}",
                    web::get().to(feedback::attachment),
                )
                .route("/feedback/{id}/identity", web::post().to(feedback::reveal))
                .route("/identity-reveals", web::get().to(feedback::reveal_log))
                .route("/sources", web::get().to(sources::list))
                .route("/indicators", web::get().to(indicators::cardinal))
                .route("/indicators.jsonl", web::get().to(indicators::lines))
                .route("/queues/triage", web::get().to(feedback::triage_queue))
                .route(
                    "/queues/agency/{id:.+}",
                    web::get().to(feedback::agency_queue),
                )
                .route(
                    "/queues/oversight/{id:.+}",
                    web::get().to(feedback::oversight_queue),
                )
                .route("/processes/{ocid:.+}", web::get().to(processes::show)),
        );
}

/// The OpenAPI 3 document of the API (`docs/openapi.json`, checked against this route table by
/// a test).
async fn openapi() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(include_str!("../../../docs/openapi.json"))
}

/// The feedback categories and their questionnaires.
async fn categories(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"items": &state.engine.categories}))
}

async fn healthz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    state
        .db(|conn| {
            use diesel::connection::SimpleConnection;
            conn.batch_execute("SELECT 1").map_err(ApiError::from)
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ok", "database": "ok"})))
}
