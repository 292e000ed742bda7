//! The HTTP client of `parallax fetch`: one GET of one feed URL, with everything a polite and
//! careful feed reader needs, and nothing about feeds or the archive.
//!
//! Why a module of its own: outlets' servers are the one input parallax does not control. A server
//! may be slow, lie about sizes, send a gzip bomb, close the connection half way, rate-limit us or
//! answer 5xx for an hour. Every such behaviour becomes an [`Outcome`] with a one-line reason a user
//! understands ("HTTP 404 Not Found", "timed out after 20 s"), never a panic and never a partial
//! body passed on as if it were whole. Conditional GET (ETag / Last-Modified) lets a scheduled run
//! cost the outlets a 304 when nothing changed.
//!
//! Built on ureq (blocking, rustls); one [`Client`] is shared by every fetch thread.

use serde::{Deserialize, Serialize};
use std::io::Read;
use std::time::{Duration, SystemTime};
use ureq::http::{HeaderValue, StatusCode};

/// The `Accept` header: feed types first, any XML next, anything last (some servers mislabel feeds).
const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";

/// How the client behaves; the defaults suit a daily run over a few hundred feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpOptions {
    /// The whole request, redirects and body included.
    pub timeout: Duration,
    /// Opening the connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// The largest body accepted, counted after gzip decoding.
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Extra attempts after a 5xx, a time-out, a connection error or a short 429/503 wait.
    pub retries: u32,
    /// The wait before the first retry; doubled for each further one.
    pub backoff: Duration,
    /// A `Retry-After` longer than this is not waited for: the fetch fails at once.
    pub max_retry_after: Duration,
    /// Sent as `User-Agent`, so outlets can see who reads their feeds and how to reach us.
    pub user_agent: String,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_secs(1),
            max_retry_after: Duration::from_secs(60),
            user_agent: format!(
                "parallax/{} (static news archive; +https://github.com/parallax-news/parallax)",
                env!("CARGO_PKG_VERSION")
            ),
        }
    }
}

/// A server's version stamps of a document, kept between runs for conditional GET.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// How one GET ended. `attempts` counts the requests sent, retries included (redirects are not
/// counted apart: one attempt may follow several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx with its whole body (gzip decoded).
    Fetched {
        status: u16,
        body: Vec<u8>,
        content_type: Option<String>,
        /// The URL after redirects.
        final_url: String,
        /// The response's own validators (empty when it sent none).
        validators: Validators,
        attempts: u32,
    },
    /// 304: unchanged since the validators were issued; there is nothing to parse.
    NotModified { attempts: u32 },
    /// 410: the feed is gone for good.
    Gone,
    /// Anything else. `reason` is one line; `retry_after` is set when the server asked us to wait.
    Failed {
        reason: String,
        attempts: u32,
        retry_after: Option<Duration>,
    },
}

/// A shareable HTTP client: `get` takes `&self` and may run on many threads at once.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    options: HttpOptions,
}

/// How one attempt ended, before retries are decided.
enum Attempt {
    Done(Outcome),
    /// Worth another try, after `wait` when the server named one.
    Retry {
        reason: String,
        wait: Option<Duration>,
    },
    Fail {
        reason: String,
        retry_after: Option<Duration>,
    },
}

/// Why an attempt failed before a status could be judged, and whether another may go better.
struct Failure {
    reason: String,
    retry: bool,
}

impl From<Failure> for Attempt {
    fn from(Failure { reason, retry }: Failure) -> Attempt {
        match retry {
            true => Attempt::Retry { reason, wait: None },
            false => Attempt::Fail {
                reason,
                retry_after: None,
            },
        }
    }
}

impl Client {
    pub fn new(options: HttpOptions) -> Client {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(options.max_redirects)
            .max_redirects_will_error(true)
            .timeout_global(Some(options.timeout))
            .timeout_connect(Some(options.connect_timeout))
            .user_agent(options.user_agent.as_str())
            .accept(ACCEPT)
            .accept_encoding("gzip")
            .build()
            .new_agent();
        Client { agent, options }
    }

    /// GETs `url`, conditionally when `validators` hold anything, retrying what is worth retrying.
    pub fn get(&self, url: &str, validators: &Validators) -> Outcome {
        let url = match request_url(url) {
            Ok(url) => url,
            Err(reason) => {
                return Outcome::Failed {
                    reason: counted(reason, 0),
                    attempts: 0,
                    retry_after: None,
                };
            }
        };
        let mut attempts = 0;
        loop {
            attempts += 1;
            let (reason, wait) = match self.attempt(&url, validators) {
                Attempt::Done(outcome) => return with_attempts(outcome, attempts),
                Attempt::Fail {
                    reason,
                    retry_after,
                } => {
                    return Outcome::Failed {
                        reason: counted(reason, attempts),
                        attempts,
                        retry_after,
                    };
                }
                Attempt::Retry { reason, wait } => (reason, wait),
            };
            if attempts > self.options.retries {
                return Outcome::Failed {
                    reason: counted(reason, attempts),
                    attempts,
                    retry_after: wait,
                };
            }
            let doubling = 2u32.saturating_pow(attempts - 1);
            std::thread::sleep(wait.unwrap_or(self.options.backoff.saturating_mul(doubling)));
        }
    }

    fn attempt(&self, url: &str, validators: &Validators) -> Attempt {
        let mut request = self.agent.get(url);
        let valid = |v: &Option<String>| v.clone().filter(|v| HeaderValue::from_str(v).is_ok());
        if let Some(etag) = valid(&validators.etag) {
            request = request.header("If-None-Match", etag);
        }
        if let Some(date) = valid(&validators.last_modified) {
            request = request.header("If-Modified-Since", date);
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(error) => return self.failure(error, None).into(),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
        };
        match status {
            200..=299 => {
                let content_type = header("content-type");
                let validators = Validators {
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                };
                let final_url = ureq::ResponseExt::get_uri(&response).to_string();
                match self.read_body(response) {
                    Ok(body) => Attempt::Done(Outcome::Fetched {
                        status,
                        body,
                        content_type,
                        final_url,
                        validators,
                        attempts: 0,
                    }),
                    Err(failure) => failure.into(),
                }
            }
            304 => Attempt::Done(Outcome::NotModified { attempts: 0 }),
            410 => Attempt::Done(Outcome::Gone),
            300..=399 if self.options.max_redirects == 0 => Attempt::Fail {
                reason: "too many redirects (more than 0)".into(),
                retry_after: None,
            },
            429 | 503 => {
                let asked = header("retry-after").and_then(|v| retry_after(&v, SystemTime::now()));
                let what = match status {
                    429 => "rate limited (HTTP 429)".to_string(),
                    _ => status_line(status),
                };
                match asked {
                    Some(wait) if wait > self.options.max_retry_after => Attempt::Fail {
                        reason: format!(
                            "{what}; server asks to retry after {} s",
                            whole_seconds(wait)
                        ),
                        retry_after: Some(wait),
                    },
                    wait => Attempt::Retry { reason: what, wait },
                }
            }
            500..=599 => Attempt::Retry {
                reason: status_line(status),
                wait: None,
            },
            _ => Attempt::Fail {
                reason: status_line(status),
                retry_after: None,
            },
        }
    }

    /// Reads the (decoded) body, never holding more than `max_bytes + 1` bytes of it.
    fn read_body(&self, response: ureq::http::Response<ureq::Body>) -> Result<Vec<u8>, Failure> {
        let max = self.options.max_bytes;
        let too_large = || Failure {
            reason: format!("response larger than {}", bytes(max)),
            retry: false,
        };
        // The length of what we will read: none when ureq decodes gzip (it drops the header).
        let declared = response.body().content_length();
        if declared.is_some_and(|n| n > max) {
            return Err(too_large());
        }
        // A declared length is a hint, not a promise: reserve no more than 1 MiB up front.
        let capacity = declared.unwrap_or(0).min(max).min(1024 * 1024) as usize;
        let mut body = Vec::with_capacity(capacity);
        let mut reader = response
            .into_body()
            .into_reader()
            .take(max.saturating_add(1));
        match reader.read_to_end(&mut body) {
            Ok(_) if body.len() as u64 > max => Err(too_large()),
            Ok(_) => Ok(body),
            Err(error) => {
                let early = match declared {
                    Some(expected) => format!(
                        "body ended early (expected {expected} bytes, got {})",
                        body.len()
                    ),
                    None => "body ended early (the server closed the connection)".to_string(),
                };
                Err(self.failure(ureq::Error::from(error), Some(early)))
            }
        }
    }

    /// Turns a ureq error into a one-line reason, retried when a later try may go better.
    /// `early` is the reason to give if the connection closed while the body was being read.
    fn failure(&self, error: ureq::Error, early: Option<String>) -> Failure {
        use std::io::ErrorKind;
        use ureq::{Error, Timeout};
        let closed = |early: Option<String>| {
            early.unwrap_or_else(|| {
                "the server closed the connection before a complete response".to_string()
            })
        };
        let (reason, retry) = match error {
            Error::Timeout(Timeout::Connect) => (
                format!(
                    "could not connect within {}",
                    duration(self.options.connect_timeout)
                ),
                true,
            ),
            Error::Timeout(_) => (
                format!("timed out after {}", duration(self.options.timeout)),
                true,
            ),
            Error::TooManyRedirects => (
                format!(
                    "too many redirects (more than {})",
                    self.options.max_redirects
                ),
                false,
            ),
            Error::HostNotFound => ("host not found".to_string(), true),
            Error::ConnectionFailed => ("connection failed".to_string(), true),
            Error::Io(e) => match e.kind() {
                ErrorKind::ConnectionRefused => ("connection refused".to_string(), true),
                ErrorKind::TimedOut | ErrorKind::WouldBlock => (
                    format!("timed out after {}", duration(self.options.timeout)),
                    true,
                ),
                ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::BrokenPipe => (closed(early), true),
                _ => (format!("network error: {e}"), true),
            },
            Error::Decompress(name, e) if e.kind() == ErrorKind::UnexpectedEof => (
                format!("body ended early (the {name} stream is incomplete)"),
                true,
            ),
            Error::Decompress(name, e) => (format!("could not decode the {name} body: {e}"), false),
            Error::BadUri(uri) => (format!("invalid URL: {uri}"), false),
            Error::Protocol(e) => (format!("invalid HTTP response: {e}"), false),
            Error::LargeResponseHeader(..) => ("response headers too large".to_string(), false),
            Error::ConnectProxyFailed(why) => (format!("proxy failed: {why}"), true),
            Error::Tls(why) => (format!("TLS error: {why}"), false),
            Error::Rustls(e) => (format!("TLS error: {e}"), false),
            other => (other.to_string(), false),
        };
        Failure { reason, retry }
    }
}

/// Checks the URL is http(s) and sends it as a valid URI (spaces and non-ASCII percent-encoded,
/// fragment dropped: it is never sent to a server).
fn request_url(url: &str) -> Result<String, String> {
    let mut parsed =
        url::Url::parse(url.trim()).map_err(|e| format!("invalid URL `{url}`: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "invalid URL `{url}`: only http and https are fetched"
        ));
    }
    parsed.set_fragment(None);
    Ok(parsed.into())
}

fn with_attempts(outcome: Outcome, n: u32) -> Outcome {
    match outcome {
        Outcome::Fetched {
            status,
            body,
            content_type,
            final_url,
            validators,
            ..
        } => Outcome::Fetched {
            status,
            body,
            content_type,
            final_url,
            validators,
            attempts: n,
        },
        Outcome::NotModified { .. } => Outcome::NotModified { attempts: n },
        Outcome::Failed {
            reason,
            retry_after,
            ..
        } => Outcome::Failed {
            reason,
            attempts: n,
            retry_after,
        },
        Outcome::Gone => Outcome::Gone,
    }
}

/// "HTTP 404 Not Found".
fn status_line(status: u16) -> String {
    match StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("HTTP {status} {reason}"),
        None => format!("HTTP {status}"),
    }
}

/// Appends how many tries a failure took, when more than one; keeps the reason on one line.
fn counted(reason: String, attempts: u32) -> String {
    let reason = reason.replace(['\r', '\n'], " ");
    match attempts {
        0 | 1 => reason,
        n => format!("{reason} ({n} attempts)"),
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP-date (a past date means "now").
fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let now = chrono::DateTime::<chrono::Utc>::from(now);
    Some((date.to_utc() - now).to_std().unwrap_or(Duration::ZERO))
}

/// Seconds, rounded up: a server that asks for 0.5 s is told "1 s".
fn whole_seconds(d: Duration) -> u64 {
    d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0))
}

/// "8 MiB", "512 KiB", "1000 bytes".
fn bytes(n: u64) -> String {
    const KIB: u64 = 1024;
    match n {
        0 => "0 bytes".to_string(),
        n if n % (KIB * KIB) == 0 => format!("{} MiB", n / (KIB * KIB)),
        n if n % KIB == 0 => format!("{} KiB", n / KIB),
        n => format!("{n} bytes"),
    }
}

/// "20 s", "300 ms".
fn duration(d: Duration) -> String {
    if d.subsec_nanos() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // 2015-10-21 07:28:00 UTC
        assert_eq!(retry_after(" 120 ", now), Some(Duration::from_secs(120)));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 08:28:00 GMT", now),
            Some(Duration::from_secs(3600))
        );
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 06:00:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past means now"
        );
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(retry_after("-5", now), None);
        assert_eq!(
            retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn sizes_and_durations_read_as_a_person_writes_them() {
        assert_eq!(bytes(8 * 1024 * 1024), "8 MiB");
        assert_eq!(bytes(64 * 1024), "64 KiB");
        assert_eq!(bytes(1000), "1000 bytes");
        assert_eq!(duration(Duration::from_secs(20)), "20 s");
        assert_eq!(duration(Duration::from_millis(300)), "300 ms");
        assert_eq!(status_line(404), "HTTP 404 Not Found");
        assert_eq!(status_line(599), "HTTP 599");
    }

    #[test]
    fn only_http_urls_are_fetched_and_they_are_sent_encoded() {
        assert_eq!(
            request_url("https://example.org/a feed?x=é#top").unwrap(),
            "https://example.org/a%20feed?x=%C3%A9"
        );
        assert!(
            request_url("ftp://example.org/feed")
                .unwrap_err()
                .contains("only http")
        );
        assert!(
            request_url("not a url")
                .unwrap_err()
                .starts_with("invalid URL")
        );
    }

    #[test]
    fn a_failure_names_its_attempts_only_when_there_were_several() {
        assert_eq!(
            counted("connection refused".into(), 1),
            "connection refused"
        );
        assert_eq!(
            counted("HTTP 500 Internal Server Error".into(), 3),
            "HTTP 500 Internal Server Error (3 attempts)"
        );
    }
}
