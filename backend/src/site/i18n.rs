//! The pages' side of languages: which language a request reads (`?lang=`, then the
//! `veedor_lang` cookie, then `Accept-Language`), keeping a choice in a cookie, and a form's
//! words for a bad field. The texts themselves are `crate::i18n`.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse};

pub use crate::i18n::{has, own_names, text, text_with, DEFAULT, LANGUAGES};

pub const COOKIE: &str = "veedor_lang";

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
                let end = rest.find('"').unwrap_or(0);
                let key = &rest[..end];
                // A prefix completed at render time (`t("role." ~ m.role)`) is checked by
                // the tests of the labels it takes.
                let completed = rest[end + 1..].trim_start().starts_with('~');
                if !called || completed {
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
