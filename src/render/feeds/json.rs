//! JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>) with serde: dates in RFC 3339, the summary as
//! text, the content as HTML, topics as tags.

use super::{Channel, Entry, Format, SiteMeta};
use crate::model::Timestamp;
use serde::Serialize;
use serde_json::value::RawValue;

#[derive(Serialize)]
struct Feed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    authors: [Author<'a>; 1],
    items: Vec<&'a RawValue>,
}

#[derive(Serialize)]
struct Author<'a> {
    name: &'a str,
    url: String,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'a str,
    url: &'a str,
    title: &'a str,
    summary: &'a str,
    content_html: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    date_published: String,
    date_modified: String,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    tags: &'a [String],
}

/// The JSON Feed document of `channel`, around its items as [`item`] wrote them.
pub fn write(channel: &Channel, site: SiteMeta) -> Vec<u8> {
    let urls = site.urls;
    let feed = Feed {
        version: "https://jsonfeed.org/version/1.1",
        title: &channel.title,
        home_page_url: urls.absolute(&channel.page),
        feed_url: urls.absolute(&channel.path(Format::Json)),
        description: &channel.description,
        language: site.language,
        authors: [Author {
            name: site.title,
            url: urls.absolute(""),
        }],
        items: channel.entries.iter().map(|e| e.json.as_ref()).collect(),
    };
    // Plain structs of strings always serialise.
    let mut bytes = serde_json::to_vec(&feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// The item object of `entry`.
pub fn item(entry: &Entry) -> Box<RawValue> {
    let item = Item {
        id: &entry.id,
        url: &entry.url,
        title: &entry.title,
        summary: &entry.summary,
        content_html: &entry.content_html,
        image: entry.image.as_deref(),
        date_published: rfc3339(entry.published),
        date_modified: rfc3339(entry.updated),
        tags: &entry.categories,
    };
    // A plain struct of strings always serialises, to valid JSON.
    serde_json::value::to_raw_value(&item).unwrap_or_default()
}

fn rfc3339(date: Timestamp) -> String {
    date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}
