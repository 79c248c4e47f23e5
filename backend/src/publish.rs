//! What the public may see of feedback, and nothing more: the open-data projection of items
//! (no account ids, no emails, pseudonyms for anonymous complainants), with the agency's
//! published answer beside each. Pages, bulk downloads and feeds all read it from here.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::schema::{feedback_items, page_versions, users};
use crate::db::DbConnection;
use crate::feedback::Item;
use crate::publication::Publication;

/// What a public page shows, for knowing when it must be rendered again: each topic has a
/// counter in `page_versions`, bumped by triggers when feedback, agencies or names change and
/// by the import for the processes it writes ([`processes_changed`]).
pub mod topic {
    /// Anything on every page (a person's name in histories).
    pub const SITE: &str = "site";
    /// The catalogue of processes (search, counts).
    pub const PROCESSES: &str = "processes";
    /// The list of feedback (latest answers, counts), kept in 16 rows.
    pub const FEEDBACK: &str = "feedback";
    /// The list of agencies.
    pub const AGENCIES: &str = "agencies";
    /// The risk indicators' results (bumped by their job when they change).
    pub const INDICATORS: &str = "indicators";

    pub fn process(ocid: &str) -> String {
        format!("process:{ocid}")
    }
    pub fn agency(id: &str) -> String {
        format!("agency:{id}")
    }
    pub fn item(id: &str) -> String {
        format!("item:{id}")
    }
}

/// The version of a page showing `topics`: the sum of their counters, which grows whenever
/// any of them changes, on every server sharing the database. One read of a few index rows.
pub fn version(conn: &mut DbConnection, topics: &[String]) -> QueryResult<i64> {
    let counters: Vec<i64> = page_versions::table
        .filter(page_versions::topic.eq_any(topics))
        .select(page_versions::version)
        .load(conn)?;
    Ok(counters.iter().sum())
}

/// Marks the processes an import batch wrote, and the catalogue, as changed (a trigger per
/// process row would slow the import; one statement per batch does not). Call it last in
/// the batch's transaction, so the rows stay locked only until it commits.
pub fn processes_changed(conn: &mut DbConnection, ocids: &[&str]) -> QueryResult<()> {
    let mut topics: Vec<String> = ocids.iter().map(|o| topic::process(o)).collect();
    topics.sort_unstable();
    topics.dedup();
    topics.push(topic::PROCESSES.to_owned());
    topics_changed(conn, &topics)
}

/// Marks pages showing any of `topics` as changed.
pub fn topics_changed(conn: &mut DbConnection, topics: &[String]) -> QueryResult<()> {
    for chunk in topics.chunks(1000) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|t| {
                (
                    page_versions::topic.eq(t),
                    page_versions::shard.eq(""),
                    page_versions::version.eq(1i64),
                )
            })
            .collect();
        let bump = page_versions::version.eq(page_versions::version + 1);
        match conn {
            DbConnection::Sqlite(c) => diesel::insert_into(page_versions::table)
                .values(&rows)
                .on_conflict((page_versions::topic, page_versions::shard))
                .do_update()
                .set(bump)
                .execute(c)?,
            DbConnection::Postgresql(c) => diesel::insert_into(page_versions::table)
                .values(&rows)
                .on_conflict((page_versions::topic, page_versions::shard))
                .do_update()
                .set(bump)
                .execute(c)?,
        };
    }
    Ok(())
}

/// How many feedback items each of `agencies` received (those with none are absent).
pub fn received_by(
    conn: &mut DbConnection,
    agencies: &[String],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    let counts: Vec<(Option<String>, i64)> = feedback_items::table
        .filter(feedback_items::agency_id.eq_any(agencies))
        .group_by(feedback_items::agency_id)
        .select((feedback_items::agency_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts
        .into_iter()
        .filter_map(|(agency, n)| Some((agency?, n)))
        .collect())
}

/// How much feedback each of these processes received (one grouped read, for a page of
/// search results).
pub fn received_on(
    conn: &mut DbConnection,
    ocids: &[String],
) -> QueryResult<std::collections::HashMap<String, i64>> {
    let counts: Vec<(String, i64)> = feedback_items::table
        .filter(feedback_items::ocid.eq_any(ocids))
        .group_by(feedback_items::ocid)
        .select((feedback_items::ocid, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(counts.into_iter().collect())
}

/// One item as published.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicItem {
    pub id: String,
    pub ocid: String,
    pub kind: String,
    pub category: String,
    pub stage: Option<String>,
    pub subject_id: Option<String>,
    pub description: String,
    pub rating: Option<i32>,
    /// The author's name, or their pseudonym when anonymous.
    pub author: String,
    /// Whether `author` is a pseudonym (names that look like one are refused at sign-up).
    pub anonymous: bool,
    pub state: String,
    pub outcome: Option<String>,
    pub agency_id: Option<String>,
    pub oversight_id: Option<String>,
    pub routing_rule: Option<String>,
    pub due_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The agency's latest published answer, and when it was given.
    pub answer: Option<String>,
    pub answered_at: Option<NaiveDateTime>,
    /// Whether the agency let a deadline pass on this item.
    pub deadline_missed: bool,
    /// Turned away with an outcome whose text the policy withholds: listed, text empty.
    pub withheld: bool,
}

/// Filters of the open-data listing. Empty fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub ocid: Option<String>,
    pub agency: Option<String>,
    pub state: Option<String>,
    pub kind: Option<String>,
    pub category: Option<String>,
    /// Only items changed at or after this time.
    pub since: Option<NaiveDateTime>,
    /// Only items filed in this window.
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
    /// Only items in one of these states.
    pub states: Option<Vec<String>>,
}

type Backend = <DbConnection as diesel::Connection>::Backend;

/// The items the policy makes public: kinds public at once, items a moderator accepted (they
/// went to an agency), and items closed with a withheld outcome (listed without their text).
fn visible(policy: &Publication) -> feedback_items::BoxedQuery<'static, Backend> {
    feedback_items::table.into_boxed::<Backend>().filter(
        feedback_items::kind
            .eq_any(policy.at_once_kinds())
            .or(feedback_items::routed_at.is_not_null())
            .or(feedback_items::outcome.eq_any(policy.withheld_outcomes.clone())),
    )
}

fn filtered(f: &Filter, policy: &Publication) -> feedback_items::BoxedQuery<'static, Backend> {
    let mut q = visible(policy);
    if let Some(v) = &f.ocid {
        q = q.filter(feedback_items::ocid.eq(v.clone()));
    }
    if let Some(v) = &f.agency {
        q = q.filter(feedback_items::agency_id.eq(v.clone()));
    }
    if let Some(v) = &f.state {
        q = q.filter(feedback_items::state.eq(v.clone()));
    }
    if let Some(v) = &f.kind {
        q = q.filter(feedback_items::kind.eq(v.clone()));
    }
    if let Some(v) = &f.category {
        q = q.filter(feedback_items::category.eq(v.clone()));
    }
    if let Some(v) = f.since {
        q = q.filter(feedback_items::updated_at.ge(v));
    }
    if let Some(v) = f.created_from {
        q = q.filter(feedback_items::created_at.ge(v));
    }
    if let Some(v) = f.created_to {
        q = q.filter(feedback_items::created_at.le(v));
    }
    if let Some(v) = &f.states {
        q = q.filter(feedback_items::state.eq_any(v.clone()));
    }
    q
}

/// Turns stored items into their public form (one query for the whole page: the names).
fn publish(
    conn: &mut DbConnection,
    items: Vec<Item>,
    policy: &Publication,
) -> QueryResult<Vec<PublicItem>> {
    let named: Vec<&str> = items
        .iter()
        .filter(|i| !i.anonymous)
        .map(|i| i.author_id.as_str())
        .collect();
    let names: Vec<(String, String)> = users::table
        .filter(users::id.eq_any(&named))
        .select((users::id, users::name))
        .load(conn)?;
    Ok(items
        .into_iter()
        .map(|i| {
            let author = if i.anonymous {
                i.pseudonym.clone()
            } else {
                names
                    .iter()
                    .find(|(id, _)| id == &i.author_id)
                    .map(|(_, name)| name.clone())
                    .unwrap_or_else(|| i.pseudonym.clone())
            };
            let withheld = policy.withholds(i.outcome.as_deref());
            PublicItem {
                author,
                withheld,
                anonymous: i.anonymous,
                answer: i.answer,
                answered_at: i.answered_at,
                deadline_missed: i.deadline_missed,
                id: i.id,
                ocid: i.ocid,
                kind: i.kind,
                category: i.category,
                stage: i.stage,
                subject_id: i.subject_id,
                description: if withheld {
                    String::new()
                } else {
                    i.description
                },
                rating: i.rating,
                state: i.state,
                outcome: i.outcome,
                agency_id: i.agency_id,
                oversight_id: i.oversight_id,
                routing_rule: i.routing_rule,
                due_at: i.due_at,
                created_at: i.created_at,
                updated_at: i.updated_at,
            }
        })
        .collect())
}

/// One published item.
pub fn one(
    conn: &mut DbConnection,
    id: &str,
    policy: &Publication,
) -> QueryResult<Option<PublicItem>> {
    let items: Vec<Item> = visible(policy)
        .filter(feedback_items::id.eq(id.to_owned()))
        .select(Item::as_select())
        .load(conn)?;
    Ok(publish(conn, items, policy)?.into_iter().next())
}

/// An item in its published shape for the people handling it (its complainant, moderators,
/// the agency, the oversight body): nothing of the policy applies, since they read it all.
/// Callers check that the reader handles the item.
pub fn one_for_parties(conn: &mut DbConnection, item: Item) -> QueryResult<PublicItem> {
    let everything = Publication::default();
    let mut out = publish(conn, vec![item], &everything)?;
    out.pop().ok_or(diesel::result::Error::NotFound)
}

/// A page of published items, newest first, with the total counted up to
/// [`crate::ocds::search::COUNT_CAP`] (more reads as that many; callers say "more than").
pub fn list(
    conn: &mut DbConnection,
    filter: &Filter,
    policy: &Publication,
    page: i64,
    per_page: i64,
) -> QueryResult<(i64, Vec<PublicItem>)> {
    // Counted up to the cap, as process listings are: never a full count per page. In the
    // listing's order, so the (created_at) index gives the newest first and the count stops
    // at the cap: unordered, PostgreSQL scanned the table from its oldest rows (416 ms for the
    // last 90 days of a million items, 7 ms in order).
    // A constant per row: the ids themselves would be copied only to be counted.
    let counted: Vec<i32> = filtered(filter, policy)
        .order((feedback_items::created_at.desc(), feedback_items::id.desc()))
        .select(diesel::dsl::sql::<diesel::sql_types::Integer>("1"))
        .limit(crate::ocds::search::COUNT_CAP + 1)
        .load(conn)?;
    let total = (counted.len() as i64).min(crate::ocds::search::COUNT_CAP);
    let items: Vec<Item> = filtered(filter, policy)
        .order((feedback_items::created_at.desc(), feedback_items::id.desc()))
        .limit(per_page)
        .offset((page.max(1) - 1).saturating_mul(per_page))
        .select(Item::as_select())
        .load(conn)?;
    Ok((total, publish(conn, items, policy)?))
}

/// Every published item in creation order, a page at a time, for bulk downloads: memory holds
/// one page whatever the table size. `after` is the last `(created_at, id)` seen.
pub fn chunk(
    conn: &mut DbConnection,
    filter: &Filter,
    policy: &Publication,
    after: Option<&(NaiveDateTime, String)>,
    size: i64,
) -> QueryResult<Vec<PublicItem>> {
    let mut q = filtered(filter, policy);
    if let Some((at, id)) = after {
        // A row comparison, which both databases answer from the (created_at, id) index by
        // seeking to the key (the equivalent OR of two conditions made them scan from the
        // start on each chunk: quadratic in the table).
        q = q.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>(
                "(feedback_items.created_at, feedback_items.id) > (",
            )
            .bind::<diesel::sql_types::Timestamp, _>(*at)
            .sql(", ")
            .bind::<diesel::sql_types::Text, _>(id.clone())
            .sql(")"),
        );
    }
    let items: Vec<Item> = q
        .order((feedback_items::created_at, feedback_items::id))
        .limit(size)
        .select(Item::as_select())
        .load(conn)?;
    publish(conn, items, policy)
}

/// The latest answers, newest first (for feeds), optionally of one agency.
pub fn latest_answers(
    conn: &mut DbConnection,
    agency: Option<&str>,
    policy: &Publication,
    limit: i64,
) -> QueryResult<Vec<PublicItem>> {
    let mut q = visible(policy).filter(feedback_items::answered_at.is_not_null());
    if let Some(agency) = agency {
        q = q.filter(feedback_items::agency_id.eq(agency.to_owned()));
    }
    let items: Vec<Item> = q
        .order((
            feedback_items::answered_at.desc(),
            feedback_items::id.desc(),
        ))
        .limit(limit)
        .select(Item::as_select())
        .load(conn)?;
    publish(conn, items, policy)
}

/// Columns of the CSV download, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "id",
    "ocid",
    "kind",
    "category",
    "stage",
    "subject_id",
    "description",
    "rating",
    "author",
    "anonymous",
    "state",
    "outcome",
    "agency_id",
    "oversight_id",
    "routing_rule",
    "due_at",
    "created_at",
    "updated_at",
    "answer",
    "answered_at",
    "deadline_missed",
];

impl PublicItem {
    /// The row of the CSV download (fields as in [`CSV_COLUMNS`]), every cell safe to open in
    /// a spreadsheet.
    pub fn csv_row(&self) -> Vec<String> {
        self.raw_csv_row()
            .into_iter()
            .map(spreadsheet_safe)
            .collect()
    }

    fn raw_csv_row(&self) -> Vec<String> {
        let time = |t: &Option<NaiveDateTime>| {
            t.map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
                .unwrap_or_default()
        };
        let text = |t: &Option<String>| t.clone().unwrap_or_default();
        vec![
            self.id.clone(),
            self.ocid.clone(),
            self.kind.clone(),
            self.category.clone(),
            text(&self.stage),
            text(&self.subject_id),
            self.description.clone(),
            self.rating.map(|r| r.to_string()).unwrap_or_default(),
            self.author.clone(),
            self.anonymous.to_string(),
            self.state.clone(),
            text(&self.outcome),
            text(&self.agency_id),
            text(&self.oversight_id),
            text(&self.routing_rule),
            time(&self.due_at),
            time(&Some(self.created_at)),
            time(&Some(self.updated_at)),
            text(&self.answer),
            time(&self.answered_at),
            self.deadline_missed.to_string(),
        ]
    }
}

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or carriage return
/// first) gets a leading apostrophe, as OWASP's guidance on CSV injection says.
pub fn spreadsheet_safe(cell: String) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell
    }
}

/// How an agency (or everyone) answers: the figures of the scorecard and the home page.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Scorecard {
    /// Items routed to it (currently assigned).
    pub received: i64,
    pub answered: i64,
    pub answered_on_time: i64,
    /// Median days from routing to the first answer.
    pub median_days_to_answer: Option<f64>,
    pub overdue_now: i64,
    pub satisfied: i64,
    pub unsatisfied: i64,
}

impl Scorecard {
    /// Share of rated answers the complainant was satisfied with, in percent.
    pub fn satisfaction(&self) -> Option<i64> {
        let rated = self.satisfied + self.unsatisfied;
        (rated > 0).then(|| (self.satisfied * 100 + rated / 2) / rated)
    }
}

/// The facts of one routed item that its agency's figures count.
type Facts = (
    Option<String>,
    Option<NaiveDateTime>,
    String,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    bool,
    Option<bool>,
);

/// Figures being added up, item by item.
#[derive(Default)]
struct Tally {
    card: Scorecard,
    days: Vec<f64>,
}

impl Tally {
    fn add(&mut self, fact: &Facts, with_agency: &[String], now: NaiveDateTime) {
        let (_, due, state, routed, answered, missed, satisfied) = fact;
        let card = &mut self.card;
        card.received += 1;
        if crate::feedback::queues::deadline_passed(*due, None, now) && with_agency.contains(state)
        {
            card.overdue_now += 1;
        }
        if let Some(answered) = answered {
            card.answered += 1;
            if !missed {
                card.answered_on_time += 1;
            }
            if let Some(routed) = routed {
                self.days
                    .push((*answered - *routed).num_seconds() as f64 / 86_400.0);
            }
        }
        match satisfied {
            Some(true) => card.satisfied += 1,
            Some(false) => card.unsatisfied += 1,
            None => {}
        }
    }

    fn finish(mut self) -> Scorecard {
        let days = &mut self.days;
        days.sort_by(f64::total_cmp);
        self.card.median_days_to_answer = match days.len() {
            0 => None,
            n if n % 2 == 1 => Some(days[n / 2]),
            n => Some((days[n / 2 - 1] + days[n / 2]) / 2.0),
        };
        self.card
    }
}

/// The facts of the routed items filed by independent complainants (not the agency's own
/// members), of one agency or of all.
fn facts(conn: &mut DbConnection, agency: Option<&str>) -> QueryResult<Vec<Facts>> {
    use crate::db::schema::memberships;
    let own_member = memberships::table
        .filter(memberships::user_id.eq(feedback_items::author_id))
        .filter(
            memberships::organization_id
                .nullable()
                .eq(feedback_items::agency_id),
        );
    let mut items = feedback_items::table
        .filter(feedback_items::agency_id.is_not_null())
        .filter(diesel::dsl::not(diesel::dsl::exists(own_member)))
        .select((
            feedback_items::agency_id,
            feedback_items::due_at,
            feedback_items::state,
            feedback_items::routed_at,
            feedback_items::answered_at,
            feedback_items::deadline_missed,
            feedback_items::satisfied,
        ))
        .into_boxed::<Backend>();
    if let Some(a) = agency {
        items = items.filter(feedback_items::agency_id.eq(a.to_owned()));
    }
    items.load(conn)
}

/// An agency's scorecard (or the overall one) computed now from its items. Pages read the
/// kept figures instead ([`kept_scorecard`]); this is what keeps them.
pub fn scorecard(
    conn: &mut DbConnection,
    agency: Option<&str>,
    workflow: &crate::workflow::Workflow,
    now: NaiveDateTime,
) -> QueryResult<Scorecard> {
    let with_agency = workflow.states_meaning(crate::workflow::definition::Meaning::WithAgency);
    let mut tally = Tally::default();
    for fact in facts(conn, agency)? {
        tally.add(&fact, &with_agency, now);
    }
    Ok(tally.finish())
}

/// Recomputes every agency's scorecard and the overall one in one pass over the items, and
/// keeps them (`scorecards`; the overall one under the empty id). Run by the background loop
/// of `serve` and `worker`; several instances may run it at once (each writes the same rows).
pub fn refresh_scorecards(
    conn: &mut DbConnection,
    workflow: &crate::workflow::Workflow,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::db::schema::scorecards;
    let with_agency = workflow.states_meaning(crate::workflow::definition::Meaning::WithAgency);
    let mut tallies: std::collections::BTreeMap<String, Tally> = Default::default();
    let mut overall = Tally::default();
    for fact in facts(conn, None)? {
        overall.add(&fact, &with_agency, now);
        if let Some(agency) = &fact.0 {
            tallies
                .entry(agency.clone())
                .or_default()
                .add(&fact, &with_agency, now);
        }
    }
    let mut cards: Vec<(String, Scorecard)> = tallies
        .into_iter()
        .map(|(agency, tally)| (agency, tally.finish()))
        .collect();
    cards.push((String::new(), overall.finish()));
    let kept = cards.len();
    crate::db::write(conn, |conn| {
        for (agency, card) in &cards {
            let row = (
                scorecards::agency_id.eq(agency),
                scorecards::received.eq(card.received),
                scorecards::answered.eq(card.answered),
                scorecards::answered_on_time.eq(card.answered_on_time),
                scorecards::median_seconds_to_answer.eq(card
                    .median_days_to_answer
                    .map(|d| (d * 86_400.0).round() as i64)),
                scorecards::overdue_now.eq(card.overdue_now),
                scorecards::satisfied.eq(card.satisfied),
                scorecards::unsatisfied.eq(card.unsatisfied),
                scorecards::computed_at.eq(now),
            );
            let updated = diesel::update(scorecards::table.find(agency))
                .set(row)
                .execute(conn)?;
            if updated == 0 {
                diesel::insert_into(scorecards::table)
                    .values(row)
                    .execute(conn)?;
            }
        }
        // Agencies with nothing routed any more keep no figures: their rows were not rewritten.
        diesel::delete(scorecards::table.filter(scorecards::computed_at.lt(now))).execute(conn)?;
        Ok::<_, diesel::result::Error>(())
    })?;
    Ok(kept)
}

/// [`refresh_scorecards`] unless another instance did it less than `every` ago: the first to
/// move the overall row's time on claims the turn (one statement, so two cannot both win),
/// and the others skip, so the work is done once per period however many instances run.
/// Returns how many scorecards were kept (0 when skipped).
pub fn refresh_scorecards_if_due(
    conn: &mut DbConnection,
    workflow: &crate::workflow::Workflow,
    now: NaiveDateTime,
    every: std::time::Duration,
) -> QueryResult<usize> {
    use crate::db::schema::scorecards;
    let every = chrono::Duration::from_std(every).unwrap_or_else(|_| chrono::Duration::zero());
    let claimed = diesel::update(
        scorecards::table
            .find("")
            .filter(scorecards::computed_at.le(now - every)),
    )
    .set(scorecards::computed_at.eq(now))
    .execute(conn)?;
    let kept_before: i64 = scorecards::table
        .filter(scorecards::agency_id.eq(""))
        .count()
        .get_result(conn)?;
    if claimed == 0 && kept_before > 0 {
        return Ok(0);
    }
    refresh_scorecards(conn, workflow, now)
}

/// The scorecard a page shows: the kept figures (one row), else, before the background loop
/// first kept them (a new deployment, the tests), computed now.
pub fn kept_scorecard(
    conn: &mut DbConnection,
    agency: Option<&str>,
    workflow: &crate::workflow::Workflow,
    now: NaiveDateTime,
) -> QueryResult<Scorecard> {
    use crate::db::schema::scorecards;
    type Row = (i64, i64, i64, Option<i64>, i64, i64, i64);
    let row: Option<Row> = scorecards::table
        .find(agency.unwrap_or_default())
        .select((
            scorecards::received,
            scorecards::answered,
            scorecards::answered_on_time,
            scorecards::median_seconds_to_answer,
            scorecards::overdue_now,
            scorecards::satisfied,
            scorecards::unsatisfied,
        ))
        .first(conn)
        .optional()?;
    match row {
        Some((received, answered, on_time, median, overdue, satisfied, unsatisfied)) => {
            Ok(Scorecard {
                received,
                answered,
                answered_on_time: on_time,
                median_days_to_answer: median.map(|s| s as f64 / 86_400.0),
                overdue_now: overdue,
                satisfied,
                unsatisfied,
            })
        }
        None => scorecard(conn, agency, workflow, now),
    }
}

/// Who took a step of an item's history, as anyone may see it: the complainant by the name or
/// pseudonym the public sees, the system, or a role in an organization (never an account).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicActor {
    pub role: String,
    pub organization: Option<String>,
    /// The complainant's public name or pseudonym.
    pub name: Option<String>,
}

impl std::fmt::Display for PublicActor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.name, self.role.as_str(), &self.organization) {
            (Some(name), _, _) => f.write_str(name),
            (None, "system", _) => f.write_str("Veedor"),
            (None, role, Some(org)) => write!(f, "{role} ({org})"),
            (None, role, None) => f.write_str(role),
        }
    }
}

/// The actor of `event`, the complainant shown as `author` (their public name or pseudonym).
pub fn actor_of(event: &crate::feedback::Event, author: &str) -> PublicActor {
    PublicActor {
        name: (event.role == "complainant").then(|| author.to_owned()),
        role: event.role.clone(),
        organization: event.organization_id.clone(),
    }
}

/// One step of an item's public history.
#[derive(Debug, Clone, Serialize)]
pub struct PublicEvent {
    pub created_at: NaiveDateTime,
    pub to_state: String,
    pub actor: PublicActor,
    /// Only where the workflow publishes the transition's comment.
    pub comment: Option<String>,
}

/// An oversight body's finding on an item: the accountability result, published with the
/// body's name.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PublicFinding {
    pub violation_confirmed: bool,
    pub action_taken: Option<String>,
    /// The oversight body that recorded it.
    pub body: Option<String>,
    pub at: NaiveDateTime,
}

/// The latest finding recorded on an item (by the transition whose effect is `finding`).
pub fn finding(
    conn: &mut DbConnection,
    workflow: &crate::workflow::Workflow,
    item_id: &str,
) -> QueryResult<Option<PublicFinding>> {
    use crate::workflow::definition::Effect;
    let findings: Vec<String> = workflow
        .with_effect(Effect::Finding)
        .map(|t| t.id.clone())
        .collect();
    Ok(crate::feedback::events_of(conn, item_id)?
        .into_iter()
        .rev()
        .find(|e| findings.contains(&e.transition))
        .map(|e| {
            let details: serde_json::Value = serde_json::from_str(&e.details).unwrap_or_default();
            PublicFinding {
                violation_confirmed: details["violation_confirmed"].as_bool().unwrap_or(false),
                action_taken: details["action_taken"]
                    .as_str()
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned),
                body: e.organization_id,
                at: e.created_at,
            }
        }))
}

/// The public history of a published item: every step, and the comments whose audience the
/// workflow declares public (a reply to a moderator may carry personal details: it stays out).
pub fn history(
    conn: &mut DbConnection,
    workflow: &crate::workflow::Workflow,
    item: &PublicItem,
) -> QueryResult<Vec<PublicEvent>> {
    use crate::workflow::definition::Audience;
    Ok(crate::feedback::events_of(conn, &item.id)?
        .into_iter()
        .map(|e| PublicEvent {
            actor: actor_of(&e, &item.author),
            created_at: e.created_at,
            comment: e
                .comment
                .filter(|_| workflow.audience(&e.transition) == Audience::Public),
            to_state: e.to_state,
        })
        .collect())
}
