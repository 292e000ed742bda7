//! parallax: a static site generator for multi-source news coverage.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! load  ->  normalise  ->  cluster (assign::compose)  ->  coverage  ->  site (pages, permalinks)  ->  render  ->  write
//! disk      pure            pure                          pure          pure                          pure        disk
//! ```
//!
//! The stateful steps that write `content/` stay apart: `fetch` (the feed archive) and `assign`
//! (`parallax cluster`: which archived articles form which automatic story).
//!
//! `build` below is that pipeline end to end; `main.rs` only parses arguments and prints.

mod archive;
mod assign;
mod check;
mod cluster;
mod config;
mod coverage;
mod error;
mod feed;
mod fetch;
mod import;
mod init;
mod load;
mod lock;
mod markdown;
mod model;
mod normalise;
mod render;
mod site;
mod write;

pub use assign::run::ClusterReport;
pub use check::{BrokenLink, LinkReport};
pub use cluster::{
    ClusterConfig, Doc, GroupInfo, SharedTerm, cluster, describe as describe_group,
    describe_all as describe_groups, extend as extend_clusters, is_opinion,
};
pub use config::{CONFIG_FILE, Config, Overrides};
pub use error::{Diagnostic, Error, Location, Result};
pub use feed::{EncodingSource, MAX_INFLATED, Recovered, Repair, parse_recovering};
pub use feed::{FeedError, FeedFormat, FeedItem, ParsedFeed, SUMMARY_CHARS, parse as parse_feed};
pub use fetch::http::{Client, HttpOptions, Outcome, Validators};
pub use fetch::{FeedReport, FeedResult, FetchOptions, FetchReport, fetch};
pub use import::{ImportReport, import_opml};
pub use init::init;
pub use lock::LockWait;
pub use model::Timestamp;
pub use model::{
    Article, Bias, Bucket, ClusterControls, Country, Factuality, Origin, OwnershipKind, Source,
    Sources, Story,
};

use std::path::PathBuf;

/// What `parallax build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds `parallax.yaml`).
    pub root: PathBuf,
    /// Where to write the site; default `<root>/output`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Include stories marked `draft: true`.
    pub drafts: bool,
    /// Include stories dated after `now` (by default they wait for their date).
    pub future: bool,
    /// The time the build publishes at: the clock when `None` (tests set it).
    pub now: Option<model::Timestamp>,
    /// What to do when another build holds the output folder's lock.
    pub wait: LockWait,
}

/// What a build made.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub stories: usize,
    pub sources: usize,
    pub pages: usize,
    /// Every file written, pages included.
    pub files: usize,
    pub bytes: u64,
    /// Bytes of all story pages together.
    pub story_page_bytes: u64,
    /// Bytes of the prebuilt search index, all its shards together.
    pub search_index_bytes: u64,
    /// Share cards (1200x630 PNG), and their bytes together.
    pub share_cards: usize,
    pub share_card_bytes: u64,
    /// Share cards rendered by this build; the others came from the card cache.
    pub cards_rendered: usize,
    /// Problems that did not stop the build (a local feed that failed to parse...), one line each.
    pub warnings: Vec<String>,
    /// Files whose bytes were written; the others were the same as in the previous output (0 when
    /// nothing the build reads had changed).
    pub files_written: usize,
}

impl BuildReport {
    fn from_summary(
        output: PathBuf,
        summary: write::manifest::Summary,
        files_written: usize,
        cards_rendered: usize,
    ) -> Self {
        BuildReport {
            output,
            stories: summary.stories,
            sources: summary.sources,
            pages: summary.pages,
            files: summary.files,
            bytes: summary.bytes,
            story_page_bytes: summary.story_page_bytes,
            search_index_bytes: summary.search_index_bytes,
            share_cards: summary.share_cards,
            share_card_bytes: summary.share_card_bytes,
            cards_rendered,
            warnings: summary.warnings,
            files_written,
        }
    }
}

/// The parallax that makes a build: another version or commit may render differently.
const GENERATOR: &str = concat!(env!("CARGO_PKG_VERSION"), " ", env!("PARALLAX_COMMIT"));

/// Builds the site at `options.root` into its output folder, replacing it only on success. When
/// nothing it reads changed since the last build into that folder, it stops early and writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let overrides = Overrides {
        base_url: options.base_url.clone(),
        output: options.output.clone(),
    };
    let config = load::config(&options.root, &overrides)?;
    let flags = format!("{GENERATOR}|{}|{}", options.drafts, options.future);
    let inputs = write::manifest::site_inputs(&config, &flags);
    let now = options.now.unwrap_or_else(chrono::Utc::now);
    if let Some(summary) =
        write::up_to_date(&config.paths.output, GENERATOR, &inputs, now, options.wait)?
    {
        return Ok(BuildReport::from_summary(
            config.paths.output,
            summary,
            0,
            0,
        ));
    }
    let mut loaded = load::site(&options.root, &overrides)?;
    let theme = load::theme::load(&loaded.config)?;
    let warnings = loaded.feeds.warnings.clone();
    let stories = std::mem::take(&mut loaded.stories);
    let schedule = Schedule::new(options, now);
    let next_due = schedule.next_due(&stories);
    let composed = compose(&loaded, stories, schedule)?;
    let site = site::Site::new(
        loaded.config,
        loaded.sources,
        composed,
        loaded.feeds,
        options.drafts,
    );
    let renderer = render::Renderer::new(&site.config, &theme)?;
    let output = site.config.paths.output.clone();
    let mut files = render::site_files(&site, renderer.urls());
    files.extend(theme.statics.iter().map(|(p, b)| (p.clone(), b.clone())));
    let cards = render::card::all(&site);
    let written = write::site(
        &site,
        &renderer,
        files,
        write::Build {
            generator: GENERATOR,
            inputs: &inputs,
            next_due,
            now,
            warnings,
            wait: options.wait,
            cards,
        },
    )?;
    // Freeing the site (millions of small allocations at 100k stories) is a single-threaded tail
    // nothing waits for: it goes to a thread of its own (inline if none can be started).
    let _ = std::thread::Builder::new().spawn(move || drop((site, renderer, theme)));
    Ok(BuildReport::from_summary(
        output,
        written.summary,
        written.files_written,
        written.cards_rendered,
    ))
}

/// Which of the editors' stories a build publishes: drafts only with `--drafts`, and a story
/// dated in the future only from its date on (or with `--future`).
#[derive(Debug, Clone, Copy)]
struct Schedule {
    drafts: bool,
    future: bool,
    now: model::Timestamp,
}

impl Schedule {
    fn new(options: &BuildOptions, now: model::Timestamp) -> Self {
        Schedule {
            drafts: options.drafts,
            future: options.future,
            now,
        }
    }

    fn publishes(&self, story: &Story) -> bool {
        (self.drafts || !story.draft) && (self.future || story.date <= self.now)
    }

    /// When the next story this build leaves out for its date is due: the build after that time
    /// publishes it, although no input changed.
    fn next_due(&self, stories: &[Story]) -> Option<model::Timestamp> {
        stories
            .iter()
            .filter(|s| !self.publishes(s) && (self.drafts || !s.draft))
            .map(|s| s.date)
            .min()
    }
}

/// The stories of a build: the editors' that `schedule` publishes, with the automatic ones.
fn compose(
    loaded: &load::Loaded,
    stories: Vec<Story>,
    schedule: Schedule,
) -> Result<assign::compose::Composed> {
    let editor: Vec<Story> = stories
        .into_iter()
        .filter(|s| schedule.publishes(s))
        .collect();
    let files: Vec<PathBuf> = loaded
        .clusters
        .iter()
        .map(|s| PathBuf::from(assign::store::DIR).join(assign::store::month_file(s)))
        .collect();
    assign::compose::compose(assign::compose::Input {
        editor,
        stored: &loaded.clusters,
        files: &files,
        archived: &loaded.feeds.archived,
        sources: &loaded.sources,
        config: &loaded.config.cluster,
    })
}

/// What `parallax cluster` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ClusterOptions {
    /// The site folder (holds `parallax.yaml`).
    pub root: PathBuf,
    /// When new stories are created; the clock when `None` (tests set it).
    pub now: Option<model::Timestamp>,
    /// What to do when another run holds the site's lock.
    pub wait: LockWait,
}

/// Clusters the site's whole archive into automatic stories again (`parallax cluster`), keeping
/// every story's id and slug, and records the result in `content/clusters/`.
pub fn recluster(options: &ClusterOptions) -> Result<ClusterReport> {
    assign::cluster_site(&options.root, options.now, options.wait)
}

/// Checks that every internal link of the built site at `options`' output resolves to a file.
pub fn check(options: &BuildOptions) -> Result<LinkReport> {
    let overrides = Overrides {
        base_url: options.base_url.clone(),
        output: options.output.clone(),
    };
    let config = load::config(&options.root, &overrides)?;
    if !config.paths.output.is_dir() {
        return Err(Error::Command(format!(
            "no built site at `{}`: run `parallax build` first",
            error::display_path(&config.paths.output)
        )));
    }
    check::links(&config.paths.output, &config.base_url)
}

/// How many feeds `parallax fetch` would read for the site at `root` (for progress bars).
pub fn feed_count(root: &std::path::Path) -> Result<usize> {
    let config = load::config(root, &Overrides::default())?;
    Ok(fetch::feed_list(&load::sources_of(&config)?).len())
}
