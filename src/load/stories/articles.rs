//! A story file's `articles:`: each given in full, or pinned by URL to an archived article whose
//! source, title, date and excerpt fill what the editor left out (what the editor gives wins).
//! Without a `source:` and outside the archive, an article belongs to the source whose domain (or
//! section, by the longest path prefix) its URL is on.
//! Its `kind` (news, opinion, analysis) is the editor's, else as the outlet marks it.

use super::{Context, RawArticle};
use crate::error::Diagnostic;
use crate::load::sources::suggest_id;
use crate::model::{Article, ArticleKind};
use crate::normalise::{article_kind, collapse_whitespace};
use std::collections::HashSet;

/// The articles, earliest first (then by source); the unusable ones are left out and reported.
pub fn list(cx: &Context, raw: Vec<RawArticle>, problems: &mut Vec<Diagnostic>) -> Vec<Article> {
    let mut urls = HashSet::new();
    let mut articles: Vec<Article> = raw
        .into_iter()
        .enumerate()
        .filter_map(|(i, raw)| {
            let url_ok = check_url(cx, i, &raw.url, &mut urls, problems);
            let article = one(cx, i, raw, problems);
            article.filter(|_| url_ok)
        })
        .collect();
    articles.sort_by(|a, b| {
        a.published
            .cmp(&b.published)
            .then_with(|| a.source.cmp(&b.source))
    });
    articles
}

/// Whether the URL is an http(s) URL listed once.
fn check_url(
    cx: &Context,
    i: usize,
    url: &str,
    seen: &mut HashSet<String>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let field = format!("articles[{i}].url");
    if !url::Url::parse(url).is_ok_and(|u| matches!(u.scheme(), "http" | "https")) {
        problems.push(
            cx.doc
                .error(&field, format!("`{url}` is not an http(s) URL"))
                .help("give the article's full address"),
        );
        return false;
    }
    if !seen.insert(url.to_string()) {
        problems.push(
            cx.doc
                .error(&field, format!("the article `{url}` is listed twice"))
                .help("remove one of them"),
        );
        return false;
    }
    true
}

/// One article, its gaps filled from the archive.
fn one(cx: &Context, i: usize, raw: RawArticle, problems: &mut Vec<Diagnostic>) -> Option<Article> {
    let at = |field: &str| format!("articles[{i}].{field}");
    let RawArticle {
        source,
        url,
        title,
        published,
        excerpt,
        dateline,
        kind,
    } = raw;
    let pinned = cx.archived.find(&url);
    let missing = |field: &str| {
        cx.doc
            .error(
                &at(field),
                format!("`{field}` is missing and the article is not in the archive"),
            )
            .help(format!(
                "give `{field}:`, or run `parallax fetch` if the outlet's feed lists `{url}`"
            ))
    };
    let by_url = || {
        let url = url::Url::parse(&url).ok()?;
        cx.sources.by_url(&url).map(|s| s.id.clone())
    };
    let Some(source) = source
        .or_else(|| pinned.map(|r| r.source.clone()))
        .or_else(by_url)
    else {
        problems.push(missing("source"));
        return None;
    };
    check_source(cx, &at("source"), &source, problems);
    let title = match title.or_else(|| pinned.map(|r| r.title.clone())) {
        Some(title) if title.trim().is_empty() => {
            problems.push(
                cx.doc
                    .error(&at("title"), "the title is empty")
                    .help("give the article's headline"),
            );
            return None;
        }
        Some(title) => title,
        None => {
            problems.push(missing("title"));
            return None;
        }
    };
    let published = match (published, pinned) {
        (Some(text), _) => super::fields::date(cx, &at("published"), &text, problems)?,
        (None, Some(record)) => record.published,
        (None, None) => {
            problems.push(missing("published"));
            return None;
        }
    };
    let excerpt = excerpt.or_else(|| pinned.and_then(|r| r.summary.clone()));
    let kind = match kind {
        Some(text) => match ArticleKind::parse(&text) {
            Some(kind) => kind,
            None => {
                problems.push(
                    cx.doc
                        .error(&at("kind"), format!("unknown kind `{text}`"))
                        .help(format!("use one of {}", ArticleKind::choices())),
                );
                return None;
            }
        },
        None => {
            let categories = pinned.map_or(&[][..], |r| r.categories.as_slice());
            article_kind(Some(&url), &title, categories)
        }
    };
    Some(Article {
        source,
        url,
        title: title.trim().to_string(),
        published,
        excerpt: excerpt
            .map(|e| collapse_whitespace(&e))
            .filter(|e| !e.is_empty()),
        dateline: dateline.filter(|d| !d.trim().is_empty()),
        kind,
    })
}

/// An unknown source id is reported with the closest known one.
fn check_source(cx: &Context, field: &str, source: &str, problems: &mut Vec<Diagnostic>) {
    if cx.sources.get(source).is_some() {
        return;
    }
    let error = cx.doc.error(field, format!("unknown source id `{source}`"));
    problems.push(match suggest_id(cx.sources, source) {
        Some(id) => error.help(format!(
            "did you mean `{id}`? Source ids are listed in content/sources.yaml"
        )),
        None => error.help("add the source to content/sources.yaml or fix the id"),
    });
}
