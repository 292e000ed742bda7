//! What `fetch` remembers about each feed between runs (`content/archive/feeds.json`): the
//! validators for conditional requests, the last success and error, whether it is gone for good.
//!
//! Only events change it (new validators, a success with content, an error, a recovery), so a run
//! in which every feed answers 304 writes nothing at all.

use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The state file's name inside the archive folder.
pub const FILE: &str = "feeds.json";

/// One feed's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeedState {
    /// The source the registry lists the feed under.
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// The last time the feed answered with content that parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_success: Option<Timestamp>,
    /// The last error, one line, and when; cleared by the next success.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_error_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "is_zero")]
    pub consecutive_failures: u32,
    /// The server answered 410 Gone: the feed is not fetched again.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub dead: bool,
    /// The format of the last document that parsed, e.g. "RSS 2.0".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// How the last document parsed: "clean", or the repairs it needed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parse: Option<String>,
    /// The last time a fetch found none of the items it already had (items were probably missed),
    /// with the warning: "possible gap: 20 new items, none previously seen". Kept as a record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap_at: Option<Timestamp>,
    /// Where redirects led, when not the registry's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// Every feed's state, by feed URL or path: sorted, so the file diffs small.
pub type States = BTreeMap<String, FeedState>;

/// Parses the state file's text; `None` for an empty file.
pub fn parse(text: &str) -> Result<States, serde_json::Error> {
    if text.trim().is_empty() {
        return Ok(States::new());
    }
    serde_json::from_str(text)
}

/// The state file's text: pretty JSON, one field per line, ending in a newline.
pub fn to_text(states: &States) -> String {
    let mut text = serde_json::to_string_pretty(states).expect("states serialise");
    text.push('\n');
    text
}
