//! The bytes of one RSS, Atom or JSON Feed document in, clean items out.
//!
//! This is the one place that knows feed formats. `fetch` (HTTP, archive) and `build` (local feed
//! files) both hand it bytes, so it does no IO itself. Whatever the input, it returns: a hostile or
//! broken document, even one that makes the parser panic, becomes a [`FeedError`] with a one-line
//! reason, so one bad feed is a warning in a report and never the end of a run.
//!
//! Items come out in document order with plain-text titles and summaries, canonical absolute URLs
//! and UTC dates; a date the feed does not give stays `None` (the caller knows when it first saw the
//! item), and one that cannot be read is kept as text ([`FeedItem::date_text`]).
//!
//! [`parse`] is strict: it reads a document as it is. [`parse_recovering`], what `fetch` and
//! `build` call, tries it first and, when it fails, repairs the document (gzip, encodings, broken
//! markup, old dialects) and says which repairs it needed.

mod convert;
pub(crate) mod dates;
mod error;
mod guard;
mod recover;
mod sniff;

pub use convert::SUMMARY_CHARS;
pub use error::FeedError;
pub use recover::{EncodingSource, MAX_INFLATED, Recovered, Repair, parse_recovering};

use crate::model::Timestamp;

/// The format a document was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// RSS 0.91 or 0.92.
    Rss0x,
    /// RSS 1.0 (RDF).
    Rss1,
    Rss2,
    /// Atom 1.0 (and 0.3 as far as feed-rs reads it).
    Atom,
    JsonFeed,
}

impl FeedFormat {
    /// The name people know the format by.
    pub fn name(self) -> &'static str {
        match self {
            FeedFormat::Rss0x => "RSS 0.9x",
            FeedFormat::Rss1 => "RSS 1.0",
            FeedFormat::Rss2 => "RSS 2.0",
            FeedFormat::Atom => "Atom",
            FeedFormat::JsonFeed => "JSON Feed",
        }
    }
}

/// One feed document, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFeed {
    pub format: FeedFormat,
    /// The feed's title, plain text.
    pub title: Option<String>,
    /// The site the feed belongs to, canonical and absolute.
    pub link: Option<String>,
    /// In document order.
    pub items: Vec<FeedItem>,
}

/// One item (RSS) or entry (Atom), cleaned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    /// The `guid` or `id` as the feed gives it, trimmed; never made up.
    pub guid: Option<String>,
    /// The article's canonical absolute http(s) URL ([`crate::normalise::canonical_url`]); when the
    /// item has no link, its guid if that is an http(s) URL.
    pub url: Option<String>,
    /// Plain text, entities decoded, whitespace collapsed; empty when the item has none.
    pub title: String,
    /// Plain text of the summary or description, else of the content; at most
    /// [`SUMMARY_CHARS`] characters, cut at a word.
    pub summary: Option<String>,
    /// The item's whole body as HTML, as the feed gives it (not sanitised): the content
    /// (`content:encoded`, Atom `content`), else the summary or description.
    pub content: Option<String>,
    /// When it was published, else last updated.
    pub published: Option<Timestamp>,
    /// When it was last updated (RSS has no such field: feed-rs copies the publication date).
    pub updated: Option<Timestamp>,
    /// The date as the feed wrote it, when it gives one that could not be read (even by the
    /// lenient reader of `dates.rs`) and no other that could: `published` is then `None`.
    pub date_text: Option<String>,
    /// Authors' names, plain text.
    pub authors: Vec<String>,
    /// Categories or tags, plain text.
    pub categories: Vec<String>,
}

/// Parses one feed document. `feed_url` is where it came from: relative links resolve against it
/// (after any `xml:base`). A `feed_url` that is not an absolute URL, such as a local path, is
/// ignored: the address the feed states for itself (its `self` link, else its site's) stands in.
pub fn parse(bytes: &[u8], feed_url: Option<&str>) -> Result<ParsedFeed, FeedError> {
    error::precheck(bytes)?;
    // feed-rs rejects the whole document when its base URI does not parse.
    let base = feed_url
        .map(str::trim)
        .filter(|u| url::Url::parse(u).is_ok());
    let dates = dates::DateReader::default();
    let parsed = guard::catch_panic(|| {
        let reader = dates.clone();
        let parsed = feed_rs::parser::Builder::new()
            .base_uri(base)
            // Keep missing ids missing: a made-up id would pose as the feed's own guid.
            .id_generator(|_, _, _| String::new())
            .sanitize_content(false)
            .timestamp_parser(move |text| reader.parse(text))
            .build()
            .parse(bytes);
        parsed.map(|feed| convert::feed(feed, base, &dates))
    })
    .map_err(FeedError::Crashed)?;
    let feed = parsed.map_err(|e| error::classify(e, bytes))?;
    // An empty feed is fine, unless feed-rs skipped items it could not read.
    if feed.items.is_empty()
        && let Some(unread) = error::unread_items(bytes)
    {
        return Err(unread);
    }
    Ok(feed)
}

#[cfg(test)]
mod tests;
