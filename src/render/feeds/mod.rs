//! Feeds out: Atom 1.0, RSS 2.0 and JSON Feed 1.1 for every list a reader may follow (the home
//! page, each topic, each source, each side of the blindspot page).
//!
//! A feed is a [`Channel`] of [`Entry`]s, whatever they stand for: `stories.rs` makes the channels
//! of the site's story lists, and a new kind of list (newsletter editions, say) needs only its own
//! entries and a channel, then [`channel_files`] writes the three formats. Each format has its file
//! (`atom.rs`, `rss.rs`, `json.rs`), written with a crate (`quick-xml`, `serde_json`) rather than
//! a template so that text is always escaped once and correctly. An entry is written once in each
//! format ([`Written`]) and the documents are made around those bytes: a story is in many feeds
//! (the home page's, its topics', every source's that covered it). Pure: values in, bytes out.

mod atom;
pub mod editions;
mod json;
mod rss;
pub mod stories;

use crate::model::Timestamp;
use crate::render::urls::Urls;
use serde::Serialize;
use std::sync::Arc;

/// The three formats, each in its own file in the feed's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Atom,
    Rss,
    Json,
}

impl Format {
    pub const ALL: [Format; 3] = [Format::Atom, Format::Rss, Format::Json];

    /// The file name in the feed's folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Format::Atom => "atom.xml",
            Format::Rss => "rss.xml",
            Format::Json => "feed.json",
        }
    }

    /// The media type, for `<link rel="alternate" type="...">`.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Atom => "application/atom+xml",
            Format::Rss => "application/rss+xml",
            Format::Json => "application/feed+json",
        }
    }
}

/// One feed: a list of entries with what the three formats say about the list.
#[derive(Debug, Clone)]
pub struct Channel {
    /// `Parallax Ledger`, `Economy · Parallax Ledger`.
    pub title: String,
    pub description: String,
    /// Site path of the page the feed belongs to (`topics/economy/`).
    pub page: String,
    /// Site path of the folder holding its three files (`topics/economy/`; the blindspot page has
    /// one folder per side).
    pub dir: String,
    /// The newest entry's update, or the site's newest when the list is empty (never the clock:
    /// the same input makes the same bytes).
    pub updated: Timestamp,
    pub entries: Vec<Arc<Written>>,
}

impl Channel {
    /// Site path of the file of one format: `topics/economy/atom.xml`.
    pub fn path(&self, format: Format) -> String {
        [self.dir.as_str(), format.file_name()].concat()
    }
}

/// One item of a feed. Text is plain (the writers escape it); `content_html` is HTML whose every
/// piece of untrusted text was escaped when it was made.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A permanent id: the item's absolute permalink, which never changes (a story's slug is
    /// chosen once and kept as it grows).
    pub id: String,
    pub title: String,
    /// Absolute URL of the item's page.
    pub url: String,
    pub published: Timestamp,
    pub updated: Timestamp,
    /// Plain text.
    pub summary: String,
    pub content_html: String,
    /// Topic names.
    pub categories: Vec<String>,
    /// Absolute URL of its share image, when it has one.
    pub image: Option<String>,
}

/// An entry written in each format: what the feeds that list it are made of.
#[derive(Debug)]
pub struct Written {
    atom: String,
    rss: String,
    json: Box<serde_json::value::RawValue>,
}

impl Written {
    pub fn new(entry: &Entry) -> Arc<Self> {
        Arc::new(Written {
            atom: atom::entry(entry),
            rss: rss::item(entry),
            json: json::item(entry),
        })
    }
}

/// Writes `<name>value</name>`, the value escaped (Atom and RSS).
fn text(w: &mut quick_xml::Writer<Vec<u8>>, name: &str, value: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(quick_xml::events::BytesText::new(value))?;
    Ok(())
}

/// The text a writer made: always UTF-8, as it wrote only `str`s.
fn utf8(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// What every feed of the site says about the site.
#[derive(Debug, Clone, Copy)]
pub struct SiteMeta<'a> {
    pub title: &'a str,
    pub language: &'a str,
    pub urls: &'a Urls,
}

/// The three files of a channel, by site path.
pub fn channel_files(channel: &Channel, site: SiteMeta) -> Vec<(String, Vec<u8>)> {
    Format::ALL
        .iter()
        .map(|&format| {
            let bytes = match format {
                Format::Atom => atom::write(channel, site),
                Format::Rss => rss::write(channel, site),
                Format::Json => json::write(channel, site),
            };
            (channel.path(format), bytes)
        })
        .collect()
}

/// A feed as pages link to it (`page.feeds`): `{name, title, atom, rss, json}`, root-relative URLs.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLinks {
    /// What the list is: `Latest stories`, `Economy`, `Blindspots for the Left`.
    pub name: String,
    /// The feed's title: the name and the site's.
    pub title: String,
    pub atom: String,
    pub rss: String,
    pub json: String,
}

impl FeedLinks {
    pub fn new(name: String, title: String, dir: &str, urls: &Urls) -> Self {
        let href = |f: Format| urls.href(&[dir, f.file_name()].concat());
        FeedLinks {
            name,
            title,
            atom: href(Format::Atom),
            rss: href(Format::Rss),
            json: href(Format::Json),
        }
    }
}

#[cfg(test)]
mod tests;
