//! Mail templates: `frontend/mail/{message}/{language}/{subject.txt,body.txt,body.html}`,
//! embedded at build time. A message falls back to English when the recipient's language has no
//! translation. HTML bodies escape what they interpolate.

use minijinja::{AutoEscape, Environment, Value};

// `MAIL_TEMPLATES: &[(&str, &str)]`: path under frontend/mail and contents (see build.rs).
include!(concat!(env!("OUT_DIR"), "/mail_templates.rs"));

pub const FALLBACK_LANGUAGE: &str = "en";

#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("no mail template {0}")]
    Missing(String),
    #[error("mail template {name}: {source}")]
    Render {
        name: String,
        source: minijinja::Error,
    },
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    for (name, source) in MAIL_TEMPLATES {
        // Embedded sources are checked by the test below; a broken one is skipped, not fatal.
        let _ = env.add_template(name, source);
    }
    // The words of codes, from the same catalogues as the pages: `label("state", state,
    // state_label)` is the catalogue's text, else the configuration's `fallback`.
    env.add_function(
        "label",
        |state: &minijinja::State, prefix: &str, id: &str, fallback: Option<&str>| {
            let lang = language_of(state);
            let key = format!("{prefix}.{id}");
            if crate::i18n::has(crate::i18n::DEFAULT, &key) {
                crate::i18n::text(&lang, &key)
            } else {
                fallback.unwrap_or(id).to_owned()
            }
        },
    );
    env.add_filter("day", |state: &minijinja::State, value: &str| {
        crate::i18n::format::day(value, &language_of(state))
    });
    env
}

fn language_of(state: &minijinja::State) -> String {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_else(|| FALLBACK_LANGUAGE.to_owned())
}

/// The languages a message is translated into.
pub fn languages(message: &str) -> Vec<&'static str> {
    let prefix = format!("{message}/");
    let mut langs: Vec<&'static str> = MAIL_TEMPLATES
        .iter()
        .filter_map(|(name, _)| name.strip_prefix(prefix.as_str()))
        .filter_map(|rest| rest.split('/').next())
        .collect();
    langs.sort_unstable();
    langs.dedup();
    langs
}

/// Renders `message` in `language` (or English) with `context`.
pub fn render(message: &str, language: &str, context: Value) -> Result<Rendered, TemplateError> {
    let env = environment();
    let language = if languages(message).contains(&language) {
        language
    } else {
        FALLBACK_LANGUAGE
    };
    let context = minijinja::context! { lang => language, ..context };
    let part = |file: &str| -> Result<String, TemplateError> {
        let name = format!("{message}/{language}/{file}");
        let template = env
            .get_template(&name)
            .map_err(|_| TemplateError::Missing(name.clone()))?;
        template
            .render(context.clone())
            .map_err(|source| TemplateError::Render { name, source })
    };
    Ok(Rendered {
        subject: part("subject.txt")?.trim().to_owned(),
        text: part("body.txt")?,
        html: part("body.html")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use minijinja::context;

    #[test]
    fn an_update_speaks_the_readers_language_with_words_not_codes() {
        let ctx = context! {
            name => "Олена", kind => "complaint", transition => "ask_complainant",
            transition_label => "ask complainant", state => "awaiting_complainant",
            state_label => "Awaiting complainant", ocid => "ocds-1", process_title => "Міст",
            category => "Завищена ціна", due_at => "2026-12-03", link => "https://v/feedback/1#act",
        };
        let uk = render("feedback-update", "uk", ctx.clone()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            uk.text.contains("Вітаємо, Олена!") && uk.text.contains("«Міст»"),
            "{}",
            uk.text
        );
        assert!(
            uk.text.contains("Запитати автора") && uk.text.contains("3 грудня 2026 р."),
            "{}",
            uk.text
        );
        assert!(
            !uk.text.contains("ask_complainant") && !uk.subject.contains("awaiting"),
            "{uk:?}"
        );
        let es = render("feedback-update", "es", ctx).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            es.subject.starts_with("Reclamo sobre «Міст»"),
            "{}",
            es.subject
        );
    }

    #[test]
    fn every_message_renders_in_every_language() {
        let mut messages: Vec<&str> = MAIL_TEMPLATES
            .iter()
            .filter_map(|(n, _)| n.split('/').next())
            .collect();
        messages.dedup();
        assert!(messages.len() >= 4, "{messages:?}");
        for message in messages {
            assert_eq!(languages(message), crate::i18n::LANGUAGES, "{message}");
            for language in crate::i18n::LANGUAGES {
                let ctx = context! { name => "Ana", link => "https://x/y?t=1&u=2", hours => 48, agency => "Ministerio", kind => "complaint", transition => "accept", state => "routed", ocid => "ocds-x" };
                let rendered = render(message, language, ctx);
                assert!(rendered.is_ok(), "{message}/{language}: {rendered:?}");
            }
        }
    }

    #[test]
    fn html_escapes_and_unknown_languages_fall_back() {
        let ctx =
            context! { name => "<script>x</script>", link => "https://x/?a=1&b=2", hours => 1 };
        let rendered = render("verify-email", "fr", ctx).ok();
        let rendered = rendered.unwrap_or(Rendered {
            subject: String::new(),
            text: String::new(),
            html: String::new(),
        });
        assert!(rendered.subject.starts_with("Confirm"));
        assert!(rendered.html.contains("&lt;script&gt;"));
        assert!(
            rendered.text.contains("<script>"),
            "plain text is not HTML-escaped"
        );
        assert!(matches!(
            render("nope", "en", context! {}),
            Err(TemplateError::Missing(_))
        ));
    }
}
