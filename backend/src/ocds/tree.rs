//! A release read for compiling: a JSON tree whose strings borrow from the text it was read
//! from, and whose objects are sorted vectors rather than B-trees. An import builds one per
//! release and drops it a moment later; with `serde_json::Value` every key and string was an
//! allocation of its own and every object a tree of nodes, which made building, compiling and
//! freeing the trees two fifths of an import's work on publishers' data.
//!
//! Objects keep their keys sorted (and the last of repeated keys), as `serde_json::Map` does,
//! so a compile walks fields in the same order, and warns and fails alike, on either form.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Node<'a> {
    #[default]
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Object<'a>),
}

/// An object's fields, sorted by key, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a>(Vec<(Cow<'a, str>, Node<'a>)>);

impl<'a> Object<'a> {
    fn position(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_ref().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.position(key).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node<'a>> {
        self.position(key).ok().map(|i| &mut self.0[i].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.position(key).is_ok()
    }

    /// Sets a field, replacing what it held.
    pub fn insert(&mut self, key: Cow<'a, str>, value: Node<'a>) {
        match self.position(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn remove(&mut self, key: &str) -> Option<Node<'a>> {
        self.position(key).ok().map(|i| self.0.remove(i).1)
    }

    pub fn retain(&mut self, keep: impl FnMut(&str, &mut Node<'a>) -> bool) {
        let mut keep = keep;
        self.0.retain_mut(|(k, v)| keep(k, v));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node<'a>)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v))
    }

    /// From fields in any order; a repeated key keeps its last value, as JSON readers do.
    fn from_unsorted(mut fields: Vec<(Cow<'a, str>, Node<'a>)>) -> Object<'a> {
        if !fields.is_sorted_by(|a, b| a.0 < b.0) {
            // Stable: among repeated keys the last read stays last, and is the one kept.
            fields.sort_by(|a, b| a.0.cmp(&b.0));
            let mut deduped: Vec<(Cow<'a, str>, Node<'a>)> = Vec::with_capacity(fields.len());
            for field in fields {
                match deduped.last_mut() {
                    Some(last) if last.0 == field.0 => *last = field,
                    _ => deduped.push(field),
                }
            }
            fields = deduped;
        }
        Object(fields)
    }
}

impl<'a> IntoIterator for Object<'a> {
    type Item = (Cow<'a, str>, Node<'a>);
    type IntoIter = std::vec::IntoIter<(Cow<'a, str>, Node<'a>)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> Node<'a> {
    /// Reads a release's text, borrowing its strings (those without escapes) from it.
    pub fn parse(text: &'a str) -> serde_json::Result<Node<'a>> {
        serde_json::from_str(text)
    }

    /// A view of a `serde_json::Value`, borrowing its strings.
    pub fn from_value(value: &'a Value) -> Node<'a> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(*b),
            Value::Number(n) => Node::Number(n.clone()),
            Value::String(s) => Node::String(Cow::Borrowed(s)),
            Value::Array(items) => Node::Array(items.iter().map(Node::from_value).collect()),
            // A map's keys are already sorted and distinct.
            Value::Object(map) => Node::Object(Object(
                map.iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Node::from_value(v)))
                    .collect(),
            )),
        }
    }

    pub fn to_value(&self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(*b),
            Node::Number(n) => Value::Number(n.clone()),
            Node::String(s) => Value::String(s.to_string()),
            Node::Array(items) => Value::Array(items.iter().map(Node::to_value).collect()),
            Node::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.to_owned(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self {
            Node::Object(fields) => fields.get(key),
            _ => None,
        }
    }

    /// The node at a path of keys.
    pub fn at(&self, path: &[&str]) -> Option<&Node<'a>> {
        path.iter().try_fold(self, |node, key| node.get(key))
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node<'a>]> {
        match self {
            Node::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object<'a>> {
        match self {
            Node::Object(fields) => Some(fields),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Node::Number(n) => n.as_f64(),
            _ => None,
        }
    }

    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Node::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Node::Object(_))
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Node::String(_))
    }
}

/// As JSON text (what `Value`'s `to_string` gives for the same value).
impl fmt::Display for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Null => f.write_str("null"),
            Node::Bool(b) => write!(f, "{b}"),
            Node::Number(n) => write!(f, "{n}"),
            _ => write!(f, "{}", self.to_value()),
        }
    }
}

impl<'de> Deserialize<'de> for Node<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node<'de>, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Node<'de>, E> {
        Ok(Node::Bool(b))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Node<'de>, E> {
        Ok(Node::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Node<'de>, E> {
        // JSON has no infinities or NaN, so every number read has a `Number`.
        Number::from_f64(n)
            .map(Node::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(s.to_owned())))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Node<'de>, E> {
        Ok(Node::String(Cow::Owned(s)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node<'de>, A::Error> {
        let mut fields = Vec::new();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            fields.push((key.0, map.next_value()?));
        }
        Ok(Node::Object(Object::from_unsorted(fields)))
    }
}

/// An object's key, borrowed when it has no escapes (serde's own `Cow` always copies).
pub(crate) struct Key<'a>(pub(crate) Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(s)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(s.to_owned())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_value_reads() {
        let text = r#"{"b":[1,-2,3.5,1e400000000,"x\"y",null,true],"a":{"z":{},"é":"\u00e9"},"b":{"k":198233.33333333334}}"#;
        let value: Result<Value, _> = serde_json::from_str(text);
        assert!(value.is_err(), "an infinite number is refused by both");
        assert!(Node::parse(text).is_err());
        let text = r#"{"b":[1,-2,3.5,"x\"y",null,true],"a":{"z":{},"é":"\u00e9"},"b":{"k":198233.33333333334}}"#;
        let value: Value = serde_json::from_str(text).unwrap_or_default();
        let node = Node::parse(text).unwrap_or_default();
        assert_eq!(node.to_value(), value);
        assert_eq!(Node::from_value(&value), node);
        assert_eq!(node.to_string(), value.to_string());
        // Repeated keys: the last one, as `Value` keeps it.
        assert_eq!(
            node.at(&["b", "k"]).and_then(Node::as_f64),
            Some(198233.33333333334)
        );
        assert_eq!(node.at(&["a", "é"]).and_then(Node::as_str), Some("é"));
        let keys: Vec<&str> = node
            .as_object()
            .map(|o| o.iter().map(|(k, _)| k).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["a", "b"]);
    }

    #[test]
    fn objects_stay_sorted() {
        let mut object = Object::default();
        for key in ["m", "b", "x", "b", "a"] {
            object.insert(Cow::Borrowed(key), Node::String(Cow::Borrowed(key)));
        }
        let keys: Vec<&str> = object.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["a", "b", "m", "x"]);
        assert_eq!(object.remove("m"), Some(Node::String(Cow::Borrowed("m"))));
        assert!(!object.contains_key("m"));
        object.retain(|k, _| k != "a");
        let keys: Vec<&str> = object.iter().map(|(k, _)| k).collect();
        assert_eq!(keys, ["b", "x"]);
    }
}
