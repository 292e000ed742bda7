//! One good build as `serve` holds it: the site model and its templates, every path it serves,
//! and its pages rendered so far. A page is rendered when first asked for, so a change is served
//! as soon as the site model is rebuilt; the rest are rendered in the background (and compared
//! with the previous build's, to tell how many changed) unless a newer build replaces this one.

use crate::Prepared;
use crate::error::Result;
use crate::site::PageKind;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// A served build.
pub struct Built {
    prepared: Prepared,
    /// Output path -> index into `site.pages`.
    pages: HashMap<String, usize>,
    /// The other files (sitemap, search index, static files), made on first use.
    files: OnceLock<HashMap<String, Arc<[u8]>>>,
    /// Pages rendered so far, by index.
    rendered: Mutex<HashMap<usize, Arc<[u8]>>>,
    /// Set when a newer build replaces this one: its background rendering stops.
    replaced: AtomicBool,
}

impl Built {
    pub fn new(prepared: Prepared) -> Built {
        let pages = prepared
            .site
            .pages
            .iter()
            .enumerate()
            .map(|(k, page)| (page.output_file(), k))
            .collect();
        Built {
            prepared,
            pages,
            files: OnceLock::new(),
            rendered: Mutex::new(HashMap::new()),
            replaced: AtomicBool::new(false),
        }
    }

    pub fn warnings(&self) -> &[String] {
        &self.prepared.warnings
    }

    /// How many files it serves.
    pub fn len(&self) -> usize {
        self.pages.len() + self.files().len()
    }

    fn files(&self) -> &HashMap<String, Arc<[u8]>> {
        self.files.get_or_init(|| {
            let files = self.prepared.files().into_iter();
            files.map(|(path, bytes)| (path, bytes.into())).collect()
        })
    }

    pub fn has(&self, path: &str) -> bool {
        self.pages.contains_key(path) || self.files().contains_key(path)
    }

    /// The bytes at `path`, rendering the page there if it is not yet.
    pub fn get(&self, path: &str) -> Option<Result<Arc<[u8]>>> {
        match self.pages.get(path) {
            Some(&k) => Some(self.page(k)),
            None => self.files().get(path).cloned().map(Ok),
        }
    }

    fn page(&self, k: usize) -> Result<Arc<[u8]>> {
        if let Some(bytes) = lock(&self.rendered).get(&k) {
            return Ok(Arc::clone(bytes));
        }
        let (site, renderer) = (&self.prepared.site, &self.prepared.renderer);
        let bytes: Arc<[u8]> = renderer.page(site, &site.pages[k])?.into();
        lock(&self.rendered).insert(k, Arc::clone(&bytes));
        Ok(bytes)
    }

    /// Renders the first page of each kind: a template that fails at render time fails here,
    /// before this build replaces a good one.
    pub fn probe(&self) -> Result<()> {
        let mut seen: Vec<std::mem::Discriminant<PageKind>> = Vec::new();
        let firsts: Vec<usize> = (0..self.prepared.site.pages.len())
            .filter(|&k| {
                let kind = std::mem::discriminant(&self.prepared.site.pages[k].kind);
                let first = !seen.contains(&kind);
                seen.push(kind);
                first
            })
            .collect();
        firsts.par_iter().try_for_each(|&k| self.page(k).map(drop))
    }

    /// Renders every page not rendered yet, costliest first, until done or replaced; returns how
    /// many files differ from `previous` (new, changed or gone), or `None` when replaced first.
    pub fn render_rest(&self, previous: Option<&Built>) -> Result<Option<usize>> {
        let order = crate::render::order::costliest_first(&self.prepared.site);
        order.par_iter().with_max_len(1).try_for_each(|&k| {
            if !self.replaced.load(Ordering::Relaxed) {
                self.page(k)?;
            }
            Ok::<_, crate::error::Error>(())
        })?;
        if self.replaced.load(Ordering::Relaxed) {
            return Ok(None);
        }
        Ok(Some(self.changed_since(previous)))
    }

    /// Files that differ from `previous`'s (all of them when there is none).
    fn changed_since(&self, previous: Option<&Built>) -> usize {
        let Some(previous) = previous else {
            return self.len();
        };
        let same = |path: &str, bytes: &Arc<[u8]>| {
            previous.cached(path).is_some_and(|old| *old == **bytes)
        };
        let rendered = lock(&self.rendered);
        let pages = self
            .pages
            .iter()
            .filter(|(path, k)| rendered.get(k).is_none_or(|bytes| !same(path, bytes)));
        let files = self
            .files()
            .iter()
            .filter(|(path, bytes)| !same(path, bytes));
        let gone = previous.paths().filter(|path| !self.has(path));
        pages.count() + files.count() + gone.count()
    }

    /// The bytes at `path` if made already (no rendering).
    fn cached(&self, path: &str) -> Option<Arc<[u8]>> {
        match self.pages.get(path) {
            Some(k) => lock(&self.rendered).get(k).cloned(),
            None => self.files().get(path).cloned(),
        }
    }

    fn paths(&self) -> impl Iterator<Item = &String> {
        self.pages.keys().chain(self.files().keys())
    }

    /// Stops the background rendering: a newer build is served.
    pub fn replace(&self) {
        self.replaced.store(true, Ordering::Relaxed);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}
