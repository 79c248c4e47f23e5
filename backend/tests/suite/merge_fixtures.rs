//! Walks `../shared/data/merge-fixtures/` and checks that Veedor's merge reproduces every
//! expected compiled and versioned release there. Skips (loudly) when the shared data is absent.

use crate::common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use veedor::ocds::merge::{self, ArrayStrategy, MergeRules, OcdsVersion};

fn fixtures() -> Option<PathBuf> {
    common::shared_data().map(|d| d.join("merge-fixtures"))
}

fn load(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn assert_json_eq(actual: &Value, expected: &Value, what: &str) {
    if !merge::json_equal(actual, expected) {
        if std::env::var_os("MERGE_SOFT").is_some() {
            eprintln!("MISMATCH {what}");
            return;
        }
        panic!(
            "{what} differs\n--- expected\n{}\n--- actual\n{}",
            serde_json::to_string_pretty(expected).unwrap_or_default(),
            serde_json::to_string_pretty(actual).unwrap_or_default()
        );
    }
}

/// Releases of a release package and the rules its `version` calls for.
fn package_releases(path: &Path) -> (Vec<Value>, OcdsVersion) {
    let package = load(path);
    let version = OcdsVersion::from_package_field(package.get("version").and_then(Value::as_str));
    let releases = package["releases"].as_array().cloned().unwrap_or_default();
    (releases, version)
}

#[test]
fn shipped_rules_equal_rules_derived_from_the_schemas() {
    let Some(shared) = common::shared_data() else {
        return;
    };
    for (schema, version) in [
        ("schema/release-schema.json", OcdsVersion::V1_1),
        (
            "merge-fixtures/ocds-merge/release-schema-1__1__4.json",
            OcdsVersion::V1_1,
        ),
        (
            "merge-fixtures/ocds-merge/release-schema-1__0__3.json",
            OcdsVersion::V1_0,
        ),
    ] {
        let derived = MergeRules::from_schema(&load(&shared.join(schema))).expect(schema);
        assert_eq!(
            derived.entries(),
            MergeRules::for_version(version).entries(),
            "{schema}"
        );
    }
}

#[test]
fn ocds_merge_fixtures() {
    let Some(root) = fixtures() else { return };
    let root = root.join("ocds-merge");
    let rules_for = |dir: &str| -> MergeRules {
        let schema = match dir {
            "1.1" => "release-schema-1__1__4.json",
            "1.0" => "release-schema-1__0__3.json",
            _ => "schema.json",
        };
        MergeRules::from_schema(&load(&root.join(schema))).expect(schema)
    };
    let mut checked = 0;
    for dir in ["1.0", "1.1", "schema"] {
        let rules = rules_for(dir);
        let mut inputs: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("fixture dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                !name.contains("-compiled")
                    && !name.contains("-versioned")
                    && !name.contains("-append")
                    && !name.contains("-by-position")
            })
            .collect();
        inputs.sort();
        for input in inputs {
            let releases = load(&input).as_array().cloned().expect("array of releases");
            let stem = input.with_extension("");
            let compiled = PathBuf::from(format!("{}-compiled.json", stem.display()));
            let versioned = PathBuf::from(format!("{}-versioned.json", stem.display()));
            if compiled.exists() {
                let merged = merge::compile(&releases, &rules).expect("compile");
                assert_json_eq(
                    &merged.release,
                    &load(&compiled),
                    &compiled.display().to_string(),
                );
                checked += 1;
            }
            if versioned.exists() {
                let merged = merge::versioned(&releases, &rules).expect("versioned");
                assert_json_eq(
                    &merged.release,
                    &load(&versioned),
                    &versioned.display().to_string(),
                );
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked, 50,
        "every default pair of ocds-merge's fixtures is checked"
    );

    // Rule overrides, and the duplicate-id warning, as ocds-merge's own tests use them.
    let shared = common::shared_data().expect("shared");
    let base =
        MergeRules::from_schema(&load(&shared.join("schema/release-schema.json"))).expect("schema");
    let twice = |name: &str| {
        let once = load(&root.join("schema").join(name))
            .as_array()
            .cloned()
            .expect("array");
        once.iter().chain(once.iter()).cloned().collect::<Vec<_>>()
    };
    for (input, expected, strategy) in [
        (
            "identifier-merge-duplicate-id.json",
            "identifier-merge-duplicate-id-by-position.json",
            ArrayStrategy::MergeByPosition,
        ),
        (
            "identifier-merge-duplicate-id.json",
            "identifier-merge-duplicate-id-append.json",
            ArrayStrategy::Append,
        ),
        (
            "identifier-merge-no-id.json",
            "identifier-merge-no-id-append.json",
            ArrayStrategy::Append,
        ),
    ] {
        let rules = base.clone().with_override("nested.array", strategy);
        let merged = merge::compile(&twice(input), &rules).expect("compile");
        assert_json_eq(
            &merged.release,
            &load(&root.join("schema").join(expected)),
            expected,
        );
    }
    let rules = rules_for("schema");
    let dup = load(&root.join("schema/identifier-merge-duplicate-id.json"))
        .as_array()
        .cloned()
        .expect("array");
    let merged = merge::compile(&dup, &rules).expect("compile");
    assert!(
        merged
            .warnings
            .iter()
            .any(|w| w.contains("nested.identifierMerge")),
        "{:?}",
        merged.warnings
    );
}

/// Record-package oracles: which release packages compile into which records.
#[test]
fn documented_record_oracles() {
    let Some(root) = fixtures() else { return };
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "ocdskit-realdata/release-package-1.json",
                "ocdskit-realdata/release-package-2.json",
            ],
            "ocdskit-realdata/record-package_package.json",
        ),
        (
            &[
                "ocdskit-realdata/release-package-1.json",
                "ocdskit-realdata/release-package-2.json",
            ],
            "ocdskit-realdata/record-package_versioned.json",
        ),
        (
            &[
                "ocdskit-realdata/release-package-1.json",
                "ocdskit-realdata/release-package-2.json",
            ],
            "ocdskit-realdata/record-package_linked-releases.json",
        ),
        (
            &[
                "standard-1.1.5-merging/merge-tender-1.json",
                "standard-1.1.5-merging/merge-tender-2.json",
                "standard-1.1.5-merging/merge-tender-3.json",
                "standard-1.1.5-merging/merge-award-1.json",
                "standard-1.1.5-merging/merge-award-2.json",
            ],
            "standard-1.1.5-merging/merged.json",
        ),
        (
            &[
                "standard-1.1.5-merging/merge-tender-1.json",
                "standard-1.1.5-merging/merge-tender-2.json",
                "standard-1.1.5-merging/merge-tender-3.json",
                "standard-1.1.5-merging/merge-award-1.json",
                "standard-1.1.5-merging/merge-award-2.json",
            ],
            "standard-1.1.5-merging/merged-tender.json",
        ),
        (
            &[
                "standard-1.1.5-merging/merge-tender-1.json",
                "standard-1.1.5-merging/merge-tender-2.json",
                "standard-1.1.5-merging/merge-tender-3.json",
                "standard-1.1.5-merging/merge-award-1.json",
                "standard-1.1.5-merging/merge-award-2.json",
            ],
            "standard-1.1.5-merging/versioned.json",
        ),
        (
            &[
                "standard-1.1.5-merging/example02-field-planning.json",
                "standard-1.1.5-merging/example02-field-tender.json",
            ],
            "standard-1.1.5-merging/example02-field-record.json",
        ),
        (
            &[
                "standard-1.1.5-merging/example02-object-tender.json",
                "standard-1.1.5-merging/example02-object-tenderAmendment.json",
            ],
            "standard-1.1.5-merging/example02-object-record.json",
        ),
        (
            &[
                "standard-1.1.5-merging/example03-award.json",
                "standard-1.1.5-merging/example03-awardAmendment.json",
            ],
            "standard-1.1.5-merging/example03-record.json",
        ),
        (
            &["sample-data-fictional-1.1/ocds-213czf-000-00001.json"],
            "sample-data-fictional-1.1/record/ocds-213czf-000-00001.json",
        ),
        (
            &[
                "sample-data-fictional-1.1/ocds-213czf-000-00001-01-planning.json",
                "sample-data-fictional-1.1/ocds-213czf-000-00001-02-tender.json",
                "sample-data-fictional-1.1/ocds-213czf-000-00001-03-tenderAmendment.json",
                "sample-data-fictional-1.1/ocds-213czf-000-00001-04-award.json",
                "sample-data-fictional-1.1/ocds-213czf-000-00001-05-contract.json",
                "sample-data-fictional-1.1/ocds-213czf-000-00001-06-implementation.json",
            ],
            "sample-data-fictional-1.1/record/ocds-213czf-000-00001-withversions.json",
        ),
    ];
    let mut checked = 0;
    for (inputs, expected) in cases {
        let mut releases = Vec::new();
        let mut version = OcdsVersion::V1_1;
        for input in *inputs {
            let (rs, v) = package_releases(&root.join(input));
            releases.extend(rs);
            version = v;
        }
        let rules = MergeRules::for_version(version);
        let package = load(&root.join(expected));
        for record in package["records"].as_array().expect("records") {
            let ocid = record["ocid"].as_str().expect("ocid");
            // A record's embedded releases are its oracle's input; linked ones ({url, date, tag})
            // point back at the release packages.
            let embedded: Vec<Value> = record["releases"]
                .as_array()
                .map(|rs| {
                    rs.iter()
                        .filter(|r| r.get("id").is_some())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let own: Vec<Value> = if embedded.is_empty() {
                releases
                    .iter()
                    .filter(|r| r["ocid"] == ocid)
                    .cloned()
                    .collect()
            } else {
                embedded
            };
            if let Some(compiled) = record.get("compiledRelease") {
                let merged = merge::compile(&own, rules).expect("compile");
                assert_json_eq(
                    &merged.release,
                    compiled,
                    &format!("{expected} {ocid} compiledRelease"),
                );
                checked += 1;
            }
            if let Some(versioned) = record.get("versionedRelease") {
                let merged = merge::versioned(&own, rules).expect("versioned");
                assert_json_eq(
                    &merged.release,
                    versioned,
                    &format!("{expected} {ocid} versionedRelease"),
                );
                checked += 1;
            }
        }
    }
    // Bare compiled and versioned releases from ocdskit.
    for (input, compiled, versioned) in [
        (
            "release-package-1.json",
            "compiled-release-1.json",
            Some("versioned-release-1.json"),
        ),
        (
            "release-package-2.json",
            "compiled-release-2.json",
            Some("versioned-release-2.json"),
        ),
        (
            "release-package_encoding-utf-8.json",
            "compile_encoding_encoding.json",
            None,
        ),
    ] {
        let (releases, version) = package_releases(&root.join("ocdskit-realdata").join(input));
        let rules = MergeRules::for_version(version);
        let merged = merge::compile(&releases, rules).expect("compile");
        assert_json_eq(
            &merged.release,
            &load(&root.join("ocdskit-realdata").join(compiled)),
            compiled,
        );
        checked += 1;
        if let Some(versioned) = versioned {
            let merged = merge::versioned(&releases, rules).expect("versioned");
            assert_json_eq(
                &merged.release,
                &load(&root.join("ocdskit-realdata").join(versioned)),
                versioned,
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "checked {checked} oracles");
}

/// The fast compiler and the reference agree on every process of every publisher, and on
/// generated data, including the warnings they give.
#[test]
fn fast_compile_equals_the_reference_on_all_data() {
    use std::collections::BTreeMap;
    use veedor::ocds::reader::{self, Incoming, Issue, Sink, SinkStop, VersionPolicy};

    #[derive(Default)]
    struct ByOcid(BTreeMap<String, (Vec<Value>, OcdsVersion)>);
    impl Sink for ByOcid {
        fn release(&mut self, r: Incoming) -> Result<(), SinkStop> {
            let entry = self
                .0
                .entry(r.ocid.clone())
                .or_insert((Vec::new(), r.version));
            entry
                .0
                .push(serde_json::from_str(&r.raw).expect("the reader checked it"));
            entry.1 = entry.1.max(r.version);
            Ok(())
        }
        fn issue(&mut self, _: Issue) {}
    }

    let mut sink = ByOcid::default();
    let mut generated = Vec::new();
    veedor::ocds::generate::generate(&mut generated, 200, 3).expect("generate");
    reader::read_input(
        "generated",
        std::io::Cursor::new(generated),
        &mut sink,
        VersionPolicy::default(),
    );
    // The generated processes always; the shared data sets too when they are here.
    let mut at_least = 200;
    if let Some(shared) = common::shared_data() {
        at_least = 300;
        let mut stack = vec![shared.join("ocds"), shared.join("merge-fixtures")];
        while let Some(path) = stack.pop() {
            if path.is_dir() {
                stack.extend(
                    std::fs::read_dir(&path)
                        .expect("dir")
                        .map(|e| e.expect("entry").path()),
                );
            } else {
                let file = std::fs::File::open(&path).expect("open");
                reader::read_input(
                    &path.display().to_string(),
                    file,
                    &mut sink,
                    VersionPolicy::default(),
                );
            }
        }
    }
    assert!(sink.0.len() >= at_least, "{} processes", sink.0.len());
    for (ocid, (releases, version)) in &sink.0 {
        let rules = MergeRules::for_version(*version);
        let reference = merge::compile(releases, rules);
        let fast = veedor::ocds::compile::compile_owned(releases.clone(), rules);
        match (reference, fast) {
            (Ok(a), Ok(b)) => {
                assert_json_eq(&b.release, &a.release, ocid);
                assert_eq!(a.warnings, b.warnings, "{ocid}");
            }
            (Err(a), Err(b)) => assert_eq!(a, b, "{ocid}"),
            (a, b) => panic!(
                "{ocid}: reference {:?} / fast {:?}",
                a.map(|m| m.release),
                b.map(|m| m.release)
            ),
        }
    }
}

/// Our own fixtures, whose expected outputs came from `ocdskit compile` (ocdskit 1.7.0,
/// ocdsmerge 0.8.0) with the 1.1.5 and 1.0.3 release schemas: objects without `id` in
/// identifier-merged arrays are new objects in every release, empty arrays are left out unless
/// their field is `wholeListMerge`, and published numbers come out exactly as published. Held
/// exactly (not by numeric tolerance) against the fast compiler, the reference merge and the
/// versioned release; runs without `../shared`.
#[test]
fn reference_compiler_fidelity_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compile");
    for (name, version) in [
        ("idless-1.1", OcdsVersion::V1_1),
        ("idless-1.0", OcdsVersion::V1_0),
    ] {
        let (releases, declared) = package_releases(&dir.join(format!("{name}.json")));
        assert_eq!(declared, version, "{name}");
        let rules = MergeRules::for_version(version);
        let expected = load(&dir.join(format!("{name}.compiled.json")));
        let fast = veedor::ocds::compile::compile_owned(releases.clone(), rules).expect(name);
        let reference = merge::compile(&releases, rules).expect(name);
        for (what, actual) in [("fast", &fast.release), ("reference", &reference.release)] {
            assert_eq!(
                actual,
                &expected,
                "{name} compiled ({what}):\n{}",
                serde_json::to_string(actual).unwrap_or_default()
            );
            let text = serde_json::to_string(actual).expect("serializes");
            for number in [
                "198233.33333333334",
                "0.30000000000000004",
                "12345678901234567890",
            ] {
                assert!(
                    text.contains(number),
                    "{name} ({what}) lost {number}: {text}"
                );
            }
        }
        let versioned = merge::versioned(&releases, rules).expect(name);
        let expected = load(&dir.join(format!("{name}.versioned.json")));
        assert_eq!(versioned.release, expected, "{name} versioned");
    }
    let text = std::fs::read_to_string(dir.join("idless-1.1.compiled.json")).expect("fixture");
    let tenderers = load(&dir.join("idless-1.1.compiled.json"))["tender"]["tenderers"]
        .as_array()
        .map(Vec::len);
    assert_eq!(
        tenderers,
        Some(9),
        "three releases of three id-less tenderers: {text}"
    );
}
