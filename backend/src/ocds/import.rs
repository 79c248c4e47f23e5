//! The import pipeline: inputs → releases → batches → stored releases and compiled processes.
//!
//! Two stages on two threads, so both cores work: a reader thread parses, digests and batches
//! releases; the calling thread, which owns the database connection, packs each batch's
//! releases (LZ4, before its transaction unless it joins one), checks them against what is
//! stored and writes them.
//! Each batch's processes are compiled as if they were new by both threads together (see
//! [`Compiling`]): the reader starts on them, the writer joins when it is free. When a process
//! already has stored releases (a re-import, or a process split across batches), the writer
//! recompiles it from stored plus new releases instead of using that guess.
//!
//! A batch's new releases, and the recompiled process of every ocid they touch, commit
//! together, so a process is never half-imported (on SQLite the batches already waiting join
//! the transaction, see `write_all`). A process whose releases cannot be compiled keeps its
//! previous state and the new releases are reported, not stored.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::Utc;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use super::merge::{MergeError, MergeRules, OcdsVersion};
use super::reader::{self, Incoming, Issue, Sink, SinkStop, VersionPolicy};
use super::store::{self, PackedRelease, PartyRow, ProcessRow, StoredRelease};
use super::summary::{self, Organization};
use super::tree::Node;
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
    /// Releases per batch (one write transaction on PostgreSQL; on SQLite the batches already
    /// waiting share one).
    pub batch_releases: usize,
    /// Bytes of release text per batch.
    pub batch_bytes: usize,
    pub policy: VersionPolicy,
    /// Show a progress bar (only drawn on a terminal).
    pub progress: bool,
    /// Pages followed through `links.next` from one URL.
    pub max_pages: usize,
    /// Stops as if the process were killed right after this many write transactions (tests of
    /// resumable syncs use it; `None` in every real run).
    pub stop_after_commits: Option<u64>,
    /// On SQLite, how long a write transaction goes on taking the batches already waiting
    /// (zero: one batch per transaction). See `write_all`.
    pub join_waiting_batches_for: Duration,
    /// The risk indicators computed for each process as it is stored.
    pub indicators: std::sync::Arc<crate::risk::Methodology>,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            batch_releases: 2000,
            batch_bytes: 16 * 1024 * 1024,
            policy: VersionPolicy::default(),
            progress: false,
            max_pages: 10_000,
            stop_after_commits: None,
            join_waiting_batches_for: TRANSACTION_TIME,
            indicators: Default::default(),
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
    /// Write transactions committed (on SQLite a transaction takes the batches that are ready).
    pub transactions: u64,
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
            "files: {}\nreleases read: {}\nnew: {}\nunchanged: {}\nconflicting: {}\nocids compiled: {}\nwrite transactions: {}\nerrors: {}\nwarnings: {}\n",
            self.files,
            self.releases_read,
            self.new,
            self.unchanged,
            self.conflicting,
            self.ocids_compiled,
            self.transactions,
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
    /// A sync's lease ran out and another instance took the source over: this one stores
    /// nothing more.
    #[error(
        "another instance took source {0} over (this one's lease ran out); nothing more was stored"
    )]
    LeaseLost(String),
}

type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Digest of a release's text as published: cheap, and equal for the common re-import of the
/// same file.
pub fn text_digest(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex()[..32].to_owned()
}

/// [`canonical_digest`] of a release's text (one the reader checked; an unreadable text has
/// none but its own).
fn canonical_text_digest(text: &str) -> String {
    match Node::parse(text) {
        Ok(node) => node_digest(&node),
        Err(_) => text_digest(text),
    }
}

/// Canonical content digest: key order and whitespace do not matter, values do.
pub fn canonical_digest(value: &Value) -> String {
    node_digest(&Node::from_value(value))
}

/// [`canonical_digest`] of a release read as a [`Node`] (its keys already sorted).
fn node_digest(node: &Node) -> String {
    fn feed(out: &mut Vec<u8>, value: &Node) {
        match value {
            Node::Null => out.push(b'n'),
            Node::Bool(b) => out.push(if *b { b't' } else { b'f' }),
            Node::Number(n) => {
                // 1 and 1.0 are the same amount.
                out.push(b'd');
                match n.as_f64() {
                    Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                        out.extend_from_slice((f as i64).to_string().as_bytes())
                    }
                    _ => out.extend_from_slice(n.to_string().as_bytes()),
                }
                out.push(b';');
            }
            Node::String(s) => {
                out.push(b's');
                out.extend_from_slice(&(s.len() as u64).to_le_bytes());
                out.extend_from_slice(s.as_bytes());
            }
            Node::Array(items) => {
                out.push(b'[');
                for item in items {
                    feed(out, item);
                }
                out.push(b']');
            }
            Node::Object(fields) => {
                out.push(b'{');
                for (key, value) in fields.iter() {
                    out.extend_from_slice(&(key.len() as u64).to_le_bytes());
                    out.extend_from_slice(key.as_bytes());
                    feed(out, value);
                }
                out.push(b'}');
            }
        }
    }
    let mut canonical = Vec::with_capacity(4096);
    feed(&mut canonical, node);
    blake3::hash(&canonical).to_hex()[..32].to_owned()
}

/// What this run already wrote, per table.
#[derive(Debug, Default)]
struct KnownOrganizations {
    organizations: OrgCache,
    agencies: OrgCache,
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

/// Imports inputs into the database behind `conn`.
pub struct Importer<'c> {
    conn: &'c mut DbConnection,
    options: ImportOptions,
}

impl<'c> Importer<'c> {
    pub fn new(conn: &'c mut DbConnection, options: ImportOptions) -> Importer<'c> {
        Importer { conn, options }
    }

    /// Imports every input (directories recursively, URLs with their `links.next` pages).
    pub fn run(self, inputs: &[Input]) -> Result<ImportReport, ImportError> {
        self.run_feed(|feed| feed.inputs(inputs), |_, _| Ok(()))
    }

    /// Imports what `feed` reads, on the reader thread, page by page. `on_commit` runs inside
    /// the write transaction of every batch, with the checkpoints it carries (oldest first): a
    /// [`Feed::checkpoint`] commits with the batch that holds the last release read before it
    /// (or a later one), together with what `on_commit` writes (a source's cursor, say); and
    /// `on_commit` may refuse a transaction (a lease no longer held; on SQLite a transaction
    /// may hold several batches, and a refusal rolls them all back). Batches stay as large as
    /// for files, so a page is not a transaction. A run stopped at any moment resumes from the
    /// last checkpoint committed with nothing lost and nothing stored twice.
    pub fn run_feed<F, C>(self, feed: F, mut on_commit: C) -> Result<ImportReport, ImportError>
    where
        F: FnOnce(&mut Feed<'_, '_>) + Send,
        C: FnMut(&mut DbConnection, &[Value]) -> Result<(), ImportError>,
    {
        let options = self.options;
        let conn = self.conn;
        let with_words = matches!(conn, DbConnection::Sqlite(_));
        let bulk = BulkMode::enter(conn);
        // Two batches in flight at most: memory stays bounded by the batch size. Notes (inputs
        // opened, issues) travel apart so the reader never waits on the writer for them.
        let (batches_tx, batches) = sync_channel::<Prepared>(1);
        let (notes_tx, notes) = channel::<Note>();
        let shared = Shared::default();
        std::thread::scope(|scope| {
            let reader_options = options.clone();
            let shared = &shared;
            scope.spawn(move || {
                let mut gatherer =
                    Gatherer::new(batches_tx, notes_tx, shared, reader_options, with_words);
                feed(&mut Feed(&mut gatherer));
                gatherer.flush();
            });
            let report = write_all(conn, batches, notes, shared, &options, &mut on_commit);
            bulk.leave(conn);
            // New releases: the indicators that compare processes are due again.
            if report.as_ref().is_ok_and(|r| r.new > 0) {
                crate::risk::job::data_changed(conn)?;
            }
            report
        })
    }
}

/// On SQLite, lets the write-ahead log grow during an import instead of copying it into the
/// database every 4 MB (hot pages would be copied again and again), and checkpoints once after.
/// Copying it on a thread of its own as batches commit was tried: it took a sixth off a 54 MB
/// import but added a sixth to a 900 MB one (the writer appends while the copy runs, so the log
/// never restarts and grows to the whole import; pages every batch writes are copied again).
struct BulkMode {
    active: bool,
}

impl BulkMode {
    fn enter(conn: &mut DbConnection) -> BulkMode {
        use diesel::connection::SimpleConnection;
        let active = matches!(conn, DbConnection::Sqlite(_))
            && conn
                .batch_execute("PRAGMA wal_autocheckpoint = 50000")
                .is_ok();
        BulkMode { active }
    }

    fn leave(&self, conn: &mut DbConnection) {
        use diesel::connection::SimpleConnection;
        if self.active {
            let _ = conn.batch_execute(
                "PRAGMA wal_autocheckpoint = 1000; \
                 PRAGMA wal_checkpoint(TRUNCATE);",
            );
        }
    }
}

/// What the reader thread tells the writer besides batches.
enum Note {
    Input { name: String },
    Issue(Issue),
}

/// Counters the reader updates and the writer reads.
#[derive(Default)]
struct Shared {
    bytes: AtomicU64,
    /// Issues counted but not sent, once [`MAX_SENT_ISSUES`] were sent.
    unsent_errors: AtomicU64,
    unsent_warnings: AtomicU64,
}

const MAX_SENT_ISSUES: u64 = 2 * MAX_KEPT_ISSUES as u64;

/// What a feed (files, a publisher's pages) does with the import, on the reader thread.
pub struct Feed<'g, 's>(&'g mut Gatherer<'s>);

impl Feed<'_, '_> {
    /// Imports files, directories, standard input and URLs, as `veedor import` does.
    pub fn inputs(&mut self, inputs: &[Input]) {
        self.0.run(inputs);
    }

    /// Reads one input (a page, a file) into the current batch.
    pub fn read(&mut self, name: &str, reader: Box<dyn Read>) -> reader::ReadOutcome {
        self.0.import_reader(name, reader)
    }

    /// Reads one page whose problems are held back: when the page is read to its end they are
    /// reported as usual; when it failed (see [`reader::ReadOutcome::failure`]) they are
    /// returned instead, for the caller to report or drop when it fetches the page again.
    pub fn read_page(
        &mut self,
        name: &str,
        reader: Box<dyn Read>,
    ) -> (reader::ReadOutcome, Vec<Issue>) {
        self.0.held = Some(Vec::new());
        let outcome = self.0.import_reader(name, reader);
        let held = self.0.held.take().unwrap_or_default();
        if outcome.failure.is_some() {
            return (outcome, held);
        }
        for issue in held {
            self.0.send(Note::Issue(issue));
        }
        (outcome, Vec::new())
    }

    /// Marks everything read so far as covered by `cursor`: it is handed to `on_commit` in the
    /// transaction of the batch that holds those releases (the current one, when it is sent).
    /// Committed at least every [`CHECKPOINT_EVERY`], so a feed of empty pages still moves
    /// its cursor (and its lease) on.
    pub fn checkpoint(&mut self, cursor: Value) {
        let g = &mut *self.0;
        g.checkpoints.push(cursor);
        g.page_start = g.batch.len();
        if g.last_flush.elapsed() >= CHECKPOINT_EVERY {
            g.flush();
        }
    }

    /// Forgets the releases of the page being read, since the last checkpoint (a page that
    /// failed half-way; if the page was larger than a batch, its first batches were committed
    /// already, which is harmless: read again, they are unchanged).
    pub fn discard(&mut self) {
        let g = &mut *self.0;
        let dropped = g.batch.len().saturating_sub(g.page_start);
        g.batch.truncate(g.page_start);
        g.releases_seen -= dropped as u64;
        g.batch_bytes = g.batch.iter().map(|r| r.raw.len()).sum();
    }

    /// Stops as if the process were killed now: nothing not yet committed is (tests of
    /// resumable syncs use it).
    pub fn abandon(&mut self) {
        let g = &mut *self.0;
        g.batch.clear();
        g.checkpoints.clear();
        g.stopped = true;
    }

    /// Reports a problem with the feed itself (a request that failed, a page skipped).
    pub fn issue(&mut self, issue: Issue) {
        self.0.send(Note::Issue(issue));
    }

    /// The writer stopped (it failed, or the run was told to stop): read no more.
    pub fn stopped(&self) -> bool {
        self.0.stopped
    }
}

/// Reader side: parses inputs, batches releases, prepares each batch.
struct Gatherer<'s> {
    batches: SyncSender<Prepared>,
    notes: Sender<Note>,
    shared: &'s Shared,
    issues_sent: u64,
    options: ImportOptions,
    batch: Vec<Incoming>,
    batch_bytes: usize,
    bytes_before_input: u64,
    bytes: u64,
    releases_seen: u64,
    stopped: bool,
    /// Issues of the page being read, held until it is known to have been read to its end.
    held: Option<Vec<Issue>>,
    /// Checkpoints placed since the last batch was sent (see [`Feed::checkpoint`]).
    checkpoints: Vec<Value>,
    /// Releases of the batch read before the last checkpoint (the page being read starts
    /// here).
    page_start: usize,
    last_flush: Instant,
    /// Whether compiles find the words of SQLite's search index (see [`Derive`]).
    with_words: bool,
    /// Packs the releases of the processes this thread compiles.
    packer: store::Packer,
}

/// Longest time checkpoints wait for a full batch before they are committed on their own.
pub const CHECKPOINT_EVERY: Duration = Duration::from_secs(20);

impl<'s> Gatherer<'s> {
    fn new(
        batches: SyncSender<Prepared>,
        notes: Sender<Note>,
        shared: &'s Shared,
        options: ImportOptions,
        with_words: bool,
    ) -> Gatherer<'s> {
        Gatherer {
            with_words,
            packer: store::Packer::default(),
            batches,
            notes,
            shared,
            issues_sent: 0,
            options,
            batch: Vec::new(),
            batch_bytes: 0,
            bytes_before_input: 0,
            bytes: 0,
            releases_seen: 0,
            stopped: false,
            held: None,
            checkpoints: Vec::new(),
            page_start: 0,
            last_flush: Instant::now(),
        }
    }

    fn send(&mut self, note: Note) {
        if let Note::Issue(issue) = &note {
            if self.issues_sent >= MAX_SENT_ISSUES {
                let counter = if issue.warning {
                    &self.shared.unsent_warnings
                } else {
                    &self.shared.unsent_errors
                };
                counter.fetch_add(1, Ordering::Relaxed);
                return;
            }
            self.issues_sent += 1;
        }
        // The writer hung up (it failed): stop reading.
        if self.notes.send(note).is_err() {
            self.stopped = true;
        }
    }

    fn run(&mut self, inputs: &[Input]) {
        for input in inputs {
            match input {
                Input::Path(path) => self.import_path(path),
                Input::Stdin => {
                    self.import_reader("stdin", Box::new(std::io::stdin()));
                }
                Input::Url(url) => self.import_url(url),
            }
            if self.stopped {
                return;
            }
        }
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
                if self.stopped {
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
                    next = self
                        .import_reader(&url, Box::new(body))
                        .next_pages
                        .into_iter()
                        .next();
                }
                Err(e) => {
                    self.note(url, "request", &format!("cannot fetch: {e}"));
                    return;
                }
            }
            if self.stopped {
                return;
            }
        }
    }

    /// Reads one input; what it found besides releases (`links.next` pages, a failure).
    fn import_reader(&mut self, name: &str, reader: Box<dyn Read>) -> reader::ReadOutcome {
        self.send(Note::Input {
            name: name.to_owned(),
        });
        self.bytes_before_input = self.bytes;
        let policy = self.options.policy;
        reader::read_input(name, reader, self, policy)
    }

    fn note(&mut self, source: String, position: &str, reason: &str) {
        self.send(Note::Issue(Issue {
            source,
            position: position.to_owned(),
            reason: reason.to_owned(),
            warning: false,
        }));
    }

    /// Sends the current batch to the writer, with the checkpoints placed meanwhile (sent even
    /// when no release was read since the last one, so a cursor still moves on).
    fn flush(&mut self) {
        if (self.batch.is_empty() && self.checkpoints.is_empty()) || self.stopped {
            return;
        }
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        self.page_start = 0;
        self.last_flush = Instant::now();
        let mut prepared = prepare(
            batch,
            self.options.indicators.computes_any(),
            self.with_words,
        );
        prepared.checkpoints = std::mem::take(&mut self.checkpoints);
        let compiling = prepared.compiling.clone();
        if self.batches.send(prepared).is_err() {
            self.stopped = true;
            return;
        }
        // The writer joins in when it is free: whichever thread is idle compiles.
        compiling.help(&mut self.packer);
    }
}

impl Sink for Gatherer<'_> {
    fn release(&mut self, release: Incoming) -> Result<(), SinkStop> {
        self.releases_seen += 1;
        self.batch_bytes += release.raw.len();
        self.batch.push(release);
        if self.batch.len() >= self.options.batch_releases
            || self.batch_bytes >= self.options.batch_bytes
        {
            self.flush();
        }
        if self.stopped {
            Err(SinkStop)
        } else {
            Ok(())
        }
    }

    fn issue(&mut self, issue: Issue) {
        match &mut self.held {
            // Bounded like the report: a page with a million bad releases holds a thousand
            // and counts the rest.
            Some(held) if held.len() >= MAX_KEPT_ISSUES => {
                let counter = if issue.warning {
                    &self.shared.unsent_warnings
                } else {
                    &self.shared.unsent_errors
                };
                counter.fetch_add(1, Ordering::Relaxed);
            }
            Some(held) => held.push(issue),
            None => self.send(Note::Issue(issue)),
        }
    }

    fn progress(&mut self, bytes: u64) {
        self.bytes = self.bytes_before_input + bytes;
        self.shared.bytes.store(self.bytes, Ordering::Relaxed);
    }
}

/// A process compiled and summarized, ready to store.
struct Compiled {
    row: ProcessRow,
    /// What the risk indicators read (also kept in `row.risk_facts`).
    facts: Option<crate::risk::Facts>,
    parties: Vec<PartyRow>,
    organizations: Vec<Organization>,
    /// Buyers and procuring entities, which the agency directory keeps.
    agencies: Vec<Organization>,
    warnings: Vec<String>,
    /// The words of its text for SQLite's search index ([`words::indexed`]), found where it
    /// is compiled (`None` on PostgreSQL, which indexes the text itself).
    words: Option<String>,
}

/// A process's releases packed for storage: index and compressed texts.
struct Packed {
    index_text: String,
    data: Vec<u8>,
}

/// The releases of one ocid in a batch (first copy of each release id only).
struct Group {
    ocid: String,
    members: Vec<usize>,
    /// Compiled as if the process had no stored releases (by either thread, see [`Compiling`]);
    /// filled in by the writer from the batch's results.
    guess: Option<Result<Compiled, MergeError>>,
    /// Its releases packed, also as if new, with the compile.
    packed: Option<Packed>,
}

/// A batch ready for the writer: digests computed, duplicates within the batch sorted out, its
/// processes grouped and being compiled as if new (see [`Compiling`]).
struct Prepared {
    releases: Vec<Incoming>,
    metas: Vec<StoredRelease>,
    groups: Vec<Group>,
    unchanged: u64,
    conflicting: u64,
    issues: Vec<Issue>,
    /// Committed with the batch (see [`Feed::checkpoint`]).
    checkpoints: Vec<Value>,
    /// Its processes being compiled, as if new, by the reader and the writer together.
    compiling: Arc<Compiling>,
}

/// The processes of a batch to compile, shared by the two threads: the reader starts on them as
/// soon as the batch is sent, the writer helps as soon as it is free, and then waits for the
/// ones still in the reader's hands. So neither thread idles while the other has compiling to
/// do, whatever the shape of the data (the reader used to compile alone, and was the
/// bottleneck on real publishers' data while the writer waited).
struct Compiling {
    tasks: Vec<Mutex<Option<Task>>>,
    results: Vec<Mutex<Option<TaskResult>>>,
    next: AtomicUsize,
    finished: Mutex<usize>,
    all_finished: Condvar,
    now: chrono::NaiveDateTime,
    with_facts: bool,
    /// Whether the compile finds the words of SQLite's search index.
    with_words: bool,
}

/// A process compiled (or why not) and its releases packed, as if new.
type TaskResult = (Result<Compiled, MergeError>, Packed);

/// A process to compile and pack: everything a batch's writer would otherwise do alone for a
/// new process before storing it, so the reader takes its share.
struct Task {
    ocid: String,
    /// Its releases' texts, read whole only here (on whichever thread compiles).
    texts: Vec<Arc<str>>,
    /// What the stored index says of each.
    metas: Vec<StoredRelease>,
    version: OcdsVersion,
}

/// Counts a task finished even if compiling it panicked, so the writer never waits forever: it
/// goes on to compile the process itself (see [`apply_batch`]), and the import ends with the
/// reader's panic rather than hanging.
struct FinishedOne<'a>(&'a Compiling);

impl Drop for FinishedOne<'_> {
    fn drop(&mut self) {
        let mut finished = self
            .0
            .finished
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        *finished += 1;
        if *finished == self.0.tasks.len() {
            self.0.all_finished.notify_all();
        }
    }
}

impl Compiling {
    /// Compiles and packs tasks until none is left to take.
    fn help(&self, packer: &mut store::Packer) {
        loop {
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            let Some(task) = self.tasks.get(i) else {
                return;
            };
            let _finished = FinishedOne(self);
            let task = task.lock().unwrap_or_else(PoisonError::into_inner).take();
            if let Some(Task {
                ocid,
                texts,
                metas,
                version,
            }) = task
            {
                // The reader read each text whole once (`reader::Head`): each reads again.
                let nodes: Result<Vec<Node>, MergeError> = texts
                    .iter()
                    .enumerate()
                    .map(|(index, t)| {
                        Node::parse(t).map_err(|e| MergeError::Unreadable {
                            index,
                            reason: e.to_string(),
                        })
                    })
                    .collect();
                let compiled = nodes.and_then(|nodes| {
                    let derive = Derive {
                        now: self.now,
                        with_facts: self.with_facts,
                        with_words: self.with_words,
                    };
                    compile_process(&ocid, nodes, version, derive)
                });
                let packed = metas
                    .into_iter()
                    .zip(texts.iter())
                    .map(|(meta, text)| PackedRelease { meta, text })
                    .collect();
                let (index_text, data) = packer.pack(packed);
                *self.results[i]
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner) =
                    Some((compiled, Packed { index_text, data }));
            }
        }
    }

    /// Helps, then waits for every task and hands their results over, in task order.
    fn finish(&self, packer: &mut store::Packer) -> Vec<Option<TaskResult>> {
        self.help(packer);
        let mut finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        while *finished < self.tasks.len() {
            finished = self
                .all_finished
                .wait(finished)
                .unwrap_or_else(PoisonError::into_inner);
        }
        drop(finished);
        self.results
            .iter()
            .map(|r| r.lock().unwrap_or_else(PoisonError::into_inner).take())
            .collect()
    }
}

fn conflict_issue(r: &Incoming) -> Issue {
    Issue {
        source: r.source.to_string(),
        position: r.position.clone(),
        reason: format!(
            "conflicting duplicate: release {} of {} is already stored with other content; the first one is kept",
            r.release_id, r.ocid
        ),
        warning: false,
    }
}

fn meta_of(r: &Incoming) -> StoredRelease {
    StoredRelease {
        id: r.release_id.clone(),
        date: r.date.clone(),
        version: r.version.as_str().to_owned(),
        tag: r.tag.clone(),
        digest: text_digest(&r.raw),
        source: r.source.to_string(),
    }
}

fn prepare(releases: Vec<Incoming>, with_facts: bool, with_words: bool) -> Prepared {
    let metas: Vec<StoredRelease> = releases.iter().map(meta_of).collect();
    let mut unchanged = 0;
    let mut conflicting = 0;
    let mut issues = Vec::new();
    let mut group_of: FastMap<String, usize> = FastMap::default();
    let mut first_copy: FastMap<(String, String), usize> = FastMap::default();
    let mut first_canonical: FastMap<usize, String> = FastMap::default();
    let mut members: Vec<Vec<usize>> = Vec::new();
    let mut ocids: Vec<String> = Vec::new();
    for (index, r) in releases.iter().enumerate() {
        let key = (r.ocid.clone(), r.release_id.clone());
        if let Some(&first) = first_copy.get(&key) {
            let same = metas[first].digest == metas[index].digest || {
                // A release repeated many times in a batch is put in canonical form once.
                let kept = first_canonical
                    .entry(first)
                    .or_insert_with(|| canonical_text_digest(&releases[first].raw));
                *kept == canonical_text_digest(&r.raw)
            };
            if same {
                unchanged += 1;
            } else {
                conflicting += 1;
                issues.push(conflict_issue(r));
            }
            continue;
        }
        first_copy.insert(key, index);
        let group = *group_of.entry(r.ocid.clone()).or_insert_with(|| {
            members.push(Vec::new());
            ocids.push(r.ocid.clone());
            members.len() - 1
        });
        members[group].push(index);
    }
    let mut groups = Vec::with_capacity(ocids.len());
    let mut tasks = Vec::with_capacity(ocids.len());
    for (ocid, members) in ocids.into_iter().zip(members) {
        let texts: Vec<Arc<str>> = members.iter().map(|&i| releases[i].raw.clone()).collect();
        let task_metas = members.iter().map(|&i| metas[i].clone()).collect();
        let version = members
            .iter()
            .map(|&i| releases[i].version)
            .max()
            .unwrap_or(OcdsVersion::V1_1);
        tasks.push(Mutex::new(Some(Task {
            ocid: ocid.clone(),
            texts,
            metas: task_metas,
            version,
        })));
        groups.push(Group {
            ocid,
            members,
            guess: None,
            packed: None,
        });
    }
    Prepared {
        releases,
        metas,
        groups,
        unchanged,
        conflicting,
        issues,
        checkpoints: Vec::new(),
        compiling: Arc::new(Compiling {
            results: tasks.iter().map(|_| Mutex::new(None)).collect(),
            tasks,
            next: AtomicUsize::new(0),
            finished: Mutex::new(0),
            all_finished: Condvar::new(),
            now: Utc::now().naive_utc(),
            with_facts,
            with_words,
        }),
    }
}

/// Takes a batch's compiled and packed processes, helping the reader with the rest: what the
/// writer does before storing it.
fn finish_batch(batch: &mut Prepared, packer: &mut store::Packer) {
    let results = batch.compiling.finish(packer);
    for (group, result) in batch.groups.iter_mut().zip(results) {
        // None only if compiling it panicked: the writer then compiles it itself.
        if let Some((compiled, packed)) = result {
            group.guess = Some(compiled);
            group.packed = Some(packed);
        }
    }
}

/// What a compile derives besides the compiled release, and when.
#[derive(Clone, Copy)]
struct Derive {
    now: chrono::NaiveDateTime,
    /// The facts the risk indicators read.
    with_facts: bool,
    /// The words of SQLite's search index.
    with_words: bool,
}

/// Compiles a process and derives what is stored about it.
fn compile_process(
    ocid: &str,
    values: Vec<Node<'_>>,
    version: OcdsVersion,
    derive: Derive,
) -> Result<Compiled, MergeError> {
    let count = values.len();
    let merged = super::compile::compile_nodes(values, MergeRules::for_version(version))?;
    let summary = summary::summarize_node(&merged.release);
    let mut row = ProcessRow::new(ocid, &summary, count, version.as_str(), derive.now);
    let facts = derive
        .with_facts
        .then(|| crate::risk::Facts::of_node(&merged.release))
        .flatten();
    row.risk_facts = facts.as_ref().map(crate::risk::Facts::to_text);
    let mut parties = Vec::new();
    let mut organizations = Vec::new();
    let agencies: Vec<Organization> = summary
        .parties
        .iter()
        .filter(|(_, roles)| roles.iter().any(|r| r == "buyer" || r == "procuringEntity"))
        .map(|(org, _)| org.clone())
        .collect();
    let words = derive
        .with_words
        .then(|| super::words::indexed(&row.search_text()));
    for (org, roles) in summary.parties {
        for role in roles {
            parties.push(PartyRow {
                ocid: ocid.to_owned(),
                organization_id: org.id.clone(),
                role,
            });
        }
        organizations.push(org);
    }
    Ok(Compiled {
        row,
        facts,
        parties,
        organizations,
        agencies,
        warnings: merged.warnings,
        words,
    })
}

/// Release text, and time, after which an SQLite transaction takes no more batches (when
/// batches are ready one after another): other writers, the web's among them, wait for the
/// write lock that long at most, plus one batch (a second writer during a 1 GB import waited
/// p50 57 ms with one batch per transaction, 635 ms with half a second, 334 ms with this).
const TRANSACTION_TEXT_BYTES: usize = 32 * 1024 * 1024;
const TRANSACTION_TIME: Duration = Duration::from_millis(200);

/// What runs inside the write transaction of every batch of a feed (see
/// [`Importer::run_feed`]).
type OnCommit<'a> = dyn FnMut(&mut DbConnection, &[Value]) -> Result<(), ImportError> + 'a;

/// Writer side: applies prepared batches, keeps the report and the progress display.
fn write_all(
    conn: &mut DbConnection,
    batches: Receiver<Prepared>,
    notes: Receiver<Note>,
    shared: &Shared,
    options: &ImportOptions,
    on_commit: &mut OnCommit<'_>,
) -> Result<ImportReport, ImportError> {
    let progress = (options.progress && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr_with_hz(4));
        bar.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(250));
        bar
    });
    let started = Instant::now();
    let mut report = ImportReport::default();
    let mut known = KnownOrganizations::default();
    let mut packer = store::Packer::default();
    let mut source = String::new();
    let take_notes = |report: &mut ImportReport, source: &mut String| {
        for note in notes.try_iter() {
            match note {
                Note::Input { name } => {
                    report.files += 1;
                    *source = name;
                }
                Note::Issue(issue) => report.add_issue(issue),
            }
        }
    };
    let join_for = match conn {
        DbConnection::Sqlite(_) => options.join_waiting_batches_for,
        DbConnection::Postgresql(_) => Duration::ZERO,
    };
    let mut commits = 0u64;
    let mut waiting = batches.recv().ok();
    while let Some(mut first) = waiting.take() {
        if options.stop_after_commits.is_some_and(|n| commits >= n) {
            break;
        }
        // Compiled and packed before the transaction, so the write lock waits for neither.
        finish_batch(&mut first, &mut packer);
        let outcome = db::write(conn, |conn| {
            let mut outcome = BatchOutcome::default();
            let mut batch = first;
            let mut text_bytes = 0;
            let began = Instant::now();
            loop {
                take_notes(&mut report, &mut source);
                report.releases_read += batch.releases.len() as u64;
                text_bytes += batch.releases.iter().map(|r| r.raw.len()).sum::<usize>();
                outcome.add(apply_batch(
                    conn,
                    &mut batch,
                    &mut known,
                    &mut packer,
                    &options.indicators,
                )?);
                on_commit(conn, &batch.checkpoints)?;
                drop(batch);
                // On SQLite the next batch joins this transaction if it is already there: every
                // commit copies the index pages it touched into the write-ahead log, and batches
                // touch the same ones (54 MB of real data: 37 commits wrote 61 MB of log for a
                // 27 MB database; 10 % faster with fewer). The write lock is never held while
                // waiting for input. PostgreSQL commits each batch: the processes' locks are
                // taken in one order within a batch (`lock_processes`), not across batches.
                if text_bytes >= TRANSACTION_TEXT_BYTES || began.elapsed() >= join_for {
                    break;
                }
                match batches.try_recv() {
                    Ok(mut next) => {
                        // Compiled (with the reader) and packed under the lock: counted in
                        // the bound.
                        finish_batch(&mut next, &mut packer);
                        batch = next;
                    }
                    Err(_) => break,
                }
            }
            Ok::<_, ImportError>(outcome)
        })?;
        commits += 1;
        report.transactions = commits;
        report.new += outcome.new;
        report.unchanged += outcome.unchanged;
        report.conflicting += outcome.conflicting;
        report.ocids_compiled += outcome.compiled;
        for issue in outcome.issues {
            report.add_issue(issue);
        }
        report.bytes = shared.bytes.load(Ordering::Relaxed);
        if let Some(bar) = &progress {
            let secs = started.elapsed().as_secs_f64().max(0.001);
            bar.set_message(format!(
                "{} releases ({} new), {:.1} MB, {:.0} releases/s — {source}",
                report.releases_read,
                report.new,
                report.bytes as f64 / 1e6,
                report.releases_read as f64 / secs,
            ));
        }
        waiting = batches.recv().ok();
    }
    // The reader is done (its batch sender is gone): everything it noted is queued.
    take_notes(&mut report, &mut source);
    report.bytes = shared.bytes.load(Ordering::Relaxed);
    report.error_count += shared.unsent_errors.load(Ordering::Relaxed);
    report.warning_count += shared.unsent_warnings.load(Ordering::Relaxed);
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    Ok(report)
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

impl BatchOutcome {
    fn add(&mut self, other: BatchOutcome) {
        self.new += other.new;
        self.unchanged += other.unchanged;
        self.conflicting += other.conflicting;
        self.compiled += other.compiled;
        self.issues.extend(other.issues);
    }
}

/// The stored release texts of a process; unreadable ones are reported and the process is then
/// rebuilt from the new releases.
fn stored_texts(
    conn: &mut DbConnection,
    ocid: &str,
    issues: &mut Vec<Issue>,
) -> Result<Vec<String>, ImportError> {
    let Some(stored) = store::releases_of(conn, ocid)? else {
        return Ok(Vec::new());
    };
    match stored.texts() {
        Ok(texts) => Ok(texts.into_iter().map(|t| t.get().to_owned()).collect()),
        Err(e) => {
            issues.push(Issue {
                source: "database".into(),
                position: ocid.to_owned(),
                reason: format!("stored releases unreadable, rebuilt from the new ones: {e}"),
                warning: false,
            });
            Ok(Vec::new())
        }
    }
}

/// On PostgreSQL, makes this transaction the only writer of these processes until it ends
/// (a sync and a hand-run import, say): without it, two writers reading a process's stored
/// releases at once would each write the process back without the other's releases. Locks
/// are taken in one order, so two writers never wait on each other in a circle. SQLite's
/// write transaction already admits one writer at a time.
fn lock_processes(conn: &mut DbConnection, ocids: &[&str]) -> Result<(), ImportError> {
    use diesel::RunQueryDsl;
    if let DbConnection::Postgresql(pg) = conn {
        // First, beside other importers: the indicators' job replaces the flags, and rewrites
        // the search vectors of the processes it reflagged, alone (`risk::job::FLAGS_LOCK`),
        // so a batch never stores a process with flags the job is replacing.
        diesel::sql_query(format!(
            "SELECT pg_advisory_xact_lock_shared({})",
            crate::risk::job::FLAGS_LOCK
        ))
        .execute(pg)?;
        diesel::sql_query(
            "SELECT pg_advisory_xact_lock(k) FROM \
             (SELECT DISTINCT hashtextextended(o, 0) AS k FROM unnest($1::text[]) AS o ORDER BY k) AS locks",
        )
        .bind::<diesel::sql_types::Array<diesel::sql_types::Text>, _>(ocids)
        .execute(pg)?;
    }
    Ok(())
}

/// Stores one prepared batch. Runs inside a write transaction.
fn apply_batch(
    conn: &mut DbConnection,
    batch: &mut Prepared,
    known: &mut KnownOrganizations,
    packer: &mut store::Packer,
    indicators: &crate::risk::Methodology,
) -> Result<BatchOutcome, ImportError> {
    let KnownOrganizations {
        organizations: known_orgs,
        agencies: known_agencies,
    } = known;
    let now = Utc::now().naive_utc();
    let mut outcome = BatchOutcome {
        unchanged: batch.unchanged,
        conflicting: batch.conflicting,
        issues: std::mem::take(&mut batch.issues),
        ..BatchOutcome::default()
    };
    let ocids: Vec<&str> = batch.groups.iter().map(|g| g.ocid.as_str()).collect();
    lock_processes(conn, &ocids)?;
    let existing = store::release_indexes(conn, &ocids)?;
    let releases = &batch.releases;
    let mut orgs: HashMap<String, Organization> = HashMap::new();
    let mut agencies: HashMap<String, Organization> = HashMap::new();
    let mut to_save: Vec<store::ProcessWrite> = Vec::new();
    // New releases of processes stored before: news for those who gave feedback on them.
    let mut news: Vec<crate::feedback::news::Fresh> = Vec::new();
    // The indicators of one process alone, stored with it.
    let mut flags: Vec<crate::risk::Flag> = Vec::new();
    for group in &mut batch.groups {
        let stored_index = existing.get(&group.ocid);
        // Stored texts, read only when needed (a differing digest, or releases to add).
        let mut stored: Option<Vec<String>> = None;
        let mut fresh = Vec::new();
        for &i in &group.members {
            let r = &releases[i];
            let Some(position) =
                stored_index.and_then(|idx| idx.iter().position(|m| m.id == r.release_id))
            else {
                fresh.push(i);
                continue;
            };
            if stored_index.is_some_and(|idx| idx[position].digest == batch.metas[i].digest) {
                outcome.unchanged += 1;
                continue;
            }
            // Other text: the same release re-serialized, or a real conflict.
            if stored.is_none() {
                stored = Some(stored_texts(conn, &group.ocid, &mut outcome.issues)?);
            }
            let old = stored
                .as_ref()
                .and_then(|t| t.get(position))
                .map(|t| Node::parse(t));
            let same = match (old, Node::parse(&r.raw)) {
                (Some(Ok(old)), Ok(new)) => node_digest(&old) == node_digest(&new),
                _ => false,
            };
            if same {
                outcome.unchanged += 1;
            } else {
                outcome.conflicting += 1;
                outcome.issues.push(conflict_issue(r));
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let is_known = stored_index.is_some();
        let guess = group.guess.take().zip(group.packed.take());
        let (compiled, packed) = match guess {
            Some(guess) if !is_known && fresh.len() == group.members.len() => guess,
            _ => {
                // Stored releases exist: compile and pack all of them with the new ones.
                let stored_texts = match stored.take() {
                    Some(t) => t,
                    None => stored_texts(conn, &group.ocid, &mut outcome.issues)?,
                };
                let stored_metas = stored_index.cloned().unwrap_or_default();
                let mut values = Vec::new();
                let mut packed_releases = Vec::new();
                let mut version = OcdsVersion::V1_0;
                for (meta, text) in stored_metas.into_iter().zip(stored_texts.iter()) {
                    if let Ok(v) = Node::parse(text) {
                        values.push(v);
                    }
                    version = version.max(OcdsVersion::parse(&meta.version));
                    packed_releases.push(PackedRelease { meta, text });
                }
                for &i in &fresh {
                    if let Ok(v) = Node::parse(&releases[i].raw) {
                        values.push(v);
                    }
                    version = version.max(releases[i].version);
                    packed_releases.push(PackedRelease {
                        meta: batch.metas[i].clone(),
                        text: &releases[i].raw,
                    });
                }
                let (index_text, data) = packer.pack(packed_releases);
                let derive = Derive {
                    now,
                    with_facts: indicators.computes_any(),
                    with_words: matches!(conn, DbConnection::Sqlite(_)),
                };
                (
                    compile_process(&group.ocid, values, version, derive),
                    Packed { index_text, data },
                )
            }
        };
        let compiled = match compiled {
            Ok(c) => c,
            Err(e) => {
                for &i in &fresh {
                    let r = &releases[i];
                    outcome.issues.push(Issue {
                        source: r.source.to_string(),
                        position: r.position.clone(),
                        reason: format!(
                            "cannot compile {}: {e}; its new releases were not stored",
                            r.ocid
                        ),
                        warning: false,
                    });
                }
                continue;
            }
        };
        outcome.compiled += 1;
        outcome.new += fresh.len() as u64;
        if is_known {
            news.extend(fresh.iter().map(|&i| {
                crate::feedback::news::Fresh {
                    ocid: group.ocid.clone(),
                    release_id: releases[i].release_id.clone(),
                    release_date: releases[i].date.clone(),
                    tags: batch.metas[i]
                        .tag
                        .as_array()
                        .map(|tags| {
                            tags.iter()
                                .filter_map(|t| t.as_str().map(str::to_owned))
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            }));
        }
        let flagged_from = flags.len();
        if let Some(facts) = &compiled.facts {
            flags.extend(crate::risk::procurement::of_process(
                &group.ocid,
                facts,
                indicators,
            ));
        }
        let codes = flags[flagged_from..]
            .iter()
            .filter(|f| f.scope == crate::risk::Scope::Ocid)
            .map(|f| f.code.to_owned())
            .collect();
        to_save.push(store::ProcessWrite {
            row: compiled.row,
            release_index: packed.index_text,
            release_data: packed.data,
            parties: compiled.parties,
            known: is_known,
            flags: codes,
            words: compiled.words,
        });
        for org in compiled.agencies {
            agencies.insert(org.id.clone(), org);
        }
        for org in compiled.organizations {
            match orgs.get_mut(&org.id) {
                Some(o) => {
                    if org.email.is_some() {
                        o.email = org.email;
                    }
                }
                None => {
                    orgs.insert(org.id.clone(), org);
                }
            }
        }
        if let Some(&first) = fresh.first() {
            let r = &releases[first];
            for warning in compiled.warnings {
                outcome.issues.push(Issue {
                    source: r.source.to_string(),
                    position: r.position.clone(),
                    reason: format!("{}: {warning}", r.ocid),
                    warning: true,
                });
            }
        }
    }
    // A process stored again keeps the flags the job gave it until the job runs again: its
    // search entry says them too.
    let known: Vec<&str> = to_save
        .iter()
        .filter(|w| w.known)
        .map(|w| w.row.ocid.as_str())
        .collect();
    let mut kept = crate::risk::job::flags_kept_on_import(conn, &known)?;
    for w in &mut to_save {
        if let Some(codes) = kept.remove(&w.row.ocid) {
            w.flags.extend(codes);
            w.flags.sort();
            w.flags.dedup();
        }
    }
    store::save_processes(conn, &to_save)?;
    let replaced: Vec<&str> = to_save
        .iter()
        .filter(|w| w.known)
        .map(|w| w.row.ocid.as_str())
        .collect();
    crate::risk::job::store_process_flags(conn, &replaced, &flags)?;
    crate::feedback::news::record(conn, &news, now)?;
    let mut orgs: Vec<Organization> = orgs
        .into_values()
        .filter(|o| !known_orgs.is_current(o))
        .collect();
    orgs.sort_by(|a, b| a.id.cmp(&b.id));
    store::upsert_organizations(conn, &orgs, now)?;
    known_orgs.remember(&orgs);
    let mut agencies: Vec<Organization> = agencies
        .into_values()
        .filter(|o| !known_agencies.is_current(o))
        .collect();
    agencies.sort_by(|a, b| a.id.cmp(&b.id));
    crate::agencies::upsert_from_data(conn, &agencies, now)?;
    known_agencies.remember(&agencies);
    if !to_save.is_empty() {
        // Last, so the row lock is held only until this transaction commits.
        let ocids: Vec<&str> = to_save.iter().map(|w| w.row.ocid.as_str()).collect();
        crate::publish::processes_changed(conn, &ocids)?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_digests_ignore_key_order_spacing_and_escapes_only() {
        let a = r#"{"b":[1,{"y":"é","x":2.0}],"a":null}"#;
        let b = "{ \"a\" : null, \"b\" : [ 1.0, { \"x\" : 2, \"y\" : \"\\u00e9\" } ] }";
        assert_eq!(canonical_text_digest(a), canonical_text_digest(b));
        let value: Value = serde_json::from_str(a).unwrap_or_default();
        assert_eq!(canonical_digest(&value), canonical_text_digest(b));
        for other in [
            r#"{"b":[{"y":"é","x":2.0},1],"a":null}"#,
            r#"{"b":[1,{"y":"e","x":2}],"a":null}"#,
            r#"{"b":[1,{"y":"é","x":2}]}"#,
            r#"{"b":[1,{"y":"é","x":2.5}],"a":null}"#,
        ] {
            assert_ne!(
                canonical_text_digest(a),
                canonical_text_digest(other),
                "{other}"
            );
        }
    }
}
