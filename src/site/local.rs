//! Local sections: for each country, the stories from and about it and its outlets; within a
//! country, regions where sources or stories name one.

use crate::coverage::Coverage;
use crate::model::{Country, Sources, Story};
use crate::normalise::slugify;
use std::collections::BTreeMap;

/// A country's local section.
#[derive(Debug, Clone)]
pub struct LocalEntry {
    pub country: Country,
    /// Stories that happened there or whose sources are mostly from there, newest first.
    pub stories: Vec<usize>,
    /// Outlets based there, in registry order.
    pub sources: Vec<usize>,
    /// Regions named by its stories or outlets, by slug.
    pub regions: Vec<RegionEntry>,
}

/// A region within a country.
#[derive(Debug, Clone)]
pub struct RegionEntry {
    pub name: String,
    pub slug: String,
    pub stories: Vec<usize>,
    pub sources: Vec<usize>,
}

/// Groups stories and sources by country and region. `stories` are newest first, so every list is.
pub fn sections(stories: &[Story], coverage: &[Coverage], sources: &Sources) -> Vec<LocalEntry> {
    let mut countries: BTreeMap<Country, LocalEntry> = BTreeMap::new();
    fn entry(map: &mut BTreeMap<Country, LocalEntry>, country: Country) -> &mut LocalEntry {
        map.entry(country).or_insert_with(|| LocalEntry {
            country,
            stories: vec![],
            sources: vec![],
            regions: vec![],
        })
    }
    for (i, story) in stories.iter().enumerate() {
        let mut places: Vec<Country> = coverage[i].main_countries();
        places.extend(story.country);
        places.sort();
        places.dedup();
        for country in places {
            let local = entry(&mut countries, country);
            local.stories.push(i);
            if story.country == Some(country)
                && let Some(region) = &story.region
                && let Some(r) = region_of(local, region)
            {
                r.stories.push(i);
            }
        }
    }
    for (i, source) in sources.all().iter().enumerate() {
        if let Some(country) = source.country {
            let local = entry(&mut countries, country);
            local.sources.push(i);
            if let Some(region) = &source.region
                && let Some(r) = region_of(local, region)
            {
                r.sources.push(i);
            }
        }
    }
    let mut list: Vec<LocalEntry> = countries.into_values().collect();
    for local in &mut list {
        local.regions.sort_by(|a, b| a.slug.cmp(&b.slug));
    }
    list
}

fn region_of<'a>(local: &'a mut LocalEntry, name: &str) -> Option<&'a mut RegionEntry> {
    let slug = slugify(name);
    if slug.is_empty() {
        return None; // a region without letters or digits has no URL
    }
    let at = match local.regions.iter().position(|r| r.slug == slug) {
        Some(at) => at,
        None => {
            local.regions.push(RegionEntry {
                name: name.to_string(),
                slug,
                stories: vec![],
                sources: vec![],
            });
            local.regions.len() - 1
        }
    };
    Some(&mut local.regions[at])
}
