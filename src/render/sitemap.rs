//! `sitemap.xml` (every page's absolute URL) and `robots.txt` (pointing at it).

use crate::render::escape_html;
use crate::render::urls::Urls;
use crate::site::{PageKind, Site};
use std::fmt::Write;

/// The sitemap: every page but the 404 and redirects, in page order; stories carry their last update.
pub fn sitemap(site: &Site, urls: &Urls) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in &site.pages {
        let lastmod = match page.kind {
            PageKind::NotFound | PageKind::Redirect(_) => continue,
            PageKind::Story(i) => Some(site.stories[i].last_updated()),
            PageKind::Edition(i) => Some(site.editions[i].edition.date),
            _ => None,
        };
        let _ = write!(
            out,
            "  <url><loc>{}</loc>",
            escape_html(&urls.absolute(&page.path))
        );
        if let Some(date) = lastmod {
            let _ = write!(
                out,
                "<lastmod>{}</lastmod>",
                date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// robots.txt allowing everything and naming the sitemap.
pub fn robots(urls: &Urls) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        urls.absolute("sitemap.xml")
    )
}
