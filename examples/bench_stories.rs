//! Times automatic stories end to end on a site on disk (not a test: figures to read).
//!
//! ```text
//! cargo run --release --example bench_stories -- N [DIR]
//! ```
//!
//! Writes a site whose archive holds N generated articles (the generator of `bench_cluster`: 600
//! outlets, events covered in bursts, wire copies, four languages) into DIR (default: a temporary
//! folder; a tmpfs such as /dev/shm keeps the disk out of the figures), then:
//! 1. `parallax cluster`: the whole archive into stories, recorded in `content/clusters/`;
//! 2. `parallax fetch` of one more day (~2,000 articles, from a local feed file): the archive grows
//!    and the new articles join stories incrementally;
//!
//! and prints the time of each, the stories made, and how many story slugs the day changed (none may
//! change; stories may only merge, and a merged story keeps its URL as a redirect).

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[path = "bench_cluster/generate.rs"]
#[allow(dead_code)] // shared with bench_cluster, which also scores the groups
mod generate;

const PER_DAY: usize = 2_000;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let root = args
        .next()
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("site"));
    let _ = std::fs::remove_dir_all(&root);
    let articles = generate::articles(n + PER_DAY, PER_DAY, 42);
    let epoch = DateTime::<Utc>::from_timestamp(1_700_000_000, 0).unwrap_or_default();
    let at = |a: &generate::Article| epoch + chrono::Duration::seconds(a.seconds);
    write_site(&root, &articles[..n], at);
    let last = articles[..n].iter().map(at).max().unwrap_or(epoch);

    let started = Instant::now();
    let report = parallax::recluster(&parallax::ClusterOptions {
        root: root.clone(),
        now: Some(last),
        wait: Default::default(),
    })
    .expect("cluster");
    println!(
        "N {n}: parallax cluster {:.2} s: {} articles, {} stories",
        started.elapsed().as_secs_f64(),
        report.articles,
        report.stories
    );
    let before = slugs(&root);

    write_day_feed(&root, &articles[n..], at);
    let started = Instant::now();
    let fetched = parallax::fetch(
        &parallax::FetchOptions {
            root: root.clone(),
            now: Some(last + chrono::Duration::days(1)),
            ..Default::default()
        },
        &|_| {},
    )
    .expect("fetch");
    let clustering = fetched.clustering.unwrap_or_default();
    let after = slugs(&root);
    let renamed = before
        .iter()
        .filter(|(id, slug)| after.get(*id) != Some(slug))
        .count();
    println!(
        "+{PER_DAY} articles: parallax fetch {:.2} s (archive load and save included): {} new stories, {} grew, {} merged; {} of {} story slugs changed",
        started.elapsed().as_secs_f64(),
        clustering.new,
        clustering.changed,
        clustering.merged,
        renamed,
        before.len()
    );
}

/// `source-<n>` from the generator's `outlet-<n>`.
fn source_id(name: &str) -> String {
    name.replace("outlet", "source")
}

fn record_line(i: usize, a: &generate::Article, published: DateTime<Utc>) -> String {
    let source = source_id(&a.source);
    let url = format!("https://{source}.example/a/{i}");
    let id = format!("{:016x}", i as u64 * 0x9E37_79B9_7F4A_7C15);
    serde_json::json!({
        "id": id,
        "source": source,
        "feed": format!("https://{source}.example/feed"),
        "url": url,
        "title": a.title,
        "summary": a.summary,
        "published": published,
        "first_seen": published,
        "keys": [format!("url:{url}")],
    })
    .to_string()
}

/// parallax.yaml, 600 sources (one local feed for the next day), and the archive's day files.
fn write_site(
    root: &Path,
    articles: &[generate::Article],
    at: impl Fn(&generate::Article) -> DateTime<Utc>,
) {
    std::fs::create_dir_all(root.join("content/feeds")).unwrap();
    std::fs::write(
        root.join("parallax.yaml"),
        "title: Bench\nbase_url: https://bench.example/\n",
    )
    .unwrap();
    let mut sources = String::from(
        "sources:\n  - id: daily\n    name: Daily feed\n    feeds: [content/feeds/day.xml]\n",
    );
    for n in 0..600 {
        sources.push_str(&format!(
            "  - id: source-{n}\n    name: Source {n}\n    domains: [source-{n}.example]\n    bias: center\n"
        ));
    }
    std::fs::write(root.join("content/sources.yaml"), sources).unwrap();
    let mut days: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        let published = at(a);
        days.entry(published.format("%Y/%m/%d.jsonl").to_string())
            .or_default()
            .push(record_line(i, a, published));
    }
    for (day, lines) in days {
        let path = root.join("content/archive").join(day);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut file = std::fs::File::create(path).unwrap();
        for line in lines {
            writeln!(file, "{line}").unwrap();
        }
    }
}

/// The next day's articles as one RSS file; each item links to its outlet's domain.
fn write_day_feed(
    root: &Path,
    articles: &[generate::Article],
    at: impl Fn(&generate::Article) -> DateTime<Utc>,
) {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let mut rss =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>day</title>");
    for (i, a) in articles.iter().enumerate() {
        let source = source_id(&a.source);
        rss.push_str(&format!(
            "<item><title>{}</title><link>https://{source}.example/day/{i}</link><description>{}</description><pubDate>{}</pubDate></item>",
            escape(&a.title),
            escape(&a.summary),
            at(a).to_rfc2822()
        ));
    }
    rss.push_str("</channel></rss>");
    std::fs::write(root.join("content/feeds/day.xml"), rss).unwrap();
}

/// Stored story id -> slug.
fn slugs(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root.join("content/clusters")) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        for line in std::fs::read_to_string(entry.path()).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            out.insert(
                v["id"].as_str().unwrap().to_string(),
                v["slug"].as_str().unwrap().to_string(),
            );
        }
    }
    out
}
