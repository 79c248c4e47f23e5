//! A process's OCDS record, built on request from its stored releases: the releases as
//! published, the compiled release and the versioned release. Both merged forms are derived
//! data, so they are not stored; compiling one process takes well under a millisecond.

use serde_json::value::RawValue;
use serde_json::Value;

use super::merge::{self, MergeError, MergeRules, OcdsVersion};
use super::store;
use super::tree::Node;
use crate::db::DbConnection;

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
    #[error("stored releases of {ocid} are unreadable: {reason}")]
    Corrupt { ocid: String, reason: String },
    #[error("cannot compile {ocid}: {source}")]
    Merge { ocid: String, source: MergeError },
}

/// The record as a record package holds it.
#[derive(Debug, serde::Serialize)]
pub struct Record {
    pub ocid: String,
    pub releases: Vec<Box<RawValue>>,
    #[serde(rename = "compiledRelease")]
    pub compiled_release: Value,
    #[serde(rename = "versionedRelease", skip_serializing_if = "Option::is_none")]
    pub versioned_release: Option<Value>,
}

/// Builds the record of `ocid`, or `None` when no release of it is stored.
pub fn record(
    conn: &mut DbConnection,
    ocid: &str,
    with_versions: bool,
) -> Result<Option<Record>, RecordError> {
    let Some(stored) = store::releases_of(conn, ocid)? else {
        return Ok(None);
    };
    let corrupt = |reason: String| RecordError::Corrupt {
        ocid: ocid.to_owned(),
        reason,
    };
    let raw = stored.texts().map_err(|e| corrupt(e.to_string()))?;
    let mut version = OcdsVersion::V1_0;
    let mut nodes = Vec::with_capacity(raw.len());
    for (meta, text) in stored.index.iter().zip(&raw) {
        nodes.push(
            Node::parse(text.get()).map_err(|e| corrupt(format!("release {}: {e}", meta.id)))?,
        );
        version = version.max(OcdsVersion::parse(&meta.version));
    }
    let rules = MergeRules::for_version(version);
    let merge_error = |source| RecordError::Merge {
        ocid: ocid.to_owned(),
        source,
    };
    let versioned_release = if with_versions {
        let values: Vec<Value> = nodes.iter().map(Node::to_value).collect();
        Some(
            merge::versioned(&values, rules)
                .map_err(merge_error)?
                .release,
        )
    } else {
        None
    };
    let compiled_release = super::compile::compile_nodes(nodes, rules)
        .map_err(merge_error)?
        .release
        .to_value();
    Ok(Some(Record {
        ocid: ocid.to_owned(),
        releases: raw,
        compiled_release,
        versioned_release,
    }))
}
