//! `/api/v1/processes`: search, one process, its OCDS record.

use actix_web::{web, HttpResponse};
use chrono::NaiveDateTime;
use serde::Serialize;
use serde_json::Value;

use crate::http::queries::{number, ListQuery};
use crate::http::{ApiError, AppState};
use crate::ocds::records;
use crate::ocds::search;
use crate::ocds::store::{self, ProcessRow};

#[derive(Debug, Serialize)]
struct OrgRef {
    id: String,
    name: Option<String>,
}

/// A process as the API lists it.
#[derive(Debug, Serialize)]
pub struct ProcessSummaryOut {
    ocid: String,
    title: Option<String>,
    description: Option<String>,
    buyer: Option<OrgRef>,
    procuring_entity: Option<OrgRef>,
    procurement_method: Option<String>,
    main_procurement_category: Option<String>,
    is_public_works: bool,
    status: Option<String>,
    stage: String,
    value: Option<Value>,
    tender_start: Option<NaiveDateTime>,
    tender_end: Option<NaiveDateTime>,
    award_date: Option<NaiveDateTime>,
    contract_date: Option<NaiveDateTime>,
    last_release_date: Option<NaiveDateTime>,
    release_count: i32,
    ocds_version: String,
    classifications: Vec<String>,
}

impl From<ProcessRow> for ProcessSummaryOut {
    fn from(row: ProcessRow) -> Self {
        let value = row
            .value_amount
            .map(|amount| serde_json::json!({"amount": amount, "currency": row.currency}));
        ProcessSummaryOut {
            buyer: row.buyer_id.map(|id| OrgRef {
                id,
                name: row.buyer_name,
            }),
            procuring_entity: row.procuring_entity_id.map(|id| OrgRef {
                id,
                name: row.procuring_entity_name,
            }),
            classifications: serde_json::from_str(&row.classifications).unwrap_or_default(),
            ocid: row.ocid,
            title: row.title,
            description: row.description,
            procurement_method: row.procurement_method,
            main_procurement_category: row.main_procurement_category,
            is_public_works: row.is_public_works,
            status: row.status,
            stage: row.stage,
            value,
            tender_start: row.tender_start,
            tender_end: row.tender_end,
            award_date: row.award_date,
            contract_date: row.contract_date,
            last_release_date: row.last_release_date,
            release_count: row.release_count,
            ocds_version: row.ocds_version,
        }
    }
}

#[derive(Debug, Serialize)]
struct ListOut {
    /// Counted up to 10,000; `total_is_lower_bound` says there are more.
    total: i64,
    total_is_lower_bound: bool,
    page: i64,
    per_page: i64,
    items: Vec<ProcessSummaryOut>,
}

pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, ApiError> {
    let filter = query.filter()?;
    let api = &state.settings.api;
    let page = number::<i64>("page", &query.page)?.unwrap_or(1);
    if page < 1 {
        return Err(ApiError::invalid_field("page", "must be 1 or more"));
    }
    let per_page = number::<i64>("per_page", &query.per_page)?.unwrap_or(api.default_page_size);
    if !(1..=api.max_page_size).contains(&per_page) {
        return Err(ApiError::invalid_field(
            "per_page",
            &format!("must be between 1 and {}", api.max_page_size),
        ));
    }
    crate::http::queries::within_reach(page, per_page)?;
    let found = state
        .db(move |conn| Ok(search::search(conn, &filter, page, per_page)?))
        .await?;
    Ok(HttpResponse::Ok().json(ListOut {
        total: found.total,
        total_is_lower_bound: found.capped,
        page: found.page,
        per_page: found.per_page,
        items: found.items.into_iter().map(Into::into).collect(),
    }))
}

#[derive(Debug, Serialize)]
struct PartyOut {
    id: String,
    name: String,
    roles: Vec<String>,
}

#[derive(Debug, Serialize)]
struct ReleaseOut {
    id: String,
    date: String,
    tag: Value,
    ocds_version: String,
}

#[derive(Debug, Serialize)]
struct ProcessOut {
    #[serde(flatten)]
    summary: ProcessSummaryOut,
    parties: Vec<PartyOut>,
    releases: Vec<ReleaseOut>,
    /// The risk indicators that flag this process (code → value, as Cardinal writes them).
    indicators: std::collections::BTreeMap<String, f64>,
    links: Value,
}

fn unknown(ocid: &str) -> ApiError {
    ApiError::not_found(format!("no contracting process with ocid {ocid:?}"))
}

pub async fn show(
    state: web::Data<AppState>,
    ocid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let ocid = ocid.into_inner();
    let found = state
        .db(move |conn| {
            let Some(row) = store::find_process(conn, &ocid)? else {
                return Err(unknown(&ocid));
            };
            let parties = search::parties_of(conn, &ocid)?;
            let releases = store::releases_of(conn, &ocid)?;
            let flags = crate::risk::read::of_process(conn, &ocid)?;
            Ok((row, parties, releases, flags))
        })
        .await?;
    let (row, parties, releases, flags) = found;
    let mut grouped: Vec<PartyOut> = Vec::new();
    for (org, role) in parties {
        match grouped.last_mut() {
            Some(last) if last.id == org.id => last.roles.push(role),
            _ => grouped.push(PartyOut {
                id: org.id,
                name: org.name,
                roles: vec![role],
            }),
        }
    }
    let releases = releases
        .map(|r| r.index)
        .unwrap_or_default()
        .into_iter()
        .map(|r| ReleaseOut {
            id: r.id,
            date: r.date,
            tag: r.tag,
            ocds_version: r.version,
        })
        .collect();
    let record_link = format!(
        "/api/v1/processes/{}/record",
        url::form_urlencoded::byte_serialize(row.ocid.as_bytes()).collect::<String>()
    );
    Ok(HttpResponse::Ok().json(ProcessOut {
        summary: row.into(),
        parties: grouped,
        releases,
        indicators: flags.into_iter().map(|f| (f.code, f.value)).collect(),
        links: serde_json::json!({"record": record_link}),
    }))
}

/// The OCDS record as a record package holds it: releases as published, the compiled release,
/// and the versioned release, built from the stored releases.
pub async fn record(
    state: web::Data<AppState>,
    ocid: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let ocid = ocid.into_inner();
    let found = state
        .db(move |conn| {
            records::record(conn, &ocid, true)
                .map_err(ApiError::internal)?
                .ok_or_else(|| unknown(&ocid))
        })
        .await?;
    Ok(HttpResponse::Ok().json(found))
}
