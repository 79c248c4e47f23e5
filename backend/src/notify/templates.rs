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
    env
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
    fn every_message_renders_in_english_and_spanish() {
        let mut messages: Vec<&str> = MAIL_TEMPLATES
            .iter()
            .filter_map(|(n, _)| n.split('/').next())
            .collect();
        messages.dedup();
        assert!(messages.len() >= 4, "{messages:?}");
        for message in messages {
            assert_eq!(languages(message), ["en", "es"], "{message}");
            for language in ["en", "es"] {
                let ctx = context! { name => "Ana", link => "https://x/y?t=1&u=2", hours => 48, agency => "Ministerio" };
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
