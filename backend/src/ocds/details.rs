//! What a process page shows beyond the indexed summary, read from the compiled release: the
//! items bought, the awards with their suppliers, the contracts, and the published documents
//! (only web addresses become links: a `javascript:` or `data:` URL in someone's data is text).

use serde::Serialize;
use serde_json::Value;

#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Details {
    pub items: Vec<Item>,
    /// The bids (the bids extension's `bids.details`), for checking what risk indicators say.
    pub bids: Vec<Bid>,
    pub awards: Vec<Award>,
    pub contracts: Vec<Contract>,
    pub documents: Vec<Document>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Item {
    pub description: String,
    pub quantity: Option<f64>,
    pub unit: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Money {
    pub amount: f64,
    pub currency: Option<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Bid {
    pub tenderers: Vec<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub value: Option<Money>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Award {
    pub title: Option<String>,
    pub status: Option<String>,
    pub date: Option<String>,
    pub value: Option<Money>,
    pub suppliers: Vec<String>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Contract {
    pub title: Option<String>,
    pub status: Option<String>,
    pub date_signed: Option<String>,
    pub value: Option<Money>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Document {
    pub title: String,
    pub document_type: Option<String>,
    /// Where it is published; `None` unless it is an http(s) address.
    pub url: Option<String>,
    /// The part of the process it belongs to: tender, award or contract.
    pub part: &'static str,
}

fn text(v: &Value, key: &str) -> Option<String> {
    v.get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn list<'v>(v: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> {
    v.get(key).and_then(Value::as_array).into_iter().flatten()
}

fn money(v: &Value) -> Option<Money> {
    let value = v.get("value")?;
    Some(Money {
        amount: value.get("amount")?.as_f64()?,
        currency: text(value, "currency"),
    })
}

fn web_address(url: Option<String>) -> Option<String> {
    url.filter(|u| {
        let lower = u.to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })
}

fn documents(of: &Value, part: &'static str, out: &mut Vec<Document>) {
    for d in list(of, "documents") {
        let url = text(d, "url");
        let title = text(d, "title")
            .or_else(|| url.clone())
            .unwrap_or_else(|| "—".into());
        out.push(Document {
            title,
            document_type: text(d, "documentType"),
            url: web_address(url),
            part,
        });
    }
}

impl Details {
    /// Reads a compiled release; anything missing or malformed is left out, never an error.
    pub fn from_compiled(release: &Value) -> Details {
        let mut details = Details::default();
        let tender = release.get("tender").unwrap_or(&Value::Null);
        details.items = list(tender, "items")
            .filter_map(|i| {
                Some(Item {
                    description: text(i, "description")?,
                    quantity: i.get("quantity").and_then(Value::as_f64),
                    unit: i.get("unit").and_then(|u| text(u, "name")),
                })
            })
            .collect();
        if let Some(planning) = release.get("planning") {
            documents(planning, "planning", &mut details.documents);
        }
        documents(tender, "tender", &mut details.documents);
        if let Some(bids) = release.get("bids") {
            for b in list(bids, "details") {
                details.bids.push(Bid {
                    tenderers: list(b, "tenderers")
                        .filter_map(|t| text(t, "name").or_else(|| text(t, "id")))
                        .collect(),
                    status: text(b, "status"),
                    date: text(b, "date"),
                    value: money(b),
                });
            }
        }
        for a in list(release, "awards") {
            details.awards.push(Award {
                title: text(a, "title"),
                status: text(a, "status"),
                date: text(a, "date"),
                value: money(a),
                suppliers: list(a, "suppliers")
                    .filter_map(|s| text(s, "name"))
                    .collect(),
            });
            documents(a, "award", &mut details.documents);
        }
        for c in list(release, "contracts") {
            details.contracts.push(Contract {
                title: text(c, "title"),
                status: text(c, "status"),
                date_signed: text(c, "dateSigned"),
                value: money(c),
            });
            documents(c, "contract", &mut details.documents);
            if let Some(implementation) = c.get("implementation") {
                documents(implementation, "implementation", &mut details.documents);
            }
        }
        details
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_items_awards_contracts_and_only_web_links() {
        let release = json!({
            "tender": {
                "items": [{"description": "Hormigón", "quantity": 120, "unit": {"name": "m3"}},
                          {"quantity": 3}],
                "documents": [
                    {"title": "Pliego", "url": "https://example.org/pliego.pdf", "documentType": "biddingDocuments"},
                    {"title": "Trampa", "url": "javascript:alert(1)"},
                    {"url": "HTTP://example.org/sin-titulo"}
                ]
            },
            "awards": [{"title": "Lote 1", "status": "active", "value": {"amount": 10.5, "currency": "PYG"},
                        "suppliers": [{"name": "Constructora Ñandutí"}, {"id": "no-name"}],
                        "documents": [{"title": "Resolución", "url": "https://example.org/r.pdf"}]}],
            "contracts": [{"status": "active", "dateSigned": "2026-01-02T00:00:00Z",
                           "implementation": {"documents": [{"title": "Acta", "url": "https://example.org/a.pdf"}]}}],
            "awards_malformed": "ignored"
        });
        let d = Details::from_compiled(&release);
        assert_eq!(
            d.items.len(),
            1,
            "an item without a description is left out"
        );
        assert_eq!(d.items[0].unit.as_deref(), Some("m3"));
        assert_eq!(d.awards[0].suppliers, vec!["Constructora Ñandutí"]);
        assert_eq!(d.awards[0].value.as_ref().map(|m| m.amount), Some(10.5));
        assert_eq!(
            d.contracts[0].date_signed.as_deref(),
            Some("2026-01-02T00:00:00Z")
        );
        let links: Vec<_> = d
            .documents
            .iter()
            .map(|x| (x.part, x.url.as_deref()))
            .collect();
        assert_eq!(
            links,
            vec![
                ("tender", Some("https://example.org/pliego.pdf")),
                ("tender", None),
                ("tender", Some("HTTP://example.org/sin-titulo")),
                ("award", Some("https://example.org/r.pdf")),
                ("implementation", Some("https://example.org/a.pdf")),
            ]
        );
        assert_eq!(
            Details::from_compiled(&json!("not an object")),
            Details::default()
        );
    }
}
