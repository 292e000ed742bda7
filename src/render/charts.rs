//! Inline SVG charts: no JavaScript, no external requests. Every chart carries a text equivalent
//! (`<title>` and `<desc>`) and does not rely on colour alone: Right is hatched, Unrated hollow,
//! Left and Center differ in lightness, and the legend names them.

use crate::config::Config;
use crate::model::{Sources, Story, Timestamp};
use crate::render::{dates, escape_html};
use chrono::{Duration, TimeZone, Timelike};
use std::fmt::Write;

/// Bin widths the timeline may use, in hours.
const BIN_HOURS: &[u64] = &[1, 3, 6, 12, 24, 48, 168];
/// At most this many bars.
const MAX_BINS: u64 = 16;
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 90.0;
const SIDES: [(&str, &str); 4] = [
    ("l", "Left"),
    ("c", "Center"),
    ("r", "Right"),
    ("u", "Unrated"),
];

/// The coverage timeline: articles per time bin, stacked by the lean of their source.
pub fn timeline(story: &Story, sources: &Sources, config: &Config) -> String {
    let Some(first) = story.articles.iter().map(|a| a.published).min() else {
        return String::new();
    };
    let last = story
        .articles
        .iter()
        .map(|a| a.published)
        .max()
        .unwrap_or(first);
    let span_hours = ((last - first).num_hours() + 1) as u64;
    let bin = *BIN_HOURS
        .iter()
        .find(|&&h| span_hours.div_ceil(h) <= MAX_BINS)
        .unwrap_or(&168) as i64;
    let start = floor(first, bin, config);
    let count = ((last - start).num_hours() / bin + 1) as usize;
    let mut bins = vec![[0usize; 4]; count];
    for article in &story.articles {
        let k = ((article.published - start).num_hours() / bin) as usize;
        let side = sources
            .get(&article.source)
            .and_then(|s| s.bias)
            .map_or(3, |b| b.bucket().index());
        bins[k.min(count - 1)][side] += 1;
    }
    let max = bins
        .iter()
        .map(|b| b.iter().sum::<usize>())
        .max()
        .unwrap_or(1)
        .max(1);

    let bar = WIDTH / count as f64;
    let mut paths = [String::new(), String::new(), String::new(), String::new()];
    for (k, bin_counts) in bins.iter().enumerate() {
        let mut y = HEIGHT;
        for (side, &n) in bin_counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let h = HEIGHT * n as f64 / max as f64;
            y -= h;
            let _ = write!(
                paths[side],
                "M{:.0} {:.0}h{:.0}v{:.0}h-{:.0}z",
                k as f64 * bar + 1.0,
                y,
                bar - 2.0,
                h,
                bar - 2.0
            );
        }
    }

    let label = |k: usize| {
        let at = start + Duration::hours(bin * k as i64);
        let local = at.with_timezone(&config.timezone);
        let format = if bin >= 24 {
            dates::Format::MonthDay
        } else {
            dates::Format::MonthDayTime
        };
        dates::format(&local, format)
    };
    let unit = match bin {
        1 => "hour".to_string(),
        24 => "day".to_string(),
        168 => "week".to_string(),
        h if h % 24 == 0 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    };
    let mut desc = format!("Articles per {unit}: ");
    let mut parts = Vec::new();
    for (k, b) in bins.iter().enumerate() {
        let total: usize = b.iter().sum();
        if total > 0 {
            let detail: Vec<String> = SIDES
                .iter()
                .zip(b)
                .filter(|(_, n)| **n > 0)
                .map(|((_, name), n)| format!("{name} {n}"))
                .collect();
            parts.push(format!("{}: {total} ({})", label(k), detail.join(", ")));
        }
    }
    desc.push_str(&parts.join("; "));

    let mut svg = format!(
        "<svg class=\"timeline\" viewBox=\"0 -14 {WIDTH} {}\" role=\"img\" aria-labelledby=\"tl-t tl-d\"><title id=\"tl-t\">Coverage timeline</title><desc id=\"tl-d\">{}</desc>",
        HEIGHT + 30.0,
        escape_html(&desc)
    );
    if !paths[2].is_empty() {
        // Right is hatched and Unrated hollow, so no side is told apart by colour alone.
        svg.push_str("<defs><pattern id=\"tl-h\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"5\" height=\"5\" class=\"r\"/><path d=\"M0 0v5\" class=\"hatch\"/></pattern></defs>");
    }
    for (side, path) in paths.iter().enumerate() {
        if !path.is_empty() {
            let fill = if side == 2 {
                " fill=\"url(#tl-h)\""
            } else {
                ""
            };
            let _ = write!(
                svg,
                "<path class=\"{}\"{fill} d=\"{path}\"/>",
                SIDES[side].0
            );
        }
    }
    let _ = write!(
        svg,
        "<text x=\"0\" y=\"{:.0}\">{}</text><text x=\"{WIDTH}\" y=\"{:.0}\" text-anchor=\"end\">{}</text><text x=\"0\" y=\"-3\">{max} article{}</text></svg>",
        HEIGHT + 14.0,
        escape_html(&label(0)),
        HEIGHT + 14.0,
        escape_html(&label(count - 1)),
        if max == 1 { "" } else { "s" }
    );
    svg
}

/// The start of the bin holding `at`: whole hours (multiples of `bin`) or local midnight.
fn floor(at: Timestamp, bin: i64, config: &Config) -> Timestamp {
    let local = at.with_timezone(&config.timezone);
    let floored = if bin >= 24 {
        local
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .expect("midnight exists")
    } else {
        let hour = local.hour() as i64 / bin * bin;
        local
            .date_naive()
            .and_hms_opt(hour as u32, 0, 0)
            .expect("valid hour")
    };
    config
        .timezone
        .from_local_datetime(&floored)
        .earliest()
        .map(|d| d.to_utc())
        .unwrap_or(at)
        .min(at)
}
