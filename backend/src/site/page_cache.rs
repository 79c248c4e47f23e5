//! Public pages are kept rendered until what they show changes. Each page names its topics
//! (the process, the agency, the item, the lists it shows: `publish::topic`); the database
//! keeps a counter per topic, bumped when it changes (`publish::version`), so every server in
//! front of one database agrees on when a page is stale: a request costs one read of a few
//! index rows instead of the queries and the rendering, and a change to one process leaves
//! every other process's page kept. When many requests find a page stale at once, one renders
//! it and the others wait for that rendering. Pages that depend on the clock alone ("overdue
//! now") are re-rendered after `MAX_AGE` at the latest. Browsers get an ETag and revalidate,
//! and a gzip copy made once per rendering.

use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use actix_web::http::{header, StatusCode};
use actix_web::web::Bytes;
use actix_web::{web, HttpRequest, HttpResponse};

use crate::http::{ApiError, AppState};
use crate::publish;
use crate::site::i18n;

/// The longest a page is served without being rendered again.
pub const MAX_AGE: Duration = Duration::from_secs(60);

struct Rendered {
    at: Instant,
    status: StatusCode,
    body: Bytes,
    etag: String,
    /// The body gzipped, made on the first request that accepts it (browsers all do), so a
    /// page is compressed once, not once per request.
    gzip: OnceLock<Option<Bytes>>,
}

impl Rendered {
    fn gzipped(&self) -> Option<&Bytes> {
        self.gzip
            .get_or_init(|| {
                use std::io::Write;
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                encoder.write_all(&self.body).ok()?;
                encoder.finish().ok().map(Bytes::from)
            })
            .as_ref()
    }
}

/// Whether an `Accept-Encoding` value takes gzip (and does not refuse it with `q=0`).
fn accepts_gzip(req: &HttpRequest) -> bool {
    let Some(value) = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    value.split(',').any(|part| {
        let mut pieces = part.split(';').map(str::trim);
        let coding = pieces.next().unwrap_or_default();
        let refused = pieces.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !refused
    })
}

#[derive(Clone)]
struct ByBytes;

impl quick_cache::Weighter<String, Arc<Rendered>> for ByBytes {
    fn weight(&self, key: &String, page: &Arc<Rendered>) -> u64 {
        (key.len() + page.body.len()) as u64
    }
}

/// The latest read of a set of topics' version, and when that read started.
type LastRead = Arc<tokio::sync::Mutex<Option<(Instant, i64)>>>;

/// Rendered pages by language, address and version, bounded in bytes (the least used go
/// first, stale versions among them).
pub struct PageCache {
    pages: quick_cache::sync::Cache<String, Arc<Rendered>, ByBytes>,
    renders: AtomicU64,
    keep: bool,
    /// Per set of topics, the latest read of their version.
    last_reads: quick_cache::sync::Cache<String, LastRead>,
}

impl PageCache {
    pub fn new(max_bytes: u64) -> Self {
        // quick_cache wants a guess of the number of entries: pages weigh about 20 kB.
        let estimated = (max_bytes / 20_000).max(16) as usize;
        PageCache {
            pages: quick_cache::sync::Cache::with_weighter(estimated, max_bytes, ByBytes),
            renders: AtomicU64::new(0),
            keep: max_bytes > 0,
            last_reads: quick_cache::sync::Cache::new(10_000),
        }
    }

    /// The version of `topics` as of this request's arrival or later. Requests for the same
    /// topics share reads: one that arrives while a read is under way waits for the next
    /// read, which starts after it arrived and so sees every change committed before then.
    /// Under load, one database read serves every request that queued behind the one before.
    async fn version(
        &self,
        state: &web::Data<AppState>,
        topics: &[String],
    ) -> Result<i64, ApiError> {
        let arrived = Instant::now();
        let key = topics.join("\n");
        let slot = self.last_reads.get_or_insert_with(&key, || {
            Ok::<_, std::convert::Infallible>(LastRead::default())
        });
        let slot = match slot {
            Ok(slot) => slot,
            Err(never) => match never {},
        };
        let mut last = slot.lock().await;
        if let Some((started, version)) = *last {
            if started > arrived {
                return Ok(version);
            }
        }
        let started = Instant::now();
        let read = topics.to_vec();
        let version = state
            .db(move |conn| Ok(publish::version(conn, &read)?))
            .await?;
        *last = Some((started, version));
        Ok(version)
    }

    /// Renders every page every time (to measure what the cache saves).
    pub fn disabled() -> Self {
        PageCache::new(0)
    }

    /// How many pages were rendered (not served from memory) so far.
    pub fn renders(&self) -> u64 {
        self.renders.load(Ordering::Relaxed)
    }
}

impl Default for PageCache {
    fn default() -> Self {
        PageCache::new(64 * 1024 * 1024)
    }
}

/// The query parameters public pages read. Others change nothing on a page, so they are left
/// out of its key: random query strings cannot fill the cache or bypass it.
pub const PAGE_PARAMS: &[&str] = &[
    "q",
    "indicator",
    "page",
    "per_page",
    "buyer",
    "procuring_entity",
    "method",
    "category",
    "status",
    "stage",
    "public_works",
    "value_min",
    "value_max",
    "date_from",
    "date_to",
];

/// Keeps only the known parameters of a query string, in one order.
pub fn known_params(query: &str) -> std::collections::BTreeMap<String, String> {
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(k, _)| PAGE_PARAMS.contains(&k.as_ref()))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn cache_key(path: &str, query: &str) -> String {
    let known = known_params(query);
    if known.is_empty() {
        path.to_owned()
    } else {
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&known).unwrap_or_default()
        )
    }
}

/// Serves a public page showing `topics` (the site as a whole is always one of them): from
/// memory while none of them changed since it was rendered, else by calling `render` with the
/// request's language (which returns the status and the HTML). Only successful pages are kept.
pub async fn serve<F, Fut>(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    mut topics: Vec<String>,
    render: F,
) -> Result<HttpResponse, ApiError>
where
    F: FnOnce(&'static str) -> Fut,
    Fut: Future<Output = Result<(StatusCode, String), ApiError>>,
{
    let lang = i18n::negotiate(req);
    let key = format!("{lang} {}", cache_key(req.path(), req.query_string()));
    // Read before rendering: a change that lands meanwhile leaves the page already stale.
    let Some(cache) = req.app_data::<web::Data<PageCache>>() else {
        // An app without a page cache renders every time.
        let (status, body) = render(lang).await?;
        if let Some(response) = personal(req, state, lang, status, body.as_bytes()).await? {
            return Ok(response);
        }
        return Ok(crate::site::public::html(req, status, lang, body));
    };
    topics.push(publish::topic::SITE.to_owned());
    topics.sort_unstable();
    topics.dedup();
    let version = cache.version(state, &topics).await?;
    let key = format!("{key} @{version}");
    // Kept too long: whoever sees it first drops it, and the next look renders it anew.
    cache.pages.remove_if(&key, |p| p.at.elapsed() >= MAX_AGE);
    let page = match cache.pages.get_value_or_guard_async(&key).await {
        Ok(page) => page,
        Err(guard) => {
            // This request renders; others asking for the same page meanwhile wait for it.
            let (status, body) = render(lang).await?;
            let n = cache.renders.fetch_add(1, Ordering::Relaxed);
            let page = Arc::new(Rendered {
                at: Instant::now(),
                status,
                body: Bytes::from(body),
                etag: format!("{version}-{n}"),
                gzip: OnceLock::new(),
            });
            if status.is_success() && cache.keep {
                let _ = guard.insert(page.clone());
            }
            page
        }
    };
    if let Some(response) = personal(req, state, lang, page.status, &page.body).await? {
        return Ok(response);
    }
    // Each representation has its own entity tag.
    let gzip = accepts_gzip(req).then(|| page.gzipped()).flatten();
    let etag = match gzip {
        Some(_) => format!("\"{}-gz\"", page.etag),
        None => format!("\"{}\"", page.etag),
    };
    let unchanged = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag.as_bytes() == etag.as_bytes());
    let mut response = match (unchanged, gzip) {
        (true, _) => crate::site::public::html(req, StatusCode::NOT_MODIFIED, lang, Bytes::new()),
        (false, Some(gzipped)) => {
            crate::site::public::html(req, page.status, lang, gzipped.clone())
        }
        (false, None) => crate::site::public::html(req, page.status, lang, page.body.clone()),
    };
    let headers = response.headers_mut();
    if gzip.is_some() && !unchanged {
        // Already encoded: the compression middleware leaves it as it is.
        headers.insert(
            header::CONTENT_ENCODING,
            header::HeaderValue::from_static("gzip"),
        );
    }
    headers.insert(
        header::VARY,
        header::HeaderValue::from_static("Accept-Language, Accept-Encoding, Cookie"),
    );
    if let Ok(etag) = header::HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-cache"),
    );
    Ok(response)
}

/// For a signed-in reader, the page with their own header part: composed per request, kept
/// by no cache. `None` for everyone else (they get the cached page as it is).
async fn personal(
    req: &HttpRequest,
    state: &web::Data<AppState>,
    lang: &str,
    status: StatusCode,
    body: &[u8],
) -> Result<Option<HttpResponse>, ApiError> {
    if req.cookie(crate::http::caller::SESSION_COOKIE).is_none() {
        return Ok(None);
    }
    let Some((_, person)) = crate::site::person::signed_in(req, state).await? else {
        return Ok(None);
    };
    let body = std::str::from_utf8(body).map_err(ApiError::internal)?;
    let Some(composed) = crate::site::person::compose(body, lang, &person)? else {
        return Ok(None);
    };
    let mut response = crate::site::public::html(req, status, lang, composed);
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(Some(response))
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_known_parameters_make_a_page_different() {
        assert_eq!(
            super::cache_key("/search", "utm=1&q=puente&x=%00"),
            super::cache_key("/search", "q=puente")
        );
        assert_eq!(super::cache_key("/", "cachebuster=123"), "/");
        assert_ne!(
            super::cache_key("/search", "q=a"),
            super::cache_key("/search", "q=b")
        );
    }
}
