//! The editions' feed: the newest `feeds.items` editions, each with its intro and the stories it
//! features (with who covered them), in `editions/` beside the archive page.

use super::{Channel, Entry, FeedLinks, SiteMeta, Written, channel_files};
use crate::render::escape_html;
use crate::render::urls::Urls;
use crate::site::{Site, permalink};

/// The editions' feed files (none when the site has no editions), by site path.
pub fn files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    if site.editions.is_empty() {
        return Vec::new();
    }
    let meta = SiteMeta {
        title: &site.config.title,
        language: &site.config.language,
        urls,
    };
    channel_files(&channel(site, urls), meta)
}

/// The feed the editions archive links to.
pub fn links(site: &Site, urls: &Urls) -> FeedLinks {
    FeedLinks::new("Editions".into(), title(site), &permalink::editions(), urls)
}

fn title(site: &Site) -> String {
    format!("Editions · {}", site.config.title)
}

fn channel(site: &Site, urls: &Urls) -> Channel {
    // Newest first, like the archive.
    let entries: Vec<Entry> = site
        .editions
        .iter()
        .take(site.config.feeds.items)
        .enumerate()
        .map(|(i, entry)| {
            let edition = &entry.edition;
            let url = urls.absolute(&entry.path);
            Entry {
                id: url.clone(),
                title: edition.title.clone(),
                published: edition.date,
                updated: edition.date,
                summary: edition.summary.clone(),
                content_html: content(entry, site, urls),
                categories: Vec::new(),
                image: site.edition_card(i).map(|path| urls.absolute(&path)),
                url,
            }
        })
        .collect();
    Channel {
        title: title(site),
        description: format!("Every edition of {}.", site.config.title),
        page: permalink::editions(),
        dir: permalink::editions(),
        updated: entries.first().map(|e| e.updated).unwrap_or_default(),
        entries: entries.iter().map(Written::new).collect(),
    }
}

/// The edition's intro (sanitised when it was read), then each story it features with its bias
/// sentence and number of sources. Every other piece of text is escaped here.
fn content(entry: &crate::site::editions::EditionEntry, site: &Site, urls: &Urls) -> String {
    let mut html = entry.edition.body_html.clone();
    if entry.stories.is_empty() {
        return html;
    }
    html.push_str("<ul>");
    for &i in &entry.stories {
        let story = &site.stories[i];
        let coverage = &site.coverage[i];
        let total = coverage.total();
        html.push_str(&format!(
            "<li><a href=\"{}\">{}</a>: {} · {total} source{}</li>",
            escape_html(&urls.absolute(&permalink::story(&story.slug))),
            escape_html(&story.title),
            escape_html(&coverage.lean.sentence()),
            if total == 1 { "" } else { "s" }
        ));
    }
    html.push_str("</ul>");
    html
}
