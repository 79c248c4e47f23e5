//! Fast compilation: each release is laid directly over the growing compiled release, without
//! flattening every field into a path first. It gives the same compiled release as the
//! reference in [`super::merge`] (which follows the standard's flatten/unflatten description
//! step by step); tests hold the two equal on every fixture and every shared data set.
//!
//! Semantics kept from the reference, for inconsistent data: an object or array of objects
//! built by earlier releases is not replaced by a later literal; a later object where an earlier
//! release had a literal is an error; a field set to null disappears; an object that receives
//! nothing (`{}`, `[]`, `[{}]`) is not created.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::merge::{ArrayStrategy, MergeError, MergeRules, Merged, Rule};
use super::tree::{Node, Object};

/// Like [`super::merge::compile`], but fast: lays the releases over each other in place (read
/// as [`Node`]s, borrowing their strings). [`super::merge::compile`] is the reference.
pub fn compile_owned(releases: Vec<Value>, rules: &MergeRules) -> Result<Merged, MergeError> {
    let nodes = releases.iter().map(Node::from_value).collect();
    let compiled = compile_nodes(nodes, rules)?;
    Ok(Merged {
        release: compiled.release.to_value(),
        warnings: compiled.warnings,
    })
}

/// A compiled release as a [`Node`], and what the compile noticed on the way.
pub struct CompiledNode<'a> {
    pub release: Node<'a>,
    pub warnings: Vec<String>,
}

/// Compiles releases read as [`Node`]s: what imports use.
pub fn compile_nodes<'a>(
    releases: Vec<Node<'a>>,
    rules: &MergeRules,
) -> Result<CompiledNode<'a>, MergeError> {
    let mut maps = Vec::with_capacity(releases.len());
    for (index, release) in releases.into_iter().enumerate() {
        match release {
            Node::Object(map) if map.get("date").is_some_and(Node::is_string) => maps.push(map),
            Node::Object(_) => return Err(MergeError::MissingDate { index }),
            _ => return Err(MergeError::NotAnObject { index }),
        }
    }
    // Stable: releases with the same date keep their input order.
    maps.sort_by(|a, b| {
        let da = a.get("date").and_then(Node::as_str).unwrap_or_default();
        let db = b.get("date").and_then(Node::as_str).unwrap_or_default();
        da.cmp(db)
    });
    compile_sorted(maps.into_iter(), rules)
}

struct Layer<'r> {
    rules: &'r MergeRules,
    warnings: Vec<String>,
    warned: HashSet<(String, String)>,
}

/// Arrays longer than this get a hash index for identifier lookups.
const SMALL: usize = 16;

type IdMap = HashMap<String, usize, foldhash::fast::RandomState>;

/// Ids are compared as text, as the reference does: `1` and `"1"` are the same object.
fn same_id(a: &Node, b: &Node) -> bool {
    match (a, b) {
        (Node::String(x), Node::String(y)) => x == y,
        _ => id_key(a) == id_key(b),
    }
}

/// First position of each id in a source array, to warn about repeated ids.
enum IdSeen<'a> {
    Small(Vec<(Node<'a>, usize)>),
    Large(IdMap),
}

impl<'a> IdSeen<'a> {
    fn new(len: usize) -> IdSeen<'a> {
        if len > SMALL {
            IdSeen::Large(IdMap::default())
        } else {
            IdSeen::Small(Vec::new())
        }
    }

    /// Records `id` at `position` unless seen before; returns the first position if it was.
    fn first(&mut self, id: &Node<'a>, position: usize) -> Option<usize> {
        match self {
            IdSeen::Small(seen) => {
                if let Some((_, first)) = seen.iter().find(|(v, _)| same_id(v, id)) {
                    return Some(*first);
                }
                seen.push((id.clone(), position));
                None
            }
            IdSeen::Large(map) => {
                let key = id_key(id);
                if let Some(first) = map.get(&key) {
                    return Some(*first);
                }
                map.insert(key, position);
                None
            }
        }
    }
}

fn id_key(value: &Node) -> String {
    match value {
        Node::String(s) => s.to_string(),
        other => other.to_string(),
    }
}

/// An array whose items are all objects was built by identifier merge (a container); any other
/// array is a value replaced whole.
fn is_container(value: &Node) -> bool {
    match value {
        Node::Object(_) => true,
        Node::Array(items) => !items.is_empty() && items.iter().all(Node::is_object),
        _ => false,
    }
}

fn inconsistent(rule_path: &str) -> MergeError {
    MergeError::InconsistentType {
        path: rule_path.replace('.', "/"),
    }
}

impl Layer<'_> {
    /// Lays `source` over `target`; says whether anything (even a null) landed.
    fn object<'a>(
        &mut self,
        target: &mut Object<'a>,
        source: Object<'a>,
        rule_path: &mut String,
        keep_id: bool,
    ) -> Result<bool, MergeError> {
        let mut touched = false;
        for (key, value) in source {
            // An array item keeps the `id` it was first seen with (1 and "1" are one item).
            if keep_id && key == "id" && target.contains_key("id") {
                touched = true;
                continue;
            }
            let saved = rule_path.len();
            if !rule_path.is_empty() {
                rule_path.push('.');
            }
            rule_path.push_str(&key);
            let landed = self.field(target, key, value, rule_path);
            rule_path.truncate(saved);
            touched |= landed?;
        }
        Ok(touched)
    }

    fn field<'a>(
        &mut self,
        target: &mut Object<'a>,
        key: Cow<'a, str>,
        value: Node<'a>,
        rule_path: &mut String,
    ) -> Result<bool, MergeError> {
        match self.rules.rule(rule_path) {
            Some(Rule::Omit) => return Ok(false),
            Some(Rule::WholeList) => {
                set_leaf(target, key, value);
                return Ok(true);
            }
            None => {}
        }
        match value {
            Node::Object(fields) => {
                if fields.is_empty() {
                    return Ok(false);
                }
                match target.get_mut(&key) {
                    Some(Node::Object(existing)) => self.object(existing, fields, rule_path, false),
                    None => {
                        let mut fields = fields;
                        let touched = self.adopt(&mut fields, rule_path, false)?;
                        if touched {
                            target.insert(key, Node::Object(fields));
                        }
                        Ok(touched)
                    }
                    Some(_) => Err(inconsistent(rule_path)),
                }
            }
            Node::Array(items) if items.iter().all(Node::is_object) => {
                if items.is_empty() {
                    return Ok(false);
                }
                match target.get_mut(&key) {
                    Some(Node::Array(existing)) => self.array(existing, items, rule_path),
                    None => {
                        let mut fresh = Vec::new();
                        let touched = self.array(&mut fresh, items, rule_path)?;
                        if touched {
                            target.insert(key, Node::Array(fresh));
                        }
                        Ok(touched)
                    }
                    Some(_) => Err(inconsistent(rule_path)),
                }
            }
            literal => {
                if !target.get(&key).is_some_and(is_container) {
                    set_leaf(target, key, literal);
                }
                Ok(true)
            }
        }
    }

    /// Lays `source` over an empty object by trimming `source` in place: the same result as
    /// [`Layer::object`] on a fresh target, without rebuilding the map key by key (which was
    /// most of the cost of compiling a first release). With `keep_id`, a non-null `id` stays.
    fn adopt(
        &mut self,
        source: &mut Object<'_>,
        rule_path: &mut String,
        keep_id: bool,
    ) -> Result<bool, MergeError> {
        let mut touched = false;
        let mut failure = None;
        source.retain(|key, value| {
            if failure.is_some() {
                return false;
            }
            if keep_id && key == "id" {
                touched = true;
                return !value.is_null();
            }
            let saved = rule_path.len();
            if !rule_path.is_empty() {
                rule_path.push('.');
            }
            rule_path.push_str(key);
            let kept = match self.adopt_field(value, rule_path) {
                Ok((landed, keep)) => {
                    touched |= landed;
                    keep
                }
                Err(e) => {
                    failure = Some(e);
                    false
                }
            };
            rule_path.truncate(saved);
            kept
        });
        match failure {
            Some(e) => Err(e),
            None => Ok(touched),
        }
    }

    /// One field of an adopted object: whether anything landed, and whether the field stays.
    fn adopt_field(
        &mut self,
        value: &mut Node<'_>,
        rule_path: &mut String,
    ) -> Result<(bool, bool), MergeError> {
        match self.rules.rule(rule_path) {
            Some(Rule::Omit) => return Ok((false, false)),
            Some(Rule::WholeList) => return Ok((true, !value.is_null())),
            None => {}
        }
        match value {
            Node::Object(fields) => {
                if fields.is_empty() {
                    return Ok((false, false));
                }
                let touched = self.adopt(fields, rule_path, false)?;
                Ok((touched, touched))
            }
            Node::Array(items) if items.iter().all(Node::is_object) => {
                if items.is_empty() {
                    return Ok((false, false));
                }
                let items = std::mem::take(items);
                let mut fresh = Vec::new();
                let touched = self.array(&mut fresh, items, rule_path)?;
                *value = Node::Array(fresh);
                Ok((touched, touched))
            }
            Node::Null => Ok((true, false)),
            _ => Ok((true, true)),
        }
    }

    fn array<'a>(
        &mut self,
        target: &mut Vec<Node<'a>>,
        items: Vec<Node<'a>>,
        rule_path: &mut String,
    ) -> Result<bool, MergeError> {
        let strategy = self.rules.override_for(rule_path);
        // Most arrays are short: scan them; index only long ones.
        let mut index = (target.len() > SMALL).then(|| {
            target
                .iter()
                .enumerate()
                .filter_map(|(i, item)| item.get("id").map(|id| (id_key(id), i)))
                .collect::<IdMap>()
        });
        let mut seen = IdSeen::new(items.len());
        let mut touched = false;
        for (position, item) in items.into_iter().enumerate() {
            let Node::Object(fields) = item else {
                continue;
            };
            let id = fields.get("id").cloned();
            if let Some(id) = &id {
                if let Some(first) = seen.first(id, position) {
                    let key = id_key(id);
                    if first != position && self.warned.insert((rule_path.clone(), key.clone())) {
                        self.warnings.push(format!(
                            "multiple objects have the `id` value {key:?} in the `{rule_path}` array"
                        ));
                    }
                }
            }
            let existing = match (strategy, &id) {
                (Some(ArrayStrategy::Append), _) | (None, None) => None,
                (Some(ArrayStrategy::MergeByPosition), _) => {
                    (position < target.len()).then_some(position)
                }
                (None, Some(id)) => match &index {
                    Some(map) => map.get(&id_key(id)).copied(),
                    None => target
                        .iter()
                        .position(|t| t.get("id").is_some_and(|tid| same_id(tid, id))),
                },
            };
            match existing {
                Some(at) => {
                    let Node::Object(obj) = &mut target[at] else {
                        return Err(inconsistent(rule_path));
                    };
                    self.object(obj, fields, rule_path, true)?;
                    touched = true;
                }
                None => {
                    // A new item: its own map becomes the compiled item (its id kept as is).
                    let mut fresh = fields;
                    let has_id = id.as_ref().is_some_and(|v| !v.is_null());
                    let landed = self.adopt(&mut fresh, rule_path, true)? || id.is_some();
                    if landed {
                        if has_id && strategy.is_none() {
                            if let (Some(id), Some(map)) = (&id, index.as_mut()) {
                                map.insert(id_key(id), target.len());
                            }
                        }
                        target.push(Node::Object(fresh));
                        touched = true;
                    }
                }
            }
        }
        Ok(touched)
    }
}

/// Sets a value; a null removes the field (the compiled release omits nulled fields).
fn set_leaf<'a>(target: &mut Object<'a>, key: Cow<'a, str>, value: Node<'a>) {
    if value.is_null() {
        target.remove(&key);
    } else {
        target.insert(key, value);
    }
}

/// Compiles releases already sorted by date.
fn compile_sorted<'a>(
    ordered: impl Iterator<Item = Object<'a>>,
    rules: &MergeRules,
) -> Result<CompiledNode<'a>, MergeError> {
    let mut layer = Layer {
        rules,
        warnings: Vec::new(),
        warned: HashSet::new(),
    };
    let mut compiled: Option<Object<'a>> = None;
    for mut release in ordered {
        let ocid = release.get("ocid").cloned().unwrap_or(Node::Null);
        let date = release.get("date").cloned().unwrap_or(Node::Null);
        release.remove("tag");
        let ocid_text = ocid
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| ocid.to_string());
        let date_text = date.as_str().unwrap_or_default();
        let id = Node::String(Cow::Owned(format!("{ocid_text}-{date_text}")));
        // The first release becomes the compiled release in place; later ones are laid over
        // it. `id`, `date` and `tag` are omitted by the rules, so setting them after laying
        // gives what setting them before would.
        let target = match compiled.as_mut() {
            Some(target) => {
                layer.object(target, release, &mut String::new(), false)?;
                target
            }
            None => {
                layer.adopt(&mut release, &mut String::new(), false)?;
                compiled.insert(release)
            }
        };
        target.insert(Cow::Borrowed("id"), id);
        set_leaf(target, Cow::Borrowed("date"), date);
        set_leaf(target, Cow::Borrowed("ocid"), ocid);
    }
    let mut compiled = compiled.unwrap_or_default();
    compiled.insert(
        Cow::Borrowed("tag"),
        Node::Array(vec![Node::String(Cow::Borrowed("compiled"))]),
    );
    Ok(CompiledNode {
        release: Node::Object(compiled),
        warnings: layer.warnings,
    })
}
