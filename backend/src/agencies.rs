//! The agency directory: buyers and procuring entities from the OCDS data (kept current by
//! imports), oversight bodies declared in `config/oversight.toml`, and civil-society
//! organizations created by operators.

use chrono::{NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::db::schema::{agencies, civil_society_orgs};
use crate::db::DbConnection;
use crate::ocds::summary::Organization;

/// An oversight body from configuration.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct OversightBody {
    pub id: String,
    pub name: String,
    pub email: String,
    /// "all" to oversee every agency.
    #[serde(default)]
    pub attach: Option<String>,
    /// Identifier-scheme prefixes of the agencies it oversees.
    #[serde(default)]
    pub schemes: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OversightFile {
    #[serde(default)]
    body: Vec<OversightBody>,
}

const DEFAULT_OVERSIGHT: &str = include_str!("../../config/oversight.toml");

/// Reads oversight bodies from `config/oversight.toml` (or the built-in copy), checking them.
pub fn load_oversight(text: &str) -> Result<Vec<OversightBody>, String> {
    let file: OversightFile = toml_from_str(text)?;
    for body in &file.body {
        if body.id.trim().is_empty() {
            return Err("oversight body with an empty `id`".into());
        }
        if body.attach.as_deref().is_some_and(|a| a != "all") {
            return Err(format!(
                "oversight body {}: `attach` can only be \"all\"",
                body.id
            ));
        }
        if body.attach.is_none() && body.schemes.is_empty() {
            return Err(format!(
                "oversight body {}: set `attach = \"all\"` or `schemes`",
                body.id
            ));
        }
    }
    Ok(file.body)
}

fn toml_from_str<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    use figment::providers::{Format, Toml};
    figment::Figment::from(Toml::string(text))
        .extract()
        .map_err(|e| format!("config/oversight.toml: {e}"))
}

/// Loads and checks `oversight.toml` from `config_dir` (or the shipped one): part of the
/// configuration checked at start-up.
pub fn load_oversight_dir(config_dir: &std::path::Path) -> Result<Vec<OversightBody>, String> {
    let path = config_dir.join("oversight.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| DEFAULT_OVERSIGHT.to_owned());
    load_oversight(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The oversight bodies attached to an agency, the most specific first: bodies named for the
/// agency's identifier scheme (the longest prefix first), then those attached to all
/// agencies. Escalation takes the first.
pub fn oversight_among<'a>(bodies: &'a [OversightBody], agency_id: &str) -> Vec<&'a OversightBody> {
    let specificity = |b: &OversightBody| {
        b.schemes
            .iter()
            .filter(|s| agency_id.starts_with(s.as_str()))
            .map(|s| s.len())
            .max()
    };
    let mut found: Vec<(usize, &OversightBody)> = bodies
        .iter()
        .filter_map(|b| match specificity(b) {
            Some(n) => Some((n + 1, b)),
            None if b.attach.as_deref() == Some("all") => Some((0, b)),
            None => None,
        })
        .collect();
    // Stable: among equally specific bodies the file's order decides.
    found.sort_by_key(|(n, _)| std::cmp::Reverse(*n));
    found.into_iter().map(|(_, b)| b).collect()
}

/// An agency as the public sees it.
#[derive(Debug, Clone, Serialize, Queryable, Selectable)]
#[diesel(table_name = agencies)]
pub struct Agency {
    pub id: String,
    pub name: String,
    #[serde(skip)]
    pub data_email: Option<String>,
    #[serde(skip)]
    pub contact_email: Option<String>,
    #[serde(skip)]
    pub address: Option<String>,
    #[serde(skip)]
    pub merged_into: Option<String>,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub updated_at: NaiveDateTime,
}

impl Agency {
    /// Where mail for the agency goes: the admin's correction, else the published address.
    pub fn email(&self) -> Option<&str> {
        self.contact_email.as_deref().or(self.data_email.as_deref())
    }
}

/// Buyers and procuring entities of imported processes become or update agencies. One upsert
/// per agency, on the concrete connection so it is prepared once (imports call this a lot).
pub fn upsert_from_data(
    conn: &mut DbConnection,
    orgs: &[Organization],
    now: NaiveDateTime,
) -> QueryResult<()> {
    use crate::db::coalesce;
    use diesel::sql_types::{Nullable, Text};
    use diesel::upsert::excluded;
    macro_rules! upsert {
        ($c:expr, $org:expr, $address:expr) => {
            diesel::insert_into(agencies::table)
                .values((
                    agencies::id.eq(&$org.id),
                    agencies::name.eq(&$org.name),
                    agencies::name_key.eq(name_key(&$org.name)),
                    agencies::data_email.eq(&$org.email),
                    agencies::contact_email.eq(None::<String>),
                    agencies::address.eq($address),
                    agencies::merged_into.eq(None::<String>),
                    agencies::created_at.eq(now),
                    agencies::updated_at.eq(now),
                ))
                .on_conflict(agencies::id)
                .do_update()
                .set((
                    agencies::name.eq(excluded(agencies::name)),
                    agencies::name_key.eq(excluded(agencies::name_key)),
                    agencies::data_email.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(agencies::data_email),
                        agencies::data_email,
                    )),
                    agencies::address.eq(coalesce::<Nullable<Text>, _, _>(
                        excluded(agencies::address),
                        agencies::address,
                    )),
                    agencies::updated_at.eq(excluded(agencies::updated_at)),
                ))
                .execute($c)
        };
    }
    for org in orgs {
        let address = org.address.as_ref().map(|a| a.to_string());
        match &mut *conn {
            DbConnection::Sqlite(c) => upsert!(c, org, &address)?,
            DbConnection::Postgresql(c) => upsert!(c, org, &address)?,
        };
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<Agency>> {
    agencies::table
        .find(id)
        .select(Agency::as_select())
        .first(conn)
        .optional()
}

/// What a name is found by: lowercased as Unicode says (`Ñemby` and `ñemby` alike).
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// Fills the name keys of agencies stored before they existed (run by `veedor migrate`).
pub fn fill_name_keys(conn: &mut DbConnection) -> QueryResult<usize> {
    let missing: Vec<(String, String)> = agencies::table
        .filter(agencies::name_key.eq(""))
        .filter(agencies::name.ne(""))
        .select((agencies::id, agencies::name))
        .load(conn)?;
    for (id, name) in &missing {
        diesel::update(agencies::table.find(id))
            .set(agencies::name_key.eq(name_key(name)))
            .execute(conn)?;
    }
    Ok(missing.len())
}

/// A page of agencies (merged-away duplicates left out), by name then id.
pub fn list(
    conn: &mut DbConnection,
    q: Option<&str>,
    page: i64,
    per_page: i64,
) -> QueryResult<(i64, Vec<Agency>)> {
    // Any case: the words folded as the stored name keys are.
    let pattern = q.map(|q| {
        format!(
            "%{}%",
            name_key(&q.replace(['%', '_'], "").replace(char::is_control, ""))
        )
    });
    let mut count = agencies::table
        .filter(agencies::merged_into.is_null())
        .into_boxed();
    let mut items = agencies::table
        .filter(agencies::merged_into.is_null())
        .into_boxed();
    if let Some(p) = &pattern {
        count = count.filter(agencies::name_key.like(p.clone()));
        items = items.filter(agencies::name_key.like(p.clone()));
    }
    let total = count.count().get_result(conn)?;
    let items = items
        .order((agencies::name.asc(), agencies::id.asc()))
        .limit(per_page)
        .offset((page.max(1) - 1).saturating_mul(per_page))
        .select(Agency::as_select())
        .load(conn)?;
    Ok((total, items))
}

/// The name of any organization a page mentions: an oversight body, an agency or a
/// civil-society organization.
pub fn organization_name(
    conn: &mut DbConnection,
    bodies: &[OversightBody],
    id: &str,
) -> QueryResult<Option<String>> {
    if let Some(body) = bodies.iter().find(|b| b.id == id) {
        return Ok(Some(body.name.clone()));
    }
    if let Some(agency) = find(conn, id)? {
        return Ok(Some(agency.name));
    }
    cso_name(conn, id)
}

/// The name of a civil-society organization.
pub fn cso_name(conn: &mut DbConnection, id: &str) -> QueryResult<Option<String>> {
    civil_society_orgs::table
        .find(id)
        .select(civil_society_orgs::name)
        .first(conn)
        .optional()
}

pub fn create_cso(conn: &mut DbConnection, id: &str, name: &str) -> Result<(), String> {
    if id.trim().is_empty() || name.trim().is_empty() {
        return Err("a civil-society organization needs an id and a name".into());
    }
    diesel::insert_into(civil_society_orgs::table)
        .values((
            civil_society_orgs::id.eq(id.trim()),
            civil_society_orgs::name.eq(name.trim()),
            civil_society_orgs::created_at.eq(Utc::now().naive_utc()),
        ))
        .execute(conn)
        .map(|_| ())
        .map_err(|e| match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => {
                format!("civil-society organization {id} already exists")
            }
            other => other.to_string(),
        })
}

/// Checks that a role's organization exists: an agency for officers, an oversight body for
/// oversight members, a civil-society organization for moderators.
pub fn check_organization(
    conn: &mut DbConnection,
    bodies: &[OversightBody],
    role: Role,
    org: &str,
) -> Result<(), String> {
    let found = match role {
        Role::Officer => find(conn, org).map_err(|e| e.to_string())?.is_some(),
        Role::Oversight => bodies.iter().any(|b| b.id == org),
        Role::Moderator => {
            civil_society_orgs::table
                .find(org)
                .count()
                .get_result::<i64>(conn)
                .map_err(|e| e.to_string())?
                > 0
        }
        Role::Citizen | Role::Admin => return Ok(()),
    };
    if found {
        Ok(())
    } else {
        Err(format!(
            "no {} organization {org:?} (role {})",
            match role {
                Role::Officer => "agency",
                Role::Oversight => "oversight body",
                _ => "civil-society",
            },
            role.as_str()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escalation_prefers_the_body_of_the_agency_scheme() {
        let bodies = load_oversight(DEFAULT_OVERSIGHT).unwrap_or_default();
        let py = oversight_among(&bodies, "PY-RUC-80000001");
        assert_eq!(
            py.first().map(|b| b.id.as_str()),
            Some("procurement-regulator-py")
        );
        assert_eq!(py.len(), 2, "the general body stays second");
        let ua = oversight_among(&bodies, "UA-EDR-123");
        assert_eq!(ua.first().map(|b| b.id.as_str()), Some("audit-office"));
    }

    #[test]
    fn a_later_release_without_email_or_address_keeps_the_known_ones() {
        let url = crate::db::DatabaseUrl::parse("sqlite::memory:").expect("url");
        let mut conn = url.connect().expect("connect");
        crate::db::migrate(&mut conn).expect("migrate");
        let now = Utc::now().naive_utc();
        let first = Organization {
            id: "PY-RUC-1".into(),
            scheme: Some("PY-RUC".into()),
            identifier: Some("1".into()),
            name: "Municipalidad de Ñemby".into(),
            email: Some("compras@nemby.gov.py".into()),
            address: Some(serde_json::json!({"locality": "Ñemby"})),
        };
        let later = Organization {
            name: "Municipalidad de Ñemby (Central)".into(),
            email: None,
            address: None,
            ..first.clone()
        };
        upsert_from_data(&mut conn, std::slice::from_ref(&first), now).expect("first");
        // Twice: the second run goes through the prepared statement kept from the first.
        for _ in 0..2 {
            upsert_from_data(&mut conn, std::slice::from_ref(&later), now).expect("later");
        }
        let agency = find(&mut conn, "PY-RUC-1").expect("read").expect("stored");
        assert_eq!(agency.name, "Municipalidad de Ñemby (Central)");
        assert_eq!(agency.data_email.as_deref(), Some("compras@nemby.gov.py"));
        assert!(agency.address.is_some_and(|a| a.contains("Ñemby")));
        let key: String = agencies::table
            .find("PY-RUC-1")
            .select(agencies::name_key)
            .first(&mut conn)
            .expect("name key");
        assert_eq!(key, "municipalidad de ñemby (central)");
    }

    #[test]
    fn shipped_oversight_bodies_load_and_attach() {
        let bodies = load_oversight(DEFAULT_OVERSIGHT).unwrap_or_default();
        assert_eq!(bodies.len(), 2);
        assert!(
            load_oversight("[[body]]\nid = \"x\"\nname = \"X\"\nemail = \"x@y.org\"\n").is_err()
        );
        assert!(load_oversight("[[body]]\nid = \"x\"\nname = \"X\"\nemail = \"x@y.org\"\nattach = \"all\"\ncolour = 1\n").is_err());
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DirectoryError {
    #[error("no agency {0:?}")]
    NoSuchAgency(String),
    #[error("`{field}` {reason}")]
    Invalid { field: &'static str, reason: String },
    #[error(transparent)]
    Account(#[from] crate::accounts::AccountError),
    #[error(transparent)]
    Mail(#[from] crate::notify::outbox::OutboxError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

fn existing(conn: &mut DbConnection, id: &str) -> Result<Agency, DirectoryError> {
    find(conn, id)?.ok_or_else(|| DirectoryError::NoSuchAgency(id.to_owned()))
}

/// An admin's correction of where an agency's mail goes (`None` returns to the data's address).
pub fn set_contact_email(
    conn: &mut DbConnection,
    id: &str,
    email: Option<&str>,
) -> Result<Agency, DirectoryError> {
    let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) => {
            Some(
                crate::accounts::normalize_email(e).map_err(|_| DirectoryError::Invalid {
                    field: "contact_email",
                    reason: "is not an email address".into(),
                })?,
            )
        }
        None => None,
    };
    crate::db::write(conn, |conn| {
        existing(conn, id)?;
        diesel::update(agencies::table.find(id))
            .set((
                agencies::contact_email.eq(&email),
                agencies::updated_at.eq(Utc::now().naive_utc()),
            ))
            .execute(conn)?;
        existing(conn, id)
    })
}

/// Merges a duplicate into the agency kept: the duplicate points at it, its officers move.
/// Merges `duplicate` into `kept`: its officers and its open feedback (the items in
/// `open_states`, with their deadlines) move to the kept agency, so no item is stranded where no
/// officer can act on it. Closed items stay where they were answered: that is their history.
pub fn merge(
    conn: &mut DbConnection,
    duplicate: &str,
    kept: &str,
    open_states: &[String],
) -> Result<Agency, DirectoryError> {
    use crate::db::schema::{feedback_items, memberships};
    if duplicate == kept {
        return Err(DirectoryError::Invalid {
            field: "into",
            reason: "must be another agency".into(),
        });
    }
    crate::db::write(conn, |conn| {
        existing(conn, duplicate)?;
        let target = existing(conn, kept)?;
        if target.merged_into.is_some() {
            return Err(DirectoryError::Invalid {
                field: "into",
                reason: "was itself merged away".into(),
            });
        }
        diesel::update(agencies::table.find(duplicate))
            .set(agencies::merged_into.eq(kept))
            .execute(conn)?;
        // Anything merged into the duplicate now points at the kept agency too.
        diesel::update(agencies::table.filter(agencies::merged_into.eq(duplicate)))
            .set(agencies::merged_into.eq(kept))
            .execute(conn)?;
        let officers: Vec<String> = memberships::table
            .filter(memberships::role.eq("officer"))
            .filter(memberships::organization_id.eq(duplicate))
            .select(memberships::user_id)
            .load(conn)?;
        for user in officers {
            crate::accounts::add_membership(conn, &user, Role::Officer, kept)?;
            crate::accounts::remove_membership(conn, &user, Role::Officer, duplicate)?;
        }
        diesel::update(
            feedback_items::table
                .filter(feedback_items::agency_id.eq(duplicate))
                .filter(feedback_items::state.eq_any(open_states)),
        )
        .set(feedback_items::agency_id.eq(kept))
        .execute(conn)?;
        Ok(target)
    })
}

/// Mails an invitation to become an officer of an agency.
pub fn invite_officer(
    conn: &mut DbConnection,
    settings: &crate::accounts::AccountSettings,
    agency_id: &str,
    email: &str,
) -> Result<(), DirectoryError> {
    let email = crate::accounts::normalize_email(email)?;
    crate::db::write(conn, |conn| {
        let agency = existing(conn, agency_id)?;
        crate::accounts::invite(conn, settings, &agency.id, &agency.name, &email)?;
        Ok(())
    })
}
