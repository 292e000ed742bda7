//! JSON Feeds as they are written, not as the spec says: the `version` as `http://`, with a trailing
//! slash, as `1.1`, or missing; numeric ids; an `author` given as a plain string; a `null` or
//! missing title; values of the wrong type where feed-rs wants a string. feed-rs rejects the
//! whole feed for any of these, so they are normalised into JSON Feed 1.1 before it reads them.

use super::repair::Repair;
use serde_json::{Map, Value};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

/// Optional string fields of the feed object.
const FEED_STRINGS: [&str; 6] = [
    "home_page_url",
    "feed_url",
    "language",
    "description",
    "icon",
    "favicon",
];

/// Optional string fields of an item.
const ITEM_STRINGS: [&str; 8] = [
    "url",
    "external_url",
    "title",
    "content_html",
    "content_text",
    "summary",
    "date_published",
    "date_modified",
];

/// Normalises a JSON Feed; `None` when the text is no JSON object or needs nothing.
pub(super) fn json_feed(text: &str) -> Option<(String, Repair)> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let mut feed: Map<String, Value> = serde_json::from_str(text).ok()?;
    let mut what = Vec::new();
    if !feed.get("items").is_some_and(Value::is_array) {
        return None;
    }
    let version = feed.get("version").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("https://jsonfeed.org/version/1")) {
        feed.insert("version".into(), VERSION.into());
        what.push("version");
    }
    if !feed.get("title").is_some_and(Value::is_string) {
        feed.insert("title".into(), "".into());
        what.push("title");
    }
    let mut fields = strings(&mut feed, &FEED_STRINGS) | authors(&mut feed);
    let mut ids = false;
    if let Some(Value::Array(items)) = feed.get_mut("items") {
        items.retain(Value::is_object);
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            ids |= id(item);
            fields |= strings(item, &ITEM_STRINGS) | authors(item) | tags(item) | attachments(item);
        }
    }
    if ids {
        what.push("ids");
    }
    if fields {
        what.push("field types");
    }
    if what.is_empty() {
        return None;
    }
    let out = serde_json::to_string(&feed).ok()?;
    Some((out, Repair::NormalisedJsonFeed { what }))
}

/// A numeric id becomes a string, as the spec says it is.
fn id(item: &mut Map<String, Value>) -> bool {
    match item.get("id") {
        Some(Value::Number(n)) => {
            let id = n.to_string();
            item.insert("id".into(), id.into());
            true
        }
        Some(Value::String(_) | Value::Null) | None => false,
        Some(_) => {
            item.remove("id");
            true
        }
    }
}

/// Drops optional string fields that hold something else.
fn strings(object: &mut Map<String, Value>, names: &[&str]) -> bool {
    let before = object.len();
    object.retain(|key, value| {
        !names.contains(&key.as_str()) || matches!(value, Value::String(_) | Value::Null)
    });
    object.len() != before
}

/// `author` and `authors` as objects (JSON Feed 1.0's `author` may be a bare name elsewhere).
fn authors(object: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    if let Some(author) = object.get_mut("author") {
        changed |= person(author);
        if !author.is_object() {
            object.remove("author");
            changed = true;
        }
    }
    match object.get_mut("authors") {
        Some(Value::Array(people)) => {
            for person_value in people.iter_mut() {
                changed |= person(person_value);
            }
            let before = people.len();
            people.retain(Value::is_object);
            changed |= people.len() != before;
        }
        Some(Value::Null) | None => {}
        Some(_) => {
            object.remove("authors");
            changed = true;
        }
    }
    changed
}

/// One author: a bare string becomes `{"name": ...}`; non-string name and url are dropped.
fn person(value: &mut Value) -> bool {
    if let Value::String(name) = value {
        *value = serde_json::json!({ "name": name.clone() });
        return true;
    }
    match value.as_object_mut() {
        Some(object) => strings(object, &["name", "url", "avatar"]),
        None => false,
    }
}

/// Tags are strings; anything else in the list is dropped.
fn tags(item: &mut Map<String, Value>) -> bool {
    match item.get_mut("tags") {
        Some(Value::Array(tags)) => {
            let before = tags.len();
            tags.retain(Value::is_string);
            tags.len() != before
        }
        Some(Value::Null) | None => false,
        Some(_) => {
            item.remove("tags");
            true
        }
    }
}

/// Attachments need a `url` and a `mime_type` string, and a whole `size_in_bytes`.
fn attachments(item: &mut Map<String, Value>) -> bool {
    let Some(Value::Array(list)) = item.get_mut("attachments") else {
        return match item.get("attachments") {
            Some(Value::Null) | None => false,
            Some(_) => item.remove("attachments").is_some(),
        };
    };
    let before = list.len();
    list.retain(|a| a.get("url").is_some_and(Value::is_string));
    let mut changed = list.len() != before;
    for attachment in list.iter_mut().filter_map(Value::as_object_mut) {
        if !attachment.get("mime_type").is_some_and(Value::is_string) {
            attachment.insert("mime_type".into(), "application/octet-stream".into());
            changed = true;
        }
        if attachment
            .get("size_in_bytes")
            .is_some_and(|s| !s.is_u64() && !s.is_null())
        {
            attachment.remove("size_in_bytes");
            changed = true;
        }
        changed |= strings(attachment, &["title"]);
    }
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str) -> (Value, String) {
        let (out, repair) = json_feed(text).expect("applies");
        (serde_json::from_str(&out).unwrap(), repair.to_string())
    }

    #[test]
    fn version_variants_become_1_1() {
        for version in [
            "\"http://jsonfeed.org/version/1\"",
            "\"1.1\"",
            "\"https://jsonfeed.org/version/\"",
            "1",
        ] {
            let text = format!("{{\"version\": {version}, \"title\": \"t\", \"items\": []}}");
            let (value, repair) = apply(&text);
            assert_eq!(value["version"], VERSION);
            assert_eq!(repair, "normalised the JSON Feed (version)");
        }
        let (value, repair) = apply("{\"items\": [{\"id\": 7, \"title\": \"a\"}]}");
        assert_eq!(value["version"], VERSION);
        assert_eq!(value["title"], "");
        assert_eq!(value["items"][0]["id"], "7");
        assert_eq!(repair, "normalised the JSON Feed (version, title, ids)");
    }

    #[test]
    fn authors_tags_and_attachments_get_the_types_feed_rs_wants() {
        let text = r#"{"version": "https://jsonfeed.org/version/1", "title": "t", "author": "Ana",
            "items": [{"id": "1", "url": 5, "tags": ["a", 2], "authors": ["Bo", {"name": "Cy"}],
            "attachments": [{"url": "a.mp3", "size_in_bytes": -1}, {"title": "no url"}]}, 3]}"#;
        let (value, repair) = apply(text);
        assert_eq!(value["author"]["name"], "Ana");
        let item = &value["items"][0];
        assert_eq!(item.get("url"), None);
        assert_eq!(item["tags"], serde_json::json!(["a"]));
        assert_eq!(item["authors"][0]["name"], "Bo");
        assert_eq!(item["attachments"].as_array().unwrap().len(), 1);
        assert_eq!(
            item["attachments"][0]["mime_type"],
            "application/octet-stream"
        );
        assert_eq!(value["items"].as_array().unwrap().len(), 1);
        assert_eq!(repair, "normalised the JSON Feed (field types)");
    }

    #[test]
    fn a_valid_feed_or_other_json_is_not_touched() {
        let valid = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": [{"id": "1"}]}"#;
        assert_eq!(json_feed(valid), None);
        assert_eq!(json_feed(r#"{"verion": "1.0"}"#), None);
        assert_eq!(json_feed(r#"{"version": "1", "items": 3}"#), None);
        assert_eq!(json_feed("<rss/>"), None);
        assert_eq!(json_feed("{ broken"), None);
    }
}
