//! Recovery in front of the strict parser, so that real, messy feeds still give their items.
//!
//! The document is parsed as it is first; only when that fails (or the text comes out as mojibake)
//! is it repaired, in stages, cheapest and safest first: the transport (gzip, the encoding), then
//! one textual repair at a time, parsing again after each. A repair that turns out not to have been
//! needed once a later one made the document parse is dropped again, so what [`Recovered::repairs`]
//! lists is what the document needed. A document no repair saves keeps its own one-line reason.
//!
//! The repairs run on hostile input: they are written not to panic, and run inside the same panic
//! guard as the parser all the same.

mod atom;
mod balance;
mod charset;
mod dialect;
mod embedded;
mod entities;
mod inflate;
mod json;
mod mojibake;
mod rdf;
mod repair;
mod scan;
mod structure;

pub use inflate::MAX_INFLATED;
pub use repair::{EncodingSource, Repair};

use super::{FeedError, ParsedFeed, guard};

/// A parsed feed, and what it took to parse it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub feed: ParsedFeed,
    /// In the order applied; empty when the document parsed as it was.
    pub repairs: Vec<Repair>,
}

impl Recovered {
    /// `clean`, or the repairs joined by `; `: how the feed-status page says a feed parsed.
    pub fn summary(&self) -> String {
        if self.repairs.is_empty() {
            return "clean".to_string();
        }
        let lines: Vec<String> = self.repairs.iter().map(ToString::to_string).collect();
        lines.join("; ")
    }
}

/// One textual repair: the repaired text, or `None` when it does not apply.
type Step = fn(&str) -> Option<(String, Repair)>;

/// Textual repairs, cheapest and safest first.
const STEPS: [Step; 22] = [
    mojibake::in_document,
    json::json_feed,
    embedded::embedded_feed,
    structure::doctype,
    dialect::rss_root,
    dialect::rss_version,
    dialect::rss_namespace,
    dialect::rss_channel,
    rdf::rdf_root,
    rdf::rss1_namespaces,
    rdf::item_links,
    atom::atom_03,
    atom::atom_namespace,
    atom::text_types,
    entities::html_entities,
    entities::stray_ampersands,
    entities::stray_less_than,
    entities::control_characters,
    structure::unterminated_cdata,
    balance::unbalanced,
    structure::empty_elements,
    structure::truncated,
];

/// Parses one feed document, repairing it when it does not parse as it is. `content_type` is the
/// HTTP `Content-Type` (its `charset` helps to decode), `feed_url` where the document came from.
pub fn parse_recovering(
    bytes: &[u8],
    content_type: Option<&str>,
    feed_url: Option<&str>,
) -> Result<Recovered, FeedError> {
    let strict = super::parse(bytes, feed_url);
    // Repairs must do better than the strict parse: parse at all, or with less mojibake.
    let baseline = match &strict {
        Ok(feed) => mojibake::count(feed),
        Err(_) => usize::MAX,
    };
    if baseline == 0 {
        return strict.map(|feed| Recovered {
            feed,
            repairs: Vec::new(),
        });
    }
    let strict_error = strict.as_ref().err().cloned();
    let repaired =
        guard::catch_panic(|| repair(bytes, content_type, feed_url, baseline, strict_error))
            .unwrap_or_else(|panic| {
                Err(FeedError::Crashed(format!("in the repair layer: {panic}")))
            });
    let mut recovered = match (strict, repaired) {
        (_, Ok(recovered)) => recovered,
        (Ok(feed), Err(_)) => Recovered {
            feed,
            repairs: Vec::new(),
        },
        (Err(_), Err(error)) => return Err(error),
    };
    let count = mojibake::repair(&mut recovered.feed);
    if count > 0 {
        recovered.repairs.push(Repair::RepairedMojibake { count });
    }
    Ok(recovered)
}

/// The staged repair. The error, when nothing helps, describes the document once readable
/// (decompressed and decoded), or else is the strict parse's.
fn repair(
    bytes: &[u8],
    content_type: Option<&str>,
    feed_url: Option<&str>,
    baseline: usize,
    strict_error: Option<FeedError>,
) -> Result<Recovered, FeedError> {
    let parse = |text: &str| super::parse(text.as_bytes(), feed_url);
    let good = |feed: &ParsedFeed| mojibake::count(feed) < baseline;
    let mut repairs = Vec::new();
    let inflated = inflate::inflate(bytes)?;
    let body = match &inflated {
        Some(inflated) => {
            repairs.extend(inflated.repairs.iter().cloned());
            inflated.body.as_slice()
        }
        None => bytes,
    };
    let decoded = charset::decode(body, content_type, feed_url);
    repairs.extend(decoded.repairs);
    let text = decoded.text;

    let mut error = strict_error;
    if text.as_bytes() != bytes {
        match parse(&text) {
            Ok(feed) if good(&feed) && !repairs.is_empty() => {
                return Ok(Recovered { feed, repairs });
            }
            Ok(_) => {}
            Err(e) => error = Some(e),
        }
    }
    let mut current = text.clone();
    let mut applied = Vec::new();
    let mut applied_repairs = Vec::new();
    for (index, step) in STEPS.iter().enumerate() {
        let Some((next, repair)) = step(&current) else {
            continue;
        };
        current = next;
        applied.push(index);
        applied_repairs.push(repair);
        if let Some(feed) = parse(&current).ok().filter(good) {
            let first = (feed, applied_repairs);
            let (feed, steps) = minimise(&text, applied, first, &|t| parse(t).ok());
            repairs.extend(steps);
            return Ok(Recovered { feed, repairs });
        }
    }
    Err(error.unwrap_or_else(|| FeedError::MalformedFeed("no repair made it readable".into())))
}

/// Drops the steps the document parses without (with no more mojibake), one at a time, earliest
/// first: a step applied before the one that made the document parse may not have been needed.
/// `best` is what the full sequence gave; returns the feed and the repairs of the smallest
/// sequence found.
fn minimise(
    text: &str,
    mut steps: Vec<usize>,
    mut best: (ParsedFeed, Vec<Repair>),
    parse: &dyn Fn(&str) -> Option<ParsedFeed>,
) -> (ParsedFeed, Vec<Repair>) {
    let mut i = 0;
    while i < steps.len() && steps.len() > 1 {
        let mut fewer = steps.clone();
        fewer.remove(i);
        match run(text, &fewer, parse) {
            Some(result) if mojibake::count(&result.0) <= mojibake::count(&best.0) => {
                steps = fewer;
                best = result;
            }
            _ => i += 1,
        }
    }
    best
}

/// Applies the given steps in order and parses.
fn run(
    text: &str,
    steps: &[usize],
    parse: &dyn Fn(&str) -> Option<ParsedFeed>,
) -> Option<(ParsedFeed, Vec<Repair>)> {
    let mut current = text.to_string();
    let mut repairs = Vec::new();
    for step in steps.iter().filter_map(|&i| STEPS.get(i)) {
        if let Some((next, repair)) = step(&current) {
            current = next;
            repairs.push(repair);
        }
    }
    parse(&current).map(|feed| (feed, repairs))
}

/// Runs one text repair that must apply, for the repairs' tests: (the new text, its message).
#[cfg(test)]
fn apply(repair: fn(&str) -> Option<(String, Repair)>, text: &str) -> (String, String) {
    let (out, applied) = repair(text).expect("the repair applies");
    (out, applied.to_string())
}

#[cfg(test)]
mod tests;
