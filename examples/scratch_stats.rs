use chrono::{DateTime, Utc};
use parallax::{ClusterConfig, Doc, debug_vectors};
use serde_json::Value;
use std::collections::BTreeMap;
fn dot(a: &[(u64, f32)], b: &[(u64, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        if a[i].0 < b[j].0 { i += 1 } else if a[i].0 > b[j].0 { j += 1 } else { s += a[i].1 * b[j].1; i += 1; j += 1 }
    }
    s
}
fn main() {
    let file = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let rows: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).filter(|v: &Value| v["url_in_multiple_stories"].as_bool() != Some(true)).collect();
    let epoch = DateTime::<Utc>::from_timestamp(1_600_000_000, 0).unwrap();
    let docs: Vec<Doc> = rows.iter().map(|r| Doc { source: r["source"].as_str().unwrap_or(""), title: r["title"].as_str().unwrap_or(""), summary: r["snippet"].as_str(), url: None, categories: &[], published: epoch }).collect();
    let cfg: ClusterConfig = serde_yaml::from_str(&std::env::args().nth(2).unwrap_or("{}".into())).unwrap();
    let v = debug_vectors(&docs, &cfg);
    let gold: Vec<String> = rows.iter().map(|r| r["story_id"].to_string()).collect();
    let n = docs.len();
    // per doc: best true sim, best false sim; rank of first true
    let mut within = Vec::new(); let mut best_false = Vec::new(); let mut best_true = Vec::new();
    let mut top1_true = 0;
    for i in 0..n {
        let mut bt: f32 = 0.0; let mut bf: f32 = 0.0;
        for j in 0..n { if i == j { continue; } let s = dot(&v[i], &v[j]); if gold[i] == gold[j] { bt = bt.max(s); if j > i { within.push(s); } } else { bf = bf.max(s); } }
        best_true.push(bt); best_false.push(bf); if bt > bf { top1_true += 1; } else if std::env::var("SHOW").is_ok() && i % 4 == 0 {
            let jf = (0..n).filter(|&j| j != i && gold[j] != gold[i]).max_by(|&a, &b| dot(&v[i], &v[a]).total_cmp(&dot(&v[i], &v[b]))).unwrap();
            let jt = (0..n).filter(|&j| j != i && gold[j] == gold[i]).max_by(|&a, &b| dot(&v[i], &v[a]).total_cmp(&dot(&v[i], &v[b])));
            println!("\n* {}\n  true {:.2} {}\n  false {:.2} {}", docs[i].title, bt, jt.map_or("", |j| docs[j].title), bf, docs[jf].title);
        }
    }
    let q = |x: &mut Vec<f32>| { x.sort_by(|a, b| a.total_cmp(b)); let k = x.len(); format!("p10 {:.2} p25 {:.2} p50 {:.2} p75 {:.2} p90 {:.2}", x[k/10], x[k/4], x[k/2], x[3*k/4], x[9*k/10]) };
    println!("within pairs: {}", q(&mut within));
    println!("best true: {}", q(&mut best_true));
    println!("best false: {}", q(&mut best_false));
    println!("top1 true {} of {}", top1_true, n);
    // gold cluster cohesion & centroid
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, g) in gold.iter().enumerate() { groups.entry(g).or_default().push(i); }
    for (g, m) in groups.iter().take(40) {
        let mut s = 0.0; let mut c = 0;
        for a in 0..m.len() { for b in a+1..m.len() { s += dot(&v[m[a]], &v[m[b]]); c += 1; } }
        print!("{}:{:.2} ", m.len(), s / c.max(1) as f32);
        let _ = g;
    }
    println!();
    // oracle: leave-one-out nearest gold centroid
    let keys: Vec<&str> = groups.keys().copied().collect();
    let sums: Vec<Vec<(u64, f32)>> = keys.iter().map(|k| { let mut m: BTreeMap<u64, f32> = BTreeMap::new(); for &i in &groups[k] { for &(t, w) in &v[i] { *m.entry(t).or_default() += w; } } m.into_iter().collect() }).collect();
    let mut ok = 0; let mut zero = 0;
    for i in 0..n {
        let mut best = (-1.0f32, 0usize);
        for (g, s) in sums.iter().enumerate() {
            let own = keys[g] == gold[i];
            let mut sv: Vec<(u64, f32)> = s.clone();
            if own { for e in sv.iter_mut() { if let Ok(k) = v[i].binary_search_by_key(&e.0, |x| x.0) { e.1 -= v[i][k].1; } } }
            let norm = dot(&sv, &sv).sqrt().max(1e-6);
            let c = dot(&v[i], &sv) / norm;
            if c > best.0 { best = (c, g); }
        }
        if best.0 <= 1e-6 { zero += 1; }
        if keys[best.1] == gold[i] { ok += 1; }
    }
    println!("oracle centroid accuracy {ok} of {n}, no overlap {zero}");
}
