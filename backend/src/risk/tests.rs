//! The methodology's worked examples (docs/cli/indicators of Cardinal's documentation),
//! rewritten as our own fixtures: each indicator gives the documented output on them.

use super::*;
use serde_json::json;

/// Runs the procurement indicators over compiled releases, one JSON object per line.
fn run(lines: &str, settings: &str) -> Value {
    let m = Methodology::parse("test.toml", settings).expect("settings");
    let processes: Vec<(String, Facts)> = lines
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("fixture line");
            let ocid = v["ocid"].as_str().expect("ocid").to_owned();
            (ocid, Facts::of(&v).unwrap_or_default())
        })
        .collect();
    let flags = procurement_flags(processes.iter().map(|(o, f)| (o.as_str(), f)), &m);
    cardinal_shape(&flags)
}

fn bid(status: &str, tenderer: &str, amount: f64) -> Value {
    json!({"status": status, "tenderers": [{"id": tenderer}], "value": {"amount": amount, "currency": "USD"}})
}

fn line(ocid: &str, bids: Vec<Value>, awards: Value) -> String {
    json!({"ocid": ocid, "bids": {"details": bids}, "awards": awards}).to_string()
}

fn winner_and(ocid: &str, w: f64, l: f64) -> String {
    line(
        ocid,
        vec![bid("valid", "W", w), bid("valid", "L", l)],
        json!([{"status": "active", "suppliers": [{"id": "W"}]}]),
    )
}

#[test]
fn r003_short_submission_period() {
    let f = r#"{"ocid":"F","tender":{"tenderPeriod":{"startDate":"2020-08-03T18:00:00-05:00","endDate":"2020-08-04T18:00:00-05:00"}}}"#;
    assert_eq!(run(f, "[R003]"), json!({"OCID": {"F": {"R003": 1.0}}}));
    // Whole days, truncated: 14 days 23:59:59 is short, 15 days is not.
    let edge = r#"{"ocid":"short","tender":{"tenderPeriod":{"startDate":"2000-01-01T18:00:00Z","endDate":"2000-01-16T17:59:59Z"}}}
{"ocid":"exact","tender":{"tenderPeriod":{"startDate":"2000-01-01T18:00:00Z","endDate":"2000-01-16T18:00:00Z"}}}
{"ocid":"invalid","tender":{"tenderPeriod":{"startDate":"invalid","endDate":"2000-01-02T18:00:00Z"}}}
{"ocid":"x","tender":{"procurementMethodDetails":"x","tenderPeriod":{"startDate":"2000-01-01T18:00:00Z","endDate":"2000-01-06T17:59:59Z"}}}
{"ocid":"x5","tender":{"procurementMethodDetails":"x","tenderPeriod":{"startDate":"2000-01-01T18:00:00Z","endDate":"2000-01-06T18:00:00Z"}}}
{"ocid":"direct","tender":{"procurementMethod":"direct","tenderPeriod":{"startDate":"2000-01-01T18:00:00Z","endDate":"2000-01-02T18:00:00Z"}}}"#;
    assert_eq!(
        run(edge, "[R003]\n[R003.procurement_method_details]\nx = 5\n"),
        json!({"OCID": {"short": {"R003": 1.0}, "x": {"R003": 1.0}, "direct": {"R003": 1.0}}})
    );
    assert_eq!(
        run(edge, "[R003]\nprocurement_methods = [\"open\"]\n"),
        json!({})
    );
}

#[test]
fn r018_single_bid() {
    let f = r#"{"ocid":"F","tender":{"numberOfTenderers":1,"procurementMethod":"open"}}
{"ocid":"selective","tender":{"numberOfTenderers":1,"procurementMethod":"selective"}}
{"ocid":"direct","tender":{"numberOfTenderers":1,"procurementMethod":"direct"}}
{"ocid":"missing","tender":{"numberOfTenderers":1}}
{"ocid":"two","tender":{"numberOfTenderers":2,"procurementMethod":"open"}}
{"ocid":"negative","tender":{"numberOfTenderers":-1,"procurementMethod":"open"}}"#;
    assert_eq!(
        run(f, "[R018]"),
        json!({"OCID": {"F": {"R018": 1.0}, "selective": {"R018": 1.0}}})
    );
}

#[test]
fn r024_price_close_to_winning_bid() {
    let mut f = vec![winner_and("F", 1.0, 2.0)];
    for o in ["1", "2", "3", "4"] {
        f.push(winner_and(o, 1.0, 100.0));
    }
    assert_eq!(
        run(&f.join("\n"), "[R024]"),
        json!({"OCID": {"F": {"R024": 1.0}}, "Tenderer": {"W": {"R024": 0.0}, "L": {"R024": 0.0}}})
    );
    // A pending award, several active awards or a cheaper other bid leave a process out.
    let mut more = f.clone();
    more.push(line(
        "pending",
        vec![bid("valid", "W", 1.0), bid("valid", "L", 1.0)],
        json!([{"status": "active", "suppliers": [{"id": "W"}]}, {"status": "pending"}]),
    ));
    more.push(winner_and("cheaper", 2.0, 1.0));
    assert_eq!(
        run(&more.join("\n"), "[R024]"),
        run(&f.join("\n"), "[R024]")
    );
    // A fixed threshold replaces the fence.
    assert_eq!(run(&f.join("\n"), "[R024]\nthreshold = 0.5\n"), json!({}));
}

#[test]
fn r025_excessive_unsuccessful_bids() {
    let mut f = vec![line(
        "0",
        vec![json!({"status": "valid", "tenderers": [{"id": "F"}]})],
        json!([{"status": "active", "suppliers": [{"id": "F"}]}]),
    )];
    for o in ["1", "2", "3", "4", "5"] {
        f.push(line(
            o,
            vec![
                json!({"status": "valid", "tenderers": [{"id": "F"}]}),
                json!({"status": "valid", "tenderers": [{"id": o}]}),
            ],
            json!([{"status": "active", "suppliers": [{"id": o}]}]),
        ));
    }
    assert_eq!(
        run(&f.join("\n"), "[R025]"),
        json!({"Tenderer": {"F": {"R025": 1.0 / 6.0}}})
    );
}

#[test]
fn r028_identical_bid_prices() {
    let f = format!(
        "{}\n{}\n{}",
        line(
            "F",
            vec![bid("valid", "V", 1.0), bid("disqualified", "D", 1.0)],
            json!([])
        ),
        line(
            "same",
            vec![bid("valid", "T", 1.0), bid("disqualified", "T", 1.0)],
            json!([])
        ),
        line(
            "decimals",
            vec![bid("valid", "A", 1.0), bid("valid", "B", 1.1)],
            json!([])
        ),
    );
    assert_eq!(
        run(&f, "[R028]"),
        json!({"OCID": {"F": {"R028": 1.0}}, "Tenderer": {"D": {"R028": 1.0}, "V": {"R028": 1.0}}})
    );
    // Prices fixed by the buyer are not compared.
    let fixed = f.replace(
        "\"ocid\":\"F\"",
        "\"ocid\":\"F\",\"tender\":{\"procurementMethodDetails\":\"NPC\"}",
    );
    assert_eq!(
        run(
            &fixed,
            "no_price_comparison_procurement_methods = [\"NPC\"]\n[R028]"
        ),
        json!({})
    );
}

#[test]
fn r030_late_bid_won() {
    let f = r#"{"ocid":"F","bids":{"details":[{"status":"valid","date":"2000-04-01T00:00:00Z","tenderers":[{"id":"W"}]}]},"tender":{"tenderPeriod":{"endDate":"2000-03-15T00:00:00Z"}},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}
{"ocid":"losing","bids":{"details":[{"status":"valid","date":"2000-04-01T00:00:00Z","tenderers":[{"id":"L"}]}]},"tender":{"tenderPeriod":{"endDate":"2000-03-15T00:00:00Z"}},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}
{"ocid":"pending","bids":{"details":[{"status":"valid","date":"2000-04-01T00:00:00Z","tenderers":[{"id":"W"}]}]},"tender":{"tenderPeriod":{"endDate":"2000-03-15T00:00:00Z"}},"awards":[{"status":"pending","suppliers":[{"id":"W"}]}]}
{"ocid":"cancelled","bids":{"details":[{"status":"valid","date":"2000-04-01T00:00:00Z","tenderers":[{"id":"W"}]}]},"tender":{"status":"cancelled","tenderPeriod":{"endDate":"2000-03-15T00:00:00Z"}},"awards":[{"status":"active","suppliers":[{"id":"W"}]}]}"#;
    assert_eq!(
        run(f, "[R030]"),
        json!({"OCID": {"F": {"R030": 1.0}}, "Tenderer": {"W": {"R030": 1.0}}})
    );
}

#[test]
fn r035_all_except_winning_bid_disqualified() {
    let active_v = json!([{"status": "active", "suppliers": [{"id": "V"}]}]);
    let tb = |status: &str, t: &str| json!({"status": status, "tenderers": [{"id": t}]});
    let f = [
        line(
            "F1",
            vec![tb("disqualified", "D"), tb("valid", "V")],
            active_v.clone(),
        ),
        line(
            "F2",
            vec![
                tb("disqualified", "D"),
                tb("disqualified", "E"),
                tb("valid", "V"),
            ],
            active_v.clone(),
        ),
        line(
            "pending award",
            vec![tb("disqualified", "D"), tb("valid", "V")],
            json!([{"status": "active", "suppliers": [{"id": "V"}]}, {"status": "pending"}]),
        ),
        line(
            "two valid",
            vec![tb("disqualified", "D"), tb("valid", "V"), tb("valid", "W")],
            active_v.clone(),
        ),
        line("only valid", vec![tb("valid", "V")], active_v),
    ]
    .join("\n");
    assert_eq!(
        run(&f, "[R035]"),
        json!({"OCID": {"F1": {"R035": 1.0}, "F2": {"R035": 2.0}}, "Tenderer": {"V": {"R035": 0.0}}})
    );
    assert_eq!(
        run(&f, "[R035]\nthreshold = 2\n"),
        json!({"OCID": {"F2": {"R035": 2.0}}, "Tenderer": {"V": {"R035": 0.0}}})
    );
}

#[test]
fn r036_lowest_bid_disqualified() {
    let priced = |status: &str, amount: f64| json!({"status": status, "value": {"amount": amount, "currency": "USD"}});
    let active = json!([{"status": "active"}]);
    let f = [
        line(
            "F",
            vec![priced("disqualified", 1.0), priced("valid", 2.0)],
            active.clone(),
        ),
        line(
            "invited",
            vec![
                priced("disqualified", 10.0),
                priced("valid", 20.0),
                priced("invited", 1.0),
            ],
            active.clone(),
        ),
        line(
            "pending",
            vec![
                priced("disqualified", 10.0),
                priced("valid", 20.0),
                priced("pending", 1.0),
            ],
            active.clone(),
        ),
        line(
            "valid",
            vec![priced("disqualified", 10.0), priced("valid", 1.0)],
            active.clone(),
        ),
        line(
            "equal",
            vec![priced("disqualified", 1.0), priced("valid", 1.0)],
            active,
        ),
        line(
            "nonfinal",
            vec![priced("disqualified", 1.0), priced("valid", 2.0)],
            json!([{"status": "pending"}]),
        ),
    ]
    .join("\n");
    assert_eq!(
        run(&f, "[R036]"),
        json!({"OCID": {"F": {"R036": 1.0}, "invited": {"R036": 1.0}, "equal": {"R036": 1.0}}})
    );
}

#[test]
fn r038_excessive_disqualified_bids() {
    let tb = |status: &str, t: &str| json!({"status": status, "tenderers": [{"id": t}]});
    let mut f = vec![
        json!({"ocid": "0", "bids": {"details": [tb("valid", "W"), tb("disqualified", "D")]},
                            "buyer": {"id": "B"}, "tender": {"procuringEntity": {"id": "P"}}})
        .to_string(),
    ];
    for o in ["1", "2", "3", "4"] {
        f.push(
            json!({"ocid": o, "bids": {"details": [tb("valid", "W")]}, "buyer": {"id": o},
                   "tender": {"procuringEntity": {"id": o}}})
            .to_string(),
        );
    }
    assert_eq!(
        run(&f.join("\n"), "[R038]"),
        json!({"Buyer": {"B": {"R038": 0.5}}, "ProcuringEntity": {"P": {"R038": 0.5}}})
    );
}

#[test]
fn r048_heterogeneous_supplier() {
    let award = |s: &str, codes: &[&str]| {
        json!([{"status": "active", "suppliers": [{"id": s}],
                "items": codes.iter().map(|c| json!({"classification": {"id": c}})).collect::<Vec<_>>()}])
    };
    let mut f =
        vec![json!({"ocid": "F", "awards": award("F", &["10000000", "11000000"])}).to_string()];
    for o in ["1", "2", "3", "4"] {
        f.push(json!({"ocid": o, "awards": award(o, &["10000000"])}).to_string());
    }
    f.push(
        json!({"ocid": "two", "awards": [{"status": "active", "suppliers": [{"id": "S"}, {"id": "T"}],
               "items": [{"classification": {"id": "10"}}, {"classification": {"id": "20"}}, {"classification": {"id": "30"}}]}]})
        .to_string(),
    );
    assert_eq!(
        run(&f.join("\n"), "[R048]\nminimum_contracting_processes = 1\n"),
        json!({"Tenderer": {"F": {"R048": 2.0}}})
    );
    // The default minimum (20 processes) leaves these suppliers out.
    assert_eq!(run(&f.join("\n"), "[R048]"), json!({}));
}

#[test]
fn r058_heavily_discounted_bid() {
    let mut f = vec![winner_and("F", 1.0, 100.0)];
    for o in ["1", "2", "3", "4"] {
        f.push(winner_and(o, 1.0, 2.0));
    }
    assert_eq!(
        run(&f.join("\n"), "[R058]"),
        json!({"OCID": {"F": {"R058": 99.0}}, "Tenderer": {"W": {"R058": 0.0}}})
    );
}

#[test]
fn cancelled_and_excluded_processes_raise_nothing() {
    let f = r#"{"ocid":"c","tender":{"status":"cancelled","numberOfTenderers":1,"procurementMethod":"open"}}
{"ocid":"e","tender":{"procurementMethodDetails":"EXC","numberOfTenderers":1,"procurementMethod":"open"}}"#;
    assert_eq!(
        run(
            f,
            "[exclusions]\nprocurement_method_details = [\"EXC\"]\n[R018]"
        ),
        json!({})
    );
}

#[test]
fn tenderers_flagged_by_several_processes_are_one_entry() {
    let f = [
        line(
            "A",
            vec![bid("valid", "V", 1.0), bid("valid", "D", 1.0)],
            json!([]),
        ),
        line(
            "B",
            vec![bid("valid", "V", 5.0), bid("valid", "E", 5.0)],
            json!([]),
        ),
    ]
    .join("\n");
    let m = Methodology::parse("t", "[R028]").expect("settings");
    let facts: Vec<(String, Facts)> = f
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            (
                v["ocid"].as_str().unwrap_or_default().to_owned(),
                Facts::of(&v).unwrap_or_default(),
            )
        })
        .collect();
    let flags = procurement_flags(facts.iter().map(|(o, f)| (o.as_str(), f)), &m);
    let v = flags
        .iter()
        .find(|f| f.scope == Scope::Tenderer && f.subject == "V")
        .expect("V flagged");
    assert_eq!(v.details["processes"], json!(["A", "B"]));
    assert_eq!(v.details["count"], json!(2));
}

#[test]
fn publishers_codes_are_read_as_the_standards() {
    // ProZorro publishes valid bids as "active".
    let f = r#"{"ocid":"F","bids":{"details":[{"status":"active","tenderers":[{"id":"V"}]},{"status":"disqualified","tenderers":[{"id":"D"}]}]},"awards":[{"status":"active","suppliers":[{"id":"V"}]}]}"#;
    assert_eq!(
        run(f, "[R035]"),
        json!({}),
        "an active bid is not a valid one"
    );
    assert_eq!(
        run(f, "[R035]\n[codelists.bid_status]\nactive = \"valid\"\n"),
        json!({"OCID": {"F": {"R035": 1.0}}, "Tenderer": {"V": {"R035": 0.0}}})
    );
    let awards = r#"{"ocid":"G","bids":{"details":[{"status":"disqualified","tenderers":[{"id":"D"}]},{"status":"valid","tenderers":[{"id":"V"}]}]},"awards":[{"status":"ok","suppliers":[{"id":"V"}]}]}"#;
    assert_eq!(
        run(awards, "[R035]"),
        json!({}),
        "an unknown award status is not final"
    );
    assert_eq!(
        run(
            awards,
            "[R035]\n[codelists.award_status]\nok = \"active\"\n"
        ),
        json!({"OCID": {"G": {"R035": 1.0}}, "Tenderer": {"V": {"R035": 0.0}}})
    );
}

#[test]
fn organizations_named_without_an_id_are_keyed_as_the_directory_keys_them() {
    let f = r#"{"ocid":"U","bids":{"details":[{"status":"valid","value":{"amount":5,"currency":"UAH"},"tenderers":[{"identifier":{"scheme":"UA-EDR","id":"1"},"name":"A"}]},{"status":"disqualified","value":{"amount":5,"currency":"UAH"},"tenderers":[{"identifier":{"scheme":"UA-EDR","id":"2"},"name":"B"}]}]}}"#;
    assert_eq!(
        run(f, "[R028]"),
        json!({"OCID": {"U": {"R028": 1.0}}, "Tenderer": {"UA-EDR-1": {"R028": 1.0}, "UA-EDR-2": {"R028": 1.0}}})
    );
}

#[test]
fn sightings_merge_as_merge_does() {
    // Two indicators, organizations seen by one, two and sixty processes (more than are
    // kept), and flags of another shape that must be given back.
    let mut flags = Vec::new();
    for (org, times) in [("A", 1), ("B", 2), ("C", 60)] {
        for n in 0..times {
            flags.push(Flag::tenderer(org, "R028", 1.0, &format!("ocds-{org}-{n}")));
            flags.push(Flag::tenderer(org, "R035", 0.0, &format!("ocds-{org}-{n}")));
        }
    }
    let other = Flag::entity(Scope::Tenderer, "A", "R025", 0.1, json!({"won": 1}));
    let process = Flag::process("ocds-A-0", "R028", 1.0, json!({"processes": ["ocds-A-0"]}));
    let mut sightings = Sightings::default();
    let mut given_back = Vec::new();
    for flag in flags
        .iter()
        .cloned()
        .chain([other.clone(), process.clone()])
    {
        given_back.extend(sightings.add(flag));
    }
    assert_eq!(given_back, vec![other, process]);
    let mut merged: Vec<Flag> = sightings.into_flags().collect();
    merged.sort_by(|a, b| a.key().cmp(&b.key()));
    let expected = merge(flags);
    assert_eq!(merged, expected);
    let c = expected.iter().find(|f| f.subject == "C").expect("C");
    assert_eq!(c.details["count"], 60);
    assert_eq!(c.details["processes"].as_array().map(Vec::len), Some(50));
    let a = expected.iter().find(|f| f.subject == "A").expect("A");
    assert_eq!(a.details, json!({"processes": ["ocds-A-0"]}));
}
