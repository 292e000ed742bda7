//! What a reader comes for: who covered a story. BRIEF.md's "Rules of the computations" as pure
//! functions over a story and the sources registry; values in, values out.
//!
//! - Bias distribution over the *distinct bias-rated sources* (not articles); unrated sources are
//!   counted apart. Percentages use largest-remainder rounding so they sum to 100.
//! - Factuality and ownership distributions over the covering sources.
//! - Origin: the earliest-published article and where it was filed; when several outlets share
//!   the earliest time, all of them and no place.
//! - Countries: the most common country among the covering sources.
//! - Blindspot: enough rated sources, one side at most `max_share`% and the other side at least
//!   `min_gap` points more.

pub mod insights;
pub mod known;
pub mod related;
mod sentences;
mod text;

use crate::config::Analysis;
use crate::model::{Bucket, Country, Factuality, OwnershipKind, Source, Sources, Story, Timestamp};

/// Counts for Left, Center and Right, in that order.
pub type Split = [usize; 3];

/// How one story was covered.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    /// Distinct covering sources, indices into the registry, in registry order.
    pub sources: Vec<usize>,
    /// Distinct sources with a bias rating.
    pub rated: usize,
    /// Distinct sources without one.
    pub unrated: usize,
    /// Rated sources per side.
    pub split: Split,
    /// Percent per side, summing to 100; `None` when no source is rated.
    pub percent: Option<[u32; 3]>,
    pub lean: Lean,
    pub factuality: Distribution<Factuality>,
    pub ownership: Distribution<OwnershipKind>,
    pub origin: Option<Origin>,
    /// Countries of the covering sources, most common first (then by code).
    pub countries: Vec<(Country, usize)>,
    pub blindspot: Option<Blindspot>,
    pub last_updated: Timestamp,
}

/// Which side most of the rated sources are on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lean {
    /// No covering source has a bias rating.
    NoRated,
    /// One side has more rated sources than each other side.
    Majority { side: Bucket, percent: u32 },
    /// Two or three sides have the same, largest number of rated sources.
    Tie { sides: Vec<Bucket>, percent: u32 },
}

impl Lean {
    /// The sentence under the bias bar: "57% of the sources lean Right".
    pub fn sentence(&self) -> String {
        fn phrase(side: Bucket) -> &'static str {
            match side {
                Bucket::Left => "lean Left",
                Bucket::Center => "are Center",
                Bucket::Right => "lean Right",
            }
        }
        match self {
            Lean::NoRated => "None of the sources has a bias rating".to_string(),
            Lean::Majority { side, percent } => {
                format!("{percent}% of the sources {}", phrase(*side))
            }
            Lean::Tie { sides, .. } if sides.len() == 3 => {
                "The sources are evenly split between Left, Center and Right".to_string()
            }
            Lean::Tie { sides, .. } => {
                let names: Vec<&str> = sides.iter().map(|s| s.display()).collect();
                format!(
                    "The sources are evenly split between {} and {}",
                    names[0], names[1]
                )
            }
        }
    }
}

/// A labelled distribution over the covering sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distribution<L> {
    /// Every label with at least one source, in scale order: (label, sources, percent).
    pub entries: Vec<(L, usize, u32)>,
    /// Sources without this rating.
    pub unrated: usize,
}

/// Who broke the story, where and when: the outlets whose articles share the earliest time.
///
/// Usually one outlet; several when their articles carry the same earliest time (common when feeds
/// give dates without a time), and then no single one of them "broke" it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// One entry per outlet with an article at the earliest time (its first such article), by
    /// source id; never empty.
    pub firsts: Vec<First>,
    pub published: Timestamp,
}

/// An outlet with an article at the story's earliest time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct First {
    /// Index of the article in `story.articles`.
    pub article: usize,
    /// Registry index of its source.
    pub source: usize,
    /// The article's dateline, else the source's location, else its country's name.
    pub place: Option<String>,
}

/// The most outlets an origin sentence names when they share the earliest time; more are counted.
pub const MAX_NAMED_FIRSTS: usize = 3;

impl Origin {
    /// The outlet that broke the story, when only one has an article at the earliest time.
    pub fn sole(&self) -> Option<&First> {
        match self.firsts.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// The sentence for readers, given the outlets' names (in `firsts` order) and the date as
    /// shown: "A broke the news in <place> on <date>." for one outlet; "First reported by A and B
    /// on <date>." (or "A, B and C") for a tie of up to [`MAX_NAMED_FIRSTS`]; "First reported by
    /// 5 outlets on <date>." for more.
    pub fn sentence(&self, names: &[&str], date: &str) -> String {
        if let Some(first) = self.sole() {
            let name = names.first().copied().unwrap_or_default();
            return match &first.place {
                Some(place) => format!("{name} broke the news in {place} on {date}."),
                None => format!("{name} broke the news on {date}."),
            };
        }
        match names {
            [init @ .., last] if names.len() <= MAX_NAMED_FIRSTS => {
                format!(
                    "First reported by {} and {last} on {date}.",
                    init.join(", ")
                )
            }
            _ => format!("First reported by {} outlets on {date}.", names.len()),
        }
    }
}

/// A story one side barely covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blindspot {
    /// The side that barely covers it: `Right` means "a blindspot for the Right".
    pub side: Bucket,
    /// That side's share of the rated sources, in percent (as shown in the distribution).
    pub share: u32,
}

/// Computes a story's coverage.
pub fn of_story(
    story: &Story,
    sources: &Sources,
    rules: &Analysis,
    country_name: impl Fn(Country) -> String,
) -> Coverage {
    let mut covering: Vec<usize> = story
        .articles
        .iter()
        .filter_map(|a| sources.index_of(&a.source))
        .collect();
    covering.sort_unstable();
    covering.dedup();
    let all = sources.all();
    let covering_sources: Vec<&Source> = covering.iter().map(|&i| &all[i]).collect();

    let mut split = [0usize; 3];
    for source in &covering_sources {
        if let Some(bias) = source.bias {
            split[bias.bucket().index()] += 1;
        }
    }
    let rated: usize = split.iter().sum();
    let percent = (rated > 0).then(|| {
        let p = largest_remainder(&split);
        [p[0], p[1], p[2]]
    });
    let lean = lean(&split, percent);
    let blindspot = percent.and_then(|p| blindspot(&split, &p, rules));

    let factuality = distribution(
        covering_sources.iter().map(|s| s.factuality),
        Factuality::ALL,
    );
    let ownership = distribution(
        covering_sources
            .iter()
            .map(|s| s.ownership.as_ref().and_then(|o| o.kind)),
        OwnershipKind::ALL,
    );

    let origin = origin(story, sources, &country_name);

    let mut countries: Vec<(Country, usize)> = Vec::new();
    for country in covering_sources.iter().filter_map(|s| s.country) {
        match countries.iter_mut().find(|(c, _)| *c == country) {
            Some((_, n)) => *n += 1,
            None => countries.push((country, 1)),
        }
    }
    countries.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));

    Coverage {
        sources: covering,
        rated,
        unrated: covering_sources.len() - rated,
        split,
        percent,
        lean,
        factuality,
        ownership,
        origin,
        countries,
        blindspot,
        last_updated: story.last_updated(),
    }
}

impl Coverage {
    /// Distinct covering sources.
    pub fn total(&self) -> usize {
        self.sources.len()
    }

    /// The most common countries (several when tied), for "Sources are mostly out of ...".
    pub fn main_countries(&self) -> Vec<Country> {
        let top = self.countries.first().map_or(0, |c| c.1);
        self.countries
            .iter()
            .take_while(|c| c.1 == top && top > 0)
            .map(|c| c.0)
            .collect()
    }
}

/// Percentages of `counts` rounded with the largest-remainder method, so they sum to exactly 100.
/// Ties in the remainder go to the larger count, then to the earlier position. All zero if empty.
pub fn largest_remainder(counts: &[usize]) -> Vec<u32> {
    let total: usize = counts.iter().sum();
    if total == 0 {
        return vec![0; counts.len()];
    }
    let mut percents: Vec<u32> = counts.iter().map(|&c| (c * 100 / total) as u32).collect();
    let remainders: Vec<usize> = counts.iter().map(|&c| c * 100 % total).collect();
    let missing = 100 - percents.iter().sum::<u32>() as usize;
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by(|&a, &b| {
        remainders[b]
            .cmp(&remainders[a])
            .then(counts[b].cmp(&counts[a]))
            .then(a.cmp(&b))
    });
    for &i in order.iter().take(missing) {
        percents[i] += 1;
    }
    percents
}

fn lean(split: &Split, percent: Option<[u32; 3]>) -> Lean {
    let Some(percent) = percent else {
        return Lean::NoRated;
    };
    let top = *split.iter().max().expect("three sides");
    let sides: Vec<Bucket> = Bucket::ALL
        .iter()
        .copied()
        .filter(|&b| split[b.index()] == top)
        .collect();
    let shown = percent[sides[0].index()];
    if sides.len() == 1 {
        Lean::Majority {
            side: sides[0],
            percent: shown,
        }
    } else {
        Lean::Tie {
            sides,
            percent: shown,
        }
    }
}

/// BRIEF.md's rule, on exact counts: at least `min_rated` rated sources; one side at most
/// `max_share`% of them; the opposite side at least `min_gap` percentage points more.
fn blindspot(split: &Split, percent: &[u32; 3], rules: &Analysis) -> Option<Blindspot> {
    let rated: usize = split.iter().sum();
    if rated < rules.blindspot_min_rated {
        return None;
    }
    [(Bucket::Left, Bucket::Right), (Bucket::Right, Bucket::Left)]
        .into_iter()
        .find_map(|(side, other)| {
            let (mine, theirs) = (split[side.index()], split[other.index()]);
            let small = mine * 100 <= rules.blindspot_max_share as usize * rated;
            let gap =
                theirs >= mine && (theirs - mine) * 100 >= rules.blindspot_min_gap as usize * rated;
            (small && gap).then_some(Blindspot {
                side,
                share: percent[side.index()],
            })
        })
}

/// BRIEF.md's origin: the earliest-published articles, one per outlet. Articles of sources not in
/// the registry are left out.
fn origin(
    story: &Story,
    sources: &Sources,
    country_name: impl Fn(Country) -> String,
) -> Option<Origin> {
    let known = || {
        story
            .articles
            .iter()
            .enumerate()
            .filter_map(|(i, a)| Some((i, a, sources.index_of(&a.source)?)))
    };
    let published = known().map(|(_, a, _)| a.published).min()?;
    let mut firsts: Vec<First> = Vec::new();
    let mut earliest: Vec<_> = known()
        .filter(|(_, a, _)| a.published == published)
        .collect();
    // By source id (as story files sort articles), so the origin never depends on article order.
    earliest.sort_by(|x, y| x.1.source.cmp(&y.1.source).then(x.0.cmp(&y.0)));
    for (i, article, source_index) in earliest {
        if firsts.iter().any(|f| f.source == source_index) {
            continue; // two articles of one outlet at the same time are no tie
        }
        let source = &sources.all()[source_index];
        let place = article
            .dateline
            .clone()
            .or_else(|| source.location.clone())
            .or_else(|| source.country.map(&country_name));
        firsts.push(First {
            article: i,
            source: source_index,
            place,
        });
    }
    Some(Origin { firsts, published })
}

fn distribution<L: Copy + PartialEq>(
    labels: impl Iterator<Item = Option<L>>,
    scale: &[L],
) -> Distribution<L> {
    let mut counts = vec![0usize; scale.len()];
    let mut unrated = 0;
    for label in labels {
        match label.and_then(|l| scale.iter().position(|s| *s == l)) {
            Some(i) => counts[i] += 1,
            None => unrated += 1,
        }
    }
    let percents = largest_remainder(&counts);
    let entries = scale
        .iter()
        .zip(counts.iter().zip(percents))
        .filter(|(_, (c, _))| **c > 0)
        .map(|(l, (c, p))| (*l, *c, p))
        .collect();
    Distribution { entries, unrated }
}

#[cfg(test)]
mod tests;
