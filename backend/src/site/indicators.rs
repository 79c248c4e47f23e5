//! Risk indicators on the pages: the methodology (`/indicators`, `/indicators/{code}`), and the
//! flags as people read them on the process and agency pages: each with its name, what it
//! means, the values behind it in words, and the reminder that a flag is a reason to look, not
//! proof of wrongdoing.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use fluent_bundle::FluentArgs;
use minijinja::value::Serde;
use minijinja::{context, Value};
use serde::Serialize;
use serde_json::Value as Json;

use crate::http::{ApiError, AppState};
use crate::i18n::{self, format};
use crate::publish;
use crate::risk::read::StoredFlag;
use crate::risk::{self, Scope};
use crate::site::page_cache;
use crate::site::render::{labels, render};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/indicators", web::get().to(methodology))
        .route("/indicators/{code}", web::get().to(indicator));
}

/// A flag as a page shows it.
#[derive(Debug, Serialize)]
pub struct FlagView {
    pub code: String,
    pub name: String,
    pub meaning: String,
    /// The values behind it, in words.
    pub values: String,
    /// Whom it flags (buyer, procuring entity, tenderer), for organizations' flags.
    pub role: Option<String>,
    /// The organization's name, for organizations' flags.
    pub organization: Option<String>,
    /// In how many processes (tenderers flagged by several).
    pub processes: Option<u64>,
    /// Where the reader checks what the flag says (V002: the earlier process).
    pub link: Option<String>,
}

fn text(lang: &str, key: &str, args: &FluentArgs) -> String {
    i18n::text_with(lang, key, Some(args))
}

fn percent(share: f64, lang: &str) -> String {
    format::with_decimals(share * 100.0, 1, lang)
}

/// A date and time: a late bid may be late by hours.
fn when(v: &Json, lang: &str) -> String {
    v.as_str()
        .map(|d| format::when(d, lang))
        .unwrap_or_default()
}

fn day(v: &Json, lang: &str) -> String {
    v.as_str().map(|d| format::day(d, lang)).unwrap_or_default()
}

/// The values behind a flag, in a sentence of the reader's language.
pub fn describe(flag: &StoredFlag, lang: &str) -> String {
    let d = flag.details();
    let mut a = FluentArgs::new();
    let num = |v: &Json| v.as_f64().unwrap_or_default();
    let money = |v: &Json| format::money(v.as_f64().unwrap_or_default(), lang);
    let s = |v: &Json| v.as_str().unwrap_or_default().to_owned();
    match flag.code.as_str() {
        "R003" => {
            a.set("days", num(&d["days"]));
            a.set("threshold", num(&d["threshold"]));
        }
        "R018" => {
            let method = s(&d["method"]);
            let label = format!("method.{method}");
            let method = if i18n::has(lang, &label) {
                i18n::text(lang, &label).to_lowercase()
            } else {
                method
            };
            a.set("method", method);
        }
        "R024" | "R058" => {
            a.set("winning", money(&d["winning_bid"]));
            a.set("second", money(&d["second_bid"]));
            a.set("currency", s(&d["currency"]));
            a.set("percent", percent(flag.value, lang));
            a.set("fence", percent(num(&d["fence"]), lang));
        }
        "R025" => {
            a.set("won", num(&d["won"]));
            a.set("bid", num(&d["bid"]));
        }
        "R028" => {
            let prices: Vec<String> = d["prices"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| format!("{} {}", money(&p["amount"]), s(&p["currency"])))
                .collect();
            a.set("prices", prices.join(", "));
        }
        "R030" => {
            let dates: Vec<String> = d["bid_dates"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| when(v, lang))
                .collect();
            a.set("dates", dates.join(", "));
            a.set("deadline", when(&d["deadline"], lang));
        }
        "R035" => a.set("n", flag.value),
        "R036" => {
            a.set("lowest", money(&d["lowest"]));
            a.set("valid", money(&d["lowest_valid"]));
            a.set("currency", s(&d["currency"]));
        }
        "R038" => {
            a.set("disqualified", num(&d["disqualified"]));
            a.set("submitted", num(&d["submitted"]));
            a.set("percent", percent(flag.value, lang));
            a.set("fence", percent(num(&d["fence"]), lang));
        }
        "R048" => {
            a.set("n", flag.value);
            a.set(
                "fence",
                format::with_decimals(num(&d["fence"]).ceil(), 0, lang),
            );
        }
        "V001" => {
            a.set("n", num(&d["complaints"]));
            a.set("date", day(&d["signed"], lang));
        }
        "V002" => {
            a.set("awarded", day(&d["awarded"], lang));
            a.set("earlier", s(&d["earlier"]));
            a.set("finding", day(&d["finding"], lang));
        }
        "V003" => {
            a.set("late", num(&d["late"]));
            a.set("overdue", num(&d["overdue"]));
            a.set("received", num(&d["received"]));
            a.set("percent", percent(flag.value, lang));
            a.set("fence", percent(num(&d["fence"]), lang));
        }
        "V004" => a.set("people", num(&d["people"])),
        _ => {}
    }
    text(lang, &format!("indicator.{}.values", flag.code), &a)
}

pub fn view(flag: &StoredFlag, lang: &str) -> FlagView {
    FlagView {
        name: i18n::text(lang, &format!("indicator.{}.name", flag.code)),
        meaning: i18n::text(lang, &format!("indicator.{}.meaning", flag.code)),
        values: describe(flag, lang),
        code: flag.code.clone(),
        role: None,
        organization: None,
        processes: None,
        link: (flag.code == "V002")
            .then(|| flag.details()["earlier"].as_str().map(str::to_owned))
            .flatten()
            .map(|ocid| {
                format!(
                    "/processes/{}",
                    url::form_urlencoded::byte_serialize(ocid.as_bytes()).collect::<String>()
                )
            }),
    }
}

fn role_text(scope: &str, lang: &str) -> String {
    let key = match Scope::parse(scope) {
        Some(Scope::Buyer) => "risk.as_buyer",
        Some(Scope::ProcuringEntity) => "risk.as_procuring_entity",
        _ => "risk.as_tenderer",
    };
    i18n::text(lang, key)
}

/// An agency's own flags: one per indicator and finding, with the roles it was flagged in (a
/// buyer that is its own procuring entity is flagged in both, with the same figures).
pub fn agency_views(flags: &[StoredFlag], lang: &str) -> Vec<FlagView> {
    let mut out: Vec<FlagView> = Vec::new();
    for flag in flags {
        let mut v = view(flag, lang);
        let role = role_text(&flag.scope, lang);
        match out
            .iter_mut()
            .find(|o| o.code == v.code && o.values == v.values)
        {
            Some(same) => {
                if let Some(r) = same.role.as_mut() {
                    r.push_str(", ");
                    r.push_str(&role);
                }
            }
            None => {
                v.role = Some(role);
                out.push(v);
            }
        }
    }
    out
}

/// An organization's flag, with its name and role.
pub fn organization_view(flag: &StoredFlag, name: &str, lang: &str) -> FlagView {
    let mut v = view(flag, lang);
    v.role = Some(role_text(&flag.scope, lang));
    v.organization = Some(name.to_owned());
    v.processes = flag.details()["count"].as_u64().or_else(|| {
        flag.details()["processes"]
            .as_array()
            .map(|p| p.len() as u64)
    });
    // Tenderers flagged beside a process (R024, R028, …) carry no sentence of their own.
    if v.processes.is_some() {
        v.values = String::new();
    }
    v
}

/// Every indicator's name in the reader's language, by code (the search page's choices).
pub fn names(lang: &str) -> std::collections::BTreeMap<String, String> {
    risk::INDICATORS
        .iter()
        .map(|i| {
            (
                i.code.to_owned(),
                i18n::text(lang, &format!("indicator.{}.name", i.code)),
            )
        })
        .collect()
}

/// The flags of a process's organizations, one entry per organization and role.
#[derive(Debug, Serialize)]
pub struct OrganizationFlags {
    pub name: String,
    pub role: String,
    pub flags: Vec<FlagView>,
}

pub fn by_organization(flags: &[(StoredFlag, String)], lang: &str) -> Vec<OrganizationFlags> {
    let mut out: Vec<OrganizationFlags> = Vec::new();
    for (flag, name) in flags {
        let view = organization_view(flag, name, lang);
        let role = view.role.clone().unwrap_or_default();
        match out.iter_mut().find(|o| &o.name == name && o.role == role) {
            Some(o) => o.flags.push(view),
            None => out.push(OrganizationFlags {
                name: name.clone(),
                role,
                flags: vec![view],
            }),
        }
    }
    out
}

/// One indicator on the methodology pages.
#[derive(Debug, Serialize)]
struct IndicatorView {
    code: &'static str,
    name: String,
    meaning: String,
    reads: String,
    method: String,
    redress: bool,
    enabled: bool,
    /// "12 processes", "3 companies"…
    counts: Vec<String>,
    /// Processes it flags (for the link to the search).
    processes: i64,
    /// (label in words, the data part of the name, the name as configured, the value in words).
    settings: Vec<(String, Option<String>, String, String)>,
}

fn counted(lang: &str, n: i64, scope: &str) -> String {
    let mut a = FluentArgs::new();
    a.set("n", n);
    text(lang, &format!("risk.count.{scope}"), &a)
}

fn indicator_view(
    ind: &risk::Indicator,
    m: &risk::Methodology,
    counts: &[(String, String, i64)],
    lang: &str,
) -> IndicatorView {
    let key = |part: &str| i18n::text(lang, &format!("indicator.{}.{part}", ind.code));
    let mine: Vec<&(String, String, i64)> = counts.iter().filter(|c| c.0 == ind.code).collect();
    IndicatorView {
        code: ind.code,
        name: key("name"),
        meaning: key("meaning"),
        reads: key("reads"),
        method: key("method"),
        redress: ind.redress,
        enabled: m.enabled().contains(&ind.code),
        counts: ind
            .scopes
            .iter()
            .map(|scope| {
                let n = mine
                    .iter()
                    .find(|c| c.1 == scope.as_str())
                    .map_or(0, |c| c.2);
                counted(lang, n, scope.as_str())
            })
            .collect(),
        processes: mine
            .iter()
            .find(|c| c.1 == Scope::Ocid.as_str())
            .map_or(0, |c| c.2),
        settings: m
            .settings_of(ind.code)
            .into_iter()
            .map(|setting| {
                let (key, detail) = setting.words();
                let value = setting
                    .value
                    .clone()
                    .unwrap_or_else(|| i18n::text(lang, setting.otherwise));
                (i18n::text(lang, &key), detail, setting.name, value)
            })
            .collect(),
    }
}

/// `GET /indicators`: every indicator, what it means and how many it flags.
pub async fn methodology(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    page_cache::serve(
        &req,
        &state.clone(),
        vec![publish::topic::INDICATORS.to_owned()],
        |lang| methodology_page(state, None, lang),
    )
    .await
}

/// `GET /indicators/{code}`: one indicator's definition, settings and results.
pub async fn indicator(
    req: HttpRequest,
    code: web::Path<String>,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let code = code.into_inner();
    page_cache::serve(
        &req,
        &state.clone(),
        vec![publish::topic::INDICATORS.to_owned()],
        |lang| methodology_page(state, Some(code), lang),
    )
    .await
}

async fn methodology_page(
    state: web::Data<AppState>,
    code: Option<String>,
    lang: &'static str,
) -> Result<(StatusCode, String), ApiError> {
    let one = match &code {
        Some(c) => match risk::indicator(c) {
            Some(i) => Some(i),
            None => {
                let body = render(
                    "not_found.html",
                    context! { lang, message => "risk.not_found" },
                )?;
                return Ok((StatusCode::NOT_FOUND, body));
            }
        },
        None => None,
    };
    let (counts, last_run) = state
        .db(|conn| Ok((risk::read::counts(conn)?, risk::read::last_run(conn)?)))
        .await?;
    let m = &state.engine.indicators;
    let views: Vec<IndicatorView> = risk::INDICATORS
        .iter()
        .filter(|i| one.is_none_or(|o| o.code == i.code))
        .map(|i| indicator_view(i, m, &counts, lang))
        .collect();
    let last_run = last_run.map(|t| {
        let mut a = FluentArgs::new();
        a.set("date", format::day(&t.to_string(), lang));
        text(lang, "risk.last_run", &a)
    });
    let body = render(
        "indicators.html",
        context! {
            lang,
            section => "/indicators",
            one => one.is_some(),
            indicators => Value::from(Serde(&views)),
            last_run,
            ..labels(&state, lang)
        },
    )?;
    Ok((StatusCode::OK, body))
}
