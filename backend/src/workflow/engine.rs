//! The redress loop at work: items are created, moved through the configured workflow, routed,
//! given deadlines, swept when overdue, and every move notifies whoever acts next.
//!
//! Every move is one write transaction that (1) checks the transition is allowed from the
//! item's state for the actor's capacity, (2) appends an event to the append-only history,
//! (3) rewrites the item's projection (state, agency, deadline) guarded by its `version`, and
//! (4) queues the mail. Two moves racing on one item: the second finds the version changed (or
//! the unique `(item, seq)` taken) and gets a conflict; nothing half-lands.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minijinja::context;
use serde::Serialize;
use serde_json::{json, Value};

use super::deadlines::{due, Calendar};
use super::definition::{CommentRule, Effect, Meaning, Transition, Workflow, PREVIOUS};
use crate::accounts::{CurrentUser, Role};
use crate::db::schema::{feedback_events, feedback_items, memberships, users};
use crate::db::{self, DbConnection};
use crate::feedback::attachments::{self, Checked};
use crate::feedback::categories::Category;
use crate::feedback::{self, Event, FeedbackError, Item, NewEvent, Submission, MAX_COMMENT};
use crate::notify::{self, Mail};
use crate::routing::{self, Facts, Target};

/// Everything the loop runs on: the checked configuration plus where files and links go.
pub struct Engine {
    pub workflow: Workflow,
    pub calendar: Calendar,
    pub routing: Vec<routing::Rule>,
    pub categories: Vec<Category>,
    /// The oversight bodies (`oversight.toml`).
    pub oversight: Vec<crate::agencies::OversightBody>,
    /// When feedback becomes public (`publication.toml`).
    pub publication: crate::publication::Publication,
    /// Keys the pseudonyms of anonymous complainants.
    pub pseudonym_key: [u8; 32],
    /// Where evidence files live (the data directory by default).
    pub files: std::sync::Arc<dyn crate::feedback::files::FileStore>,
    /// For links in mail.
    pub base_url: String,
    /// The risk indicators (`indicators.toml`): the redress loop's own read the workflow.
    pub indicators: std::sync::Arc<crate::risk::Methodology>,
}

impl Engine {
    /// Loads and checks workflow, calendar, routing rules and categories from `config_dir`.
    pub fn load(
        config_dir: &Path,
        secret: &[u8],
        files_dir: PathBuf,
        base_url: String,
    ) -> Result<Engine, String> {
        let (workflow, calendar) = super::load(config_dir)?;
        let oversight = crate::agencies::load_oversight_dir(config_dir)?;
        let routing = routing::load(config_dir, &oversight)?;
        let categories = crate::feedback::categories::load(config_dir)?;
        let publication = crate::publication::load(config_dir, &workflow)?;
        let indicators = std::sync::Arc::new(crate::risk::Methodology::load(config_dir)?);
        Ok(Engine {
            indicators,
            publication,
            workflow,
            calendar,
            routing,
            categories,
            oversight,
            pseudonym_key: blake3::derive_key("veedor 2026 complainant pseudonyms", secret),
            files: std::sync::Arc::new(crate::feedback::files::LocalDir::new(files_dir)),
            base_url,
        })
    }

    /// The engine of a deployment: configuration from `VEEDOR_CONFIG_DIR` (default `config/`),
    /// files under the data directory, links to the base URL.
    pub fn from_settings(settings: &crate::config::Settings) -> Result<Engine, String> {
        let secret = settings.pseudonym_secret().map_err(|e| e.to_string())?;
        let mut engine = Engine::load(
            &settings.config_dir,
            &secret,
            settings.data.dir.clone(),
            settings.server.base_url.clone(),
        )?;
        engine.files = crate::feedback::files::from_settings(settings)?;
        Ok(engine)
    }

    /// Whether an organization id is a configured oversight body.
    pub fn is_oversight_body(&self, id: &str) -> bool {
        self.oversight.iter().any(|b| b.id == id)
    }

    /// Where mail for an agency or oversight body goes when nobody holds an account for it.
    pub(super) fn organization_email(
        &self,
        conn: &mut DbConnection,
        id: &str,
    ) -> QueryResult<Option<String>> {
        if let Some(body) = self.oversight.iter().find(|b| b.id == id) {
            return Ok(Some(body.email.clone()));
        }
        Ok(crate::agencies::find(conn, id)?.and_then(|a| a.email().map(str::to_owned)))
    }

    pub(super) fn mail_domain(&self) -> String {
        url::Url::parse(&self.base_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_else(|| "veedor.invalid".into())
    }
}

/// Who is acting: a signed-in person, or the deadline sweep.
#[derive(Debug, Clone, Copy)]
pub enum Actor<'a> {
    Person(&'a CurrentUser),
    System,
}

/// A capacity in which someone may act on one item: a workflow role, and the organization it
/// is held in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capacity {
    pub role: &'static str,
    pub organization: Option<String>,
}

/// The capacities an actor holds on an item. Officers act only for the agency the item is
/// routed to (members of an oversight body act as its officers when a rule routed the item
/// there), oversight members only for the body it is escalated to.
pub fn capacities(actor: Actor<'_>, item: &Item) -> Vec<Capacity> {
    let user = match actor {
        Actor::System => {
            return vec![Capacity {
                role: "system",
                organization: None,
            }]
        }
        Actor::Person(user) => user,
    };
    let mut out = Vec::new();
    if user.id == item.author_id {
        // A person never handles what they filed: no triage, answer or finding of their own.
        out.push(Capacity {
            role: "complainant",
            organization: None,
        });
        return out;
    }
    if let Some(m) = user
        .memberships
        .iter()
        .find(|m| m.role == Role::Moderator.as_str())
    {
        out.push(Capacity {
            role: "moderator",
            organization: Some(m.organization_id.clone()),
        });
    }
    if let Some(agency) = item.agency_id.as_deref() {
        // Oversight memberships are only ever in configured bodies (checked when granted).
        let as_officer =
            user.holds(Role::Officer, Some(agency)) || user.holds(Role::Oversight, Some(agency));
        if as_officer {
            out.push(Capacity {
                role: "officer",
                organization: Some(agency.to_owned()),
            });
        }
    }
    if let Some(body) = item.oversight_id.as_deref() {
        if user.holds(Role::Oversight, Some(body)) {
            out.push(Capacity {
                role: "oversight",
                organization: Some(body.to_owned()),
            });
        }
    }
    if user.is_admin() {
        out.push(Capacity {
            role: "admin",
            organization: None,
        });
    }
    out
}

/// Whether `actor` may read the comment of an event of `transition` on `item`.
pub fn reads_comment(workflow: &Workflow, actor: Actor<'_>, item: &Item, transition: &str) -> bool {
    let audience = workflow.audience(transition);
    audience == super::definition::Audience::Public
        || capacities(actor, item)
            .iter()
            .any(|c| audience.admits(c.role))
}

/// Whether the actor may see everything about the item (the complainant and those handling it).
pub fn sees_everything(actor: Actor<'_>, item: &Item) -> bool {
    !capacities(actor, item).is_empty()
}

/// What a transition asks for besides its name.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    pub transition: String,
    #[serde(default)]
    pub comment: Option<String>,
    /// `accept`: send to this agency instead of what the routing rules say.
    #[serde(default)]
    pub agency: Option<String>,
    /// `change_category`: the new category.
    #[serde(default)]
    pub category: Option<String>,
    /// `mark_duplicate`: the item this one repeats.
    #[serde(default)]
    pub duplicate_of: Option<String>,
    /// `record_finding`: was a violation confirmed, what was done, and the outcome.
    #[serde(default)]
    pub violation_confirmed: Option<bool>,
    #[serde(default)]
    pub action_taken: Option<String>,
    #[serde(default)]
    pub outcome: Option<String>,
    /// When given, the transition only applies if the item is still at this version.
    #[serde(default)]
    pub expected_version: Option<i32>,
}

/// Outcomes an oversight finding may close with.
pub const FINDING_OUTCOMES: &[&str] = &["resolved", "not_resolved"];

impl Engine {
    /// The transitions `actor` may take on `item` now.
    pub fn allowed<'e>(&'e self, item: &Item, actor: Actor<'_>) -> Vec<&'e Transition> {
        let held = capacities(actor, item);
        self.workflow
            .from_state(&item.state)
            .filter(|t| {
                t.roles
                    .iter()
                    .any(|r| held.iter().any(|c| c.role == r && r != "system"))
                    || matches!(actor, Actor::System) && t.roles.iter().any(|r| r == "system")
            })
            .collect()
    }

    /// Files a new item, takes the workflow's automatic first steps, and queues its mail.
    pub fn submit(
        &self,
        conn: &mut DbConnection,
        author: &CurrentUser,
        ocid: &str,
        submission: &Submission,
        files: &[Checked],
        now: NaiveDateTime,
    ) -> Result<Item, FeedbackError> {
        submission.check(&self.categories)?;
        let mut written = Vec::new();
        let result = db::write(conn, |conn| {
            if crate::ocds::store::find_process(conn, ocid)?.is_none() {
                return Err(FeedbackError::NotFound(format!(
                    "no contracting process has the ocid {ocid:?}"
                )));
            }
            let item = Item {
                id: uuid::Uuid::new_v4().to_string(),
                ocid: ocid.to_owned(),
                kind: submission.kind.clone(),
                category: submission.category.clone(),
                stage: submission.stage.clone(),
                subject_id: submission.subject_id.clone(),
                description: submission.description.trim().to_owned(),
                rating: submission.rating.map(|r| r as i32),
                answers: Value::Object(submission.answers.clone()).to_string(),
                anonymous: submission.anonymous,
                author_id: author.id.clone(),
                pseudonym: feedback::pseudonym(&self.pseudonym_key, &author.id, ocid),
                state: self.workflow.initial.clone(),
                resume_state: None,
                outcome: None,
                agency_id: None,
                oversight_id: None,
                routing_rule: None,
                duplicate_of: None,
                due_at: None,
                overdue_since: None,
                version: 1,
                created_at: now,
                updated_at: now,
                cso_id: None,
                routed_at: None,
                answer: None,
                answered_at: None,
                deadline_missed: false,
                satisfied: None,
            };
            diesel::insert_into(feedback_items::table)
                .values(&item)
                .execute(conn)?;
            append(
                conn,
                NewEvent {
                    item_id: item.id.clone(),
                    seq: 1,
                    transition: "submit".into(),
                    from_state: None,
                    to_state: item.state.clone(),
                    actor_id: Some(author.id.clone()),
                    role: "complainant".into(),
                    organization_id: None,
                    comment: None,
                    details: "{}".into(),
                    created_at: now,
                },
            )?;
            attachments::store(
                conn,
                self.files.as_ref(),
                &item.id,
                1,
                files,
                false,
                &author.id,
                now,
                &mut written,
            )?;
            // Automatic steps (e.g. submitted → triage) are the system's to take at once.
            let mut item = item;
            // Bounded, in case a configuration chains automatic steps in a loop.
            for _ in 0..8 {
                let Some(t) = self
                    .workflow
                    .from_state(&item.state)
                    .find(|t| t.roles.iter().all(|r| r == "system") && self.deadline_free(t))
                else {
                    break;
                };
                let request = Request {
                    transition: t.id.clone(),
                    ..Request::default()
                };
                item = self.apply(conn, item, Actor::System, &request, &[], now, &mut written)?;
            }
            Ok(item)
        });
        if result.is_err() {
            attachments::remove_files(self.files.as_ref(), &written);
        }
        result
    }

    /// A system transition taken at once (not by the sweep): one from a state without a
    /// deadline.
    fn deadline_free(&self, t: &Transition) -> bool {
        t.from.iter().all(|s| {
            self.workflow
                .states
                .get(s)
                .is_some_and(|s| s.deadline.is_none())
        })
    }

    /// Takes a transition on an item, in its own write transaction.
    pub fn transition(
        &self,
        conn: &mut DbConnection,
        item_id: &str,
        actor: Actor<'_>,
        request: &Request,
        files: &[Checked],
        now: NaiveDateTime,
    ) -> Result<Item, FeedbackError> {
        let mut written = Vec::new();
        let result = db::write(conn, |conn| {
            let item = feedback::find(conn, item_id)?
                .ok_or_else(|| FeedbackError::NotFound(format!("no feedback item {item_id:?}")))?;
            self.apply(conn, item, actor, request, files, now, &mut written)
        });
        if result.is_err() {
            attachments::remove_files(self.files.as_ref(), &written);
        }
        result
    }

    /// The checks and effects of one transition, inside the caller's transaction.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn apply(
        &self,
        conn: &mut DbConnection,
        mut item: Item,
        actor: Actor<'_>,
        request: &Request,
        files: &[Checked],
        now: NaiveDateTime,
        written: &mut Vec<String>,
    ) -> Result<Item, FeedbackError> {
        let Some(t) = self.workflow.transition(&request.transition) else {
            return Err(FeedbackError::invalid(
                "transition",
                format!(
                    "{:?} is not a transition of the workflow",
                    request.transition
                ),
            ));
        };
        if request.expected_version.is_some_and(|v| v != item.version) {
            return Err(FeedbackError::Conflict(format!(
                "the item changed (version {} now); reload it and try again",
                item.version
            )));
        }
        if !t.from.iter().any(|s| s == &item.state) {
            return Err(FeedbackError::Conflict(format!(
                "{} cannot be taken while the item is {}",
                t.id, item.state
            )));
        }
        let held = capacities(actor, &item);
        let Some(capacity) = held
            .into_iter()
            .find(|c| t.roles.iter().any(|r| r == c.role))
        else {
            return Err(FeedbackError::Forbidden(format!(
                "{} is for {} only{}",
                t.id,
                t.roles.join(", "),
                if t.roles.iter().any(|r| r == "officer") {
                    " (of the agency the item is routed to)"
                } else {
                    ""
                }
            )));
        };
        if matches!(
            t.effect,
            Some(Effect::RateSatisfied | Effect::RateUnsatisfied)
        ) {
            if let (Actor::Person(u), Some(agency)) = (actor, item.agency_id.as_deref()) {
                if u.holds(Role::Officer, Some(agency)) || u.holds(Role::Oversight, Some(agency)) {
                    return Err(FeedbackError::Forbidden(
                        "members of the agency that answered cannot rate its answer".into(),
                    ));
                }
            }
        }
        let comment = request
            .comment
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        if t.comment == CommentRule::Required && comment.is_none() {
            return Err(FeedbackError::invalid(
                "comment",
                format!("is required for {}", t.id),
            ));
        }
        if comment.is_some_and(|c| c.chars().count() > MAX_COMMENT) {
            return Err(FeedbackError::invalid(
                "comment",
                format!("is longer than {MAX_COMMENT} characters"),
            ));
        }
        if !files.is_empty() && matches!(actor, Actor::System) {
            return Err(FeedbackError::invalid("attachments", "are not taken here"));
        }

        let from = item.state.clone();
        let to = if t.to == PREVIOUS {
            item.resume_state.clone().ok_or_else(|| {
                FeedbackError::Conflict("there is no earlier state to return to".into())
            })?
        } else {
            t.to.clone()
        };
        let mut details = serde_json::Map::new();
        let to_state = self
            .workflow
            .states
            .get(&to)
            .ok_or_else(|| FeedbackError::Conflict(format!("unknown state {to}")))?;

        // The first organization of moderators to act on an item handles it from then on.
        if capacity.role == "moderator" && item.cso_id.is_none() {
            item.cso_id = capacity.organization.clone();
        }
        // What the transition does beyond the move, as the workflow declares it.
        match t.effect {
            Some(Effect::Route) => {
                self.route(conn, &mut item, request, &mut details)?;
                item.routed_at = Some(now);
            }
            Some(Effect::Unroute) => {
                details.insert("agency".into(), json!(item.agency_id));
                item.agency_id = None;
                item.routing_rule = None;
                item.routed_at = None;
            }
            Some(Effect::Answer) => {
                item.answer = comment.map(str::to_owned);
                item.answered_at = Some(now);
            }
            Some(Effect::Overdue) => item.deadline_missed = true,
            Some(Effect::RateSatisfied) => item.satisfied = Some(true),
            Some(Effect::RateUnsatisfied) => item.satisfied = Some(false),
            _ => {}
        }
        if t.effect == Some(Effect::Recategorize) {
            let category = request.category.as_deref().unwrap_or_default();
            let Some(c) = self.categories.iter().find(|c| c.id == category) else {
                return Err(FeedbackError::invalid(
                    "category",
                    "must name a known category",
                ));
            };
            if !c.kinds.iter().any(|k| k == &item.kind) {
                return Err(FeedbackError::invalid(
                    "category",
                    format!("is not used for a {}", item.kind),
                ));
            }
            details.insert("from_category".into(), json!(item.category));
            details.insert("to_category".into(), json!(category));
            item.category = category.to_owned();
        }
        if t.effect == Some(Effect::Duplicate) {
            let original = request.duplicate_of.as_deref().unwrap_or_default();
            let known = original != item.id && feedback::find(conn, original)?.is_some();
            if !known {
                return Err(FeedbackError::invalid(
                    "duplicate_of",
                    "must name another feedback item",
                ));
            }
            item.duplicate_of = Some(original.to_owned());
            details.insert("duplicate_of".into(), json!(original));
        }
        if to_state.meaning == Meaning::Escalated {
            let body = item
                .agency_id
                .as_deref()
                .and_then(|a| {
                    crate::agencies::oversight_among(&self.oversight, a)
                        .into_iter()
                        .next()
                })
                .or_else(|| self.oversight.first())
                .ok_or_else(|| FeedbackError::Conflict("no oversight body is configured".into()))?;
            item.oversight_id = Some(body.id.clone());
            details.insert("oversight".into(), json!(body.id));
            if let Some(due_at) = item.due_at.filter(|d| *d < now) {
                details.insert("overdue_since".into(), json!(due_at));
            }
        }
        item.outcome = match (t.effect, t.outcome.as_deref()) {
            (Some(Effect::Finding), _) => {
                let Some(confirmed) = request.violation_confirmed else {
                    return Err(FeedbackError::invalid(
                        "violation_confirmed",
                        "is required: was a violation confirmed?",
                    ));
                };
                let outcome = request.outcome.as_deref().unwrap_or_default();
                if !FINDING_OUTCOMES.contains(&outcome) {
                    return Err(FeedbackError::invalid(
                        "outcome",
                        format!("must be one of {}", FINDING_OUTCOMES.join(", ")),
                    ));
                }
                let action = request.action_taken.as_deref().unwrap_or_default().trim();
                if action.chars().count() > MAX_COMMENT {
                    return Err(FeedbackError::invalid("action_taken", "is too long"));
                }
                details.insert("violation_confirmed".into(), json!(confirmed));
                details.insert("action_taken".into(), json!(action));
                Some(outcome.to_owned())
            }
            (_, Some(outcome)) => Some(outcome.to_owned()),
            (_, None) if to_state.is_final => item.outcome.clone(),
            (_, None) => None,
        };
        if to_state.pauses_clock {
            item.resume_state = Some(from.clone());
        } else if t.to == PREVIOUS {
            item.resume_state = None;
        }

        let seq = item.version + 1;
        let event = NewEvent {
            item_id: item.id.clone(),
            seq,
            transition: t.id.clone(),
            from_state: Some(from.clone()),
            to_state: to.clone(),
            actor_id: match actor {
                Actor::Person(u) => Some(u.id.clone()),
                Actor::System => None,
            },
            role: capacity.role.to_owned(),
            organization_id: capacity.organization.clone(),
            comment: comment.map(str::to_owned),
            details: Value::Object(details).to_string(),
            created_at: now,
        };
        append(conn, event)?;
        item.state = to.clone();
        item.version = seq;
        item.updated_at = now;
        item.overdue_since = None;
        let history = feedback::events_of(conn, &item.id)?;
        item.due_at = self.deadline(&item.state, &history);
        // The guard: only the version this transaction read may be replaced.
        let updated = diesel::update(
            feedback_items::table
                .filter(feedback_items::id.eq(&item.id))
                .filter(feedback_items::version.eq(seq - 1)),
        )
        .set(&item)
        .execute(conn)?;
        if updated != 1 {
            return Err(FeedbackError::Conflict(
                "another change to this item landed first; reload it and try again".into(),
            ));
        }
        if !files.is_empty() {
            let uploader = match actor {
                Actor::Person(u) => u.id.as_str(),
                Actor::System => "",
            };
            // Documents from the agency or the oversight body are part of the public answer;
            // a complainant's evidence is for those handling the item.
            let public = matches!(capacity.role, "officer" | "oversight");
            attachments::store(
                conn,
                self.files.as_ref(),
                &item.id,
                seq,
                files,
                public,
                uploader,
                now,
                written,
            )?;
        }
        self.notify(conn, &item, t, actor, comment)?;
        Ok(item)
    }

    /// Applies the routing rules (or the moderator's choice) to an item being accepted.
    fn route(
        &self,
        conn: &mut DbConnection,
        item: &mut Item,
        request: &Request,
        details: &mut serde_json::Map<String, Value>,
    ) -> Result<(), FeedbackError> {
        if let Some(agency) = request.agency.as_deref().filter(|a| !a.is_empty()) {
            let known =
                self.is_oversight_body(agency) || crate::agencies::find(conn, agency)?.is_some();
            if !known {
                return Err(FeedbackError::invalid(
                    "agency",
                    "must name an agency or oversight body of the directory",
                ));
            }
            item.agency_id = Some(agency.to_owned());
            item.routing_rule = Some("moderator".into());
            details.insert("agency".into(), json!(agency));
            details.insert("rule".into(), json!("moderator"));
            return Ok(());
        }
        let (agency, rule) = self.rules_choice(conn, item)?;
        let Some(agency) = agency else {
            return Err(FeedbackError::invalid(
                "agency",
                "is required: no routing rule finds an agency for this item; name one",
            ));
        };
        details.insert("agency".into(), json!(agency));
        details.insert("rule".into(), json!(rule));
        item.agency_id = Some(agency);
        item.routing_rule = rule;
        Ok(())
    }

    /// The agency (or oversight body) the routing rules would send `item` to, and the rule
    /// that decides it; no agency when no rule finds one.
    pub fn rules_choice(
        &self,
        conn: &mut DbConnection,
        item: &Item,
    ) -> QueryResult<(Option<String>, Option<String>)> {
        let process = crate::ocds::store::find_process(conn, &item.ocid)?;
        let process = process.as_ref();
        let facts = Facts {
            category: &item.category,
            kind: &item.kind,
            method: process.and_then(|p| p.procurement_method.as_deref()),
            procurement_category: process.and_then(|p| p.main_procurement_category.as_deref()),
            value: process.and_then(|p| p.value_amount),
            buyer: process.and_then(|p| p.buyer_id.as_deref()),
            region: None,
        };
        let decision = routing::route(&self.routing, &facts);
        let agency = match &decision.target {
            Some(Target::Buyer) => process.and_then(|p| p.buyer_id.clone()),
            Some(Target::ProcuringEntity) => {
                process.and_then(|p| p.procuring_entity_id.clone().or_else(|| p.buyer_id.clone()))
            }
            Some(Target::Oversight(body)) => Some(body.clone()),
            None => None,
        };
        Ok((agency, decision.rule))
    }

    /// When the current state's deadline falls, from the history (None: no deadline, or the
    /// clock is paused). A deadline counts from entering its state (or the state it names in
    /// `from`); a return from a pause is not a new entry, and paused days do not count.
    pub fn deadline(&self, state: &str, history: &[Event]) -> Option<NaiveDateTime> {
        let spec = self.workflow.states.get(state)?.deadline.as_ref()?;
        let start_state = spec.from.as_deref().unwrap_or(state);
        let pausing = |s: &str| self.workflow.states.get(s).is_some_and(|s| s.pauses_clock);
        let start = history
            .iter()
            .rev()
            .find(|e| e.to_state == start_state && !e.from_state.as_deref().is_some_and(pausing))?;
        let mut pauses = Vec::new();
        let mut open: Option<NaiveDateTime> = None;
        for e in history.iter().filter(|e| e.seq > start.seq) {
            match (pausing(&e.to_state), open) {
                (true, None) => open = Some(e.created_at),
                (false, Some(since)) => {
                    pauses.push((since, Some(e.created_at)));
                    open = None;
                }
                _ => {}
            }
        }
        if open.is_some() {
            return None;
        }
        due(
            start.created_at,
            spec.days,
            spec.kind,
            &self.calendar,
            &pauses,
        )
    }

    /// Queues mail to whoever acts next on the item, and to the complainant, except the actor.
    fn notify(
        &self,
        conn: &mut DbConnection,
        item: &Item,
        t: &Transition,
        actor: Actor<'_>,
        comment: Option<&str>,
    ) -> Result<(), FeedbackError> {
        let mut roles: Vec<&str> = self
            .workflow
            .from_state(&item.state)
            .flat_map(|t| t.roles.iter().map(String::as_str))
            .filter(|r| *r != "system" && *r != "admin")
            .collect();
        roles.push("complainant");
        roles.sort_unstable();
        roles.dedup();
        let actor_id = match actor {
            Actor::Person(u) => Some(u.id.as_str()),
            Actor::System => None,
        };
        // Each recipient (address, language, name) with the role they read in (what comment
        // they may see).
        let mut recipients: Vec<(String, String, String, &str)> = Vec::new();
        let tag = |found: Vec<(String, String, String)>, role: &'static str| {
            found.into_iter().map(move |(e, l, n)| (e, l, n, role))
        };
        for role in roles {
            match role {
                "complainant" => {
                    let row: (String, String, String) = users::table
                        .find(&item.author_id)
                        .select((users::email, users::language, users::name))
                        .first(conn)?;
                    if actor_id != Some(item.author_id.as_str()) {
                        recipients.push((row.0, row.1, row.2, "complainant"));
                    }
                }
                "moderator" => {
                    recipients.extend(tag(
                        members(conn, Role::Moderator, None, actor_id)?,
                        "moderator",
                    ));
                }
                "officer" => {
                    if let Some(agency) = item.agency_id.as_deref() {
                        let role = if self.is_oversight_body(agency) {
                            Role::Oversight
                        } else {
                            Role::Officer
                        };
                        let found = members(conn, role, Some(agency), actor_id)?;
                        if found.is_empty() {
                            // No officers yet: the agency's published or corrected address.
                            if let Some(email) = self.organization_email(conn, agency)? {
                                recipients.push((email, "en".into(), String::new(), "officer"));
                            }
                        }
                        recipients.extend(tag(found, "officer"));
                    }
                }
                "oversight" => {
                    if let Some(body) = item.oversight_id.as_deref() {
                        let found = members(conn, Role::Oversight, Some(body), actor_id)?;
                        if found.is_empty() {
                            if let Some(email) = self.organization_email(conn, body)? {
                                recipients.push((email, "en".into(), String::new(), "oversight"));
                            }
                        }
                        recipients.extend(tag(found, "oversight"));
                    }
                }
                _ => {}
            }
        }
        recipients.sort();
        recipients.dedup_by(|a, b| a.0 == b.0);
        let state_label = self
            .workflow
            .states
            .get(&item.state)
            .map(|s| s.label.clone())
            .unwrap_or_else(|| item.state.clone());
        // Straight to the item's action form.
        let link = format!(
            "{}/feedback/{}#act",
            self.base_url.trim_end_matches('/'),
            item.id
        );
        let process_title =
            crate::ocds::store::find_process(conn, &item.ocid)?.and_then(|p| p.title);
        let category = self
            .categories
            .iter()
            .find(|c| c.id == item.category)
            .map(|c| c.label.clone());
        let domain = self.mail_domain();
        for (email, language, name, role) in recipients {
            let comment = comment.filter(|_| t.audience.admits(role));
            let mail = Mail {
                context: context! {
                    name,
                    transition => t.id.clone(),
                    transition_label => t.label.clone().unwrap_or_else(|| t.id.replace('_', " ")),
                    state => item.state.clone(),
                    state_label => state_label.clone(),
                    ocid => item.ocid.clone(),
                    process_title => process_title.clone(),
                    kind => item.kind.clone(),
                    category => category.as_ref().map(|c| c.get(&language).to_owned()),
                    comment => comment.map(str::to_owned),
                    due_at => item.due_at.map(|d| d.format("%Y-%m-%d").to_string()),
                    link => link.clone(),
                },
                recipient: email,
                template: "feedback-update",
                language,
            };
            notify::enqueue(conn, &mail, &domain)?;
        }
        Ok(())
    }
}

/// Appends an event. The unique (item, seq) turns a lost race into a conflict.
fn append(conn: &mut DbConnection, event: NewEvent) -> Result<(), FeedbackError> {
    match diesel::insert_into(feedback_events::table)
        .values(&event)
        .execute(conn)
    {
        Ok(_) => Ok(()),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => Err(FeedbackError::Conflict(
            "another change to this item landed first; reload it and try again".into(),
        )),
        Err(e) => Err(e.into()),
    }
}

/// Email and language of the members holding `role` (in `organization`), except `except`.
pub(super) fn members(
    conn: &mut DbConnection,
    role: Role,
    organization: Option<&str>,
    except: Option<&str>,
) -> QueryResult<Vec<(String, String, String)>> {
    let mut query = memberships::table
        .inner_join(users::table.on(users::id.eq(memberships::user_id)))
        .filter(memberships::role.eq(role.as_str()))
        .filter(users::email_verified_at.is_not_null())
        .select((users::id, users::email, users::language, users::name))
        .into_boxed();
    if let Some(org) = organization {
        query = query.filter(memberships::organization_id.eq(org));
    }
    let rows: Vec<(String, String, String, String)> = query.load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(id, _, _, _)| Some(id.as_str()) != except)
        .map(|(_, email, language, name)| (email, language, name))
        .collect())
}
