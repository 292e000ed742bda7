//! parallax: a static site generator for multi-source news coverage.
//!
//! The pipeline, one stage per module:
//!
//! ```text
//! load  ->  normalise  ->  cluster (assign::compose)  ->  coverage  ->  site (pages, permalinks)  ->  render  ->  write
//! disk      pure            pure                          pure          pure                          pure        disk
//! ```
//!
//! The stateful steps that write `content/` stay apart: `fetch` (the feed archive), `assign`
//! (`parallax cluster`: which archived articles form which automatic story) and `import`
//! (`import-opml`, `import-ratings`: outlets and raters' files). The raters' files under
//! `content/ratings/` are inputs of the build: `load` merges them into the registry (`ratings`).
//!
//! `build` below is that pipeline end to end; `main.rs` only parses arguments and prints.

mod archive;
mod assign;
mod check;
mod cluster;
mod config;
mod coverage;
mod digest;
mod email;
mod error;
mod feed;
mod fetch;
mod import;
mod init;
mod load;
mod lock;
mod markdown;
mod model;
mod newsletter;
mod normalise;
mod ratings;
mod render;
mod serve;
mod site;
pub mod stop;
mod write;

#[doc(hidden)]
pub mod fuzzing;

pub use assign::run::ClusterReport;
pub use check::{CheckReport, Problem, ProblemKind, Severity};
pub use cluster::{
    ClusterConfig, Doc, GroupInfo, SharedTerm, cluster, describe as describe_group,
    describe_all as describe_groups, extend as extend_clusters, is_opinion,
};
pub use config::{CONFIG_FILE, Config, Overrides};
pub use email::{EmailFormat, EmailOutput};
pub use error::{Diagnostic, Error, Location, Result};
pub use feed::{EncodingSource, MAX_INFLATED, Recovered, Repair, parse_recovering};
pub use feed::{FeedError, FeedFormat, FeedItem, ParsedFeed, SUMMARY_CHARS, parse as parse_feed};
pub use fetch::http::{Client, HttpOptions, Outcome, Validators};
pub use fetch::{FeedReport, FeedResult, FetchOptions, FetchReport, fetch};
pub use import::ratings::{ImportRatings, RatingsImport, import_ratings};
pub use import::{ImportReport, import_opml};
pub use init::init;
pub use lock::LockWait;
pub use model::Timestamp;
pub use model::{
    Article, Bias, Bucket, ClusterControls, Country, Factuality, Origin, OwnershipKind, Source,
    Sources, Story,
};
pub use newsletter::{NewsletterReport, import_newsletter};
pub use serve::{ServeEvent, ServeOptions, serve};

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
    /// Pages rendered by this build; the others were kept from the previous output, as their
    /// templates and contents had not changed.
    pub pages_rendered: usize,
    /// Problems that did not stop the build (a local feed that failed to parse...), one line each.
    pub warnings: Vec<String>,
    /// Files whose bytes were written; the others were the same as in the previous output (0 when
    /// nothing the build reads had changed).
    pub files_written: usize,
    /// Nothing the build reads had changed and the output was whole: the build stopped before
    /// loading anything and left the output as it was.
    pub up_to_date: bool,
}

impl BuildReport {
    fn from_summary(
        output: PathBuf,
        summary: write::manifest::Summary,
        files_written: usize,
        (cards_rendered, pages_rendered): (usize, usize),
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
            pages_rendered,
            warnings: summary.warnings,
            files_written,
            up_to_date: false,
        }
    }
}

/// The parallax that makes a build: another version or commit may render differently.
const GENERATOR: &str = concat!(env!("CARGO_PKG_VERSION"), " ", env!("PARALLAX_COMMIT"));

/// [`GENERATOR`] and the running program's size and time of last change: a binary rebuilt from
/// uncommitted changes (same version and commit) must not take the previous output as up to date.
fn generator() -> String {
    let stamp = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let changed = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            format!("{} {}", m.len(), changed.map_or(0, |d| d.as_nanos()))
        })
        .unwrap_or_default();
    format!("{GENERATOR} {stamp}")
}

/// The overrides of the config that the build options carry.
fn overrides(options: &BuildOptions) -> Overrides {
    Overrides {
        base_url: options.base_url.clone(),
        output: options.output.clone(),
    }
}

/// Builds the site at `options.root` into its output folder, replacing it only on success. When
/// nothing it reads changed since the last build into that folder, it stops early and writes nothing.
pub fn build(options: &BuildOptions) -> Result<BuildReport> {
    let config = load::config(&options.root, &overrides(options))?;
    let generator = generator();
    let flags = format!("{generator}|{}|{}", options.drafts, options.future);
    let inputs = write::manifest::site_inputs(&config, &flags);
    let now = options.now.unwrap_or_else(chrono::Utc::now);
    if let Some(summary) =
        write::up_to_date(&config.paths.output, &generator, &inputs, now, options.wait)?
    {
        let report = BuildReport::from_summary(config.paths.output, summary, 0, (0, 0));
        return Ok(BuildReport {
            up_to_date: true,
            ..report
        });
    }
    let prepared = prepare_at(options, now, Memo::Keep)?;
    let output = prepared.site.config.paths.output.clone();
    let files = prepared.files();
    let Prepared {
        site,
        renderer,
        warnings,
        next_due,
        ..
    } = prepared;
    let cards = render::card::all(&site);
    let written = write::site(
        &site,
        &renderer,
        files,
        write::Build {
            generator: &generator,
            inputs: &inputs,
            next_due,
            now,
            warnings,
            wait: options.wait,
            cards,
        },
    )?;
    write::known_points(&output, &site.chosen);
    // Freeing the site (millions of small allocations at 100k stories) is a single-threaded tail
    // nothing waits for: it goes to a thread of its own (inline if none can be started).
    let _ = std::thread::Builder::new().spawn(move || drop((site, renderer)));
    Ok(BuildReport::from_summary(
        output,
        written.summary,
        written.files_written,
        (written.cards_rendered, written.pages_rendered),
    ))
}

/// The email files of one edition (`parallax email`): their paths in the built site, or, with
/// `stdout`, one of them rendered now.
pub fn email(
    options: &BuildOptions,
    edition: &str,
    stdout: Option<EmailFormat>,
) -> Result<EmailOutput> {
    let now = options.now.unwrap_or_else(chrono::Utc::now);
    let (site, theme, _) = lay_out(options, &overrides(options), now, Memo::Skip)?;
    let index = email::find(&site, edition)?;
    let Some(format) = stdout else {
        return email::paths(&site, index);
    };
    let renderer = render::Renderer::new(&site.config, &theme)?;
    let urls = renderer.urls().absolute_links();
    Ok(EmailOutput::Bytes(match format {
        EmailFormat::Html => render::email::html(&site, index, &renderer, &urls)?,
        EmailFormat::Text => render::email_text::edition(&site, index, &urls).into_bytes(),
    }))
}

/// Loads the site and lays it out: every story, edition and page, ready to render.
/// Also says when the next story or edition left out for its date is due.
fn lay_out(
    options: &BuildOptions,
    overrides: &Overrides,
    now: model::Timestamp,
    memo: Memo,
) -> Result<(
    site::Site,
    load::theme::ThemeFiles,
    Option<model::Timestamp>,
)> {
    let memo_of = (memo == Memo::Keep).then(generator);
    let mut loaded = load::site_with(&options.root, overrides, memo_of.as_deref())?;
    let theme = load::theme::load(&loaded.config)?;
    // How the raters' files matched, one line, beside the feeds' warnings.
    let ratings = loaded.ratings.summary();
    loaded.feeds.warnings.extend(ratings);
    let stories = std::mem::take(&mut loaded.stories);
    let schedule = Schedule::new(options, now);
    // A story an edition lists is left out of it when this build does not publish it (a draft,
    // or dated in the future).
    let left_out: std::collections::HashSet<String> = stories
        .iter()
        .filter(|s| !schedule.publishes(s))
        .map(|s| s.slug.clone())
        .collect();
    // Written editions: those published now, and those that wait for their date.
    let (written, later): (Vec<_>, Vec<_>) = std::mem::take(&mut loaded.editions)
        .into_iter()
        .filter(|e| options.drafts || !e.draft)
        .partition(|e| schedule.due(e.date));
    let stories_due = schedule.next_due(&stories);
    let composed = compose(&loaded, stories, schedule)?;
    let written =
        site::editions::resolve(written, &composed.stories, &composed.redirects, &left_out)?;
    let known = site::KnownPoints {
        known: load::known_points(&loaded.config.paths.output),
        generator: generator(),
    };
    let site = site::Site::new(
        loaded.config,
        loaded.sources,
        composed,
        loaded.feeds,
        options.drafts,
        &known,
    )
    .with_editions(written, (!options.future).then_some(now));
    let editions_due = later.iter().map(|e| e.date).chain(site.next_edition).min();
    let next_due = stories_due.into_iter().chain(editions_due).min();
    Ok((site, theme, next_due))
}

/// A site loaded, composed and laid out in memory with its compiled templates: what `build`
/// writes, `serve` serves and `check` inspects.
struct Prepared {
    site: site::Site,
    renderer: render::Renderer,
    /// Problems that did not stop the build, one line each.
    warnings: Vec<String>,
    /// The theme's and the site's static files, by output path.
    statics: std::collections::BTreeMap<String, Vec<u8>>,
    /// The editions' email files, by output path.
    emails: Vec<(String, Vec<u8>)>,
    /// When the next story or edition left out for its date is due.
    next_due: Option<model::Timestamp>,
}

/// The pure part of a build: load, normalise, cluster, coverage, site, and the templates.
fn prepare(options: &BuildOptions) -> Result<Prepared> {
    let now = options.now.unwrap_or_else(chrono::Utc::now);
    prepare_at(options, now, Memo::Skip)
}

/// Whether a run reads and keeps the front matter memo beside the output folder (`load::memo`):
/// `build` does; `check`, `serve` and `email`, which write nothing there, do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Memo {
    Keep,
    Skip,
}

/// [`prepare`] as at `now`: what is dated later waits (unless `--future`).
fn prepare_at(options: &BuildOptions, now: model::Timestamp, memo: Memo) -> Result<Prepared> {
    let (site, theme, next_due) = lay_out(options, &overrides(options), now, memo)?;
    let warnings = site.feeds.warnings.clone();
    let renderer = render::Renderer::new(&site.config, &theme)?;
    let emails = render::email::files(&site, &renderer)?;
    Ok(Prepared {
        site,
        renderer,
        warnings,
        statics: theme.statics,
        emails,
        next_due,
    })
}

impl Prepared {
    /// The files beside the pages: sitemap, search index... and the theme's and site's static files.
    fn files(&self) -> Vec<(String, Vec<u8>)> {
        self.with_emails_and_statics(render::site_files(&self.site, self.renderer.urls()))
    }

    /// `generated` (the site's generated files) with the email and static files.
    fn with_emails_and_statics(
        &self,
        mut generated: Vec<(String, Vec<u8>)>,
    ) -> Vec<(String, Vec<u8>)> {
        generated.extend(self.emails.iter().cloned());
        generated.extend(self.statics.iter().map(|(p, b)| (p.clone(), b.clone())));
        generated
    }

    /// Every output path the build makes, with what makes it (repeats kept, for `check`), given
    /// the site's `generated` files.
    fn made(&self, generated: &[(String, Vec<u8>)]) -> Vec<(String, &'static str)> {
        let generated = generated
            .iter()
            .map(|(path, _)| (path.clone(), "a generated file"))
            .chain(
                self.emails
                    .iter()
                    .map(|(path, _)| (path.clone(), "an email file")),
            );
        let statics = self
            .statics
            .keys()
            .map(|path| (path.clone(), "a static file"));
        let pages = self
            .site
            .pages
            .iter()
            .map(|page| (page.output_file(), "a page"));
        generated.chain(statics).chain(pages).collect()
    }

    /// Every file of the site rendered in memory, pages included, by output path, given the
    /// site's `generated` files.
    fn render(&self, generated: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, Vec<u8>)>> {
        let mut files = self.with_emails_and_statics(generated);
        files.extend(render::memory::pages(&self.site, &self.renderer)?);
        Ok(files)
    }
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
        (self.drafts || !story.draft) && self.due(story.date)
    }

    /// Whether something dated `date` is published now.
    fn due(&self, date: model::Timestamp) -> bool {
        self.future || date <= self.now
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

/// What `parallax check` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site and how it is built. With `output` given, that built folder's files are checked
    /// instead of a build in memory.
    pub build: BuildOptions,
    /// Check outbound links too, over the network.
    pub external: bool,
    /// The clock, for articles dated in the future; now when `None` (tests set it).
    pub now: Option<model::Timestamp>,
}

/// Checks the site without writing it (`parallax check`): builds it in memory (or reads the
/// built folder at `options.build.output`) and reports every problem found, with its place.
/// A site that does not build is reported as problems too.
pub fn check(options: &CheckOptions) -> Result<CheckReport> {
    let prepared = match prepare(&options.build) {
        Ok(prepared) => prepared,
        Err(Error::Input(diagnostics)) => return Ok(CheckReport::build_failed(&diagnostics)),
        Err(Error::Template { name, message }) => {
            let diagnostic = Diagnostic::new(Location::file(format!("template `{name}`")), message);
            return Ok(CheckReport::build_failed(&[diagnostic]));
        }
        Err(other) => return Err(other),
    };
    // Rendered once: `check` needs their paths (duplicate URLs) and, in memory, their bytes.
    let generated = render::site_files(&prepared.site, prepared.renderer.urls());
    let made = prepared.made(&generated);
    let files: check::Files = match &options.build.output {
        Some(output) if !output.is_dir() => {
            return Err(Error::Command(format!(
                "no built site at `{}`: run `parallax build` first, or leave out --output to check a build in memory",
                error::display_path(output)
            )));
        }
        Some(output) => check::read_output(output)?,
        None => prepared.render(generated)?.into_iter().collect(),
    };
    let config = &prepared.site.config;
    let external = options.external.then(|| check::external::Settings {
        jobs: 8,
        timeout: std::time::Duration::from_secs(15),
        per_host: std::time::Duration::from_millis(250),
        cache: lock::sibling(&config.paths.output, "parallax-links"),
        max_age: std::time::Duration::from_secs(
            u64::from(config.check.external_cache_hours) * 3600,
        ),
    });
    Ok(check::run(check::Run {
        site: &prepared.site,
        files: &files,
        made: &made,
        now: options.now.unwrap_or_else(chrono::Utc::now),
        external,
    }))
}

/// How the raters' files of the site match its sources (`parallax check`), as lines to print:
/// rows that match no source, rows that rate a source twice, sources no rater covers with the
/// closest unmatched row. Empty when the site declares no rater.
pub fn check_ratings(options: &BuildOptions) -> Result<Vec<String>> {
    let config = load::config(&options.root, &Overrides::default())?;
    let (sources, report) = load::rated_sources(&config)?;
    Ok(check::ratings::describe(&report, &sources))
}

/// How many feeds `parallax fetch` would read for the site at `root` (for progress bars).
pub fn feed_count(root: &std::path::Path) -> Result<usize> {
    let config = load::config(root, &Overrides::default())?;
    Ok(fetch::feed_list(&load::sources_of(&config)?).len())
}
