//! Rendering pages: the templates of `frontend/pages` (GOV.UK Frontend markup, HTML-escaped),
//! the `t()` function over the Fluent catalogues, the filters that write numbers and dates as
//! each language does, and the labels that turn every code a page shows into words.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use minijinja::value::Kwargs;
use minijinja::{context, AutoEscape, Environment, State, Value};

use crate::http::{ApiError, AppState};
use crate::i18n::format;
use crate::site::i18n;
use crate::workflow::definition::Meaning;

pub use crate::site::session::PAGE_TEMPLATES as PAGE_SOURCES;

static PAGES: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    for (file, source) in PAGE_SOURCES {
        // Templates are checked by the page tests; a broken one renders as a 500, logged.
        let _ = env.add_template(file, source);
    }
    env.add_filter("money", |amount: f64, lang: &str| {
        format::money(amount, lang)
    });
    env.add_filter("number", |n: f64, lang: &str| format::number(n, lang));
    env.add_filter("decimal", |n: f64, lang: &str| {
        format::with_decimals(n, 1, lang)
    });
    env.add_filter("day", |value: &str, lang: &str| format::day(value, lang));
    env.add_filter("when", |value: &str, lang: &str| format::when(value, lang));
    env.add_filter("who", who);
    env.add_filter("humanize", humanize);
    env.add_filter("truncate", truncate);
    env.add_filter("pair_with", pair_with);
    env.add_function("t", translate);
    env
});

pub fn render(name: &str, ctx: Value) -> Result<String, ApiError> {
    PAGES
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .map_err(ApiError::internal)
}

/// `t("key", n=3, agency="…")`: the catalogue's text in the page's language. Numbers stay
/// numbers, so plural rules can choose the form.
fn translate(state: &State, key: &str, kwargs: Kwargs) -> Result<String, minijinja::Error> {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| i18n::DEFAULT.to_owned());
    let mut args = fluent_bundle::FluentArgs::new();
    for name in kwargs.args() {
        let value: Value = kwargs.get(name)?;
        if let Ok(n) = f64::try_from(value.clone()) {
            args.set(name.to_owned(), n);
        } else if value.is_none() || value.is_undefined() {
            args.set(name.to_owned(), "");
        } else {
            args.set(name.to_owned(), value.to_string());
        }
    }
    let args = kwargs.args().next().is_some().then_some(&args);
    Ok(i18n::text_with(&lang, key, args))
}

/// `author | who(lang)`: a pseudonym ("Citizen 1A2B3C", as stored and published in open data)
/// in the page's language; names stay as written.
pub fn who(author: &str, lang: &str) -> String {
    match author.strip_prefix("Citizen ") {
        Some(code) if code.len() == 6 && code.bytes().all(|b| b.is_ascii_hexdigit()) => {
            format!("{} {code}", i18n::text(lang, "feedback.citizen"))
        }
        _ => author.to_owned(),
    }
}

/// `code | humanize`: a code no catalogue names yet, made readable ("tenderNotice" → "Tender
/// notice", "partly_done" → "Partly done") rather than shown raw.
pub fn humanize(code: &str) -> String {
    let mut words = String::with_capacity(code.len() + 4);
    for (i, c) in code.chars().enumerate() {
        if c == '_' || c == '-' {
            words.push(' ');
        } else if c.is_uppercase() && i > 0 {
            words.push(' ');
            words.extend(c.to_lowercase());
        } else if i == 0 {
            words.extend(c.to_uppercase());
        } else {
            words.push(c);
        }
    }
    words
}

/// `text | truncate(n)`: at most `n` characters, cut at a word, with an ellipsis when cut.
pub(crate) fn truncate(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    let at_word = cut.rfind(char::is_whitespace).filter(|&i| i > limit / 2);
    format!("{}…", cut[..at_word.unwrap_or(cut.len())].trim_end())
}

/// `codes | map("pair_with", labels)`: `[code, label]` pairs for a select or radios (the
/// code itself, humanized, where `labels` has none).
fn pair_with(code: Value, labels: Value) -> Value {
    let key = code.to_string();
    let label = labels
        .get_item(&code)
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_none())
        .map(|v| v.to_string())
        .unwrap_or_else(|| humanize(&key));
    Value::from(vec![Value::from(key), Value::from(label)])
}

/// OCDS closed codelists shown on pages (procurementMethod, mainProcurementCategory,
/// tenderStatus, award and contract status) and the document types publishers use most; a
/// publisher's other value is humanized.
const METHODS: &[&str] = &["open", "selective", "limited", "direct"];
const PROCUREMENT_CATEGORIES: &[&str] = &["goods", "works", "services"];
const TENDER_STATUSES: &[&str] = &[
    "planning",
    "planned",
    "active",
    "cancelled",
    "unsuccessful",
    "complete",
    "withdrawn",
];
const AWARD_STATUSES: &[&str] = &["pending", "active", "cancelled", "unsuccessful"];
const BID_STATUSES: &[&str] = &["invited", "pending", "valid", "disqualified", "withdrawn"];
const CONTRACT_STATUSES: &[&str] = &["pending", "active", "cancelled", "terminated"];
const DOCUMENT_TYPES: &[&str] = &[
    "tenderNotice",
    "awardNotice",
    "contractNotice",
    "biddingDocuments",
    "technicalSpecifications",
    "evaluationReports",
    "contractSigned",
    "contractText",
    "clarifications",
    "bidders",
    "conflictOfInterest",
    "contractAnnexe",
    "completionCertificate",
    "physicalProgressReport",
    "financialProgressReport",
];

/// The GOV.UK tag colour for a state, from the public meaning the workflow declares for it.
fn tag_class(meaning: Meaning) -> &'static str {
    match meaning {
        Meaning::Open => "govuk-tag--grey",
        Meaning::AwaitingComplainant => "govuk-tag--yellow",
        Meaning::WithAgency => "govuk-tag--blue",
        Meaning::Answered => "govuk-tag--green",
        Meaning::Escalated => "govuk-tag--orange",
        Meaning::Closed => "govuk-tag--grey",
    }
}

/// Every label a page may need, in `lang`: states (with their tag colours), outcomes, kinds,
/// stages, OCDS codes, categories and their questions.
pub fn labels(state: &AppState, lang: &str) -> Value {
    let label = |prefix: &str, id: &str, fallback: &str| {
        let key = format!("{prefix}.{id}");
        if i18n::has(lang, &key) || i18n::has(i18n::DEFAULT, &key) {
            i18n::text(lang, &key)
        } else {
            fallback.to_owned()
        }
    };
    let workflow = &state.engine.workflow;
    let states: BTreeMap<String, String> = workflow
        .states
        .values()
        .map(|s| (s.id.clone(), label("state", &s.id, &s.label)))
        .collect();
    let tags: BTreeMap<String, &str> = workflow
        .states
        .values()
        .map(|s| (s.id.clone(), tag_class(workflow.meaning(&s.id))))
        .collect();
    let codes = |prefix: &str, list: &[&str]| -> BTreeMap<String, String> {
        list.iter()
            .map(|c| ((*c).to_owned(), label(prefix, c, &humanize(c))))
            .collect()
    };
    let categories = &state.engine.categories;
    let category_labels: BTreeMap<String, String> = categories
        .iter()
        .map(|c| (c.id.clone(), c.label.get(lang).to_owned()))
        .collect();
    let category_hints: BTreeMap<String, String> = categories
        .iter()
        .filter_map(|c| Some((c.id.clone(), c.hint.as_ref()?.get(lang).to_owned())))
        .collect();
    let question_labels: BTreeMap<String, String> = categories
        .iter()
        .flat_map(|c| {
            c.questions
                .iter()
                .map(move |q| (format!("{}.{}", c.id, q.id), q.label.get(lang).to_owned()))
        })
        .collect();
    context! {
        state_labels => states,
        state_tags => tags,
        outcome_labels => codes("outcome", &["resolved", "not_resolved", "rejected", "duplicate", "withdrawn"]),
        kind_labels => codes("kind", crate::feedback::categories::KINDS),
        stage_labels => codes("stage", crate::feedback::STAGES),
        method_labels => codes("method", METHODS),
        procurement_category_labels => codes("procurement_category", PROCUREMENT_CATEGORIES),
        status_labels => codes("status", TENDER_STATUSES),
        award_status_labels => codes("award_status", AWARD_STATUSES),
        bid_status_labels => codes("bid_status", BID_STATUSES),
        indicator_names => Value::from(minijinja::value::Serde(crate::site::indicators::names(lang))),
        contract_status_labels => codes("contract_status", CONTRACT_STATUSES),
        document_type_labels => codes("document_type", DOCUMENT_TYPES),
        category_labels,
        category_hints,
        question_labels,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words() {
        assert_eq!(humanize("tenderNotice"), "Tender notice");
        assert_eq!(humanize("partly_done"), "Partly done");
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(
            truncate("El precio unitario triplica el de mercado", 20),
            "El precio unitario…"
        );
        assert_eq!(who("Citizen 1A2B3C", "es"), "Ciudadano/a 1A2B3C");
        assert_eq!(who("Citizen Kane", "es"), "Citizen Kane");
    }
}
