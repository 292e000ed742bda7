//! `parallax import-opml FILE`: the feeds of a feed reader's export become sources in
//! `content/sources.yaml`.
//!
//! New sources are appended as text, so the editor's comments and order stay as they were; the
//! result is validated as a whole before it replaces the file (atomically), so a failed import
//! changes nothing. Feeds already in the registry, and feeds of a site another source already
//! claims, are skipped and named in the report. Ratings are left for the editor to add.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::normalise::slugify;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

mod guess;
pub mod ratings;

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    pub file: PathBuf,
    pub added_sources: usize,
    pub added_feeds: usize,
    /// One line per feed not imported, with why.
    pub skipped: Vec<String>,
}

/// A feed outline of an OPML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    pub title: String,
    pub feed: String,
    pub homepage: Option<String>,
}

/// The feed outlines of an OPML document, at any depth (folders are flattened).
pub fn outlines(path: &Path, text: &str) -> Result<Vec<Outline>> {
    let doc = roxmltree::Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Error::input(
            Diagnostic::new(
                Location::at(path, pos.row as usize, pos.col as usize),
                format!("not valid XML: {e}"),
            )
            .help("export the subscriptions again from your feed reader as OPML"),
        )
    })?;
    if !doc.root_element().has_tag_name("opml") {
        return Err(Error::input(
            Diagnostic::new(
                Location::file(path),
                format!(
                    "not OPML: the root element is <{}>",
                    doc.root_element().tag_name().name()
                ),
            )
            .help("give an .opml file, as feed readers export it"),
        ));
    }
    Ok(doc
        .descendants()
        .filter(|n| n.has_tag_name("outline"))
        .filter_map(|n| {
            let feed = n.attribute("xmlUrl")?.trim().to_string();
            let title = n
                .attribute("title")
                .or(n.attribute("text"))
                .unwrap_or(&feed)
                .trim()
                .to_string();
            let homepage = n
                .attribute("htmlUrl")
                .map(|h| h.trim().to_string())
                .filter(|h| !h.is_empty());
            (!feed.is_empty()).then_some(Outline {
                title,
                feed,
                homepage,
            })
        })
        .collect())
}

/// Adds the OPML file's feeds to the site's sources file, under the site lock.
pub fn import_opml(root: &Path, opml: &Path, wait: crate::lock::LockWait) -> Result<ImportReport> {
    let config = crate::load::config(root, &Default::default())?;
    let _lock = crate::lock::Lock::site(root, "import-opml", wait)?;
    let file = config.paths.sources.clone();
    let text = std::fs::read_to_string(opml).map_err(|e| Error::read(opml, e))?;
    let outlines = outlines(opml, &text)?;
    let existing_text = match std::fs::read_to_string(&file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::read(&file, e)),
    };
    let sources = crate::load::sources_of(&config)?;

    let mut report = ImportReport {
        file: file.clone(),
        ..ImportReport::default()
    };
    let known_feeds: HashSet<&str> = sources
        .all()
        .iter()
        .flat_map(|s| s.feeds.iter().map(String::as_str))
        .collect();
    let mut ids: HashSet<String> = sources.all().iter().map(|s| s.id.clone()).collect();
    // New sources by site host, so two feeds of one outlet become one source with two feeds.
    let mut new: BTreeMap<String, (String, String, Option<String>, Vec<String>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    let web = crate::load::sources::is_web_url;
    for mut outline in outlines {
        if !web(&outline.feed) {
            report
                .skipped
                .push(format!("{}: not an http(s) feed address", outline.feed));
            continue;
        }
        // A site address that is not a web page (`javascript:...`) is left out; the feed stays.
        outline.homepage = outline.homepage.filter(|h| web(h));
        if known_feeds.contains(outline.feed.as_str())
            || new.values().any(|n| n.3.contains(&outline.feed))
        {
            report
                .skipped
                .push(format!("{}: already in the registry", outline.feed));
            continue;
        }
        let site = outline
            .homepage
            .clone()
            .unwrap_or_else(|| outline.feed.clone());
        let Some(host) = url::Url::parse(&site).ok().and_then(|u| {
            u.host_str()
                .map(|h| h.trim_start_matches("www.").to_ascii_lowercase())
        }) else {
            report
                .skipped
                .push(format!("{}: not an http(s) address", outline.feed));
            continue;
        };
        if outline.homepage.is_some()
            && let Some(owner) = sources.by_host(&host)
        {
            report.skipped.push(format!(
                "{}: its site {host} belongs to source `{}`; add the feed to that source's `feeds:`",
                outline.feed, owner.id
            ));
            continue;
        }
        match new.get_mut(&host) {
            Some(entry) => entry.3.push(outline.feed),
            None => {
                let mut id = slugify(&outline.title);
                if id.is_empty() {
                    id = slugify(&host);
                }
                let base = id.clone();
                let mut n = 2;
                while ids.contains(&id) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                ids.insert(id.clone());
                order.push(host.clone());
                new.insert(
                    host,
                    (id, outline.title, outline.homepage, vec![outline.feed]),
                );
            }
        }
    }
    if order.is_empty() {
        return Ok(report);
    }

    let entries: Vec<serde_yaml::Mapping> = order
        .iter()
        .map(|host| {
            let (id, name, homepage, feeds) = &new[host];
            report.added_sources += 1;
            report.added_feeds += feeds.len();
            let mut entry = serde_yaml::Mapping::new();
            entry.insert("id".into(), id.as_str().into());
            entry.insert("name".into(), name.as_str().into());
            if let Some(h) = homepage {
                entry.insert("homepage".into(), h.as_str().into());
            }
            entry.insert(
                "feeds".into(),
                serde_yaml::Value::Sequence(feeds.iter().map(|f| f.as_str().into()).collect()),
            );
            entry
        })
        .collect();
    let comment = format!(
        "Imported from {} by parallax import-opml; add ratings by hand.",
        opml.display()
    );
    append(&file, &existing_text, sources.len(), &entries, &comment)?;
    Ok(report)
}

/// Appends `entries` to the registry `file` (whose text is `existing` and which holds `before`
/// sources) as text, after a `# comment` line, so its comments and order stay; the result must
/// be a valid registry with exactly the new sources more, or nothing is written.
fn append(
    file: &Path,
    existing: &str,
    before: usize,
    entries: &[serde_yaml::Mapping],
    comment: &str,
) -> Result<()> {
    let mut appended = String::new();
    for entry in entries {
        let yaml = serde_yaml::to_string(&serde_yaml::Value::Mapping(entry.clone()))
            .expect("YAML serialises");
        for (i, line) in yaml.lines().enumerate() {
            appended.push_str(if i == 0 { "  - " } else { "    " });
            appended.push_str(line);
            appended.push('\n');
        }
    }
    let mut combined = existing.to_string();
    if combined.trim().is_empty() {
        combined = "sources:\n".to_string();
    } else if !combined.ends_with('\n') {
        combined.push('\n');
    }
    combined.push_str(&format!("  # {comment}\n"));
    combined.push_str(&appended);
    let check = crate::load::sources::parse(file, &combined);
    if !check.is_ok_and(|after| after.len() == before + entries.len()) {
        return Err(Error::Command(format!(
            "cannot append to `{}` safely (its `sources:` list must be the last thing in the file, in block style); nothing was changed",
            crate::error::display_path(file)
        )));
    }
    crate::write::write_atomic(file, combined.as_bytes())
}

/// Appends outlets of a rater's file (name, and domain or section when known) to the site's
/// registry as new sources without ratings (those come from the rater's file); their number.
pub(crate) fn append_sources(
    config: &crate::config::Config,
    outlets: &[(String, Option<String>)],
    from: &Path,
) -> Result<usize> {
    if outlets.is_empty() {
        return Ok(0);
    }
    let file = &config.paths.sources;
    let existing = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::read(file, e)),
    };
    let sources = crate::load::sources_of(config)?;
    let mut ids: HashSet<String> = sources.all().iter().map(|s| s.id.clone()).collect();
    let entries: Vec<serde_yaml::Mapping> = outlets
        .iter()
        .map(|(name, domain)| {
            let mut id = slugify(name);
            if id.is_empty() {
                id = "source".into();
            }
            let base = id.clone();
            let mut n = 2;
            while !ids.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            let mut entry = serde_yaml::Mapping::new();
            entry.insert("id".into(), id.into());
            entry.insert("name".into(), name.as_str().into());
            if let Some(d) = domain {
                entry.insert(
                    "domains".into(),
                    serde_yaml::Value::Sequence(vec![d.as_str().into()]),
                );
            }
            entry
        })
        .collect();
    let comment = format!(
        "Imported from {} by parallax import-ratings: their ratings are in content/ratings/.",
        from.display()
    );
    append(file, &existing, sources.len(), &entries, &comment)?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_outlines_are_found_at_any_depth() {
        let opml = r#"<?xml version="1.0"?><opml version="2.0"><body>
            <outline text="News"><outline type="rss" text="Herald" xmlUrl="https://herald.example/rss" htmlUrl="https://herald.example/"/></outline>
            <outline title="Wire &amp; Co" xmlUrl="https://wire.example/feed"/>
            <outline text="Folder without feed"/></body></opml>"#;
        let found = outlines(Path::new("x.opml"), opml).unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[1].title, "Wire & Co");
        assert_eq!(
            found[0].homepage.as_deref(),
            Some("https://herald.example/")
        );
    }

    #[test]
    fn broken_opml_is_an_error_with_a_line() {
        let err = outlines(Path::new("x.opml"), "<opml>\n<body>\n<outline></body>")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("x.opml:3:"), "{err}");
        let err = outlines(Path::new("x.opml"), "<rss/>")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not OPML"), "{err}");
    }
}
