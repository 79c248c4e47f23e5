//! Open data: the public feedback listing, bulk downloads (JSON Lines and CSV, streamed page by
//! page so memory stays flat whatever the table size), and Atom feeds of new answers.

use actix_web::{web, HttpResponse};
use bytes::Bytes;
use chrono::{NaiveDateTime, TimeZone, Utc};
use futures_util::stream;
use serde::Deserialize;

use crate::http::{ApiError, AppState};
use crate::publish::{self, Filter, PublicItem, CSV_COLUMNS};

#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    ocid: Option<String>,
    agency: Option<String>,
    state: Option<String>,
    kind: Option<String>,
    category: Option<String>,
    since: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

fn non_empty(v: Option<String>) -> Option<String> {
    v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl ListQuery {
    fn filter(self) -> Result<(Filter, Option<i64>, Option<i64>), ApiError> {
        let since = match non_empty(self.since) {
            None => None,
            Some(s) => Some(
                chrono::DateTime::parse_from_rfc3339(&s)
                    .map(|t| t.naive_utc())
                    .or_else(|_| {
                        chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                            .map(|d| d.and_hms_opt(0, 0, 0).unwrap_or_default())
                    })
                    .map_err(|_| {
                        ApiError::invalid_field(
                            "since",
                            "must be a date (YYYY-MM-DD) or RFC 3339 time",
                        )
                    })?,
            ),
        };
        Ok((
            Filter {
                ocid: non_empty(self.ocid),
                agency: non_empty(self.agency),
                state: non_empty(self.state),
                kind: non_empty(self.kind),
                category: non_empty(self.category),
                since,
                ..Filter::default()
            },
            self.page,
            self.per_page,
        ))
    }
}

async fn page(
    state: web::Data<AppState>,
    filter: Filter,
    page: Option<i64>,
    per_page: Option<i64>,
) -> Result<HttpResponse, ApiError> {
    let per_page = per_page
        .unwrap_or(state.settings.api.default_page_size)
        .clamp(1, state.settings.api.max_page_size);
    let page = page.unwrap_or(1).max(1);
    crate::http::queries::within_reach(page, per_page)?;
    let policy = state.engine.publication.clone();
    let (total, items) = state
        .db(move |conn| Ok(publish::list(conn, &filter, &policy, page, per_page)?))
        .await?;
    let capped = total >= crate::ocds::search::COUNT_CAP;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "total": total, "total_is_lower_bound": capped, "page": page, "per_page": per_page,
        "items": items
    })))
}

/// `GET /api/v1/feedback`
pub async fn list(
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (filter, p, per_page) = query.into_inner().filter()?;
    page(state, filter, p, per_page).await
}

/// `GET /api/v1/processes/{ocid}/feedback`
pub async fn of_process(
    ocid: web::Path<String>,
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let (mut filter, p, per_page) = query.into_inner().filter()?;
    let ocid = ocid.into_inner();
    let known = {
        let ocid = ocid.clone();
        state
            .db(move |conn| Ok(crate::ocds::store::find_process(conn, &ocid)?.is_some()))
            .await?
    };
    if !known {
        return Err(ApiError::not_found(format!(
            "no contracting process has the ocid {ocid:?}"
        )));
    }
    filter.ocid = Some(ocid);
    page(state, filter, p, per_page).await
}

#[derive(Clone, Copy)]
enum Format {
    JsonLines,
    Csv,
}

const CHUNK: i64 = 500;

fn encode(format: Format, items: &[PublicItem], header: bool) -> Result<Bytes, String> {
    match format {
        Format::JsonLines => {
            let mut out = Vec::new();
            for item in items {
                serde_json::to_writer(&mut out, item).map_err(|e| e.to_string())?;
                out.push(b'\n');
            }
            Ok(Bytes::from(out))
        }
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(Vec::new());
            if header {
                writer
                    .write_record(CSV_COLUMNS)
                    .map_err(|e| e.to_string())?;
            }
            for item in items {
                writer
                    .write_record(item.csv_row())
                    .map_err(|e| e.to_string())?;
            }
            writer
                .into_inner()
                .map(Bytes::from)
                .map_err(|e| e.to_string())
        }
    }
}

/// Streams every public item matching the filter, a page of rows at a time.
async fn download(
    state: web::Data<AppState>,
    query: ListQuery,
    format: Format,
) -> Result<HttpResponse, ApiError> {
    let (filter, _, _) = query.filter()?;
    struct Cursor {
        after: Option<(NaiveDateTime, String)>,
        first: bool,
        done: bool,
    }
    let start = Cursor {
        after: None,
        first: true,
        done: false,
    };
    let pool = state.pool.clone();
    let policy = state.engine.publication.clone();
    let body = stream::unfold(start, move |cursor| {
        let (pool, filter, policy) = (pool.clone(), filter.clone(), policy.clone());
        async move {
            if cursor.done {
                return None;
            }
            let after = cursor.after.clone();
            let fetched = web::block(move || {
                let mut conn = pool.get().map_err(|e| e.to_string())?;
                publish::chunk(&mut conn, &filter, &policy, after.as_ref(), CHUNK)
                    .map_err(|e| e.to_string())
            })
            .await
            .map_err(|e| e.to_string())
            .and_then(|r| r);
            let items = match fetched {
                Ok(items) => items,
                Err(e) => {
                    tracing::error!(error = %e, "open data download");
                    let failed: Result<Bytes, actix_web::Error> = Err(
                        actix_web::error::ErrorInternalServerError("download failed"),
                    );
                    return Some((
                        failed,
                        Cursor {
                            done: true,
                            ..cursor
                        },
                    ));
                }
            };
            let next = Cursor {
                after: items.last().map(|i| (i.created_at, i.id.clone())),
                first: false,
                done: (items.len() as i64) < CHUNK,
            };
            if items.is_empty() && !cursor.first {
                return None;
            }
            let bytes = encode(format, &items, cursor.first)
                .map_err(actix_web::error::ErrorInternalServerError);
            Some((bytes, next))
        }
    });
    let (content_type, name) = match format {
        Format::JsonLines => ("application/x-ndjson; charset=utf-8", "feedback.jsonl"),
        Format::Csv => ("text/csv; charset=utf-8", "feedback.csv"),
    };
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .streaming(body))
}

/// `GET /api/v1/feedback.jsonl`
pub async fn jsonl(
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    download(state, query.into_inner(), Format::JsonLines).await
}

/// `GET /api/v1/feedback.csv`
pub async fn csv_download(
    query: web::Query<ListQuery>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    download(state, query.into_inner(), Format::Csv).await
}

fn utc(t: NaiveDateTime) -> chrono::DateTime<chrono::FixedOffset> {
    Utc.from_utc_datetime(&t).fixed_offset()
}

async fn feed(
    state: web::Data<AppState>,
    agency: Option<String>,
) -> Result<HttpResponse, ApiError> {
    let base = state
        .settings
        .server
        .base_url
        .trim_end_matches('/')
        .to_owned();
    let scope = agency.clone();
    let policy = state.engine.publication.clone();
    let items = state
        .db(move |conn| {
            Ok(publish::latest_answers(
                conn,
                scope.as_deref(),
                &policy,
                50,
            )?)
        })
        .await?;
    let (title, self_path) = match &agency {
        Some(a) => (
            format!("Veedor: answers from {a}"),
            format!("/api/v1/feeds/agencies/{a}/answers.atom"),
        ),
        None => (
            "Veedor: new answers".to_owned(),
            "/api/v1/feeds/answers.atom".to_owned(),
        ),
    };
    let link = |href: String, rel: &str| {
        let mut link = atom_syndication::Link::default();
        link.set_href(href);
        link.set_rel(rel);
        link
    };
    let entries: Vec<atom_syndication::Entry> = items
        .iter()
        .map(|item| {
            let href = format!("{base}/feedback/{}", item.id);
            let when = utc(item.answered_at.unwrap_or(item.updated_at));
            let mut entry = atom_syndication::Entry::default();
            entry.set_id(href.clone());
            entry.set_title(format!("Answer on {} ({})", item.ocid, item.category));
            entry.set_updated(when);
            entry.set_published(Some(when));
            entry.set_links(vec![link(href, "alternate")]);
            entry.set_summary(Some(atom_syndication::Text::plain(
                item.answer.clone().unwrap_or_default(),
            )));
            entry
        })
        .collect();
    let updated = items
        .first()
        .and_then(|i| i.answered_at)
        .map(utc)
        .unwrap_or_else(|| utc(chrono::NaiveDateTime::default()));
    let mut feed = atom_syndication::Feed::default();
    feed.set_id(format!("{base}{self_path}"));
    feed.set_title(title);
    feed.set_updated(updated);
    feed.set_links(vec![link(format!("{base}{self_path}"), "self")]);
    feed.set_entries(entries);
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(feed.to_string()))
}

/// `GET /api/v1/feeds/answers.atom`
pub async fn answers_feed(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    feed(state, None).await
}

/// `GET /api/v1/feeds/agencies/{id}/answers.atom`
pub async fn agency_answers_feed(
    id: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    feed(state, Some(id.into_inner())).await
}
