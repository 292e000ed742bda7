//! Answers one request from the site in memory: the file at the path under the base path (a
//! folder's `index.html`), the site's `404.html` for anything else, with its content type. Paths are
//! looked up, never joined to the disk, so nothing outside the site can be reached and no folder
//! is ever listed.

use super::inject;

/// What to send back.
#[derive(Debug, PartialEq)]
pub enum Reply {
    /// The file of the site at this output path.
    File(String),
    /// Nothing there: the site's 404 page.
    NotFound,
    /// A folder asked for without its `/`, or the server's root when the site lives under a subpath.
    Redirect(String),
    /// The server-sent events that tell open pages to reload.
    Events,
    /// The script that listens to them.
    Reload,
}

/// The reply to a request for `url` (path and query) of a site published under `base_path`,
/// whose files `has` knows by output path.
pub fn route(url: &str, base_path: &str, has: impl Fn(&str) -> bool) -> Reply {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let Some(rest) = path.strip_prefix(base_path) else {
        return match path {
            "/" => Reply::Redirect(base_path.to_string()),
            _ => Reply::NotFound,
        };
    };
    if rest == inject::EVENTS {
        return Reply::Events;
    }
    if rest == inject::RELOAD {
        return Reply::Reload;
    }
    let Some(rest) = clean(rest) else {
        return Reply::NotFound;
    };
    let key = if rest.is_empty() || rest.ends_with('/') {
        format!("{rest}index.html")
    } else if !has(&rest) && has(&format!("{rest}/index.html")) {
        return Reply::Redirect(format!("{path}/"));
    } else {
        rest
    };
    match has(&key) {
        true => Reply::File(key),
        false => Reply::NotFound,
    }
}

/// A bare page for when the site has no 404 page, or no build succeeded yet (it then carries
/// the overlay and reloads when the site builds).
pub const BARE_404: &[u8] =
    b"<!doctype html><title>Not found</title><body><p>Not found.</p></body>";

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

    fn has(path: &str) -> bool {
        [
            "index.html",
            "stories/a/index.html",
            "404.html",
            "assets/s.css",
        ]
        .contains(&path)
    }

    #[test]
    fn pages_are_found_under_the_base_path() {
        assert_eq!(route("/r/", "/r/", has), Reply::File("index.html".into()));
        assert_eq!(
            route("/r/stories/a/?x=1", "/r/", has),
            Reply::File("stories/a/index.html".into())
        );
        assert_eq!(
            route("/r/stories/a", "/r/", has),
            Reply::Redirect("/r/stories/a/".into())
        );
        assert_eq!(route("/", "/r/", has), Reply::Redirect("/r/".into()));
        assert_eq!(route("/r/__parallax/events", "/r/", has), Reply::Events);
        assert_eq!(route("/r/__parallax/reload.js", "/r/", has), Reply::Reload);
        assert_eq!(content_type("assets/s.css"), "text/css; charset=utf-8");
    }

    #[test]
    fn unknown_and_escaping_paths_are_not_found() {
        for url in [
            "/r/nope/",
            "/other/index.html",
            "/r/../r/index.html",
            "/r/stories/%2e%2e/index.html",
            "/r/stories//a/index.html",
            "/r/%00",
            "/r/stories/",
        ] {
            assert_eq!(route(url, "/r/", has), Reply::NotFound, "{url}");
        }
    }
}
