//! Reading a site from disk: the config, the sources registry, the story files and the theme.
//!
//! This is one of the three places that touch the disk (with `fetch` and `write`). Parsing itself is
//! pure and lives beside each reader so it can be tested on strings.

pub mod archive;
pub mod editions;
pub mod memo;
pub mod ratings;
pub mod sources;
pub mod stories;
pub mod theme;
pub mod yaml;

use crate::config::{Config, Overrides, Paths};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::model::{Sources, Story};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Everything a build reads, validated.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    /// The registry with the raters' files merged in.
    pub sources: Sources,
    /// How the raters' rows matched the registry.
    pub ratings: crate::ratings::RatingsReport,
    /// Every story, drafts included, in file-path order.
    pub stories: Vec<Story>,
    /// The archive, the feed state and the local feeds.
    pub feeds: archive::FeedInput,
    /// The automatic stories `parallax cluster` recorded in `content/clusters/`.
    pub clusters: Vec<crate::assign::StoredStory>,
    /// The written newsletter editions (`content/editions/`), drafts included, oldest first.
    pub editions: Vec<crate::model::Edition>,
}

/// Reads a story or edition file, refusing one larger than `max` bytes (`limits.story_kb`) before
/// reading it: a long-form story of 20,000 words is about 120 KB, and a page must stay light (a 5 MB
/// body made a 5.7 MB page).
pub fn read_story_text(path: &Path, max: u64) -> Result<String> {
    let size = std::fs::metadata(path)
        .map_err(|e| Error::read(path, e))?
        .len();
    if size > max {
        return Err(Error::input(
            Diagnostic::new(
                Location::file(path),
                format!(
                    "{} KB, more than a story or edition file may hold ({} KB, `limits.story_kb` in parallax.yaml)",
                    size.div_ceil(1024),
                    max / 1024
                ),
            )
            .help(
                "a page must stay light: shorten the text, or publish it elsewhere and link to it",
            ),
        ));
    }
    read_text(path)
}

/// Reads the local feed file `feed` of the site at `root`, refusing, before reading it, one larger
/// than `max` bytes (`limits.feed_mb`) and one given by a relative path that leads outside the site
/// (`..`, or a link to a file elsewhere; an absolute path is the registry's explicit choice). The
/// message is that feed's error.
pub fn read_feed_file(root: &Path, feed: &str, max: u64) -> std::result::Result<Vec<u8>, String> {
    let path = root.join(feed);
    if Path::new(feed).is_relative() {
        inside_site(root, &path).map_err(|e| match e {
            Error::Input(d) if d.len() == 1 => d[0].message.clone(),
            e => e.to_string(),
        })?;
    }
    let size = std::fs::metadata(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
        .len();
    if size > max {
        return Err(format!(
            "`{}` is {} MB, larger than a feed may be ({} MB, `limits.feed_mb` in parallax.yaml)",
            path.display(),
            size.div_ceil(1024 * 1024),
            max / (1024 * 1024)
        ));
    }
    std::fs::read(&path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))
}

/// Reads a file as UTF-8, naming the path on failure.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::read(path, e))?;
    String::from_utf8(bytes).map_err(|e| {
        Error::input(
            Diagnostic::new(
                Location::file(path),
                format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
            )
            .help("save the file as UTF-8"),
        )
    })
}

/// Reads the config at `root`.
pub fn config(root: &Path, overrides: &Overrides) -> Result<Config> {
    let paths = Paths::new(root);
    if !paths.config.is_file() {
        return Err(Error::Command(format!(
            "no `{}` in `{}`: run parallax in a site folder, pass --root, or create one with `parallax init`",
            crate::config::CONFIG_FILE,
            crate::error::display_path(root)
        )));
    }
    let text = read_text(&paths.config)?;
    Config::parse(&text, paths, overrides)
}

/// Reads the sources registry of a site (an empty registry when the file does not exist).
pub fn sources_of(config: &Config) -> Result<Sources> {
    if config.paths.sources.is_file() {
        sources::parse(&config.paths.sources, &read_text(&config.paths.sources)?)
    } else {
        Ok(Sources::default())
    }
}

/// Reads the registry and merges the raters' files into it.
pub fn rated_sources(config: &Config) -> Result<(Sources, crate::ratings::RatingsReport)> {
    ratings::apply(config, sources_of(config)?)
}

/// Reads and validates the whole site under `root`.
pub fn site(root: &Path, overrides: &Overrides) -> Result<Loaded> {
    site_with(root, overrides, None)
}

/// [`site`], with the front matter memo kept beside the output folder by the parallax
/// `generator` (`Some` for a build, which then brings the memo up to date).
pub fn site_with(root: &Path, overrides: &Overrides, generator: Option<&str>) -> Result<Loaded> {
    let config = config(root, overrides)?;
    let (sources, ratings) = rated_sources(&config)?;
    let feeds = archive::load(&config, &sources)?;
    let memo = generator.map(|g| memo::Memo::read(&config.paths.output, g));
    let stories = stories_in(&config, &sources, &feeds.archived, memo)?;
    let clusters = crate::assign::store::load(&config.paths.root.join(crate::assign::store::DIR))?;
    let editions = editions::load(&config, &sources)?;
    Ok(Loaded {
        config,
        sources,
        ratings,
        stories,
        feeds,
        clusters,
        editions,
    })
}

/// The key points an earlier build into `output` chose (`coverage::known`); none when it left no
/// readable memo.
pub fn known_points(output: &Path) -> crate::coverage::known::Known {
    std::fs::read_to_string(crate::coverage::known::path(output))
        .map(|text| crate::coverage::known::Known::from_text(&text))
        .unwrap_or_default()
}

/// The slugs of the story files under `dir`: each file's `slug:` when it has one, else its name's
/// (read without parsing the rest, so a broken file still keeps its slug).
pub fn story_slugs(dir: &Path, root: &Path) -> std::collections::HashSet<String> {
    let files = story_files(dir, root).unwrap_or_default();
    files
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok().unwrap_or_default();
            let given = text
                .lines()
                .skip(1)
                .take_while(|l| l.trim_end() != "---")
                .find_map(|l| l.strip_prefix("slug:"))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string());
            given.or_else(|| {
                path.file_stem()
                    .map(|s| crate::normalise::slugify(&s.to_string_lossy()))
            })
        })
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every `*.md` under `dir` (stories, editions), sorted by path so builds are deterministic. A
/// link to a file or folder outside the site folder `root` is refused.
pub(crate) fn story_files(dir: &Path, root: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|e| Error::walk(dir, e))?;
        if entry.path_is_symlink() {
            inside_site(root, entry.path())?;
        }
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.ends_with(".md") && !name.starts_with('.') {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Refuses `link` (a symbolic link inside the site) when what it points to is outside the site
/// folder `root`: a build reads and publishes only the site's own files.
pub(crate) fn inside_site(root: &Path, link: &Path) -> Result<()> {
    let target = std::fs::canonicalize(link).map_err(|e| Error::read(link, e))?;
    let root = std::fs::canonicalize(root).map_err(|e| Error::read(root, e))?;
    if target.starts_with(&root) {
        return Ok(());
    }
    Err(Error::input(
        Diagnostic::new(
            Location::file(link),
            format!(
                "a link to `{}`, outside the site folder: refusing to read it",
                target.display()
            ),
        )
        .help("copy the file into the site, or link to one inside it"),
    ))
}

/// Sets the wire copies among `story`'s articles (`Story::syndication`), from the memo when an
/// earlier build saw the same articles; returns the memo entry that keeps them for the next.
fn wire_copies(
    story: &mut Story,
    config: &crate::cluster::ClusterConfig,
    memo: &memo::Memo,
) -> stories::MemoEntry {
    let key = crate::cluster::wire_copies_key(&story.articles, config);
    let articles = story.articles.len();
    let kept = memo
        .get::<Vec<Vec<usize>>>(key)
        .filter(|sets| sets.iter().flatten().all(|&i| i < articles));
    match kept {
        Some(sets) => {
            story.syndication = sets;
            (key, None)
        }
        None => {
            story.syndication = crate::cluster::wire_copies(&story.articles, config);
            (key, memo::Memo::encode(&story.syndication))
        }
    }
}

/// The story files' stories; `memo` (when given) gives the front matter it has and keeps the
/// rest. Files are read in slices of a few thousand (each on every core), so that the encoded
/// front matter of one slice is written to the memo before the next is read.
fn stories_in(
    config: &Config,
    sources: &Sources,
    archived: &crate::archive::Archived,
    memo: Option<memo::Memo>,
) -> Result<Vec<Story>> {
    const SLICE: usize = 4096;
    let files = story_files(&config.paths.stories, &config.paths.root)?;
    let kept = memo.is_some();
    let memo = memo.unwrap_or_default();
    let mut writer = kept.then(|| memo.writer());
    let mut parsed = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for slice in files.chunks(SLICE) {
        let results: Vec<Result<(stories::Parsed, [stories::MemoEntry; 2])>> = slice
            .par_iter()
            .map(|path| {
                let text = read_story_text(path, config.limits.story_bytes())?;
                let with = (sources, archived, config.timezone);
                let (mut parsed, entry) = stories::parse_with(path, &text, with, &memo)?;
                parsed.story.file = path
                    .strip_prefix(&config.paths.root)
                    .unwrap_or(path)
                    .to_path_buf();
                let copies = wire_copies(&mut parsed.story, &config.cluster, &memo);
                Ok((parsed, [entry, copies]))
            })
            .collect();
        for result in results {
            match result {
                Ok((p, entries)) => {
                    parsed.push(p);
                    if let Some(writer) = &mut writer {
                        for (key, value) in entries {
                            writer.add(key, value.as_deref());
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
    }
    let mut by_slug: HashMap<&str, &Path> = HashMap::new();
    for p in &parsed {
        if let Some(first) = by_slug.insert(&p.story.slug, &p.story.file) {
            errors.push(Error::input(
                Diagnostic::new(
                    read_text(&p.path).map_or_else(
                        |_| Location::file(&p.path),
                        |text| stories::slug_location(&p.path, &text),
                    ),
                    format!(
                        "slug `{}` is already used by `{}`",
                        p.story.slug,
                        first.display()
                    ),
                )
                .field("slug")
                .help("give one of the two stories its own `slug:`"),
            ));
        }
    }
    if let Some(writer) = writer.filter(|_| errors.is_empty()) {
        writer.finish();
    }
    match Error::merge(errors) {
        Some(e) => Err(e),
        None => Ok(parsed.into_iter().map(|p| p.story).collect()),
    }
}
