//! What Veedor indexes from a compiled release: the fields pages, search and routing need.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::Value;

use super::tree::{Node, Object};

/// How far a contracting process has got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    Planning,
    Tender,
    Award,
    Contract,
    Implementation,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Planning => "planning",
            Stage::Tender => "tender",
            Stage::Award => "award",
            Stage::Contract => "contract",
            Stage::Implementation => "implementation",
        }
    }
}

/// An organization named in the data, keyed by its identifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// `SCHEME-ID` when the publisher gives an identifier, else a key derived from the name.
    pub id: String,
    pub scheme: Option<String>,
    pub identifier: Option<String>,
    pub name: String,
    pub email: Option<String>,
    pub address: Option<Value>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ProcessSummary {
    pub title: Option<String>,
    pub description: Option<String>,
    pub buyer: Option<Organization>,
    pub procuring_entity: Option<Organization>,
    pub procurement_method: Option<String>,
    pub main_procurement_category: Option<String>,
    pub is_public_works: bool,
    pub status: Option<String>,
    pub stage: Stage,
    pub value_amount: Option<f64>,
    pub currency: Option<String>,
    pub tender_start: Option<NaiveDateTime>,
    pub tender_end: Option<NaiveDateTime>,
    pub award_date: Option<NaiveDateTime>,
    pub contract_date: Option<NaiveDateTime>,
    pub last_release_date: Option<NaiveDateTime>,
    pub classifications: Vec<String>,
    /// Every organization with the roles it plays in this process.
    pub parties: Vec<(Organization, Vec<String>)>,
}

impl ProcessSummary {
    /// Names of all parties, for full-text search.
    pub fn party_names(&self) -> String {
        let names: BTreeSet<&str> = self.parties.iter().map(|(o, _)| o.name.as_str()).collect();
        names.into_iter().collect::<Vec<_>>().join(" | ")
    }
}

fn text(v: Option<&Node>) -> Option<String> {
    match v? {
        Node::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Node::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn at<'n, 'a>(v: &'n Node<'a>, path: &[&str]) -> Option<&'n Node<'a>> {
    v.at(path)
}

fn array<'n, 'a>(v: &'n Node<'a>, path: &[&str]) -> &'n [Node<'a>] {
    at(v, path).and_then(Node::as_array).unwrap_or(&[])
}

fn amount(v: Option<&Node>) -> Option<f64> {
    match v? {
        Node::Number(n) => n.as_f64(),
        Node::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// OCDS dates are ISO 8601 with a zone; some publishers send a bare date. Stored as UTC, to
/// the microsecond on both backends (PostgreSQL's precision), so that a day's last instant
/// (`words::end_of_day`) is after every time of that day stored.
pub fn parse_date(text: &str) -> Option<NaiveDateTime> {
    use chrono::Timelike;
    let to_micros = |dt: NaiveDateTime| {
        dt.with_nanosecond(dt.nanosecond() / 1000 * 1000)
            .unwrap_or(dt)
    };
    let s = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Some(to_micros(dt.naive_utc()));
    }
    if let Ok(dt) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f") {
        return Some(to_micros(dt));
    }
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
}

fn date(v: Option<&Node>) -> Option<NaiveDateTime> {
    v?.as_str().and_then(parse_date)
}

/// The stable key of a name-only organization: normalized name, hashed.
fn name_key(name: &str) -> String {
    let normalized = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    let hash = blake3::hash(normalized.as_bytes()).to_hex();
    format!("name-{}", &hash[..16])
}

/// The id Veedor keys a party by (`SCHEME-ID`, the id, or a key from its name).
pub fn organization_id(party: &Node) -> Option<String> {
    naming(party).map(|(id, ..)| id)
}

/// An organization's key, scheme, identifier and name.
type Naming = (String, Option<String>, Option<String>, Option<String>);

fn naming(obj: &Node) -> Option<Naming> {
    let scheme = text(at(obj, &["identifier", "scheme"]));
    let identifier = text(at(obj, &["identifier", "id"]));
    let name = text(obj.get("name")).or_else(|| text(at(obj, &["identifier", "legalName"])));
    let id = match (&scheme, &identifier, &name) {
        (Some(s), Some(i), _) => format!("{s}-{i}"),
        (None, Some(i), _) => i.clone(),
        (_, None, Some(n)) => name_key(n),
        (_, None, None) => return None,
    };
    Some((id, scheme, identifier, name))
}

fn organization(obj: &Node) -> Option<Organization> {
    let (id, scheme, identifier, name) = naming(obj)?;
    Some(Organization {
        name: name.unwrap_or_else(|| id.clone()),
        id,
        scheme,
        identifier,
        email: text(at(obj, &["contactPoint", "email"])),
        address: obj
            .get("address")
            .filter(|a| a.is_object())
            .map(Node::to_value),
    })
}

/// Collects organizations and their roles, resolving references to `parties` by `id`.
struct Parties<'a> {
    by_party_id: BTreeMap<String, &'a Node<'a>>,
    found: BTreeMap<String, (Organization, BTreeSet<String>)>,
}

impl<'a> Parties<'a> {
    fn new(compiled: &'a Node<'a>) -> Parties<'a> {
        let mut parties = Parties {
            by_party_id: BTreeMap::new(),
            found: BTreeMap::new(),
        };
        for party in array(compiled, &["parties"]) {
            if let Some(id) = text(party.get("id")) {
                parties.by_party_id.insert(id, party);
            }
            let roles = array(party, &["roles"])
                .iter()
                .filter_map(|r| text(Some(r)));
            if let Some(org) = organization(party) {
                let roles: Vec<String> = roles.collect();
                parties.add(org, roles);
            }
        }
        parties
    }

    fn add(&mut self, org: Organization, roles: impl IntoIterator<Item = String>) -> Organization {
        let entry = self
            .found
            .entry(org.id.clone())
            .or_insert_with(|| (org.clone(), BTreeSet::new()));
        // A fuller description (with email or address) wins over a bare reference.
        if entry.0.email.is_none() && org.email.is_some() {
            entry.0.email = org.email.clone();
        }
        if entry.0.address.is_none() && org.address.is_some() {
            entry.0.address = org.address.clone();
        }
        entry.1.extend(roles);
        entry.0.clone()
    }

    /// An organization reference (`buyer`, `tenderers[]`, …) playing `role`.
    fn reference(&mut self, reference: &Node, role: &str) -> Option<Organization> {
        let party = text(reference.get("id"))
            .and_then(|id| self.by_party_id.get(&id).copied())
            .and_then(organization);
        let org = party.or_else(|| organization(reference))?;
        Some(self.add(org, [role.to_owned()]))
    }
}

fn stage(compiled: &Node) -> Stage {
    let contracts = array(compiled, &["contracts"]);
    let implemented = contracts.iter().any(|c| {
        c.get("implementation")
            .and_then(Node::as_object)
            .is_some_and(|i| !i.is_empty())
    });
    if implemented {
        Stage::Implementation
    } else if !contracts.is_empty() {
        Stage::Contract
    } else if !array(compiled, &["awards"]).is_empty() {
        Stage::Award
    } else if compiled
        .get("tender")
        .and_then(Node::as_object)
        .is_some_and(|t| !t.is_empty())
    {
        Stage::Tender
    } else {
        Stage::Planning
    }
}

fn classifications(compiled: &Node) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut add = |c: &Node| {
        if let Some(id) = text(c.get("id")) {
            let scheme = text(c.get("scheme")).unwrap_or_default();
            out.insert(format!("{scheme}:{id}"));
        }
    };
    let item_lists = [
        array(compiled, &["tender", "items"])
            .iter()
            .collect::<Vec<_>>(),
        array(compiled, &["awards"])
            .iter()
            .flat_map(|a| array(a, &["items"]))
            .collect(),
        array(compiled, &["contracts"])
            .iter()
            .flat_map(|c| array(c, &["items"]))
            .collect(),
    ];
    for item in item_lists.into_iter().flatten() {
        if let Some(c) = item.get("classification") {
            add(c);
        }
        for c in array(item, &["additionalClassifications"]) {
            add(c);
        }
    }
    out.into_iter().collect()
}

/// Summarizes a compiled release.
pub fn summarize(compiled: &Value) -> ProcessSummary {
    summarize_node(&Node::from_value(compiled))
}

/// Summarizes a compiled release read as a [`Node`] (what imports compile).
pub fn summarize_node(compiled: &Node) -> ProcessSummary {
    let empty = Node::Object(Object::default());
    let tender = compiled.get("tender").unwrap_or(&empty);
    let mut parties = Parties::new(compiled);
    let buyer = compiled
        .get("buyer")
        .and_then(|b| parties.reference(b, "buyer"));
    let procuring_entity = tender
        .get("procuringEntity")
        .and_then(|p| parties.reference(p, "procuringEntity"));
    for tenderer in array(tender, &["tenderers"]) {
        parties.reference(tenderer, "tenderer");
    }
    for award in array(compiled, &["awards"]) {
        for supplier in array(award, &["suppliers"]) {
            parties.reference(supplier, "supplier");
        }
    }

    let main_category = text(tender.get("mainProcurementCategory"));
    let is_public_works = main_category.as_deref() == Some("works")
        || array(tender, &["additionalProcurementCategories"])
            .iter()
            .any(|c| c.as_str() == Some("works"));

    let awards = array(compiled, &["awards"]);
    let value_sources = [
        tender.get("value"),
        awards.first().and_then(|a| a.get("value")),
        at(compiled, &["planning", "budget", "amount"]),
    ];
    let value = value_sources
        .into_iter()
        .flatten()
        .find(|v| amount(v.get("amount")).is_some());

    let title = text(tender.get("title"))
        .or_else(|| text(at(compiled, &["planning", "budget", "project"])))
        .or_else(|| awards.iter().find_map(|a| text(a.get("title"))))
        .or_else(|| {
            array(compiled, &["contracts"])
                .iter()
                .find_map(|c| text(c.get("title")))
        });
    let description = text(tender.get("description"))
        .or_else(|| awards.iter().find_map(|a| text(a.get("description"))));

    ProcessSummary {
        title,
        description,
        buyer,
        procuring_entity,
        procurement_method: text(tender.get("procurementMethod")),
        main_procurement_category: main_category,
        is_public_works,
        status: text(tender.get("status")),
        stage: stage(compiled),
        value_amount: value.and_then(|v| amount(v.get("amount"))),
        currency: value.and_then(|v| text(v.get("currency"))),
        tender_start: date(at(tender, &["tenderPeriod", "startDate"])),
        tender_end: date(at(tender, &["tenderPeriod", "endDate"])),
        award_date: awards.iter().find_map(|a| date(a.get("date"))),
        contract_date: array(compiled, &["contracts"])
            .iter()
            .find_map(|c| date(c.get("dateSigned"))),
        last_release_date: date(compiled.get("date")),
        classifications: classifications(compiled),
        parties: parties
            .found
            .into_values()
            .map(|(org, roles)| (org, roles.into_iter().collect()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn resolves_parties_and_roles() {
        let compiled = json!({
            "ocid": "ocds-x-1", "date": "2020-03-01T10:00:00-05:00",
            "parties": [
                {"id": "p1", "name": "Ministerio de Salud", "roles": ["buyer"],
                 "identifier": {"scheme": "PY-RUC", "id": "800"},
                 "contactPoint": {"email": "compras@salud.example"}},
                {"id": "p2", "name": "Proveedor SA", "roles": ["supplier"]}
            ],
            "buyer": {"id": "p1", "name": "Ministerio de Salud"},
            "tender": {"title": "Obras", "mainProcurementCategory": "works",
                       "procuringEntity": {"name": "Unidad Operativa"},
                       "value": {"amount": "1500.5", "currency": "PYG"}},
            "awards": [{"id": "a", "suppliers": [{"id": "p2", "name": "Proveedor SA"}]}]
        });
        let s = summarize(&compiled);
        assert_eq!(s.buyer.as_ref().map(|b| b.id.as_str()), Some("PY-RUC-800"));
        assert_eq!(
            s.buyer.as_ref().and_then(|b| b.email.as_deref()),
            Some("compras@salud.example")
        );
        assert!(s
            .procuring_entity
            .as_ref()
            .is_some_and(|p| p.id.starts_with("name-")));
        assert!(s.is_public_works);
        assert_eq!(s.stage, Stage::Award);
        assert_eq!(s.value_amount, Some(1500.5));
        assert_eq!(
            s.last_release_date.map(|d| d.to_string()),
            Some("2020-03-01 15:00:00".to_owned())
        );
        let supplier = s.parties.iter().find(|(o, _)| o.name == "Proveedor SA");
        assert_eq!(
            supplier.map(|(_, r)| r.clone()),
            Some(vec!["supplier".to_owned()])
        );
    }

    #[test]
    fn name_keys_are_stable_across_spacing_and_case() {
        assert_eq!(name_key("Acme  Corp"), name_key("acme corp"));
        assert_ne!(name_key("Acme Corp"), name_key("Acme Corp 2"));
    }
}
