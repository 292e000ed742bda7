//! `parallax fetch`: every feed of the registry, a few at a time, into the archive.
//!
//! Feeds are read in parallel (HTTP, or local files) and parsed on the worker threads; their items
//! are merged into the archive in registry order, so two runs over the same answers give the same
//! files. One broken feed is a line in the report, never the end of the run: the archive keeps all
//! it had, and only the day files that gained or changed an item are rewritten (atomically).

use super::http::{Client, HttpOptions, Outcome, Validators};
use crate::archive::state::{self, FeedState, States};
use crate::archive::{MergeStats, store};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::feed::{self, FeedItem, ParsedFeed};
use crate::model::{Sources, Timestamp};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// The archive folder, relative to the site root.
pub const ARCHIVE_DIR: &str = "content/archive";

/// What `parallax fetch` was asked to do.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    pub root: PathBuf,
    /// Feeds fetched at once.
    pub jobs: usize,
    pub http: HttpOptions,
    /// The time new items are first seen at; the clock when `None` (tests set it).
    pub now: Option<Timestamp>,
    /// What to do when another run holds the site lock.
    pub wait: crate::lock::LockWait,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            root: PathBuf::from("."),
            jobs: 8,
            http: HttpOptions::default(),
            now: None,
            wait: Default::default(),
        }
    }
}

/// How one feed went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedResult {
    /// The feed answered and parsed; `parse` is "clean" or the repairs it needed.
    Fetched {
        stats: MergeStats,
        format: String,
        parse: String,
    },
    /// 304: nothing changed since the last run.
    NotModified,
    /// 410 this run: marked dead, not fetched again.
    Gone,
    /// Marked dead by an earlier run; skipped.
    Dead,
    Failed(String),
}

/// One line of the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedReport {
    pub source: String,
    pub feed: String,
    pub result: FeedResult,
}

/// What a fetch did.
#[derive(Debug, Clone, Default)]
pub struct FetchReport {
    pub feeds: Vec<FeedReport>,
    /// Articles in the archive after the run.
    pub archive_articles: usize,
    pub archive_bytes: u64,
    /// Day files and state files written.
    pub files_written: usize,
    /// Archive lines that could not be read (kept untouched), one message each; a clustering
    /// that failed (the archive is saved all the same).
    pub warnings: Vec<String>,
    /// What clustering the new articles into stories did (`content/clusters/`).
    pub clustering: Option<crate::assign::run::ClusterReport>,
}

impl FetchReport {
    /// Feeds with a possible gap this run.
    pub fn gaps(&self) -> usize {
        self.feeds
            .iter()
            .filter(|f| matches!(&f.result, FeedResult::Fetched { stats, .. } if stats.gap))
            .count()
    }

    pub fn failures(&self) -> usize {
        self.feeds
            .iter()
            .filter(|f| matches!(f.result, FeedResult::Failed(_)))
            .count()
    }

    /// New, updated, unchanged and skipped items over all feeds (`gap`: any feed had one).
    pub fn totals(&self) -> MergeStats {
        let mut total = MergeStats::default();
        for f in &self.feeds {
            if let FeedResult::Fetched { stats, .. } = &f.result {
                total.new += stats.new;
                total.updated += stats.updated;
                total.unchanged += stats.unchanged;
                total.skipped += stats.skipped;
                total.gap |= stats.gap;
                total.unreadable_dates += stats.unreadable_dates;
            }
        }
        total
    }
}

/// A feed document as a worker read it.
enum Read {
    Parsed {
        feed: ParsedFeed,
        validators: Validators,
        final_url: Option<String>,
        parse: String,
    },
    NotModified,
    Gone,
    Failed(String),
}

/// Fetches every feed of the site at `options.root` into its archive. `progress` is called with
/// each feed's URL as it finishes (from worker threads).
pub fn fetch(options: &FetchOptions, progress: &(dyn Fn(&str) + Sync)) -> Result<FetchReport> {
    let config = crate::load::config(&options.root, &Default::default())?;
    let _lock = crate::lock::Lock::site(&options.root, "fetch", options.wait)?;
    let sources = crate::load::sources_of(&config)?;
    let dir = options.root.join(ARCHIVE_DIR);
    store::remove_stale_temps(&dir);
    let (mut archive, bad_lines) = store::load(&dir)?;
    let state_path = dir.join(state::FILE);
    let old_state_text = read_optional(&state_path)?;
    let mut states: States = state::parse(&old_state_text).map_err(|e| {
        Error::input(
            Diagnostic::new(
                Location::at(&state_path, e.line(), e.column()),
                format!("cannot read the feed state: {e}"),
            )
            .help(
                "fix the JSON, or delete the file: parallax then fetches every feed in full once",
            ),
        )
    })?;

    let feeds = feed_list(&sources);
    let limits = config.limits;
    let client = Client::new(HttpOptions {
        max_bytes: options.http.max_bytes.min(limits.feed_bytes()),
        ..options.http.clone()
    });
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.max(1))
        .build()
        .map_err(|e| Error::Command(format!("cannot start {} fetch threads: {e}", options.jobs)))?;
    let reads: Vec<Option<Read>> = pool.install(|| {
        feeds
            .par_iter()
            .map(|(source, feed)| {
                let state = states.get(feed);
                if state.is_some_and(|s| s.dead) {
                    progress(feed);
                    return None;
                }
                let homepage = sources.get(source).and_then(|s| s.homepage.as_deref());
                let read = read_feed(&client, &options.root, feed, homepage, state, &limits);
                progress(feed);
                Some(read)
            })
            .collect()
    });

    let now = options.now.unwrap_or_else(chrono::Utc::now);
    let mut report = FetchReport {
        warnings: bad_lines
            .iter()
            .map(|b| {
                format!(
                    "{}:{}: unreadable archive line kept as it is: {}",
                    b.file.display(),
                    b.line,
                    b.message
                )
            })
            .collect(),
        ..FetchReport::default()
    };
    for ((source, feed), read) in feeds.iter().zip(reads) {
        let state = states.entry(feed.clone()).or_default();
        state.source = source.clone();
        let result = match read {
            None => FeedResult::Dead,
            Some(Read::NotModified) => {
                clear_error(state);
                FeedResult::NotModified
            }
            Some(Read::Gone) => {
                state.dead = true;
                state.last_error =
                    Some("the server says the feed is gone for good (HTTP 410)".into());
                state.last_error_at = Some(now);
                FeedResult::Gone
            }
            Some(Read::Failed(reason)) => {
                state.last_error = Some(reason.clone());
                state.last_error_at = Some(now);
                state.consecutive_failures += 1;
                FeedResult::Failed(reason)
            }
            Some(Read::Parsed {
                feed: mut parsed,
                validators,
                final_url,
                parse,
            }) => {
                let cut = keep_newest(&mut parsed.items, limits.feed_items, feed, source);
                report.warnings.extend(cut);
                let stats = archive.merge(
                    feed,
                    &parsed.items,
                    |item| attribute(item, &sources, source),
                    now,
                );
                clear_error(state);
                state.etag = validators.etag;
                state.last_modified = validators.last_modified;
                state.final_url = final_url.filter(|u| u != feed);
                state.format = Some(parsed.format.name().to_string());
                state.parse = Some(parse.clone());
                if stats.new + stats.updated > 0 || state.last_success.is_none() {
                    state.last_success = Some(now);
                }
                if let Some(gap) = stats.gap_warning() {
                    state.gap = Some(gap);
                    state.gap_at = Some(now);
                }
                FeedResult::Fetched {
                    stats,
                    format: parsed.format.name().to_string(),
                    parse,
                }
            }
        };
        report.feeds.push(FeedReport {
            source: source.clone(),
            feed: feed.clone(),
            result,
        });
    }

    report.files_written = store::save(&archive, &dir)?;
    let new_state_text = state::to_text(&states);
    if new_state_text != old_state_text && !(states.is_empty() && old_state_text.is_empty()) {
        crate::write::write_atomic(&state_path, new_state_text.as_bytes())?;
        report.files_written += 1;
    }
    report.archive_articles = archive.len();
    report.archive_bytes = store::size(&dir);
    // Clustering comes after the archive is safe on disk: its failure costs no article.
    match crate::assign::after_fetch(&config, &archive.into_records(), now) {
        Ok(clustering) => report.clustering = Some(clustering),
        Err(e) => report.warnings.push(format!(
            "the new articles were archived but not clustered into stories: {e}; fix it and run `parallax cluster`"
        )),
    }
    Ok(report)
}

/// Every (source id, feed) of the registry, in registry order, each feed once.
pub fn feed_list(sources: &Sources) -> Vec<(String, String)> {
    let mut seen = std::collections::HashSet::new();
    sources
        .all()
        .iter()
        .flat_map(|s| s.feeds.iter().map(move |f| (s.id.clone(), f.clone())))
        .filter(|(_, f)| seen.insert(f.clone()))
        .collect()
}

/// Whether a registry feed entry is fetched over HTTP (else it is a local path).
pub fn is_remote(feed: &str) -> bool {
    let scheme = |s: &str| {
        feed.get(..s.len())
            .is_some_and(|f| f.eq_ignore_ascii_case(s))
    };
    scheme("http://") || scheme("https://")
}

/// A successful answer clears the error record.
fn clear_error(state: &mut FeedState) {
    state.last_error = None;
    state.last_error_at = None;
    state.consecutive_failures = 0;
}

/// An item belongs to the source whose domain (or section of a domain, by the longest path
/// prefix) its link is on; else to the feed's source (aggregator feeds carry other outlets' links).
pub fn attribute(item: &FeedItem, sources: &Sources, feed_source: &str) -> String {
    item.url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| sources.by_url(&u).map(|s| s.id.clone()))
        .unwrap_or_else(|| feed_source.to_string())
}

/// Fetches or reads one feed and parses it. Relative links resolve against where the document
/// came from; for a local file, that is its source's `homepage`.
fn read_feed(
    client: &Client,
    root: &Path,
    feed: &str,
    homepage: Option<&str>,
    state: Option<&FeedState>,
    limits: &crate::config::Limits,
) -> Read {
    let (bytes, validators, final_url, content_type) = if is_remote(feed) {
        let validators = state
            .map(|s| Validators {
                etag: s.etag.clone(),
                last_modified: s.last_modified.clone(),
            })
            .unwrap_or_default();
        match client.get(feed, &validators) {
            Outcome::Fetched {
                body,
                validators,
                final_url,
                content_type,
                ..
            } => (body, validators, Some(final_url), content_type),
            Outcome::NotModified { .. } => return Read::NotModified,
            Outcome::Gone => return Read::Gone,
            Outcome::Failed { reason, .. } => return Read::Failed(reason),
        }
    } else {
        match crate::load::read_feed_file(root, feed, limits.feed_bytes()) {
            Ok(bytes) => (bytes, Validators::default(), None, None),
            Err(reason) => return Read::Failed(reason),
        }
    };
    match parse_document(
        &bytes,
        content_type.as_deref(),
        final_url
            .as_deref()
            .or(Some(feed))
            .filter(|u| is_remote(u))
            .or(homepage),
    ) {
        Ok((feed, parse)) => Read::Parsed {
            feed,
            validators,
            final_url,
            parse,
        },
        Err(reason) => Read::Failed(reason),
    }
}

/// Keeps the `max` newest items of `feed` (`limits.feed_items`), in document order; an item
/// without a date counts as new (it is first seen now). Returns the warning when it dropped any.
pub fn keep_newest(
    items: &mut Vec<FeedItem>,
    max: usize,
    feed: &str,
    source: &str,
) -> Option<String> {
    let dropped = items.len().checked_sub(max).filter(|&n| n > 0)?;
    let mut order: Vec<usize> = (0..items.len()).collect();
    // Undated first (None sorts lowest, so compare reversed), then newest, then document order.
    order.sort_by(|&a, &b| {
        let (da, db) = (items[a].published, items[b].published);
        match (da, db) {
            (None, None) => a.cmp(&b),
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            (Some(x), Some(y)) => y.cmp(&x).then(a.cmp(&b)),
        }
    });
    let mut keep = vec![false; items.len()];
    for &i in &order[..max] {
        keep[i] = true;
    }
    let mut index = 0;
    items.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    Some(format!(
        "feed `{feed}` of `{source}`: {} items, more than a feed may give (`limits.feed_items` in parallax.yaml): kept the {max} newest, {dropped} left out",
        max + dropped
    ))
}

/// Parses a fetched document, repairing it when it does not parse as it is; the text says how it
/// parsed ("clean", or the repairs applied, joined by "; "), the error why it did not, in one line.
pub fn parse_document(
    bytes: &[u8],
    content_type: Option<&str>,
    url: Option<&str>,
) -> std::result::Result<(ParsedFeed, String), String> {
    feed::parse_recovering(bytes, content_type, url)
        .map(|recovered| {
            let summary = recovered.summary();
            (recovered.feed, summary)
        })
        .map_err(|e| e.to_string())
}

fn read_optional(path: &Path) -> Result<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(Error::read(path, e)),
    }
}
