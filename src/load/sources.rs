//! The sources registry, `content/sources.yaml`: every outlet with its ratings.
//!
//! Validation reports every problem of the file at once, each with its line: unknown labels,
//! duplicate ids, a domain claimed by two sources, an invalid country code.

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
    let mut domains: HashMap<String, (String, usize)> = HashMap::new();
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
                    .help("use lowercase letters, digits and single dashes, e.g. `harbor-herald`"),
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

        let mut own_domains = Vec::new();
        for (j, domain) in raw_domains.iter().enumerate() {
            match normalise_domain(domain) {
                Some(d) => own_domains.push(d),
                None => problems.push(
                    doc.error(
                        &at(&format!("domains[{j}]")),
                        format!("`{domain}` is not a domain name"),
                    )
                    .help("write a bare host name such as harborherald.example"),
                ),
            }
        }
        if own_domains.is_empty()
            && let Some(host) = homepage
                .as_deref()
                .and_then(|h| url::Url::parse(h).ok())
                .and_then(|u| u.host_str().map(str::to_string))
            && let Some(d) = normalise_domain(&host)
        {
            own_domains.push(d);
        }
        own_domains.sort();
        own_domains.dedup();
        for domain in &own_domains {
            if let Some((other, _)) = domains.get(domain).filter(|(other, _)| *other != id) {
                problems.push(
                    doc.error(
                        &at("domains"),
                        format!("domain `{domain}` is already claimed by source `{other}`"),
                    )
                    .help("a domain belongs to one source; remove it from one of them"),
                );
            } else {
                domains.insert(domain.clone(), (id.clone(), i));
            }
        }

        for (j, feed) in feeds.iter().enumerate() {
            if feed.trim().is_empty() {
                problems.push(
                    doc.error(&at(&format!("feeds[{j}]")), "empty feed")
                        .help("give a URL or a local path"),
                );
            }
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
            let kind = found.ok_or("ownership needs a `type`")?;
            Ok(Ownership { kind, owner })
        }
        v => Ok(Ownership {
            kind: kind(&scalar(v).ok_or("ownership must be a type or a map")?)?,
            owner: None,
        }),
    }
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn is_web_url(text: &str) -> bool {
    url::Url::parse(text)
        .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
}

/// `WWW.Example.com.` -> `example.com`; `None` for anything that is not a bare host name.
fn normalise_domain(text: &str) -> Option<String> {
    let host = text.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let valid = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b >= 0x80)
        });
    valid.then_some(host)
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
