//! Telling opinion and analysis pieces from news by how their outlet marks them: the section in
//! the URL (`/opinion/`, `/analysis/`), the feed's category ("Opinion", "News Analysis"), or a
//! label in the headline ("Opinion: ...", "... | Analysis", "(Opinion)", a capitalised "OPINION").
//! Nothing is guessed from the wording itself: "Opinion polls favour Kovar" is news.

use crate::model::ArticleKind;

/// URL path sections of opinion pieces (a whole segment, or its start before a `-`).
const OPINION_SECTIONS: &[&str] = &[
    "opinion",
    "opinions",
    "commentary",
    "editorial",
    "editorials",
    "op-ed",
    "oped",
    "op-eds",
    "columnists",
    "column",
    "columns",
    "perspectives",
    "voices",
    "commentisfree",
    "ideas",
];
/// URL path sections of analysis pieces.
const ANALYSIS_SECTIONS: &[&str] = &["analysis", "news-analysis"];

/// Words of feed categories and headline labels of opinion pieces (a plural `s` is forgiven).
const OPINION_LABELS: &[&str] = &[
    "opinion",
    "commentary",
    "editorial",
    "op-ed",
    "oped",
    "column",
    "columnist",
];
/// Words of feed categories and headline labels of analysis pieces.
const ANALYSIS_LABELS: &[&str] = &["analysis", "news analysis", "explainer"];

/// What separates a label from the headline: "Opinion: ...", "Opinion | ...", "Opinion — ...".
const SEPARATORS: &[char] = &[':', '|', '-', '–', '—'];

/// The kind of an article from its URL, headline and feed categories. Opinion wins over analysis
/// when both are marked.
pub fn article_kind(url: Option<&str>, title: &str, categories: &[String]) -> ArticleKind {
    let marks = [
        url.and_then(url_kind),
        title_kind(title),
        categories.iter().find_map(|c| category_kind(c)),
    ];
    if marks.contains(&Some(ArticleKind::Opinion)) {
        ArticleKind::Opinion
    } else if marks.contains(&Some(ArticleKind::Analysis)) {
        ArticleKind::Analysis
    } else {
        ArticleKind::News
    }
}

/// A section of the path other than its last segment (the article's own slug, which may well
/// start with "opinion-polls").
fn url_kind(url: &str) -> Option<ArticleKind> {
    // Parsing only URLs that name a section somewhere: most do not, and parsing is the dear part.
    // (The parser drops tabs and line breaks, so they cannot hide a section from this test.)
    let lower: String = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .flat_map(char::to_lowercase)
        .collect();
    let named = |list: &[&str]| list.iter().any(|section| lower.contains(section));
    if !named(OPINION_SECTIONS) && !named(ANALYSIS_SECTIONS) {
        return None;
    }
    let path = match url::Url::parse(url) {
        Ok(parsed) => parsed.path().to_lowercase(),
        Err(_) => url.split(['?', '#']).next().unwrap_or("").to_lowercase(),
    };
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let sections = &segments[..segments.len().saturating_sub(1)];
    let is = |list: &[&str]| {
        sections.iter().any(|segment| {
            list.iter().any(|section| {
                segment == section
                    || segment
                        .strip_prefix(section)
                        .is_some_and(|rest| rest.starts_with('-'))
            })
        })
    };
    if is(OPINION_SECTIONS) {
        Some(ArticleKind::Opinion)
    } else if is(ANALYSIS_SECTIONS) {
        Some(ArticleKind::Analysis)
    } else {
        None
    }
}

/// A category of at most three words one of which is a label: "Opinion", "Columns",
/// "Guest Commentary", "News Analysis".
fn category_kind(category: &str) -> Option<ArticleKind> {
    let lower = category.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 3 {
        return None;
    }
    let has = |labels: &[&str]| {
        words.iter().any(|w| {
            let singular = w.strip_suffix('s').unwrap_or(w);
            labels.contains(w) || labels.contains(&singular)
        })
    };
    if has(OPINION_LABELS) {
        Some(ArticleKind::Opinion)
    } else if has(ANALYSIS_LABELS) {
        Some(ArticleKind::Analysis)
    } else {
        None
    }
}

/// A label before or after the headline with a separator, in brackets, or in capitals.
fn title_kind(title: &str) -> Option<ArticleKind> {
    let title = title.trim();
    let lower = title.to_lowercase();
    // Every mark below holds a label's letters: a headline without any has none.
    let named = |labels: &[&str]| labels.iter().any(|label| lower.contains(label));
    if !named(OPINION_LABELS) && !named(ANALYSIS_LABELS) {
        return None;
    }
    let labelled = |labels: &[&str]| {
        labels.iter().any(|label| {
            [false, true].into_iter().any(|plural| {
                let before = strip_label_prefix(&lower, label, plural)
                    .is_some_and(|rest| separated(rest, false));
                let after = strip_label_suffix(&lower, label, plural)
                    .is_some_and(|head| separated(head, true));
                before || after || bracketed(&lower, label, plural)
            })
        })
    };
    // "OPINION" in a headline that is not all capitals is a label, not a word of it.
    let shouting = !title.chars().any(|c| c.is_lowercase());
    let capitalised = |labels: &[&str]| {
        !shouting
            && title
                .split(|c: char| !c.is_alphanumeric() && c != '-')
                .any(|w| labels.iter().any(|l| is_upper_of(w, l)))
    };
    if labelled(OPINION_LABELS) || capitalised(OPINION_LABELS) {
        Some(ArticleKind::Opinion)
    } else if labelled(ANALYSIS_LABELS) || capitalised(ANALYSIS_LABELS) {
        Some(ArticleKind::Analysis)
    } else {
        None
    }
}

/// `text` without `label` (followed by `s` when `plural`) at its start.
fn strip_label_prefix<'t>(text: &'t str, label: &str, plural: bool) -> Option<&'t str> {
    let rest = text.strip_prefix(label)?;
    if plural {
        rest.strip_prefix('s')
    } else {
        Some(rest)
    }
}

/// `text` without `label` (followed by `s` when `plural`) at its end.
fn strip_label_suffix<'t>(text: &'t str, label: &str, plural: bool) -> Option<&'t str> {
    let head = if plural {
        text.strip_suffix('s')?
    } else {
        text
    };
    head.strip_suffix(label)
}

/// Whether `text` holds `(label)` or `[label]` (`label` followed by `s` when `plural`).
fn bracketed(text: &str, label: &str, plural: bool) -> bool {
    let mut from = 0;
    while let Some(i) = text[from..].find(label).map(|i| i + from) {
        let rest = &text[i + label.len()..];
        let rest = if plural {
            rest.strip_prefix('s')
        } else {
            Some(rest)
        };
        if let Some(rest) = rest {
            let before = text[..i].chars().next_back();
            let after = rest.chars().next();
            if matches!(
                (before, after),
                (Some('('), Some(')')) | (Some('['), Some(']'))
            ) {
                return true;
            }
        }
        from = i + text[i..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// Whether `word` is `label` (lowercase ASCII) in capitals.
fn is_upper_of(word: &str, label: &str) -> bool {
    word.len() == label.len()
        && word
            .bytes()
            .zip(label.bytes())
            .all(|(w, l)| w == l.to_ascii_uppercase())
}

/// Whether `text`, what is left of a headline beside a label, starts (or, `at_end`, ends) with a
/// separator. A dash needs a space on the label's side ("Opinion - X", not "Column-inches").
fn separated(text: &str, at_end: bool) -> bool {
    let (trimmed, spaced) = if at_end {
        (text.trim_end(), text.ends_with(char::is_whitespace))
    } else {
        (text.trim_start(), text.starts_with(char::is_whitespace))
    };
    let mark = if at_end {
        trimmed.chars().next_back()
    } else {
        trimmed.chars().next()
    };
    match mark {
        Some(':' | '|') => true,
        Some(c) if SEPARATORS.contains(&c) => spaced || c != '-',
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ArticleKind::*;

    fn kind(url: &str, title: &str, categories: &[&str]) -> ArticleKind {
        let categories: Vec<String> = categories.iter().map(|c| c.to_string()).collect();
        article_kind(Some(url), title, &categories)
    }

    #[test]
    fn headline_labels_mark_opinion_and_analysis() {
        let url = "https://x.example/news/2026/01/30/story";
        let cases = [
            ("Opinion: Kovar is wrong", Opinion),
            ("OPINION: Kovar is wrong", Opinion),
            ("Opinion | The accord will not last", Opinion),
            ("Op-Ed: Why the accord matters", Opinion),
            ("Editorial: Milan Cortina shows a leaner model", Opinion),
            ("Commentary — A costly delay", Opinion),
            ("Opinion - Kovar is wrong", Opinion),
            ("The accord will not last | Opinion", Opinion),
            ("The accord will not last (opinion)", Opinion),
            ("OPINION Kovar's accord is a mistake", Opinion),
            ("ANALYSIS: What the rate cut means", Analysis),
            ("Analysis | What the rate cut means", Analysis),
            ("News analysis: A cautious central bank", Analysis),
            ("What the rate cut means - analysis", Analysis),
            ("Why the rate cut matters [Analysis]", Analysis),
            (
                "EXPLAINER: What was the outcome of the latest war?",
                Analysis,
            ),
            // Words of the headline, not labels.
            ("Opinion polls favour Kovar", News),
            ("Analysis shows the rate cut was expected", News),
            ("Public opinion turns against the accord", News),
            ("Column-inches wasted on the accord", News),
            ("Editorial board member resigns after dispute", News),
            ("PRESIDENT SIGNS ACCORD AFTER ANALYSIS OF TERMS", News),
            ("Kovar signs the Tallinn accord", News),
        ];
        for (title, expected) in cases {
            assert_eq!(kind(url, title, &[]), expected, "{title}");
        }
    }

    #[test]
    fn url_sections_mark_opinion_and_analysis_but_not_a_slug() {
        let cases = [
            ("https://x.example/opinion/2024/kovar", Opinion),
            ("https://x.example/opinions/2024/01/02/kovar/", Opinion),
            ("https://x.example/editorial/20260209-milan", Opinion),
            ("https://x.example/news/opinion-columnists/kovar", Opinion),
            ("https://X.example/Commentary/kovar?utm=1", Opinion),
            (
                "https://x.example/commentisfree/2021/apr/22/earth-day",
                Opinion,
            ),
            (
                "https://x.example/ideas/archive/2021/05/masks/618916/",
                Opinion,
            ),
            ("https://x.example/analysis/rate-cut", Analysis),
            ("https://x.example/world/news-analysis/rate-cut", Analysis),
            ("https://x.example/news/opinion-polls-favour-kovar", News),
            ("https://x.example/analysis-of-the-accord", News),
            ("https://x.example/world/2026/kovar", News),
            // The URL parser drops tabs and line breaks: the quick test before it must too.
            ("https://x.example/opi\tnion/kovar", Opinion),
            ("https://x.example/ANALY\nSIS/rate-cut", Analysis),
        ];
        for (url, expected) in cases {
            assert_eq!(kind(url, "Kovar signs", &[]), expected, "{url}");
        }
    }

    #[test]
    fn feed_categories_mark_opinion_and_analysis() {
        let url = "https://x.example/a";
        let cases: [(&[&str], ArticleKind); 8] = [
            (&["Opinion"], Opinion),
            (&["Politics", "Columns"], Opinion),
            (&["Guest Commentary"], Opinion),
            (&["EDITORIALS"], Opinion),
            (&["News Analysis"], Analysis),
            (&["analysis"], Analysis),
            (&["Politics", "Economy"], News),
            (&["Why the opinion of voters on the accord shifted"], News),
        ];
        for (categories, expected) in cases {
            assert_eq!(
                kind(url, "Kovar signs", categories),
                expected,
                "{categories:?}"
            );
        }
    }

    #[test]
    fn opinion_wins_over_analysis_and_no_mark_is_news() {
        assert_eq!(
            kind("https://x.example/analysis/a", "Opinion: a", &[]),
            Opinion
        );
        assert_eq!(
            kind("https://x.example/opinion/a", "b", &["Analysis"]),
            Opinion
        );
        assert_eq!(article_kind(None, "Kovar signs", &[]), News);
    }
}
