//! `sources.opml`: every source's feeds, for feed readers and for `parallax import-opml` elsewhere.

use crate::render::escape_html;
use crate::site::Site;
use std::fmt::Write;

/// OPML 2.0 with one outline per feed, titled by its source, in registry order.
pub fn sources(site: &Site) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n<head><title>{} sources</title></head>\n<body>\n",
        escape_html(&site.config.title)
    );
    for source in site.sources.all() {
        for feed in source.feeds.iter().filter(|f| crate::fetch::is_remote(f)) {
            let _ = write!(
                out,
                "<outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"",
                escape_html(&source.name),
                escape_html(feed)
            );
            if let Some(home) = &source.homepage {
                let _ = write!(out, " htmlUrl=\"{}\"", escape_html(home));
            }
            out.push_str("/>\n");
        }
    }
    out.push_str("</body>\n</opml>\n");
    out
}
