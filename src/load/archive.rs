//! What a build reads of the feeds: the archive `parallax fetch` keeps, the feed state, and local
//! feed files listed in the registry (parsed on every build, so a site can publish from files
//! without fetching). Problems here are warnings: one bad feed never fails a build.

use crate::archive::state::{self, States};
use crate::archive::{Archive, Archived, store};
use crate::config::Config;
use crate::error::Result;
use crate::fetch::{ARCHIVE_DIR, attribute, feed_list, is_remote, keep_newest, parse_document};
use crate::model::Sources;

/// The feeds' side of a build.
#[derive(Debug, Default)]
pub struct FeedInput {
    pub archived: Archived,
    pub states: States,
    /// One line per problem, for the build summary.
    pub warnings: Vec<String>,
    /// The local feed files that parsed, by feed: their format ("RSS 2.0") and how the parse went
    /// ("clean", or the repairs), for the feed-status page.
    pub local: std::collections::BTreeMap<String, (String, String)>,
}

/// Reads the archive, the feed state and the local feed files of the site.
pub fn load(config: &Config, sources: &Sources) -> Result<FeedInput> {
    let dir = config.paths.root.join(ARCHIVE_DIR);
    let (mut archive, bad) = store::load(&dir)?;
    let mut warnings: Vec<String> = bad
        .iter()
        .map(|b| {
            format!(
                "{}:{}: archive line skipped: {}",
                b.file.display(),
                b.line,
                b.message
            )
        })
        .collect();
    let states = match std::fs::read_to_string(dir.join(state::FILE)) {
        Ok(text) => state::parse(&text).unwrap_or_else(|e| {
            warnings.push(format!(
                "{}: feed state not read: {e}",
                dir.join(state::FILE).display()
            ));
            States::new()
        }),
        Err(_) => States::new(),
    };
    let local = merge_local_feeds(&mut archive, config, sources, &mut warnings);
    Ok(FeedInput {
        archived: Archived::new(archive.into_records()),
        states,
        warnings,
        local,
    })
}

/// Local feed files join the archive in memory. Their items without a date are left out: a build
/// has no "first seen" time that would be the same on every machine.
fn merge_local_feeds(
    archive: &mut Archive,
    config: &Config,
    sources: &Sources,
    warnings: &mut Vec<String>,
) -> std::collections::BTreeMap<String, (String, String)> {
    let mut formats = std::collections::BTreeMap::new();
    for (source, feed) in feed_list(sources) {
        if is_remote(&feed) {
            continue;
        }
        let bytes =
            match super::read_feed_file(&config.paths.root, &feed, config.limits.feed_bytes()) {
                Ok(bytes) => bytes,
                Err(reason) => {
                    warnings.push(format!("feed `{feed}` of `{source}`: {reason}"));
                    continue;
                }
            };
        // Relative links in a local file resolve against its source's homepage.
        let homepage = sources.get(&source).and_then(|s| s.homepage.as_deref());
        match parse_document(&bytes, None, homepage) {
            Ok((mut parsed, parse)) => {
                let max = config.limits.feed_items;
                warnings.extend(keep_newest(&mut parsed.items, max, &feed, &source));
                formats.insert(feed.clone(), (parsed.format.name().to_string(), parse));
                let (dated, undated): (Vec<_>, Vec<_>) = parsed
                    .items
                    .into_iter()
                    .partition(|i| i.published.is_some());
                if !undated.is_empty() {
                    warnings.push(format!(
                        "feed `{feed}` of `{source}`: {} items without a date left out",
                        undated.len()
                    ));
                }
                let epoch = chrono::DateTime::UNIX_EPOCH;
                archive.merge(
                    &feed,
                    &dated,
                    |item| attribute(item, sources, &source),
                    epoch,
                );
            }
            Err(reason) => warnings.push(format!("feed `{feed}` of `{source}`: {reason}")),
        }
    }
    formats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_of_a_local_feed_resolve_against_the_sources_homepage() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("content/feeds")).unwrap();
        std::fs::write(
            root.join("parallax.yaml"),
            "title: T\nbase_url: https://t.example/\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/sources.yaml"),
            "sources:\n  - id: herald\n    name: Herald\n    homepage: https://herald.example/news/\n    \
             bias: center\n    feeds: [content/feeds/herald.xml]\n",
        )
        .unwrap();
        std::fs::write(
            root.join("content/feeds/herald.xml"),
            "<rss version=\"2.0\"><channel><title>t</title><item><title>a</title>\
             <link>more.html</link><pubDate>Fri, 30 Jan 2026 09:00:00 GMT</pubDate></item></channel></rss>",
        )
        .unwrap();
        let config = crate::load::config(root, &Default::default()).unwrap();
        let sources = crate::load::sources_of(&config).unwrap();
        let input = load(&config, &sources).unwrap();
        assert_eq!(input.warnings, Vec::<String>::new());
        let urls: Vec<_> = input
            .archived
            .records
            .iter()
            .map(|r| r.url.as_deref())
            .collect();
        assert_eq!(urls, [Some("https://herald.example/news/more.html")]);
    }
}
