//! Share cards: the 1200x630 image a social network shows with a link to a story (Open Graph
//! `og:image`). Each card is an SVG made here (`layout.rs`: the headline, the bias bar with its
//! percentages, the number of sources, the site's name) and rasterised to a palette PNG with resvg
//! and the bundled Inter font (`raster.rs`). Pure: the write stage decides which cards to render
//! and keeps rendered cards in a cache by the hash of their SVG.

mod layout;
mod raster;

pub use layout::Card;
pub use raster::png;

use crate::model::Bucket;
use crate::site::Site;

/// The card of story `index`.
pub fn story(index: usize, site: &Site) -> Card {
    let story = &site.stories[index];
    let coverage = &site.coverage[index];
    Card {
        headline: story.title.clone(),
        percent: coverage.percent,
        sentence: coverage.lean.sentence(),
        sources: Some(coverage.total()),
        blindspot: coverage.blindspot.map(|b| b.side),
        site: site.config.title.clone(),
    }
}

/// The site's own card, for pages without one: its name and description, no figures.
pub fn site(site: &Site) -> Card {
    Card {
        headline: site.config.title.clone(),
        percent: None,
        sentence: site.config.description.clone(),
        sources: None,
        blindspot: None,
        site: site.config.title.clone(),
    }
}

/// An edition's card: its title, its date and how many stories it features.
pub fn edition(index: usize, site: &Site) -> Card {
    let entry = &site.editions[index];
    let stories = entry.stories.len();
    Card {
        headline: entry.edition.title.clone(),
        percent: None,
        sentence: format!(
            "{} · {stories} {} and who covered {}",
            entry.edition.day.format("%B %-d, %Y"),
            if stories == 1 { "story" } else { "stories" },
            if stories == 1 { "it" } else { "them" },
        ),
        sources: None,
        blindspot: None,
        site: site.config.title.clone(),
    }
}

/// Every card the site has, by output path, as SVG: the site's card, and the cards of the newest
/// `share_cards` stories.
pub fn all(site: &Site) -> Vec<(String, String)> {
    if !site.config.share_cards.enabled() {
        return Vec::new();
    }
    let mut cards = vec![(crate::site::permalink::site_card(), site_svg(site))];
    cards.extend(
        (0..site.stories.len())
            .filter_map(|i| site.share_card(i).map(|path| (path, story(i, site).svg()))),
    );
    cards.extend((0..site.editions.len()).filter_map(|i| {
        site.edition_card(i)
            .map(|path| (path, edition(i, site).svg()))
    }));
    cards
}

fn site_svg(site: &Site) -> String {
    self::site(site).svg()
}

/// The colour of each side on the bar, as in the theme's stylesheet.
fn side_colour(side: Bucket) -> &'static str {
    match side {
        Bucket::Left => "#2166ac",
        Bucket::Center => "#8a8a8a",
        Bucket::Right => "#c0392b",
    }
}

/// The darker colour of each side's label, readable on the card's background.
fn side_ink(side: Bucket) -> &'static str {
    match side {
        Bucket::Left => "#1d5a99",
        Bucket::Center => "#444444",
        Bucket::Right => "#a52a1f",
    }
}

#[cfg(test)]
mod tests;
