//! The procurement indicators of the Open Contracting Partnership's red-flag methodology, with
//! Cardinal's definitions, settings and defaults (docs/INDICATORS.md says where Veedor departs
//! from Cardinal and why).
//!
//! [`of_process`] computes the indicators that read one process alone; the import runs it in
//! the transaction that stores the process. [`Comparison`] gathers what the indicators that
//! compare processes need (quartile fences over all processes, or per buyer and per tenderer)
//! and the recomputation job finishes it.

use super::facts::{Bid, Facts};
use super::fences::{quantile, Quartiles};
use super::settings::Methodology;
use super::{Flag, Scope};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Whether the methodology leaves a process out of every indicator: a cancelled tender, or
/// method details listed under `[exclusions]`.
pub fn excluded(facts: &Facts, m: &Methodology) -> bool {
    facts.tender_status.as_deref() == Some("cancelled")
        || m.excluded(facts.method_details.as_deref())
}

/// The indicators that read one process alone: R003, R018, R028, R030, R035, R036.
pub fn of_process(ocid: &str, facts: &Facts, m: &Methodology) -> Vec<Flag> {
    let facts = &*m.normalized(facts);
    let mut flags = Vec::new();
    if excluded(facts, m) {
        return flags;
    }
    if let Some(s) = &m.r003 {
        r003(ocid, facts, s, &mut flags);
    }
    if let Some(s) = &m.r018 {
        let competitive = s.procurement_methods.is_empty()
            || facts
                .method
                .as_ref()
                .is_some_and(|method| s.procurement_methods.contains(method));
        if competitive && facts.number_of_tenderers == Some(1) {
            flags.push(Flag::process(
                ocid,
                "R018",
                1.0,
                json!({"method": facts.method, "tenderers": 1}),
            ));
        }
    }
    if m.r028.is_some() && m.compares_prices(facts.method_details.as_deref()) {
        r028(ocid, facts, &mut flags);
    }
    if m.r030.is_some() {
        r030(ocid, facts, &mut flags);
    }
    if let Some(s) = &m.r035 {
        r035(ocid, facts, s.threshold.max(1), &mut flags);
    }
    if m.r036.is_some() && m.compares_prices(facts.method_details.as_deref()) {
        r036(ocid, facts, m.main_currency(), &mut flags);
    }
    flags
}

fn r003(ocid: &str, facts: &Facts, s: &super::settings::R003, flags: &mut Vec<Flag>) {
    if !s.procurement_methods.is_empty()
        && !facts
            .method
            .as_ref()
            .is_some_and(|method| s.procurement_methods.contains(method))
    {
        return;
    }
    let parse = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
    };
    let (Some(start), Some(end)) = (parse(&facts.period_start), parse(&facts.period_end)) else {
        return;
    };
    let days = (end - start).num_days();
    let threshold = facts
        .method_details
        .as_ref()
        .and_then(|d| s.procurement_method_details.get(d))
        .copied()
        .unwrap_or(s.threshold);
    if days < threshold {
        flags.push(Flag::process(
            ocid,
            "R003",
            1.0,
            json!({"days": days, "threshold": threshold,
                   "start": facts.period_start, "end": facts.period_end}),
        ));
    }
}

fn r028(ocid: &str, facts: &Facts, flags: &mut Vec<Flag>) {
    // Bids at one price (exact amount and currency), and the distinct sets of tenderers that
    // offered it: two sets or more at one price is the flag.
    type Price<'a> = (f64, &'a str);
    let mut by_price: Vec<(Price<'_>, Vec<BTreeSet<&str>>)> = Vec::new();
    for bid in facts.submitted() {
        let (Some(amount), Some(currency), Some(tenderers)) =
            (bid.amount, bid.currency.as_deref(), bid.tenderers.as_ref())
        else {
            continue;
        };
        let set: BTreeSet<&str> = tenderers.iter().map(String::as_str).collect();
        if set.is_empty() {
            continue;
        }
        match by_price
            .iter_mut()
            .find(|((a, c), _)| *a == amount && *c == currency)
        {
            Some((_, sets)) => {
                if !sets.contains(&set) {
                    sets.push(set);
                }
            }
            None => by_price.push(((amount, currency), vec![set])),
        }
    }
    let mut tenderers = BTreeSet::new();
    let mut prices = Vec::new();
    for ((amount, currency), sets) in &by_price {
        if sets.len() >= 2 {
            prices.push(json!({"amount": amount, "currency": currency}));
            tenderers.extend(sets.iter().flatten().copied());
        }
    }
    if prices.is_empty() {
        return;
    }
    flags.push(Flag::process(
        ocid,
        "R028",
        1.0,
        json!({"prices": prices, "tenderers": tenderers}),
    ));
    for t in tenderers {
        flags.push(Flag::tenderer(t, "R028", 1.0, ocid));
    }
}

fn r030(ocid: &str, facts: &Facts, flags: &mut Vec<Flag>) {
    let (Some(deadline), Some(_), Some(bids)) = (&facts.period_end, &facts.awards, &facts.bids)
    else {
        return;
    };
    let winners: BTreeSet<&str> = facts
        .active_awards()
        .flat_map(|a| a.suppliers.iter().flatten().map(String::as_str))
        .collect();
    let mut late = BTreeSet::new();
    let mut dates = Vec::new();
    for bid in bids.iter().filter(|b| b.is("valid")) {
        let (Some(date), Some(tenderers)) = (&bid.date, &bid.tenderers) else {
            continue;
        };
        if !after(date, deadline) {
            continue;
        }
        for t in tenderers.iter().filter(|t| winners.contains(t.as_str())) {
            late.insert(t.as_str());
            dates.push(date.clone());
        }
    }
    if late.is_empty() {
        return;
    }
    flags.push(Flag::process(
        ocid,
        "R030",
        1.0,
        json!({"deadline": deadline, "bid_dates": dates, "tenderers": late}),
    ));
    for t in late {
        flags.push(Flag::tenderer(t, "R030", 1.0, ocid));
    }
}

/// Whether `date` is after `deadline`: as instants when both are RFC 3339 timestamps (Cardinal
/// compares the texts, which is wrong across time zones), as texts otherwise.
fn after(date: &str, deadline: &str) -> bool {
    use chrono::DateTime;
    match (
        DateTime::parse_from_rfc3339(date),
        DateTime::parse_from_rfc3339(deadline),
    ) {
        (Ok(d), Ok(e)) => d > e,
        _ => date > deadline,
    }
}

fn r035(ocid: &str, facts: &Facts, threshold: usize, flags: &mut Vec<Flag>) {
    let Some(awards) = facts.final_awards() else {
        return;
    };
    let suppliers: BTreeSet<&str> = awards
        .iter()
        .flat_map(|a| a.suppliers.iter().flatten().map(String::as_str))
        .collect();
    let ids = |status: &str| -> BTreeSet<&str> {
        facts
            .bids
            .iter()
            .flatten()
            .filter(|b| b.is(status))
            .flat_map(|b| b.tenderers.iter().flatten().map(String::as_str))
            .collect()
    };
    let valid = ids("valid");
    if valid.len() != 1 || valid != suppliers {
        return;
    }
    let others: Vec<&str> = ids("disqualified").difference(&valid).copied().collect();
    if others.len() < threshold {
        return;
    }
    let winner = valid.iter().next().copied().unwrap_or_default();
    flags.push(Flag::process(
        ocid,
        "R035",
        others.len() as f64,
        json!({"winner": winner, "disqualified": others}),
    ));
    flags.push(Flag::tenderer(winner, "R035", 0.0, ocid));
}

fn r036(ocid: &str, facts: &Facts, main_currency: Option<&str>, flags: &mut Vec<Flag>) {
    if facts.active_awards().next().is_none() {
        return;
    }
    let priced = |b: &&Bid| b.amount.is_some() && b.currency.is_some();
    // Without a main currency, the process's own: that of its first priced bid.
    let Some(currency) = main_currency.map(str::to_owned).or_else(|| {
        facts
            .submitted()
            .find(priced)
            .and_then(|b| b.currency.clone())
    }) else {
        return;
    };
    let mut lowest: Option<&Bid> = None;
    let mut lowest_valid: Option<f64> = None;
    for bid in facts
        .submitted()
        .filter(priced)
        .filter(|b| b.currency.as_deref() == Some(currency.as_str()))
    {
        let amount = bid.amount.unwrap_or_default();
        if lowest.is_none_or(|l| amount < l.amount.unwrap_or_default()) {
            lowest = Some(bid);
        }
        if bid.is("valid") {
            lowest_valid = Some(lowest_valid.map_or(amount, |v: f64| v.min(amount)));
        }
    }
    if let (Some(low), Some(valid)) = (lowest, lowest_valid) {
        if low.is("disqualified") {
            flags.push(Flag::process(
                ocid,
                "R036",
                1.0,
                json!({"lowest": low.amount, "lowest_valid": valid, "currency": currency,
                       "tenderers": low.tenderers}),
            ));
        }
    }
}

/// The winning bid and the lowest other valid bid of a price-only award, for R024 and R058.
#[derive(Debug, Clone)]
struct Spread {
    ocid: String,
    winner: String,
    winning: f64,
    second: String,
    second_bid: f64,
    currency: String,
    ratio: f64,
}

fn spread(ocid: &str, facts: &Facts, m: &Methodology) -> Option<Spread> {
    if !m.compares_prices(facts.method_details.as_deref()) {
        return None;
    }
    let awards = facts.final_awards()?;
    let [award] = awards.as_slice() else {
        return None;
    };
    let supplier = award.sole_supplier()?;
    let candidates: Vec<(&str, f64, &str)> = facts
        .bids
        .iter()
        .flatten()
        .filter(|b| b.is("valid"))
        .filter_map(|b| Some((b.sole_tenderer()?, b.amount?, b.currency.as_deref()?)))
        .collect();
    let currency = match m.main_currency() {
        Some(c) => c,
        None => candidates.iter().find(|(t, ..)| *t == supplier)?.2,
    };
    let mut winning: Option<f64> = None;
    let mut second: Option<(&str, f64)> = None;
    for &(t, amount, c) in &candidates {
        if c != currency {
            continue;
        }
        if t == supplier {
            winning = Some(winning.map_or(amount, |w| w.min(amount)));
        } else if second.is_none_or(|(_, s)| amount < s) {
            second = Some((t, amount));
        }
    }
    let (winning, (second, second_bid)) = (winning?, second?);
    // A cheaper other bid: the award was not on price alone. A winning bid of zero has no ratio.
    if second_bid < winning || winning == 0.0 {
        return None;
    }
    Some(Spread {
        ocid: ocid.to_owned(),
        winner: supplier.to_owned(),
        winning,
        second: second.to_owned(),
        second_bid,
        currency: currency.to_owned(),
        ratio: (second_bid - winning) / winning,
    })
}

#[derive(Default)]
struct Ratio {
    num: u64,
    den: u64,
}

/// What the indicators that compare processes gather, process by process, before their fences.
#[derive(Default)]
pub struct Comparison {
    /// R024, R058: the spread of each price-only award, for the quartiles. A number per
    /// process, not its names: the flags are found in a second pass ([`SpreadFences::flags`]).
    ratios: Vec<f64>,
    /// R025: processes each tenderer made a valid bid in, and won.
    r025: HashMap<String, Ratio>,
    /// R038: disqualified and submitted bids per buyer, procuring entity and tenderer.
    r038: [HashMap<String, Ratio>; 3],
    /// R048: first-level categories each supplier was awarded, and in how many processes.
    r048: HashMap<String, (BTreeSet<String>, u64)>,
}

impl Comparison {
    pub fn add(&mut self, ocid: &str, facts: &Facts, m: &Methodology) {
        let facts = &*m.normalized(facts);
        if excluded(facts, m) {
            return;
        }
        if m.r024.is_some() || m.r058.is_some() {
            if let Some(s) = spread(ocid, facts, m) {
                self.ratios.push(s.ratio);
            }
        }
        if m.r025.is_some() {
            self.add_r025(facts);
        }
        if m.r038.is_some() {
            self.add_r038(facts);
        }
        if let Some(s) = &m.r048 {
            self.add_r048(facts, s.digits);
        }
    }

    fn add_r025(&mut self, facts: &Facts) {
        let Some(awards) = facts.final_awards() else {
            return;
        };
        let [award] = awards.as_slice() else {
            return;
        };
        let Some(supplier) = award.sole_supplier() else {
            return;
        };
        let valid: BTreeSet<&str> = facts
            .bids
            .iter()
            .flatten()
            .filter(|b| b.is("valid"))
            .filter_map(Bid::sole_tenderer)
            .collect();
        for t in valid {
            let r = self.r025.entry(t.to_owned()).or_default();
            r.den += 1;
            r.num += u64::from(t == supplier);
        }
    }

    fn add_r038(&mut self, facts: &Facts) {
        let submitted: Vec<&Bid> = facts.submitted().collect();
        if submitted.is_empty() {
            return;
        }
        let disqualified = submitted.iter().filter(|b| b.is("disqualified")).count() as u64;
        let [buyers, entities, tenderers] = &mut self.r038;
        for (map, id) in [(buyers, &facts.buyer), (entities, &facts.procuring_entity)] {
            if let Some(id) = id {
                let r = map.entry(id.clone()).or_default();
                r.num += disqualified;
                r.den += submitted.len() as u64;
            }
        }
        for bid in &submitted {
            for t in bid.tenderers.iter().flatten() {
                let r = tenderers.entry(t.clone()).or_default();
                r.den += 1;
                r.num += u64::from(bid.is("disqualified"));
            }
        }
    }

    fn add_r048(&mut self, facts: &Facts, digits: usize) {
        let mut seen = BTreeSet::new();
        for award in facts.active_awards() {
            let (Some(supplier), Some(codes)) = (award.sole_supplier(), &award.classifications)
            else {
                continue;
            };
            for code in codes {
                let entry = self
                    .r048
                    .entry(supplier.to_owned())
                    .or_insert_with(|| (BTreeSet::new(), 0));
                entry.0.insert(code.chars().take(digits).collect());
                if seen.insert(supplier) {
                    entry.1 += 1;
                }
            }
        }
    }

    /// The fences of R024 and R058, once every process was added.
    pub fn fences(&self, m: &Methodology) -> SpreadFences {
        // R024: without a threshold, the lower fence; with one, the fence is the threshold.
        let r024 = m.r024.as_ref().and_then(|s| {
            let fence = match s.threshold {
                Some(t) => Some((1.0, t)),
                None => Quartiles::of(&self.ratios).map(|q| (q.q1, q.lower_fence())),
            };
            fence
                .filter(|(q1, f)| *q1 > 0.0 && *f > 0.0)
                .map(|(_, f)| f)
        });
        let r058 = m.r058.as_ref().and_then(|s| {
            s.threshold
                .or_else(|| Quartiles::of(&self.ratios).map(|q| q.upper_fence()))
                .filter(|f| *f > 0.0)
        });
        SpreadFences { r024, r058 }
    }

    /// The flags of the tallies across processes, once every process was added (R024 and
    /// R058 come from [`SpreadFences::flags`]).
    pub fn finish(self, m: &Methodology) -> Vec<Flag> {
        let mut flags = Vec::new();
        if let Some(s) = &m.r025 {
            let counts: Vec<f64> = self.r025.values().map(|r| r.den as f64).collect();
            let top = quantile(&counts, f64::from(s.percentile) / 100.0);
            let shares: Vec<f64> = self
                .r025
                .values()
                .map(|r| r.num as f64 / r.den as f64)
                .collect();
            let fence = match s.threshold {
                Some(t) => Some((1.0, t)),
                None => Quartiles::of(&shares).map(|q| (q.q1, q.lower_fence())),
            };
            if let (Some(top), Some((_, fence))) =
                (top, fence.filter(|(q1, f)| *q1 > 0.0 && *f > 0.0))
            {
                for (id, r) in sorted(&self.r025) {
                    let share = r.num as f64 / r.den as f64;
                    if r.den as f64 >= top && share <= fence {
                        flags.push(Flag::entity(
                            Scope::Tenderer,
                            id,
                            "R025",
                            share,
                            json!({"won": r.num, "bid": r.den, "fence": fence, "top": top}),
                        ));
                    }
                }
            }
        }
        if let Some(s) = &m.r038 {
            let [buyers, entities, tenderers] = &self.r038;
            for (scope, map, minimum) in [
                (Scope::Buyer, buyers, s.minimum_contracting_processes),
                (
                    Scope::ProcuringEntity,
                    entities,
                    s.minimum_contracting_processes,
                ),
                (Scope::Tenderer, tenderers, s.minimum_submitted_bids),
            ] {
                let kept: Vec<(&String, &Ratio)> = sorted(map)
                    .into_iter()
                    .filter(|(_, r)| r.den >= minimum)
                    .collect();
                let shares: Vec<f64> = kept
                    .iter()
                    .map(|(_, r)| r.num as f64 / r.den as f64)
                    .collect();
                let fence = s
                    .threshold
                    .or_else(|| Quartiles::of(&shares).map(|q| q.upper_fence()));
                let Some(fence) = fence.filter(|f| *f > 0.0) else {
                    continue;
                };
                for ((id, r), share) in kept.iter().zip(&shares) {
                    if *share >= fence {
                        flags.push(Flag::entity(
                            scope,
                            id,
                            "R038",
                            *share,
                            json!({"disqualified": r.num, "submitted": r.den, "fence": fence}),
                        ));
                    }
                }
            }
        }
        if let Some(s) = &m.r048 {
            let kept: BTreeMap<&String, &BTreeSet<String>> = self
                .r048
                .iter()
                .filter(|(_, (_, n))| *n >= s.minimum_contracting_processes)
                .map(|(id, (codes, _))| (id, codes))
                .collect();
            let variety: Vec<f64> = kept.values().map(|c| c.len() as f64).collect();
            let fence = s
                .threshold
                .map(|t| t as f64)
                .or_else(|| Quartiles::of(&variety).map(|q| q.upper_fence()));
            if let Some(fence) = fence {
                for (id, codes) in kept {
                    if codes.len() as f64 >= fence {
                        flags.push(Flag::entity(
                            Scope::Tenderer,
                            id,
                            "R048",
                            codes.len() as f64,
                            json!({"categories": codes, "fence": fence}),
                        ));
                    }
                }
            }
        }
        flags
    }
}

/// Where R024 and R058 flag a price spread, from the spreads of every process.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpreadFences {
    r024: Option<f64>,
    r058: Option<f64>,
}

impl SpreadFences {
    /// Whether either indicator flags anything (else no second pass is needed).
    pub fn any(&self) -> bool {
        self.r024.is_some() || self.r058.is_some()
    }

    /// A process's R024 and R058 flags, with its tenderers'.
    pub fn flags(&self, ocid: &str, facts: &Facts, m: &Methodology) -> Vec<Flag> {
        let mut flags = Vec::new();
        if !self.any() {
            return flags;
        }
        let facts = &*m.normalized(facts);
        if excluded(facts, m) {
            return flags;
        }
        let Some(sp) = spread(ocid, facts, m) else {
            return flags;
        };
        if let Some(fence) = self.r024.filter(|f| sp.ratio <= *f) {
            flags.push(sp.flag("R024", fence));
            flags.push(Flag::tenderer(&sp.winner, "R024", 0.0, &sp.ocid));
            flags.push(Flag::tenderer(&sp.second, "R024", 0.0, &sp.ocid));
        }
        if let Some(fence) = self.r058.filter(|f| sp.ratio >= *f) {
            flags.push(sp.flag("R058", fence));
            flags.push(Flag::tenderer(&sp.winner, "R058", 0.0, &sp.ocid));
        }
        flags
    }
}

impl Spread {
    fn flag(&self, code: &'static str, fence: f64) -> Flag {
        Flag::process(
            &self.ocid,
            code,
            self.ratio,
            json!({"winner": self.winner, "winning_bid": self.winning,
                   "second": self.second, "second_bid": self.second_bid,
                   "currency": self.currency, "fence": fence}),
        )
    }
}

fn sorted<V>(map: &HashMap<String, V>) -> Vec<(&String, &V)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}
