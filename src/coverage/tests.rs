//! The rules of BRIEF.md, edge by edge.

use super::*;
use crate::model::{Article, ArticleKind, Bias, Ownership, Rating, Topic};
use chrono::{TimeZone, Utc};

fn source(id: &str, bias: Option<Bias>) -> Source {
    Source::for_test(id, bias)
}

/// A registry and a story covered by one article from each source, hour by hour in order.
fn covered_by(list: Vec<Source>) -> (Sources, Story) {
    let articles = list
        .iter()
        .enumerate()
        .map(|(i, s)| Article {
            source: s.id.clone(),
            url: format!("https://{}.example/{i}", s.id),
            title: format!("Article {i}"),
            published: Utc
                .with_ymd_and_hms(2026, 1, 30, i as u32 % 24, 0, 0)
                .unwrap(),
            excerpt: None,
            dateline: None,
            kind: ArticleKind::News,
        })
        .collect();
    let mut story = Story::for_test("s", "S");
    story.date = Utc.with_ymd_and_hms(2026, 1, 30, 0, 0, 0).unwrap();
    story.topics = vec![Topic {
        slug: "t".into(),
        name: "T".into(),
    }];
    story.articles = articles;
    (Sources::new(list), story)
}

/// Sources with the given numbers of Left, Center, Right and unrated labels.
fn spread(left: usize, center: usize, right: usize, unrated: usize) -> Coverage {
    let mut list = Vec::new();
    let groups = [
        (left, Some(Bias::Left)),
        (center, Some(Bias::Center)),
        (right, Some(Bias::Right)),
        (unrated, None),
    ];
    for (g, (n, bias)) in groups.iter().enumerate() {
        for i in 0..*n {
            list.push(source(&format!("s{g}-{i}"), *bias));
        }
    }
    let (sources, story) = covered_by(list);
    of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    })
}

#[test]
fn largest_remainder_percentages_always_sum_to_100() {
    assert_eq!(largest_remainder(&[1, 2, 4]), [14, 29, 57]);
    assert_eq!(largest_remainder(&[1, 1, 1]), [34, 33, 33]);
    assert_eq!(largest_remainder(&[2, 1, 0]), [67, 33, 0]);
    assert_eq!(largest_remainder(&[0, 0, 0]), [0, 0, 0]);
    for a in 0..12 {
        for b in 0..12 {
            for c in 0..12 {
                if a + b + c > 0 {
                    assert_eq!(
                        largest_remainder(&[a, b, c]).iter().sum::<u32>(),
                        100,
                        "{a} {b} {c}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_seed_story_is_57_percent_right() {
    let c = spread(1, 2, 4, 4);
    assert_eq!(c.total(), 11);
    assert_eq!((c.rated, c.unrated), (7, 4));
    assert_eq!(c.percent, Some([14, 29, 57]));
    assert_eq!(c.lean.sentence(), "57% of the sources lean Right");
}

#[test]
fn the_distribution_counts_distinct_sources_not_articles() {
    let (sources, mut story) = covered_by(vec![
        source("a", Some(Bias::Left)),
        source("b", Some(Bias::Right)),
    ]);
    let mut again = story.articles[0].clone();
    again.url = "https://a.example/again".into();
    story.articles.push(again.clone());
    again.url = "https://a.example/third".into();
    story.articles.push(again);
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(c.split, [1, 0, 1]);
    assert_eq!(c.percent, Some([50, 0, 50]));
}

#[test]
fn no_rated_source_gives_no_percentages_and_says_so() {
    let c = spread(0, 0, 0, 3);
    assert_eq!(c.percent, None);
    assert_eq!(c.lean, Lean::NoRated);
    assert_eq!(c.lean.sentence(), "None of the sources has a bias rating");
    assert_eq!(c.unrated, 3);
    assert_eq!(c.blindspot, None);
}

#[test]
fn a_story_without_sources_is_not_rated() {
    let c = spread(0, 0, 0, 0);
    assert_eq!((c.total(), c.rated, c.unrated), (0, 0, 0));
    assert_eq!(c.lean, Lean::NoRated);
    assert_eq!(c.origin, None);
}

#[test]
fn one_source_is_all_of_its_side() {
    let c = spread(0, 1, 0, 0);
    assert_eq!(c.percent, Some([0, 100, 0]));
    assert_eq!(c.lean.sentence(), "100% of the sources are Center");
}

#[test]
fn ties_have_their_own_wording() {
    assert_eq!(
        spread(2, 0, 2, 1).lean.sentence(),
        "The sources are evenly split between Left and Right"
    );
    assert_eq!(
        spread(2, 2, 1, 0).lean.sentence(),
        "The sources are evenly split between Left and Center"
    );
    assert_eq!(
        spread(1, 1, 1, 0).lean.sentence(),
        "The sources are evenly split between Left, Center and Right"
    );
    assert_eq!(
        spread(3, 1, 0, 0).lean.sentence(),
        "75% of the sources lean Left"
    );
}

#[test]
fn several_raters_are_averaged_before_bucketing() {
    // left (-2) and center (0) average to -1: lean-left, so Left.
    let mut s = source("avg", None);
    s.ratings = vec![
        Rating {
            rater: "a".into(),
            bias: Bias::Left,
        },
        Rating {
            rater: "b".into(),
            bias: Bias::Center,
        },
    ];
    s.bias = Bias::average(&[Bias::Left, Bias::Center]);
    let (sources, story) = covered_by(vec![s, source("c", Some(Bias::Center))]);
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(c.split, [1, 1, 0]);
}

#[test]
fn raters_split_between_center_and_a_lean_leave_the_source_at_center() {
    let mut split = source("split", None);
    split.ratings = [("a", Bias::Center), ("b", Bias::LeanLeft)]
        .map(|(rater, bias)| Rating {
            rater: rater.into(),
            bias,
        })
        .to_vec();
    split.bias = Bias::average(&[Bias::Center, Bias::LeanLeft]);
    let (sources, story) = covered_by(vec![split, source("c", Some(Bias::Center))]);
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(c.split, [0, 2, 0]);
    assert_eq!(c.lean.sentence(), "100% of the sources are Center");
}

#[test]
fn a_blindspot_needs_six_rated_sources() {
    // 5 rated, Right has 0%: not enough sources.
    assert_eq!(spread(4, 1, 0, 3).blindspot, None);
    // Exactly 6 rated: 5 Left, 1 Center, 0 Right is a blindspot for the Right.
    assert_eq!(
        spread(5, 1, 0, 0).blindspot,
        Some(Blindspot {
            side: Bucket::Right,
            share: 0
        })
    );
}

#[test]
fn the_twenty_percent_boundary_is_inclusive() {
    // 2 of 10 rated = exactly 20% Right, Left 60%: a blindspot for the Right.
    assert_eq!(
        spread(6, 2, 2, 0).blindspot,
        Some(Blindspot {
            side: Bucket::Right,
            share: 20
        })
    );
    // 3 of 14 = 21.4% Right: not a blindspot.
    assert_eq!(spread(9, 2, 3, 0).blindspot, None);
    // 1 of 6 Left (16.7%), Right 4 of 6: a blindspot for the Left, with the shown share.
    assert_eq!(
        spread(1, 1, 4, 0).blindspot,
        Some(Blindspot {
            side: Bucket::Left,
            share: 17
        })
    );
}

#[test]
fn the_other_side_must_lead_by_twenty_points() {
    // Left 1, Right 2 of 10 (10% vs 20%): small, but the gap is only 10 points.
    assert_eq!(spread(1, 7, 2, 0).blindspot, None);
    // Left 1, Right 3 of 10: 10% vs 30%, a gap of exactly 20 points.
    assert_eq!(
        spread(1, 6, 3, 0).blindspot,
        Some(Blindspot {
            side: Bucket::Left,
            share: 10
        })
    );
    // Centre-only coverage is nobody's blindspot.
    assert_eq!(spread(0, 8, 0, 0).blindspot, None);
}

#[test]
fn unrated_sources_do_not_count_towards_a_blindspot() {
    // 5 rated (not enough) however many unrated sources there are.
    assert_eq!(spread(5, 0, 0, 10).blindspot, None);
}

#[test]
fn thresholds_come_from_the_config() {
    let (sources, story) = covered_by(
        (0..4)
            .map(|i| source(&format!("l{i}"), Some(Bias::Left)))
            .collect(),
    );
    let rules = Analysis {
        blindspot_min_rated: 4,
        ..Analysis::default()
    };
    let c = of_story(&story, &sources, &rules, |c| c.name().to_string());
    assert_eq!(
        c.blindspot,
        Some(Blindspot {
            side: Bucket::Right,
            share: 0
        })
    );
}

#[test]
fn the_origin_is_the_earliest_article_with_its_dateline_or_the_source_location() {
    let mut a = source("a", Some(Bias::Left));
    a.location = Some("Lagos".into());
    let mut b = source("b", None);
    b.country = Country::parse("IN");
    let (sources, mut story) = covered_by(vec![a, b]);
    story.articles[0].published = Utc.with_ymd_and_hms(2026, 1, 30, 5, 0, 0).unwrap();
    story.articles[1].published = Utc.with_ymd_and_hms(2026, 1, 30, 4, 0, 0).unwrap();
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    let origin = c.origin.unwrap();
    let first = origin.sole().expect("one outlet first");
    assert_eq!((first.source, first.article), (1, 1));
    assert_eq!(
        first.place.as_deref(),
        Some("India"),
        "no dateline or location: the country's name"
    );
    assert_eq!(
        origin.sentence(&["B"], "Friday"),
        "B broke the news in India on Friday."
    );
    story.articles[1].dateline = Some("New Delhi, India".into());
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    let place = |c: &Coverage| c.origin.as_ref().unwrap().sole().unwrap().place.clone();
    assert_eq!(place(&c).as_deref(), Some("New Delhi, India"));
    story.articles[1].dateline = None;
    story.articles[1].published = Utc.with_ymd_and_hms(2026, 1, 30, 6, 0, 0).unwrap();
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(place(&c).as_deref(), Some("Lagos"));
}

/// The origin of a story whose articles, one per `(source, hour)`, are published at those hours.
fn origin_of(articles: &[(&str, u32)]) -> Option<Origin> {
    let mut ids: Vec<&str> = articles.iter().map(|(s, _)| *s).collect();
    ids.sort_unstable();
    ids.dedup();
    let (sources, mut story) = covered_by(ids.iter().map(|id| source(id, None)).collect());
    story.articles = articles
        .iter()
        .enumerate()
        .map(|(i, (id, hour))| Article {
            source: id.to_string(),
            url: format!("https://{id}.example/{i}"),
            title: format!("Article {i}"),
            published: Utc.with_ymd_and_hms(2026, 1, 30, *hour, 0, 0).unwrap(),
            excerpt: None,
            dateline: Some(format!("{id} town")),
            kind: ArticleKind::News,
        })
        .collect();
    of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    })
    .origin
}

fn first_sources(origin: &Origin) -> Vec<usize> {
    origin.firsts.iter().map(|f| f.source).collect()
}

#[test]
fn one_outlet_first_broke_the_news() {
    let origin = origin_of(&[("b", 9), ("a", 8), ("c", 8), ("c", 7)]).unwrap();
    assert_eq!(first_sources(&origin), [2]);
    assert_eq!(origin.sole().unwrap().article, 3);
    assert_eq!(
        origin.sentence(&["C"], "Friday, January 30, 2026"),
        "C broke the news in c town on Friday, January 30, 2026."
    );
}

#[test]
fn two_articles_of_one_outlet_at_the_earliest_time_are_no_tie() {
    let origin = origin_of(&[("b", 9), ("a", 8), ("a", 8)]).unwrap();
    assert_eq!(first_sources(&origin), [0]);
    assert_eq!(origin.sole().unwrap().article, 1, "its first such article");
    assert_eq!(
        origin.sentence(&["A"], "Friday"),
        "A broke the news in a town on Friday."
    );
}

#[test]
fn two_outlets_sharing_the_earliest_time_are_both_named_without_a_place() {
    let origin = origin_of(&[("c", 8), ("a", 8), ("b", 9), ("a", 8)]).unwrap();
    assert_eq!(first_sources(&origin), [0, 2], "one each, in source order");
    assert!(origin.sole().is_none(), "no single outlet broke it");
    assert_eq!(
        origin.sentence(&["A", "C"], "Friday"),
        "First reported by A and C on Friday."
    );
}

#[test]
fn three_outlets_sharing_the_earliest_time_are_all_named() {
    let origin = origin_of(&[("c", 8), ("a", 8), ("b", 8), ("d", 9)]).unwrap();
    assert_eq!(first_sources(&origin), [0, 1, 2]);
    assert_eq!(
        origin.sentence(&["A", "B", "C"], "Friday"),
        "First reported by A, B and C on Friday."
    );
}

#[test]
fn many_outlets_sharing_the_earliest_time_are_counted_not_named() {
    let origin = origin_of(&[("a", 0), ("b", 0), ("c", 0), ("d", 0), ("e", 0), ("f", 5)]).unwrap();
    assert_eq!(origin.firsts.len(), 5);
    assert_eq!(
        origin.sentence(&["A", "B", "C", "D", "E"], "Friday"),
        "First reported by 5 outlets on Friday."
    );
}

#[test]
fn a_story_without_articles_has_no_origin() {
    assert_eq!(origin_of(&[]), None);
}

#[test]
fn the_main_country_is_the_most_common_and_ties_are_all_named() {
    let with_country = |id: &str, code: &str| {
        let mut s = source(id, None);
        s.country = Country::parse(code);
        s
    };
    let (sources, story) = covered_by(vec![
        with_country("a", "KR"),
        with_country("b", "KR"),
        with_country("c", "JP"),
        source("d", None),
    ]);
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(c.main_countries(), vec![Country::parse("KR").unwrap()]);
    let (sources, story) = covered_by(vec![with_country("a", "KR"), with_country("c", "JP")]);
    let c = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(
        c.main_countries(),
        vec![Country::parse("JP").unwrap(), Country::parse("KR").unwrap()]
    );
}

#[test]
fn factuality_and_ownership_are_distributions_over_sources() {
    let mut a = source("a", None);
    a.factuality = Some(Factuality::High);
    a.ownership = Some(Ownership {
        kind: Some(OwnershipKind::Corporate),
        owner: None,
    });
    let mut b = source("b", None);
    b.factuality = Some(Factuality::High);
    let mut c = source("c", None);
    c.factuality = Some(Factuality::Low);
    c.ownership = Some(Ownership {
        kind: Some(OwnershipKind::Government),
        owner: Some("State".into()),
    });
    let (sources, story) = covered_by(vec![a, b, c]);
    let cov = of_story(&story, &sources, &Analysis::default(), |c| {
        c.name().to_string()
    });
    assert_eq!(
        cov.factuality.entries,
        vec![(Factuality::High, 2, 67), (Factuality::Low, 1, 33)]
    );
    assert_eq!(cov.factuality.unrated, 0);
    assert_eq!(
        cov.ownership.entries,
        vec![
            (OwnershipKind::Corporate, 1, 50),
            (OwnershipKind::Government, 1, 50)
        ]
    );
    assert_eq!(cov.ownership.unrated, 1);
}
