//! Requests to a publisher, as a good citizen of its API: a User-Agent that names Veedor and the
//! deployment, a pause between requests, and retries with backoff on timeouts, 429 (waiting as
//! long as `Retry-After` asks) and 5xx. Bodies are streamed, never held whole.

use std::io::Read;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

/// A response body to read, or the publisher's word that nothing changed.
pub enum Fetched {
    Body {
        reader: Box<dyn Read + Send>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    NotModified,
}

/// Validators of the copy read last time (bulk files).
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

pub struct Fetcher {
    agent: ureq::Agent,
    pause: Duration,
    retries: u32,
    /// First wait between attempts, doubled each time.
    backoff: Duration,
    /// Longest wait honoured (a `Retry-After` asking for more ends the run: the next one
    /// tries again).
    max_wait: Duration,
    last_request: Option<Instant>,
    pub requests: u64,
}

/// The User-Agent every request carries.
pub fn user_agent(base_url: &str) -> String {
    format!(
        "Veedor/{} (+{base_url}; citizen monitoring of public procurement)",
        env!("CARGO_PKG_VERSION")
    )
}

impl Fetcher {
    pub fn new(
        user_agent: &str,
        timeout: Duration,
        pause: Duration,
        retries: u32,
        backoff: Duration,
    ) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .user_agent(user_agent)
            .http_status_as_error(false)
            .timeout_connect(Some(timeout))
            .timeout_recv_response(Some(timeout))
            .timeout_per_read(Some(timeout))
            .build()
            .into();
        Fetcher {
            agent,
            pause,
            retries,
            backoff,
            max_wait: Duration::from_secs(600),
            last_request: None,
            requests: 0,
        }
    }

    /// The wait before attempt `attempt + 1`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        self.backoff
            .saturating_mul(1 << attempt.min(10))
            .min(self.max_wait)
    }

    fn wait_turn(&mut self) {
        if let Some(last) = self.last_request {
            let since = last.elapsed();
            if since < self.pause {
                std::thread::sleep(self.pause - since);
            }
        }
        self.last_request = Some(Instant::now());
        self.requests += 1;
    }

    /// GETs `url`, retrying what is worth retrying; the error says what happened last.
    pub fn get(&mut self, url: &str, validators: &Validators) -> Result<Fetched, String> {
        let mut attempt = 0;
        loop {
            self.wait_turn();
            let mut request = self.agent.get(url);
            if let Some(etag) = &validators.etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(modified) = &validators.last_modified {
                request = request.header("If-Modified-Since", modified);
            }
            let (reason, asked_wait) = match request.call() {
                Ok(response) => {
                    let status = response.status().as_u16();
                    let header = |name: &str| {
                        response
                            .headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_owned)
                    };
                    match status {
                        200..=299 => {
                            let etag = header("etag");
                            let last_modified = header("last-modified");
                            return Ok(Fetched::Body {
                                reader: Box::new(response.into_body().into_reader()),
                                etag,
                                last_modified,
                            });
                        }
                        304 => return Ok(Fetched::NotModified),
                        429 | 500..=599 => (
                            format!("HTTP {status}"),
                            header("retry-after").and_then(|v| retry_after(&v, Utc::now())),
                        ),
                        _ => return Err(format!("HTTP {status} (not retried)")),
                    }
                }
                Err(e) => (e.to_string(), None),
            };
            if attempt >= self.retries {
                return Err(format!("{reason}, after {} attempts", attempt + 1));
            }
            let wait = match asked_wait {
                Some(wait) if wait > self.max_wait => {
                    return Err(format!(
                        "{reason}: the publisher asks to wait {} s; the next run tries again",
                        wait.as_secs()
                    ))
                }
                Some(wait) => wait,
                None => self.backoff(attempt),
            };
            tracing::info!(%url, %reason, wait_ms = wait.as_millis() as u64, "retrying");
            std::thread::sleep(wait);
            attempt += 1;
        }
    }
}

/// `Retry-After`: seconds, or an HTTP date.
pub fn retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    let wait = at.with_timezone(&Utc) - now;
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = DateTime::parse_from_rfc3339("2015-10-21T07:27:00Z")
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default();
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:20:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after("soon", now), None);
    }
}
