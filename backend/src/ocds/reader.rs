//! Streaming reader for whatever shape publishers use: release packages, record packages, bare
//! releases and records, JSON arrays of any of these, JSON Lines and concatenated JSON; gzip or
//! plain; UTF-8, or ISO-8859-1 detected and transcoded.
//!
//! Nothing larger than one release (or one record) is held in memory: package arrays are walked
//! element by element with serde seeds, and each release is handed to a [`Sink`].

use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::rc::Rc;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::merge::OcdsVersion;
use super::tree::{Key, Node};

/// One release read from the input, with where it came from.
#[derive(Debug, Clone)]
pub struct Incoming {
    pub ocid: String,
    pub release_id: String,
    pub date: String,
    /// The release's JSON text as published (re-serialized only for bare top-level releases),
    /// shared with the thread that compiles it.
    pub raw: Arc<str>,
    /// Its `tag` as published (null when it has none).
    pub tag: Value,
    pub version: OcdsVersion,
    pub position: String,
    /// The input it was read from.
    pub source: Arc<str>,
}

/// A problem with part of the input; the rest still imports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Issue {
    pub source: String,
    pub position: String,
    pub reason: String,
    /// Warnings (data imported, but worth a look) versus errors (something was not imported).
    pub warning: bool,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}: {}", self.source, self.position, self.reason)
    }
}

/// The sink could not take a release (its storage failed); reading stops.
#[derive(Debug)]
pub struct SinkStop;

pub trait Sink {
    fn release(&mut self, release: Incoming) -> Result<(), SinkStop>;
    fn issue(&mut self, issue: Issue);
    /// Bytes of (decoded) input consumed so far, for progress reports.
    fn progress(&mut self, _bytes: u64) {}
}

/// How the reader decides which OCDS version's merge rules apply to a release.
#[derive(Debug, Clone, Copy)]
pub struct VersionPolicy {
    /// Forces every release to this version (`veedor import --ocds-version`).
    pub forced: Option<OcdsVersion>,
    /// For releases outside any package, which carry no version of their own.
    pub bare: OcdsVersion,
}

impl Default for VersionPolicy {
    fn default() -> Self {
        VersionPolicy {
            forced: None,
            bare: OcdsVersion::V1_1,
        }
    }
}

/// Text encoding found in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Latin1,
}

/// Decodes UTF-8, switching to ISO-8859-1 when the bytes are not UTF-8 and nothing but ASCII was
/// passed on before (so nothing already read is reinterpreted). Mixed input is an error.
pub struct Transcoder<R> {
    inner: R,
    pending: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    emitted_non_ascii: bool,
    offset: u64,
    encoding: Rc<Cell<Encoding>>,
    started: bool,
}

impl<R: Read> Transcoder<R> {
    pub fn new(inner: R) -> (Transcoder<R>, Rc<Cell<Encoding>>) {
        let encoding = Rc::new(Cell::new(Encoding::Utf8));
        (
            Transcoder {
                inner,
                pending: Vec::new(),
                out: Vec::new(),
                out_pos: 0,
                emitted_non_ascii: false,
                offset: 0,
                encoding: encoding.clone(),
                started: false,
            },
            encoding,
        )
    }

    fn latin1(bytes: &[u8], out: &mut Vec<u8>) {
        for &b in bytes {
            if b < 0x80 {
                out.push(b);
            } else {
                out.push(0xC0 | (b >> 6));
                out.push(0x80 | (b & 0x3F));
            }
        }
    }

    fn refill(&mut self) -> io::Result<bool> {
        let mut chunk = vec![0u8; 64 * 1024];
        let n = self.inner.read(&mut chunk)?;
        chunk.truncate(n);
        self.out.clear();
        self.out_pos = 0;
        if n == 0 {
            if self.pending.is_empty() {
                return Ok(false);
            }
            if self.encoding.get() == Encoding::Utf8 && self.emitted_non_ascii {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "input ends inside a UTF-8 character at byte {}",
                        self.offset
                    ),
                ));
            }
            // A truncated sequence at the end of ASCII-so-far input: it was Latin-1.
            self.encoding.set(Encoding::Latin1);
            let pending = std::mem::take(&mut self.pending);
            Self::latin1(&pending, &mut self.out);
            return Ok(true);
        }
        let mut bytes = std::mem::take(&mut self.pending);
        bytes.extend_from_slice(&chunk);
        if !self.started {
            self.started = true;
            if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
                bytes.drain(..3);
            } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    "input is UTF-16; convert it to UTF-8",
                ));
            }
        }
        if self.encoding.get() == Encoding::Latin1 {
            Self::latin1(&bytes, &mut self.out);
            self.offset += bytes.len() as u64;
            return Ok(true);
        }
        // SIMD validation: every input byte passes here, std's validator was ~5% of an import.
        match simdutf8::compat::from_utf8(&bytes) {
            Ok(_) => {
                self.emitted_non_ascii |= !bytes.is_ascii();
                self.offset += bytes.len() as u64;
                self.out = bytes;
            }
            Err(e) if e.error_len().is_none() => {
                // An incomplete character at the chunk's end: keep it for the next read.
                let valid = e.valid_up_to();
                self.pending = bytes.split_off(valid);
                self.emitted_non_ascii |= !bytes.is_ascii();
                self.offset += bytes.len() as u64;
                self.out = bytes;
            }
            Err(_) if self.emitted_non_ascii => {
                // UTF-8 text with a bad byte: passed on as it is, so that the reader reports
                // the one line (or value) holding it and goes on with the rest. Only an
                // incomplete character at the chunk's end waits for the next read.
                let keep = incomplete_tail(&bytes);
                self.pending = bytes.split_off(bytes.len() - keep);
                self.offset += bytes.len() as u64;
                self.out = bytes;
            }
            Err(_) => {
                self.encoding.set(Encoding::Latin1);
                Self::latin1(&bytes, &mut self.out);
                self.offset += bytes.len() as u64;
            }
        }
        Ok(true)
    }
}

/// How many bytes at the end of `bytes` start a UTF-8 character that is not complete yet.
fn incomplete_tail(bytes: &[u8]) -> usize {
    let mut rest = bytes;
    loop {
        match simdutf8::compat::from_utf8(rest) {
            Ok(_) => return 0,
            Err(e) => match e.error_len() {
                None => return rest.len() - e.valid_up_to(),
                Some(n) => rest = &rest[e.valid_up_to() + n..],
            },
        }
    }
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.out_pos >= self.out.len() {
            if !self.refill()? {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.out.len() - self.out_pos);
        buf[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// Counts bytes passing through, for progress.
struct Counted<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

/// Unwraps gzip (by its magic bytes) and decodes text.
/// Decoded text and, once read, the encoding it turned out to have.
pub type Decoded = (Box<dyn BufRead>, Rc<Cell<Encoding>>);

pub fn decode(reader: impl Read + 'static) -> io::Result<Decoded> {
    let mut buffered = BufReader::with_capacity(256 * 1024, reader);
    let gz = buffered.fill_buf()?.starts_with(&[0x1F, 0x8B]);
    let raw: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    };
    let (text, encoding) = Transcoder::new(raw);
    Ok((
        Box::new(BufReader::with_capacity(256 * 1024, text)),
        encoding,
    ))
}

/// What reading one input found besides releases.
#[derive(Debug, Default)]
pub struct ReadOutcome {
    /// `links.next` of packages read (paged publisher APIs).
    pub next_pages: Vec<String>,
    pub encoding: Option<Encoding>,
    /// Why reading stopped before the end of the input (unreadable bytes, broken JSON), if it
    /// did: a page of a publisher's API that failed this way is fetched again or reported.
    pub failure: Option<String>,
}

struct Ctx<'s> {
    source: Arc<str>,
    sink: &'s mut dyn Sink,
    policy: VersionPolicy,
    next_pages: Vec<String>,
    stopped: bool,
    failure: Option<String>,
}

impl Ctx<'_> {
    /// Reports a problem that stopped reading the input (or part of it).
    fn fail(&mut self, position: &str, reason: impl Into<String>) {
        let reason = reason.into();
        if self.failure.is_none() {
            self.failure = Some(format!("{position}: {reason}"));
        }
        self.issue(position, reason);
    }

    fn issue(&mut self, position: &str, reason: impl Into<String>) {
        let issue = Issue {
            source: self.source.to_string(),
            position: position.to_owned(),
            reason: reason.into(),
            warning: false,
        };
        self.sink.issue(issue);
    }

    fn warn(&mut self, position: &str, reason: impl Into<String>) {
        let issue = Issue {
            source: self.source.to_string(),
            position: position.to_owned(),
            reason: reason.into(),
            warning: true,
        };
        self.sink.issue(issue);
    }

    /// Validates one release object read whole (a bare release, a record's compiled release)
    /// and hands it on.
    fn release(&mut self, value: Value, raw: Option<String>, version: OcdsVersion, position: &str) {
        let Value::Object(obj) = &value else {
            self.issue(position, "release is not a JSON object");
            return;
        };
        let field = |key: &str| obj.get(key).map(Node::from_value);
        let head = Head {
            ocid: field("ocid"),
            id: field("id"),
            date: field("date"),
            version: field("version"),
            tag: field("tag"),
            url: None,
        };
        let raw = match raw {
            Some(raw) => raw,
            None => serde_json::to_string(&value).unwrap_or_default(),
        };
        self.accept(head, Arc::from(raw), version, position);
    }

    /// Validates one release by the fields every release needs, and hands it on with its text.
    fn accept(&mut self, head: Head<'_>, raw: Arc<str>, version: OcdsVersion, position: &str) {
        let Some(ocid) = head
            .ocid
            .as_ref()
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
        else {
            self.issue(position, "release has no `ocid`");
            return;
        };
        let release_id = match &head.id {
            Some(Node::String(s)) if !s.is_empty() => s.to_string(),
            Some(Node::Number(n)) => n.to_string(),
            _ => {
                self.issue(position, format!("release of {ocid} has no `id`"));
                return;
            }
        };
        let Some(date) = head
            .date
            .as_ref()
            .and_then(Node::as_str)
            .filter(|s| !s.is_empty())
        else {
            self.issue(
                position,
                format!("release {release_id} of {ocid} has no `date`"),
            );
            return;
        };
        let version = match (
            self.policy.forced,
            head.version.as_ref().and_then(Node::as_str),
        ) {
            (Some(forced), _) => forced,
            // OCP's upgrade tool marks upgraded releases with a (non-standard) release version.
            (None, Some(v)) => OcdsVersion::from_package_field(Some(v)),
            (None, None) => version,
        };
        let incoming = Incoming {
            ocid: ocid.to_owned(),
            release_id,
            date: date.to_owned(),
            raw,
            tag: head.tag.as_ref().map_or(Value::Null, Node::to_value),
            version,
            position: position.to_owned(),
            source: self.source.clone(),
        };
        if self.sink.release(incoming).is_err() {
            self.stopped = true;
        }
    }
}

/// The fields of a release the reader checks, read without building the rest of it (the
/// thread that compiles the release reads it whole).
#[derive(Default)]
struct Head<'a> {
    ocid: Option<Node<'a>>,
    id: Option<Node<'a>>,
    date: Option<Node<'a>>,
    version: Option<Node<'a>>,
    tag: Option<Node<'a>>,
    /// A linked release (in a record) has a `url` and no `id`.
    url: Option<Node<'a>>,
}

impl<'de> de::Deserialize<'de> for Head<'de> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(HeadVisitor)
    }
}

struct HeadVisitor;

impl<'de> Visitor<'de> for HeadVisitor {
    type Value = Head<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a release object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Head<'de>, A::Error> {
        let mut head = Head::default();
        // A repeated key keeps its last value, as a whole read keeps it.
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let slot = match key.0.as_ref() {
                "ocid" => &mut head.ocid,
                "id" => &mut head.id,
                "date" => &mut head.date,
                "version" => &mut head.version,
                "tag" => &mut head.tag,
                "url" => &mut head.url,
                _ => {
                    map.next_value::<Checked>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(head)
    }
}

/// A value read to check it and dropped: what a whole read refuses (a number out of range, a
/// lone surrogate escape, nesting too deep) is refused here too, which `IgnoredAny` (a scan)
/// lets through; nothing is kept, so nothing is allocated but escaped strings' decoding.
struct Checked;

impl<'de> de::Deserialize<'de> for Checked {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CheckedVisitor)
    }
}

struct CheckedVisitor;

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Checked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Checked, E> {
        Ok(Checked)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Checked, A::Error> {
        while seq.next_element::<Checked>()?.is_some() {}
        Ok(Checked)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Checked, A::Error> {
        while map.next_key::<Checked>()?.is_some() {
            map.next_value::<Checked>()?;
        }
        Ok(Checked)
    }
}

const STOPPED: &str = "import stopped by a storage error";

/// Any top-level value, or an element of a top-level array.
struct ValueSeed<'a, 's> {
    ctx: &'a mut Ctx<'s>,
    position: String,
    /// The whole text of this value when known (JSON Lines), kept for bare releases.
    raw: Option<&'a str>,
    inherited: Option<OcdsVersion>,
    nested: bool,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an OCDS package, release or record, or an array of them")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        if self.nested {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            self.ctx
                .issue(&self.position, "unexpected array inside an array; skipped");
            return Ok(());
        }
        let mut index = 0usize;
        loop {
            let seed = ValueSeed {
                ctx: &mut *self.ctx,
                position: format!("{}[{index}]", self.position),
                raw: None,
                inherited: self.inherited,
                nested: true,
            };
            if seq.next_element_seed(seed)?.is_none() {
                break;
            }
            if self.ctx.stopped {
                return Err(de::Error::custom(STOPPED));
            }
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut meta = Map::new();
        let mut releases: Option<ReleasesFound> = None;
        let mut saw_records = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "releases" => {
                    let declared = meta.get("version").and_then(Value::as_str);
                    let version = if let Some(inherited) = self.inherited {
                        // A record in a record package: its releases carry the package's version.
                        inherited
                    } else if meta.contains_key("ocid") {
                        self.ctx.policy.bare
                    } else {
                        OcdsVersion::from_package_field(declared)
                    };
                    let found = map.next_value_seed(ArraySeed {
                        ctx: &mut *self.ctx,
                        position: format!("{}releases", prefix(&self.position)),
                        kind: ArrayKind::Releases(version),
                    })?;
                    releases = Some(found);
                }
                "records" => {
                    saw_records = true;
                    let declared = meta.get("version").and_then(Value::as_str);
                    map.next_value_seed(ArraySeed {
                        ctx: &mut *self.ctx,
                        position: format!("{}records", prefix(&self.position)),
                        kind: ArrayKind::Records(OcdsVersion::from_package_field(declared)),
                    })?;
                }
                _ => {
                    let value: Value = map.next_value()?;
                    meta.insert(key, value);
                }
            }
            if self.ctx.stopped {
                return Err(de::Error::custom(STOPPED));
            }
        }
        self.finish(meta, releases, saw_records);
        Ok(())
    }
}

fn prefix(position: &str) -> String {
    if position.is_empty() {
        String::new()
    } else {
        format!("{position}.")
    }
}

impl ValueSeed<'_, '_> {
    fn finish(
        self,
        mut meta: Map<String, Value>,
        releases: Option<ReleasesFound>,
        saw_records: bool,
    ) {
        let position = if self.position.is_empty() {
            "top".to_owned()
        } else {
            self.position.clone()
        };
        if let Some(next) = meta
            .get("links")
            .and_then(|l| l.get("next"))
            .and_then(Value::as_str)
        {
            self.ctx.next_pages.push(next.to_owned());
        }
        if saw_records {
            return;
        }
        if let Some(found) = releases {
            // A release package, or a record (which has an `ocid`).
            if found.embedded > 0
                || !meta.contains_key("ocid") && !meta.contains_key("compiledRelease")
            {
                return;
            }
            let ocid = meta
                .get("ocid")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned();
            match meta.remove("compiledRelease") {
                Some(compiled) => {
                    // Only linked releases: the publisher's compiled release stands for them.
                    let version = self.inherited.unwrap_or(self.ctx.policy.bare);
                    self.ctx.release(compiled, None, version, &format!("{position}.compiledRelease"));
                }
                None => self.ctx.issue(
                    &position,
                    format!(
                        "record {ocid} has {} linked release(s) and no compiledRelease: nothing to import",
                        found.linked
                    ),
                ),
            }
            return;
        }
        if meta.contains_key("projects") {
            self.ctx.issue(
                &position,
                "an OC4IDS project package, not OCDS releases or records; skipped",
            );
            return;
        }
        if meta.contains_key("ocid") {
            let version = self.inherited.unwrap_or(self.ctx.policy.bare);
            let raw = self.raw.map(str::to_owned);
            self.ctx
                .release(Value::Object(meta), raw, version, &position);
            return;
        }
        self.ctx.issue(
            &position,
            "not an OCDS release, record or package (no `ocid`, `releases` or `records`)",
        );
    }
}

#[derive(Debug, Default, Clone, Copy)]
struct ReleasesFound {
    embedded: usize,
    linked: usize,
}

enum ArrayKind {
    Releases(OcdsVersion),
    Records(OcdsVersion),
}

struct ArraySeed<'a, 's> {
    ctx: &'a mut Ctx<'s>,
    position: String,
    kind: ArrayKind,
}

impl<'de> DeserializeSeed<'de> for ArraySeed<'_, '_> {
    type Value = ReleasesFound;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<ReleasesFound, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ArraySeed<'_, '_> {
    type Value = ReleasesFound;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ReleasesFound, A::Error> {
        let mut found = ReleasesFound::default();
        let mut index = 0usize;
        loop {
            let position = format!("{}[{index}]", self.position);
            match self.kind {
                ArrayKind::Releases(version) => {
                    let Some(raw) = seq.next_element::<Box<RawValue>>()? else {
                        break;
                    };
                    match serde_json::from_str::<Head>(raw.get()) {
                        Ok(head) if head.id.is_none() && head.url.is_some() => {
                            found.linked += 1;
                        }
                        Ok(head) => {
                            found.embedded += 1;
                            let text: Arc<str> = Arc::from(raw.get());
                            self.ctx.accept(head, text, version, &position);
                        }
                        // Not an object, or not readable: read whole, as before, so it is
                        // counted and reported the same.
                        Err(_) => match serde_json::from_str::<Value>(raw.get()) {
                            Ok(value) => {
                                found.embedded += 1;
                                let text = String::from(raw.get());
                                self.ctx.release(value, Some(text), version, &position);
                            }
                            Err(e) => self.ctx.issue(&position, format!("invalid release: {e}")),
                        },
                    }
                }
                ArrayKind::Records(version) => {
                    let inherited = self.ctx.policy.forced.unwrap_or(version);
                    let seed = ValueSeed {
                        ctx: &mut *self.ctx,
                        position,
                        raw: None,
                        inherited: Some(inherited),
                        nested: true,
                    };
                    if seq.next_element_seed(seed)?.is_none() {
                        break;
                    }
                }
            }
            if self.ctx.stopped {
                return Err(de::Error::custom(STOPPED));
            }
            index += 1;
        }
        Ok(found)
    }

    fn visit_unit<E: de::Error>(self) -> Result<ReleasesFound, E> {
        self.ctx.issue(&self.position, "is null, expected an array");
        Ok(ReleasesFound::default())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReleasesFound, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.ctx
            .issue(&self.position, "is an object, expected an array");
        Ok(ReleasesFound::default())
    }

    fn visit_str<E: de::Error>(self, _v: &str) -> Result<ReleasesFound, E> {
        self.ctx
            .issue(&self.position, "is a string, expected an array");
        Ok(ReleasesFound::default())
    }
}

/// Reads one input to its end, handing every release to the sink. Returns what else was
/// found; malformed parts are reported to the sink as issues, never returned as errors.
pub fn read_input(
    source: &str,
    reader: impl Read + 'static,
    sink: &mut dyn Sink,
    policy: VersionPolicy,
) -> ReadOutcome {
    let mut ctx = Ctx {
        source: Arc::from(source),
        sink,
        policy,
        next_pages: Vec::new(),
        stopped: false,
        failure: None,
    };
    let count = Rc::new(Cell::new(0u64));
    let counted = Counted {
        inner: reader,
        count: count.clone(),
    };
    let (mut input, encoding) = match decode(counted) {
        Ok(decoded) => decoded,
        Err(e) => {
            ctx.fail("start", format!("cannot read: {e}"));
            return ReadOutcome {
                failure: ctx.failure,
                ..ReadOutcome::default()
            };
        }
    };
    read_decoded(&mut ctx, &mut input, &count);
    let encoding = encoding.get();
    if encoding == Encoding::Latin1 {
        ctx.warn(
            "encoding",
            "input is not UTF-8; read as ISO-8859-1 and transcoded",
        );
    }
    ReadOutcome {
        next_pages: ctx.next_pages,
        encoding: Some(encoding),
        failure: ctx.failure,
    }
}

fn skip_whitespace(input: &mut dyn BufRead) -> io::Result<Option<u8>> {
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok(None);
        }
        let skip = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if skip < buf.len() {
            let first = buf[skip];
            input.consume(skip);
            return Ok(Some(first));
        }
        let n = buf.len();
        input.consume(n);
    }
}

/// Longest first line tried as a JSON Lines record before falling back to streaming.
const MAX_PROBE_LINE: usize = 64 * 1024 * 1024;

fn read_decoded(ctx: &mut Ctx<'_>, input: &mut Box<dyn BufRead>, count: &Rc<Cell<u64>>) {
    let first = match skip_whitespace(input.as_mut()) {
        Ok(Some(b)) => b,
        Ok(None) => {
            ctx.fail("start", "input is empty");
            return;
        }
        Err(e) => {
            ctx.fail("start", format!("cannot read: {e}"));
            return;
        }
    };
    match first {
        b'[' => read_stream(ctx, input.as_mut(), count),
        b'{' => {
            // One JSON value per line (JSON Lines) is read line by line, so one bad line
            // costs only itself; anything else is streamed as concatenated JSON.
            let mut line = Vec::new();
            let read = input
                .as_mut()
                .take(MAX_PROBE_LINE as u64)
                .read_until(b'\n', &mut line);
            if let Err(e) = read {
                ctx.fail("line 1", format!("cannot read: {e}"));
                return;
            }
            // Whether the first line holds a whole value (JSON Lines, or a one-line package as
            // APIs serve them): checked by its brackets, not by parsing it twice.
            let complete = std::str::from_utf8(&line).is_ok() && closes_on_its_line(&line);
            if complete {
                read_lines(ctx, line, input.as_mut(), count);
            } else {
                let mut chained: Box<dyn BufRead> =
                    Box::new(BufReader::new(Cursor::new(line).chain(input)));
                read_stream(ctx, chained.as_mut(), count);
            }
        }
        other => ctx.fail(
            "start",
            format!("not JSON: starts with {:?}", char::from(other)),
        ),
    }
}

/// Whether `line` is one JSON object whose brackets close by its end (strings and escapes
/// respected). Broken JSON inside is left to the parser, which reports it.
fn closes_on_its_line(line: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut closed_at = None;
    for (i, &b) in line.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = match depth.checked_sub(1) {
                    Some(d) => d,
                    None => return false,
                };
                if depth == 0 {
                    closed_at = Some(i);
                    break;
                }
            }
            _ => {}
        }
    }
    closed_at.is_some_and(|at| line[at + 1..].iter().all(u8::is_ascii_whitespace))
}

fn read_lines(ctx: &mut Ctx<'_>, first: Vec<u8>, input: &mut dyn BufRead, count: &Rc<Cell<u64>>) {
    let mut line = first;
    let mut number = 1usize;
    loop {
        let position = format!("line {number}");
        match simdutf8::compat::from_utf8(&line) {
            Ok(text) if !text.trim().is_empty() => {
                let text = text.trim_end_matches(['\n', '\r']);
                let mut de = serde_json::Deserializer::from_str(text);
                let seed = ValueSeed {
                    ctx: &mut *ctx,
                    position: position.clone(),
                    raw: Some(text),
                    inherited: None,
                    nested: false,
                };
                let result = seed.deserialize(&mut de).and_then(|()| de.end());
                if ctx.stopped {
                    return;
                }
                if let Err(e) = result {
                    ctx.fail(&position, format!("malformed JSON: {e}"));
                }
            }
            Ok(_) => {}
            Err(e) => ctx.fail(&position, format!("invalid text: {e}")),
        }
        ctx.sink.progress(count.get());
        line.clear();
        number += 1;
        match input.read_until(b'\n', &mut line) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) => {
                ctx.fail(&format!("line {number}"), format!("cannot read: {e}"));
                return;
            }
        }
    }
}

fn read_stream(ctx: &mut Ctx<'_>, input: &mut dyn BufRead, count: &Rc<Cell<u64>>) {
    let mut index = 0usize;
    loop {
        match skip_whitespace(input) {
            Ok(Some(_)) => {}
            Ok(None) => return,
            Err(e) => {
                ctx.fail(&format!("value {}", index + 1), format!("cannot read: {e}"));
                return;
            }
        }
        let position = if index == 0 {
            String::new()
        } else {
            format!("value {}", index + 1)
        };
        let mut de = serde_json::Deserializer::from_reader(&mut *input);
        let seed = ValueSeed {
            ctx: &mut *ctx,
            position: position.clone(),
            raw: None,
            inherited: None,
            nested: false,
        };
        let result = seed.deserialize(&mut de);
        if ctx.stopped {
            return;
        }
        ctx.sink.progress(count.get());
        if let Err(e) = result {
            // No way to find the next value reliably after broken JSON: the rest of this input
            // is reported, the releases read before it are kept.
            let place = if position.is_empty() {
                "top".to_owned()
            } else {
                position
            };
            ctx.fail(
                &place,
                format!("malformed JSON, rest of input skipped: {e}"),
            );
            return;
        }
        index += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_closes_when_its_brackets_do() {
        for (line, whole) in [
            (&b"{\"a\": [1, {\"b\": \"}]\\\"{\"}]}\n"[..], true),
            (b"{\"releases\": [{\"id\": 1},\n", false),
            (b"{\n", false),
            (b"{} {}\n", false),
            (b"{\"a\": \"\\\\\"}\r\n", true),
        ] {
            assert_eq!(
                closes_on_its_line(line),
                whole,
                "{}",
                String::from_utf8_lossy(line)
            );
        }
    }

    #[derive(Default)]
    struct Collect {
        releases: Vec<Incoming>,
        issues: Vec<Issue>,
    }

    impl Sink for Collect {
        fn release(&mut self, release: Incoming) -> Result<(), SinkStop> {
            self.releases.push(release);
            Ok(())
        }
        fn issue(&mut self, issue: Issue) {
            self.issues.push(issue);
        }
    }

    fn read(text: &[u8]) -> Collect {
        let mut sink = Collect::default();
        read_input(
            "test",
            Cursor::new(text.to_vec()),
            &mut sink,
            VersionPolicy::default(),
        );
        sink
    }

    const R1: &str = r#"{"ocid":"o-1","id":"1","date":"2020-01-01T00:00:00Z","tag":["tender"]}"#;
    const R2: &str = r#"{"ocid":"o-1","id":"2","date":"2020-02-01T00:00:00Z","tag":["award"]}"#;

    #[test]
    fn reads_every_shape() {
        let package = format!(r#"{{"version":"1.1","releases":[{R1},{R2}]}}"#);
        let cases = [
            package.clone(),
            format!("{R1}\n{R2}\n"),
            format!("{R1} {R2}"),
            format!("[{R1},{R2}]"),
            format!("[{package}]"),
            format!("{{\n \"releases\": [{R1},\n{R2}]}}"),
            format!(r#"{{"records":[{{"ocid":"o-1","releases":[{R1},{R2}]}}]}}"#),
        ];
        for case in cases {
            let sink = read(case.as_bytes());
            assert_eq!(sink.releases.len(), 2, "{case}: {:?}", sink.issues);
            assert!(sink.issues.is_empty(), "{case}: {:?}", sink.issues);
        }
    }

    #[test]
    fn keeps_raw_text_of_packaged_releases_and_package_version() {
        let sink = read(format!(r#"{{"releases":[{R1}]}}"#).as_bytes());
        assert_eq!(&*sink.releases[0].raw, R1);
        assert_eq!(sink.releases[0].version, OcdsVersion::V1_0);
        let sink = read(format!(r#"{{"version":"1.1","releases":[{R1}]}}"#).as_bytes());
        assert_eq!(sink.releases[0].version, OcdsVersion::V1_1);
    }

    #[test]
    fn gzip_is_unwrapped() {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(format!("{R1}\n{R2}\n").as_bytes()).ok();
        let bytes = gz.finish().unwrap_or_default();
        assert_eq!(read(&bytes).releases.len(), 2);
    }

    #[test]
    fn latin1_is_transcoded_and_reported() {
        let mut bytes =
            br#"{"ocid":"o-1","id":"1","date":"2020-01-01","tender":{"title":"Adquisici"#.to_vec();
        bytes.push(0xF3); // ó in ISO-8859-1
        bytes.extend_from_slice(br#"n"}}"#);
        let sink = read(&bytes);
        let value: Value = serde_json::from_str(&sink.releases[0].raw).unwrap_or_default();
        assert_eq!(value["tender"]["title"], "Adquisición");
        assert!(sink.issues.iter().any(|i| i.reason.contains("ISO-8859-1")));
    }

    #[test]
    fn a_bad_byte_late_in_utf8_lines_costs_only_its_line() {
        let good = |n: usize| {
            format!(
                r#"{{"ocid":"ocds-x-{n}","id":"r{n}","date":"2026-01-01T00:00:00Z","tag":["tender"],"tender":{{"title":"Año {n}"}}}}"#
            )
        };
        let mut bytes = Vec::new();
        for n in 1..=3000 {
            if n == 2002 {
                bytes.extend_from_slice(br#"{"ocid":"ocds-x-bad","id":"r","tender":{"title":"A"#);
                bytes.push(0xFF);
                bytes.extend_from_slice(b"\"}}\n");
            } else {
                bytes.extend_from_slice(good(n).as_bytes());
                bytes.push(b'\n');
            }
        }
        let sink = read(&bytes);
        assert_eq!(sink.releases.len(), 2999);
        let positions: Vec<&str> = sink.issues.iter().map(|i| i.position.as_str()).collect();
        assert_eq!(positions, ["line 2002"], "{:?}", sink.issues);
    }

    #[test]
    fn bad_lines_are_reported_and_the_rest_imports() {
        let text =
            format!("{R1}\n{{not json\n[1,2]\n{{\"ocid\":\"o-2\",\"date\":\"2020\"}}\n{R2}\n");
        let sink = read(text.as_bytes());
        assert_eq!(sink.releases.len(), 2);
        let positions: Vec<&str> = sink.issues.iter().map(|i| i.position.as_str()).collect();
        assert_eq!(
            positions,
            ["line 2", "line 3", "line 4"],
            "{:?}",
            sink.issues
        );
        assert!(sink.issues[2].reason.contains("no `id`"));
    }

    /// What a whole read refuses inside a packaged release is refused though the reader reads
    /// only a few of its fields; entries that are not objects are reported as before.
    #[test]
    fn packaged_releases_are_checked_whole() {
        let release = |n: u32, extra: &str| {
            format!(r#"{{"ocid":"o-{n}","id":"r","date":"2020-01-01","tender":{{{extra}}}}}"#)
        };
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let text = format!(
            r#"{{"version":"1.1","releases":[{},{},{},{},null,[1],{}]}}"#,
            release(1, r#""title":"ok \u00e9""#),
            release(2, r#""value":{"amount":1e400}"#),
            release(3, r#""title":"\udc00""#),
            release(4, &format!(r#""items":{deep}"#)),
            release(5, r#""title":"ok""#),
        );
        let sink = read(text.as_bytes());
        let ocids: Vec<&str> = sink.releases.iter().map(|r| r.ocid.as_str()).collect();
        assert_eq!(ocids, ["o-1", "o-5"]);
        let issues: Vec<String> = sink
            .issues
            .iter()
            .map(|i| format!("{} {}", i.position, i.reason))
            .collect();
        assert_eq!(issues.len(), 5, "{issues:?}");
        for (issue, expected) in issues.iter().zip([
            "line 1.releases[1] invalid release: number out of range",
            "line 1.releases[2] invalid release: lone leading surrogate",
            "line 1.releases[3] invalid release: recursion limit exceeded",
            "line 1.releases[4] release is not a JSON object",
            "line 1.releases[5] release is not a JSON object",
        ]) {
            assert!(issue.starts_with(expected), "{issue} / {expected}");
        }
    }

    #[test]
    fn records_with_only_linked_releases_use_the_compiled_release() {
        let text = format!(
            r#"{{"version":"1.1","records":[{{"ocid":"o-1","releases":[{{"url":"http://x","date":"2020-01-01","tag":["tender"]}}],"compiledRelease":{R1}}}]}}"#
        );
        let sink = read(text.as_bytes());
        assert_eq!(sink.releases.len(), 1, "{:?}", sink.issues);
        assert_eq!(sink.releases[0].version, OcdsVersion::V1_1);
    }

    #[test]
    fn truncated_package_keeps_releases_before_the_break() {
        let text = format!(r#"{{"releases":[{R1},{R2},{{"ocid":"#);
        let sink = read(text.as_bytes());
        assert_eq!(sink.releases.len(), 2);
        assert_eq!(sink.issues.len(), 1);
        assert!(sink.issues[0].reason.contains("malformed JSON"));
    }
}
