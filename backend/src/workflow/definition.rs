//! The workflow as declared in `config/workflow.toml`: states, transitions, who may take them,
//! which need a comment, and deadlines. Checked when loaded; a mistake is reported with its line.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Deserialize;
use toml::Spanned;

/// Who may take a transition.
pub const ROLES: &[&str] = &[
    "complainant",
    "moderator",
    "officer",
    "oversight",
    "admin",
    "system",
];

/// A transition target that returns to the state before a pause.
pub const PREVIOUS: &str = "@previous";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    Working,
    Calendar,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineSpec {
    pub days: u32,
    pub kind: DayKind,
    /// Count from entering this earlier state instead (the clock keeps running across it).
    #[serde(default)]
    pub from: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawState {
    id: Spanned<String>,
    label: String,
    #[serde(default)]
    r#final: bool,
    #[serde(default)]
    pauses_clock: bool,
    #[serde(default)]
    deadline: Option<Spanned<DeadlineSpec>>,
    meaning: Meaning,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CommentRule {
    #[default]
    Optional,
    Required,
}

/// Who reads a transition's comment. Private is the default: a comment is published only
/// where the workflow says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Audience {
    /// Everyone: the public pages, open data, feeds and Open311.
    Public,
    /// Those handling the item: the complainant, moderators, the agency it is routed to and
    /// the oversight body it is escalated to.
    #[default]
    Parties,
    /// The complainant and moderators only (triage exchanges): never the agency.
    Moderation,
}

impl Audience {
    /// Whether someone acting on the item in `role` may read the comment.
    pub fn admits(self, role: &str) -> bool {
        match self {
            Audience::Public => true,
            Audience::Parties => role != "public",
            Audience::Moderation => matches!(role, "complainant" | "moderator" | "admin"),
        }
    }
}

/// What a transition means to the rest of the system. The code asks for effects, never for
/// transition ids, so a deployment may name its transitions as it likes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// Sends the item to the agency the routing rules (or the moderator) name.
    Route,
    /// The agency says the item is not theirs: it goes back without an agency.
    Unroute,
    /// The item takes another category.
    Recategorize,
    /// The item repeats another one, which it names.
    Duplicate,
    /// The agency's answer: recorded on the item and published.
    Answer,
    /// A question to the complainant: the clock stops until they reply.
    Pause,
    /// The complainant's reply: back to where the item was.
    Resume,
    /// The oversight body's finding (violation confirmed or not, action taken).
    Finding,
    /// The complainant rates the agency's answer (refused to the agency's own members).
    RateSatisfied,
    RateUnsatisfied,
    /// The deadline passed: recorded on the item as a missed deadline.
    Overdue,
}

impl Effect {
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Route => "route",
            Effect::Unroute => "unroute",
            Effect::Recategorize => "recategorize",
            Effect::Duplicate => "duplicate",
            Effect::Answer => "answer",
            Effect::Pause => "pause",
            Effect::Resume => "resume",
            Effect::Finding => "finding",
            Effect::RateSatisfied => "rate_satisfied",
            Effect::RateUnsatisfied => "rate_unsatisfied",
            Effect::Overdue => "overdue",
        }
    }
}

/// What a state means to the public (pages, open data, Open311, scorecards).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Meaning {
    /// Received, not yet with an agency (triage).
    Open,
    /// Waiting for the complainant to answer a question.
    AwaitingComplainant,
    /// With the agency, which owes an answer.
    WithAgency,
    /// The agency answered.
    Answered,
    /// With the oversight body.
    Escalated,
    /// Done.
    Closed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTransition {
    id: Spanned<String>,
    from: Vec<Spanned<String>>,
    to: Spanned<String>,
    roles: Vec<Spanned<String>>,
    #[serde(default)]
    comment: CommentRule,
    #[serde(default)]
    audience: Audience,
    #[serde(default)]
    effect: Option<Spanned<Effect>>,
    /// The button's words where the page catalogues have none for this id.
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    outcome: Option<String>,
    /// Pages ask "are you sure?" before taking it (it turns an item away or hands it back).
    #[serde(default)]
    confirm: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkflow {
    initial: Spanned<String>,
    state: Vec<RawState>,
    transition: Vec<RawTransition>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct State {
    pub id: String,
    pub label: String,
    pub is_final: bool,
    pub pauses_clock: bool,
    pub deadline: Option<DeadlineSpec>,
    pub meaning: Meaning,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Transition {
    pub id: String,
    pub from: Vec<String>,
    pub to: String,
    pub roles: Vec<String>,
    pub comment: CommentRule,
    /// Who reads its comment.
    pub audience: Audience,
    pub effect: Option<Effect>,
    pub label: Option<String>,
    pub outcome: Option<String>,
    /// Pages ask for confirmation before taking it.
    pub confirm: bool,
}

/// A checked workflow.
#[derive(Debug, Clone, PartialEq)]
pub struct Workflow {
    pub initial: String,
    pub states: BTreeMap<String, State>,
    pub transitions: Vec<Transition>,
}

/// A mistake in the workflow file, with where it is.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct DefinitionError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Effects the system cannot do without, and where each must lead.
const NEEDED: &[Effect] = &[Effect::Route, Effect::Answer];

/// Each effect's transitions must go where the effect makes sense; the effects the system needs
/// must be there. Mistakes name the line of the transition (or of `initial`, for a missing one).
fn check_effects(
    workflow: &Workflow,
    raw: &RawWorkflow,
    error: &dyn Fn(usize, String) -> DefinitionError,
) -> Result<(), DefinitionError> {
    let meaning = |id: &str| workflow.states.get(id).map(|s| s.meaning);
    for t in &raw.transition {
        let Some(effect) = &t.effect else { continue };
        let to = t.to.get_ref().as_str();
        let all_from = |m: Meaning| t.from.iter().all(|f| meaning(f.get_ref()) == Some(m));
        let problem = match effect.get_ref() {
            Effect::Route if meaning(to) != Some(Meaning::WithAgency) => {
                Some("must lead to a state with meaning = \"with_agency\"")
            }
            Effect::Answer if meaning(to) != Some(Meaning::Answered) => {
                Some("must lead to a state with meaning = \"answered\"")
            }
            Effect::Unroute if meaning(to) == Some(Meaning::WithAgency) => {
                Some("must lead away from the agency")
            }
            Effect::Pause if !workflow.states.get(to).is_some_and(|s| s.pauses_clock) => {
                Some("must lead to a state that pauses the clock")
            }
            Effect::Resume
                if !t.from.iter().all(|f| {
                    workflow
                        .states
                        .get(f.get_ref())
                        .is_some_and(|s| s.pauses_clock)
                }) =>
            {
                Some("must leave only states that pause the clock")
            }
            Effect::Duplicate | Effect::Finding if meaning(to) != Some(Meaning::Closed) => {
                Some("must lead to a state with meaning = \"closed\"")
            }
            Effect::Finding if !all_from(Meaning::Escalated) => {
                Some("must leave only states with meaning = \"escalated\"")
            }
            Effect::RateSatisfied | Effect::RateUnsatisfied if !all_from(Meaning::Answered) => {
                Some("must leave only states with meaning = \"answered\"")
            }
            Effect::Overdue if !t.roles.iter().any(|r| r.get_ref() == "system") => {
                Some("is taken by the deadline sweep: its roles must include \"system\"")
            }
            _ => None,
        };
        if let Some(problem) = problem {
            return Err(error(
                effect.span().start,
                format!(
                    "transition {:?}: effect \"{}\" {problem}",
                    t.id.get_ref(),
                    effect.get_ref().as_str()
                ),
            ));
        }
    }
    let needs_escalation = workflow
        .states
        .values()
        .any(|s| s.meaning == Meaning::Escalated);
    for effect in NEEDED
        .iter()
        .chain(needs_escalation.then_some(&Effect::Finding))
    {
        if workflow.with_effect(*effect).next().is_none() {
            return Err(error(
                raw.initial.span().start,
                format!(
                    "no transition has effect = \"{}\", which Veedor needs",
                    effect.as_str()
                ),
            ));
        }
    }
    Ok(())
}

impl Workflow {
    /// Parses and checks a workflow file (`file` names it in messages).
    pub fn parse(file: &str, text: &str) -> Result<Workflow, DefinitionError> {
        let error = |offset: usize, message: String| DefinitionError {
            file: file.to_owned(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawWorkflow = toml::from_str(text).map_err(|e| {
            error(
                e.span().map(|s| s.start).unwrap_or(0),
                e.message().to_owned(),
            )
        })?;

        let mut states = BTreeMap::new();
        for s in &raw.state {
            let id = s.id.get_ref().clone();
            if states.contains_key(&id) {
                return Err(error(
                    s.id.span().start,
                    format!("state {id:?} is declared twice"),
                ));
            }
            states.insert(
                id.clone(),
                State {
                    id,
                    label: s.label.clone(),
                    is_final: s.r#final,
                    pauses_clock: s.pauses_clock,
                    deadline: s.deadline.as_ref().map(|d| d.get_ref().clone()),
                    meaning: s.meaning,
                },
            );
        }
        let known = |name: &Spanned<String>| -> Result<(), DefinitionError> {
            if states.contains_key(name.get_ref()) {
                Ok(())
            } else {
                Err(error(
                    name.span().start,
                    format!("unknown state {:?}", name.get_ref()),
                ))
            }
        };
        known(&raw.initial)?;
        for s in &raw.state {
            if let Some(deadline) = &s.deadline {
                if deadline.get_ref().days == 0 {
                    return Err(error(
                        deadline.span().start,
                        "a deadline needs at least one day".into(),
                    ));
                }
                if let Some(from) = &deadline.get_ref().from {
                    if !states.contains_key(from) {
                        return Err(error(
                            deadline.span().start,
                            format!("deadline counts from unknown state {from:?}"),
                        ));
                    }
                }
            }
        }
        let mut ids = BTreeSet::new();
        let mut transitions = Vec::new();
        for t in &raw.transition {
            if !ids.insert(t.id.get_ref().clone()) {
                return Err(error(
                    t.id.span().start,
                    format!("transition {:?} is declared twice", t.id.get_ref()),
                ));
            }
            if t.from.is_empty() {
                return Err(error(
                    t.id.span().start,
                    format!("transition {:?} starts from no state", t.id.get_ref()),
                ));
            }
            for from in &t.from {
                known(from)?;
                if states.get(from.get_ref()).is_some_and(|s| s.is_final) {
                    return Err(error(
                        from.span().start,
                        format!("final state {:?} cannot be left", from.get_ref()),
                    ));
                }
            }
            if t.to.get_ref() == PREVIOUS {
                let all_pause = t
                    .from
                    .iter()
                    .all(|f| states.get(f.get_ref()).is_some_and(|s| s.pauses_clock));
                if !all_pause {
                    return Err(error(
                        t.to.span().start,
                        format!("{PREVIOUS} can only leave states that pause the clock"),
                    ));
                }
            } else {
                known(&t.to)?;
            }
            if t.roles.is_empty() {
                return Err(error(
                    t.id.span().start,
                    format!("transition {:?} names no role", t.id.get_ref()),
                ));
            }
            for role in &t.roles {
                if !ROLES.contains(&role.get_ref().as_str()) {
                    return Err(error(
                        role.span().start,
                        format!(
                            "unknown role {:?} (roles: {})",
                            role.get_ref(),
                            ROLES.join(", ")
                        ),
                    ));
                }
            }
            transitions.push(Transition {
                id: t.id.get_ref().clone(),
                from: t.from.iter().map(|f| f.get_ref().clone()).collect(),
                to: t.to.get_ref().clone(),
                roles: t.roles.iter().map(|r| r.get_ref().clone()).collect(),
                comment: t.comment,
                audience: t.audience,
                effect: t.effect.as_ref().map(|e| *e.get_ref()),
                label: t.label.clone(),
                outcome: t.outcome.clone(),
                confirm: t.confirm,
            });
        }
        let workflow = Workflow {
            initial: raw.initial.get_ref().clone(),
            states,
            transitions,
        };
        check_effects(&workflow, &raw, &error)?;
        // Every state must be reachable from the initial one, and every pause must be left.
        let reachable = workflow.reachable();
        for s in &raw.state {
            if !reachable.contains(s.id.get_ref()) {
                return Err(error(
                    s.id.span().start,
                    format!(
                        "state {:?} cannot be reached from {:?}",
                        s.id.get_ref(),
                        workflow.initial
                    ),
                ));
            }
            let state = &workflow.states[s.id.get_ref()];
            if !state.is_final
                && !workflow
                    .transitions
                    .iter()
                    .any(|t| t.from.contains(&state.id))
            {
                return Err(error(
                    s.id.span().start,
                    format!("state {:?} is not final but has no way out", state.id),
                ));
            }
        }
        Ok(workflow)
    }

    fn reachable(&self) -> BTreeSet<String> {
        let mut seen = BTreeSet::from([self.initial.clone()]);
        let mut queue = VecDeque::from([self.initial.clone()]);
        while let Some(state) = queue.pop_front() {
            for t in self.transitions.iter().filter(|t| t.from.contains(&state)) {
                // `@previous` goes back to somewhere already reached.
                if t.to != PREVIOUS && seen.insert(t.to.clone()) {
                    queue.push_back(t.to.clone());
                }
            }
        }
        seen
    }

    /// Transitions that can be taken from `state`.
    pub fn from_state<'a>(&'a self, state: &str) -> impl Iterator<Item = &'a Transition> + 'a {
        let state = state.to_owned();
        self.transitions
            .iter()
            .filter(move |t| t.from.contains(&state))
    }

    /// The states in which `role` has a transition to take (what its work queue holds).
    pub fn states_for_role(&self, role: &str) -> Vec<String> {
        self.states
            .keys()
            .filter(|s| {
                self.from_state(s)
                    .any(|t| t.roles.iter().any(|r| r == role))
            })
            .cloned()
            .collect()
    }

    pub fn transition(&self, id: &str) -> Option<&Transition> {
        self.transitions.iter().find(|t| t.id == id)
    }

    /// The transitions that have `effect`.
    pub fn with_effect(&self, effect: Effect) -> impl Iterator<Item = &Transition> + '_ {
        self.transitions
            .iter()
            .filter(move |t| t.effect == Some(effect))
    }

    /// The effect of the transition `id`, if it has one.
    pub fn effect_of(&self, id: &str) -> Option<Effect> {
        self.transition(id).and_then(|t| t.effect)
    }

    /// What a state means to the public; an unknown state (one removed from the file) reads as
    /// open.
    pub fn meaning(&self, state: &str) -> Meaning {
        self.states.get(state).map_or(Meaning::Open, |s| s.meaning)
    }

    /// The states that mean `meaning`.
    pub fn states_meaning(&self, meaning: Meaning) -> Vec<String> {
        self.states
            .values()
            .filter(|s| s.meaning == meaning)
            .map(|s| s.id.clone())
            .collect()
    }

    /// Who reads the comment of an event of `transition`; a transition no longer in the
    /// workflow keeps its comments among the parties.
    pub fn audience(&self, transition: &str) -> Audience {
        self.transition(transition)
            .map_or(Audience::Parties, |t| t.audience)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHIPPED: &str = include_str!("../../../config/workflow.toml");

    #[test]
    fn the_shipped_workflow_is_valid() {
        let workflow = Workflow::parse("workflow.toml", SHIPPED);
        let workflow = workflow.map_err(|e| e.to_string());
        assert!(workflow.is_ok(), "{workflow:?}");
        let workflow = workflow.unwrap_or_else(|_| unreachable!());
        assert_eq!(workflow.initial, "submitted");
        let from_triage: Vec<&str> = workflow
            .from_state("triage")
            .map(|t| t.id.as_str())
            .collect();
        for id in [
            "accept",
            "reject",
            "mark_duplicate",
            "ask_complainant",
            "change_category",
        ] {
            assert!(from_triage.contains(&id), "{id}");
        }
        assert_eq!(
            workflow.transition("reject").map(|t| t.comment),
            Some(CommentRule::Required)
        );
    }

    #[test]
    fn ids_are_the_deployment_s_own() {
        let renamed = SHIPPED
            .replace("id = \"answer\"", "id = \"respond\"")
            .replace("\"answered\"", "\"responded\"")
            .replace("meaning = \"responded\"", "meaning = \"answered\"")
            .replace("id = \"accept\"", "id = \"forward\"");
        let workflow = Workflow::parse("workflow.toml", &renamed).map_err(|e| e.to_string());
        let Ok(workflow) = workflow else {
            panic!("{workflow:?}")
        };
        assert_eq!(
            workflow
                .with_effect(Effect::Answer)
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>(),
            ["respond"]
        );
        assert_eq!(workflow.meaning("responded"), Meaning::Answered);
    }

    fn broken(replace: &str, with: &str) -> DefinitionError {
        assert!(SHIPPED.contains(replace), "{replace}");
        let text = SHIPPED.replacen(replace, with, 1);
        match Workflow::parse("workflow.toml", &text) {
            Err(e) => e,
            Ok(_) => DefinitionError {
                file: String::new(),
                line: 0,
                message: "accepted".into(),
            },
        }
    }

    fn line_containing(text: &str, needle: &str) -> usize {
        text.lines()
            .position(|l| l.contains(needle))
            .map_or(0, |i| i + 1)
    }

    #[test]
    fn mistakes_are_refused_with_their_line() {
        let e = broken(
            "to = \"routed\"\nroles = [\"moderator\"]",
            "to = \"routd\"\nroles = [\"moderator\"]",
        );
        assert!(e.message.contains("unknown state \"routd\""), "{e}");
        assert_eq!(
            e.line,
            line_containing(
                &SHIPPED.replacen("to = \"routed\"", "to = \"routd\"", 1),
                "to = \"routd\""
            )
        );

        let e = broken("roles = [\"moderator\"]", "roles = [\"moderater\"]");
        assert!(e.message.contains("unknown role \"moderater\""), "{e}");
        assert!(e.line > 1);

        // Without `receive`, nothing leads out of `submitted`: the rest is unreachable.
        let e = broken(
            "id = \"receive\"\nfrom = [\"submitted\"]\nto = \"triage\"",
            "id = \"receive\"\nfrom = [\"closed\"]\nto = \"triage\"",
        );
        assert!(
            e.message.contains("final state \"closed\" cannot be left"),
            "{e}"
        );
        let e = broken(
            "from = [\"submitted\"]\nto = \"triage\"",
            "from = [\"submitted\"]\nto = \"submitted\"",
        );
        assert!(e.message.contains("cannot be reached"), "{e}");

        let e = broken("initial = \"submitted\"", "initial = \"draft\"");
        assert_eq!(
            (e.line, e.message.contains("unknown state \"draft\"")),
            (line_containing(SHIPPED, "initial ="), true)
        );

        // `clarify` returns with @previous, so the state it leaves must pause the clock.
        let e = broken(
            "pauses_clock = true\nmeaning = \"awaiting_complainant\"\n\n[[state]]\nid = \"answered\"",
            "meaning = \"awaiting_complainant\"\n\n[[state]]\nid = \"answered\"",
        );
        assert!(e.message.contains("@previous"), "{e}");

        // Effects: the ones Veedor needs must be there, and lead where they make sense.
        let e = broken("effect = \"answer\"", "");
        assert!(
            e.message.contains("no transition has effect = \"answer\""),
            "{e}"
        );
        assert_eq!(e.line, line_containing(SHIPPED, "initial ="));
        let e = broken("effect = \"route\"", "effect = \"answer\"");
        assert!(
            e.message.contains(
                "\"accept\": effect \"answer\" must lead to a state with meaning = \"answered\""
            ),
            "{e}"
        );
        assert_eq!(
            e.line,
            line_containing(
                &SHIPPED.replacen("effect = \"route\"", "effect = \"answer\"", 1),
                "effect = \"answer\""
            )
        );
        let e = broken("meaning = \"with_agency\"", "");
        assert!(e.message.contains("missing field `meaning`"), "{e}");

        let e = broken(
            "label = \"Submitted\"",
            "label = \"Submitted\"\ncolour = \"red\"",
        );
        assert!(e.message.contains("colour"), "{e}");
    }
}
