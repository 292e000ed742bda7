//! `parallax check`'s report on the raters' files: how many rows each matched and by which rule,
//! the rows that match no source, the rows that rate a source again, and the sources no rater
//! covers, each with the closest unmatched row by name (a likely alias).

use crate::model::Sources;
use crate::ratings::vocab::norm_name;
use crate::ratings::{RaterReport, RatingsReport};

/// Rows that match no source listed per rater; the rest are counted.
const LISTED: usize = 20;

/// The report as lines, deterministic.
pub fn describe(report: &RatingsReport, sources: &Sources) -> Vec<String> {
    let mut lines = Vec::new();
    for rater in &report.raters {
        lines.extend(rater_lines(rater));
    }
    if !report.uncovered.is_empty() {
        lines.push(format!(
            "ratings: {} of {} sources are in no rater's file:",
            report.uncovered.len(),
            sources.len()
        ));
    }
    for id in &report.uncovered {
        let Some(source) = sources.get(id) else {
            continue;
        };
        let mut line = format!("  `{id}` ({})", source.name);
        if let Some((rater, row, name)) = closest(report, &source.name) {
            line.push_str(&format!(
                ": closest row {}:{row} `{name}`; if it is this outlet, add `\"{name}\": {id}` to the `aliases:` of rater `{rater}`",
                crate::error::display_path(&report_file(report, rater)),
            ));
        }
        lines.push(line);
    }
    lines
}

fn rater_lines(rater: &RaterReport) -> Vec<String> {
    let file = crate::error::display_path(&rater.file);
    let matched: usize = rater.matched.values().sum();
    let rules: Vec<String> = rater
        .matched
        .iter()
        .map(|(rule, n)| format!("{n} by {}", rule.describe()))
        .collect();
    let mut lines = vec![format!(
        "ratings: rater `{}` ({file}): {} rows, {matched} matched ({}), {} match no source, {} repeat a source",
        rater.name,
        rater.rows,
        if rules.is_empty() {
            "none".to_string()
        } else {
            rules.join(", ")
        },
        rater.unmatched.len(),
        rater.duplicates.len()
    )];
    for row in rater.unmatched.iter().take(LISTED) {
        lines.push(format!(
            "  {file}:{}: matches no source: {}",
            row.line, row.keys
        ));
    }
    if rater.unmatched.len() > LISTED {
        lines.push(format!(
            "  ... and {} more rows that match no source",
            rater.unmatched.len() - LISTED
        ));
    }
    for (line, id, first) in &rater.duplicates {
        lines.push(format!(
            "  {file}:{line}: rates `{id}` again (first at line {first}); this row is ignored"
        ));
    }
    lines
}

/// The unmatched row whose name is nearest `name` (Jaro-Winkler at least 0.88): rater, line, name.
fn closest<'a>(report: &'a RatingsReport, name: &str) -> Option<(&'a str, usize, &'a str)> {
    let wanted = norm_name(name);
    report
        .raters
        .iter()
        .flat_map(|r| r.unmatched.iter().map(move |u| (r, u)))
        .filter(|(_, u)| !u.name.is_empty())
        .map(|(r, u)| (strsim::jaro_winkler(&wanted, &norm_name(&u.name)), r, u))
        .filter(|(score, ..)| *score >= 0.88)
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.2.line.cmp(&a.2.line)))
        .map(|(_, r, u)| (r.name.as_str(), u.line, u.name.as_str()))
}

fn report_file(report: &RatingsReport, rater: &str) -> std::path::PathBuf {
    report
        .raters
        .iter()
        .find(|r| r.name == rater)
        .map(|r| r.file.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use crate::ratings::Unmatched;

    #[test]
    fn unmatched_rows_and_uncovered_sources_are_listed_with_a_likely_alias() {
        let mut nyt = Source::for_test("nyt", None);
        nyt.name = "The New York Times".into();
        let sources = Sources::new(vec![nyt, Source::for_test("wire", None)]);
        let report = RatingsReport {
            raters: vec![RaterReport {
                name: "allsides".into(),
                file: "content/ratings/allsides.csv".into(),
                rows: 3,
                matched: [(crate::ratings::Rule::Name, 1)].into(),
                unmatched: vec![
                    Unmatched {
                        line: 2,
                        keys: "name `NY Times`".into(),
                        name: "NY Times".into(),
                    },
                    Unmatched {
                        line: 3,
                        keys: "name `New York Times`".into(),
                        name: "New York Times".into(),
                    },
                ],
                duplicates: vec![(4, "wire".into(), 1)],
            }],
            uncovered: vec!["nyt".into()],
        };
        let lines = describe(&report, &sources);
        assert_eq!(
            lines,
            [
                "ratings: rater `allsides` (content/ratings/allsides.csv): 3 rows, 1 matched (1 by name), 2 match no source, 1 repeat a source",
                "  content/ratings/allsides.csv:2: matches no source: name `NY Times`",
                "  content/ratings/allsides.csv:3: matches no source: name `New York Times`",
                "  content/ratings/allsides.csv:4: rates `wire` again (first at line 1); this row is ignored",
                "ratings: 1 of 2 sources are in no rater's file:",
                "  `nyt` (The New York Times): closest row content/ratings/allsides.csv:3 `New York Times`; if it is this outlet, add `\"New York Times\": nyt` to the `aliases:` of rater `allsides`",
            ]
        );
    }
}
