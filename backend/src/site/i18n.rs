//! Page texts in catalogues (`frontend/i18n/{en,es}.toml`), none in templates. A request's
//! language comes from `?lang=`, then the `veedor_lang` cookie, then `Accept-Language`.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};

pub const LANGUAGES: &[&str] = &["en", "es"];
pub const DEFAULT: &str = "en";
pub const COOKIE: &str = "veedor_lang";

const SOURCES: &[(&str, &str)] = &[
    ("en", include_str!("../../../frontend/i18n/en.toml")),
    ("es", include_str!("../../../frontend/i18n/es.toml")),
];

type Catalogue = HashMap<String, String>;

static CATALOGUES: LazyLock<HashMap<&'static str, Catalogue>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(lang, text)| {
            // A broken catalogue is caught by the tests below; at run time it reads as empty.
            (*lang, toml::from_str::<Catalogue>(text).unwrap_or_default())
        })
        .collect()
});

/// The text of `key` in `lang`, else English, else the key itself (visible, never blank).
pub fn text(lang: &str, key: &str) -> String {
    CATALOGUES
        .get(lang)
        .and_then(|c| c.get(key))
        .or_else(|| CATALOGUES.get(DEFAULT).and_then(|c| c.get(key)))
        .cloned()
        .unwrap_or_else(|| key.to_owned())
}

/// Each language the site speaks, named in itself (as people look for their own).
pub fn own_names() -> Vec<minijinja::Value> {
    LANGUAGES
        .iter()
        .map(|&code| minijinja::context! { code, name => text(code, "language.name") })
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
    CATALOGUES.get(lang).is_some_and(|c| c.contains_key(key))
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

    #[test]
    fn catalogues_parse_and_have_the_same_keys() {
        let mut keys: Vec<Vec<String>> = Vec::new();
        for (lang, source) in SOURCES {
            let catalogue: Catalogue =
                toml::from_str(source).unwrap_or_else(|e| panic!("frontend/i18n/{lang}.toml: {e}"));
            let mut k: Vec<String> = catalogue.into_keys().collect();
            k.sort();
            keys.push(k);
        }
        for other in &keys[1..] {
            assert_eq!(&keys[0], other, "catalogues differ in their keys");
        }
    }

    #[test]
    fn every_key_a_template_uses_is_in_the_catalogues() {
        let pattern = "t(\"";
        for (name, source) in crate::site::public::PAGE_SOURCES {
            let mut rest = *source;
            while let Some(at) = rest.find(pattern) {
                rest = &rest[at + pattern.len()..];
                let key = &rest[..rest.find('"').unwrap_or(0)];
                for lang in LANGUAGES {
                    assert!(has(lang, key), "{name}: {key:?} missing in {lang}");
                }
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
