//! The workflow engine's configuration: states, transitions, roles and deadlines
//! (`config/workflow.toml`) and the working-day calendar (`config/holidays.toml`), checked at
//! start-up so a mistake stops Veedor with the line that holds it.
//!
//! - [`definition`]: the workflow file, checked.
//! - [`deadlines`]: working-day arithmetic with paused clocks.
//! - [`engine`]: feedback items moving through the workflow (history, routing, mail).
//! - [`sweep`]: overdue items escalated, exactly once however many sweepers run.

pub mod deadlines;
pub mod definition;
pub mod engine;
pub mod news;
pub mod sweep;

use std::path::Path;

pub use deadlines::Calendar;
pub use definition::Workflow;
pub use engine::{Actor, Engine};

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
