use super::*;
use crate::config::{Config, Overrides, Paths};
use crate::model::{Ownership, Source};
use std::path::Path;

const SOURCES: &str = "sources:
  - id: times-news
    name: The Daily Times (News)
    homepage: https://www.dailytimes.example/
    domains: [dailytimes.example]
  - id: times-opinion
    name: The Daily Times (Opinion)
    homepage: https://www.dailytimes.example/opinion/
    domains: [dailytimes.example/opinion/]
  - id: bbc-like
    name: Broadcaster
    domains: [news.broadcaster.co.uk]
  - id: herald
    name: Herald & Post
    domains: [herald.example]
    bias: {readers: left}
  - id: gazette
    name: Gazette
    domains: [gazette.example]
    bias: center
    factuality: high
  - id: wire
    name: Wire Service
    domains: [wire.example]
";

fn config(raters: &str) -> Config {
    let text = format!("title: T\nbase_url: https://x.example/\n{raters}");
    Config::parse(&text, Paths::new(Path::new("site")), &Overrides::default()).unwrap()
}

fn sources() -> Sources {
    crate::load::sources::parse(Path::new("sources.yaml"), SOURCES).unwrap()
}

fn table(name: &str, text: &str) -> Table {
    Table::parse(&Path::new("site/content/ratings").join(name), text).unwrap()
}

fn run(raters: &str, tables: &[Table]) -> Result<(Sources, RatingsReport)> {
    apply(
        sources(),
        &config(raters).ratings,
        tables,
        &Owners::default(),
    )
}

fn errors(raters: &str, tables: &[Table]) -> Vec<String> {
    match run(raters, tables) {
        Err(Error::Input(d)) => d.iter().map(|d| d.to_string()).collect(),
        other => panic!("expected errors, got {other:?}"),
    }
}

const MBFC_LIKE: &str = "raters:
  - name: mbfc
    file: mbfc.csv
    key: {domain: source, name: outlet}
    columns: {bias: bias, factuality: factual_reporting, country: country}
    map: {left-center: lean-left, least biased: center, right-center: lean-right, pro-science: ~}
    aliases: {Herald and Post Online: herald}
";

#[test]
fn rows_match_by_id_domain_www_registrable_domain_alias_and_name() {
    let raters = "raters:
  - name: r
    file: r.csv
    key: {id: id, domain: url, name: outlet}
    columns: {bias: bias}
    aliases: {The H&P: herald}
";
    let csv = "id,url,outlet,bias
wire,,,center
,https://www.dailytimes.example/,,left
,dailytimes.example/opinion/,,right
,sport.broadcaster.co.uk,,lean-left
,,the h&p,far-left
,,GAZETTE,lean-right
,,Nobody,left
";
    let (_, report) = run(raters, &[table("r.csv", csv)]).unwrap();
    let r = &report.raters[0];
    use Rule::*;
    let expected: BTreeMap<Rule, usize> = [
        (Id, 1),
        (Www, 1),
        (Domain, 1),
        (RegistrableDomain, 1),
        (Alias, 1),
        (Name, 1),
    ]
    .into();
    assert_eq!(r.matched, expected);
    let unmatched: Vec<(usize, &str)> = r
        .unmatched
        .iter()
        .map(|u| (u.line, u.keys.as_str()))
        .collect();
    assert_eq!(unmatched, [(8, "name `Nobody`")]);
}

#[test]
fn a_section_row_rates_the_section_and_the_bare_domain_the_outlet() {
    let csv = "source,outlet,bias,factual_reporting,country\n\
        dailytimes.example,,left-center,high,usa (44/180 press freedom)\n\
        dailytimes.example/opinion,,right-center,mixed,USA\n";
    let (sources, _) = run(MBFC_LIKE, &[table("mbfc.csv", csv)]).unwrap();
    let news = sources.get("times-news").unwrap();
    let opinion = sources.get("times-opinion").unwrap();
    assert_eq!(news.bias, Some(Bias::LeanLeft));
    assert_eq!(opinion.bias, Some(Bias::LeanRight));
    assert_eq!(news.country.unwrap().code(), "US");
    assert_eq!(opinion.factuality, Some(Factuality::Mixed));
}

#[test]
fn the_registry_wins_and_several_files_are_averaged() {
    let second = "raters:
  - name: panel
    file: panel.yaml
    key: {domain: domain}
    columns: {bias: lean, factuality: facts}
    map: {Left: left, Centre: center, Leans Left: lean-left, Very high: very-high}
";
    let raters = format!("{MBFC_LIKE}{}", second.trim_start_matches("raters:\n"));
    let csv = "source,outlet,bias,factual_reporting,country\n\
        herald.example,,right,low,\n\
        gazette.example,,right,low,\n\
        wire.example,,left,mixed,\n";
    let yaml = "- {domain: herald.example, lean: Centre}\n\
        - {domain: gazette.example, lean: Left}\n\
        - {domain: wire.example, lean: Leans Left, facts: Very high}\n";
    let (sources, report) = run(
        &raters,
        &[table("mbfc.csv", csv), table("panel.yaml", yaml)],
    )
    .unwrap();
    let herald = sources.get("herald").unwrap();
    let labels: Vec<(&str, Bias)> = herald
        .ratings
        .iter()
        .map(|r| (r.rater.as_str(), r.bias))
        .collect();
    // Files in `raters:` order, then the registry's own rater: right + center + left = 0.
    assert_eq!(
        labels,
        [
            ("mbfc", Bias::Right),
            ("panel", Bias::Center),
            ("readers", Bias::Left)
        ]
    );
    assert_eq!(herald.bias, Some(Bias::Center));
    let gazette = sources.get("gazette").unwrap();
    assert_eq!(
        gazette.bias,
        Some(Bias::Center),
        "a label without a rater wins over every file"
    );
    assert_eq!(
        gazette.factuality,
        Some(Factuality::High),
        "the registry's factuality wins"
    );
    let wire = sources.get("wire").unwrap();
    // left (-2) and lean-left (-1) average -1.5, rounded half toward Center.
    assert_eq!(wire.bias, Some(Bias::LeanLeft));
    assert_eq!(
        wire.factuality,
        Some(Factuality::Mixed),
        "the first rater's factuality"
    );
    assert_eq!(
        report.uncovered,
        ["times-news", "times-opinion", "bbc-like"]
    );
    assert!(report.summary().unwrap().contains("3 of the sources"));
}

#[test]
fn a_name_key_with_an_alias_and_blank_cells() {
    let csv = "source,outlet,bias,factual_reporting,country\n,Herald and Post Online,NA,,\n";
    let (sources, report) = run(MBFC_LIKE, &[table("mbfc.csv", csv)]).unwrap();
    assert_eq!(report.raters[0].matched[&Rule::Alias], 1);
    let herald = sources.get("herald").unwrap();
    assert_eq!(herald.bias, Some(Bias::Left), "only the registry's rater");
}

#[test]
fn an_unknown_column_is_named_at_its_line_in_the_config() {
    let raters = MBFC_LIKE.replace(
        "factuality: factual_reporting",
        "factuality: Factual Reporting",
    );
    let e = errors(
        &raters,
        &[table(
            "mbfc.csv",
            "source,outlet,bias,factual_reporting,country\n",
        )],
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("site/parallax.yaml:7:"), "{}", e[0]);
    assert!(
        e[0].contains(
            "`Factual Reporting` (factuality) is not a column of `site/content/ratings/mbfc.csv`"
        ),
        "{}",
        e[0]
    );
    assert!(
        e[0].contains("its columns are: source, outlet, bias"),
        "{}",
        e[0]
    );
}

#[test]
fn an_unmapped_label_is_reported_once_with_its_first_line_and_count() {
    let csv = "source,outlet,bias,factual_reporting,country\n\
        a.example,,satire,high,\n\
        b.example,,pro-science,high,\n\
        c.example,,satire,very high,Atlantis\n";
    let e = errors(MBFC_LIKE, &[table("mbfc.csv", csv)]);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e[0].starts_with(
            "site/content/ratings/mbfc.csv:2: field `bias`: `satire` (2 rows) is not a bias label"
        ),
        "{}",
        e[0]
    );
    assert!(
        e[0].contains("add `satire: <label>` to the `map:` of rater `mbfc`"),
        "{}",
        e[0]
    );
    assert!(
        e[1].starts_with("site/content/ratings/mbfc.csv:4: field `country`: `Atlantis` (1 row)"),
        "{}",
        e[1]
    );
}

#[test]
fn a_row_matching_two_sources_is_an_error_at_its_line() {
    let sources_text = format!(
        "{SOURCES}  - id: bbc-sport\n    name: Sport\n    domains: [sport.broadcaster.co.uk]\n"
    );
    let sources = crate::load::sources::parse(Path::new("s.yaml"), &sources_text).unwrap();
    let csv = "source,outlet,bias,factual_reporting,country\nwww.broadcaster.co.uk,,center,,\n";
    let result = apply(
        sources,
        &config(MBFC_LIKE).ratings,
        &[table("mbfc.csv", csv)],
        &Owners::default(),
    );
    let e = result.unwrap_err().to_string();
    assert!(e.starts_with("site/content/ratings/mbfc.csv:2: this row matches 2 sources by registrable domain: `bbc-like`, `bbc-sport`"), "{e}");
}

#[test]
fn a_second_row_about_one_source_is_reported_and_ignored() {
    let csv = "source,outlet,bias,factual_reporting,country\nwire.example,,left,,\nwww.wire.example,,right,,\n";
    let (sources, report) = run(MBFC_LIKE, &[table("mbfc.csv", csv)]).unwrap();
    assert_eq!(report.raters[0].duplicates, [(3, "wire".to_string(), 2)]);
    assert_eq!(sources.get("wire").unwrap().bias, Some(Bias::Left));
}

#[test]
fn an_owner_without_a_type_takes_it_from_the_owners_file() {
    let raters = "raters:
  - name: local
    file: local.csv
    key: {domain: domain}
    columns: {owner: owner}
owners: owners.csv
";
    let csv =
        "domain,owner\nwire.example,Sinclair  Broadcast Group\nherald.example,Unknown Owner Co\n";
    let owners = owners(&table(
        "owners.csv",
        "owner,type\nSinclair Broadcast Group,corporate\n",
    ))
    .unwrap();
    let (sources, _) = apply(
        self::sources(),
        &config(raters).ratings,
        &[table("local.csv", csv)],
        &owners,
    )
    .unwrap();
    let own = |id: &str| sources.get(id).unwrap().ownership.clone();
    assert_eq!(
        own("wire"),
        Some(Ownership {
            kind: Some(OwnershipKind::Corporate),
            owner: Some("Sinclair Broadcast Group".into())
        })
    );
    assert_eq!(
        own("herald"),
        Some(Ownership {
            kind: None,
            owner: Some("Unknown Owner Co".into())
        }),
        "partial: type unknown"
    );
    let bad = owners_error("owner,type\nA,corporate\nB,mafia\n");
    assert!(
        bad.starts_with(
            "site/content/ratings/owners.csv:3: field `type`: `mafia` is not an ownership type"
        ),
        "{bad}"
    );
}

fn owners_error(text: &str) -> String {
    owners(&table("owners.csv", text)).unwrap_err().to_string()
}

#[test]
fn config_errors_name_the_rater_key() {
    let text = "title: T\nbase_url: https://x.example/\nraters:\n  - name: Bad Name\n    file: ../x.csv\n    key: {url: u}\n    map: {lefty: leftish}\n";
    let err = Config::parse(text, Paths::new(Path::new("site")), &Overrides::default())
        .unwrap_err()
        .to_string();
    for wanted in [
        "parallax.yaml:4:",
        "not a rater name",
        "parallax.yaml:5:",
        "not a file under content/ratings/",
        "unknown role `url`",
        "`lefty` maps to something that is no parallax label",
    ] {
        assert!(err.contains(wanted), "{wanted}: {err}");
    }
}

#[test]
fn no_raters_leave_the_registry_as_it_is() {
    let (after, report) = run("", &[]).unwrap();
    let before: Vec<Source> = sources().all().to_vec();
    assert_eq!(after.all(), &before[..]);
    assert_eq!(report, RatingsReport::default());
    assert_eq!(report.summary(), None);
}
