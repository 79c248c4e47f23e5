//! Page texts in Fluent catalogues (`frontend/i18n/{en,es,uk}.ftl`), none in templates: CLDR
//! plural rules per language, and numbers in the arguments written as the language writes them.
//! A request's language comes from `?lang=`, then the `veedor_lang` cookie, then
//! `Accept-Language`.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub const LANGUAGES: &[&str] = &["en", "es", "uk"];
pub const DEFAULT: &str = "en";
pub const COOKIE: &str = "veedor_lang";

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../frontend/i18n/en.ftl")),
    ("es", include_str!("../../../frontend/i18n/es.ftl")),
    ("uk", include_str!("../../../frontend/i18n/uk.ftl")),
];

type Bundle = FluentBundle<FluentResource>;

static BUNDLES: LazyLock<HashMap<&'static str, Bundle>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|&(lang, source)| (lang, bundle(lang, source)))
        .collect()
});

/// A language's bundle. A catalogue with errors keeps the messages that parsed (the tests
/// below refuse any error, so a shipped catalogue has none).
fn bundle(lang: &'static str, source: &str) -> Bundle {
    let resource =
        FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
    let locale = lang.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![locale]);
    // Pages are HTML in one direction per language: no bidi isolation marks around values.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(match lang {
        "es" => |v, _| number_in(v, "es"),
        "uk" => |v, _| number_in(v, "uk"),
        _ => |v, _| number_in(v, "en"),
    }));
    let _ = bundle.add_resource(resource);
    bundle
}

/// Numbers in messages ("{ $n } agencies") grouped as the language writes them.
fn number_in(value: &FluentValue, lang: &str) -> Option<String> {
    match value {
        FluentValue::Number(n) => Some(crate::site::format::number(n.value, lang)),
        _ => None,
    }
}

fn id(key: &str) -> String {
    key.replace('.', "-")
}

/// The text of `key` in `lang` with `args`, else English, else the key itself (visible, never
/// blank).
pub fn text_with(lang: &str, key: &str, args: Option<&FluentArgs>) -> String {
    let id = id(key);
    for candidate in [lang, DEFAULT] {
        let Some(bundle) = BUNDLES.get(candidate) else {
            continue;
        };
        if let Some(pattern) = bundle.get_message(&id).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    key.to_owned()
}

/// The text of `key` in `lang`, without arguments.
pub fn text(lang: &str, key: &str) -> String {
    text_with(lang, key, None)
}

/// Each language the site speaks, named in itself (as people look for their own).
pub fn own_names() -> Vec<minijinja::Value> {
    LANGUAGES
        .iter()
        .map(|&code| {
            let name = text(code, "language.name");
            minijinja::context! { code, pair => [code.to_owned(), name.clone()], name }
        })
        .collect()
}

/// What a form says of a bad field, in `lang`: the catalogue's `{form}.invalid.{field}` (a
/// questionnaire's `answers.x` reads `answers`), else the domain's own English words. The API
/// keeps the domain's words, for programs.
pub fn field_error(lang: &str, form: &str, field: &str, reason: &str) -> String {
    let key = format!(
        "{form}.invalid.{}",
        field.split('.').next().unwrap_or(field)
    );
    if has(lang, &key) {
        text(lang, &key)
    } else {
        format!("{field} {reason}")
    }
}

/// Whether a catalogue has the key (templates fall back to configuration labels otherwise).
pub fn has(lang: &str, key: &str) -> bool {
    BUNDLES.get(lang).is_some_and(|b| b.has_message(&id(key)))
}

fn supported(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().copied().find(|l| *l == primary)
}

/// The language named by a request's `?lang=`, if it is one the site speaks.
fn chosen(req: &HttpRequest) -> Option<&'static str> {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang=").and_then(supported))
}

/// Keeps a `?lang=` choice (the language links on every page) for the pages that follow.
pub fn remember_choice(req: &HttpRequest, response: &mut HttpResponse) {
    let Some(lang) = chosen(req) else {
        return;
    };
    if req.cookie(COOKIE).is_some_and(|c| c.value() == lang) {
        return;
    }
    let secure = req
        .app_data::<actix_web::web::Data<crate::http::AppState>>()
        .is_some_and(|s| s.settings.server.base_url.starts_with("https://"));
    // Only fails on a malformed cookie, which this one is not; the page is served either way.
    let _ = response.add_cookie(&cookie(lang, secure));
}

/// The cookie that keeps a chosen language for a year (read by no script: HttpOnly).
pub fn cookie(lang: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(COOKIE, lang.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::days(365))
        .finish()
}

/// The language of a request.
pub fn negotiate(req: &HttpRequest) -> &'static str {
    if let Some(lang) = chosen(req) {
        return lang;
    }
    if let Some(lang) = req.cookie(COOKIE).and_then(|c| supported(c.value())) {
        return lang;
    }
    let header = req
        .headers()
        .get("accept-language")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let mut offers: Vec<(f32, &str)> = header
        .split(',')
        .filter_map(|part| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            Some((q, tag))
        })
        .collect();
    offers.sort_by(|a, b| b.0.total_cmp(&a.0));
    offers
        .into_iter()
        .find_map(|(_, tag)| supported(tag))
        .unwrap_or(DEFAULT)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The message ids of a catalogue, refusing any syntax error.
    fn ids(lang: &str, source: &str) -> Vec<String> {
        let resource = FluentResource::try_new(source.to_owned())
            .unwrap_or_else(|(_, e)| panic!("frontend/i18n/{lang}.ftl: {e:?}"));
        let mut ids: Vec<String> = resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn catalogues_parse_and_have_the_same_messages() {
        let (_, english) = SOURCES[0];
        let reference = ids("en", english);
        for (lang, source) in &SOURCES[1..] {
            let theirs = ids(lang, source);
            let missing: Vec<&String> = reference.iter().filter(|k| !theirs.contains(k)).collect();
            let extra: Vec<&String> = theirs.iter().filter(|k| !reference.contains(k)).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, not in English {extra:?}"
            );
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let mut args = FluentArgs::new();
        for (n, en, uk) in [
            (1, "1 agency", "1 установа"),
            (3, "3 agencies", "3 установи"),
            (5, "5 agencies", "5 установ"),
            (21, "21 agencies", "21 установа"),
            (12345, "12,345 agencies", "12\u{a0}345 установ"),
        ] {
            args.set("n", n);
            assert_eq!(text_with("en", "agencies.found", Some(&args)), en);
            assert_eq!(text_with("uk", "agencies.found", Some(&args)), uk);
        }
        args.set("n", 12345);
        assert_eq!(
            text_with("es", "agencies.found", Some(&args)),
            "12.345 entidades"
        );
    }

    #[test]
    fn every_key_a_template_uses_is_in_the_catalogues() {
        let pattern = "t(\"";
        for (name, source) in crate::site::render::PAGE_SOURCES {
            let mut rest = *source;
            while let Some(at) = rest.find(pattern) {
                // `t(` itself, not the end of another name (`input(`).
                let called = rest[..at]
                    .chars()
                    .last()
                    .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
                rest = &rest[at + pattern.len()..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                // A prefix completed at render time (`t("role." ~ m.role)`) is checked by
                // the tests of the labels it takes.
                if !called || key.ends_with('.') {
                    continue;
                }
                for lang in LANGUAGES {
                    assert!(has(lang, key), "{name}: {key:?} missing in {lang}");
                }
            }
            // Keys in lists the layout walks: ("/about", "footer.about").
            for quoted in source.split("\", \"").skip(1) {
                let key = &quoted[..quoted.find('"').unwrap_or(0)];
                if key.contains('.') && !key.contains(' ') && !key.starts_with('/') {
                    for lang in LANGUAGES {
                        assert!(has(lang, key), "{name}: {key:?} missing in {lang}");
                    }
                }
            }
        }
        for lang in LANGUAGES {
            for role in ["citizen", "moderator", "officer", "oversight", "admin"] {
                assert!(has(lang, &format!("role.{role}")), "role.{role} in {lang}");
            }
            for month in 1..=12 {
                assert!(
                    has(lang, &format!("date.month_{month}")),
                    "month {month} in {lang}"
                );
            }
        }
    }

    #[test]
    fn accept_language_picks_the_best_supported() {
        let req = actix_web::test::TestRequest::default()
            .insert_header(("accept-language", "fr-CH, es-PY;q=0.8, en;q=0.5"))
            .to_http_request();
        assert_eq!(negotiate(&req), "es");
        let req = actix_web::test::TestRequest::default()
            .uri("/x?lang=en")
            .insert_header(("accept-language", "es"))
            .to_http_request();
        assert_eq!(negotiate(&req), "en");
        let req = actix_web::test::TestRequest::default().to_http_request();
        assert_eq!(negotiate(&req), "en");
    }
}
