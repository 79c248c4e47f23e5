//! Process filters as both houses take them from a query string (`/api/v1/processes` and the
//! search page): text first, so each bad value is reported by name.

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::ApiError;
use crate::ocds::search::ProcessFilter;

/// Query parameters, taken as text so each bad value is reported by name.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    buyer: Option<String>,
    procuring_entity: Option<String>,
    method: Option<String>,
    category: Option<String>,
    status: Option<String>,
    stage: Option<String>,
    public_works: Option<String>,
    value_min: Option<String>,
    value_max: Option<String>,
    date_from: Option<String>,
    date_to: Option<String>,
    indicator: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

pub(crate) fn non_empty(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub fn number<T: std::str::FromStr>(
    field: &str,
    v: &Option<String>,
) -> Result<Option<T>, ApiError> {
    non_empty(v)
        .map(|s| {
            s.parse::<T>()
                .map_err(|_| ApiError::invalid_field(field, "must be a number"))
        })
        .transpose()
}

/// An amount: a finite number (`NaN` and `inf` parse as numbers, but no value compares with
/// them as a reader means).
pub fn amount(field: &str, v: &Option<String>) -> Result<Option<f64>, ApiError> {
    match number::<f64>(field, v)? {
        Some(x) if !x.is_finite() => Err(ApiError::invalid_field(field, "must be a number")),
        x => Ok(x),
    }
}

/// Pages reach as far as listings count ([`COUNT_CAP`](crate::ocds::search::COUNT_CAP)
/// rows): deeper offsets would make the database walk past everything before them on each
/// request. Everything is still reachable by filters, or at once from the bulk downloads.
pub fn within_reach(page: i64, per_page: i64) -> Result<(), ApiError> {
    let cap = crate::ocds::search::COUNT_CAP;
    if (page - 1).saturating_mul(per_page) >= cap {
        return Err(ApiError::invalid_field(
            "page",
            &format!(
                "reaches past the first {cap} results; narrow the list with filters, or read \
                 everything from the bulk downloads (/api/v1/feedback.jsonl, /open-data)"
            ),
        ));
    }
    Ok(())
}

fn date(
    field: &str,
    v: &Option<String>,
    end_of_day: bool,
) -> Result<Option<NaiveDateTime>, ApiError> {
    let Some(s) = non_empty(v) else {
        return Ok(None);
    };
    if let Ok(dt) = chrono::DateTime::parse_from_rfc3339(&s) {
        return Ok(Some(dt.naive_utc()));
    }
    let day = NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
        ApiError::invalid_field(field, "must be a date (YYYY-MM-DD) or RFC 3339 time")
    })?;
    // A day's `to` takes the whole day, to its last instant (so the index trusts the day's
    // bucket: `ocds::words::date_range`).
    Ok(Some(if end_of_day {
        crate::ocds::words::end_of_day(day)
    } else {
        day.and_time(chrono::NaiveTime::MIN)
    }))
}

const STAGES: &[&str] = &["planning", "tender", "award", "contract", "implementation"];

impl ListQuery {
    /// The words searched for, as typed.
    pub fn words(&self) -> Option<&str> {
        self.q.as_deref()
    }

    /// A risk indicator's code (any case), or `any`.
    fn indicator(&self) -> Result<Option<String>, ApiError> {
        let Some(code) = non_empty(&self.indicator) else {
            return Ok(None);
        };
        if code.eq_ignore_ascii_case("any") {
            return Ok(Some("any".into()));
        }
        match crate::risk::indicator(&code) {
            Some(i) => Ok(Some(i.code.to_owned())),
            None => Err(ApiError::invalid_field(
                "indicator",
                &format!(
                    "must be \"any\" or an indicator's code: {}",
                    crate::risk::INDICATORS
                        .iter()
                        .map(|i| i.code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    pub fn filter(&self) -> Result<ProcessFilter, ApiError> {
        let public_works = match non_empty(&self.public_works).as_deref() {
            None => None,
            Some("true" | "1" | "yes") => Some(true),
            Some("false" | "0" | "no") => Some(false),
            Some(_) => {
                return Err(ApiError::invalid_field(
                    "public_works",
                    "must be true or false",
                ))
            }
        };
        let stage = non_empty(&self.stage);
        if let Some(s) = &stage {
            if !STAGES.contains(&s.as_str()) {
                return Err(ApiError::invalid_field(
                    "stage",
                    "must be one of planning, tender, award, contract, implementation",
                ));
            }
        }
        Ok(ProcessFilter {
            q: non_empty(&self.q),
            buyer: non_empty(&self.buyer),
            buyer_in: None,
            procuring_entity: non_empty(&self.procuring_entity),
            method: non_empty(&self.method),
            category: non_empty(&self.category),
            status: non_empty(&self.status),
            stage,
            public_works,
            value_min: amount("value_min", &self.value_min)?,
            value_max: amount("value_max", &self.value_max)?,
            date_from: date("date_from", &self.date_from, false)?,
            date_to: date("date_to", &self.date_to, true)?,
            indicator: self.indicator()?,
        })
    }
}

/// `?page=N` of a listing that takes nothing else.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub page: Option<i64>,
}
