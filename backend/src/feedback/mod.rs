//! Feedback on contracting processes: reviews, complaints and questions, filed by signed-in
//! people on a process by its ocid.
//!
//! - [`categories`]: the categories and questionnaires of `config/categories.toml`.
//! - [`attachments`]: evidence files (checked by content, image metadata stripped).
//! - this module: the item rows, submission, and what each viewer may see of an item.
//!
//! An item's movement through the workflow (transitions, history, deadlines, sweep) lives in
//! [`crate::workflow::engine`].

pub mod attachments;
pub mod categories;
pub mod clean;
pub mod files;
pub mod news;
pub mod queues;

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::db::schema::{feedback_events, feedback_items, identity_reveals, users};
use crate::db::DbConnection;

pub const STAGES: &[&str] = &["planning", "tender", "award", "contract", "implementation"];
pub const MAX_DESCRIPTION: usize = 5000;
pub const MAX_COMMENT: usize = 5000;

/// What can go wrong in feedback and workflow operations; mapped to HTTP once, in `api`.
#[derive(Debug, thiserror::Error)]
pub enum FeedbackError {
    #[error("`{field}` {reason}")]
    Invalid { field: String, reason: String },
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    /// The item moved on (another transition landed first) or the transition does not apply.
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    TooLarge(String),
    #[error(transparent)]
    Mail(#[from] crate::notify::outbox::OutboxError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("file storage: {0}")]
    Io(#[from] std::io::Error),
}

impl FeedbackError {
    pub fn invalid(field: &str, reason: impl Into<String>) -> FeedbackError {
        FeedbackError::Invalid {
            field: field.to_owned(),
            reason: reason.into(),
        }
    }
}

/// An item as stored: what was submitted and where it stands in the workflow.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = feedback_items)]
#[diesel(treat_none_as_null = true)]
pub struct Item {
    pub id: String,
    pub ocid: String,
    pub kind: String,
    pub category: String,
    pub stage: Option<String>,
    pub subject_id: Option<String>,
    pub description: String,
    pub rating: Option<i32>,
    pub answers: String,
    pub anonymous: bool,
    pub author_id: String,
    pub pseudonym: String,
    pub state: String,
    pub resume_state: Option<String>,
    pub outcome: Option<String>,
    pub agency_id: Option<String>,
    pub oversight_id: Option<String>,
    pub routing_rule: Option<String>,
    pub duplicate_of: Option<String>,
    pub due_at: Option<NaiveDateTime>,
    pub overdue_since: Option<NaiveDateTime>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The civil-society organization whose moderator first acted on the item.
    pub cso_id: Option<String>,
    /// Facts the workflow's effects record: when the item was last routed to an agency
    /// (`route`), the agency's answer and when (`answer`), whether a deadline passed
    /// (`overdue`), and the complainant's rating (`rate_satisfied`, `rate_unsatisfied`).
    pub routed_at: Option<NaiveDateTime>,
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    pub deadline_missed: bool,
    pub satisfied: Option<bool>,
}

/// One entry of an item's history.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = feedback_events)]
pub struct Event {
    #[serde(skip)]
    pub id: i64,
    #[serde(skip)]
    pub item_id: String,
    pub seq: i32,
    pub transition: String,
    pub from_state: Option<String>,
    pub to_state: String,
    #[serde(skip)]
    pub actor_id: Option<String>,
    pub role: String,
    pub organization_id: Option<String>,
    pub comment: Option<String>,
    #[serde(skip)]
    pub details: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = feedback_events)]
pub struct NewEvent {
    pub item_id: String,
    pub seq: i32,
    pub transition: String,
    pub from_state: Option<String>,
    pub to_state: String,
    pub actor_id: Option<String>,
    pub role: String,
    pub organization_id: Option<String>,
    pub comment: Option<String>,
    pub details: String,
    pub created_at: NaiveDateTime,
}

/// What a person submits.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Submission {
    pub kind: String,
    pub category: String,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub subject_id: Option<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rating: Option<i64>,
    #[serde(default)]
    pub answers: Map<String, Value>,
    #[serde(default)]
    pub anonymous: bool,
}

impl Submission {
    /// Checks every field against the categories; the first bad one is named.
    pub fn check(&self, categories: &[categories::Category]) -> Result<(), FeedbackError> {
        if !categories::KINDS.contains(&self.kind.as_str()) {
            return Err(FeedbackError::invalid(
                "kind",
                format!("must be one of {}", categories::KINDS.join(", ")),
            ));
        }
        let Some(category) = categories.iter().find(|c| c.id == self.category) else {
            return Err(FeedbackError::invalid(
                "category",
                "is not a known category (see /api/v1/categories)",
            ));
        };
        if !category.kinds.iter().any(|k| k == &self.kind) {
            return Err(FeedbackError::invalid(
                "category",
                format!("is not used for a {}", self.kind),
            ));
        }
        match self.stage.as_deref() {
            Some(stage) if !STAGES.contains(&stage) => {
                return Err(FeedbackError::invalid(
                    "stage",
                    format!("must be one of {}", STAGES.join(", ")),
                ))
            }
            None if self.kind == "complaint" => {
                return Err(FeedbackError::invalid(
                    "stage",
                    "is required for a complaint: which stage of the process is it about?",
                ))
            }
            _ => {}
        }
        if self
            .subject_id
            .as_deref()
            .is_some_and(|s| s.is_empty() || s.chars().count() > 200)
        {
            return Err(FeedbackError::invalid(
                "subject_id",
                "must be 1 to 200 characters",
            ));
        }
        let length = self.description.trim().chars().count();
        if length == 0 && self.kind != "review" {
            return Err(FeedbackError::invalid("description", "is required"));
        }
        if length > MAX_DESCRIPTION {
            return Err(FeedbackError::invalid(
                "description",
                format!("is longer than {MAX_DESCRIPTION} characters"),
            ));
        }
        match (self.kind.as_str(), self.rating) {
            ("review", Some(r)) if (1..=5).contains(&r) => {}
            ("review", _) => {
                return Err(FeedbackError::invalid(
                    "rating",
                    "is required for a review: a whole number from 1 to 5",
                ))
            }
            (_, Some(_)) => {
                return Err(FeedbackError::invalid(
                    "rating",
                    "is only given with a review",
                ))
            }
            _ => {}
        }
        category
            .check_answers(&self.answers)
            .map_err(|e| FeedbackError::invalid(&e.field, e.reason))
    }
}

/// The name shown for an anonymous complainant: the same for one person within one process,
/// unlinkable across processes without the key.
pub fn pseudonym(key: &[u8; 32], user_id: &str, ocid: &str) -> String {
    let mut hasher = blake3::Hasher::new_keyed(key);
    hasher.update(user_id.as_bytes());
    hasher.update(b"\0");
    hasher.update(ocid.as_bytes());
    let hex = hasher.finalize().to_hex();
    format!("Citizen {}", hex[..6].to_uppercase())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Item>> {
    feedback_items::table
        .find(id)
        .select(Item::as_select())
        .first(conn)
        .optional()
}

pub fn events_of(conn: &mut DbConnection, item_id: &str) -> QueryResult<Vec<Event>> {
    feedback_events::table
        .filter(feedback_events::item_id.eq(item_id))
        .order(feedback_events::seq)
        .select(Event::as_select())
        .load(conn)
}

/// The author's display name and email.
pub fn author_of(conn: &mut DbConnection, item: &Item) -> QueryResult<(String, String)> {
    users::table
        .find(&item.author_id)
        .select((users::name, users::email))
        .first(conn)
}

/// Records that `viewer` looked behind an anonymous item's pseudonym, then says who it is.
pub fn reveal_identity(
    conn: &mut DbConnection,
    item: &Item,
    viewer: &crate::accounts::CurrentUser,
    reason: &str,
    now: NaiveDateTime,
) -> Result<(String, String), FeedbackError> {
    use crate::accounts::Role;
    // Validate: a right of the organization handling the item, never of anyone else.
    let Some(cso) = item.cso_id.as_deref() else {
        return Err(FeedbackError::Forbidden(
            "no organization has taken this item up in triage yet; only the one that does may \
             see who filed it"
                .into(),
        ));
    };
    if !viewer.holds(Role::Moderator, Some(cso)) {
        return Err(FeedbackError::Forbidden(
            "only moderators of the organization handling this item may see who filed it".into(),
        ));
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(FeedbackError::invalid(
            "reason",
            "is required (up to 1000 characters): why do you need to know?",
        ));
    }
    // Write: the log first, in the same transaction as the read it justifies.
    diesel::insert_into(identity_reveals::table)
        .values((
            identity_reveals::item_id.eq(&item.id),
            identity_reveals::revealed_to.eq(&viewer.id),
            identity_reveals::reason.eq(reason),
            identity_reveals::created_at.eq(now),
            identity_reveals::organization_id.eq(cso),
        ))
        .execute(conn)?;
    Ok(author_of(conn, item)?)
}

/// One line of the log of identity reveals, for admins.
#[derive(Debug, Clone, Serialize)]
pub struct RevealRecord {
    pub item_id: String,
    /// The moderator's address.
    pub revealed_to: String,
    pub organization_id: Option<String>,
    pub organization_name: Option<String>,
    pub reason: String,
    pub created_at: NaiveDateTime,
}

/// Reveals on a page of the log.
pub const REVEALS_PER_PAGE: i64 = 100;

/// Page `page` of the log of identity reveals, newest first, and whether more follow.
pub fn reveal_log(conn: &mut DbConnection, page: i64) -> QueryResult<(Vec<RevealRecord>, bool)> {
    let page = page.clamp(1, 100_000);
    let mut records = reveal_rows(conn, (page - 1) * REVEALS_PER_PAGE, REVEALS_PER_PAGE + 1)?;
    let more = records.len() as i64 > REVEALS_PER_PAGE;
    records.truncate(REVEALS_PER_PAGE as usize);
    Ok((records, more))
}

fn reveal_rows(conn: &mut DbConnection, offset: i64, limit: i64) -> QueryResult<Vec<RevealRecord>> {
    use crate::db::schema::{civil_society_orgs, users};
    type Row = (String, String, Option<String>, String, NaiveDateTime);
    let rows: Vec<Row> = identity_reveals::table
        .inner_join(users::table.on(users::id.eq(identity_reveals::revealed_to)))
        .order((
            identity_reveals::created_at.desc(),
            identity_reveals::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select((
            identity_reveals::item_id,
            users::email,
            identity_reveals::organization_id,
            identity_reveals::reason,
            identity_reveals::created_at,
        ))
        .load(conn)?;
    let ids: Vec<&str> = rows.iter().filter_map(|r| r.2.as_deref()).collect();
    let names: Vec<(String, String)> = civil_society_orgs::table
        .filter(civil_society_orgs::id.eq_any(&ids))
        .select((civil_society_orgs::id, civil_society_orgs::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(item_id, revealed_to, organization_id, reason, created_at)| RevealRecord {
                organization_name: names
                    .iter()
                    .find(|(id, _)| Some(id) == organization_id.as_ref())
                    .map(|(_, name)| name.clone()),
                item_id,
                revealed_to,
                organization_id,
                reason,
                created_at,
            },
        )
        .collect())
}

/// How many times an item's identity was revealed (for audits and tests).
pub fn reveal_count(conn: &mut DbConnection, item_id: &str) -> QueryResult<i64> {
    identity_reveals::table
        .filter(identity_reveals::item_id.eq(item_id))
        .count()
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_are_stable_per_process_and_differ_across() {
        let key = [7u8; 32];
        let a = pseudonym(&key, "user-1", "ocds-1");
        assert_eq!(a, pseudonym(&key, "user-1", "ocds-1"));
        assert_ne!(a, pseudonym(&key, "user-1", "ocds-2"));
        assert_ne!(a, pseudonym(&key, "user-2", "ocds-1"));
        assert!(!a.contains("user"));
    }
}
