//! What the indicators read from a compiled release, taken once at import and kept beside the
//! process (`processes.risk_facts`), so that the indicators that compare processes read a few
//! hundred bytes per process instead of recompiling it.
//!
//! Facts keep the data as published (statuses, method details, ids); the methodology's filters
//! and exclusions apply when indicators are computed, so a change of `config/indicators.toml`
//! needs a recomputation, not a new import (an import with every indicator off keeps none).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::ocds::tree::Node;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procuring_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tender_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method_details: Option<String>,
    /// `tender.numberOfTenderers` when it is a non-negative integer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_of_tenderers: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    /// `bids.details`, when it is an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bids: Option<Vec<Bid>>,
    /// `awards`, when it is an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awards: Option<Vec<Award>>,
    /// When each contract was signed (the redress indicators compare it with complaints).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub signed: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Bid {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The string ids of `tenderers`, in order; `None` when `tenderers` is not an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenderers: Option<Vec<String>>,
    /// Entries of `tenderers` whose id is not a string (they make a bid "several tenderers").
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_tenderers: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Award {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The string ids of `suppliers`; `None` when `suppliers` is not an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suppliers: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub other_suppliers: u32,
    /// `items[].classification.id`; `None` when `items` is not an array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classifications: Option<Vec<String>>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn text(v: &Node, path: &[&str]) -> Option<String> {
    v.at(path).and_then(Node::as_str).map(str::to_owned)
}

/// Organization references resolved to the ids Veedor keys organizations by (those of the
/// agency directory and the process's parties), so a flag links to the agency or company it
/// names; a reference to no party keeps its own id.
struct Ids(std::collections::HashMap<String, String>);

impl Ids {
    fn of(release: &Node) -> Ids {
        let mut map = std::collections::HashMap::new();
        for party in release
            .get("parties")
            .and_then(Node::as_array)
            .into_iter()
            .flatten()
        {
            if let (Some(id), Some(key)) = (
                party.get("id").and_then(Node::as_str),
                crate::ocds::summary::organization_id(party),
            ) {
                map.insert(id.to_owned(), key);
            }
        }
        Ids(map)
    }

    /// A reference with an id: the party it names (or the id itself, when no party has it); an
    /// organization named without an id (older data): keyed from its identifier or name, as
    /// the directory keys it.
    fn one(&self, reference: Option<&Node>) -> Option<String> {
        let reference = reference?;
        match reference.get("id") {
            Some(Node::String(id)) => Some(
                self.0
                    .get(id.as_ref())
                    .cloned()
                    .unwrap_or_else(|| id.to_string()),
            ),
            Some(_) => None,
            None => crate::ocds::summary::organization_id(reference),
        }
    }

    /// String ids of an array of references, and how many entries had no string id.
    fn list(&self, v: Option<&Node>) -> (Option<Vec<String>>, u32) {
        let Some(list) = v.and_then(Node::as_array) else {
            return (None, 0);
        };
        let mut out = Vec::with_capacity(list.len());
        let mut other = 0;
        for entry in list {
            match self.one(Some(entry)) {
                Some(id) => out.push(id),
                None => other += 1,
            }
        }
        (Some(out), other)
    }
}

impl Facts {
    /// The facts of a compiled release; `None` when it holds nothing any indicator reads.
    pub fn of(release: &Value) -> Option<Facts> {
        Facts::of_node(&Node::from_value(release))
    }

    /// The facts of a compiled release read as a [`Node`] (what imports compile).
    pub fn of_node(release: &Node) -> Option<Facts> {
        let ids = Ids::of(release);
        let bids = release
            .at(&["bids", "details"])
            .and_then(Node::as_array)
            .map(|list| {
                list.iter()
                    .map(|b| {
                        let (tenderers, other_tenderers) = ids.list(b.get("tenderers"));
                        Bid {
                            status: text(b, &["status"]),
                            amount: b.at(&["value", "amount"]).and_then(Node::as_f64),
                            currency: text(b, &["value", "currency"]),
                            date: text(b, &["date"]),
                            tenderers,
                            other_tenderers,
                        }
                    })
                    .collect()
            });
        let awards = release.get("awards").and_then(Node::as_array).map(|list| {
            list.iter()
                .map(|a| {
                    let (suppliers, other_suppliers) = ids.list(a.get("suppliers"));
                    Award {
                        status: text(a, &["status"]),
                        date: text(a, &["date"]),
                        suppliers,
                        other_suppliers,
                        classifications: a.get("items").and_then(Node::as_array).map(|items| {
                            items
                                .iter()
                                .filter_map(|i| text(i, &["classification", "id"]))
                                .collect()
                        }),
                    }
                })
                .collect()
        });
        let signed = release
            .get("contracts")
            .and_then(Node::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|c| text(c, &["dateSigned"]))
                    .collect()
            })
            .unwrap_or_default();
        let facts = Facts {
            buyer: ids.one(release.get("buyer")),
            procuring_entity: ids.one(release.at(&["tender", "procuringEntity"])),
            tender_status: text(release, &["tender", "status"]),
            method: text(release, &["tender", "procurementMethod"]),
            method_details: text(release, &["tender", "procurementMethodDetails"]),
            number_of_tenderers: release
                .at(&["tender", "numberOfTenderers"])
                .and_then(Node::as_u64),
            period_start: text(release, &["tender", "tenderPeriod", "startDate"]),
            period_end: text(release, &["tender", "tenderPeriod", "endDate"]),
            bids,
            awards,
            signed,
        };
        let readable = facts.bids.is_some()
            || facts.awards.is_some()
            || !facts.signed.is_empty()
            || facts.number_of_tenderers.is_some()
            || (facts.period_start.is_some() && facts.period_end.is_some());
        readable.then_some(facts)
    }

    /// The stored form.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Bids that were submitted: any string status but "invited" and "withdrawn".
    pub fn submitted(&self) -> impl Iterator<Item = &Bid> {
        self.bids.iter().flatten().filter(
            |b| matches!(b.status.as_deref(), Some(s) if s != "invited" && s != "withdrawn"),
        )
    }

    /// Active awards, if every award is final (active, cancelled or unsuccessful); `None` when an
    /// award is pending or otherwise undecided, or when there are no awards or bids to read.
    pub fn final_awards(&self) -> Option<Vec<&Award>> {
        let (Some(awards), Some(_)) = (&self.awards, &self.bids) else {
            return None;
        };
        let mut active = Vec::new();
        for award in awards {
            match award.status.as_deref() {
                Some("active") => active.push(award),
                Some("cancelled" | "unsuccessful") | None => {}
                Some(_) => return None,
            }
        }
        Some(active)
    }

    /// Active awards, whatever the others' status.
    pub fn active_awards(&self) -> impl Iterator<Item = &Award> {
        self.awards
            .iter()
            .flatten()
            .filter(|a| a.status.as_deref() == Some("active"))
    }
}

impl Bid {
    pub fn is(&self, status: &str) -> bool {
        self.status.as_deref() == Some(status)
    }

    /// The one tenderer of a bid made by exactly one (with a string id).
    pub fn sole_tenderer(&self) -> Option<&str> {
        match self.tenderers.as_deref() {
            Some([one]) if self.other_tenderers == 0 => Some(one),
            _ => None,
        }
    }
}

impl Award {
    /// The one supplier of an award made to exactly one (with a string id).
    pub fn sole_supplier(&self) -> Option<&str> {
        match self.suppliers.as_deref() {
            Some([one]) if self.other_suppliers == 0 => Some(one),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_what_indicators_read_and_round_trips() {
        let release = json!({
            "ocid": "F", "buyer": {"id": "B"},
            "tender": {"status": "active", "procurementMethod": "open", "numberOfTenderers": 1,
                       "procuringEntity": {"id": "P"},
                       "tenderPeriod": {"startDate": "2020-08-03T18:00:00-05:00", "endDate": "2020-08-04T18:00:00-05:00"}},
            "bids": {"details": [{"status": "valid", "value": {"amount": 1, "currency": "USD"},
                                  "tenderers": [{"id": "W"}, {"id": 7}]}]},
            "awards": [{"status": "active", "suppliers": [{"id": "W"}],
                        "items": [{"classification": {"id": "10000000"}}]}],
            "contracts": [{"dateSigned": "2020-09-01T00:00:00Z"}]
        });
        let facts = Facts::of(&release).expect("facts");
        assert_eq!(facts.buyer.as_deref(), Some("B"));
        assert_eq!(facts.number_of_tenderers, Some(1));
        let bid = &facts.bids.as_ref().expect("bids")[0];
        assert_eq!(bid.tenderers.as_deref(), Some(&["W".to_owned()][..]));
        assert_eq!(bid.other_tenderers, 1);
        assert_eq!(bid.sole_tenderer(), None, "a non-string id still counts");
        assert_eq!(facts.signed, vec!["2020-09-01T00:00:00Z".to_owned()]);
        let back: Facts = serde_json::from_str(&facts.to_text()).expect("parse");
        assert_eq!(back, facts);
        assert!(Facts::of(&json!({"ocid": "X", "tender": {"title": "t"}})).is_none());
    }
}
