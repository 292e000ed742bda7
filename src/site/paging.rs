//! Pagination: how a list (a topic's stories, a source's, a country's...) is cut into pages, and
//! which page numbers a pager names. A pager names a bounded window of pages, never every page, so
//! that a list of 100,000 stories makes 5,000 small pages rather than 5,000 pagers of 5,000 links.

use std::ops::Range;

/// Pages a pager names on each side of the current one (besides the first and the last).
pub const AROUND: usize = 2;

/// The most page numbers a pager names: the first, the last, the current one and `AROUND` on each
/// side of it.
pub const WINDOW: usize = 2 * AROUND + 3;

/// Where a page sits in its list: page `number` of `of`, 1-based. A page that is not part of a
/// list is page 1 of 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Part {
    pub number: usize,
    pub of: usize,
}

impl Part {
    /// A page that is not cut into several.
    pub const ONE: Part = Part { number: 1, of: 1 };

    /// The pages of a list of `len` items, `per_page` to a page. An empty list still has its page
    /// (which says that there is nothing yet).
    pub fn all(len: usize, per_page: usize) -> impl Iterator<Item = Part> {
        let of = len.div_ceil(per_page.max(1)).max(1);
        (1..=of).map(move |number| Part { number, of })
    }

    /// The items of a list of `len` that this page shows: `per_page` of them, the last page the
    /// remainder.
    pub fn range(self, len: usize, per_page: usize) -> Range<usize> {
        let per_page = per_page.max(1);
        let start = (self.number.saturating_sub(1) * per_page).min(len);
        start..(start + per_page).min(len)
    }

    /// The items of `list` that this page shows.
    pub fn slice<T>(self, list: &[T], per_page: usize) -> &[T] {
        &list[self.range(list.len(), per_page)]
    }

    /// The page numbers its pager names, in order: the first, the last, and the current one with
    /// `AROUND` pages on each side; where numbers are left out between two of them, the pager
    /// shows an ellipsis.
    pub fn window(self) -> Vec<usize> {
        let low = self.number.saturating_sub(AROUND).max(1);
        let high = (self.number + AROUND).min(self.of);
        let mut numbers = Vec::with_capacity(WINDOW);
        if low > 1 {
            numbers.push(1);
        }
        numbers.extend(low..=high);
        if high < self.of {
            numbers.push(self.of);
        }
        numbers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(number: usize, of: usize) -> Part {
        Part { number, of }
    }

    #[test]
    fn a_list_has_ceil_n_over_per_page_pages_and_never_none() {
        assert_eq!(Part::all(0, 20).count(), 1);
        assert_eq!(Part::all(1, 20).count(), 1);
        assert_eq!(Part::all(20, 20).count(), 1);
        assert_eq!(Part::all(21, 20).count(), 2);
        assert_eq!(Part::all(100_000, 20).count(), 5_000);
        assert!(Part::all(45, 20).all(|p| p.of == 3));
    }

    #[test]
    fn every_item_is_on_exactly_one_page_and_the_last_page_has_the_remainder() {
        for len in 1..=70 {
            for per_page in 1..=25 {
                let ranges: Vec<Range<usize>> = Part::all(len, per_page)
                    .map(|p| p.range(len, per_page))
                    .collect();
                assert!(ranges.iter().all(|r| !r.is_empty()), "no empty page");
                assert_eq!(ranges.first().unwrap().start, 0);
                assert_eq!(ranges.last().unwrap().end, len);
                for pair in ranges.windows(2) {
                    assert_eq!(pair[0].end, pair[1].start);
                    assert_eq!(pair[0].len(), per_page);
                }
                let rest = len % per_page;
                assert_eq!(
                    ranges.last().unwrap().len(),
                    if rest == 0 { per_page } else { rest }
                );
            }
        }
    }

    #[test]
    fn a_pager_names_the_first_the_last_and_a_few_around_the_current_page() {
        assert_eq!(part(1, 1).window(), vec![1]);
        assert_eq!(part(1, 3).window(), vec![1, 2, 3]);
        assert_eq!(part(1, 5000).window(), vec![1, 2, 3, 5000]);
        assert_eq!(part(6, 5000).window(), vec![1, 4, 5, 6, 7, 8, 5000]);
        assert_eq!(part(4999, 5000).window(), vec![1, 4997, 4998, 4999, 5000]);
        for of in 1..=60 {
            for number in 1..=of {
                let window = part(number, of).window();
                assert!(window.len() <= WINDOW, "{number} of {of}: {window:?}");
                assert_eq!(window.first(), Some(&1));
                assert_eq!(window.last(), Some(&of));
                assert!(window.contains(&number));
                assert!(
                    window.windows(2).all(|w| w[0] < w[1]),
                    "in order, once each"
                );
            }
        }
    }
}
