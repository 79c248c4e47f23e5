//! `config/indicators.toml`: which indicators run and with which settings. Cardinal's names and
//! defaults (its INI sections become TOML tables, its pipe lists TOML arrays); an indicator runs
//! only when its table is present, as in Cardinal. Checked at start-up: an unknown key, a
//! negative threshold or a percentile above 100 stops `serve`, `worker`, `import` and `sync`
//! with the file and the line.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Methodology {
    /// The main currency of price comparisons; empty: each process's own (see INDICATORS.md).
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub no_price_comparison_procurement_methods: Vec<String>,
    #[serde(default)]
    pub price_comparison_procurement_methods: Vec<String>,
    /// How often the indicators that compare processes are recomputed when nothing was
    /// imported (the redress loop's own indicators change with feedback).
    #[serde(default = "default_every", deserialize_with = "duration")]
    pub recompute_every: Duration,
    #[serde(default)]
    pub exclusions: Exclusions,
    /// Publishers' own status codes read as the standard's (Cardinal's `[codelists.*]`).
    #[serde(default)]
    pub codelists: Codelists,
    #[serde(rename = "R003")]
    pub r003: Option<R003>,
    #[serde(rename = "R018")]
    pub r018: Option<R018>,
    #[serde(rename = "R024")]
    pub r024: Option<Fence>,
    #[serde(rename = "R025")]
    pub r025: Option<R025>,
    #[serde(rename = "R028")]
    pub r028: Option<Empty>,
    #[serde(rename = "R030")]
    pub r030: Option<Empty>,
    #[serde(rename = "R035")]
    pub r035: Option<R035>,
    #[serde(rename = "R036")]
    pub r036: Option<Empty>,
    #[serde(rename = "R038")]
    pub r038: Option<R038>,
    #[serde(rename = "R048")]
    pub r048: Option<R048>,
    #[serde(rename = "R058")]
    pub r058: Option<Fence>,
    #[serde(rename = "V001")]
    pub v001: Option<Empty>,
    #[serde(rename = "V002")]
    pub v002: Option<V002>,
    #[serde(rename = "V003")]
    pub v003: Option<V003>,
    #[serde(rename = "V004")]
    pub v004: Option<V004>,
}

fn default_every() -> Duration {
    Duration::from_secs(600)
}

/// A duration written for people ("10m", "1h 30m").
fn duration<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(d)?;
    humantime::parse_duration(&text).map_err(|e| {
        serde::de::Error::custom(format!("{text:?} is not a duration like \"10m\": {e}"))
    })
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    #[serde(default)]
    pub procurement_method_details: Vec<String>,
}

/// One setting as a methodology page shows it: its value, or what its absence means (a
/// catalogue key: "computed from the data", "all", "none"…).
#[derive(Debug, Clone, serde::Serialize)]
pub struct Setting {
    /// As written in `config/indicators.toml`.
    pub name: String,
    pub value: Option<String>,
    pub otherwise: &'static str,
}

impl Setting {
    /// The catalogue key of what the setting means in words (`risk.key.threshold`), and the
    /// part of its name that is data (a method detail, a publisher's code), if any.
    pub fn words(&self) -> (String, Option<String>) {
        let (head, rest) = match self.name.split_once('.') {
            Some((head, rest)) => (head, Some(rest.to_owned())),
            None => (self.name.as_str(), None),
        };
        match (head, rest) {
            ("exclusions", _) => ("risk.key.exclusions".into(), None),
            ("codelists", Some(rest)) => (
                "risk.key.codelists".into(),
                rest.split_once('.').map(|(_, code)| code.to_owned()),
            ),
            (head, rest) => (format!("risk.key.{head}"), rest),
        }
    }
}

/// `bid_status` and `award_status`: a publisher's code → the standard's ("active" → "valid" for
/// ProZorro's bids, say).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Codelists {
    #[serde(default)]
    pub bid_status: BTreeMap<String, String>,
    #[serde(default)]
    pub award_status: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Empty {}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R003 {
    #[serde(default = "fifteen")]
    pub threshold: i64,
    #[serde(default)]
    pub procurement_methods: Vec<String>,
    #[serde(default)]
    pub procurement_method_details: BTreeMap<String, i64>,
}

fn fifteen() -> i64 {
    15
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R018 {
    #[serde(default = "competitive")]
    pub procurement_methods: Vec<String>,
}

fn competitive() -> Vec<String> {
    vec!["open".into(), "selective".into()]
}

/// An indicator whose fence is computed from the data unless a fixed `threshold` replaces it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fence {
    pub threshold: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R025 {
    #[serde(default = "seventy_five")]
    pub percentile: u32,
    pub threshold: Option<f64>,
}

fn seventy_five() -> u32 {
    75
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R035 {
    #[serde(default = "one")]
    pub threshold: usize,
}

fn one() -> usize {
    1
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R038 {
    pub threshold: Option<f64>,
    #[serde(default = "two")]
    pub minimum_submitted_bids: u64,
    #[serde(default = "two")]
    pub minimum_contracting_processes: u64,
}

fn two() -> u64 {
    2
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct R048 {
    #[serde(default = "two_digits")]
    pub digits: usize,
    pub threshold: Option<u64>,
    #[serde(default = "twenty")]
    pub minimum_contracting_processes: u64,
}

fn two_digits() -> usize {
    2
}

fn twenty() -> u64 {
    20
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V002 {
    #[serde(default = "year")]
    pub period_days: i64,
}

fn year() -> i64 {
    365
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V003 {
    #[serde(default = "five")]
    pub minimum_items: i64,
    pub threshold: Option<f64>,
}

fn five() -> i64 {
    5
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct V004 {
    #[serde(default = "three")]
    pub minimum_people: i64,
}

fn three() -> i64 {
    3
}

impl Default for Methodology {
    /// Every indicator, with the methodology's defaults.
    fn default() -> Methodology {
        Methodology::parse("indicators.toml", ALL_DEFAULTS).unwrap_or_else(|_| unreachable!())
    }
}

const ALL_DEFAULTS: &str = "[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n\
     [R038]\n[R048]\n[R058]\n[V001]\n[V002]\n[V003]\n[V004]\n";

impl Methodology {
    /// Reads `indicators.toml` from the configuration directory; every indicator with its
    /// defaults when the file is absent.
    pub fn load(config_dir: &Path) -> Result<Methodology, String> {
        let path = config_dir.join("indicators.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Methodology::parse(&path.display().to_string(), &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Methodology::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    pub fn parse(file: &str, text: &str) -> Result<Methodology, String> {
        let m: Methodology = toml::from_str(text).map_err(|e| format!("{file}: {e}"))?;
        m.check().map_err(|e| format!("{file}: {e}"))?;
        Ok(m)
    }

    fn check(&self) -> Result<(), String> {
        let non_negative = |name: &str, v: Option<f64>| match v {
            Some(t) if !(t.is_finite() && t >= 0.0) => Err(format!(
                "[{name}] threshold must be a number of zero or more, not {t}"
            )),
            _ => Ok(()),
        };
        if let Some(r) = &self.r003 {
            if r.threshold < 0 || r.procurement_method_details.values().any(|d| *d < 0) {
                return Err("[R003] thresholds are days: zero or more".into());
            }
        }
        non_negative("R024", self.r024.as_ref().and_then(|r| r.threshold))?;
        non_negative("R058", self.r058.as_ref().and_then(|r| r.threshold))?;
        non_negative("R038", self.r038.as_ref().and_then(|r| r.threshold))?;
        non_negative("V003", self.v003.as_ref().and_then(|r| r.threshold))?;
        if let Some(r) = &self.r025 {
            non_negative("R025", r.threshold)?;
            if r.percentile > 100 {
                return Err(format!(
                    "[R025] percentile is a percentage (0 to 100), not {}",
                    r.percentile
                ));
            }
        }
        if let Some(r) = &self.r048 {
            if r.digits == 0 {
                return Err("[R048] digits must be 1 or more".into());
            }
        }
        if self.v002.as_ref().is_some_and(|v| v.period_days < 1) {
            return Err("[V002] period_days must be 1 or more".into());
        }
        if self.v004.as_ref().is_some_and(|v| v.minimum_people < 2) {
            return Err("[V004] minimum_people must be 2 or more".into());
        }
        if self.recompute_every < Duration::from_secs(10) {
            return Err("recompute_every must be at least 10 seconds".into());
        }
        Ok(())
    }

    /// The facts as the indicators read them: publishers' status codes replaced by the
    /// standard's (borrowed unchanged when no code is mapped).
    pub fn normalized<'f>(&self, facts: &'f super::Facts) -> std::borrow::Cow<'f, super::Facts> {
        let Codelists {
            bid_status,
            award_status,
        } = &self.codelists;
        if bid_status.is_empty() && award_status.is_empty() {
            return std::borrow::Cow::Borrowed(facts);
        }
        let mut facts = facts.clone();
        let map = |status: &mut Option<String>, codes: &BTreeMap<String, String>| {
            if let Some(to) = status.as_ref().and_then(|s| codes.get(s)) {
                *status = Some(to.clone());
            }
        };
        for bid in facts.bids.iter_mut().flatten() {
            map(&mut bid.status, bid_status);
        }
        for award in facts.awards.iter_mut().flatten() {
            map(&mut award.status, award_status);
        }
        std::borrow::Cow::Owned(facts)
    }

    /// Whether the process's method details leave it out of every indicator.
    pub fn excluded(&self, method_details: Option<&str>) -> bool {
        method_details.is_some_and(|d| {
            self.exclusions
                .procurement_method_details
                .iter()
                .any(|x| x == d)
        })
    }

    /// Whether prices of a process with these method details are compared (R024, R028, R036,
    /// R058): prices fixed by the buyer are not.
    pub fn compares_prices(&self, method_details: Option<&str>) -> bool {
        let include = &self.price_comparison_procurement_methods;
        match method_details {
            Some(d) if include.is_empty() => !self
                .no_price_comparison_procurement_methods
                .iter()
                .any(|x| x == d),
            Some(d) => include.iter().any(|x| x == d),
            None => include.is_empty(),
        }
    }

    /// The main currency, if one is set.
    pub fn main_currency(&self) -> Option<&str> {
        Some(self.currency.as_str()).filter(|c| !c.is_empty())
    }

    /// An indicator's settings as this site runs it (for its methodology page).
    pub fn settings_of(&self, code: &str) -> Vec<Setting> {
        let mut out: Vec<Setting> = Vec::new();
        let mut add = |name: &str, value: Option<String>, otherwise: &'static str| {
            out.push(Setting {
                name: name.to_owned(),
                value,
                otherwise,
            });
        };
        let list = |v: &[String]| Some(v.join(", ")).filter(|s| !s.is_empty());
        let fence = |t: Option<f64>| t.map(|t| t.to_string());
        let (all, none, computed) = (
            "risk.setting_all",
            "risk.setting_none",
            "risk.setting_fence",
        );
        match code {
            "R003" => {
                if let Some(r) = &self.r003 {
                    add("threshold", Some(r.threshold.to_string()), none);
                    add("procurement_methods", list(&r.procurement_methods), all);
                    for (d, t) in &r.procurement_method_details {
                        add(
                            &format!("procurement_method_details.{d}"),
                            Some(t.to_string()),
                            none,
                        );
                    }
                }
            }
            "R018" => {
                if let Some(r) = &self.r018 {
                    add("procurement_methods", list(&r.procurement_methods), all);
                }
            }
            "R024" | "R058" => {
                let t = if code == "R024" {
                    &self.r024
                } else {
                    &self.r058
                };
                if let Some(r) = t {
                    add("threshold", fence(r.threshold), computed);
                }
            }
            "R025" => {
                if let Some(r) = &self.r025 {
                    add("percentile", Some(r.percentile.to_string()), none);
                    add("threshold", fence(r.threshold), computed);
                }
            }
            "R035" => {
                if let Some(r) = &self.r035 {
                    add("threshold", Some(r.threshold.max(1).to_string()), none);
                }
            }
            "R038" => {
                if let Some(r) = &self.r038 {
                    add("threshold", fence(r.threshold), computed);
                    add(
                        "minimum_submitted_bids",
                        Some(r.minimum_submitted_bids.to_string()),
                        none,
                    );
                    add(
                        "minimum_contracting_processes",
                        Some(r.minimum_contracting_processes.to_string()),
                        none,
                    );
                }
            }
            "R048" => {
                if let Some(r) = &self.r048 {
                    add("digits", Some(r.digits.to_string()), none);
                    add("threshold", r.threshold.map(|t| t.to_string()), computed);
                    add(
                        "minimum_contracting_processes",
                        Some(r.minimum_contracting_processes.to_string()),
                        none,
                    );
                }
            }
            "V002" => {
                if let Some(r) = &self.v002 {
                    add("period_days", Some(r.period_days.to_string()), none);
                }
            }
            "V003" => {
                if let Some(r) = &self.v003 {
                    add("minimum_items", Some(r.minimum_items.to_string()), none);
                    add("threshold", fence(r.threshold), computed);
                }
            }
            "V004" => {
                if let Some(r) = &self.v004 {
                    add("minimum_people", Some(r.minimum_people.to_string()), none);
                }
            }
            _ => {}
        }
        if matches!(code, "R024" | "R028" | "R036" | "R058") {
            add(
                "currency",
                self.main_currency().map(str::to_owned),
                "risk.setting_own_currency",
            );
            add(
                "no_price_comparison_procurement_methods",
                list(&self.no_price_comparison_procurement_methods),
                none,
            );
            add(
                "price_comparison_procurement_methods",
                list(&self.price_comparison_procurement_methods),
                all,
            );
        }
        if !code.starts_with('V') {
            for (from, to) in &self.codelists.bid_status {
                add(
                    &format!("codelists.bid_status.{from}"),
                    Some(to.clone()),
                    none,
                );
            }
            for (from, to) in &self.codelists.award_status {
                add(
                    &format!("codelists.award_status.{from}"),
                    Some(to.clone()),
                    none,
                );
            }
            add(
                "exclusions.procurement_method_details",
                list(&self.exclusions.procurement_method_details),
                none,
            );
        }
        out
    }

    /// Whether any indicator runs (when none does, the import keeps no facts for them).
    pub fn computes_any(&self) -> bool {
        !self.enabled().is_empty()
    }

    /// No indicator at all (the benchmark's baseline import).
    pub fn none() -> Methodology {
        Methodology::parse("(none)", "").unwrap_or_else(|_| unreachable!())
    }

    /// The codes that run, in the methodology's order.
    pub fn enabled(&self) -> Vec<&'static str> {
        let on = [
            ("R003", self.r003.is_some()),
            ("R018", self.r018.is_some()),
            ("R024", self.r024.is_some()),
            ("R025", self.r025.is_some()),
            ("R028", self.r028.is_some()),
            ("R030", self.r030.is_some()),
            ("R035", self.r035.is_some()),
            ("R036", self.r036.is_some()),
            ("R038", self.r038.is_some()),
            ("R048", self.r048.is_some()),
            ("R058", self.r058.is_some()),
            ("V001", self.v001.is_some()),
            ("V002", self.v002.is_some()),
            ("V003", self.v003.is_some()),
            ("V004", self.v004.is_some()),
        ];
        on.into_iter()
            .filter(|(_, on)| *on)
            .map(|(c, _)| c)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_file_and_defaults_are_valid() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../config");
        let shipped = Methodology::load(&dir).expect("config/indicators.toml");
        assert_eq!(shipped.enabled().len(), 15);
        assert_eq!(shipped.r003.as_ref().map(|r| r.threshold), Some(15));
        assert_eq!(Methodology::default().enabled().len(), 15);
    }

    #[test]
    fn mistakes_are_named_with_their_line() {
        let e = Methodology::parse("i.toml", "[R003]\nthreshhold = 3\n").expect_err("typo");
        assert!(e.contains("line 2") && e.contains("threshhold"), "{e}");
        let e = Methodology::parse("i.toml", "[R025]\npercentile = 175\n").expect_err("range");
        assert!(e.contains("percentile"), "{e}");
        let e = Methodology::parse("i.toml", "[R058]\nthreshold = -1.0\n").expect_err("negative");
        assert!(e.contains("R058"), "{e}");
    }

    #[test]
    fn price_comparison_filter_follows_the_methodology() {
        let m = |inc: &[&str], exc: &[&str]| Methodology {
            price_comparison_procurement_methods: inc.iter().map(|s| s.to_string()).collect(),
            no_price_comparison_procurement_methods: exc.iter().map(|s| s.to_string()).collect(),
            ..Methodology::default()
        };
        // (details, include Y, exclude N) → compared
        let table = [
            ("X", false, false, true),
            ("X", true, false, false),
            ("X", false, true, true),
            ("Y", true, false, true),
            ("N", true, false, false),
            ("N", false, true, false),
        ];
        for (d, inc, exc, expected) in table {
            let inc: &[&str] = if inc { &["Y"] } else { &[] };
            let exc: &[&str] = if exc { &["N"] } else { &[] };
            assert_eq!(m(inc, exc).compares_prices(Some(d)), expected, "{d}");
        }
        assert!(m(&[], &["N"]).compares_prices(None));
        assert!(!m(&["Y"], &[]).compares_prices(None));
    }
}
