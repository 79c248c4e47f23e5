//! The `veedor` command line.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Settings;
use crate::db::{self, DatabaseUrl};
use crate::ocds::generate;
use crate::ocds::import::{ImportOptions, Importer, Input};
use crate::ocds::merge::OcdsVersion;
use crate::ocds::reader::VersionPolicy;

#[derive(Debug, Parser)]
#[command(
    name = "veedor",
    version,
    about = "Citizen monitoring of public procurement"
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum VersionArg {
    #[value(name = "1.0")]
    V1_0,
    #[value(name = "1.1")]
    V1_1,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve,
    /// Create or update the database schema.
    Migrate,
    /// Import OCDS data from files, directories, `-` (stdin) or http(s) URLs.
    Import {
        /// Treat every release as this OCDS version (default: the package's `version`).
        #[arg(long, value_enum)]
        ocds_version: Option<VersionArg>,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
        #[arg(required = true)]
        inputs: Vec<String>,
    },
    /// Write a synthetic OCDS stream (JSON Lines releases) for demos and load tests.
    Generate {
        #[arg(long, default_value_t = 1000)]
        processes: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output file (default: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Create a fresh SQLite database with a generated data set and serve it.
    Demo {
        #[arg(long, default_value_t = 1500)]
        processes: usize,
        /// The demo database file; it is replaced.
        #[arg(long, default_value = "var/demo.db")]
        database: PathBuf,
    },
    /// Recompute the risk indicators now (config/indicators.toml) and count what they flag.
    Indicators {
        /// Print the counts as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Follow the publishers of config/sources.toml: read what is new since the last sync.
    Sync {
        /// Only this source (default: every source).
        #[arg(long)]
        source: Option<String>,
        /// Sync once and exit (default: keep syncing each source on its schedule).
        #[arg(long)]
        once: bool,
        /// Where a source's first sync starts (YYYY-MM-DD or RFC 3339), over its `from`.
        #[arg(long)]
        from: Option<String>,
        /// Print the summaries as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Send queued mail, sweep deadlines and sync sources until stopped (for deployments that
    /// run it apart from the server).
    Worker {
        /// Send what is due, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Run one deadline sweep: overdue items are escalated (or marked overdue).
    Sweep {
        /// Sweep as if it were this time (RFC 3339 or YYYY-MM-DD), e.g. to replay or test.
        #[arg(long)]
        as_of: Option<String>,
        /// Say what would happen, change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Manage accounts and memberships.
    User {
        #[command(subcommand)]
        what: UserCommand,
    },
    /// Manage API keys of client applications (Open311 `POST /requests`).
    Apikey {
        #[command(subcommand)]
        what: ApikeyCommand,
    },
    /// Manage civil-society organizations (whose moderators triage feedback).
    Cso {
        #[command(subcommand)]
        what: CsoCommand,
    },
    /// Measure the platform.
    Bench {
        #[command(subcommand)]
        what: BenchCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a verified account holding a role (or add the role to an existing account).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        /// citizen, moderator, officer, oversight or admin.
        #[arg(long)]
        role: String,
        /// The agency (officer), oversight body (oversight) or civil-society organization
        /// (moderator) the role is held in.
        #[arg(long)]
        org: Option<String>,
        #[arg(long, default_value = "Veedor user")]
        name: String,
    },
    /// List an account's memberships.
    Memberships {
        #[arg(long)]
        email: String,
    },
    /// Remove a membership from an account.
    RemoveMembership {
        #[arg(long)]
        email: String,
        #[arg(long)]
        role: String,
        #[arg(long)]
        org: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum CsoCommand {
    /// Create a civil-society organization.
    Create {
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum ApikeyCommand {
    /// Create a key for an account; requests filed with it are filed as that account.
    Create {
        #[arg(long)]
        email: String,
        /// What the key is for (the client application).
        #[arg(long)]
        name: String,
    },
    /// Revoke an account's keys of that name: requests with them are refused from now on.
    Revoke {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Import a generated stream into a fresh database and report throughput and peak memory.
    Import {
        #[arg(long, default_value_t = 20_000)]
        processes: usize,
        /// Instead of generated processes, the releases found under this folder (e.g.
        /// ../shared/data/ocds), copied `--copies` times under new ocids: real publishers'
        /// shapes and sizes, at any volume.
        #[arg(long)]
        real: Option<PathBuf>,
        #[arg(long, default_value_t = 10)]
        copies: usize,
        /// Also measure PostgreSQL, in this database (its public schema is emptied first).
        #[arg(long)]
        postgres: Option<String>,
        /// A reference command run on the same stream (as standard input), timed the same way,
        /// e.g. "ocdskit compile --schema ../shared/data/schema/release-schema.json".
        #[arg(long)]
        compare: Option<String>,
        /// Runs of each measurement; the best is reported (this machine is shared and noisy).
        #[arg(long, default_value_t = 3)]
        runs: usize,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
    /// Submissions/s and transitions/s of the redress loop, and the deadline sweep over a big
    /// item table, on a fresh database.
    Feedback {
        /// Items in the table the sweep goes through (1% of them overdue).
        #[arg(long, default_value_t = 1_000_000)]
        items: usize,
        #[arg(long, default_value_t = 2000)]
        submissions: usize,
        /// Measure this PostgreSQL database instead of SQLite (its public schema is emptied).
        #[arg(long)]
        postgres: Option<String>,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
    /// Requests/s and latency of the home page and a process page with 50 feedback items under
    /// concurrent load (SQLite), beside a minimal actix-web handler measured in the same run.
    Pages {
        #[arg(long, default_value_t = 64)]
        connections: usize,
        /// Seconds measured per target (after a 2-second warm-up).
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        /// Generated processes in the database.
        #[arg(long, default_value_t = 2000)]
        processes: usize,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
    /// The risk indicators' cost: an import with and without them, and the full
    /// recomputation of the indicators that compare processes.
    Indicators {
        #[arg(long, default_value_t = 100_000)]
        processes: usize,
        /// Measure on this PostgreSQL database instead of SQLite (its schema is emptied).
        #[arg(long)]
        postgres: Option<String>,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
    /// `veedor sync` of a generated publisher over loopback HTTP (release packages linked by
    /// links.next) next to `veedor import` of the same releases from a file.
    Sync {
        #[arg(long, default_value_t = 40_000)]
        processes: usize,
        /// Releases per page of the publisher's API.
        #[arg(long, default_value_t = 1000)]
        page_size: usize,
        /// Measure this PostgreSQL database instead of SQLite (its public schema is emptied).
        #[arg(long)]
        postgres: Option<String>,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
    /// p50/p99 of every public read at N generated processes (one feedback item each) next to
    /// the same at N/10: uncached and cached pages, the home page under writes, downloads.
    Scale {
        #[arg(long, default_value_t = 100_000)]
        processes: usize,
        /// Measure this PostgreSQL database instead of SQLite (its public schema is emptied).
        #[arg(long)]
        postgres: Option<String>,
        /// Feedback items, one per process up to this many (default: every process on
        /// PostgreSQL, 100,000 on SQLite).
        #[arg(long)]
        items: Option<usize>,
        /// Seconds measured per read.
        #[arg(long, default_value_t = 3)]
        seconds: u64,
        /// Feedback filed (and accepted) per second while the cached pages are measured.
        #[arg(long, default_value_t = 10)]
        writes: u32,
        #[arg(long, default_value = "var/bench")]
        dir: PathBuf,
    },
}

fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VEEDOR_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("veedor: {message}");
    ExitCode::FAILURE
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    // Benchmarks measure the work, not a terminal scrolling access-log lines (VEEDOR_LOG=info
    // puts them back).
    init_tracing(match cli.command {
        Command::Bench { .. } => "warn",
        _ => "info,actix_web=info",
    });
    match cli.command {
        Command::Generate {
            processes,
            seed,
            out,
        } => generate_cmd(processes, seed, out.as_deref()),
        command => {
            let settings = match Settings::load() {
                Ok(s) => s,
                Err(e) => return fail(e),
            };
            run(command, settings)
        }
    }
}

fn run(command: Command, settings: Settings) -> ExitCode {
    match command {
        Command::Serve => serve(settings),
        Command::Migrate => {
            match settings
                .database_url()
                .map_err(|e| e.to_string())
                .and_then(|url| {
                    let mut conn = url.connect().map_err(|e| e.to_string())?;
                    db::migrate(&mut conn).map_err(|e| e.to_string())
                }) {
                Ok(()) => {
                    println!("database is up to date");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Import {
            ocds_version,
            json,
            inputs,
        } => import_cmd(&settings, ocds_version, json, &inputs),
        Command::Demo {
            processes,
            database,
        } => demo(settings, processes, &database),
        Command::Bench { what } => match what {
            BenchCommand::Import {
                processes,
                real,
                copies,
                postgres,
                compare,
                runs,
                dir,
            } => bench_import(
                processes,
                real.as_deref().map(|r| (r, copies.max(1))),
                postgres.as_deref(),
                compare.as_deref(),
                runs.max(1),
                &dir,
            ),
            BenchCommand::Feedback {
                items,
                submissions,
                postgres,
                dir,
            } => bench_feedback(items, submissions, postgres, &dir),
            BenchCommand::Pages {
                connections,
                seconds,
                processes,
                dir,
            } => {
                let load = crate::bench::pages::Load {
                    connections: connections.max(1),
                    warmup: std::time::Duration::from_secs(2),
                    measure: std::time::Duration::from_secs(seconds.max(1)),
                };
                in_bench_dir(&dir, || {
                    crate::bench::pages::run(&settings, &dir, processes, load)
                })
            }
            BenchCommand::Indicators {
                processes,
                postgres,
                dir,
            } => in_bench_dir(&dir, || {
                crate::bench::indicators::run(&settings, &dir, processes, postgres.as_deref())
            }),
            BenchCommand::Sync {
                processes,
                page_size,
                postgres,
                dir,
            } => in_bench_dir(&dir, || {
                crate::bench::sync::run(
                    &settings,
                    &dir,
                    processes,
                    postgres.as_deref(),
                    page_size.max(1),
                )
            }),
            BenchCommand::Scale {
                processes,
                postgres,
                items,
                seconds,
                writes,
                dir,
            } => in_bench_dir(&dir, || {
                crate::bench::scale::run(
                    &settings,
                    &dir,
                    processes,
                    postgres.as_deref(),
                    items,
                    seconds.max(1),
                    writes,
                )
            }),
        },
        Command::Worker { once } => worker_cmd(&settings, once),
        Command::Indicators { json } => indicators_cmd(&settings, json),
        Command::Sync {
            source,
            once,
            from,
            json,
        } => sync_cmd(&settings, source.as_deref(), once, from.as_deref(), json),
        Command::Sweep { as_of, dry_run } => sweep_cmd(&settings, as_of.as_deref(), dry_run),
        Command::User { what } => user_cmd(&settings, what),
        Command::Cso { what } => cso_cmd(&settings, what),
        Command::Apikey {
            what: ApikeyCommand::Revoke { email, name },
        } => {
            let result = connect(&settings).and_then(|mut conn| {
                let user =
                    crate::accounts::find_user_id(&mut conn, &email).map_err(|e| e.to_string())?;
                crate::accounts::api_keys::revoke(&mut conn, &user, &name)
                    .map_err(|e| e.to_string())
            });
            match result {
                Ok(0) => fail(format!("{email} has no active key named {name:?}")),
                Ok(n) => {
                    println!("revoked {n} key(s) named {name:?} of {email}");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Apikey {
            what: ApikeyCommand::Create { email, name },
        } => {
            let result = connect(&settings).and_then(|mut conn| {
                let user =
                    crate::accounts::find_user_id(&mut conn, &email).map_err(|e| e.to_string())?;
                crate::accounts::api_keys::create(&mut conn, &user, &name)
                    .map_err(|e| e.to_string())
            });
            match result {
                Ok(key) => {
                    println!("{key}");
                    eprintln!("keep this key: it is shown once and stored only as a hash");
                    ExitCode::SUCCESS
                }
                Err(e) => fail(e),
            }
        }
        Command::Generate { .. } => ExitCode::SUCCESS,
    }
}

fn connect(settings: &Settings) -> Result<db::DbConnection, String> {
    let url = settings.database_url().map_err(|e| e.to_string())?;
    let mut conn = url.connect().map_err(|e| e.to_string())?;
    db::migrate(&mut conn).map_err(|e| e.to_string())?;
    Ok(conn)
}

fn parse_time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.naive_utc());
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| {
            format!("--as-of {text:?}: use RFC 3339 (2026-12-01T09:00:00Z) or YYYY-MM-DD")
        })
}

fn sweep_cmd(settings: &Settings, as_of: Option<&str>, dry_run: bool) -> ExitCode {
    let result = (|| {
        let as_of = match as_of {
            Some(text) => parse_time(text)?,
            None => chrono::Utc::now().naive_utc(),
        };
        let engine = crate::workflow::Engine::from_settings(settings)?;
        let mut conn = connect(settings)?;
        let report = engine
            .sweep(&mut conn, as_of, dry_run)
            .map_err(|e| e.to_string())?;
        let verb = if dry_run { "would take" } else { "took" };
        for (item, transition) in &report.moved {
            println!("{item}: {verb} {transition}");
        }
        println!(
            "{} past their deadline as of {as_of}; {} moved, {} marked overdue, {} already handled elsewhere{}",
            report.due,
            report.moved.len(),
            report.marked_overdue,
            report.conflicts,
            if dry_run { " (dry run: nothing changed)" } else { "" }
        );
        Ok::<(), String>(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Runs a benchmark that keeps its files in `dir` (made first), and says how it ended.
fn in_bench_dir(dir: &Path, run: impl FnOnce() -> Result<(), String>) -> ExitCode {
    match std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| run())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Runs the indicators' job (when due, or now with `force`) and says what it found.
fn recompute_indicators(
    conn: &mut db::DbConnection,
    engine: &crate::workflow::Engine,
    force: bool,
    json: bool,
) -> Option<crate::risk::job::RunReport> {
    let holder = format!("cli-{}", std::process::id());
    match crate::risk::job::recompute_if_due(
        conn,
        &engine.indicators,
        &engine.workflow,
        &holder,
        force,
    ) {
        Ok(Some(report)) => {
            if !json {
                eprintln!(
                    "risk indicators: {} flags over {} processes ({:.1} s)",
                    report.flags,
                    report.processes,
                    report.milliseconds as f64 / 1000.0
                );
            }
            Some(report)
        }
        Ok(None) => {
            if force && !json {
                eprintln!("risk indicators: another instance is recomputing them now");
            }
            None
        }
        Err(e) => {
            eprintln!("risk indicators not recomputed: {e}");
            None
        }
    }
}

fn indicators_cmd(settings: &Settings, json: bool) -> ExitCode {
    let result = (|| {
        let engine = crate::workflow::Engine::from_settings(settings)?;
        let mut conn = connect(settings)?;
        let Some(report) = recompute_indicators(&mut conn, &engine, true, json) else {
            return Err("the indicators were not recomputed".to_string());
        };
        if json {
            println!("{}", serde_json::to_string(&report).unwrap_or_default());
        } else {
            let counts = crate::risk::read::counts(&mut conn).map_err(|e| e.to_string())?;
            for (code, scope, n) in counts {
                println!("{code}  {scope:<16} {n:>8}");
            }
        }
        Ok(())
    })();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn sync_cmd(
    settings: &Settings,
    only: Option<&str>,
    once: bool,
    from: Option<&str>,
    json: bool,
) -> ExitCode {
    let result = (|| {
        let mut sources = settings.sources().map_err(|e| e.to_string())?;
        if let Some(id) = only {
            sources.retain(|s| s.id == id);
            if sources.is_empty() {
                return Err(format!("no source {id:?} in sources.toml"));
            }
        }
        if sources.is_empty() {
            return Err(
                "sources.toml follows no source yet (see README, \"Following a publisher\")".into(),
            );
        }
        let mut options = crate::sync::SyncOptions::new(
            &settings.server.base_url,
            settings.import_options(!json),
        );
        if let Some(text) = from {
            options.from = Some(parse_time(text)?);
        }
        let engine = crate::workflow::Engine::from_settings(settings)?;
        let mut conn = connect(settings)?;
        let mut failed = false;
        loop {
            let reports = if once {
                let mut reports = Vec::new();
                for source in &sources {
                    reports.push(
                        crate::sync::sync_source(&mut conn, source, &options)
                            .map_err(|e| e.to_string())?,
                    );
                }
                reports
            } else {
                crate::sync::sync_due(&mut conn, &sources, &options).map_err(|e| e.to_string())?
            };
            for report in &reports {
                failed |= report.outcome == "failed";
                if json {
                    println!("{}", serde_json::to_string(report).unwrap_or_default());
                } else {
                    print!("{}", report.render());
                }
            }
            // The mail about what the new releases changed is queued now; the worker sends it.
            let queued = engine
                .announce_news(&mut conn, chrono::Utc::now().naive_utc())
                .map_err(|e| e.to_string())?;
            if queued > 0 && !json {
                println!("{queued} messages queued about processes with open feedback");
            }
            recompute_indicators(&mut conn, &engine, false, json);
            if once {
                break;
            }
            std::thread::sleep(std::time::Duration::from_secs(5));
        }
        Ok(failed)
    })();
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(2),
        Err(e) => fail(e),
    }
}

fn worker_cmd(settings: &Settings, once: bool) -> ExitCode {
    use crate::notify::worker::Worker;
    let result = settings
        .database_url()
        .map_err(|e| e.to_string())
        .and_then(|url| db::open_pool(&url, 2).map_err(|e| e.to_string()))
        .and_then(|pool| {
            let transport = settings.mail_transport().map_err(|e| e.to_string())?;
            Ok(Worker::new(pool, transport, settings.mail.from.clone()))
        });
    let worker = match result {
        Ok(w) => w,
        Err(e) => return fail(e),
    };
    if once {
        return match worker.drain() {
            Ok(n) => {
                println!("{n} messages handled");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        };
    }
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // The deadline sweep runs here too (safe beside other workers and servers).
    let sweeper = match (
        crate::workflow::Engine::from_settings(settings),
        settings
            .database_url()
            .map_err(|e| e.to_string())
            .and_then(|url| db::open_pool(&url, 2).map_err(|e| e.to_string())),
    ) {
        (Ok(engine), Ok(pool)) => {
            let stop = stop.clone();
            Some(std::thread::spawn(move || {
                crate::workflow::sweep::run(
                    std::sync::Arc::new(engine),
                    pool,
                    std::time::Duration::from_secs(60),
                    stop,
                )
            }))
        }
        (Err(e), _) | (_, Err(e)) => return fail(e),
    };
    // And the publishers' syncs, each source by one instance at a time.
    let syncer = match (
        settings.sources().map_err(|e| e.to_string()),
        crate::workflow::Engine::from_settings(settings),
        settings
            .database_url()
            .map_err(|e| e.to_string())
            .and_then(|url| db::open_pool(&url, 2).map_err(|e| e.to_string())),
    ) {
        (Ok(sources), Ok(engine), Ok(pool)) => {
            let stop = stop.clone();
            let options = crate::sync::SyncOptions::new(
                &settings.server.base_url,
                settings.import_options(false),
            );
            let engine = std::sync::Arc::new(engine);
            std::thread::spawn(move || crate::sync::run(sources, engine, pool, options, stop))
        }
        (Err(e), _, _) | (_, Err(e), _) | (_, _, Err(e)) => return fail(e),
    };
    worker.run(stop);
    if let Some(s) = sweeper {
        let _ = s.join();
    }
    let _ = syncer.join();
    ExitCode::SUCCESS
}

fn user_cmd(settings: &Settings, what: UserCommand) -> ExitCode {
    use crate::accounts::{self, Role};
    let mut conn = match connect(settings) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let parse_role = |role: &str| {
        Role::parse(role).ok_or_else(|| {
            format!("unknown role {role:?}: use citizen, moderator, officer, oversight or admin")
        })
    };
    let result: Result<String, String> = match what {
        UserCommand::Create {
            email,
            password,
            role,
            org,
            name,
        } => parse_role(&role).and_then(|role| {
            let org = org.unwrap_or_default();
            let bodies = crate::agencies::load_oversight_dir(&settings.config_dir)?;
            crate::agencies::check_organization(&mut conn, &bodies, role, &org)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    accounts::create_verified(&mut conn, &email, &password, &name, role, &org)
                        .map_err(|e| e.to_string())
                })
                .map(|id| {
                    format!(
                        "account {id} ({email}) holds {}{}",
                        role.as_str(),
                        if org.is_empty() {
                            String::new()
                        } else {
                            format!(" in {org}")
                        }
                    )
                })
        }),
        UserCommand::Memberships { email } => accounts::find_user_id(&mut conn, &email)
            .and_then(|id| Ok(accounts::memberships_of(&mut conn, &id)?))
            .map(|ms| {
                ms.iter()
                    .map(|m| {
                        if m.organization_id.is_empty() {
                            m.role.clone()
                        } else {
                            format!("{} in {}", m.role, m.organization_id)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .map_err(|e| e.to_string()),
        UserCommand::RemoveMembership { email, role, org } => parse_role(&role).and_then(|role| {
            let id = accounts::find_user_id(&mut conn, &email).map_err(|e| e.to_string())?;
            match accounts::remove_membership(&mut conn, &id, role, &org.unwrap_or_default()) {
                Ok(true) => Ok("membership removed".to_owned()),
                Ok(false) => Err("no such membership".to_owned()),
                Err(e) => Err(e.to_string()),
            }
        }),
    };
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn cso_cmd(settings: &Settings, what: CsoCommand) -> ExitCode {
    let mut conn = match connect(settings) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    match what {
        CsoCommand::Create { id, name } => match crate::agencies::create_cso(&mut conn, &id, &name)
        {
            Ok(()) => {
                println!("civil-society organization {id} created");
                ExitCode::SUCCESS
            }
            Err(e) => fail(e),
        },
    }
}

fn serve(settings: Settings) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => return fail(e),
    };
    let system = actix_web::rt::System::with_tokio_rt(|| runtime);
    match system.block_on(crate::server::serve(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

/// Peak resident memory of this process, from the kernel (Linux).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn import_cmd(
    settings: &Settings,
    version: Option<VersionArg>,
    json: bool,
    inputs: &[String],
) -> ExitCode {
    let url = match settings.database_url() {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let mut conn = match url.connect() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    if let Err(e) = db::migrate(&mut conn) {
        return fail(e);
    }
    let options = ImportOptions {
        policy: VersionPolicy {
            forced: version.map(|v| match v {
                VersionArg::V1_0 => OcdsVersion::V1_0,
                VersionArg::V1_1 => OcdsVersion::V1_1,
            }),
            ..VersionPolicy::default()
        },
        ..settings.import_options(!json)
    };
    let inputs: Vec<Input> = inputs.iter().map(|a| Input::parse(a)).collect();
    let started = Instant::now();
    let report = match Importer::new(&mut conn, options).run(&inputs) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let seconds = started.elapsed().as_secs_f64();
    // The indicators that compare processes, now that they changed (the worker would too).
    if report.new > 0 {
        match crate::workflow::Engine::from_settings(settings) {
            Ok(engine) => {
                recompute_indicators(&mut conn, &engine, false, json);
            }
            Err(e) => eprintln!("risk indicators not recomputed: {e}"),
        }
    }
    if json {
        let mut value = serde_json::to_value(&report).unwrap_or_default();
        value["seconds"] = serde_json::json!(seconds);
        value["peak_rss_bytes"] = serde_json::json!(peak_rss_bytes());
        println!("{value}");
    } else {
        print!("{}", report.render());
        println!("time: {seconds:.2}s");
    }
    if report.error_count > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn generate_cmd(processes: usize, seed: u64, out: Option<&Path>) -> ExitCode {
    let result = match out {
        Some(path) => std::fs::File::create(path).and_then(|f| {
            let mut w = std::io::BufWriter::new(f);
            generate::generate(&mut w, processes, seed)
        }),
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            generate::generate(&mut w, processes, seed)
        }
    };
    match result {
        Ok(n) => {
            eprintln!("wrote {n} releases of {processes} processes");
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn demo(mut settings: Settings, processes: usize, database: &Path) -> ExitCode {
    // Links in mail and on pages point where the demo listens.
    if settings.server.base_url == "http://127.0.0.1:8080"
        && settings.server.bind != "127.0.0.1:8080"
    {
        settings.server.base_url = format!("http://{}", settings.server.bind);
    }
    remove_sqlite(database);
    settings.database.url = format!("sqlite://{}", database.display());
    let url = match DatabaseUrl::parse(&settings.database.url) {
        Ok(u) => u,
        Err(e) => return fail(e),
    };
    let stream = database.with_extension("jsonl");
    if let Some(parent) = stream.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let generated = std::fs::File::create(&stream).and_then(|f| {
        let mut w = std::io::BufWriter::new(f);
        generate::generate(&mut w, processes, 2026)
    });
    if let Err(e) = generated {
        return fail(format!("cannot write the demo data: {e}"));
    }
    let mut conn = match url.connect() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    if let Err(e) = db::migrate(&mut conn) {
        return fail(e);
    }
    let options = ImportOptions {
        progress: true,
        ..ImportOptions::default()
    };
    match Importer::new(&mut conn, options).run(&[Input::Path(stream.clone())]) {
        Ok(report) => eprintln!(
            "demo data: {} processes from {} releases in {}",
            report.ocids_compiled,
            report.new,
            database.display()
        ),
        Err(e) => return fail(e),
    }
    let now = chrono::Utc::now().naive_utc();
    let seeded = crate::workflow::Engine::from_settings(&settings).and_then(|engine| {
        let feedback = crate::demo::seed(&mut conn, &engine, 60, now)?;
        let dir = database.parent().unwrap_or(Path::new("."));
        let config =
            crate::demo::follow_publisher(&mut conn, &engine, dir, &settings.config_dir, now)?;
        // The risk indicators, with the demo's feedback in them (the worker keeps them after).
        let demo_engine = crate::workflow::Engine::load(
            &config,
            b"demo",
            settings.data.dir.clone(),
            settings.server.base_url.clone(),
        )?;
        crate::risk::job::recompute(&mut conn, &demo_engine.indicators, &demo_engine.workflow)
            .map_err(|e| e.to_string())?;
        Ok::<_, String>((feedback, config))
    });
    let feedback = match seeded {
        Ok((n, config)) => {
            settings.config_dir = config;
            n
        }
        Err(e) => return fail(format!("cannot seed demo feedback: {e}")),
    };
    drop(conn);
    let _ = std::fs::remove_file(&stream);
    eprintln!();
    eprintln!("Veedor demo: {}", settings.server.base_url);
    eprintln!(
        "  {processes} contracting processes; {feedback} feedback items at every step of the loop"
    );
    eprintln!(
        "  It follows a publisher: the folder {} (config in {}), synced when it starts.",
        database
            .parent()
            .unwrap_or(Path::new("."))
            .join("demo-publisher")
            .display(),
        settings.config_dir.display()
    );
    eprintln!(
        "  Sign in as any of these (password {:?}):",
        crate::demo::PASSWORD
    );
    for who in crate::demo::ACCOUNTS {
        eprintln!(
            "    {:<28} {:<16} {:<10} {}",
            who.email, who.name, who.role, who.does
        );
    }
    if settings.mail.smtp_url.trim().is_empty() {
        eprintln!(
            "  Mail is written as .eml files to {} (set VEEDOR_SMTP_URL to send it).",
            settings.data.dir.join("mail").display()
        );
    } else {
        // The server only: a URL may carry a password.
        let server = url::Url::parse(&settings.mail.smtp_url)
            .ok()
            .and_then(|u| Some(format!("{}:{}", u.host_str()?, u.port().unwrap_or(25))))
            .unwrap_or_default();
        eprintln!("  Mail goes through the SMTP server at {server}.");
    }
    eprintln!();
    serve(settings)
}

fn bench_feedback(
    items: usize,
    submissions: usize,
    postgres: Option<String>,
    dir: &Path,
) -> ExitCode {
    let result = std::fs::create_dir_all(dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            let url = match postgres {
                Some(url) => url,
                None => {
                    let path = dir.join("feedback.db");
                    remove_sqlite(&path);
                    format!("sqlite://{}", path.display())
                }
            };
            crate::bench::feedback(&url, items, submissions, dir)
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn bench_import(
    processes: usize,
    real: Option<(&Path, usize)>,
    postgres: Option<&str>,
    compare: Option<&str>,
    runs: usize,
    dir: &Path,
) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(dir) {
        return fail(e);
    }
    let stream = match real {
        Some((_, copies)) => dir.join(format!("real-{copies}-packages.jsonl")),
        None => dir.join(format!("stream-{processes}.jsonl")),
    };
    if let (Some((from, copies)), false) = (real, stream.exists()) {
        eprintln!(
            "copying the releases under {} {copies} times into {}",
            from.display(),
            stream.display()
        );
        match crate::ocds::generate::copy_real(from, copies, &stream) {
            Ok(n) => eprintln!("{n} releases written"),
            Err(e) => return fail(e),
        }
    }
    if !stream.exists() {
        eprintln!("generating {processes} processes into {}", stream.display());
        let code = generate_cmd(processes, 42, Some(&stream));
        if code != ExitCode::SUCCESS {
            return code;
        }
    }
    let bytes = std::fs::metadata(&stream).map(|m| m.len()).unwrap_or(0);
    let exe = match std::env::current_exe() {
        Ok(e) => e,
        Err(e) => return fail(e),
    };
    let mut targets = vec![(
        "sqlite",
        format!("sqlite://{}", dir.join("bench.db").display()),
    )];
    if let Some(pg) = postgres {
        targets.push(("postgres", pg.to_owned()));
    }
    println!(
        "input: {} ({:.1} MB), best of {runs} runs",
        stream.display(),
        bytes as f64 / 1e6
    );
    let mut best_sqlite = None;
    for (name, url) in targets {
        let mut best: Option<serde_json::Value> = None;
        for _ in 0..runs {
            if name == "sqlite" {
                remove_sqlite(&dir.join("bench.db"));
            } else if let Err(e) = reset_postgres(&url) {
                return fail(format!("cannot reset the PostgreSQL bench database: {e}"));
            }
            // A child process per run, so peak memory is the import's own.
            let output = std::process::Command::new(&exe)
                .args(["import", "--json"])
                .arg(&stream)
                .env("VEEDOR_DATABASE_URL", &url)
                .output();
            let output = match output {
                Ok(o) => o,
                Err(e) => return fail(e),
            };
            let report: serde_json::Value = match serde_json::from_slice(&output.stdout) {
                Ok(v) => v,
                Err(_) => {
                    let _ = std::io::stderr().write_all(&output.stderr);
                    return fail(format!("{name} import failed"));
                }
            };
            let seconds = |r: &serde_json::Value| r["seconds"].as_f64().unwrap_or(f64::MAX);
            if best.as_ref().is_none_or(|b| seconds(&report) < seconds(b)) {
                best = Some(report);
            }
        }
        let Some(report) = best else { continue };
        let seconds = report["seconds"].as_f64().unwrap_or(f64::NAN);
        let releases = report["releases_read"].as_f64().unwrap_or(0.0);
        let peak = report["peak_rss_bytes"].as_f64().unwrap_or(0.0);
        println!(
            "{name}: {releases} releases, {} processes in {seconds:.2}s = {:.0} releases/s, {:.1} MB/s, peak memory {:.0} MB, errors {}",
            report["ocids_compiled"],
            releases / seconds,
            bytes as f64 / 1e6 / seconds,
            peak / 1e6,
            report["error_count"]
        );
        if name == "sqlite" {
            best_sqlite = Some(seconds);
        }
    }
    if let (Some(command), Some(ours)) = (compare, best_sqlite) {
        let mut best = f64::MAX;
        for _ in 0..runs {
            let input = match std::fs::File::open(&stream) {
                Ok(f) => f,
                Err(e) => return fail(e),
            };
            let started = Instant::now();
            let status = std::process::Command::new("sh")
                .args(["-c", command])
                .stdin(input)
                .stdout(std::process::Stdio::null())
                .status();
            match status {
                Ok(s) if s.success() => best = best.min(started.elapsed().as_secs_f64()),
                Ok(s) => return fail(format!("reference command failed: {s}")),
                Err(e) => return fail(format!("cannot run the reference command: {e}")),
            }
        }
        println!(
            "reference ({command}): {best:.2}s = {:.1} MB/s; Veedor on SQLite is {:.1}x faster",
            bytes as f64 / 1e6 / best,
            best / ours
        );
    }
    ExitCode::SUCCESS
}

/// Empties the bench database's schema so every PostgreSQL run starts fresh.
fn reset_postgres(url: &str) -> Result<(), String> {
    use diesel::connection::SimpleConnection;
    let url = DatabaseUrl::parse(url).map_err(|e| e.to_string())?;
    let mut conn = url.connect().map_err(|e| e.to_string())?;
    conn.batch_execute("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
        .map_err(|e| e.to_string())
}
