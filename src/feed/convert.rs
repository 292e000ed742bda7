//! From feed-rs's model, which keeps every format's quirks, to the few clean fields parallax uses:
//! plain-text titles and summaries, canonical absolute URLs, UTC dates, names.

use super::dates::DateReader;
use super::{FeedFormat, FeedItem, ParsedFeed};
use crate::normalise::{canonical_url, html_to_text, plain_text, title_text, truncate};
use feed_rs::model::{Category, Entry, Feed, FeedType, Link, Person, Text};

/// Summaries are cut to this many characters, at a word boundary.
pub const SUMMARY_CHARS: usize = 600;

/// Converts a parsed feed; `base` is the feed's own URL, for links feed-rs left relative. Without
/// one (a local file of a source without a homepage), the feed's own address as it states it
/// stands in, else its site's.
pub(super) fn feed(feed: Feed, base: Option<&str>, dates: &DateReader) -> ParsedFeed {
    let stated = base.is_none().then(|| stated_base(&feed.links)).flatten();
    let base = base.or(stated.as_deref());
    let format = match feed.feed_type {
        FeedType::RSS0 => FeedFormat::Rss0x,
        FeedType::RSS1 => FeedFormat::Rss1,
        FeedType::RSS2 => FeedFormat::Rss2,
        FeedType::Atom => FeedFormat::Atom,
        FeedType::JSON => FeedFormat::JsonFeed,
    };
    let feed_authors = names(&feed.authors);
    let items = feed
        .entries
        .into_iter()
        .map(|entry| item(entry, format, base, &feed_authors, dates))
        .collect();
    ParsedFeed {
        format,
        title: feed
            .title
            .map(|t| title(&t, format))
            .filter(|t| !t.is_empty()),
        link: page_link(&feed.links, base),
        items,
    }
}

/// One entry. Atom entries without an author inherit the feed's, as the Atom spec says.
fn item(
    entry: Entry,
    format: FeedFormat,
    feed_base: Option<&str>,
    feed_authors: &[String],
    dates: &DateReader,
) -> FeedItem {
    let base = entry.base.as_deref().or(feed_base);
    let guid = Some(entry.id.trim())
        .filter(|id| !id.is_empty())
        .map(str::to_string);
    // With no link at all, a guid that is an http(s) URL is the best guess at the article's address;
    // so is one that is a path from the site's root (`/2026/01/story`), but not any other text.
    let url = page_link(&entry.links, base).or_else(|| {
        let guid = guid.as_deref()?;
        canonical_url(guid, base.filter(|_| guid.starts_with('/')))
    });
    let summary_html = entry.summary.map(|s| s.content);
    let content_html = entry.content.filter(is_text).and_then(|c| c.body);
    // The whole body as the feed gives it (a newsletter import keeps it); else the summary's.
    let content = content_html
        .clone()
        .or_else(|| summary_html.clone())
        .filter(|c| !c.trim().is_empty());
    let summary = [summary_html, content_html]
        .into_iter()
        .flatten()
        .map(|html| match format {
            FeedFormat::Atom => html_to_text(&atom_03_base64(&html).unwrap_or(html)),
            _ => html_to_text(&html),
        })
        .find(|text| !text.is_empty())
        .map(|text| truncate(&text, SUMMARY_CHARS));
    let (published, published_text) = split(dates.read(entry.published));
    let (updated, updated_text) = split(dates.read(entry.updated));
    let mut authors = names(&entry.authors);
    if authors.is_empty() {
        authors = feed_authors.to_vec();
    }
    FeedItem {
        guid,
        url,
        title: entry.title.map(|t| title(&t, format)).unwrap_or_default(),
        summary,
        content,
        published: published.or(updated),
        updated,
        date_text: match published.or(updated) {
            Some(_) => None,
            None => published_text.or(updated_text),
        },
        authors,
        categories: categories(&entry.categories),
    }
}

/// A date read, or the text of one that could not be.
fn split<T, E>(read: Result<Option<T>, E>) -> (Option<T>, Option<E>) {
    match read {
        Ok(date) => (date, None),
        Err(text) => (None, Some(text)),
    }
}

/// A title as its format defines it. Atom says whether it is text or (X)HTML, and JSON Feed
/// titles are plain text: literal `<` and `&amp;` are the title's own. RSS does not say, and feeds
/// put both literal text and inline markup there: see [`title_text`].
fn title(text: &Text, format: FeedFormat) -> String {
    let plain = text.content_type.as_str().starts_with("text/plain");
    match format {
        FeedFormat::JsonFeed => plain_text(&text.content),
        FeedFormat::Atom if plain => plain_text(&text.content),
        FeedFormat::Atom => html_to_text(&text.content),
        FeedFormat::Rss0x | FeedFormat::Rss1 | FeedFormat::Rss2 => title_text(&text.content),
    }
}

/// The text of Atom 0.3's `mode="base64"` content. Recovery reads Atom 0.3 as Atom 1.0, which has
/// no `mode`, so the base64 itself arrives here as the text. Atom 1.0 never puts base64 in a text
/// or HTML construct, so one that is nothing but base64 lines decoding to UTF-8 text is taken as
/// such; anything else, a word of prose included, is not (it fails one of the checks).
fn atom_03_base64(text: &str) -> Option<String> {
    use base64::Engine;
    let joined: String = text.split_whitespace().collect();
    let shaped = joined.len() >= 8
        && joined.len().is_multiple_of(4)
        && text.lines().all(|line| !line.trim().contains([' ', '\t']))
        && joined
            .trim_end_matches('=')
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    if !shaped {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(joined)
        .ok()?;
    let decoded = String::from_utf8(bytes).ok()?;
    let readable = decoded
        .chars()
        .all(|c| !c.is_control() || c.is_whitespace());
    readable.then_some(decoded)
}

/// The feed's own address as its links state it (`rel="self"`), else its site's (RSS `<link>`,
/// Atom `rel="alternate"`, JSON Feed's `home_page_url` or `feed_url`), when absolute http(s).
fn stated_base(links: &[Link]) -> Option<String> {
    let absolute: Vec<&Link> = links
        .iter()
        .filter(|link| canonical_url(&link.href, None).is_some())
        .collect();
    let is_self = |link: &&&Link| link.rel.as_deref() == Some("self");
    let is_site = |link: &&&Link| matches!(link.rel.as_deref(), None | Some("alternate"));
    absolute
        .iter()
        .find(is_self)
        .or_else(|| absolute.iter().find(is_site))
        .map(|link| link.href.trim().to_string())
}

/// The first link to a web page (not `self`, comments, enclosures or media), canonical.
fn page_link(links: &[Link], base: Option<&str>) -> Option<String> {
    links
        .iter()
        .filter(|link| link.target.is_none())
        .filter(|link| matches!(link.rel.as_deref(), None | Some("alternate")))
        .filter(|link| {
            link.media_type
                .as_deref()
                .is_none_or(|t| t.contains("html"))
        })
        .find_map(|link| canonical_url(&link.href, base))
}

/// Whether a content body is text (HTML, XHTML, plain) rather than base64 media.
fn is_text(content: &feed_rs::model::Content) -> bool {
    let media_type = content.content_type.as_str().to_ascii_lowercase();
    media_type.starts_with("text/") || media_type.contains("html")
}

/// People's names, plain text, without duplicates. Bare e-mail addresses (feed-rs files them as
/// `email`, not `name`) are left out: RSS's `<author>` is an address, and an address is not a byline.
fn names(people: &[Person]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for person in people {
        let Some(name) = person.name.as_deref() else {
            continue;
        };
        let name = html_to_text(name);
        // feed-rs leaves the parentheses of `desk@news.example (Ana Ruiz)` around the name.
        let name = match name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
            Some(inner) => inner.trim().to_string(),
            None => name,
        };
        if !name.is_empty() && !contains_ignoring_case(&out, &name) {
            out.push(name);
        }
    }
    out
}

/// Category labels (or terms), plain text, in document order, without duplicates (`News` and
/// `news` are one category; the first spelling wins).
fn categories(categories: &[Category]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for category in categories {
        let label = category.label.as_deref().unwrap_or(&category.term);
        let label = html_to_text(label);
        if !label.is_empty() && !contains_ignoring_case(&out, &label) {
            out.push(label);
        }
    }
    out
}

fn contains_ignoring_case(list: &[String], text: &str) -> bool {
    let text = text.to_lowercase();
    list.iter().any(|known| known.to_lowercase() == text)
}
