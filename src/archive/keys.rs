//! The keys that recognise an archived item when a feed shows it again.
//!
//! A key must never be shared by two different articles: a false match overwrites one article
//! with another, and the archive loses it for good, while a missed match only costs a duplicate
//! line. So every key is scoped to a host or a feed, a title needs a real date, and two items with
//! different guids are never the same item, whatever else they share ([`conflicting_guids`]).
//!
//! Kinds, strongest first, each prefixed so keys of different kinds never collide:
//!
//! 1. `guid:<guid>` for a guid that is an http(s) URL (the URL names its host);
//!    `feedguid:<feed scope> <guid>` for any other guid (`12345`, `tag:`, `urn:`), which only
//!    the feed that publishes it gives a meaning to;
//! 2. `guidpath:<host without www.><path and query>` for URL guids: the same item after a move to
//!    https;
//! 3. `url:<canonical url>`;
//! 4. `title:<sha-256 hex>` of the URL's host (else the feed scope), the lowercased,
//!    whitespace-collapsed title and the publication time in RFC 3339 UTC, only when the item is
//!    dated;
//! 5. `content:<sha-256 hex>` of the feed, the title, the summary text and the date (if any), for
//!    an item with neither guid nor link (RSS 2.0 needs only a title or a description).
//!
//! The feed scope is the feed URL's host, or the feed entry itself for a local file.
//!
//! Archives written before these kinds existed carry unscoped `guid:`, `guidpath:` and `hash:`
//! keys; [`upgrade`] rewrites a record's keys when it is read, so old and new lines match.

use super::Record;
use crate::feed::FeedItem;
use crate::model::Timestamp;
use crate::normalise::collapse_whitespace;
use chrono::SecondsFormat;
use sha2::{Digest, Sha256};

/// Why an item had no key at all (it is counted as skipped, with this reason).
pub const NO_KEY: &str = "no guid, link, title or text";

/// The keys of an item read from `feed`, strongest first; empty when the item has nothing to be
/// recognised by ([`NO_KEY`]).
pub fn of(item: &FeedItem, feed: &str) -> Vec<String> {
    let mut keys = Vec::with_capacity(4);
    if let Some(guid) = &item.guid {
        push_guid_keys(&mut keys, guid, feed);
    }
    if let Some(url) = &item.url {
        keys.push(format!("url:{url}"));
    }
    let scope = item
        .url
        .as_deref()
        .and_then(host)
        .unwrap_or_else(|| feed_scope(feed));
    if let Some(key) = title_key(&item.title, item.published, &scope) {
        keys.push(key);
    }
    if item.guid.is_none() && item.url.is_none() {
        let summary = item.summary.as_deref().unwrap_or_default();
        if !item.title.trim().is_empty() || !summary.trim().is_empty() {
            keys.push(content_key(feed, &item.title, summary, item.published));
        }
    }
    keys
}

/// Whether an item's keys and a record's keys name different guids: then they are different
/// items, even when a link or a title matches (a live blog's updates share one URL).
pub fn conflicting_guids(record_keys: &[String], item_keys: &[String]) -> bool {
    let ours: Vec<&String> = record_keys.iter().filter(|k| is_guid_kind(k)).collect();
    let theirs: Vec<&String> = item_keys.iter().filter(|k| is_guid_kind(k)).collect();
    !ours.is_empty() && !theirs.is_empty() && !theirs.iter().any(|k| ours.contains(k))
}

/// Rewrites the keys of a record read from disk into today's kinds: unscoped guid keys are scoped
/// to the record's feed, host-less `guidpath:` and unscoped `hash:` keys are replaced by their
/// scoped forms. Keys already current are kept in their order; returns whether anything changed.
pub fn upgrade(record: &mut Record) -> bool {
    if record.keys.iter().all(|k| is_current(k)) {
        return false;
    }
    let mut keys: Vec<String> = Vec::with_capacity(record.keys.len() + 2);
    for key in &record.keys {
        for current in upgraded(key, &record.feed) {
            push_unique(&mut keys, current);
        }
    }
    let published = (!record.date_missing).then_some(record.published);
    let scope = record
        .url
        .as_deref()
        .and_then(host)
        .unwrap_or_else(|| feed_scope(&record.feed));
    if let Some(key) = title_key(&record.title, published, &scope) {
        push_unique(&mut keys, key);
    }
    let identified = keys
        .iter()
        .any(|k| is_guid_kind(k) || k.starts_with("url:"));
    let summary = record.summary.as_deref().unwrap_or_default();
    if !identified && (!record.title.trim().is_empty() || !summary.trim().is_empty()) {
        let key = content_key(&record.feed, &record.title, summary, published);
        push_unique(&mut keys, key);
    }
    record.keys = keys;
    true
}

/// Today's forms of one stored key of a record read from `feed`: unscoped guids scoped, a URL
/// guid with its host path, old `hash:` and host-less `guidpath:` keys dropped (their replacements
/// come from the record's fields).
fn upgraded(key: &str, feed: &str) -> Vec<String> {
    match key.strip_prefix("guid:") {
        Some(guid) if host(guid).is_none() => vec![format!("feedguid:{} {guid}", feed_scope(feed))],
        Some(guid) => std::iter::once(key.to_string())
            .chain(guid_path(guid).map(|p| format!("guidpath:{p}")))
            .collect(),
        None if is_current(key) => vec![key.to_string()],
        None => Vec::new(),
    }
}

fn push_unique(keys: &mut Vec<String>, key: String) {
    if !keys.contains(&key) {
        keys.push(key);
    }
}

/// Whether a key is of a kind this version writes (old `hash:` and host-less `guidpath:/` are not;
/// neither is a `guid:` whose guid is not a URL).
fn is_current(key: &str) -> bool {
    match key.split_once(':') {
        Some(("guid", guid)) => host(guid).is_some(),
        Some(("guidpath", path)) => !path.starts_with('/'),
        Some(("feedguid" | "url" | "title" | "content", _)) => true,
        _ => false,
    }
}

fn is_guid_kind(key: &str) -> bool {
    key.starts_with("guid:") || key.starts_with("feedguid:") || key.starts_with("guidpath:")
}

fn push_guid_keys(keys: &mut Vec<String>, guid: &str, feed: &str) {
    if host(guid).is_some() {
        keys.push(format!("guid:{guid}"));
        if let Some(path) = guid_path(guid) {
            keys.push(format!("guidpath:{path}"));
        }
    } else {
        keys.push(format!("feedguid:{} {guid}", feed_scope(feed)));
    }
}

fn title_key(title: &str, published: Option<Timestamp>, scope: &str) -> Option<String> {
    let published = published?;
    if title.trim().is_empty() {
        return None;
    }
    let title = collapse_whitespace(&title.to_lowercase());
    let date = published.to_rfc3339_opts(SecondsFormat::Secs, true);
    Some(format!("title:{}", sha256_hex(&[scope, &title, &date])))
}

fn content_key(feed: &str, title: &str, summary: &str, published: Option<Timestamp>) -> String {
    let date = published
        .map(|d| d.to_rfc3339_opts(SecondsFormat::Secs, true))
        .unwrap_or_default();
    let title = collapse_whitespace(&title.to_lowercase());
    let text = collapse_whitespace(summary);
    format!("content:{}", sha256_hex(&[feed, &title, &text, &date]))
}

/// SHA-256 of the parts joined by newlines, in hex: the same on every platform and version.
fn sha256_hex(parts: &[&str]) -> String {
    let digest = Sha256::digest(parts.join("\n").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The host of an http(s) URL, lowercase.
fn host(raw: &str) -> Option<String> {
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    if !lower.starts_with("http://") && !lower.starts_with("https://") {
        return None;
    }
    let url = url::Url::parse(raw.trim()).ok()?;
    url.host_str().filter(|h| !h.is_empty()).map(str::to_string)
}

/// What scopes a guid that is not a URL: the feed URL's host, else the feed entry (a local path).
fn feed_scope(feed: &str) -> String {
    host(feed).unwrap_or_else(|| feed.to_string())
}

/// `host/path?query` of an http(s) URL without `www.`, when the path says more than `/`.
fn guid_path(raw: &str) -> Option<String> {
    let url = url::Url::parse(raw.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") || (url.path() == "/" && url.query().is_none()) {
        return None;
    }
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = &url[url::Position::BeforePath..url::Position::AfterQuery];
    Some(format!("{host}{path}"))
}

#[cfg(test)]
mod tests;
