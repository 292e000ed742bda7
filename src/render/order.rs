//! The order pages are rendered in: costliest first, so that the two or more workers finish
//! together instead of one of them rendering a big list page alone at the end (longest processing
//! time first). The order only schedules work; what each page holds does not depend on it.

use crate::site::{Page, PageKind, Site};

/// Indices into `site.pages`, the pages that show the most first (ties in page order).
pub fn costliest_first(site: &Site) -> Vec<usize> {
    let mut order: Vec<(usize, usize)> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, page)| (cost(site, page), i))
        .collect();
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    order.into_iter().map(|(_, i)| i).collect()
}

/// About how much a page shows, in story cards (a story page counts its article cards).
fn cost(site: &Site, page: &Page) -> usize {
    let per_page = site.config.pagination.max(1);
    let shown = |len: usize| page.part.range(len, per_page).len();
    match &page.kind {
        PageKind::Home => per_page,
        PageKind::Story(i) => 4 + site.stories[*i].articles.len(),
        PageKind::Sources => site.sources.len() / 4,
        PageKind::Source(i) => shown(site.source_stories[*i].len()) + 10,
        PageKind::Topics => site.topics.len() / 4,
        PageKind::Topic(i) => shown(site.topics[*i].stories.len()),
        PageKind::Blindspot => per_page,
        PageKind::LocalIndex => site.local.len(),
        PageKind::Local(i) => shown(site.local[*i].stories.len()),
        PageKind::Region(i, j) => shown(site.local[*i].regions[*j].stories.len()),
        PageKind::Feeds => site.sources.len() / 4,
        PageKind::Editions => shown(site.editions.len()),
        PageKind::Edition(i) => {
            site.editions[*i].stories.len() + site.editions[*i].blindspots.len() + 2
        }
        PageKind::Search | PageKind::NotFound | PageKind::Redirect(_) => 1,
    }
}
