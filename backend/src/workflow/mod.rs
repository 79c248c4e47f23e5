//! The workflow engine's configuration: states, transitions, roles and deadlines
//! (`config/workflow.toml`) and the working-day calendar (`config/holidays.toml`), checked at
//! start-up so a mistake stops Veedor with the line that holds it.
//!
//! Feedback items move through this workflow (issue 4 builds the items, their history, the
//! sweep and the API on top).

pub mod deadlines;
pub mod definition;

use std::path::Path;

pub use deadlines::Calendar;
pub use definition::Workflow;

const DEFAULT_WORKFLOW: &str = include_str!("../../../config/workflow.toml");
const DEFAULT_HOLIDAYS: &str = include_str!("../../../config/holidays.toml");

/// Loads the workflow and calendar from `config_dir`, falling back to the shipped files.
pub fn load(config_dir: &Path) -> Result<(Workflow, Calendar), String> {
    let read = |name: &str, default: &str| {
        std::fs::read_to_string(config_dir.join(name)).unwrap_or_else(|_| default.to_owned())
    };
    let workflow = Workflow::parse(
        &config_dir.join("workflow.toml").display().to_string(),
        &read("workflow.toml", DEFAULT_WORKFLOW),
    )
    .map_err(|e| e.to_string())?;
    let calendar = Calendar::parse(&read("holidays.toml", DEFAULT_HOLIDAYS))?;
    Ok((workflow, calendar))
}
