//! Risk indicators: where moderators, journalists and oversight bodies should look first.
//!
//! Two families (docs/INDICATORS.md defines each, with what it reads and its settings):
//! - the procurement indicators of the Open Contracting Partnership's red-flag methodology, as
//!   Cardinal computes them (`procurement`), from what the import keeps of each compiled
//!   release (`facts`);
//! - Veedor's own, from the redress loop (`redress`): what citizens reported and how agencies
//!   and oversight bodies answered.
//!
//! The indicators of one process alone run at import, in the transaction that stores it; the
//! others run in a job after imports and on a schedule (`job`), one instance at a time. Results
//! are kept in Cardinal's output shape (`risk_flags`: scope, id, code, value) and read by the
//! pages and the API through `read`. A flag is a reason to look, not proof of wrongdoing: every
//! page that shows one says so.

pub mod facts;
pub mod fences;
pub mod job;
pub mod procurement;
pub mod read;
pub mod redress;
pub mod settings;

pub use facts::Facts;
pub use settings::Methodology;

use serde_json::{json, Value};

/// Where a flag points, as Cardinal's output groups them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    Ocid,
    Buyer,
    ProcuringEntity,
    Tenderer,
}

impl Scope {
    pub const ALL: [Scope; 4] = [
        Scope::Ocid,
        Scope::Buyer,
        Scope::ProcuringEntity,
        Scope::Tenderer,
    ];

    /// The group's name in Cardinal's output (and in `risk_flags.scope`).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Ocid => "OCID",
            Scope::Buyer => "Buyer",
            Scope::ProcuringEntity => "ProcuringEntity",
            Scope::Tenderer => "Tenderer",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One result: an indicator's value for a process, an agency or a company, and the values
/// behind it (for the pages; never anybody's personal data).
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    pub scope: Scope,
    pub subject: String,
    pub code: &'static str,
    pub value: f64,
    pub details: Value,
}

impl Flag {
    pub fn process(ocid: &str, code: &'static str, value: f64, details: Value) -> Flag {
        Flag::entity(Scope::Ocid, ocid, code, value, details)
    }

    /// A tenderer flagged because of one process (merged across processes by [`merge`]).
    pub fn tenderer(id: &str, code: &'static str, value: f64, ocid: &str) -> Flag {
        Flag::entity(
            Scope::Tenderer,
            id,
            code,
            value,
            json!({ "processes": [ocid] }),
        )
    }

    pub fn entity(scope: Scope, id: &str, code: &'static str, value: f64, details: Value) -> Flag {
        Flag {
            scope,
            subject: id.to_owned(),
            code,
            value,
            details,
        }
    }

    /// The one process named by a flag as [`Flag::tenderer`] makes it.
    fn sighted_in(&self) -> Option<&str> {
        let details = self.details.as_object()?;
        match details.get("processes")?.as_array()?.as_slice() {
            [Value::String(ocid)] if details.len() == 1 && self.scope != Scope::Ocid => Some(ocid),
            _ => None,
        }
    }

    fn key(&self) -> (Scope, &str, &str) {
        (self.scope, &self.subject, self.code)
    }
}

/// The processes named in a merged flag, at most this many (the rest are counted).
const PROCESSES_KEPT: usize = 50;

/// One flag per scope, id and code: a tenderer flagged by several processes keeps the value
/// (constant per indicator) and the processes that flagged it.
pub fn merge(mut flags: Vec<Flag>) -> Vec<Flag> {
    flags.sort_by(|a, b| a.key().cmp(&b.key()));
    let mut out: Vec<Flag> = Vec::with_capacity(flags.len());
    for flag in flags {
        match out.last_mut() {
            Some(last) if last.key() == flag.key() => {
                let more = flag.details["processes"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                let count = last.details["count"].as_u64().unwrap_or(1) + 1;
                if let Some(list) = last.details["processes"].as_array_mut() {
                    for p in more {
                        if list.len() < PROCESSES_KEPT {
                            list.push(p);
                        }
                    }
                }
                last.details["count"] = json!(count);
            }
            _ => out.push(flag),
        }
    }
    out
}

/// Organizations flagged from single processes ([`Flag::tenderer`]), merged as they are
/// seen: per organization and indicator the value, how many processes and the first
/// [`PROCESSES_KEPT`] of them. A few words each rather than a JSON document per sighting, so
/// the job's memory grows with the organizations flagged, not with the processes that flag
/// them. [`Sightings::into_flags`] gives what [`merge`] gives for the same flags.
#[derive(Debug, Default)]
pub struct Sightings {
    seen: std::collections::HashMap<(Scope, &'static str, Box<str>), Seen>,
}

#[derive(Debug)]
struct Seen {
    value: f64,
    count: u64,
    processes: Vec<Box<str>>,
}

impl Sightings {
    /// Keeps `flag` if [`Flag::tenderer`] made it; gives it back otherwise.
    pub fn add(&mut self, flag: Flag) -> Option<Flag> {
        let Some(ocid) = flag.sighted_in() else {
            return Some(flag);
        };
        let key = (flag.scope, flag.code, flag.subject.as_str().into());
        let seen = self.seen.entry(key).or_insert_with(|| Seen {
            value: flag.value,
            count: 0,
            processes: Vec::new(),
        });
        seen.count += 1;
        if seen.processes.len() < PROCESSES_KEPT {
            seen.processes.push(ocid.into());
        }
        None
    }

    /// The merged flag of the same organization and indicator as `flag`, if any was seen.
    pub fn take_like(&mut self, flag: &Flag) -> Option<Flag> {
        let key = (
            flag.scope,
            flag.code,
            Box::<str>::from(flag.subject.as_str()),
        );
        let (key, seen) = self.seen.remove_entry(&key)?;
        Some(seen.into_flag(key))
    }

    /// The merged flags, in no particular order.
    pub fn into_flags(self) -> impl Iterator<Item = Flag> {
        self.seen.into_iter().map(|(key, seen)| seen.into_flag(key))
    }
}

impl Seen {
    fn into_flag(self, (scope, code, subject): (Scope, &'static str, Box<str>)) -> Flag {
        let processes: Vec<&str> = self.processes.iter().map(|p| &**p).collect();
        let mut details = json!({ "processes": processes });
        // As `merge` writes it: a count once a second process was merged.
        if self.count > 1 {
            details["count"] = json!(self.count);
        }
        Flag::entity(scope, &subject, code, self.value, details)
    }
}

/// The indicators of a methodology, in order, with the family each belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    pub code: &'static str,
    /// Veedor's own (from the redress loop), rather than the red-flag methodology's.
    pub redress: bool,
    /// What it flags, as Cardinal's output groups.
    pub scopes: &'static [Scope],
}

pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "R003",
        redress: false,
        scopes: &[Scope::Ocid],
    },
    Indicator {
        code: "R018",
        redress: false,
        scopes: &[Scope::Ocid],
    },
    Indicator {
        code: "R024",
        redress: false,
        scopes: &[Scope::Ocid, Scope::Tenderer],
    },
    Indicator {
        code: "R025",
        redress: false,
        scopes: &[Scope::Tenderer],
    },
    Indicator {
        code: "R028",
        redress: false,
        scopes: &[Scope::Ocid, Scope::Tenderer],
    },
    Indicator {
        code: "R030",
        redress: false,
        scopes: &[Scope::Ocid, Scope::Tenderer],
    },
    Indicator {
        code: "R035",
        redress: false,
        scopes: &[Scope::Ocid, Scope::Tenderer],
    },
    Indicator {
        code: "R036",
        redress: false,
        scopes: &[Scope::Ocid],
    },
    Indicator {
        code: "R038",
        redress: false,
        scopes: &[Scope::Buyer, Scope::ProcuringEntity, Scope::Tenderer],
    },
    Indicator {
        code: "R048",
        redress: false,
        scopes: &[Scope::Tenderer],
    },
    Indicator {
        code: "R058",
        redress: false,
        scopes: &[Scope::Ocid, Scope::Tenderer],
    },
    Indicator {
        code: "V001",
        redress: true,
        scopes: &[Scope::Ocid],
    },
    Indicator {
        code: "V002",
        redress: true,
        scopes: &[Scope::Ocid],
    },
    Indicator {
        code: "V003",
        redress: true,
        scopes: &[Scope::Buyer],
    },
    Indicator {
        code: "V004",
        redress: true,
        scopes: &[Scope::Ocid],
    },
];

/// The codes computed at import, from one process alone.
pub const PER_PROCESS: &[&str] = &["R003", "R018", "R028", "R030", "R035", "R036"];

pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS
        .iter()
        .find(|i| i.code.eq_ignore_ascii_case(code))
}

/// Every procurement indicator over a set of processes, as Cardinal would compute them over the
/// same compiled releases (the job's pass without the redress loop; the tests' reference).
pub fn procurement_flags<'a>(
    processes: impl IntoIterator<Item = (&'a str, &'a Facts)> + Clone,
    m: &Methodology,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    let mut comparison = procurement::Comparison::default();
    for (ocid, facts) in processes.clone() {
        flags.extend(procurement::of_process(ocid, facts, m));
        comparison.add(ocid, facts, m);
    }
    let fences = comparison.fences(m);
    for (ocid, facts) in processes {
        flags.extend(fences.flags(ocid, facts, m));
    }
    flags.extend(comparison.finish(m));
    merge(flags)
}

/// Flags in Cardinal's output shape: `{"OCID": {id: {code: value}}, "Buyer": …}`.
pub fn cardinal_shape(flags: &[Flag]) -> Value {
    let mut out = serde_json::Map::new();
    for flag in flags {
        let group = out.entry(flag.scope.as_str()).or_insert_with(|| json!({}));
        group[&flag.subject][flag.code] = json!(flag.value);
    }
    Value::Object(out)
}
#[cfg(test)]
mod tests;
