//! The languages Veedor speaks: texts in Fluent catalogues (`frontend/i18n/{en,es,uk}.ftl`),
//! none in templates, with CLDR plural rules per language and numbers in the arguments written
//! as the language writes them; `format` writes numbers and dates. Pages and mail both read
//! them, so this floor knows nothing of HTTP.

pub mod format;

use std::collections::HashMap;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub const LANGUAGES: &[&str] = &["en", "es", "uk"];
pub const DEFAULT: &str = "en";

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
        FluentValue::Number(n) => Some(format::number(n.value, lang)),
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

/// Whether a catalogue has the key (templates fall back to configuration labels otherwise).
pub fn has(lang: &str, key: &str) -> bool {
    BUNDLES.get(lang).is_some_and(|b| b.has_message(&id(key)))
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
}
