//! Answers one request from the site in memory: the file at the path under the base path (a
//! folder's `index.html`), the site's `404.html` for anything else, with its content type. Paths are
//! looked up, never joined to the disk, so nothing outside the site can be reached and no folder
//! is ever listed.

use super::inject;
use super::live::Live;
use std::sync::Arc;

/// What to send back.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// A file of the site (or its 404 page), with its status and content type.
    File {
        status: u16,
        content_type: &'static str,
        bytes: Arc<[u8]>,
    },
    /// A folder asked for without its `/`, or the server's root when the site lives under a subpath.
    Redirect(String),
    /// The server-sent events that tell open pages to reload.
    Events,
    /// A method other than GET or HEAD.
    NotAllowed,
}

/// The reply to a request for `url` (path and query) of a site published under `base_path`.
pub fn route(url: &str, base_path: &str, live: &Live) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(rest) = path.strip_prefix(base_path) else {
        return match path {
            "/" => Reply::Redirect(base_path.to_string()),
            _ => not_found(live),
        };
    };
    if rest == inject::EVENTS {
        return Reply::Events;
    }
    let Some(rest) = clean(rest) else {
        return not_found(live);
    };
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else if !live.has(&rest) && live.has(&format!("{rest}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    } else {
        rest
    };
    match live.file(&key) {
        Some(bytes) => Reply::File {
            status: 200,
            content_type: content_type(&key),
            bytes,
        },
        None => not_found(live),
    }
}

/// The site's own 404 page, or a bare page when it has none (no build succeeded yet: the page
/// then carries the overlay and reloads when the site builds).
fn not_found(live: &Live) -> Reply {
    let bytes = live.file("404.html").unwrap_or_else(|| {
        Arc::from(&b"<!doctype html><title>Not found</title><body><p>Not found.</p></body>"[..])
    });
    Reply::File {
        status: 404,
        content_type: "text/html; charset=utf-8",
        bytes,
    }
}

/// The percent-decoded path, or `None` when it is not a plain path inside the site (`..`, `.`,
/// empty segments, backslashes, NUL, invalid UTF-8).
fn clean(rest: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8()
        .ok()?;
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    let plain = segments.iter().enumerate().all(|(i, s)| {
        let empty_ok = i == last;
        (!s.is_empty() || empty_ok) && *s != "." && *s != ".." && !s.contains(['\\', '\0'])
    });
    plain.then(|| decoded.into_owned())
}

/// The content type of a file by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "opml" => "text/x-opml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "pdf" => "application/pdf",
        "webmanifest" => "application/manifest+json",
        // `CNAME`, `.nojekyll`.
        "" | "nojekyll" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> Live {
        let live = Live::default();
        let files = [
            "index.html",
            "stories/a/index.html",
            "404.html",
            "assets/s.css",
        ];
        live.update(
            files
                .iter()
                .map(|f| (f.to_string(), f.as_bytes().to_vec()))
                .collect(),
            true,
        );
        live
    }

    fn file(reply: Reply) -> (u16, String) {
        match reply {
            Reply::File { status, bytes, .. } => {
                (status, String::from_utf8(bytes.to_vec()).unwrap())
            }
            other => panic!("not a file: {other:?}"),
        }
    }

    #[test]
    fn pages_are_found_under_the_base_path() {
        let live = site();
        assert_eq!(file(route("/r/", "/r/", &live)), (200, "index.html".into()));
        assert_eq!(
            file(route("/r/stories/a/?x=1", "/r/", &live)),
            (200, "stories/a/index.html".into())
        );
        assert_eq!(
            route("/r/stories/a", "/r/", &live),
            Reply::Redirect("/r/stories/a/".into())
        );
        assert_eq!(route("/", "/r/", &live), Reply::Redirect("/r/".into()));
        assert_eq!(route("/r/__parallax/events", "/r/", &live), Reply::Events);
        assert_eq!(content_type("assets/s.css"), "text/css; charset=utf-8");
    }

    #[test]
    fn unknown_and_escaping_paths_get_the_404_page() {
        let live = site();
        for url in [
            "/r/nope/",
            "/other/index.html",
            "/r/../r/index.html",
            "/r/stories/%2e%2e/index.html",
            "/r/stories//a/index.html",
            "/r/%00",
            "/r/stories/",
        ] {
            assert_eq!(
                file(route(url, "/r/", &live)),
                (404, "404.html".into()),
                "{url}"
            );
        }
    }
}
