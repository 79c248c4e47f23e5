//! OCDS merge: turns the releases of one contracting process into a compiled release and a
//! versioned release, as the standard's merging page describes
//! (<https://standard.open-contracting.org/1.1/en/schema/merging/>).
//!
//! The algorithm flattens each release into `path -> value` pairs, where an object inside an
//! array is addressed by its `id` (identifier merge), lays the releases over each other in date
//! order, and folds the pairs back into a tree. Which paths are replaced whole or dropped comes
//! from [`MergeRules`], derived from the release schema of the data's OCDS version.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::sync::LazyLock;

use indexmap::IndexMap;
use serde_json::{Map, Value};

/// What the schema says about one field path (array positions left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// `omitWhenMerged`: never copied into merged releases.
    Omit,
    /// `wholeListMerge` (or an array of non-objects, or of objects without `id`): replaced whole.
    WholeList,
}

/// Per-array overrides of identifier merge, as ocds-merge offers them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayStrategy {
    /// Every object is a new entry, even when ids repeat.
    Append,
    /// Objects are matched by their position in the array, not by `id`.
    MergeByPosition,
}

/// The OCDS version whose merge rules apply to a release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OcdsVersion {
    V1_0,
    V1_1,
}

impl OcdsVersion {
    /// A package's `version` field; the standard says a package without one is OCDS 1.0.
    pub fn from_package_field(version: Option<&str>) -> OcdsVersion {
        match version {
            None => OcdsVersion::V1_0,
            Some(v) if v == "1.0" || v.starts_with("1.0.") => OcdsVersion::V1_0,
            Some(_) => OcdsVersion::V1_1,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OcdsVersion::V1_0 => "1.0",
            OcdsVersion::V1_1 => "1.1",
        }
    }

    pub fn parse(s: &str) -> OcdsVersion {
        if s == "1.0" {
            OcdsVersion::V1_0
        } else {
            OcdsVersion::V1_1
        }
    }
}

/// Merge rules keyed by dotted field path (`tender.items.additionalClassifications`).
#[derive(Debug, Clone, Default)]
pub struct MergeRules {
    rules: PathMap<Rule>,
    overrides: PathMap<ArrayStrategy>,
}

/// Rules are looked up for every field of every release, so a fast hash pays off. The keys are
/// schema paths fixed before any input is read, so hash flooding is no concern.
type PathMap<V> = HashMap<String, V, foldhash::fast::RandomState>;

// Derived from the OCDS release schemas (1.1.4/1.1.5 and 1.0.3) by the standard's algorithm; a
// test re-derives them from the schema files and checks these tables.
const OMIT_1_1: &[&str] = &["id", "date", "tag"];
const WHOLE_LIST_1_1: &[&str] = &[
    "parties.additionalIdentifiers",
    "parties.roles",
    "buyer.additionalIdentifiers",
    "tender.procuringEntity.additionalIdentifiers",
    "tender.items.additionalClassifications",
    "tender.additionalProcurementCategories",
    "tender.submissionMethod",
    "tender.tenderers.additionalIdentifiers",
    "tender.amendments.changes",
    "tender.amendment.changes",
    "awards.suppliers.additionalIdentifiers",
    "awards.items.additionalClassifications",
    "awards.amendments.changes",
    "awards.amendment.changes",
    "contracts.items.additionalClassifications",
    "contracts.implementation.transactions.payer.additionalIdentifiers",
    "contracts.implementation.transactions.payee.additionalIdentifiers",
    "contracts.relatedProcesses.relationship",
    "contracts.amendments.changes",
    "contracts.amendment.changes",
    "relatedProcesses.relationship",
];
const OMIT_1_0: &[&str] = &["ocid", "id", "date", "tag"];
const WHOLE_LIST_1_0: &[&str] = &[
    "tender.items.additionalClassifications",
    "tender.submissionMethod",
    "tender.tenderers",
    "tender.procuringEntity.additionalIdentifiers",
    "tender.amendment.changes",
    "buyer.additionalIdentifiers",
    "awards.suppliers",
    "awards.items.additionalClassifications",
    "awards.amendment.changes",
    "contracts.items.additionalClassifications",
    "contracts.amendment.changes",
];

static RULES_1_1: LazyLock<MergeRules> =
    LazyLock::new(|| MergeRules::from_tables(OMIT_1_1, WHOLE_LIST_1_1));
static RULES_1_0: LazyLock<MergeRules> =
    LazyLock::new(|| MergeRules::from_tables(OMIT_1_0, WHOLE_LIST_1_0));

impl MergeRules {
    fn from_tables(omit: &[&str], whole: &[&str]) -> MergeRules {
        let mut rules = PathMap::default();
        for path in omit {
            rules.insert((*path).to_owned(), Rule::Omit);
        }
        for path in whole {
            rules.insert((*path).to_owned(), Rule::WholeList);
        }
        MergeRules {
            rules,
            overrides: PathMap::default(),
        }
    }

    /// The built-in rules of an OCDS version.
    pub fn for_version(version: OcdsVersion) -> &'static MergeRules {
        match version {
            OcdsVersion::V1_0 => &RULES_1_0,
            OcdsVersion::V1_1 => &RULES_1_1,
        }
    }

    /// Derives rules from a release schema (local `$ref`s are followed).
    pub fn from_schema(schema: &Value) -> Result<MergeRules, MergeError> {
        let properties = schema
            .get("properties")
            .and_then(Value::as_object)
            .ok_or_else(|| MergeError::Schema("schema has no top-level properties".into()))?;
        let mut rules = PathMap::default();
        derive_rules(schema, properties, "", &mut rules, 0)?;
        Ok(MergeRules {
            rules,
            overrides: PathMap::default(),
        })
    }

    /// Sets how objects in the array at `path` are merged, instead of by `id`.
    pub fn with_override(mut self, path: &str, strategy: ArrayStrategy) -> MergeRules {
        self.overrides.insert(path.to_owned(), strategy);
        self
    }

    pub fn rule(&self, path: &str) -> Option<Rule> {
        self.rules.get(path).copied()
    }

    pub fn override_for(&self, path: &str) -> Option<ArrayStrategy> {
        self.overrides.get(path).copied()
    }

    /// The rules as sorted `(path, rule)` pairs, for comparisons and display.
    pub fn entries(&self) -> Vec<(String, Rule)> {
        let mut entries: Vec<_> = self.rules.iter().map(|(k, v)| (k.clone(), *v)).collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }
}

fn schema_types(prop: &Value) -> Vec<&str> {
    match prop.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Follows a local `$ref` (`#/definitions/X`); properties beside the `$ref` win.
fn resolve<'a>(root: &'a Value, prop: &'a Value, depth: usize) -> Result<Value, MergeError> {
    let Some(reference) = prop.get("$ref").and_then(Value::as_str) else {
        return Ok(prop.clone());
    };
    if depth > 64 {
        return Err(MergeError::Schema(format!(
            "$ref chain too deep at {reference}"
        )));
    }
    let pointer = reference
        .strip_prefix('#')
        .ok_or_else(|| MergeError::Schema(format!("only local $ref supported: {reference}")))?;
    let target = root
        .pointer(pointer)
        .ok_or_else(|| MergeError::Schema(format!("unresolved $ref {reference}")))?;
    let mut resolved = resolve(root, target, depth + 1)?;
    if let (Value::Object(out), Value::Object(extra)) = (&mut resolved, prop) {
        for (k, v) in extra {
            if k != "$ref" {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(resolved)
}

fn derive_rules(
    root: &Value,
    properties: &Map<String, Value>,
    prefix: &str,
    out: &mut PathMap<Rule>,
    depth: usize,
) -> Result<(), MergeError> {
    if depth > 32 {
        return Err(MergeError::Schema(format!(
            "schema nests too deep at {prefix}"
        )));
    }
    for (key, raw) in properties {
        let value = resolve(root, raw, 0)?;
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let types = schema_types(&value);
        let flag = |name: &str| value.get(name).and_then(Value::as_bool).unwrap_or(false);
        let strategy = value.get("mergeStrategy").and_then(Value::as_str);
        if flag("omitWhenMerged") || strategy == Some("ocdsOmit") {
            out.insert(path, Rule::Omit);
        } else if types.contains(&"array")
            && (flag("wholeListMerge") || strategy == Some("ocdsVersion"))
        {
            out.insert(path, Rule::WholeList);
        } else if types.contains(&"object") && value.get("properties").is_some() {
            if let Some(props) = value.get("properties").and_then(Value::as_object) {
                derive_rules(root, props, &path, out, depth + 1)?;
            }
        } else if types.contains(&"array") && value.get("items").is_some() {
            let items = resolve(root, &value["items"], 0)?;
            let item_types = schema_types(&items);
            if item_types.iter().any(|t| *t != "object") {
                out.insert(path, Rule::WholeList);
            } else if item_types.contains(&"object") {
                if let Some(props) = items.get("properties").and_then(Value::as_object) {
                    if props.contains_key("id") {
                        derive_rules(root, props, &path, out, depth + 1)?;
                    } else {
                        out.insert(path, Rule::WholeList);
                    }
                }
            }
        }
    }
    Ok(())
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum MergeError {
    #[error("release {index} is not a JSON object")]
    NotAnObject { index: usize },
    #[error("release {index} has no `date`, so it cannot be placed in order")]
    MissingDate { index: usize },
    #[error("release {index} cannot be read: {reason}")]
    Unreadable { index: usize, reason: String },
    #[error("an earlier release had a value at /{path} of another type (object, array or literal) than a later one")]
    InconsistentType { path: String },
    #[error("invalid merge schema: {0}")]
    Schema(String),
}

/// How an object in an array is told apart from its siblings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ItemKey {
    Id(String),
    Unique(u64),
    Position(usize),
}

/// One step of a flattened path. Equality ignores the original `id` value, as identity is the
/// key; the original is kept to write the `id` back with its JSON type.
#[derive(Debug, Clone)]
enum Part {
    Key(Rc<str>),
    Item {
        key: ItemKey,
        original: Option<Value>,
    },
}

impl PartialEq for Part {
    fn eq(&self, other: &Part) -> bool {
        match (self, other) {
            (Part::Key(a), Part::Key(b)) => a == b,
            (Part::Item { key: a, .. }, Part::Item { key: b, .. }) => a == b,
            _ => false,
        }
    }
}
impl Eq for Part {}
impl Hash for Part {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            Part::Key(k) => {
                0u8.hash(state);
                k.hash(state);
            }
            Part::Item { key, .. } => {
                1u8.hash(state);
                key.hash(state);
            }
        }
    }
}

type Path = Vec<Part>;
/// Paths come from the data being merged; foldhash is fast and resists accidental collisions.
type PathHasher = foldhash::fast::RandomState;
type Flat = IndexMap<Path, Value, PathHasher>;

fn id_string(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

struct Flattener<'r> {
    rules: &'r MergeRules,
    next_unique: u64,
    warnings: Vec<String>,
    warned: std::collections::HashSet<(String, String)>,
}

impl Flattener<'_> {
    fn unique(&mut self) -> ItemKey {
        self.next_unique += 1;
        ItemKey::Unique(self.next_unique)
    }

    fn object(
        &mut self,
        obj: Map<String, Value>,
        path: &mut Path,
        rule_path: &mut String,
        out: &mut Flat,
    ) {
        for (key, value) in obj {
            let saved = rule_path.len();
            if !rule_path.is_empty() {
                rule_path.push('.');
            }
            rule_path.push_str(&key);
            path.push(Part::Key(Rc::from(key)));
            self.value(value, path, rule_path, out);
            path.pop();
            rule_path.truncate(saved);
        }
    }

    fn value(&mut self, value: Value, path: &mut Path, rule_path: &mut String, out: &mut Flat) {
        match self.rules.rule(rule_path) {
            Some(Rule::Omit) => return,
            Some(Rule::WholeList) => {
                out.insert(path.clone(), value);
                return;
            }
            None => {}
        }
        match value {
            Value::Object(map) => self.object(map, path, rule_path, out),
            Value::Array(items) if items.iter().all(Value::is_object) => {
                self.array(items, path, rule_path, out)
            }
            other => {
                out.insert(path.clone(), other);
            }
        }
    }

    fn array(
        &mut self,
        items: Vec<Value>,
        path: &mut Path,
        rule_path: &mut String,
        out: &mut Flat,
    ) {
        let strategy = self.rules.overrides.get(rule_path.as_str()).copied();
        let mut seen: HashMap<ItemKey, usize> = HashMap::new();
        for (index, item) in items.into_iter().enumerate() {
            let Value::Object(map) = item else { continue };
            let original = map.get("id").cloned();
            let default_key = match &original {
                Some(id) => ItemKey::Id(id_string(id)),
                None => self.unique(),
            };
            let key = match strategy {
                Some(ArrayStrategy::Append) if original.is_some() => self.unique(),
                Some(ArrayStrategy::MergeByPosition) => ItemKey::Position(index),
                _ => default_key.clone(),
            };
            match seen.get(&default_key) {
                Some(first) if *first != index => {
                    let fresh = match &default_key {
                        ItemKey::Id(id) => self.warned.insert((rule_path.clone(), id.clone())),
                        _ => false,
                    };
                    if let (true, ItemKey::Id(id)) = (fresh, &default_key) {
                        self.warnings.push(format!(
                            "multiple objects have the `id` value {id:?} in the `{rule_path}` array"
                        ));
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(default_key, index);
                }
            }
            path.push(Part::Item { key, original });
            self.object(map, path, rule_path, out);
            path.pop();
        }
    }

    fn flatten(&mut self, release: Map<String, Value>) -> Flat {
        let mut out = Flat::default();
        self.object(release, &mut Vec::new(), &mut String::new(), &mut out);
        out
    }
}

/// A tree being rebuilt from flattened pairs.
enum Node {
    Leaf(Value),
    Obj(IndexMap<Rc<str>, Node>),
    Arr {
        items: Vec<Node>,
        index: HashMap<ItemKey, usize>,
    },
}

fn display_path(path: &[Part], upto: usize) -> String {
    path[..upto]
        .iter()
        .filter_map(|p| match p {
            Part::Key(k) => Some(k.as_ref()),
            Part::Item { .. } => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

impl Node {
    fn insert(&mut self, path: &[Part], value: Value) -> Result<(), MergeError> {
        let mut current = self;
        for (i, part) in path.iter().enumerate() {
            let last = i + 1 == path.len();
            match part {
                Part::Item { key, original } => {
                    let Node::Arr { items, index } = current else {
                        return Err(MergeError::InconsistentType {
                            path: display_path(path, i),
                        });
                    };
                    let position = match index.get(key) {
                        Some(p) => *p,
                        None => {
                            let mut obj = IndexMap::new();
                            if let Some(id) = original.as_ref().filter(|v| !v.is_null()) {
                                obj.insert(Rc::from("id"), Node::Leaf(id.clone()));
                            }
                            items.push(Node::Obj(obj));
                            index.insert(key.clone(), items.len() - 1);
                            items.len() - 1
                        }
                    };
                    current = &mut items[position];
                    if last {
                        return Ok(());
                    }
                }
                Part::Key(k) => {
                    let Node::Obj(map) = current else {
                        return Err(MergeError::InconsistentType {
                            path: display_path(path, i + 1),
                        });
                    };
                    if map.contains_key(k) {
                        if last {
                            // Already set: the `id` of an object in an array, kept as published.
                            return Ok(());
                        }
                        current = match map.get_mut(k) {
                            Some(node) => node,
                            None => return Ok(()),
                        };
                        continue;
                    }
                    if last {
                        // A null in a later release removes the field.
                        if !value.is_null() {
                            map.insert(k.clone(), Node::Leaf(value));
                        }
                        return Ok(());
                    }
                    let child = match path.get(i + 1) {
                        Some(Part::Item { .. }) => Node::Arr {
                            items: Vec::new(),
                            index: HashMap::new(),
                        },
                        _ => Node::Obj(IndexMap::new()),
                    };
                    current = map.entry(k.clone()).or_insert(child);
                }
            }
        }
        Ok(())
    }

    fn into_value(self) -> Value {
        match self {
            Node::Leaf(v) => v,
            Node::Obj(map) => Value::Object(
                map.into_iter()
                    .map(|(k, v)| (k.as_ref().to_owned(), v.into_value()))
                    .collect(),
            ),
            Node::Arr { items, .. } => {
                Value::Array(items.into_iter().map(Node::into_value).collect())
            }
        }
    }
}

fn unflatten(pairs: impl IntoIterator<Item = (Path, Value)>) -> Result<Value, MergeError> {
    let mut root = Node::Obj(IndexMap::new());
    for (path, value) in pairs {
        root.insert(&path, value)?;
    }
    Ok(root.into_value())
}

fn key(name: &str) -> Path {
    vec![Part::Key(Rc::from(name))]
}

/// Orders releases by `date` (stable, so equal dates keep their input order).
fn sorted<V: Borrow<Value>>(releases: &[V]) -> Result<Vec<&Map<String, Value>>, MergeError> {
    let mut out = Vec::with_capacity(releases.len());
    for (index, release) in releases.iter().enumerate() {
        let obj = release
            .borrow()
            .as_object()
            .ok_or(MergeError::NotAnObject { index })?;
        match obj.get("date") {
            Some(Value::String(_)) => out.push(obj),
            _ => return Err(MergeError::MissingDate { index }),
        }
    }
    out.sort_by(|a, b| {
        let da = a.get("date").and_then(Value::as_str).unwrap_or_default();
        let db = b.get("date").and_then(Value::as_str).unwrap_or_default();
        da.cmp(db).then(Ordering::Equal)
    });
    Ok(out)
}

/// A merged release and what the merge noticed on the way (such as repeated ids).
#[derive(Debug, Clone)]
pub struct Merged {
    pub release: Value,
    pub warnings: Vec<String>,
}

/// Compiles releases of one process into its compiled release.
pub fn compile<V: Borrow<Value>>(releases: &[V], rules: &MergeRules) -> Result<Merged, MergeError> {
    let ordered = sorted(releases)?;
    compile_sorted(ordered.into_iter().cloned(), rules)
}

fn compile_sorted(
    ordered: impl Iterator<Item = Map<String, Value>>,
    rules: &MergeRules,
) -> Result<Merged, MergeError> {
    let mut flattener = Flattener {
        rules,
        next_unique: 0,
        warnings: Vec::new(),
        warned: Default::default(),
    };
    let mut state = Flat::default();
    state.insert(
        key("tag"),
        Value::Array(vec![Value::String("compiled".into())]),
    );
    for mut release in ordered {
        let ocid = release.get("ocid").cloned().unwrap_or(Value::Null);
        let date = release.get("date").cloned().unwrap_or(Value::Null);
        release.remove("tag");
        let flat = flattener.flatten(release);
        let ocid_text = ocid
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| ocid.to_string());
        let date_text = date.as_str().unwrap_or_default();
        state.insert(key("id"), Value::String(format!("{ocid_text}-{date_text}")));
        state.insert(key("date"), date);
        state.insert(key("ocid"), ocid);
        for (path, value) in flat {
            state.insert(path, value);
        }
    }
    Ok(Merged {
        release: unflatten(state)?,
        warnings: flattener.warnings,
    })
}

/// Compiles releases of one process into its versioned release: every field's history.
pub fn versioned<V: Borrow<Value>>(
    releases: &[V],
    rules: &MergeRules,
) -> Result<Merged, MergeError> {
    enum Entry {
        Plain(Value),
        Versions(Vec<Value>),
    }
    let ordered = sorted(releases)?;
    let mut flattener = Flattener {
        rules,
        next_unique: 0,
        warnings: Vec::new(),
        warned: Default::default(),
    };
    let mut state: IndexMap<Path, Entry, PathHasher> = IndexMap::default();
    for release in ordered {
        let mut release = release.clone();
        let ocid = release.remove("ocid").unwrap_or(Value::Null);
        state.insert(key("ocid"), Entry::Plain(ocid));
        let release_id = release.get("id").cloned().unwrap_or(Value::Null);
        let date = release.get("date").cloned().unwrap_or(Value::Null);
        let tag = release.remove("tag").unwrap_or(Value::Null);
        for (path, value) in flattener.flatten(release) {
            let version = || {
                let mut v = Map::new();
                v.insert("releaseID".into(), release_id.clone());
                v.insert("releaseDate".into(), date.clone());
                v.insert("releaseTag".into(), tag.clone());
                v.insert("value".into(), value.clone());
                Value::Object(v)
            };
            match state.get_mut(&path) {
                Some(Entry::Plain(_)) => {}
                Some(Entry::Versions(history)) => {
                    let unchanged = history
                        .last()
                        .and_then(|last| last.get("value"))
                        .is_some_and(|last| json_equal(last, &value));
                    if !unchanged {
                        history.push(version());
                    }
                }
                None => {
                    state.insert(path, Entry::Versions(vec![version()]));
                }
            }
        }
    }
    let pairs = state.into_iter().map(|(path, entry)| match entry {
        Entry::Plain(v) => (path, v),
        Entry::Versions(history) => (path, Value::Array(history)),
    });
    Ok(Merged {
        release: unflatten(pairs)?,
        warnings: flattener.warnings,
    })
}

/// JSON equality where numbers compare by value (`1` equals `1.0`), as publishers' tools differ.
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_f64(), y.as_f64()) {
            (Some(fx), Some(fy)) if !(x.is_f64() || y.is_f64()) => x == y || fx == fy,
            (Some(fx), Some(fy)) => fx == fy,
            _ => x == y,
        },
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn later_release_overrides_and_null_removes() {
        let releases = vec![
            json!({"ocid": "o", "id": "1", "date": "2020-01-01", "tag": ["tender"],
                   "tender": {"title": "A", "status": "active"}}),
            json!({"ocid": "o", "id": "2", "date": "2020-02-01", "tag": ["tenderUpdate"],
                   "tender": {"title": "B", "status": null}}),
        ];
        let merged = compile(&releases, MergeRules::for_version(OcdsVersion::V1_1))
            .map(|m| m.release)
            .unwrap_or_default();
        assert_eq!(
            merged,
            json!({"tag": ["compiled"], "id": "o-2020-02-01", "date": "2020-02-01", "ocid": "o",
                   "tender": {"title": "B"}})
        );
    }

    #[test]
    fn objects_in_arrays_merge_by_id_and_keep_first_position() {
        let releases = vec![
            json!({"ocid": "o", "id": "1", "date": "2020-01-01",
                   "awards": [{"id": 1, "status": "pending"}, {"id": "x", "status": "pending"}]}),
            json!({"ocid": "o", "id": "2", "date": "2020-01-02",
                   "awards": [{"id": "x", "status": "active"}, {"id": 3}]}),
        ];
        let merged = compile(&releases, MergeRules::for_version(OcdsVersion::V1_1))
            .map(|m| m.release)
            .unwrap_or_default();
        assert_eq!(
            merged["awards"],
            json!([{"id": 1, "status": "pending"}, {"id": "x", "status": "active"}, {"id": 3}])
        );
    }

    #[test]
    fn releases_without_date_are_refused() {
        let releases = vec![json!({"ocid": "o", "id": "1"})];
        let result = compile(&releases, MergeRules::for_version(OcdsVersion::V1_1));
        assert_eq!(result.err(), Some(MergeError::MissingDate { index: 0 }));
    }

    #[test]
    fn literal_then_object_is_an_inconsistency_not_a_panic() {
        let releases = vec![
            json!({"ocid": "o", "id": "1", "date": "2020-01-01", "tender": "text"}),
            json!({"ocid": "o", "id": "2", "date": "2020-01-02", "tender": {"title": "x"}}),
        ];
        let result = compile(&releases, MergeRules::for_version(OcdsVersion::V1_1));
        assert!(matches!(result, Err(MergeError::InconsistentType { .. })));
    }

    #[test]
    fn package_version_decides_rules() {
        assert_eq!(OcdsVersion::from_package_field(None), OcdsVersion::V1_0);
        assert_eq!(
            OcdsVersion::from_package_field(Some("1.0")),
            OcdsVersion::V1_0
        );
        assert_eq!(
            OcdsVersion::from_package_field(Some("1.1")),
            OcdsVersion::V1_1
        );
    }
}
