//! The prebuilt search index: every story, topic and source in compact arrays, written as a
//! script (`search/index.js`) so the search page works offline, from `file://` too, and under a
//! subpath, with no request to anyone else.

use crate::normalise::truncate;
use crate::render::urls::Urls;
use crate::site::{Site, permalink};
use serde_json::json;

/// Characters of a story's summary kept in the index.
const SUMMARY_CHARS: usize = 140;

/// The index script: `window.parallaxSearch = {stories, topics, sources};` where
/// a story is `[title, url, summary, "topic topic", "Jan 30, 2026", sources]`,
/// a topic `[name, url, stories]` and a source `[name, url, "Lean Left" or ""]`.
pub fn index(site: &Site, urls: &Urls) -> String {
    let stories: Vec<_> = site
        .stories
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let topics: Vec<&str> = s.topics.iter().map(|t| t.name.as_str()).collect();
            let date = s
                .date
                .with_timezone(&site.config.timezone)
                .format("%b %-d, %Y")
                .to_string();
            json!([
                s.title,
                urls.href(&permalink::story(&s.slug)),
                truncate(&s.summary, SUMMARY_CHARS),
                topics.join(" "),
                date,
                site.coverage[i].total()
            ])
        })
        .collect();
    let topics: Vec<_> = site
        .topics
        .iter()
        .map(|t| {
            json!([
                t.topic.name,
                urls.href(&permalink::topic(&t.topic.slug)),
                t.stories.len()
            ])
        })
        .collect();
    let sources: Vec<_> = site
        .sources
        .all()
        .iter()
        .map(|s| {
            json!([
                s.name,
                urls.href(&permalink::source(&s.id)),
                s.bias.map_or("", |b| b.display())
            ])
        })
        .collect();
    let data = json!({"stories": stories, "topics": topics, "sources": sources});
    // `</` cannot end a script here: the index is a .js file, but keep it safe to inline anyway.
    format!(
        "window.parallaxSearch={};\n",
        data.to_string().replace("</", "<\\/")
    )
}
