//! The clusterer on thousands of generated articles (the benchmark's generator): the same
//! groups on one thread and on several, and `extend` keeps every earlier group whole.

#[path = "../examples/bench_cluster/generate.rs"]
#[allow(dead_code)]
mod generate;

use chrono::{DateTime, Duration, Utc};
use parallax::{ClusterConfig, Doc, cluster, extend_clusters};

fn docs(articles: &[generate::Article]) -> Vec<Doc<'_>> {
    let epoch = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    articles
        .iter()
        .map(|a| Doc {
            source: &a.source,
            title: &a.title,
            summary: Some(&a.summary),
            url: None,
            categories: &[],
            published: epoch + Duration::seconds(a.seconds),
        })
        .collect()
}

fn on_threads<T: Send>(n: usize, work: impl FnOnce() -> T + Send) -> T {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .build()
        .expect("a thread pool");
    pool.install(work)
}

#[test]
fn thousands_of_articles_group_the_same_on_one_thread_and_on_four() {
    let articles = generate::articles(4_000, 2_000, 7);
    let docs = docs(&articles);
    let config = ClusterConfig::default();
    let one = on_threads(1, || cluster(&docs, &config));
    let four = on_threads(4, || cluster(&docs, &config));
    assert_eq!(one, four);
    let (precision, recall) = generate::purity(&articles, &one);
    assert!(
        precision > 0.9 && recall > 0.9,
        "P {precision:.3} R {recall:.3}"
    );
}

#[test]
fn extend_keeps_earlier_groups_whole_and_is_deterministic() {
    let articles = generate::articles(5_000, 2_000, 11);
    let docs = docs(&articles);
    let config = ClusterConfig::default();
    let known = 4_000;
    let before = cluster(&docs[..known], &config);
    let after = on_threads(1, || extend_clusters(&docs, known, before.clone(), &config));
    assert_eq!(
        after,
        on_threads(4, || extend_clusters(&docs, known, before.clone(), &config))
    );
    let mut group_of = vec![usize::MAX; docs.len()];
    for (g, members) in after.iter().enumerate() {
        for &i in members {
            assert_eq!(group_of[i], usize::MAX, "article {i} in two groups");
            group_of[i] = g;
        }
    }
    assert!(
        group_of.iter().all(|&g| g != usize::MAX),
        "every article is grouped"
    );
    for old in &before {
        assert!(
            old.iter().all(|&i| group_of[i] == group_of[old[0]]),
            "{old:?} was split"
        );
    }
    let (precision, recall) = generate::purity(&articles, &after);
    assert!(
        precision > 0.9 && recall > 0.9,
        "P {precision:.3} R {recall:.3}"
    );
}
