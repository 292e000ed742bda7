use super::*;
use chrono::{DateTime, Duration, Utc};

const NO_CATEGORIES: &[String] = &[];

fn at(hours: i64) -> Timestamp {
    DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default() + Duration::hours(hours)
}

fn doc<'a>(source: &'a str, title: &'a str, summary: &'a str, hours: i64) -> Doc<'a> {
    Doc {
        source,
        title,
        summary: (!summary.is_empty()).then_some(summary),
        url: None,
        categories: NO_CATEGORIES,
        published: at(hours),
    }
}

/// Three stories of four articles each, with paraphrased headlines, plus an unrelated article.
fn corpus() -> Vec<Doc<'static>> {
    vec![
        doc("a", "Mt. Gox files for US bankruptcy protection", "", 0),
        doc("b", "Floods hit Porto Alegre after record rain", "", 1),
        doc(
            "c",
            "Bitcoin exchange Mt. Gox seeks bankruptcy relief in Texas",
            "",
            2,
        ),
        doc("d", "Lena Dunham apologises for joke at SXSW", "", 1),
        doc(
            "e",
            "Porto Alegre floods: thousands leave their homes",
            "",
            3,
        ),
        doc("f", "Mt. Gox bankruptcy filing halts US lawsuit", "", 4),
        doc("g", "Lena Dunham SXSW keynote draws crowd", "", 2),
        doc("h", "Record rain floods Porto Alegre streets", "", 5),
        doc("i", "Dunham talks Girls and Hollywood at SXSW", "", 3),
        doc("j", "Mt. Gox chief Karpeles silent on bankruptcy", "", 6),
        doc("k", "Rain and floods in Porto Alegre: army sent in", "", 6),
        doc("l", "Lena Dunham at SXSW: what she said", "", 4),
        doc("m", "Central bank leaves interest rates unchanged", "", 2),
    ]
}

fn group_of(groups: &[Vec<usize>], i: usize) -> &Vec<usize> {
    groups
        .iter()
        .find(|g| g.contains(&i))
        .expect("every doc is in a group")
}

#[test]
fn stories_are_found_and_every_doc_is_in_exactly_one_sorted_group() {
    let docs = corpus();
    let groups = cluster(&docs, &ClusterConfig::default());
    let mut seen: Vec<usize> = groups.iter().flatten().copied().collect();
    seen.sort_unstable();
    assert_eq!(seen, (0..docs.len()).collect::<Vec<_>>());
    assert!(
        groups.windows(2).all(|w| w[0][0] < w[1][0]),
        "groups by smallest index"
    );
    assert!(
        groups.iter().all(|g| g.windows(2).all(|w| w[0] < w[1])),
        "members ascending"
    );
    assert_eq!(group_of(&groups, 0), &vec![0, 2, 5, 9]);
    assert_eq!(group_of(&groups, 1), &vec![1, 4, 7, 10]);
    assert_eq!(group_of(&groups, 3), &vec![3, 6, 8, 11]);
    assert_eq!(group_of(&groups, 12), &vec![12]);
}

#[test]
fn one_thread_and_many_give_the_same_groups_run_after_run() {
    let docs = corpus();
    let config = ClusterConfig::default();
    let pool = |n| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .expect("a pool")
    };
    let one = pool(1).install(|| cluster(&docs, &config));
    let four = pool(4).install(|| cluster(&docs, &config));
    assert_eq!(one, four);
    assert_eq!(one, cluster(&docs, &config));
}

#[test]
fn a_chain_of_links_does_not_join_its_unrelated_ends() {
    // A shares two names with B, B two other names with C; A and C share nothing.
    let docs = vec![
        doc("a", "Kovar and Adeyemi sign the Tallinn accord", "", 0),
        doc("b", "Kovar and Adeyemi meet Brandt and Oyelaran", "", 0),
        doc("c", "Brandt and Oyelaran open the Lisbon summit", "", 0),
    ];
    let groups = cluster(&docs, &ClusterConfig::default());
    assert!(group_of(&groups, 0) != group_of(&groups, 2), "{groups:?}");
}

#[test]
fn articles_days_apart_stay_apart_but_a_running_story_keeps_growing() {
    let title = "Kovar trial: jury hears from Adeyemi";
    let apart = vec![doc("a", title, "", 0), doc("b", title, "", 24 * 10)];
    assert_eq!(cluster(&apart, &ClusterConfig::default()).len(), 2);
    let running: Vec<Doc> = (0..8)
        .map(|day| doc("a", title, "", 24 * 2 * day))
        .collect();
    assert_eq!(
        cluster(&running, &ClusterConfig::default()).len(),
        1,
        "each day within the window of the last"
    );
}

#[test]
fn wire_copies_from_different_sources_are_found_earliest_first() {
    let wire = "Officials in Porto Alegre said on Monday that thousands of residents had left their homes as the river rose";
    let docs = vec![
        doc(
            "reuters",
            "Porto Alegre floods force thousands from homes",
            wire,
            2,
        ),
        doc(
            "local",
            "Porto Alegre floods force thousands from homes",
            wire,
            1,
        ),
        doc(
            "daily",
            "Porto Alegre floods force thousands from homes - Daily",
            wire,
            3,
        ),
        doc(
            "other",
            "Porto Alegre mayor blames river defences for floods",
            "The mayor said the city's flood walls failed",
            2,
        ),
        doc(
            "local",
            "Porto Alegre floods force thousands from homes",
            wire,
            4,
        ),
    ];
    let group: Vec<usize> = (0..docs.len()).collect();
    let info = describe(&docs, &group, &ClusterConfig::default());
    assert_eq!(info.syndicated, vec![vec![1, 0, 2, 4]]);
}

#[test]
fn an_opinion_headline_stands_for_the_story_only_when_there_is_no_news() {
    let opinion = vec!["Opinion".to_string()];
    let mut docs = vec![
        doc(
            "a",
            "Kovar must resign over the Tallinn accord",
            "Kovar signed the Tallinn accord",
            0,
        ),
        doc(
            "b",
            "Kovar signs the Tallinn accord",
            "Kovar signed the Tallinn accord on Monday",
            1,
        ),
        doc(
            "c",
            "Why the Tallinn accord is a mistake",
            "Kovar and the Tallinn accord",
            2,
        ),
    ];
    docs[0].url = Some("https://example.com/opinion/2024/kovar");
    docs[2].categories = &opinion;
    let info = describe(&docs, &[0, 1, 2], &ClusterConfig::default());
    assert_eq!(info.representative, 1);
    let info = describe(&docs, &[0, 2], &ClusterConfig::default());
    assert!([0, 2].contains(&info.representative));
    assert!(is_opinion(&doc("x", "Opinion: Kovar is wrong", "", 0)));
    assert!(!is_opinion(&doc("x", "Opinion polls favour Kovar", "", 0)));
}

#[test]
fn defining_terms_are_readable_words_the_articles_share() {
    let docs = corpus();
    let info = describe(&docs, &[0, 2, 5, 9], &ClusterConfig::default());
    let words: Vec<&str> = info.terms.iter().map(|t| t.word.as_str()).collect();
    assert!(words.contains(&"Gox"), "{words:?}");
    assert!(words.contains(&"bankruptcy"), "{words:?}");
    assert!(
        info.terms.iter().all(|t| t.articles >= 2),
        "{:?}",
        info.terms
    );
    assert!(docs[info.representative].title.contains("Gox"));
}

#[test]
fn any_text_is_accepted_and_languages_stay_apart() {
    let huge = "lorem ipsum ".repeat(50_000);
    let odd = [
        "",
        " ",
        "🙂🙂🙂",
        "\u{202e}مرحبا بالعالم",
        "שלום עולם",
        "東京で大雪、交通機関に乱れ",
        "Ünïcödé ß ǅ",
        huge.as_str(),
        "'s ’s",
        "...",
        "1 2 3",
    ];
    let mut docs: Vec<Doc> = odd
        .iter()
        .enumerate()
        .map(|(k, t)| doc("x", t, t, k as i64))
        .collect();
    docs.push(doc(
        "en",
        "Kovar and Adeyemi sign the Tallinn accord",
        "The leaders signed the accord in Tallinn",
        0,
    ));
    docs.push(doc(
        "de",
        "Kovar und Adeyemi unterzeichnen das Abkommen von Tallinn",
        "Die Politiker unterzeichneten das Abkommen in Tallinn",
        0,
    ));
    docs.push(doc(
        "en2",
        "Kovar, Adeyemi sign Tallinn accord",
        "Leaders signed the accord in Tallinn on Monday",
        1,
    ));
    let groups = cluster(&docs, &ClusterConfig::default());
    let n = docs.len();
    assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), n);
    assert_eq!(group_of(&groups, n - 3), &vec![n - 3, n - 1]);
    let infos = describe_all(&docs, &groups, &ClusterConfig::default());
    assert_eq!(infos.len(), groups.len());
}

#[test]
fn extend_adds_new_docs_without_splitting_old_groups() {
    let docs = corpus();
    let config = ClusterConfig::default();
    let known = 8;
    let before = cluster(&docs[..known], &config);
    let after = extend(&docs, known, before.clone(), &config);
    for old in &before {
        let new = group_of(&after, old[0]);
        assert!(
            old.iter().all(|i| new.contains(i)),
            "{old:?} was split: {after:?}"
        );
    }
    assert_eq!(after.iter().map(Vec::len).sum::<usize>(), docs.len());
    assert_eq!(
        after,
        cluster(&docs, &config),
        "here the day-by-day result is the full one"
    );
    assert_eq!(
        extend(&docs, known, before.clone(), &config),
        after,
        "deterministic"
    );
}

#[test]
fn extend_merges_old_groups_only_when_new_docs_show_them_to_be_one_story() {
    let docs = vec![
        doc("a", "Kovar signs Tallinn accord with Adeyemi", "", 0),
        doc("b", "Kovar, Adeyemi sign Tallinn accord", "", 0),
        doc("c", "Kovar and Adeyemi sign the Tallinn accord", "", 1),
    ];
    let config = ClusterConfig::default();
    let apart = vec![vec![0], vec![1]];
    assert_eq!(
        extend(&docs[..2], 2, apart.clone(), &config),
        apart,
        "nothing new, nothing merged"
    );
    assert_eq!(extend(&docs, 2, apart, &config), vec![vec![0, 1, 2]]);
    let repaired = extend(&docs, 2, vec![vec![0, 0, 7]], &config);
    assert_eq!(
        repaired.iter().map(Vec::len).sum::<usize>(),
        3,
        "bad old groups are repaired"
    );
}

#[test]
fn the_config_reads_from_yaml_with_defaults_and_rejects_unknown_keys() {
    let config: ClusterConfig = serde_yaml::from_str("window_days: 2").expect("valid");
    assert_eq!(
        config,
        ClusterConfig {
            window_days: 2.0,
            ..ClusterConfig::default()
        }
    );
    assert!(serde_yaml::from_str::<ClusterConfig>("treshold: 0.3").is_err());
}

#[test]
fn extend_leaves_groups_outside_the_window_alone() {
    let title = "Kovar trial: jury hears from Adeyemi";
    let docs = vec![
        doc("a", title, "", 0),
        doc("b", title, "", 1),
        doc("c", title, "", 24 * 30),
    ];
    let config = ClusterConfig::default();
    let groups = extend(&docs, 2, vec![vec![0, 1]], &config);
    assert_eq!(
        groups,
        vec![vec![0, 1], vec![2]],
        "a month later is another story"
    );
}
