//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// `../shared/data` beside the project root, when present. CI always has it; a checkout without
/// it skips the data-driven tests with a note rather than failing.
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("VEEDOR_SHARED_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data"));
    if dir.join("SOURCES.md").exists() {
        Some(dir)
    } else if std::env::var_os("CI").is_some() {
        panic!("CI must have the shared OCDS data at {}", dir.display());
    } else {
        eprintln!(
            "note: shared OCDS data not found at {}; skipping",
            dir.display()
        );
        None
    }
}
