//! Work queues, one definition for the API and the work pages: which queues a person works,
//! who may read each, what is in it and in which order, and when an item counts as overdue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::Item;
use crate::accounts::{CurrentUser, Role};
use crate::db::schema::feedback_items;
use crate::db::DbConnection;
use crate::workflow::Workflow;

type Backend = <DbConnection as diesel::Connection>::Backend;

/// A queue of feedback items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Queue {
    /// What a person filed.
    Mine(String),
    /// Items waiting for a moderator.
    Triage,
    /// Items an agency (or an oversight body receiving items directly) must act on.
    Agency(String),
    /// Items escalated to an oversight body.
    Oversight(String),
}

/// What a person narrows a queue to on their work page.
#[derive(Debug, Clone, Default)]
pub struct Narrowing {
    pub category: Option<String>,
    pub state: Option<String>,
    /// Only items whose deadline has passed at this time.
    pub overdue_at: Option<NaiveDateTime>,
}

/// How a queue is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Oldest first (first come, first served).
    Age,
    /// Nearest deadline first; items without one (paused clocks) last.
    Deadline,
    /// Items whose process the most risk indicators flag first, then the oldest.
    Risk,
}

impl Queue {
    /// The role whose transitions fill this queue.
    fn role(&self) -> Option<&'static str> {
        match self {
            Queue::Mine(_) => None,
            Queue::Triage => Some("moderator"),
            Queue::Agency(_) => Some("officer"),
            Queue::Oversight(_) => Some("oversight"),
        }
    }

    /// The order a queue is worked in when nobody asks for another.
    pub fn natural_order(&self) -> Order {
        match self {
            Queue::Mine(_) | Queue::Triage => Order::Age,
            Queue::Agency(_) | Queue::Oversight(_) => Order::Deadline,
        }
    }

    /// Whether `user` may read this queue: those who work it, and admins.
    pub fn readable_by(&self, user: &CurrentUser) -> bool {
        user.is_admin()
            || match self {
                Queue::Mine(id) => *id == user.id,
                Queue::Triage => user.holds(Role::Moderator, None),
                Queue::Agency(id) => {
                    user.holds(Role::Officer, Some(id)) || user.holds(Role::Oversight, Some(id))
                }
                Queue::Oversight(id) => user.holds(Role::Oversight, Some(id)),
            }
    }

    /// The queues a person works, in the order the work page shows them: their own feedback,
    /// triage for moderators, each agency's inbox for its officers, each body's escalations
    /// (and inbox, for items routed straight to it) for oversight members.
    pub fn worked_by(user: &CurrentUser) -> Vec<Queue> {
        let mut out = vec![Queue::Mine(user.id.clone())];
        if user.holds(Role::Moderator, None) {
            out.push(Queue::Triage);
        }
        for m in &user.memberships {
            match m.role.as_str() {
                "officer" => out.push(Queue::Agency(m.organization_id.clone())),
                "oversight" => {
                    out.push(Queue::Oversight(m.organization_id.clone()));
                    out.push(Queue::Agency(m.organization_id.clone()));
                }
                _ => {}
            }
        }
        out
    }

    fn filtered(&self, workflow: &Workflow) -> feedback_items::BoxedQuery<'static, Backend> {
        let mut q = feedback_items::table.into_boxed::<Backend>();
        if let Some(role) = self.role() {
            q = q.filter(feedback_items::state.eq_any(workflow.states_for_role(role)));
        }
        match self {
            Queue::Mine(id) => q.filter(feedback_items::author_id.eq(id.clone())),
            Queue::Triage => q,
            Queue::Agency(id) => q.filter(feedback_items::agency_id.eq(id.clone())),
            Queue::Oversight(id) => q.filter(feedback_items::oversight_id.eq(id.clone())),
        }
    }

    fn narrowed(
        &self,
        workflow: &Workflow,
        narrowing: &Narrowing,
    ) -> feedback_items::BoxedQuery<'static, Backend> {
        let mut q = self.filtered(workflow);
        if let Some(category) = &narrowing.category {
            q = q.filter(feedback_items::category.eq(category.clone()));
        }
        if let Some(state) = &narrowing.state {
            q = q.filter(feedback_items::state.eq(state.clone()));
        }
        if let Some(now) = narrowing.overdue_at {
            q = q.filter(
                feedback_items::due_at
                    .lt(now)
                    .or(feedback_items::overdue_since.is_not_null()),
            );
        }
        q
    }

    /// A page of the queue and how many items it holds in all.
    pub fn page(
        &self,
        conn: &mut DbConnection,
        workflow: &Workflow,
        order: Order,
        page: i64,
        per_page: i64,
    ) -> QueryResult<(i64, Vec<Item>)> {
        self.page_narrowed(conn, workflow, &Narrowing::default(), order, page, per_page)
    }

    /// A page of the queue narrowed as a person asked, and how many items that holds.
    pub fn page_narrowed(
        &self,
        conn: &mut DbConnection,
        workflow: &Workflow,
        narrowing: &Narrowing,
        order: Order,
        page: i64,
        per_page: i64,
    ) -> QueryResult<(i64, Vec<Item>)> {
        let total: i64 = self
            .narrowed(workflow, narrowing)
            .count()
            .get_result(conn)?;
        let q = self.narrowed(workflow, narrowing);
        let q = match (self, order) {
            // A person's own feedback: the newest first.
            (Queue::Mine(_), _) => {
                q.order((feedback_items::created_at.desc(), feedback_items::id.desc()))
            }
            (_, Order::Age) => q.order((feedback_items::created_at, feedback_items::id)),
            (_, Order::Risk) => q.order((
                // How many indicators flag the item's process (an indexed count per row of
                // one page's worth of candidates; the queue is the open items only).
                diesel::dsl::sql::<diesel::sql_types::BigInt>(
                    "(SELECT COUNT(*) FROM risk_flags WHERE risk_flags.scope = 'OCID' \
                     AND risk_flags.subject = feedback_items.ocid) DESC",
                ),
                feedback_items::created_at.asc(),
                feedback_items::id.asc(),
            )),
            (_, Order::Deadline) => q.order((
                feedback_items::due_at.is_null(),
                feedback_items::due_at,
                feedback_items::created_at,
                feedback_items::id,
            )),
        };
        let items = q
            .select(Item::as_select())
            .limit(per_page)
            .offset((page.max(1) - 1).saturating_mul(per_page))
            .load(conn)?;
        Ok((total, items))
    }
}

/// How many items wait for `user`'s move, counted up to `cap` (a header shows "99+", never a
/// count of millions): the items in the queues they work, and their own items where the
/// workflow waits for the complainant (asked for information, or answered and not yet rated).
pub fn waiting_for(
    conn: &mut DbConnection,
    workflow: &Workflow,
    user: &CurrentUser,
    cap: i64,
) -> QueryResult<i64> {
    use crate::workflow::definition::Meaning;
    let theirs: Vec<String> = workflow
        .states
        .keys()
        .filter(|s| {
            matches!(
                workflow.meaning(s),
                Meaning::AwaitingComplainant | Meaning::Answered
            )
        })
        .cloned()
        .collect();
    let mut total = 0;
    for queue in Queue::worked_by(user) {
        if total >= cap {
            break;
        }
        let q = match &queue {
            Queue::Mine(_) => queue
                .filtered(workflow)
                .filter(feedback_items::state.eq_any(theirs.clone())),
            _ => queue.filtered(workflow),
        };
        let found: Vec<String> = q.select(feedback_items::id).limit(cap - total).load(conn)?;
        total += found.len() as i64;
    }
    Ok(total.min(cap))
}

/// The one definition of "overdue": the deadline of the state the item is in has passed at
/// `now`, or the sweep marked it so. Who owes what is the caller's to add (the scorecard and the
/// public pages count only states where the agency owes an answer).
pub fn deadline_passed(
    due_at: Option<NaiveDateTime>,
    overdue_since: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> bool {
    overdue_since.is_some() || due_at.is_some_and(|d| d < now)
}

/// [`deadline_passed`] for a stored item.
pub fn is_overdue(item: &Item, now: NaiveDateTime) -> bool {
    deadline_passed(item.due_at, item.overdue_since, now)
}
