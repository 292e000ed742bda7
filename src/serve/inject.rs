//! What `serve` adds to the HTML it serves, never to `output/`: a script that reloads the page
//! when the site changes (server-sent events), and the overlay that shows a broken build's error.

use crate::error::Error;
use crate::render::escape_html;

/// The path of the server-sent events, under the site's base path.
pub const EVENTS: &str = "__parallax/events";

/// The path of the reload script, under the site's base path: a file, since the pages' Content
/// Security Policy allows no inline script.
pub const RELOAD: &str = "__parallax/reload.js";

/// The reload script: the server sends its version on connecting and after every rebuild; a
/// version other than the page's (its tag's `data-version`) reloads it.
pub const RELOAD_JS: &str = "(function(){var t=document.currentScript;\
var s=new EventSource(t.dataset.events);\
s.onmessage=function(e){if(e.data!==t.dataset.version){s.close();location.reload();}};})();\n";

/// `html` with the reload script (and `overlay`, when the last build failed) before `</body>`,
/// or at the end when it has none.
pub fn into_page(html: &[u8], base_path: &str, version: u64, overlay: Option<&str>) -> Vec<u8> {
    let mut added = script(base_path, version);
    if let Some(overlay) = overlay {
        added.push_str(overlay);
    }
    let at = body_end(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + added.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the last `</body>` starts, in any case.
fn body_end(html: &[u8]) -> Option<usize> {
    let tag = b"</body";
    (0..html.len().saturating_sub(tag.len() - 1))
        .rev()
        .find(|&i| html[i..i + tag.len()].eq_ignore_ascii_case(tag))
}

/// The tag of the reload script, with the URL of the events and the version the page shows.
fn script(base_path: &str, version: u64) -> String {
    format!(
        "<script data-parallax-reload src=\"{}\" data-events=\"{}\" data-version=\"{version}\"></script>",
        escape_html(&format!("{base_path}{RELOAD}")),
        escape_html(&format!("{base_path}{EVENTS}")),
    )
}

/// The overlay of a failed build: each problem with its file, line, field, message and fix.
pub fn overlay(error: &Error) -> String {
    let items: Vec<String> = match error {
        Error::Input(diagnostics) => diagnostics
            .iter()
            .map(|d| {
                let field = d
                    .field
                    .as_ref()
                    .map(|f| format!(" field <code>{}</code>:", escape_html(f)))
                    .unwrap_or_default();
                let help = d
                    .help
                    .as_ref()
                    .map(|h| format!("<br><em>help: {}</em>", escape_html(h)))
                    .unwrap_or_default();
                format!(
                    "<li><strong>{}</strong>{field} {}{help}</li>",
                    escape_html(&d.location.to_string()),
                    escape_html(&d.message)
                )
            })
            .collect(),
        other => vec![format!("<li>{}</li>", escape_html(&other.to_string()))],
    };
    format!(
        "<div id=\"parallax-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;\
         overflow:auto;background:rgba(20,20,20,.94);color:#fff;font:15px/1.5 system-ui,sans-serif;padding:2em\">\
         <h2 style=\"color:#ff8a80;margin-top:0\">parallax: the last change does not build</h2>\
         <p>This is the last good version of the page. Fix the file and save: the page reloads.</p>\
         <ul style=\"white-space:pre-wrap\">{}</ul></div>",
        items.concat()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Diagnostic, Location};

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let page = into_page(b"<html><BODY>x</BODY></html>", "/r/", 7, None);
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(
            "<html><BODY>x<script data-parallax-reload src=\"/r/__parallax/reload.js\""
        ));
        assert!(page.ends_with("</script></BODY></html>"));
        assert!(page.contains("data-events=\"/r/__parallax/events\" data-version=\"7\""));
        let bare = String::from_utf8(into_page(b"text", "/", 1, Some("<div>o</div>"))).unwrap();
        assert!(bare.starts_with("text<script") && bare.ends_with("<div>o</div>"));
    }

    #[test]
    fn the_overlay_names_the_place_and_escapes_the_text() {
        let error = Error::input(
            Diagnostic::new(
                Location::at("content/stories/a.md", 3, 1),
                "bad <b>yaml</b>",
            )
            .field("title")
            .help("quote it & retry"),
        );
        let html = overlay(&error);
        assert!(html.contains("content/stories/a.md:3:1"));
        assert!(html.contains("<code>title</code>"));
        assert!(html.contains("bad &lt;b&gt;yaml&lt;/b&gt;"));
        assert!(html.contains("help: quote it &amp; retry"));
        assert!(!html.contains("<b>yaml"));
    }
}
