//! The publication policy (`config/publication.toml`): when each kind of feedback becomes
//! public (at once, or once a moderator accepts it), and which outcomes withhold an item's
//! text from the public. Read by `publish`, the only door to public data; stated on the About
//! page and the filing form. Checked at start-up against the workflow and the kinds.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

const DEFAULT: &str = include_str!("../../config/publication.toml");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum When {
    AtOnce,
    AfterAcceptance,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KindRule {
    published: When,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Withheld {
    #[serde(default)]
    outcomes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    kind: BTreeMap<String, KindRule>,
    #[serde(default)]
    withheld: Withheld,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    when: BTreeMap<String, When>,
    /// Outcomes that keep an item listed with its text withheld.
    pub withheld_outcomes: Vec<String>,
}

impl Default for Publication {
    /// Everything public at once, nothing withheld (what tests of other features assume).
    fn default() -> Self {
        Publication {
            when: crate::feedback::categories::KINDS
                .iter()
                .map(|k| ((*k).to_owned(), When::AtOnce))
                .collect(),
            withheld_outcomes: Vec::new(),
        }
    }
}

impl Publication {
    /// When items of `kind` become public (unknown kinds: after acceptance, the careful way).
    pub fn when(&self, kind: &str) -> When {
        self.when
            .get(kind)
            .copied()
            .unwrap_or(When::AfterAcceptance)
    }

    /// The kinds public from submission.
    pub fn at_once_kinds(&self) -> Vec<String> {
        self.when
            .iter()
            .filter(|(_, w)| **w == When::AtOnce)
            .map(|(k, _)| k.clone())
            .collect()
    }

    /// Each kind of feedback and when it becomes public ("at_once", "after_acceptance"), for
    /// the About page.
    pub fn rules(&self) -> Vec<(String, &'static str)> {
        self.when
            .iter()
            .map(|(k, w)| {
                let when = match w {
                    When::AtOnce => "at_once",
                    When::AfterAcceptance => "after_acceptance",
                };
                (k.clone(), when)
            })
            .collect()
    }

    pub fn withholds(&self, outcome: Option<&str>) -> bool {
        outcome.is_some_and(|o| self.withheld_outcomes.iter().any(|w| w == o))
    }

    /// The catalogue key of the filing form's note for a category of these kinds.
    pub fn filing_note(&self, kinds: &[String]) -> &'static str {
        let after = kinds
            .iter()
            .filter(|k| self.when(k) == When::AfterAcceptance)
            .count();
        match after {
            0 => "give.publication_at_once",
            n if n == kinds.len() => "give.publication_after_acceptance",
            _ => "give.publication_mixed",
        }
    }
}

/// Reads `publication.toml` from `config_dir` (or the shipped copy) and checks it: a rule for
/// every kind of feedback, and withheld outcomes the workflow can produce.
pub fn load(
    config_dir: &Path,
    workflow: &crate::workflow::Workflow,
) -> Result<Publication, String> {
    let path = config_dir.join("publication.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| DEFAULT.to_owned());
    parse(&path.display().to_string(), &text, workflow)
}

fn parse(
    name: &str,
    text: &str,
    workflow: &crate::workflow::Workflow,
) -> Result<Publication, String> {
    let file: File = toml::from_str(text).map_err(|e| format!("{name}: {e}"))?;
    for kind in crate::feedback::categories::KINDS {
        if !file.kind.contains_key(*kind) {
            return Err(format!(
                "{name}: no rule for {kind:?} feedback: add [kind.{kind}] with published = \"at_once\" or \"after_acceptance\""
            ));
        }
    }
    if let Some(unknown) = file
        .kind
        .keys()
        .find(|k| !crate::feedback::categories::KINDS.contains(&k.as_str()))
    {
        return Err(format!(
            "{name}: [kind.{unknown}] is not a kind of feedback"
        ));
    }
    let outcomes: Vec<&str> = workflow
        .transitions
        .iter()
        .filter_map(|t| t.outcome.as_deref())
        .collect();
    if let Some(stray) = file
        .withheld
        .outcomes
        .iter()
        .find(|o| !outcomes.contains(&o.as_str()))
    {
        return Err(format!(
            "{name}: withheld outcome {stray:?} is not the outcome of any transition in the workflow"
        ));
    }
    Ok(Publication {
        when: file
            .kind
            .into_iter()
            .map(|(k, r)| (k, r.published))
            .collect(),
        withheld_outcomes: file.withheld.outcomes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workflow() -> crate::workflow::Workflow {
        crate::workflow::load(Path::new("/nonexistent"))
            .map(|(w, _)| w)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn the_shipped_policy_publishes_complaints_after_acceptance() {
        let p = parse("publication.toml", DEFAULT, &workflow()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.when("complaint"), When::AfterAcceptance);
        assert_eq!(p.when("question"), When::AtOnce);
        assert!(p.withholds(Some("rejected")) && !p.withholds(Some("resolved")));
        assert_eq!(
            p.filing_note(&["complaint".into(), "review".into()]),
            "give.publication_mixed"
        );
    }

    #[test]
    fn a_policy_missing_a_kind_or_naming_an_unknown_outcome_is_refused() {
        let e = parse(
            "p.toml",
            "[kind.complaint]\npublished = \"at_once\"\n",
            &workflow(),
        )
        .err()
        .unwrap_or_default();
        assert!(
            e.contains("no rule for \"review\"") && e.contains("[kind.review]"),
            "{e}"
        );
        let e = parse(
            "p.toml",
            "[kind.complaint]\npublished = \"at_once\"\n[kind.question]\npublished = \"at_once\"\n[kind.review]\npublished = \"soon\"\n",
            &workflow(),
        )
        .err()
        .unwrap_or_default();
        assert!(e.contains("p.toml"), "{e}");
        let e = parse(
            "p.toml",
            "[kind.complaint]\npublished = \"at_once\"\n[kind.question]\npublished = \"at_once\"\n[kind.review]\npublished = \"at_once\"\n[withheld]\noutcomes = [\"shredded\"]\n",
            &workflow(),
        )
        .err()
        .unwrap_or_default();
        assert!(e.contains("\"shredded\""), "{e}");
    }
}
