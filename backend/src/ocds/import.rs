//! The import pipeline: inputs → releases → batches → stored releases and compiled processes.
//!
//! Each batch is one write transaction: its new releases, and the recompiled process of every
//! ocid they touch, commit together, so a process is never half-imported. A process whose
//! releases cannot be compiled keeps its previous state and the new releases are reported, not
//! stored.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::Utc;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use super::merge::{self, MergeRules, OcdsVersion};
use super::reader::{self, Incoming, Issue, Sink, SinkStop, VersionPolicy};
use super::store::{self, NewRelease, PartyRow, ProcessRow};
use super::summary::{self, Organization};
use crate::db::{self, DbConnection};

/// Where releases come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
    Url(String),
}

impl Input {
    /// `-` is standard input, `http(s)://…` a URL, anything else a file or directory.
    pub fn parse(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else if arg.starts_with("http://") || arg.starts_with("https://") {
            Input::Url(arg.to_owned())
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Releases per write transaction.
    pub batch_releases: usize,
    /// Bytes of release text per write transaction.
    pub batch_bytes: usize,
    pub policy: VersionPolicy,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Pages followed through `links.next` from one URL.
    pub max_pages: usize,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            batch_releases: 2000,
            batch_bytes: 16 * 1024 * 1024,
            policy: VersionPolicy::default(),
            progress: false,
            max_pages: 10_000,
        }
    }
}

/// The end-of-run summary.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct ImportReport {
    pub files: u64,
    pub bytes: u64,
    pub releases_read: u64,
    pub new: u64,
    pub unchanged: u64,
    pub conflicting: u64,
    pub ocids_compiled: u64,
    /// Problems found, in order (the first [`MAX_KEPT_ISSUES`] are kept, all are counted).
    pub errors: Vec<Issue>,
    pub error_count: u64,
    pub warnings: Vec<Issue>,
    pub warning_count: u64,
}

const MAX_KEPT_ISSUES: usize = 1000;
/// Issues of each kind printed in the human summary (`--json` has all kept ones).
const SHOWN: usize = 50;

impl ImportReport {
    fn add_issue(&mut self, issue: Issue) {
        let (count, kept) = if issue.warning {
            (&mut self.warning_count, &mut self.warnings)
        } else {
            (&mut self.error_count, &mut self.errors)
        };
        *count += 1;
        if kept.len() < MAX_KEPT_ISSUES {
            kept.push(issue);
        }
    }

    /// Human summary, one line per figure, then the problems.
    pub fn render(&self) -> String {
        let mut out = format!(
            "files: {}\nreleases read: {}\nnew: {}\nunchanged: {}\nconflicting: {}\nocids compiled: {}\nerrors: {}\nwarnings: {}\n",
            self.files,
            self.releases_read,
            self.new,
            self.unchanged,
            self.conflicting,
            self.ocids_compiled,
            self.error_count,
            self.warning_count
        );
        for (label, list, count) in [
            ("error", &self.errors, self.error_count),
            ("warning", &self.warnings, self.warning_count),
        ] {
            for issue in list.iter().take(SHOWN) {
                out.push_str(&format!("  {label}: {issue}\n"));
            }
            if count as usize > SHOWN.min(list.len()) {
                out.push_str(&format!(
                    "  … and {} more {label}s\n",
                    count as usize - SHOWN.min(list.len())
                ));
            }
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("database error during import: {0}")]
    Database(#[from] diesel::result::Error),
}

/// Canonical content digest: key order and whitespace do not matter, values do.
pub fn digest(value: &Value) -> String {
    fn feed(hasher: &mut blake3::Hasher, value: &Value) {
        match value {
            Value::Null => {
                hasher.update(b"n");
            }
            Value::Bool(b) => {
                hasher.update(if *b { b"t" } else { b"f" });
            }
            Value::Number(n) => {
                // 1 and 1.0 are the same amount.
                let text = match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", f as i64),
                    _ => n.to_string(),
                };
                hasher.update(b"d");
                hasher.update(text.as_bytes());
                hasher.update(b";");
            }
            Value::String(s) => {
                hasher.update(b"s");
                hasher.update(&(s.len() as u64).to_le_bytes());
                hasher.update(s.as_bytes());
            }
            Value::Array(items) => {
                hasher.update(b"[");
                for item in items {
                    feed(hasher, item);
                }
                hasher.update(b"]");
            }
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                hasher.update(b"{");
                for key in keys {
                    hasher.update(&(key.len() as u64).to_le_bytes());
                    hasher.update(key.as_bytes());
                    feed(hasher, &map[key]);
                }
                hasher.update(b"}");
            }
        }
    }
    let mut hasher = blake3::Hasher::new();
    feed(&mut hasher, value);
    hasher.finalize().to_hex()[..32].to_owned()
}

/// Imports inputs into the database behind `conn`.
pub struct Importer<'c> {
    conn: &'c mut DbConnection,
    options: ImportOptions,
    batch: Vec<Incoming>,
    batch_bytes: usize,
    source: String,
    report: ImportReport,
    fatal: Option<ImportError>,
    progress: Option<ProgressBar>,
    started: Instant,
    bytes_before_input: u64,
    known_orgs: OrgCache,
}

/// Fingerprints of organizations written in this run, so unchanged ones are not rewritten
/// batch after batch. Bounded: cleared when full.
#[derive(Debug, Default)]
struct OrgCache {
    seen: HashMap<String, u64>,
}

const ORG_CACHE_LIMIT: usize = 200_000;

impl OrgCache {
    fn fingerprint(org: &Organization) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (&org.name, &org.scheme, &org.identifier, &org.email).hash(&mut h);
        org.address.as_ref().map(|a| a.to_string()).hash(&mut h);
        h.finish()
    }

    fn is_current(&self, org: &Organization) -> bool {
        self.seen.get(&org.id) == Some(&Self::fingerprint(org))
    }

    fn remember(&mut self, orgs: &[Organization]) {
        if self.seen.len() + orgs.len() > ORG_CACHE_LIMIT {
            self.seen.clear();
        }
        for org in orgs {
            self.seen.insert(org.id.clone(), Self::fingerprint(org));
        }
    }
}

impl<'c> Importer<'c> {
    pub fn new(conn: &'c mut DbConnection, options: ImportOptions) -> Importer<'c> {
        let progress = (options.progress && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
            bar.set_style(
                ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar.enable_steady_tick(Duration::from_millis(250));
            bar
        });
        Importer {
            conn,
            options,
            batch: Vec::new(),
            batch_bytes: 0,
            source: String::new(),
            report: ImportReport::default(),
            fatal: None,
            progress,
            started: Instant::now(),
            bytes_before_input: 0,
            known_orgs: OrgCache::default(),
        }
    }

    /// Imports every input (directories recursively, URLs with their `links.next` pages).
    pub fn run(mut self, inputs: &[Input]) -> Result<ImportReport, ImportError> {
        for input in inputs {
            match input {
                Input::Path(path) => self.import_path(path),
                Input::Stdin => {
                    self.import_reader("stdin", Box::new(std::io::stdin()));
                }
                Input::Url(url) => self.import_url(url),
            }
            if let Some(fatal) = self.fatal.take() {
                return Err(fatal);
            }
        }
        self.flush();
        if let Some(fatal) = self.fatal.take() {
            return Err(fatal);
        }
        if let Some(bar) = &self.progress {
            bar.finish_and_clear();
        }
        Ok(self.report)
    }

    fn import_path(&mut self, path: &Path) {
        if path.is_dir() {
            let mut files = Vec::new();
            collect_files(path, &mut files);
            if files.is_empty() {
                self.note(
                    path.display().to_string(),
                    "directory",
                    "no files to import",
                );
            }
            for file in files {
                self.import_file(&file);
                if self.fatal.is_some() {
                    return;
                }
            }
        } else {
            self.import_file(path);
        }
    }

    fn import_file(&mut self, path: &Path) {
        let name = path.display().to_string();
        match std::fs::File::open(path) {
            Ok(file) => {
                self.import_reader(&name, Box::new(file));
            }
            Err(e) => self.note(name, "open", &format!("cannot open: {e}")),
        }
    }

    fn import_url(&mut self, start: &str) {
        let mut next = Some(start.to_owned());
        let mut visited = HashSet::new();
        while let Some(url) = next.take() {
            if !visited.insert(url.clone()) {
                self.note(
                    url,
                    "links.next",
                    "page already read (loop in links.next); stopped",
                );
                return;
            }
            if visited.len() > self.options.max_pages {
                self.note(url, "links.next", "too many pages; stopped");
                return;
            }
            match ureq::get(&url).call() {
                Ok(response) => {
                    let body = response.into_body().into_reader();
                    next = self.import_reader(&url, Box::new(body)).into_iter().next();
                }
                Err(e) => {
                    self.note(url, "request", &format!("cannot fetch: {e}"));
                    return;
                }
            }
            if self.fatal.is_some() {
                return;
            }
        }
    }

    /// Reads one input; returns the `links.next` pages it names.
    fn import_reader(&mut self, name: &str, reader: Box<dyn Read>) -> Vec<String> {
        self.source = name.to_owned();
        self.report.files += 1;
        self.bytes_before_input = self.report.bytes;
        let policy = self.options.policy;
        let outcome = reader::read_input(name, reader, self, policy);
        outcome.next_pages
    }

    fn note(&mut self, source: String, position: &str, reason: &str) {
        self.report.add_issue(Issue {
            source,
            position: position.to_owned(),
            reason: reason.to_owned(),
            warning: false,
        });
    }

    fn update_progress(&self) {
        if let Some(bar) = &self.progress {
            let secs = self.started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{} releases ({} new), {:.1} MB, {:.0} releases/s — {}",
                self.report.releases_read,
                self.report.new,
                self.report.bytes as f64 / 1e6,
                self.report.releases_read as f64 / secs,
                self.source
            ));
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() || self.fatal.is_some() {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        let mut batch = batch;
        let known_orgs = &mut self.known_orgs;
        let result = db::write(self.conn, |conn| apply_batch(conn, &mut batch, known_orgs));
        match result {
            Ok(outcome) => {
                self.report.new += outcome.new;
                self.report.unchanged += outcome.unchanged;
                self.report.conflicting += outcome.conflicting;
                self.report.ocids_compiled += outcome.compiled;
                for issue in outcome.issues {
                    self.report.add_issue(issue);
                }
            }
            Err(e) => self.fatal = Some(e),
        }
        self.update_progress();
    }
}

impl Sink for Importer<'_> {
    fn release(&mut self, release: Incoming) -> Result<(), SinkStop> {
        self.report.releases_read += 1;
        self.batch_bytes += release.raw.len();
        self.batch.push(release);
        if self.batch.len() >= self.options.batch_releases
            || self.batch_bytes >= self.options.batch_bytes
        {
            self.flush();
        }
        if self.fatal.is_some() {
            Err(SinkStop)
        } else {
            Ok(())
        }
    }

    fn issue(&mut self, issue: Issue) {
        self.report.add_issue(issue);
    }

    fn progress(&mut self, bytes: u64) {
        self.report.bytes = self.bytes_before_input + bytes;
        if self.progress.is_some() && self.report.releases_read.is_multiple_of(512) {
            self.update_progress();
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else if path.is_file() {
            out.push(path);
        }
    }
}

#[derive(Debug, Default)]
struct BatchOutcome {
    new: u64,
    unchanged: u64,
    conflicting: u64,
    compiled: u64,
    issues: Vec<Issue>,
}

fn issue_for(release: &Incoming, source: &str, reason: String) -> Issue {
    Issue {
        source: source.to_owned(),
        position: release.position.clone(),
        reason,
        warning: false,
    }
}

/// Stores one batch and recompiles the processes it touches. Runs inside a write transaction.
fn apply_batch(
    conn: &mut DbConnection,
    batch: &mut [Incoming],
    known_orgs: &mut OrgCache,
) -> Result<BatchOutcome, ImportError> {
    let mut outcome = BatchOutcome::default();
    let now = Utc::now().naive_utc();
    let digests: Vec<String> = batch.iter().map(|r| digest(&r.value)).collect();
    // Values move into the compiler; the batch keeps the raw text, which is what gets stored.
    let mut values_of: Vec<Value> = batch
        .iter_mut()
        .map(|r| std::mem::take(&mut r.value))
        .collect();
    let batch: &[Incoming] = batch;

    let mut ocids: Vec<&str> = Vec::new();
    let mut seen_ocids = HashSet::new();
    for r in batch {
        if seen_ocids.insert(r.ocid.as_str()) {
            ocids.push(r.ocid.as_str());
        }
    }
    let existing = store::existing_digests(conn, &ocids)?;
    let known: HashSet<&str> = existing.keys().map(|(o, _)| o.as_str()).collect();

    // Classify each release: new, unchanged (same content) or conflicting (same id, other content).
    let mut in_batch: HashMap<(&str, &str), String> = HashMap::new();
    let mut fresh: HashMap<&str, Vec<(usize, String)>> = HashMap::new();
    for (index, r) in batch.iter().enumerate() {
        let d = digests[index].clone();
        let key = (r.ocid.clone(), r.release_id.clone());
        let earlier = existing
            .get(&key)
            .or_else(|| in_batch.get(&(r.ocid.as_str(), r.release_id.as_str())));
        match earlier {
            Some(old) if *old == d => outcome.unchanged += 1,
            Some(_) => {
                outcome.conflicting += 1;
                outcome.issues.push(issue_for(
                    r,
                    &r.source,
                    format!(
                        "conflicting duplicate: release {} of {} is already stored with other content; the first one is kept",
                        r.release_id, r.ocid
                    ),
                ));
            }
            None => {
                in_batch.insert((r.ocid.as_str(), r.release_id.as_str()), d.clone());
                fresh.entry(r.ocid.as_str()).or_default().push((index, d));
            }
        }
    }

    let mut new_rows: Vec<NewRelease<'_>> = Vec::new();
    let mut orgs: HashMap<String, Organization> = HashMap::new();
    for ocid in &ocids {
        let Some(new) = fresh.get(ocid) else { continue };
        // The process's full set of releases: stored ones (if any) plus the new ones.
        let stored = if known.contains(ocid) {
            store::releases_of(conn, ocid)?
        } else {
            Vec::new()
        };
        let mut values: Vec<Value> = Vec::with_capacity(stored.len() + new.len());
        let mut version = OcdsVersion::V1_0;
        for row in &stored {
            match serde_json::from_str::<Value>(&row.data) {
                Ok(v) => values.push(v),
                Err(e) => outcome.issues.push(Issue {
                    source: row.source.clone(),
                    position: format!("stored release {}", row.release_id),
                    reason: format!("stored release no longer parses: {e}"),
                    warning: false,
                }),
            }
            version = version.max(OcdsVersion::parse(&row.ocds_version));
        }
        for (index, _) in new {
            values.push(std::mem::take(&mut values_of[*index]));
            version = version.max(batch[*index].version);
        }
        let release_count = values.len();
        let merged = match merge::compile_owned(values, MergeRules::for_version(version)) {
            Ok(m) => m,
            Err(e) => {
                for (index, _) in new {
                    let r = &batch[*index];
                    outcome.issues.push(issue_for(
                        r,
                        &r.source,
                        format!(
                            "cannot compile {}: {e}; its new releases were not stored",
                            r.ocid
                        ),
                    ));
                }
                continue;
            }
        };
        let summary = summary::summarize(&merged.release);
        let compiled_text = serde_json::to_string(&merged.release).unwrap_or_default();
        let row = ProcessRow::new(
            ocid,
            &summary,
            compiled_text,
            release_count,
            version.as_str(),
            now,
        );
        let mut parties = Vec::new();
        for (org, roles) in &summary.parties {
            for role in roles {
                parties.push(PartyRow {
                    ocid: (*ocid).to_owned(),
                    organization_id: org.id.clone(),
                    role: role.clone(),
                });
            }
            orgs.entry(org.id.clone())
                .and_modify(|o| {
                    if org.email.is_some() {
                        o.email = org.email.clone();
                    }
                })
                .or_insert_with(|| org.clone());
        }
        store::save_process(conn, &row, &parties, known.contains(ocid))?;
        outcome.compiled += 1;
        for (index, d) in new {
            let r = &batch[*index];
            new_rows.push(NewRelease {
                ocid: &r.ocid,
                release_id: &r.release_id,
                release_date: &r.date,
                ocds_version: r.version.as_str(),
                digest: d,
                data: &r.raw,
                source: &r.source,
                imported_at: now,
            });
        }
        for warning in merged.warnings {
            if let Some((index, _)) = new.first() {
                let r = &batch[*index];
                let mut issue = issue_for(r, &r.source, format!("{}: {warning}", r.ocid));
                issue.warning = true;
                outcome.issues.push(issue);
            }
        }
    }
    outcome.new = new_rows.len() as u64;
    store::insert_releases(conn, &new_rows)?;
    let mut orgs: Vec<Organization> = orgs
        .into_values()
        .filter(|o| !known_orgs.is_current(o))
        .collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    store::upsert_organizations(conn, &orgs, now)?;
    known_orgs.remember(&orgs);
    Ok(outcome)
}
