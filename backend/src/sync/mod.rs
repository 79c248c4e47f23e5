//! Live data: following publishers by themselves. Each source of `config/sources.toml` is read
//! page by page through the import pipeline; the cursor past a page commits in the transaction
//! of that page's last releases (see [`crate::ocds::import::Feed::checkpoint`]), so a sync killed
//! at any moment resumes where it stopped, with no release lost and none stored twice (a
//! release read again is unchanged, or a conflict exactly as `veedor import` reports it).
//! One instance at a time syncs a source: it holds the source's lease, and every commit checks
//! it still does.

pub mod fetch;
pub mod sources;
pub mod state;

use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use crate::db::{self, DbConnection};
use crate::ocds::import::{Feed, ImportError, ImportOptions, ImportReport, Importer};
use crate::ocds::reader::Issue;
use fetch::{Fetched, Fetcher, Validators};
use sources::{Kind, Source};
use state::{RunSummary, SeenFile};

/// How a run is made (the same for `veedor sync` and the worker's schedule).
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Names this instance in the source's lease.
    pub holder: String,
    /// Where a source's first sync starts, over its `from`.
    pub from: Option<NaiveDateTime>,
    pub import: ImportOptions,
    pub user_agent: String,
    /// First wait between attempts (doubled each time).
    pub backoff: Duration,
    /// Stops as if killed right after reading this many pages, before their commit (tests).
    pub stop_after_pages: Option<u64>,
}

impl SyncOptions {
    pub fn new(base_url: &str, import: ImportOptions) -> SyncOptions {
        SyncOptions {
            holder: format!("{}-{}", std::process::id(), uuid::Uuid::new_v4()),
            from: None,
            import,
            user_agent: fetch::user_agent(base_url),
            backoff: Duration::from_secs(2),
            stop_after_pages: None,
        }
    }
}

/// What one run of one source did.
#[derive(Debug, Serialize)]
pub struct SyncReport {
    pub source: String,
    /// `ok`, `failed`, or `busy` (another instance holds the source).
    pub outcome: &'static str,
    pub pages: u64,
    pub requests: u64,
    pub import: ImportReport,
    pub error: Option<String>,
    pub cursor: Option<Value>,
}

impl SyncReport {
    pub fn render(&self) -> String {
        let mut out = format!(
            "== source {}: {} ({} pages, {} requests)\n",
            self.source, self.outcome, self.pages, self.requests
        );
        if let Some(error) = &self.error {
            out.push_str(&format!("stopped: {error}\n"));
        }
        if self.outcome != "busy" {
            out.push_str(&self.import.render());
        }
        out
    }
}

/// What the walk over a source's pages found, handed back from the reader thread.
#[derive(Default)]
struct Walk {
    pages: u64,
    requests: u64,
    error: Option<String>,
    /// The run stopped at `max_pages` with more to read: the next one is due at once.
    more: bool,
}

/// Syncs one source now (if no other instance holds it).
pub fn sync_source(
    conn: &mut DbConnection,
    source: &Source,
    options: &SyncOptions,
) -> Result<SyncReport, ImportError> {
    let now = Utc::now().naive_utc();
    let taken = db::write(conn, |c| {
        state::ensure(c, &[source.id.as_str()])?;
        state::take(c, &source.id, &options.holder, now)
    })?;
    let Some(taken) = taken else {
        return Ok(SyncReport {
            source: source.id.clone(),
            outcome: "busy",
            pages: 0,
            requests: 0,
            import: ImportReport::default(),
            error: Some("another instance is syncing this source".into()),
            cursor: None,
        });
    };
    let cursor = taken.cursor_value();
    let seen_files = match &source.kind {
        Kind::Directory { path } => new_files(conn, &source.id, path)?,
        _ => Vec::new(),
    };
    let mut walk = Walk::default();
    let result = {
        let walk = &mut walk;
        let holder = options.holder.as_str();
        Importer::new(conn, options.import.clone()).run_feed(
            |feed| {
                let mut fetcher = Fetcher::new(
                    &options.user_agent,
                    source.timeout,
                    source.pause,
                    source.retries,
                    options.backoff,
                );
                let mut pages = Pages {
                    feed,
                    fetcher: &mut fetcher,
                    source,
                    options,
                    walk,
                };
                let outcome = match &source.kind {
                    Kind::NextLink { url } => pages.next_links(url, cursor.as_ref()),
                    Kind::DateWindow {
                        url,
                        window,
                        format,
                    } => pages.date_windows(url, *window, *format, cursor.as_ref()),
                    Kind::BulkFile { url } => pages.bulk_file(url, cursor.as_ref()),
                    Kind::Directory { .. } => pages.directory(seen_files),
                };
                if let Err(Stop::Failed(error)) = outcome {
                    pages.walk.error = Some(error);
                }
                pages.walk.requests = pages.fetcher.requests;
            },
            |c, checkpoints| {
                let now = Utc::now().naive_utc();
                for checkpoint in checkpoints {
                    if let Some(file) = checkpoint.get("file") {
                        if let Ok(file) = serde_json::from_value::<SeenFile>(file.clone()) {
                            state::file_done(c, &source.id, &file, now)?;
                        }
                    }
                }
                let held = match checkpoints.last() {
                    None => state::renew(c, &source.id, holder, now)?,
                    Some(checkpoint) => {
                        // The files' rows say what was read; the cursor keeps the last name.
                        let mut cursor = checkpoint.clone();
                        if let Some(fields) = cursor.as_object_mut() {
                            fields.remove("file");
                        }
                        state::advance(c, &source.id, holder, &cursor, now)?
                    }
                };
                if held {
                    Ok(())
                } else {
                    Err(ImportError::LeaseLost(source.id.clone()))
                }
            },
        )
    };
    let (import, error) = match result {
        Ok(report) => (report, walk.error.take()),
        Err(ImportError::LeaseLost(id)) => {
            let report = SyncReport {
                source: id.clone(),
                outcome: "failed",
                pages: walk.pages,
                requests: walk.requests,
                import: ImportReport::default(),
                error: Some(ImportError::LeaseLost(id).to_string()),
                cursor: None,
            };
            return Ok(report);
        }
        Err(e) => (ImportReport::default(), Some(e.to_string())),
    };
    let outcome = if error.is_some() { "failed" } else { "ok" };
    let summary = RunSummary {
        outcome,
        pages: walk.pages as i64,
        new: import.new as i64,
        unchanged: import.unchanged as i64,
        conflicting: import.conflicting as i64,
        errors: import.error_count as i64,
        error: error.clone(),
    };
    let finished = Utc::now().naive_utc();
    // A run cut short by `max_pages` goes on at once; otherwise the source waits its `every`.
    let next = if walk.more && error.is_none() {
        finished
    } else {
        chrono::Duration::from_std(source.every)
            .ok()
            .and_then(|every| finished.checked_add_signed(every))
            .unwrap_or(finished)
    };
    let state = db::write(conn, |c| {
        state::finish(c, &source.id, &options.holder, &summary, finished, next)?;
        state::get(c, &source.id)
    })?;
    Ok(SyncReport {
        source: source.id.clone(),
        outcome,
        pages: walk.pages,
        requests: walk.requests,
        import,
        error,
        cursor: state.and_then(|s| s.cursor_value()),
    })
}

/// Syncs every due source among `sources` (the worker's schedule); sources another instance
/// holds are left to it.
pub fn sync_due(
    conn: &mut DbConnection,
    sources: &[Source],
    options: &SyncOptions,
) -> Result<Vec<SyncReport>, ImportError> {
    let ids: Vec<&str> = sources.iter().map(|s| s.id.as_str()).collect();
    let now = Utc::now().naive_utc();
    let due = db::write(conn, |c| {
        state::ensure(c, &ids)?;
        state::due(c, &ids, now)
    })?;
    let mut reports = Vec::new();
    for source in sources.iter().filter(|s| due.contains(&s.id)) {
        // One source's trouble (its database work failed) does not hold back the others.
        match sync_source(conn, source, options) {
            Ok(report) => reports.push(report),
            Err(e) => tracing::error!(source = %source.id, error = %e, "sync"),
        }
    }
    Ok(reports)
}

/// The schedule: syncs each source when it is due, then announces what the new releases
/// changed for people with feedback on them (imports by hand included), until `stop` is set
/// (in `veedor worker`, and in `serve` when the worker runs in the server). Several instances
/// may run it: a source held by one is skipped by the others, news is announced once.
pub fn run(
    sources: Vec<Source>,
    engine: std::sync::Arc<crate::workflow::Engine>,
    pool: db::DbPool,
    options: SyncOptions,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
) {
    use std::sync::atomic::Ordering;
    while !stop.load(Ordering::Relaxed) {
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(e) => {
                tracing::error!(error = %e, "sync: no database connection");
                std::thread::sleep(Duration::from_secs(15));
                continue;
            }
        };
        if !sources.is_empty() {
            match sync_due(&mut conn, &sources, &options) {
                Ok(reports) => {
                    for r in reports.iter().filter(|r| r.outcome != "busy") {
                        tracing::info!(
                            source = %r.source,
                            outcome = r.outcome,
                            pages = r.pages,
                            new = r.import.new,
                            unchanged = r.import.unchanged,
                            conflicting = r.import.conflicting,
                            error = r.error.as_deref().unwrap_or(""),
                            "sync"
                        );
                    }
                }
                Err(e) => tracing::error!(error = %e, "sync"),
            }
        }
        match engine.announce_news(&mut conn, Utc::now().naive_utc()) {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "process news announced"),
            Err(e) => tracing::error!(error = %e, "process news"),
        }
        // The indicators that compare processes, after imports and on their schedule (one
        // instance at a time).
        match crate::risk::job::recompute_if_due(
            &mut conn,
            &engine.indicators,
            &engine.workflow,
            &options.holder,
            false,
        ) {
            Ok(Some(report)) => tracing::info!(
                processes = report.processes,
                flags = report.flags,
                milliseconds = report.milliseconds as u64,
                "risk indicators recomputed"
            ),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "risk indicators"),
        }
        drop(conn);
        for _ in 0..15 {
            if stop.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_secs(1));
        }
    }
}

/// One source as the admin page and `GET /api/v1/sources` show it: what the configuration says
/// and how its last run went.
#[derive(Debug, Serialize)]
pub struct Overview {
    pub id: String,
    pub kind: &'static str,
    pub location: String,
    pub every_seconds: u64,
    /// Running now (another instance may be the one).
    pub running: bool,
    pub last_started_at: Option<NaiveDateTime>,
    pub last_finished_at: Option<NaiveDateTime>,
    /// `ok`, `failed`, or none before the first run.
    pub last_outcome: Option<String>,
    pub last_pages: i64,
    pub last_new: i64,
    pub last_unchanged: i64,
    pub last_conflicting: i64,
    pub last_errors: i64,
    pub last_error: Option<String>,
    pub cursor: Option<Value>,
    pub next_run_at: Option<NaiveDateTime>,
}

/// The configured sources with their state, in configuration order.
pub fn overview(
    conn: &mut DbConnection,
    sources: &[Source],
    now: NaiveDateTime,
) -> diesel::QueryResult<Vec<Overview>> {
    let states = state::all(conn)?;
    Ok(sources
        .iter()
        .map(|source| {
            let state = states.iter().find(|s| s.id == source.id);
            let running = state.is_some_and(|s| {
                s.lease_holder.is_some() && s.lease_until.is_some_and(|until| until > now)
            });
            Overview {
                id: source.id.clone(),
                kind: source.kind.name(),
                location: source.kind.location(),
                every_seconds: source.every.as_secs(),
                running,
                last_started_at: state.and_then(|s| s.last_started_at),
                last_finished_at: state.and_then(|s| s.last_finished_at),
                last_outcome: state
                    .and_then(|s| s.last_outcome.clone())
                    .filter(|o| o != "running"),
                last_pages: state.map_or(0, |s| s.last_pages),
                last_new: state.map_or(0, |s| s.last_new),
                last_unchanged: state.map_or(0, |s| s.last_unchanged),
                last_conflicting: state.map_or(0, |s| s.last_conflicting),
                last_errors: state.map_or(0, |s| s.last_errors),
                last_error: state.and_then(|s| s.last_error.clone()),
                cursor: state.and_then(|s| s.cursor_value()),
                next_run_at: state.and_then(|s| s.next_run_at),
            }
        })
        .collect())
}

/// Why a page could not be had.
enum PageError {
    /// The publisher did not answer well (timeouts, 4xx, 5xx after retries, a `links.next`
    /// refused): the next run tries again; never skipped.
    Unreachable(String),
    /// It answered with a page that cannot be read (broken JSON, a truncated gzip), again and
    /// again: skipped only when the operator says so.
    Unreadable(String),
}

/// The next page's address, resolved against the page that names it. It must stay with the
/// publisher (same host) and never give up https: a page cannot send the worker elsewhere.
fn next_page(current: &str, next: &str) -> Result<String, String> {
    let base = url::Url::parse(current).map_err(|e| format!("{current}: {e}"))?;
    let resolved = base
        .join(next)
        .map_err(|e| format!("links.next {next:?}: {e}"))?;
    let downgrade = base.scheme() == "https" && resolved.scheme() != "https";
    if !matches!(resolved.scheme(), "http" | "https")
        || downgrade
        || resolved.host_str() != base.host_str()
    {
        return Err(format!(
            "links.next {next:?} leaves the publisher ({}); not followed",
            base.host_str().unwrap_or_default()
        ));
    }
    Ok(resolved.to_string())
}

/// Why a walk stopped early.
enum Stop {
    /// As if killed (a test's `stop_after_pages`), or the writer stopped.
    Halted,
    Failed(String),
}

/// The reader thread's side of a run: fetches pages, reads them into the import, and places
/// checkpoints.
struct Pages<'a, 'f, 'g, 's> {
    feed: &'f mut Feed<'g, 's>,
    fetcher: &'a mut Fetcher,
    source: &'a Source,
    options: &'a SyncOptions,
    walk: &'a mut Walk,
}

impl Pages<'_, '_, '_, '_> {
    fn first_date(&self) -> Option<NaiveDateTime> {
        self.options.from.or(self.source.from)
    }

    /// One more page may be read in this run.
    fn may_read(&self) -> Result<(), Stop> {
        if self.feed.stopped() {
            return Err(Stop::Halted);
        }
        Ok(())
    }

    /// Counts a page read; stops as if killed when a test asks.
    fn page_read(&mut self) -> Result<(), Stop> {
        self.walk.pages += 1;
        if self
            .options
            .stop_after_pages
            .is_some_and(|n| self.walk.pages >= n)
        {
            self.feed.abandon();
            return Err(Stop::Halted);
        }
        Ok(())
    }

    /// Fetches and reads one page, again (after a wait) when it could not be read to its end.
    /// Returns the `links.next` it names, if any (resolved against the page, and refused when
    /// it leaves the publisher's host or gives up https).
    fn read_page_with_retries(&mut self, url: &str) -> Result<Option<String>, PageError> {
        let mut attempt = 0;
        loop {
            let reader = match self
                .fetcher
                .get(url, &Validators::default())
                .map_err(PageError::Unreachable)?
            {
                Fetched::Body { reader, .. } => reader,
                Fetched::NotModified => return Ok(None),
            };
            let (outcome, held) = self.feed.read_page(url, reader);
            let Some(failure) = outcome.failure else {
                let next = outcome.next_pages.into_iter().next();
                return match next.map(|n| next_page(url, &n)) {
                    None => Ok(None),
                    Some(Ok(next)) if next == url => Ok(None),
                    Some(Ok(next)) => Ok(Some(next)),
                    Some(Err(e)) => Err(PageError::Unreachable(e)),
                };
            };
            self.feed.discard();
            if attempt >= self.source.retries {
                for issue in held {
                    self.feed.issue(issue);
                }
                return Err(PageError::Unreadable(format!(
                    "page {url} could not be read after {} attempts: {failure}",
                    attempt + 1
                )));
            }
            self.feed.issue(Issue {
                source: url.to_owned(),
                position: "page".into(),
                reason: format!("could not be read ({failure}); fetched again"),
                warning: true,
            });
            std::thread::sleep(self.fetcher.backoff(attempt));
            attempt += 1;
        }
    }

    fn next_links(&mut self, url: &str, cursor: Option<&Value>) -> Result<(), Stop> {
        let mut url = match cursor.and_then(|c| c.get("next")).and_then(Value::as_str) {
            Some(next) => next.to_owned(),
            None => with_dates(url, self.first_date(), None, sources::DateFormat::DateTime)
                .map_err(Stop::Failed)?,
        };
        let mut visited = std::collections::HashSet::new();
        for _ in 0..self.source.max_pages {
            self.may_read()?;
            visited.insert(url.clone());
            let next = self.read_page_with_retries(&url).map_err(|e| match e {
                PageError::Unreadable(e) if self.source.skip_bad_pages => Stop::Failed(format!(
                    "{e} (not skipped: the address of the page after it is in it)"
                )),
                PageError::Unreadable(e) | PageError::Unreachable(e) => Stop::Failed(e),
            })?;
            self.page_read()?;
            match next {
                Some(next) if !visited.contains(&next) => {
                    self.feed.checkpoint(json!({ "next": next }));
                    url = next;
                }
                looped => {
                    if let Some(next) = looped {
                        self.feed.issue(Issue {
                            source: url.clone(),
                            position: "links.next".into(),
                            reason: format!("links back to {next}, read already in this run; stopped here until the next run"),
                            warning: true,
                        });
                    }
                    // The last page for now: read again next time, where new releases (and
                    // a `links.next`) appear.
                    self.feed.checkpoint(json!({ "next": url }));
                    return Ok(());
                }
            }
        }
        self.walk.more = true;
        Ok(())
    }

    fn date_windows(
        &mut self,
        template: &str,
        window: Duration,
        format: sources::DateFormat,
        cursor: Option<&Value>,
    ) -> Result<(), Stop> {
        let date = |key: &str| {
            cursor
                .and_then(|c| c.get(key))
                .and_then(Value::as_str)
                .and_then(sources::parse_date)
        };
        let Some(mut from) = date("from").or_else(|| self.first_date()) else {
            return Err(Stop::Failed("no date to start from".into()));
        };
        let mut resume = cursor
            .and_then(|c| c.get("next"))
            .and_then(Value::as_str)
            .map(str::to_owned)
            .zip(date("to"));
        let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::days(1));
        let now = Utc::now().naive_utc();
        let mut pages = 0usize;
        while from < now {
            let (mut url, to) = match resume.take() {
                Some((next, to)) => (next, to),
                None => {
                    let to = from.checked_add_signed(window).unwrap_or(now).min(now);
                    let url =
                        with_dates(template, Some(from), Some(to), format).map_err(Stop::Failed)?;
                    (url, to)
                }
            };
            loop {
                if pages >= self.source.max_pages {
                    self.walk.more = true;
                    return Ok(());
                }
                self.may_read()?;
                pages += 1;
                let next = match self.read_page_with_retries(&url) {
                    Ok(next) => next,
                    // Only a page that came but cannot be read is skipped; a publisher that
                    // cannot be reached is tried again next run.
                    Err(PageError::Unreadable(e)) if self.source.skip_bad_pages => {
                        self.feed.issue(Issue {
                            source: url.clone(),
                            position: "page".into(),
                            reason: format!("{e}; skipped, as skip_bad_pages says"),
                            warning: false,
                        });
                        None
                    }
                    Err(PageError::Unreadable(e) | PageError::Unreachable(e)) => {
                        return Err(Stop::Failed(e))
                    }
                };
                self.page_read()?;
                match next {
                    Some(next) => {
                        self.feed.checkpoint(json!({
                            "from": stamp(from), "to": stamp(to), "next": next
                        }));
                        url = next;
                    }
                    None => {
                        self.feed.checkpoint(json!({ "from": stamp(to) }));
                        break;
                    }
                }
            }
            from = to;
        }
        Ok(())
    }

    fn bulk_file(&mut self, url: &str, cursor: Option<&Value>) -> Result<(), Stop> {
        let text = |key: &str| {
            cursor
                .and_then(|c| c.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: text("etag"),
            last_modified: text("last_modified"),
        };
        let mut attempt = 0;
        loop {
            self.may_read()?;
            let (reader, etag, last_modified) =
                match self.fetcher.get(url, &validators).map_err(Stop::Failed)? {
                    Fetched::NotModified => return Ok(()),
                    Fetched::Body {
                        reader,
                        etag,
                        last_modified,
                    } => (reader, etag, last_modified),
                };
            let (outcome, held) = self.feed.read_page(url, reader);
            let Some(failure) = outcome.failure else {
                self.page_read()?;
                self.feed
                    .checkpoint(json!({ "etag": etag, "last_modified": last_modified }));
                return Ok(());
            };
            self.feed.discard();
            if attempt >= self.source.retries {
                for issue in held {
                    self.feed.issue(issue);
                }
                let error = format!(
                    "file {url} could not be read after {} attempts: {failure}",
                    attempt + 1
                );
                if self.source.skip_bad_pages {
                    // Skipped until the file changes.
                    self.feed
                        .checkpoint(json!({ "etag": etag, "last_modified": last_modified }));
                    self.feed.issue(Issue {
                        source: url.to_owned(),
                        position: "file".into(),
                        reason: format!("{error}; skipped until it changes"),
                        warning: false,
                    });
                    return Ok(());
                }
                return Err(Stop::Failed(error));
            }
            std::thread::sleep(self.fetcher.backoff(attempt));
            attempt += 1;
        }
    }

    fn directory(&mut self, files: Vec<(std::path::PathBuf, SeenFile)>) -> Result<(), Stop> {
        self.walk.more = files.len() > self.source.max_pages;
        for (path, seen) in files.into_iter().take(self.source.max_pages) {
            self.may_read()?;
            let name = path.display().to_string();
            let file = match std::fs::File::open(&path) {
                Ok(file) => file,
                Err(e) => return Err(Stop::Failed(format!("{name}: cannot open: {e}"))),
            };
            let (outcome, held) = self.feed.read_page(&name, Box::new(file));
            if let Some(failure) = outcome.failure {
                self.feed.discard();
                for issue in held {
                    self.feed.issue(issue);
                }
                if !self.source.skip_bad_pages {
                    return Err(Stop::Failed(format!("{name} could not be read: {failure}")));
                }
            }
            self.page_read()?;
            self.feed
                .checkpoint(json!({ "file": seen, "last_file": seen.name }));
        }
        Ok(())
    }
}

fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Fills `{from}` and `{to}` of a URL (encoded for a query).
fn with_dates(
    template: &str,
    from: Option<NaiveDateTime>,
    to: Option<NaiveDateTime>,
    format: sources::DateFormat,
) -> Result<String, String> {
    let encode = |at: NaiveDateTime| {
        url::form_urlencoded::byte_serialize(format.write(at).as_bytes()).collect::<String>()
    };
    let mut url = template.to_owned();
    if url.contains("{from}") {
        let Some(from) = from else {
            return Err(
                "the url holds {from}, but no `from` date is set (in sources.toml or with --from)"
                    .into(),
            );
        };
        url = url.replace("{from}", &encode(from));
    }
    if let Some(to) = to {
        url = url.replace("{to}", &encode(to));
    }
    Ok(url)
}

/// Files of a directory source not imported yet (or changed since), in name order. Hidden
/// files and files still being written (`.part`, `.tmp`) are left for later.
fn new_files(
    conn: &mut DbConnection,
    source: &str,
    dir: &Path,
) -> Result<Vec<(std::path::PathBuf, SeenFile)>, ImportError> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if name.starts_with('.') || name.ends_with(".part") || name.ends_with(".tmp") {
            continue;
        }
        let Ok(meta) = path.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta
            .modified()
            .ok()
            .map(|t| chrono::DateTime::<Utc>::from(t).to_rfc3339())
            .unwrap_or_default();
        let seen = SeenFile {
            name: name.to_owned(),
            size: meta.len() as i64,
            modified,
        };
        if !state::file_seen(conn, source, &seen)? {
            files.push((path, seen));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_pages_stay_with_the_publisher() {
        let here = "https://api.example.org/releases?page=1";
        assert_eq!(
            next_page(here, "/releases?page=2").as_deref(),
            Ok("https://api.example.org/releases?page=2")
        );
        assert_eq!(
            next_page(here, "https://api.example.org/releases?cursor=MTAw").as_deref(),
            Ok("https://api.example.org/releases?cursor=MTAw")
        );
        for elsewhere in [
            "http://api.example.org/releases?page=2",
            "https://169.254.169.254/latest/meta-data",
            "file:///etc/passwd",
        ] {
            assert!(next_page(here, elsewhere).is_err(), "{elsewhere}");
        }
    }

    #[test]
    fn dates_fill_the_url_encoded() {
        let at = sources::parse_date("2024-05-01T06:00:00Z").unwrap_or_default();
        let url = with_dates(
            "https://x.org/r?from={from}&to={to}",
            Some(at),
            Some(at + chrono::Duration::days(1)),
            sources::DateFormat::DateTime,
        );
        assert_eq!(
            url.as_deref(),
            Ok("https://x.org/r?from=2024-05-01T06%3A00%3A00Z&to=2024-05-02T06%3A00%3A00Z")
        );
        assert!(with_dates(
            "https://x.org/r?since={from}",
            None,
            None,
            sources::DateFormat::Date
        )
        .is_err());
    }
}
