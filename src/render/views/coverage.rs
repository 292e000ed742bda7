//! The analytics of a story as templates see them: the bias bar and its sentence, the coverage
//! panel, factuality and ownership shares, origin, countries, blindspot, timeline.

use super::{CountryView, DateView, LabelView, SourceRef};
use crate::coverage::{Blindspot, Coverage, Distribution, Lean, MAX_NAMED_FIRSTS};
use crate::model::{Bucket, Source, Story};
use crate::render::urls::Urls;
use crate::site::Site;
use serde::Serialize;

/// One side of the bias bar: `{key: "right", name: "Right", count: 4, percent: 57}`.
#[derive(Debug, Serialize)]
pub struct SideView {
    pub key: &'static str,
    pub name: &'static str,
    /// Bias-rated sources on this side.
    pub count: usize,
    /// Share of the rated sources; the three sides sum to 100 (0 each when none is rated).
    pub percent: u32,
}

/// The bias distribution of a story: `sides` (Left, Center, Right), `rated`, `unrated`, `sentence`.
#[derive(Debug, Serialize)]
pub struct BiasView {
    pub sides: Vec<SideView>,
    pub rated: usize,
    pub unrated: usize,
    /// "57% of the sources lean Right", or the wording for ties and for no rated source.
    pub sentence: String,
    /// The side most rated sources are on (`left`, `center`, `right`); absent for ties or none.
    pub lean: Option<&'static str>,
}

impl BiasView {
    pub fn new(coverage: &Coverage) -> Self {
        let percent = coverage.percent.unwrap_or([0; 3]);
        BiasView {
            sides: Bucket::ALL
                .iter()
                .map(|&b| SideView {
                    key: b.key(),
                    name: b.display(),
                    count: coverage.split[b.index()],
                    percent: percent[b.index()],
                })
                .collect(),
            rated: coverage.rated,
            unrated: coverage.unrated,
            sentence: coverage.lean.sentence(),
            lean: match coverage.lean {
                Lean::Majority { side, .. } => Some(side.key()),
                _ => None,
            },
        }
    }
}

/// A blindspot: `{side: "right", title: "Blindspot for the Right", share: 5, short: "Only 5% Right"}`.
#[derive(Debug, Serialize)]
pub struct BlindspotView {
    /// The side that barely covers the story.
    pub side: &'static str,
    pub side_name: &'static str,
    /// That side's share of the rated sources, in percent.
    pub share: u32,
    pub title: String,
    pub short: String,
}

impl BlindspotView {
    pub fn new(blindspot: Blindspot) -> Self {
        let name = blindspot.side.display();
        BlindspotView {
            side: blindspot.side.key(),
            side_name: name,
            share: blindspot.share,
            title: format!("Blindspot for the {name}"),
            short: format!("Only {}% {name}", blindspot.share),
        }
    }
}

/// One label of a distribution: `{key, name, count, percent}`.
#[derive(Debug, Serialize)]
pub struct ShareView {
    pub key: &'static str,
    pub name: &'static str,
    pub count: usize,
    /// Share of the sources that have this rating; sums to 100 over the entries.
    pub percent: u32,
}

fn shares<L: Copy + Into<LabelView>>(distribution: &Distribution<L>) -> Vec<ShareView> {
    distribution
        .entries
        .iter()
        .map(|&(label, count, percent)| {
            let label: LabelView = label.into();
            ShareView {
                key: label.key,
                name: label.name,
                count,
                percent,
            }
        })
        .collect()
}

/// Who broke the story: `{source, sources, count, place, date, sentence}`.
#[derive(Debug, Serialize)]
pub struct OriginView<'a> {
    /// The outlet that broke it; absent when several share the earliest time.
    pub source: Option<SourceRef<'a>>,
    /// The outlets with an article at the earliest time when they are named: the one that broke
    /// it, or a tie of up to three; empty for a larger tie (see `count`).
    pub sources: Vec<SourceRef<'a>>,
    /// How many outlets have an article at the earliest time.
    pub count: usize,
    /// Where it was filed; only when one outlet broke it.
    pub place: Option<String>,
    pub date: DateView,
    /// "DevPulse broke the news in New Delhi, India on Friday, January 30, 2026.", "First reported
    /// by A and B on ...", "First reported by 5 outlets on ...".
    pub sentence: String,
}

/// A country with the number of covering sources from it.
#[derive(Debug, Serialize)]
pub struct CountryCount {
    pub country: CountryView,
    pub count: usize,
}

/// `story.coverage`: the coverage panel of a story page.
#[derive(Debug, Serialize)]
pub struct CoverageView<'a> {
    /// Distinct covering sources.
    pub total: usize,
    pub bias: BiasView,
    pub factuality: Vec<ShareView>,
    /// Covering sources without a factuality rating.
    pub factuality_unrated: usize,
    pub ownership: Vec<ShareView>,
    /// Covering sources whose ownership is not recorded.
    pub ownership_unknown: usize,
    pub origin: Option<OriginView<'a>>,
    /// Countries of the covering sources, most common first.
    pub countries: Vec<CountryCount>,
    /// "Sources are mostly out of South Korea"; absent when no source has a country.
    pub mostly_from: Option<String>,
    pub blindspot: Option<BlindspotView>,
    pub last_updated: DateView,
    /// The coverage timeline as inline SVG (print with `| safe`).
    pub timeline_svg: String,
}

impl<'a> CoverageView<'a> {
    pub fn new(index: usize, site: &'a Site, urls: &Urls) -> Self {
        let coverage = &site.coverage[index];
        let story: &Story = &site.stories[index];
        let config = &site.config;
        let origin = coverage.origin.as_ref().map(|o| {
            let firsts: Vec<&Source> = o
                .firsts
                .iter()
                .map(|f| &site.sources.all()[f.source])
                .collect();
            let names: Vec<&str> = firsts.iter().map(|s| s.name.as_str()).collect();
            let date = DateView::new(o.published, config);
            let sentence = o.sentence(&names, &date.long());
            let named = firsts.len() <= MAX_NAMED_FIRSTS;
            OriginView {
                source: o
                    .sole()
                    .map(|f| SourceRef::new(&site.sources.all()[f.source], config, urls)),
                sources: firsts
                    .iter()
                    .filter(|_| named)
                    .map(|s| SourceRef::new(s, config, urls))
                    .collect(),
                count: firsts.len(),
                place: o.sole().and_then(|f| f.place.clone()),
                date,
                sentence,
            }
        });
        let main: Vec<String> = coverage
            .main_countries()
            .into_iter()
            .map(|c| config.country_name(c))
            .collect();
        let mostly_from = match main.as_slice() {
            [] => None,
            [one] => Some(format!("Sources are mostly out of {one}")),
            [init @ .., last] => Some(format!(
                "Sources are mostly out of {} and {last}",
                init.join(", ")
            )),
        };
        CoverageView {
            total: coverage.total(),
            bias: BiasView::new(coverage),
            factuality: shares(&coverage.factuality),
            factuality_unrated: coverage.factuality.unrated,
            ownership: shares(&coverage.ownership),
            ownership_unknown: coverage.ownership.unrated,
            origin,
            countries: coverage
                .countries
                .iter()
                .map(|&(c, count)| CountryCount {
                    country: CountryView::new(c, config),
                    count,
                })
                .collect(),
            mostly_from,
            blindspot: coverage.blindspot.map(BlindspotView::new),
            last_updated: DateView::new(coverage.last_updated, config),
            timeline_svg: crate::render::charts::timeline(story, &site.sources, config),
        }
    }
}
