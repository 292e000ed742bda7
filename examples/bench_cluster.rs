//! Times the clusterer on N generated articles (not a test: figures to read).
//!
//! ```text
//! cargo run --release --example bench_cluster -- N [THREADS]
//! ```
//!
//! The generator makes a realistic stream at about 2,000 articles a day: events with their own
//! names and numbers covered in bursts over days (a few keep running for a week or more), event
//! sizes from one article to hundreds, 600 outlets paraphrasing headlines, wire copies reposted
//! word for word, unrelated events sharing topic words and headline templates, and four languages.
//! Prints the time of a full `cluster` over N (wall and CPU: the machine may be shared), the time
//! of `extend` adding one more day (~2,000 articles) to it, the peak memory of the process
//! (VmHWM), and how well the groups match the generator's events. THREADS sets rayon's pool.

use chrono::{DateTime, Utc};
use parallax::{ClusterConfig, Doc, cluster, extend_clusters};
use std::time::Instant;

#[path = "bench_cluster/generate.rs"]
mod generate;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    if let Some(threads) = args.next().and_then(|a| a.parse().ok()) {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build_global()
            .expect("the global thread pool is set once");
    }
    let per_day = 2_000;
    let articles = generate::articles(n + per_day, per_day, 42);
    let epoch = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let docs: Vec<Doc> = articles
        .iter()
        .map(|a| Doc {
            source: &a.source,
            title: &a.title,
            summary: Some(&a.summary),
            url: None,
            categories: &[],
            published: epoch + chrono::Duration::seconds(a.seconds),
        })
        .collect();
    let config = ClusterConfig::default();
    let (started, cpu) = (Instant::now(), cpu_seconds());
    let groups = cluster(&docs[..n], &config);
    let (full, full_cpu) = (started.elapsed(), cpu_seconds() - cpu);
    let sizes = groups.iter().filter(|g| g.len() > 1).count();
    let started = Instant::now();
    let extended = extend_clusters(&docs, n, groups.clone(), &config);
    let added = started.elapsed();
    println!(
        "N {n}: {} groups ({sizes} with 2+ articles, {} events), cluster {:.2} s ({full_cpu:.2} s CPU); extend +{per_day} -> {} groups in {:.3} s; peak memory {} MB",
        groups.len(),
        generate::events_in(&articles[..n]),
        full.as_secs_f64(),
        extended.len(),
        added.as_secs_f64(),
        peak_mb()
    );
    let purity = generate::purity(&articles[..n], &groups);
    println!(
        "  against the generator's events: B-cubed P {:.3} R {:.3}",
        purity.0, purity.1
    );
}

/// CPU time of the process so far (user + system, all threads), from /proc/self/stat in clock
/// ticks of 1/100 s (Linux's USER_HZ); 0 where there is none.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after_name = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |k: usize| {
        fields
            .get(k)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

/// Peak resident memory in MB, from /proc/self/status (0 where there is none).
fn peak_mb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<u64>().ok())
        .map_or(0, |kb| kb / 1024)
}
