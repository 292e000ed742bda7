//! The `editions:` key of `parallax.yaml`: whether and how editions are generated.

use crate::error::Diagnostic;
use crate::load::yaml::YamlDoc;
use crate::model::Cadence;
use chrono::{NaiveDate, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

/// `editions:` as written. Without `every`, no edition is generated (written ones still are built).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEditions {
    /// `daily` or `weekly`: one generated edition per day, or per week.
    #[serde(default)]
    every: Option<String>,
    /// For weekly editions, the weekday they are dated on (the week ends that day). Default `friday`.
    #[serde(default)]
    weekday: Option<String>,
    /// IANA time zone of the periods and of the editions' days. Default: the site's `timezone`.
    #[serde(default)]
    timezone: Option<String>,
    /// Stories in a generated edition (the most-covered of its period). Default 5.
    #[serde(default)]
    stories: Option<usize>,
    /// The first day to generate editions for, `YYYY-MM-DD`. Default: the period of the oldest story.
    #[serde(default)]
    since: Option<String>,
}

/// The validated `editions:` config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionRules {
    /// How often editions are generated; `None`: only written editions.
    pub cadence: Option<Cadence>,
    /// The time zone of periods and of editions' days (and so of their URLs).
    pub timezone: Tz,
    /// Stories in a generated edition.
    pub stories: usize,
    pub since: Option<NaiveDate>,
}

/// Stories in a generated edition by default.
pub const DEFAULT_STORIES: usize = 5;

impl EditionRules {
    /// Only written editions, dated in `timezone`.
    pub fn written_only(timezone: Tz) -> Self {
        EditionRules {
            cadence: None,
            timezone,
            stories: DEFAULT_STORIES,
            since: None,
        }
    }

    /// Checks `raw` (read from `doc`), pushing what is wrong to `problems` with its line.
    pub fn new(
        raw: Option<RawEditions>,
        site_tz: Tz,
        doc: &YamlDoc,
        problems: &mut Vec<Diagnostic>,
    ) -> Self {
        let RawEditions {
            every,
            weekday,
            timezone,
            stories,
            since,
        } = raw.unwrap_or_default();
        let mut report = |field: &str, message: String, help: &str| {
            problems.push(doc.error(&format!("editions.{field}"), message).help(help));
        };
        let day = match weekday.as_deref().map(str::parse::<Weekday>) {
            None => Weekday::Fri,
            Some(Ok(day)) => day,
            Some(Err(_)) => {
                let text = weekday.unwrap_or_default();
                report(
                    "weekday",
                    format!("`{text}` is not a weekday"),
                    "use monday, tuesday, ... sunday",
                );
                Weekday::Fri
            }
        };
        let cadence = match every.as_deref().map(str::trim) {
            None => None,
            Some("daily") => Some(Cadence::Daily),
            Some("weekly") => Some(Cadence::Weekly(day)),
            Some(other) => {
                report(
                    "every",
                    format!("`{other}` is not a cadence"),
                    "use `daily` or `weekly`",
                );
                None
            }
        };
        let timezone = match timezone {
            None => site_tz,
            Some(name) => name.parse::<Tz>().unwrap_or_else(|_| {
                report(
                    "timezone",
                    format!("unknown time zone `{name}`"),
                    "use an IANA name such as UTC, Europe/Berlin or America/New_York",
                );
                site_tz
            }),
        };
        let stories = stories.unwrap_or(DEFAULT_STORIES);
        if stories == 0 {
            report("stories", "must be at least 1".into(), "e.g. `stories: 5`");
        }
        let since = since.and_then(|text| {
            NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .map_err(|_| {
                    report(
                        "since",
                        format!("`{text}` is not a date"),
                        "write it as 2026-01-30",
                    )
                })
                .ok()
        });
        EditionRules {
            cadence,
            timezone,
            stories: stories.max(1),
            since,
        }
    }
}
