//! `check --external`: outbound links, checked over the network with a bounded number of requests
//! at once, a time-out, a pause between two requests to one host, HEAD first and GET when HEAD is
//! refused, and a cache beside the output folder so that a re-run skips links checked fine
//! recently.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// How outbound links are checked.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Requests at once.
    pub jobs: usize,
    /// How long one request may take.
    pub timeout: Duration,
    /// The least time between two requests to one host.
    pub per_host: Duration,
    /// The cache file (`.<output>.parallax-links` beside the output folder).
    pub cache: PathBuf,
    /// How long a link checked fine is not checked again.
    pub max_age: Duration,
}

/// What the check found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Links requested over the network.
    pub checked: usize,
    /// Links skipped: checked fine within `max_age`.
    pub cached: usize,
    /// Each failing link, the first place it appears at, and why it fails.
    pub broken: Vec<(String, String, String)>,
}

/// Checks every link of `links` (URL -> first place) that the cache does not vouch for.
pub fn check(links: &BTreeMap<String, String>, settings: &Settings) -> Checked {
    let now = unix_now();
    let mut cache = Cache::read(settings);
    let (fresh, todo): (Vec<&String>, Vec<&String>) = links
        .keys()
        .partition(|url| cache.fresh(url, now, settings.max_age));
    let results = probe_all(&todo, settings);
    let mut checked = Checked {
        checked: todo.len(),
        cached: fresh.len(),
        broken: Vec::new(),
    };
    for (url, result) in results {
        match result {
            Ok(()) => {
                cache.0.insert(url.to_string(), now);
            }
            Err(why) => {
                cache.0.remove(url);
                let place = links.get(url).cloned().unwrap_or_default();
                checked.broken.push((url.to_string(), place, why));
            }
        }
    }
    checked.broken.sort();
    cache.save(settings);
    checked
}

/// Requests every link of `urls`, `settings.jobs` at a time.
fn probe_all<'u>(urls: &[&'u String], settings: &Settings) -> Vec<(&'u str, Result<(), String>)> {
    let agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(settings.timeout))
        .user_agent(concat!("parallax-check/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent();
    let queue = Mutex::new(urls.to_vec());
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    let pacer = Pacer::default();
    std::thread::scope(|scope| {
        for _ in 0..settings.jobs.clamp(1, urls.len().max(1)) {
            scope.spawn(|| {
                while let Some(url) = lock(&queue).pop() {
                    pacer.wait(url, settings.per_host);
                    let result = probe(&agent, url);
                    lock(&results).push((url.as_str(), result));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// HEAD, then GET when HEAD fails (many servers refuse or mishandle HEAD); a status below 400
/// after redirects is fine.
fn probe(agent: &ureq::Agent, url: &str) -> Result<(), String> {
    let fine = |status: u16| status < 400;
    if let Ok(response) = agent.head(url).call()
        && fine(response.status().as_u16())
    {
        return Ok(());
    }
    match agent.get(url).call() {
        Ok(response) if fine(response.status().as_u16()) => Ok(()),
        Ok(response) => Err(format!("HTTP {}", response.status())),
        Err(e) => Err(e.to_string()),
    }
}

/// When each host may be asked next.
#[derive(Default)]
struct Pacer(Mutex<HashMap<String, Instant>>);

impl Pacer {
    /// Waits for this URL's host's turn, and books the next one `gap` later.
    fn wait(&self, url: &str, gap: Duration) {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_default();
        let now = Instant::now();
        let turn = {
            let mut next = lock(&self.0);
            let turn = next.get(&host).map_or(now, |t| (*t).max(now));
            next.insert(host, turn + gap);
            turn
        };
        std::thread::sleep(turn.saturating_duration_since(now));
    }
}

/// Links checked fine, with when (seconds since 1970).
#[derive(Debug, Default)]
struct Cache(BTreeMap<String, u64>);

impl Cache {
    /// The cache file's links; an unreadable or damaged file is an empty cache.
    fn read(settings: &Settings) -> Cache {
        let text = std::fs::read_to_string(&settings.cache).unwrap_or_default();
        Cache(serde_json::from_str(&text).unwrap_or_default())
    }

    fn fresh(&self, url: &str, now: u64, max_age: Duration) -> bool {
        self.0
            .get(url)
            .is_some_and(|&when| now.saturating_sub(when) < max_age.as_secs())
    }

    /// Saves it; a failure only costs the next run its shortcut.
    fn save(&self, settings: &Settings) {
        if let Ok(text) = serde_json::to_string(&self.0) {
            let _ = crate::write::write_atomic(&settings.cache, text.as_bytes());
        }
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}
