//! Which source a rater's row is about. The rules are tried in order and the first that finds
//! anything decides: the source id; the domain (the address's host with or without `www.`, and
//! the longest section prefix its path falls in); the registrable domain (`edition.cnn.com` and
//! `cnn.com` are both `cnn.com`, by the public suffix list); an alias; the outlet's name compared
//! without case, punctuation or a leading "The". A rule that finds two sources is an error.

use super::config::Rater;
use super::vocab::norm_name;
use crate::model::{Sources, split_claim};
use std::collections::{BTreeSet, HashMap};

/// How a row was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    Id,
    Domain,
    Www,
    RegistrableDomain,
    Alias,
    Name,
}

impl Rule {
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Id => "id",
            Rule::Domain => "domain",
            Rule::Www => "domain without www.",
            Rule::RegistrableDomain => "registrable domain",
            Rule::Alias => "alias",
            Rule::Name => "name",
        }
    }
}

/// What the rules found for a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    One(usize, Rule),
    /// Several sources (indices into `Sources::all`), by one rule.
    Several(Vec<usize>, Rule),
    Nothing,
}

/// The key cells of one row (empty when the rater has no such column).
#[derive(Debug, Clone, Default)]
pub struct Keys<'a> {
    pub id: &'a str,
    pub domain: &'a str,
    pub name: &'a str,
}

/// Lookups over a registry, built once per build.
#[derive(Debug)]
pub struct Matcher<'a> {
    sources: &'a Sources,
    /// Host to (section prefix, source), longest prefix first.
    claims: HashMap<String, Vec<(String, usize)>>,
    /// Registrable domain to the sources claiming a whole host under it.
    registrable: HashMap<String, BTreeSet<usize>>,
    names: HashMap<String, BTreeSet<usize>>,
}

impl<'a> Matcher<'a> {
    pub fn new(sources: &'a Sources) -> Self {
        let mut claims: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        let mut registrable: HashMap<String, BTreeSet<usize>> = HashMap::new();
        let mut names: HashMap<String, BTreeSet<usize>> = HashMap::new();
        for (i, source) in sources.all().iter().enumerate() {
            for domain in &source.domains {
                let (host, prefix) = split_claim(domain);
                claims
                    .entry(host.to_string())
                    .or_default()
                    .push((prefix.to_string(), i));
                if prefix.is_empty() {
                    registrable
                        .entry(registrable_domain(host))
                        .or_default()
                        .insert(i);
                }
            }
            names.entry(norm_name(&source.name)).or_default().insert(i);
        }
        for list in claims.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.cmp(b)));
        }
        Matcher {
            sources,
            claims,
            registrable,
            names,
        }
    }

    /// The source of a row of `rater`.
    pub fn find(&self, rater: &Rater, keys: &Keys) -> Found {
        let id = keys.id.trim();
        if let Some(i) = (!id.is_empty())
            .then(|| self.sources.index_of(id))
            .flatten()
        {
            return Found::One(i, Rule::Id);
        }
        let domain = self.by_domain(keys.domain);
        if domain != Found::Nothing {
            return domain;
        }
        self.by_name(rater, keys.name)
    }

    fn by_domain(&self, cell: &str) -> Found {
        let Some((host, path)) = host_and_path(cell) else {
            return Found::Nothing;
        };
        let bare = host.strip_prefix("www.").unwrap_or(&host);
        let rule = if bare.len() < host.len() {
            Rule::Www
        } else {
            Rule::Domain
        };
        if let Some(list) = self.claims.get(bare) {
            let found = list.iter().find(|(prefix, _)| {
                prefix.is_empty()
                    || path.starts_with(prefix.as_str())
                    || prefix.strip_suffix('/') == Some(&path)
            });
            if let Some(&(_, i)) = found {
                return Found::One(i, rule);
            }
        }
        match self.registrable.get(&registrable_domain(bare)) {
            Some(set) if set.len() == 1 => {
                Found::One(*set.first().expect("one"), Rule::RegistrableDomain)
            }
            Some(set) if !set.is_empty() => {
                Found::Several(set.iter().copied().collect(), Rule::RegistrableDomain)
            }
            _ => Found::Nothing,
        }
    }

    fn by_name(&self, rater: &Rater, cell: &str) -> Found {
        let name = norm_name(cell);
        if name.is_empty() {
            return Found::Nothing;
        }
        if let Some((id, _)) = rater.aliases.get(&name)
            && let Some(i) = self.sources.index_of(id)
        {
            return Found::One(i, Rule::Alias);
        }
        match self.names.get(&name) {
            Some(set) if set.len() == 1 => Found::One(*set.first().expect("one"), Rule::Name),
            Some(set) => Found::Several(set.iter().copied().collect(), Rule::Name),
            None => Found::Nothing,
        }
    }
}

/// `https://WWW.Example.com/Opinion/x` or `www.example.com/opinion` -> (`www.example.com`,
/// `/opinion/x`), lower case; `None` for a cell that is no host name.
pub fn host_and_path(cell: &str) -> Option<(String, String)> {
    let cell = cell.trim();
    if cell.is_empty() || cell.contains(char::is_whitespace) {
        return None;
    }
    let with_scheme = if cell.contains("://") {
        cell.to_string()
    } else {
        format!("http://{cell}")
    };
    let url = url::Url::parse(&with_scheme).ok()?;
    let Some(url::Host::Domain(host)) = url.host() else {
        return None;
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let tld = host.rsplit('.').next().unwrap_or("");
    (host.contains('.') && tld.chars().any(|c| c.is_alphabetic()))
        .then(|| (host, url.path().to_lowercase()))
}

/// The registrable domain of a host by the public suffix list (`news.bbc.co.uk` -> `bbc.co.uk`),
/// else the host itself.
pub fn registrable_domain(host: &str) -> String {
    psl::domain_str(host).unwrap_or(host).to_string()
}
