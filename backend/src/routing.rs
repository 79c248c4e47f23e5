//! Routing rules (`config/routing.toml`): which agency or oversight body an item goes to.
//! First match wins; no match leaves the item in triage. Every decision names the rule that
//! made it, so a page can say why an item went where it went.

use serde::Deserialize;
use toml::Spanned;

/// Where a rule sends an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Buyer,
    ProcuringEntity,
    Oversight(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    /// What the rule means, in words people read on the item page ("why it went there").
    #[serde(default)]
    label: Option<crate::feedback::categories::Label>,
    #[serde(default)]
    category: Vec<String>,
    #[serde(default)]
    kind: Vec<String>,
    #[serde(default)]
    method: Vec<String>,
    #[serde(default)]
    procurement_category: Vec<String>,
    value_min: Option<f64>,
    value_max: Option<f64>,
    #[serde(default)]
    buyer: Vec<String>,
    #[serde(default)]
    scheme: Vec<String>,
    #[serde(default)]
    region: Vec<String>,
    to: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub label: Option<crate::feedback::categories::Label>,
    pub category: Vec<String>,
    pub kind: Vec<String>,
    pub method: Vec<String>,
    pub procurement_category: Vec<String>,
    pub value_min: Option<f64>,
    pub value_max: Option<f64>,
    pub buyer: Vec<String>,
    pub scheme: Vec<String>,
    pub region: Vec<String>,
    pub to: Target,
}

/// What routing looks at: the item and the process it is about.
#[derive(Debug, Clone, Default)]
pub struct Facts<'a> {
    pub category: &'a str,
    pub kind: &'a str,
    pub method: Option<&'a str>,
    pub procurement_category: Option<&'a str>,
    pub value: Option<f64>,
    pub buyer: Option<&'a str>,
    pub region: Option<&'a str>,
}

/// A routing decision and the rule behind it (`None`: stays in triage).
#[derive(Debug, Clone, PartialEq)]
pub struct Decision {
    pub rule: Option<String>,
    pub target: Option<Target>,
}

fn listed(list: &[String], value: Option<&str>) -> bool {
    list.is_empty() || value.is_some_and(|v| list.iter().any(|x| x == v))
}

impl Rule {
    fn matches(&self, f: &Facts<'_>) -> bool {
        listed(&self.category, Some(f.category))
            && listed(&self.kind, Some(f.kind))
            && listed(&self.method, f.method)
            && listed(&self.procurement_category, f.procurement_category)
            && listed(&self.buyer, f.buyer)
            && listed(&self.region, f.region)
            && (self.scheme.is_empty()
                || f.buyer
                    .is_some_and(|b| self.scheme.iter().any(|s| b.starts_with(s.as_str()))))
            && self
                .value_min
                .is_none_or(|min| f.value.is_some_and(|v| v >= min))
            && self
                .value_max
                .is_none_or(|max| f.value.is_some_and(|v| v <= max))
    }
}

/// Parses and checks rules; `oversight` lists the bodies a target may name.
pub fn parse(file: &str, text: &str, oversight: &[&str]) -> Result<Vec<Rule>, String> {
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let raw: RawRules = toml::from_str(text).map_err(|e| {
        format!(
            "{file}:{}: {}",
            line(e.span().map(|s| s.start).unwrap_or(0)),
            e.message()
        )
    })?;
    let mut rules: Vec<Rule> = Vec::new();
    for r in raw.rule {
        if rules.iter().any(|x| &x.id == r.id.get_ref()) {
            return Err(format!(
                "{file}:{}: rule {:?} is declared twice",
                line(r.id.span().start),
                r.id.get_ref()
            ));
        }
        let to = match r.to.get_ref().as_str() {
            "buyer" => Target::Buyer,
            "procuring_entity" => Target::ProcuringEntity,
            other => match other.strip_prefix("oversight:") {
                Some(body) if oversight.contains(&body) => Target::Oversight(body.to_owned()),
                _ => {
                    return Err(format!(
                        "{file}:{}: unknown target {other:?} (buyer, procuring_entity, or oversight:<id> of config/oversight.toml)",
                        line(r.to.span().start)
                    ))
                }
            },
        };
        rules.push(Rule {
            id: r.id.into_inner(),
            label: r.label,
            category: r.category,
            kind: r.kind,
            method: r.method,
            procurement_category: r.procurement_category,
            value_min: r.value_min,
            value_max: r.value_max,
            buyer: r.buyer,
            scheme: r.scheme,
            region: r.region,
            to,
        });
    }
    Ok(rules)
}

const DEFAULT_RULES: &str = include_str!("../../config/routing.toml");

/// Loads `routing.toml` from `config_dir` (or the shipped one), checked against the oversight
/// bodies configured.
pub fn load(
    config_dir: &std::path::Path,
    oversight: &[crate::agencies::OversightBody],
) -> Result<Vec<Rule>, String> {
    let path = config_dir.join("routing.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| DEFAULT_RULES.to_owned());
    let bodies: Vec<&str> = oversight.iter().map(|b| b.id.as_str()).collect();
    parse(&path.display().to_string(), &text, &bodies)
}

/// The first rule that matches decides.
pub fn route(rules: &[Rule], facts: &Facts<'_>) -> Decision {
    match rules.iter().find(|r| r.matches(facts)) {
        Some(rule) => Decision {
            rule: Some(rule.id.clone()),
            target: Some(rule.to.clone()),
        },
        None => Decision {
            rule: None,
            target: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../config/routing.toml");
    const BODIES: &[&str] = &["audit-office", "procurement-regulator-py"];

    #[test]
    fn first_match_wins_and_names_its_rule() {
        let rules = parse("routing.toml", SHIPPED, BODIES).unwrap_or_default();
        assert_eq!(rules.len(), 3);
        let conflict = Facts {
            category: "conflict_of_interest",
            kind: "complaint",
            ..Default::default()
        };
        assert_eq!(
            route(&rules, &conflict),
            Decision {
                rule: Some("conflicts-of-interest-to-audit".into()),
                target: Some(Target::Oversight("audit-office".into())),
            }
        );
        let works = Facts {
            category: "inflated_price",
            kind: "complaint",
            procurement_category: Some("works"),
            value: Some(2e6),
            ..Default::default()
        };
        assert_eq!(route(&rules, &works).target, Some(Target::ProcuringEntity));
        let small = Facts {
            value: Some(10.0),
            ..works.clone()
        };
        assert_eq!(route(&rules, &small).target, Some(Target::Buyer));
        let unknown_kind = Facts {
            category: "x",
            kind: "praise",
            ..Default::default()
        };
        assert_eq!(
            route(&rules, &unknown_kind),
            Decision {
                rule: None,
                target: None
            }
        );
    }

    #[test]
    fn bad_rules_are_refused_with_their_line() {
        let e = parse(
            "routing.toml",
            "[[rule]]\nid = \"a\"\nto = \"oversight:nobody\"\n",
            BODIES,
        )
        .err()
        .unwrap_or_default();
        assert!(e.starts_with("routing.toml:3: unknown target"), "{e}");
        let e = parse(
            "routing.toml",
            "[[rule]]\nid = \"a\"\nto = \"buyer\"\ncolour = 1\n",
            BODIES,
        )
        .err()
        .unwrap_or_default();
        assert!(e.contains("colour"), "{e}");
        let e = parse(
            "routing.toml",
            "[[rule]]\nid = \"a\"\nto = \"buyer\"\n[[rule]]\nid = \"a\"\nto = \"buyer\"\n",
            BODIES,
        )
        .err()
        .unwrap_or_default();
        assert!(e.starts_with("routing.toml:5:"), "{e}");
    }
}
