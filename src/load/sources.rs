//! The sources registry, `content/sources.yaml`: every outlet with its ratings.
//!
//! Validation reports every problem of the file at once, each with its line: unknown labels,
//! duplicate ids, a domain (or a section, `host/opinion/`) claimed by two sources, an invalid
//! country code. Ratings may also come from raters' files (`load::ratings`); what this file says
//! wins.

use crate::error::{Error, Result};
use crate::load::yaml::YamlDoc;
use crate::model::{Bias, Country, Factuality, Ownership, OwnershipKind, Rating, Source, Sources};
use crate::normalise::is_slug;
use serde::Deserialize;
use serde_yaml::Value;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    sources: Vec<RawSource>,
}

/// One entry of the registry as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    id: String,
    name: String,
    #[serde(default)]
    homepage: Option<String>,
    #[serde(default)]
    domains: Vec<String>,
    #[serde(default)]
    feeds: Vec<String>,
    /// `lean-left`, or `{rater: label, ...}`, or `[label, ...]`.
    #[serde(default)]
    bias: Option<Value>,
    #[serde(default)]
    factuality: Option<String>,
    /// `corporate`, or `{type: corporate, owner: Name}`.
    #[serde(default)]
    ownership: Option<Value>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default)]
    location: Option<String>,
    #[serde(default)]
    region: Option<String>,
}

/// Parses and validates the registry text read from `path`.
pub fn parse(path: &Path, text: &str) -> Result<Sources> {
    let (raw, doc) = YamlDoc::parse::<RawFile>(path, text, 0)?;
    let mut problems = Vec::new();
    let mut ids: HashMap<String, usize> = HashMap::new();
    // Each claimed domain (or section) with the source and the field that claimed it.
    let mut domains: HashMap<String, (String, String)> = HashMap::new();
    let mut list = Vec::with_capacity(raw.sources.len());

    for (i, raw) in raw.sources.into_iter().enumerate() {
        let at = |field: &str| format!("sources[{i}].{field}");
        let RawSource {
            id,
            name,
            homepage,
            domains: raw_domains,
            feeds,
            bias,
            factuality,
            ownership,
            country,
            location,
            region,
        } = raw;

        if !is_slug(&id) {
            problems.push(
                doc.error(&at("id"), format!("`{id}` is not a valid source id"))
                    .help(format!(
                        "use {}, e.g. `harbor-herald`",
                        crate::normalise::SLUG_RULES
                    )),
            );
        } else if let Some(first) = ids.insert(id.clone(), i) {
            let line = doc
                .locate(&format!("sources[{first}].id"))
                .line
                .unwrap_or(0);
            problems.push(
                doc.error(
                    &at("id"),
                    format!("duplicate source id `{id}` (first used on line {line})"),
                )
                .help("give every source its own id"),
            );
        }
        if name.trim().is_empty() {
            problems.push(
                doc.error(&at("name"), "the name is empty")
                    .help("give the outlet's name"),
            );
        }
        if let Some(url) = &homepage
            && !is_web_url(url)
        {
            problems.push(
                doc.error(&at("homepage"), format!("`{url}` is not an http(s) URL"))
                    .help("write the full address, e.g. https://harborherald.example/"),
            );
        }

        let own_domains = claims(&doc, i, &raw_domains, homepage.as_deref(), &mut problems);
        for (domain, field) in &own_domains {
            match domains.get(domain).filter(|(other, _)| *other != id) {
                Some((other, first)) => {
                    problems.push(claimed_twice(&doc, field, domain, other, first))
                }
                None => {
                    domains.insert(domain.clone(), (id.clone(), field.clone()));
                }
            }
        }
        let own_domains: Vec<String> = own_domains.into_iter().map(|(d, _)| d).collect();

        for (j, feed) in feeds.iter().enumerate() {
            let feed = feed.trim();
            let problem = if feed.is_empty() {
                "empty feed".to_string()
            } else if is_web_url(feed) || is_file_path(feed) {
                continue;
            } else {
                format!("`{feed}` is neither an http(s) URL nor a file path")
            };
            problems.push(
                doc.error(&at(&format!("feeds[{j}]")), problem)
                    .help("give the feed's full address (https://...) or a file's path, relative to the site folder (content/feeds/wire.xml) or absolute"),
            );
        }

        let ratings = match bias.as_ref().map(parse_ratings) {
            None => Vec::new(),
            Some(Ok(r)) => r,
            Some(Err((sub, message))) => {
                let field = if sub.is_empty() {
                    at("bias")
                } else {
                    at(&format!("bias.{sub}"))
                };
                problems.push(doc.error(&field, message).help(format!(
                    "use one of {}, or several raters' labels as `{{rater-a: left, rater-b: lean-left}}`",
                    Bias::choices()
                )));
                Vec::new()
            }
        };
        let factuality = factuality.and_then(|f| {
            Factuality::parse(&f).or_else(|| {
                problems.push(
                    doc.error(&at("factuality"), format!("unknown factuality label `{f}`"))
                        .help(format!("use one of {}", Factuality::choices())),
                );
                None
            })
        });
        let ownership = ownership.and_then(|o| {
            parse_ownership(&o)
                .map_err(|m| {
                    problems.push(doc.error(&at("ownership"), m).help(format!(
                        "write `ownership: {{type: corporate, owner: Owner Name}}`; types: {}",
                        OwnershipKind::choices()
                    )))
                })
                .ok()
        });
        let country = country.and_then(|c| {
            Country::parse(&c).or_else(|| {
                problems.push(
                    doc.error(
                        &at("country"),
                        format!("`{c}` is not an ISO 3166-1 alpha-2 country code"),
                    )
                    .help("use two letters, e.g. US, GB, IN, KR"),
                );
                None
            })
        });

        let bias = Bias::average(&ratings.iter().map(|r| r.bias).collect::<Vec<_>>());
        let location_for_region = location.clone();
        list.push(Source {
            id,
            name: name.trim().to_string(),
            homepage,
            domains: own_domains,
            feeds: feeds.into_iter().map(|f| f.trim().to_string()).collect(),
            ratings,
            bias,
            factuality,
            ownership,
            country,
            location: location.filter(|l| !l.trim().is_empty()),
            region: region
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty())
                .or_else(|| {
                    // "Boston, Massachusetts": the last part names a region unless it names a country.
                    let location = location_for_region.as_deref()?;
                    let (_, last) = location.rsplit_once(',')?;
                    let last = last.trim();
                    (Country::from_name(last).is_none() && !last.is_empty())
                        .then(|| last.to_string())
                }),
        });
    }

    if problems.is_empty() {
        Ok(Sources::new(list))
    } else {
        Err(Error::Input(problems))
    }
}

/// Bias as one label, a map of raters' labels, or a list of labels. The error names the rater.
fn parse_ratings(value: &Value) -> std::result::Result<Vec<Rating>, (String, String)> {
    let label = |rater: &str, v: &Value| -> std::result::Result<Rating, (String, String)> {
        let text = scalar(v)
            .ok_or_else(|| (rater.to_string(), "a bias label must be text".to_string()))?;
        Bias::parse(&text)
            .map(|bias| Rating {
                rater: rater.to_string(),
                bias,
            })
            .ok_or_else(|| (rater.to_string(), format!("unknown bias label `{text}`")))
    };
    match value {
        Value::Mapping(map) => {
            let mut out = Vec::new();
            for (k, v) in map {
                let rater = scalar(k).unwrap_or_default();
                out.push(label(&rater, v)?);
            }
            if out.is_empty() {
                return Err((String::new(), "no labels given".into()));
            }
            Ok(out)
        }
        Value::Sequence(items) => {
            let out = items
                .iter()
                .map(|v| label("", v))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            if out.is_empty() {
                return Err((String::new(), "no labels given".into()));
            }
            Ok(out)
        }
        Value::Null => Ok(Vec::new()),
        v => Ok(vec![label("", v)?]),
    }
}

/// The domains (and sections) a source claims, each with the field it comes from: its `domains`,
/// else its homepage's host. Sorted, without duplicates.
fn claims(
    doc: &YamlDoc,
    i: usize,
    raw: &[String],
    homepage: Option<&str>,
    problems: &mut Vec<crate::error::Diagnostic>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (j, domain) in raw.iter().enumerate() {
        let field = format!("sources[{i}].domains[{j}]");
        match normalise_domain(domain) {
            Some(d) => out.push((d, field)),
            None => problems.push(
                doc.error(&field, format!("`{domain}` is not a domain name"))
                    .help("write a bare host name such as harborherald.example, or a host and a section's path such as harborherald.example/opinion/"),
            ),
        }
    }
    if raw.is_empty()
        && let Some(host) = homepage
            .and_then(|h| url::Url::parse(h).ok())
            .and_then(|u| u.host_str().map(str::to_string))
        && let Some(d) = normalise_domain(&host)
    {
        out.push((d, format!("sources[{i}].homepage")));
    }
    out.sort();
    out.dedup_by(|a, b| a.0 == b.0);
    out
}

/// A domain (or section) already claimed by another source, pointing at the field that claims it
/// again (`domains[j]`, or `homepage` when the domain came from there).
fn claimed_twice(
    doc: &YamlDoc,
    field: &str,
    domain: &str,
    other: &str,
    first: &str,
) -> crate::error::Diagnostic {
    let line = doc.locate(first).line.unwrap_or(0);
    let what = if domain.contains('/') {
        "section"
    } else {
        "domain"
    };
    let message = format!("{what} `{domain}` is already claimed by source `{other}` (line {line})");
    let help = if field.ends_with(".homepage") {
        "this source's domain comes from its homepage: give it `domains:` with a section of the site (e.g. `host/opinion/`) or its own host, so the homepage can stay"
    } else {
        "a domain belongs to one source: remove it from one of them, or give each a section of the site with a path prefix (e.g. `host/opinion/`)"
    };
    doc.error(field, message).help(help)
}

fn parse_ownership(value: &Value) -> std::result::Result<Ownership, String> {
    let kind = |text: &str| {
        OwnershipKind::parse(text).ok_or_else(|| format!("unknown ownership type `{text}`"))
    };
    match value {
        Value::Mapping(map) => {
            let mut found = None;
            let mut owner = None;
            for (k, v) in map {
                match scalar(k).as_deref() {
                    Some("type") => found = Some(kind(&scalar(v).unwrap_or_default())?),
                    Some("owner") => owner = scalar(v).filter(|o| !o.trim().is_empty()),
                    other => {
                        return Err(format!(
                            "unknown key `{}` in ownership",
                            other.unwrap_or("?")
                        ));
                    }
                }
            }
            if found.is_none() && owner.is_none() {
                return Err("ownership needs a `type`, an `owner`, or both".into());
            }
            Ok(Ownership { kind: found, owner })
        }
        v => Ok(Ownership {
            kind: Some(kind(
                &scalar(v).ok_or("ownership must be a type or a map")?,
            )?),
            owner: None,
        }),
    }
}

/// A YAML scalar as text (a rater's `5` or `true` as well as a string).
pub(crate) fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A local feed file's path (relative to the site folder, or absolute), not an address of another
/// scheme (`javascript:`, `file:`, `ftp:`): no NUL, and no `:` before the first `/`.
fn is_file_path(text: &str) -> bool {
    let head = text.split('/').next().unwrap_or_default();
    !text.contains('\0') && !head.contains(':')
}

/// An absolute http(s) URL with a host.
pub(crate) fn is_web_url(text: &str) -> bool {
    url::Url::parse(text)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// `WWW.Example.com.` -> `example.com`, `example.com/Opinion` -> `example.com/opinion/` (a
/// section: the host and a path prefix); `None` for anything else.
pub fn normalise_domain(text: &str) -> Option<String> {
    let text = text.trim();
    let text = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
        .unwrap_or(text);
    let (host, path) = crate::model::split_claim(text);
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80)
        });
    let path = path.trim_matches('/').to_lowercase();
    let clean_path = !path.contains(['?', '#', ' ']) && !path.split('/').any(str::is_empty);
    match (valid, path.is_empty()) {
        (true, true) => Some(host),
        (true, false) if clean_path => Some(format!("{host}/{path}/")),
        _ => None,
    }
}

/// A diagnostic helper for other loaders: the registry's "did you mean" for an unknown id.
pub fn suggest_id(sources: &Sources, unknown: &str) -> Option<String> {
    sources
        .all()
        .iter()
        .map(|s| (strsim::jaro_winkler(&s.id, unknown), &s.id))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        match parse(Path::new("sources.yaml"), text) {
            Ok(_) => vec![],
            Err(Error::Input(d)) => d.iter().map(|d| d.to_string()).collect(),
            Err(e) => vec![e.to_string()],
        }
    }

    #[test]
    fn a_complete_source_is_read() {
        let text = "sources:\n  - id: herald\n    name: The Herald\n    homepage: https://www.herald.example/\n    bias: {a: left, b: lean-left}\n    factuality: high\n    ownership: {type: corporate, owner: Big Co}\n    country: us\n    location: Boston\n";
        let sources = parse(Path::new("s.yaml"), text).unwrap();
        let s = sources.get("herald").unwrap();
        assert_eq!(
            s.bias,
            Some(Bias::LeanLeft),
            "-1.5, rounded half toward Center"
        );
        assert_eq!(s.ratings.len(), 2);
        assert_eq!(s.domains, vec!["herald.example"]);
        assert_eq!(s.country.unwrap().code(), "US");
        assert_eq!(
            s.ownership.as_ref().unwrap().owner.as_deref(),
            Some("Big Co")
        );
    }

    #[test]
    fn an_unrated_source_has_no_bias() {
        let sources = parse(
            Path::new("s.yaml"),
            "sources:\n  - id: wire\n    name: Wire\n",
        )
        .unwrap();
        assert_eq!(sources.get("wire").unwrap().bias, None);
    }

    #[test]
    fn unknown_labels_are_errors_with_line_and_choices() {
        let p = problems(
            "sources:\n  - id: a\n    name: A\n    bias: lefty\n    factuality: great\n    ownership: mafia\n",
        );
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(
            p[0].starts_with(
                "sources.yaml:4:11: field `sources[0].bias`: unknown bias label `lefty`"
            ),
            "{}",
            p[0]
        );
        assert!(p[0].contains("far-left, left, lean-left"));
        assert!(
            p[1].starts_with("sources.yaml:5:17: field `sources[0].factuality`"),
            "{}",
            p[1]
        );
        assert!(p[2].contains("unknown ownership type `mafia`"), "{}", p[2]);
    }

    #[test]
    fn a_rater_with_an_unknown_label_is_named() {
        let p = problems(
            "sources:\n  - id: a\n    name: A\n    bias:\n      panel: left\n      readers: leftish\n",
        );
        assert!(
            p[0].starts_with("sources.yaml:6:16: field `sources[0].bias.readers`"),
            "{p:?}"
        );
    }

    #[test]
    fn duplicate_ids_and_shared_domains_are_errors() {
        let p = problems(
            "sources:\n  - id: a\n    name: A\n    domains: [a.example]\n  - id: a\n    name: B\n  - id: c\n    name: C\n    domains: [www.a.example]\n",
        );
        assert_eq!(p.len(), 2, "{p:?}");
        assert!(
            p[0].contains("duplicate source id `a` (first used on line 2)"),
            "{}",
            p[0]
        );
        assert!(
            p[1].contains("domain `a.example` is already claimed by source `a`"),
            "{}",
            p[1]
        );
    }

    #[test]
    fn invalid_country_codes_are_errors() {
        let p = problems("sources:\n  - id: a\n    name: A\n    country: USA\n");
        assert!(
            p[0].contains("`USA` is not an ISO 3166-1 alpha-2 country code"),
            "{p:?}"
        );
    }
}
