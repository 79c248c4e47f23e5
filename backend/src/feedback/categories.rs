//! Feedback categories and their questionnaires (`config/categories.toml`), checked when
//! loaded, and the check of a submitted questionnaire: the first bad answer is named.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use toml::Spanned;

pub const KINDS: &[&str] = &["review", "complaint", "question"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionType {
    Yesno,
    Scale,
    Choice,
    Text,
    Date,
    Amount,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub es: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uk: Option<String>,
}

impl Label {
    /// The label in `lang`, else in English (every label has English).
    pub fn get(&self, lang: &str) -> &str {
        match lang {
            "es" => self.es.as_deref(),
            "uk" => self.uk.as_deref(),
            _ => None,
        }
        .unwrap_or(&self.en)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: QuestionType,
    pub label: Label,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    /// The words for each option of a choice, by option id.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub option_labels: std::collections::BTreeMap<String, Label>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
}

impl Question {
    /// An answer as a form or Open311 sends it (text), typed for this question: yes/no as a
    /// boolean ("yes", "true", "sí", "так", "1" and their negatives), scales and amounts as numbers.
    /// Text that does not fit stays text, so the check of answers names the question.
    pub fn typed_answer(&self, raw: &str) -> serde_json::Value {
        use serde_json::Value;
        let raw = raw.trim();
        match self.kind {
            QuestionType::Yesno => match raw.to_lowercase().as_str() {
                "yes" | "true" | "sí" | "si" | "так" | "1" => Value::Bool(true),
                "no" | "false" | "ні" | "0" => Value::Bool(false),
                _ => Value::from(raw),
            },
            QuestionType::Scale => raw.parse::<i64>().map_or(Value::from(raw), Value::from),
            QuestionType::Amount => raw.parse::<f64>().map_or(Value::from(raw), Value::from),
            _ => Value::from(raw),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub id: String,
    pub kinds: Vec<String>,
    pub label: Label,
    /// What belongs in this category, shown under its name when people choose one.
    pub hint: Option<Label>,
    pub questions: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    id: Spanned<String>,
    kinds: Vec<String>,
    label: Label,
    #[serde(default)]
    hint: Option<Label>,
    #[serde(default)]
    question: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    category: Vec<RawCategory>,
}

/// Parses and checks categories; mistakes come with `file:line`.
pub fn parse(file: &str, text: &str) -> Result<Vec<Category>, String> {
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        format!(
            "{file}:{}: {}",
            line(e.span().map(|s| s.start).unwrap_or(0)),
            e.message()
        )
    })?;
    let mut out: Vec<Category> = Vec::new();
    for c in raw.category {
        let at = line(c.id.span().start);
        let id = c.id.into_inner();
        if out.iter().any(|x| x.id == id) {
            return Err(format!("{file}:{at}: category {id:?} is declared twice"));
        }
        if c.kinds.is_empty() || c.kinds.iter().any(|k| !KINDS.contains(&k.as_str())) {
            return Err(format!(
                "{file}:{at}: category {id:?}: kinds must be among {}",
                KINDS.join(", ")
            ));
        }
        let mut seen = Vec::new();
        for q in &c.question {
            if seen.contains(&&q.id) {
                return Err(format!(
                    "{file}:{at}: category {id:?}: question {:?} is declared twice",
                    q.id
                ));
            }
            seen.push(&q.id);
            if q.kind == QuestionType::Choice && q.options.is_empty() {
                return Err(format!(
                    "{file}:{at}: category {id:?}: choice question {:?} has no options",
                    q.id
                ));
            }
            if let Some(stray) = q.option_labels.keys().find(|k| !q.options.contains(k)) {
                return Err(format!(
                    "{file}:{at}: category {id:?}: question {:?} labels an option it does not have: {stray:?}",
                    q.id
                ));
            }
        }
        out.push(Category {
            id,
            kinds: c.kinds,
            label: c.label,
            hint: c.hint,
            questions: c.question,
        });
    }
    Ok(out)
}

/// A bad answer: which field, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{field}` {reason}")]
pub struct AnswerError {
    pub field: String,
    pub reason: String,
}

impl Category {
    /// Checks answers against the questionnaire: required ones present, each of its type,
    /// no unknown questions.
    pub fn check_answers(&self, answers: &Map<String, Value>) -> Result<(), AnswerError> {
        let bad = |id: &str, reason: &str| AnswerError {
            field: format!("answers.{id}"),
            reason: reason.to_owned(),
        };
        for key in answers.keys() {
            if !self.questions.iter().any(|q| &q.id == key) {
                return Err(bad(key, "is not a question of this category"));
            }
        }
        for q in &self.questions {
            let answer = answers.get(&q.id).filter(|v| !v.is_null());
            let Some(answer) = answer else {
                if q.required {
                    return Err(bad(&q.id, "is required"));
                }
                continue;
            };
            let ok = match q.kind {
                QuestionType::Yesno => answer.is_boolean(),
                QuestionType::Scale => answer.as_i64().is_some_and(|n| (1..=5).contains(&n)),
                QuestionType::Choice => answer
                    .as_str()
                    .is_some_and(|s| q.options.iter().any(|o| o == s)),
                QuestionType::Text => answer.as_str().is_some_and(|s| {
                    !s.trim().is_empty() && s.chars().count() <= q.max_length.unwrap_or(5000)
                }),
                QuestionType::Date => answer
                    .as_str()
                    .is_some_and(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()),
                QuestionType::Amount => answer.as_f64().is_some_and(|n| n.is_finite() && n >= 0.0),
            };
            if !ok {
                let expected = match q.kind {
                    QuestionType::Yesno => "must be true or false".to_owned(),
                    QuestionType::Scale => "must be a whole number from 1 to 5".to_owned(),
                    QuestionType::Choice => format!("must be one of {}", q.options.join(", ")),
                    QuestionType::Text => format!(
                        "must be text of 1 to {} characters",
                        q.max_length.unwrap_or(5000)
                    ),
                    QuestionType::Date => "must be a date (YYYY-MM-DD)".to_owned(),
                    QuestionType::Amount => "must be a number of zero or more".to_owned(),
                };
                return Err(bad(&q.id, &expected));
            }
        }
        Ok(())
    }
}

const DEFAULT: &str = include_str!("../../../config/categories.toml");

/// Loads `categories.toml` from `config_dir` (or the shipped one).
pub fn load(config_dir: &std::path::Path) -> Result<Vec<Category>, String> {
    let path = config_dir.join("categories.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| DEFAULT.to_owned());
    parse(&path.display().to_string(), &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_from_forms_and_open311_are_typed_alike() {
        let q = |kind| Question {
            id: "q".into(),
            kind,
            label: Label {
                en: "Q".into(),
                es: None,
                uk: None,
            },
            required: false,
            options: vec![],
            option_labels: Default::default(),
            max_length: None,
        };
        for yes in ["yes", "true", "Sí"] {
            assert_eq!(
                q(QuestionType::Yesno).typed_answer(yes),
                serde_json::json!(true)
            );
        }
        for no in ["no", "false"] {
            assert_eq!(
                q(QuestionType::Yesno).typed_answer(no),
                serde_json::json!(false)
            );
        }
        assert_eq!(
            q(QuestionType::Yesno).typed_answer("maybe"),
            serde_json::json!("maybe")
        );
        assert_eq!(
            q(QuestionType::Scale).typed_answer("4"),
            serde_json::json!(4)
        );
        assert_eq!(
            q(QuestionType::Amount).typed_answer("12.5"),
            serde_json::json!(12.5)
        );
    }
    use serde_json::json;

    fn shipped() -> Vec<Category> {
        parse("categories.toml", DEFAULT).unwrap_or_default()
    }

    #[test]
    fn the_shipped_categories_cover_the_brief() {
        let ids: Vec<String> = shipped().into_iter().map(|c| c.id).collect();
        for id in [
            "discriminatory_requirements",
            "unjustified_disqualification",
            "inflated_price",
            "poor_quality",
            "contract_not_executed",
            "conflict_of_interest",
        ] {
            assert!(ids.iter().any(|x| x == id), "{id}");
        }
    }

    #[test]
    fn answers_are_checked_by_type_and_the_bad_one_is_named() {
        let cats = shipped();
        let quality = cats
            .iter()
            .find(|c| c.id == "poor_quality")
            .cloned()
            .unwrap_or_else(|| cats[0].clone());
        let ok = json!({"quality": 2, "observed_on": "2026-10-01"});
        assert_eq!(
            quality.check_answers(ok.as_object().unwrap_or(&Map::new())),
            Ok(())
        );
        for (answers, field) in [
            (json!({}), "answers.quality"),
            (json!({"quality": 7}), "answers.quality"),
            (
                json!({"quality": 3, "observed_on": "yesterday"}),
                "answers.observed_on",
            ),
            (json!({"quality": 3, "colour": "red"}), "answers.colour"),
        ] {
            let e = quality
                .check_answers(answers.as_object().unwrap_or(&Map::new()))
                .err();
            assert_eq!(e.map(|e| e.field), Some(field.to_owned()), "{answers}");
        }
    }

    #[test]
    fn bad_files_are_refused_with_their_line() {
        let e = parse(
            "c.toml",
            "[[category]]\nid = \"a\"\nkinds = [\"praise\"]\nlabel = { en = \"A\" }\n",
        )
        .err()
        .unwrap_or_default();
        assert!(e.starts_with("c.toml:2:") && e.contains("kinds"), "{e}");
        let e = parse("c.toml", "[[category]]\nid = \"a\"\nkinds = [\"review\"]\nlabel = { en = \"A\" }\n[[category.question]]\nid = \"q\"\ntype = \"choice\"\nlabel = { en = \"Q\" }\n").err().unwrap_or_default();
        assert!(e.contains("no options"), "{e}");
        let e = parse("c.toml", "[[category]]\nid = \"a\"\nkinds = [\"review\"]\nlabel = { en = \"A\" }\n[[category.question]]\nid = \"q\"\ntype = \"colour\"\nlabel = { en = \"Q\" }\n").err().unwrap_or_default();
        assert!(e.starts_with("c.toml:7:"), "{e}");
    }
}
