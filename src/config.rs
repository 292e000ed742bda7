//! The site config, `parallax.yaml` at the site root.
//!
//! `RawConfig` is exactly what the file may say (unknown keys are errors that name the key and the
//! line); `Config` is the validated form the rest of the pipeline reads: URLs parsed, the time zone
//! resolved, paths made absolute.

use crate::error::{Diagnostic, Error, Result};
use crate::load::yaml::YamlDoc;
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use url::Url;

/// The config file's name, at the site root.
pub const CONFIG_FILE: &str = "parallax.yaml";

/// What `parallax.yaml` may contain. Every key but `title` and `base_url` is optional.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    /// The site's name, shown in every page header and in feeds.
    title: String,
    /// One sentence about the site, for the home page description and feeds.
    #[serde(default)]
    description: String,
    /// Where the site is published, e.g. `https://user.github.io/repo/`. Every link is made under
    /// its path (`/repo/`). `parallax build --base-url` overrides it.
    base_url: String,
    /// The pages' language (BCP 47), for `<html lang>`. Default `en`.
    #[serde(default = "default_language")]
    language: String,
    /// A folder under `themes/`; `default` is built into parallax. Default `default`.
    #[serde(default = "default_theme")]
    theme: String,
    /// Stories per page on the home page. Default 20.
    #[serde(default = "default_pagination")]
    pagination: usize,
    /// IANA time zone in which dates are shown and plain dates are read, e.g. `Europe/Berlin`. Default `UTC`.
    #[serde(default = "default_timezone")]
    timezone: String,
    /// A custom domain for GitHub Pages; written to `CNAME`.
    #[serde(default)]
    cname: Option<String>,
    /// Names to show instead of the built-in ones, by ISO code: `{TW: Taiwan}`.
    #[serde(default)]
    country_names: BTreeMap<String, String>,
    /// Thresholds of the coverage analysis.
    #[serde(default)]
    analysis: Analysis,
    /// Automatic stories from the archive: how articles are grouped (`parallax cluster`) and which
    /// groups get a page.
    #[serde(default)]
    cluster: crate::cluster::ClusterConfig,
    /// Raters whose files under `content/ratings/` give sources their ratings (README, "Using
    /// real ratings").
    #[serde(default)]
    raters: Vec<crate::ratings::config::RawRater>,
    /// A CSV under `content/ratings/` with columns `owner,type`: the ownership type of each
    /// owner name, for sources whose type nobody gives.
    #[serde(default)]
    owners: Option<String>,
    /// Newsletter editions: whether and how often they are generated from the stories.
    #[serde(default)]
    editions: Option<crate::site::editions::RawEditions>,
    /// What `parallax check` reports.
    #[serde(default)]
    check: Check,
    /// The Atom, RSS and JSON feeds the site publishes.
    #[serde(default)]
    feeds: Feeds,
    /// Which stories get a share image (`true`, `false`, or the newest N). Default `true`.
    #[serde(default)]
    share_cards: ShareCards,
    /// The largest inputs parallax reads (feed documents, story files).
    #[serde(default)]
    limits: Limits,
}

/// What `parallax check` reports (`check:` in `parallax.yaml`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Check {
    /// A feed whose last successful fetch is older than this many days is reported. Default 14.
    pub stale_feed_days: u32,
    /// Hours an outbound link checked fine by `check --external` is not checked again. Default 24.
    pub external_cache_hours: u32,
}

impl Default for Check {
    fn default() -> Self {
        Check {
            stale_feed_days: 14,
            external_cache_hours: 24,
        }
    }
}

/// The feeds the site publishes (Atom 1.0, RSS 2.0, JSON Feed 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Feeds {
    /// Items per feed, newest first. Default 50.
    pub items: usize,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds { items: 50 }
    }
}

/// The largest inputs parallax accepts (`limits:` in `parallax.yaml`), so that a hostile or broken
/// feed or file costs bounded memory and time. Each limit names itself in the message when it is hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// The largest feed document, fetched or a local file, in MB (a fetched one counted after gzip
    /// decoding). A larger one fails as that feed's error. Default 8.
    pub feed_mb: u64,
    /// Items read of one feed document: the newest this many are kept, the rest dropped with a
    /// warning. Default 5000.
    pub feed_items: usize,
    /// The largest story or edition file, in KB. A larger one is an error. Default 1024.
    pub story_kb: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            feed_mb: 8,
            feed_items: 5000,
            story_kb: 1024,
        }
    }
}

impl Limits {
    /// [`Limits::feed_mb`] in bytes.
    pub fn feed_bytes(&self) -> u64 {
        self.feed_mb.saturating_mul(1024 * 1024)
    }

    /// [`Limits::story_kb`] in bytes.
    pub fn story_bytes(&self) -> u64 {
        self.story_kb.saturating_mul(1024)
    }
}

/// Which stories get a share image (a 1200x630 PNG for social networks): all of them (`true`),
/// none (`false`), or the newest N by last update (a number), to keep a large site's output small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum ShareCards {
    All(bool),
    Newest(usize),
}

impl Default for ShareCards {
    fn default() -> Self {
        ShareCards::All(true)
    }
}

impl ShareCards {
    /// How many of the newest stories get a card, out of `stories`.
    pub fn count(self, stories: usize) -> usize {
        match self {
            ShareCards::All(true) => stories,
            ShareCards::All(false) => 0,
            ShareCards::Newest(n) => n.min(stories),
        }
    }

    /// Whether the site has share images at all (the site's own card included).
    pub fn enabled(self) -> bool {
        !matches!(self, ShareCards::All(false))
    }
}

/// Thresholds of the coverage analysis; every default is BRIEF.md's.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Analysis {
    /// A blindspot needs at least this many bias-rated sources. Default 6.
    pub blindspot_min_rated: usize,
    /// The side that barely covers a blindspot has at most this share of the rated sources, in
    /// percent. Default 20.
    pub blindspot_max_share: u32,
    /// And the opposite side has at least this many percentage points more. Default 20.
    pub blindspot_min_gap: u32,
    /// Automatic key points for stories whose editor gave none. Default 3; 0 turns them off.
    pub insights: usize,
    /// Related stories listed on a story page. Default 5.
    pub related_stories: usize,
    /// Similar topics listed on a story page. Default 6.
    pub similar_topics: usize,
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis {
            blindspot_min_rated: 6,
            blindspot_max_share: 20,
            blindspot_min_gap: 20,
            insights: 3,
            related_stories: 5,
            similar_topics: 6,
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_pagination() -> usize {
    20
}
fn default_timezone() -> String {
    "UTC".into()
}

/// The validated site config.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL of the site, ending in `/`.
    pub base_url: Url,
    pub language: String,
    pub theme: String,
    pub pagination: usize,
    pub timezone: Tz,
    pub cname: Option<String>,
    pub country_names: BTreeMap<String, String>,
    pub analysis: Analysis,
    pub cluster: crate::cluster::ClusterConfig,
    pub ratings: crate::ratings::RatingsConfig,
    pub editions: crate::site::editions::EditionRules,
    pub check: Check,
    pub feeds: Feeds,
    pub share_cards: ShareCards,
    pub limits: Limits,
    pub paths: Paths,
}

/// Where a site's files are.
#[derive(Debug, Clone)]
pub struct Paths {
    pub root: PathBuf,
    pub config: PathBuf,
    pub sources: PathBuf,
    pub stories: PathBuf,
    /// `content/editions/`: the written (and imported) newsletter editions.
    pub editions: PathBuf,
    pub templates: PathBuf,
    pub static_files: PathBuf,
    pub themes: PathBuf,
    pub output: PathBuf,
}

impl Paths {
    pub fn new(root: &Path) -> Self {
        Paths {
            root: root.to_path_buf(),
            config: root.join(CONFIG_FILE),
            sources: root.join("content").join("sources.yaml"),
            stories: root.join("content").join("stories"),
            editions: root.join("content").join("editions"),
            templates: root.join("templates"),
            static_files: root.join("static"),
            themes: root.join("themes"),
            output: root.join("output"),
        }
    }
}

/// Overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
    pub output: Option<PathBuf>,
}

impl Config {
    /// Parses and validates the config text read from `paths.config`.
    pub fn parse(text: &str, paths: Paths, overrides: &Overrides) -> Result<Config> {
        let path = paths.config.clone();
        let (raw, doc) = YamlDoc::parse::<RawConfig>(&path, text, 0)?;
        let RawConfig {
            title,
            description,
            base_url,
            language,
            theme,
            pagination,
            timezone,
            cname,
            country_names,
            analysis,
            cluster,
            raters,
            owners,
            editions,
            check,
            feeds,
            share_cards,
            limits,
        } = raw;
        let mut problems = Vec::new();
        let ratings =
            crate::ratings::config::validate(raters, owners, &doc, &paths.root, &mut problems);

        let base_url = match &overrides.base_url {
            Some(url) => parse_base_url(url).map_err(|m| {
                Diagnostic::new(crate::error::Location::file("--base-url"), m)
                    .help("give an absolute URL such as https://user.github.io/repo/")
            }),
            None => parse_base_url(&base_url).map_err(|m| {
                doc.error("base_url", m)
                    .help("give an absolute URL such as https://user.github.io/repo/")
            }),
        };
        let base_url = base_url.map_err(|d| problems.push(d)).ok();

        let timezone = timezone
            .parse::<Tz>()
            .map_err(|_| {
                problems.push(
                    doc.error("timezone", format!("unknown time zone `{timezone}`"))
                        .help("use an IANA name such as UTC, Europe/Berlin or Asia/Tokyo"),
                )
            })
            .ok();
        if pagination == 0 {
            problems.push(
                doc.error("pagination", "must be at least 1")
                    .help("e.g. `pagination: 20`"),
            );
        }
        if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
            problems.push(
                doc.error("theme", format!("`{theme}` is not a theme folder name"))
                    .help("name a folder under themes/, or use `default`"),
            );
        }
        for code in country_names.keys() {
            if crate::model::Country::parse(code).is_none() {
                problems.push(
                    doc.error(
                        &format!("country_names.{code}"),
                        format!("`{code}` is not an ISO 3166-1 alpha-2 code"),
                    )
                    .help("use two-letter codes such as TW or KR"),
                );
            }
        }
        for (key, value) in [
            ("blindspot_max_share", analysis.blindspot_max_share),
            ("blindspot_min_gap", analysis.blindspot_min_gap),
        ] {
            if value > 100 {
                problems.push(
                    doc.error(
                        &format!("analysis.{key}"),
                        format!("{value} is not a percentage"),
                    )
                    .help("give a number from 0 to 100"),
                );
            }
        }
        let editions = crate::site::editions::EditionRules::new(
            editions,
            timezone.unwrap_or(chrono_tz::UTC),
            &doc,
            &mut problems,
        );
        if feeds.items == 0 {
            problems.push(
                doc.error("feeds.items", "must be at least 1")
                    .help("e.g. `items: 50`"),
            );
        }
        for (key, zero) in [
            ("feed_mb", limits.feed_mb == 0),
            ("feed_items", limits.feed_items == 0),
            ("story_kb", limits.story_kb == 0),
        ] {
            if zero {
                problems.push(
                    doc.error(&format!("limits.{key}"), "must be at least 1")
                        .help("leave the key out for the default"),
                );
            }
        }
        if !problems.is_empty() {
            return Err(Error::Input(problems));
        }
        let mut paths = paths;
        if let Some(output) = &overrides.output {
            paths.output = output.clone();
        }
        Ok(Config {
            title,
            description,
            base_url: base_url.expect("checked"),
            language,
            theme,
            pagination,
            timezone: timezone.expect("checked"),
            cname: cname
                .filter(|c| !c.trim().is_empty())
                .map(|c| c.trim().to_string()),
            country_names: country_names
                .into_iter()
                .map(|(k, v)| (k.to_ascii_uppercase(), v))
                .collect(),
            analysis,
            cluster,
            ratings,
            editions,
            check,
            feeds,
            share_cards,
            limits,
            paths,
        })
    }

    /// The path part of the base URL, `/` or `/repo/`.
    pub fn base_path(&self) -> &str {
        self.base_url.path()
    }

    /// The name shown for a country, honouring `country_names`.
    pub fn country_name(&self, country: crate::model::Country) -> String {
        self.country_names
            .get(country.code())
            .cloned()
            .unwrap_or_else(|| country.name().to_string())
    }
}

fn parse_base_url(text: &str) -> std::result::Result<Url, String> {
    let mut url =
        Url::parse(text.trim()).map_err(|e| format!("`{text}` is not an absolute URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("`{text}` must start with http:// or https://"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("`{text}` must not have a query or fragment"));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config> {
        Config::parse(text, Paths::new(Path::new("site")), &Overrides::default())
    }

    #[test]
    fn defaults_fill_optional_keys() {
        let config = parse("title: T\nbase_url: https://u.github.io/repo\n").unwrap();
        assert_eq!(config.base_path(), "/repo/");
        assert_eq!(config.pagination, 20);
        assert_eq!(config.theme, "default");
        assert_eq!(config.timezone, chrono_tz::UTC);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = parse("title: T\nbase_url: https://x.example/\ncolour: red\n")
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("site/parallax.yaml:3:"), "{err}");
        assert!(err.contains("unknown field `colour`"), "{err}");
    }

    #[test]
    fn bad_values_are_all_reported_with_lines() {
        let err = parse("title: T\nbase_url: not a url\npagination: 0\ntimezone: Mars/Base\n")
            .unwrap_err();
        let Error::Input(problems) = err else {
            panic!("expected input errors")
        };
        let lines: Vec<_> = problems.iter().map(|p| p.location.line.unwrap()).collect();
        assert_eq!(lines, vec![2, 4, 3]);
    }

    #[test]
    fn command_line_base_url_wins() {
        let overrides = Overrides {
            base_url: Some("https://e.github.io/repo/".into()),
            output: None,
        };
        let config = Config::parse(
            "title: T\nbase_url: https://x.example/\n",
            Paths::new(Path::new(".")),
            &overrides,
        )
        .unwrap();
        assert_eq!(config.base_url.as_str(), "https://e.github.io/repo/");
    }
}
