//! `veedor bench indicators`: what the risk indicators cost. The same generated stream is
//! imported into fresh databases with no indicator and with every indicator (twice each,
//! alternating, the best of each kept: the machine's noise is larger than the difference), and
//! the full recomputation (every process's facts read, the fences, the redress loop, the flags
//! replaced) is timed on the result.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::config::Settings;
use crate::ocds::import::{ImportOptions, Importer, Input};
use crate::risk::Methodology;

pub fn run(
    settings: &Settings,
    dir: &Path,
    processes: usize,
    postgres: Option<&str>,
) -> Result<(), String> {
    let stream = crate::bench::generated_stream(dir, processes)?;
    let url = |name: &str| match postgres {
        Some(url) => url.to_owned(),
        None => format!("sqlite://{}", dir.join(name).display()),
    };
    println!(
        "{processes} generated processes, {} database",
        if postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let import = |methodology: Methodology, name: &str| -> Result<(f64, u64), String> {
        let mut conn = crate::bench::fresh(&url(name))?;
        let options = ImportOptions {
            indicators: Arc::new(methodology),
            ..settings.import_options(false)
        };
        let started = Instant::now();
        let report = Importer::new(&mut conn, options)
            .run(&[Input::Path(stream.clone())])
            .map_err(|e| e.to_string())?;
        Ok((started.elapsed().as_secs_f64(), report.new))
    };
    let mut without = f64::MAX;
    let mut with = f64::MAX;
    let mut releases = 0;
    for round in 1..=2 {
        let (secs, new) = import(Methodology::none(), "indicators-off.db")?;
        without = without.min(secs);
        releases = new;
        let (secs, _) = import(Methodology::default(), "indicators-on.db")?;
        with = with.min(secs);
        println!("  round {round}: import without indicators {without:.2} s, with {with:.2} s (best so far)");
    }
    println!(
        "import of {releases} releases: {without:.2} s without indicators, {with:.2} s with them: \
         {:+.1} % for the indicators of one process (facts kept, flags stored)",
        100.0 * (with - without) / without
    );

    let engine = crate::workflow::Engine::load(
        &settings.config_dir,
        b"bench",
        dir.join("data"),
        settings.server.base_url.clone(),
    )?;
    // The database of the last import, with every indicator (on PostgreSQL, the same one).
    let mut conn = crate::db::DatabaseUrl::parse(&url("indicators-on.db"))
        .and_then(|u| u.connect())
        .map_err(|e| e.to_string())?;
    let m = Methodology::default();
    let started = Instant::now();
    let computed_report =
        crate::risk::job::compute(&mut conn, &m, &engine.workflow).map_err(|e| e.to_string())?;
    let computed = started.elapsed().as_secs_f64();
    let report =
        crate::risk::job::recompute(&mut conn, &m, &engine.workflow).map_err(|e| e.to_string())?;
    let total = started.elapsed().as_secs_f64() - computed;
    println!(
        "full recomputation over {} processes with facts: {computed:.2} s to compute {} flags, \
         {total:.2} s computed again and written",
        computed_report.processes, computed_report.flags
    );
    for (code, n) in &report.by_code {
        println!("  {code} {n:>7}");
    }
    Ok(())
}
