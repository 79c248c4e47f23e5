//! The publishers' feeds a deployment follows (`config/sources.toml`): what each one is, where
//! it is and how often to read it. Checked when loaded; a mistake is reported with its line.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Deserialize;
use toml::Spanned;

/// How a source publishes, and so how it is read and what its cursor remembers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A paged OCDS API whose release or record packages link their next page
    /// (`links.next`). The cursor is the next page to read; the last page is read again on the
    /// next run, where new releases or a new `links.next` appear.
    NextLink { url: String },
    /// An API asked for one window of dates at a time: `url` holds `{from}` and `{to}`, each
    /// window may itself be paged by `links.next`. An API that takes only a start (a `since`
    /// parameter) uses `{from}` alone. The cursor is the start of the next window.
    DateWindow {
        url: String,
        window: Duration,
        format: DateFormat,
    },
    /// One bulk file (JSON Lines, a package, gzipped or not), read again when its `ETag` or
    /// `Last-Modified` changes. The cursor is the validators of the copy last read.
    BulkFile { url: String },
    /// A directory new files land in; each file is imported once (again if its size or
    /// modification time changes).
    Directory { path: PathBuf },
}

impl Kind {
    pub fn name(&self) -> &'static str {
        match self {
            Kind::NextLink { .. } => "next-link",
            Kind::DateWindow { .. } => "date-window",
            Kind::BulkFile { .. } => "bulk-file",
            Kind::Directory { .. } => "directory",
        }
    }

    /// Where the source is, as an operator wrote it.
    pub fn location(&self) -> String {
        match self {
            Kind::NextLink { url } | Kind::DateWindow { url, .. } | Kind::BulkFile { url } => {
                url.clone()
            }
            Kind::Directory { path } => path.display().to_string(),
        }
    }
}

/// How dates are written into a date-window URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    /// `2024-05-01T00:00:00Z`
    DateTime,
    /// `2024-05-01T00:00:00` (UTC, without the zone: Find a Tender, Contracts Finder)
    Naive,
    /// `2024-05-01`
    Date,
}

impl DateFormat {
    pub fn write(self, at: NaiveDateTime) -> String {
        match self {
            DateFormat::DateTime => at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
            DateFormat::Naive => at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            DateFormat::Date => at.format("%Y-%m-%d").to_string(),
        }
    }
}

/// One followed feed.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub id: String,
    pub kind: Kind,
    /// How often it is synced by `veedor worker` (and `serve` with the worker in it).
    pub every: Duration,
    /// Where the first sync starts (`--from` overrides it): `{from}` in the URL.
    pub from: Option<NaiveDateTime>,
    /// Least time between two requests to the publisher.
    pub pause: Duration,
    /// Longest wait for a response to start, and between two reads of its body.
    pub timeout: Duration,
    /// Attempts after the first, for timeouts, 429 and 5xx answers and broken pages.
    pub retries: u32,
    /// A page still broken after every retry is reported and skipped (date windows, bulk
    /// files and directory files; a `links.next` chain cannot skip a page whose link it lacks).
    pub skip_bad_pages: bool,
    /// Pages read in one run at most; the next run goes on from there.
    pub max_pages: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: Spanned<String>,
    kind: Spanned<String>,
    url: Option<Spanned<String>>,
    path: Option<Spanned<String>>,
    every: Spanned<String>,
    from: Option<Spanned<String>>,
    pause: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    retries: Option<u32>,
    #[serde(default)]
    skip_bad_pages: bool,
    max_pages: Option<usize>,
    window: Option<Spanned<String>>,
    date_format: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSources {
    #[serde(default)]
    source: Vec<RawSource>,
}

/// A first date: `2024-05-01` or `2024-05-01T06:00:00Z`.
pub fn parse_date(text: &str) -> Option<NaiveDateTime> {
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return day.and_hms_opt(0, 0, 0);
    }
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|d| d.with_timezone(&Utc).naive_utc())
}

/// Parses and checks `sources.toml`; `file` names it in messages.
pub fn parse(file: &str, text: &str, base: &Path) -> Result<Vec<Source>, String> {
    let line = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let at = |span: std::ops::Range<usize>, message: String| {
        format!("{file}:{}: {message}", line(span.start))
    };
    let raw: RawSources =
        toml::from_str(text).map_err(|e| at(e.span().unwrap_or(0..0), e.message().to_owned()))?;
    let duration = |value: &Spanned<String>, what: &str| -> Result<Duration, String> {
        match humantime::parse_duration(value.get_ref()) {
            Ok(d) if !d.is_zero() => Ok(d),
            _ => Err(at(
                value.span(),
                format!(
                    "`{what}` = {:?} is not a duration (say \"30s\", \"15m\", \"1h\" or \"1d\")",
                    value.get_ref()
                ),
            )),
        }
    };
    let mut sources: Vec<Source> = Vec::new();
    for r in raw.source {
        let id = r.id.get_ref();
        let id_ok = !id.is_empty()
            && id.len() <= 64
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !id_ok {
            return Err(at(
                r.id.span(),
                format!("source id {id:?} must be 1 to 64 lowercase letters, digits, - or _"),
            ));
        }
        if sources.iter().any(|s| &s.id == id) {
            return Err(at(r.id.span(), format!("source {id:?} is declared twice")));
        }
        let url = |needed: bool| -> Result<String, String> {
            match &r.url {
                Some(url) => {
                    let parsed = url::Url::parse(url.get_ref()).ok();
                    if !parsed.is_some_and(|u| u.scheme() == "http" || u.scheme() == "https") {
                        return Err(at(
                            url.span(),
                            format!("`url` = {:?} is not an http(s) address", url.get_ref()),
                        ));
                    }
                    Ok(url.get_ref().clone())
                }
                None if needed => Err(at(
                    r.kind.span(),
                    format!("a {} source needs a `url`", r.kind.get_ref()),
                )),
                None => Ok(String::new()),
            }
        };
        let kind = match r.kind.get_ref().as_str() {
            "next-link" => Kind::NextLink { url: url(true)? },
            "date-window" => {
                let url = url(true)?;
                if !url.contains("{from}") {
                    return Err(at(
                        r.kind.span(),
                        "a date-window source's `url` must hold `{from}` (and `{to}` if the API takes an end)"
                            .to_owned(),
                    ));
                }
                let window = match &r.window {
                    Some(w) => duration(w, "window")?,
                    None => Duration::from_secs(86_400),
                };
                let format = match r.date_format.as_ref().map(|f| (f, f.get_ref().as_str())) {
                    None | Some((_, "datetime")) => DateFormat::DateTime,
                    Some((_, "naive")) => DateFormat::Naive,
                    Some((_, "date")) => DateFormat::Date,
                    Some((f, other)) => {
                        return Err(at(
                            f.span(),
                            format!(
                            "`date_format` = {other:?} (say \"datetime\", \"naive\" or \"date\")"
                        ),
                        ))
                    }
                };
                if format == DateFormat::Date && window.as_secs() % 86_400 != 0 {
                    return Err(at(
                        r.window.as_ref().map_or(r.kind.span(), |w| w.span()),
                        "with `date_format` = \"date\", `window` must be whole days".to_owned(),
                    ));
                }
                Kind::DateWindow {
                    url,
                    window,
                    format,
                }
            }
            "bulk-file" => Kind::BulkFile { url: url(true)? },
            "directory" => match &r.path {
                Some(path) => Kind::Directory {
                    path: base.join(path.get_ref()),
                },
                None => {
                    return Err(at(
                        r.kind.span(),
                        "a directory source needs a `path`".to_owned(),
                    ))
                }
            },
            other => {
                return Err(at(
                    r.kind.span(),
                    format!(
                        "unknown kind {other:?} (next-link, date-window, bulk-file or directory)"
                    ),
                ))
            }
        };
        if let (Some(url), false) = (&r.url, matches!(kind, Kind::Directory { .. })) {
            if url.get_ref().contains("{to}") && !matches!(kind, Kind::DateWindow { .. }) {
                return Err(at(
                    url.span(),
                    "`{to}` is only for date-window sources".to_owned(),
                ));
            }
        }
        let from = match &r.from {
            Some(f) => Some(parse_date(f.get_ref()).ok_or_else(|| {
                at(
                    f.span(),
                    format!(
                        "`from` = {:?} is not a date (2024-05-01 or 2024-05-01T06:00:00Z)",
                        f.get_ref()
                    ),
                )
            })?),
            None => None,
        };
        if matches!(kind, Kind::DateWindow { .. }) && from.is_none() {
            return Err(at(
                r.kind.span(),
                "a date-window source needs a `from` date to start at".to_owned(),
            ));
        }
        let every = duration(&r.every, "every")?;
        let pause = match &r.pause {
            Some(p) => duration(p, "pause")?,
            None => Duration::from_secs(1),
        };
        let timeout = match &r.timeout {
            Some(t) => duration(t, "timeout")?,
            None => Duration::from_secs(60),
        };
        sources.push(Source {
            id: id.clone(),
            kind,
            every,
            from,
            pause,
            timeout,
            retries: r.retries.unwrap_or(5).min(20),
            skip_bad_pages: r.skip_bad_pages,
            max_pages: r.max_pages.unwrap_or(1000).max(1),
        });
    }
    Ok(sources)
}

const DEFAULT_SOURCES: &str = include_str!("../../../config/sources.toml");

/// Loads `sources.toml` from `config_dir` (or the shipped one, which follows nothing).
/// Directory paths are relative to the working directory, as the database path is.
pub fn load(config_dir: &Path) -> Result<Vec<Source>, String> {
    let path = config_dir.join("sources.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| DEFAULT_SOURCES.to_owned());
    parse(&path.display().to_string(), &text, Path::new("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Vec<Source>, String> {
        parse("sources.toml", text, Path::new("/srv"))
    }

    #[test]
    fn shipped_file_is_valid_and_follows_nothing() {
        assert_eq!(parse_text(DEFAULT_SOURCES), Ok(Vec::new()));
    }

    /// The README's example stays a valid source.
    #[test]
    fn readme_example_parses() {
        let readme = include_str!("../../../README.md");
        let block = readme
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap_or_default();
        let sources = parse_text(block).unwrap_or_default();
        assert_eq!(sources.len(), 1, "{block}");
        assert!(matches!(
            sources[0].kind,
            Kind::DateWindow {
                format: DateFormat::Naive,
                ..
            }
        ));
        assert_eq!(sources[0].pause, Duration::from_secs(2));
    }

    #[test]
    fn every_kind_parses() {
        let sources = parse_text(
            r#"
[[source]]
id = "api"
kind = "next-link"
url = "https://example.org/releases?since={from}"
every = "15m"
from = "2024-05-01"

[[source]]
id = "windows"
kind = "date-window"
url = "https://example.org/releases?desde={from}&hasta={to}"
every = "1h"
window = "1d"
date_format = "date"
from = "2024-05-01T06:00:00Z"
pause = "500ms"
retries = 2

[[source]]
id = "bulk"
kind = "bulk-file"
url = "https://example.org/full.jsonl.gz"
every = "1d"

[[source]]
id = "drop"
kind = "directory"
path = "incoming"
every = "30s"
skip_bad_pages = true
"#,
        )
        .unwrap_or_default();
        assert_eq!(sources.len(), 4);
        assert_eq!(sources[0].every, Duration::from_secs(900));
        assert_eq!(
            sources[0].from.map(|d| d.to_string()),
            Some("2024-05-01 00:00:00".into())
        );
        assert!(matches!(
            sources[1].kind,
            Kind::DateWindow { format: DateFormat::Date, window, .. } if window == Duration::from_secs(86_400)
        ));
        assert_eq!(sources[1].pause, Duration::from_millis(500));
        assert_eq!(sources[1].retries, 2);
        assert_eq!(sources[2].retries, 5);
        assert_eq!(
            sources[3].kind,
            Kind::Directory {
                path: PathBuf::from("/srv/incoming")
            }
        );
    }

    #[test]
    fn mistakes_name_their_line() {
        for (text, line, words) in [
            (
                "[[source]]\nid = \"a\"\nkind = \"rss\"\nurl = \"https://x.org\"\nevery = \"1h\"\n",
                3,
                "unknown kind",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"soon\"\n",
                5,
                "not a duration",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"ftp://x.org\"\nevery = \"1h\"\n",
                4,
                "http(s)",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"1h\"\n\n[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"1h\"\n",
                8,
                "declared twice",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"date-window\"\nurl = \"https://x.org/?d={from}\"\nevery = \"1h\"\n",
                3,
                "`from` date",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"1h\"\nfrom = \"May\"\n",
                6,
                "not a date",
            ),
            (
                "[[source]]\nid = \"a\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"1h\"\nevry = \"1h\"\n",
                6,
                "unknown field",
            ),
            (
                "[[source]]\nid = \"Big Feed\"\nkind = \"next-link\"\nurl = \"https://x.org\"\nevery = \"1h\"\n",
                2,
                "lowercase",
            ),
        ] {
            let error = parse_text(text).err().unwrap_or_default();
            assert!(
                error.starts_with(&format!("sources.toml:{line}: ")) && error.contains(words),
                "{error}"
            );
        }
    }
}
