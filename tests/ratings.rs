//! Raters' files: a site whose ratings live in `content/ratings/`, sections of an outlet, partial
//! ownership, `import-ratings`, errors with file and line, rebuilds when a ratings file changes,
//! and (when `/work/shared/data/ratings/` is there) the public AllSides and MBFC exports.

mod common;

use common::*;
use std::path::Path;

fn page(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join("output").join(path)).expect(path)
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn root_arg(root: &Path) -> &str {
    root.to_str().unwrap()
}

#[test]
fn a_site_takes_its_ratings_from_the_raters_files() {
    let (_tmp, root) = copy_fixture("ratings");
    let out = build(&root, &[]);
    assert!(
        stderr(&out).contains("warning: ratings: 1 of 8 rows"),
        "{}",
        stderr(&out)
    );
    let bias = |id: &str| {
        let html = page(&root, &format!("sources/{id}/index.html"));
        let start = html.find("<dt>Bias</dt>").expect("bias");
        let end = html[start..].find("</dd>").unwrap();
        html[start..start + end].to_string()
    };
    // Two files averaged (-1 and -2 make -1.5, half toward Center), in `raters:` order.
    assert!(
        bias("daily-news").contains("Lean Left"),
        "{}",
        bias("daily-news")
    );
    assert!(bias("daily-news").contains("sheet: Lean Left; panel: Left; averaged"));
    // A section of the outlet has its own row.
    assert!(
        bias("daily-opinion").contains("bias-left"),
        "{}",
        bias("daily-opinion")
    );
    // sources.yaml's `panel: center` replaces the panel file's `right`: lean-right + center = Center.
    assert!(
        bias("broadcaster").contains("sheet: Lean Right; panel: Center"),
        "{}",
        bias("broadcaster")
    );
    assert!(bias("wire").contains("Center"), "matched by alias");
    let own = |id: &str| page(&root, &format!("sources/{id}/index.html"));
    assert!(
        own("daily-news").contains("Corporate — Daily Media Co"),
        "type from the owners file"
    );
    assert!(own("broadcaster").contains("<dt>Ownership</dt><dd>Public Broadcaster"));
    assert!(own("gazette").contains("Gazette Family Trust (type unknown)"));
    assert!(own("daily-news").contains("<dt>Country</dt>"));

    let story = page(&root, "stories/budget-vote/index.html");
    // Articles without `source:` belong to the section with the longest matching prefix.
    let opinion = story.find("The budget is wrong</a> <small>").unwrap();
    assert!(
        story[opinion..].contains("<small>The Daily (Opinion), Left"),
        "{}",
        &story[opinion..opinion + 200]
    );
    assert!(story.contains("kind-opinion") && story.contains("kind-analysis"));

    let check = parallax(&["check", "--root", root_arg(&root)]);
    assert!(check.status.success(), "{}", stderr(&check));
    let text = stdout(&check);
    assert!(text.contains("rater `sheet`"), "{text}");
    assert!(
        text.contains("1 by domain, 1 by domain without www., 1 by registrable domain, 1 by alias"),
        "{text}"
    );
    assert!(
        text.contains(
            "sheet.csv:6: matches no source: domain `unknown.example`, name `Unknown Outlet`"
        ),
        "{text}"
    );
    assert!(
        text.contains("1 of 5 sources are in no rater's file:\n  `gazette` (Gazette)"),
        "{text}"
    );
}

#[test]
fn a_changed_ratings_file_rebuilds_the_site() {
    let (_tmp, root) = copy_fixture("ratings");
    build(&root, &[]);
    let again = stdout(&build(&root, &[]));
    assert!(again.contains("up to date"), "{again}");
    let sheet = root.join("content/ratings/sheet.csv");
    let text = std::fs::read_to_string(&sheet).unwrap();
    std::fs::write(
        &sheet,
        text.replace(
            "daily.example/opinion/,left,",
            "daily.example/opinion/,right,",
        ),
    )
    .unwrap();
    let changed = stdout(&build(&root, &[]));
    assert!(!changed.contains("up to date"), "{changed}");
    assert!(page(&root, "sources/daily-opinion/index.html").contains("bias-right"));
}

/// Builds after `edit`, expecting exit code 1 and an error containing every one of `wanted`.
fn fails(edit: impl Fn(&Path), wanted: &[&str]) {
    let (_tmp, root) = copy_fixture("ratings");
    edit(&root);
    let out = parallax(&["build", "--root", root_arg(&root)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for w in wanted {
        assert!(err.contains(w), "{w}\n{err}");
    }
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn bad_ratings_input_is_reported_with_file_and_line() {
    fails(
        |root| {
            replace(
                root,
                "parallax.yaml",
                "factuality: Facts",
                "factuality: Factual",
            )
        },
        &[
            "parallax.yaml:7:",
            "`Factual` (factuality) is not a column of",
            "its columns are: Outlet, Website, Lean, Facts",
        ],
    );
    fails(
        |root| {
            replace(
                root,
                "content/ratings/sheet.csv",
                "Unknown Outlet,unknown.example,right",
                "Unknown Outlet,unknown.example,satire",
            )
        },
        &[
            "content/ratings/sheet.csv:6: field `Lean`: `satire` (1 row) is not a bias label",
            "add `satire: <label>` to the `map:` of rater `sheet`",
        ],
    );
    fails(
        |root| {
            let path = root.join("content/sources.yaml");
            let mut text = std::fs::read_to_string(&path).unwrap();
            text.push_str(
                "  - id: sport\n    name: Sport\n    domains: [sport.broadcaster.example]\n",
            );
            std::fs::write(path, text).unwrap();
        },
        &[
            "content/ratings/sheet.csv:5: this row matches 2 sources by registrable domain: `broadcaster`, `sport`",
        ],
    );
    fails(
        |root| {
            replace(
                root,
                "content/ratings/panel.yaml",
                "kind: Public",
                "kind: Pubic",
            )
        },
        &["content/ratings/panel.yaml:4: field `kind`: `Pubic` (1 row) is not a ownership label"],
    );
    fails(
        |root| {
            replace(
                root,
                "content/sources.yaml",
                "domains: [daily.example/opinion/]",
                "domains: [daily.example]",
            )
        },
        &[
            "content/sources.yaml:10:",
            "field `sources[1].domains[0]`: domain `daily.example` is already claimed by source `daily-news` (line 6)",
        ],
    );
    fails(
        |root| {
            replace(
                root,
                "content/sources.yaml",
                "    domains: [daily.example/opinion/]\n",
                "",
            )
        },
        &[
            "field `sources[1].homepage`: domain `daily.example` is already claimed",
            "this source's domain comes from its homepage",
        ],
    );
}

/// A site with sources and no raters, for `import-ratings`.
fn plain_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, root) = copy_fixture("ratings");
    std::fs::write(
        root.join("parallax.yaml"),
        "title: Imports\nbase_url: https://imports.example/\n",
    )
    .unwrap();
    std::fs::remove_dir_all(root.join("content/ratings")).unwrap();
    (tmp, root)
}

fn import(root: &Path, file: &str, rater: &str, extra: &[&str]) -> std::process::Output {
    let csv = fixture("ratings-import").join(file);
    let mut args = vec![
        "import-ratings",
        csv.to_str().unwrap(),
        "--rater",
        rater,
        "--root",
        root_arg(root),
    ];
    args.extend_from_slice(extra);
    parallax(&args)
}

#[test]
fn import_ratings_adds_an_mbfc_shaped_file_and_lists_what_needs_a_label() {
    let (_tmp, root) = plain_site();
    let out = import(&root, "mbfc.csv", "mbfc", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("copied 5 rows to") && text.contains("3 match a source"),
        "{text}"
    );
    assert!(
        text.contains("bias: `pro-science` (1 row)") && text.contains("country: `unknown` (1 row)"),
        "{text}"
    );
    assert!(root.join("content/ratings/mbfc.csv").is_file());
    let config = std::fs::read_to_string(root.join("parallax.yaml")).unwrap();
    for wanted in [
        "raters:\n  - name: mbfc\n    file: mbfc.csv\n    key: {domain: source}\n",
        "columns: {bias: bias, factuality: factual_reporting, country: country}",
        "      least biased: center\n      left-center: lean-left\n      right-center: lean-right\n",
        "      # pro-science: ~",
    ] {
        assert!(config.contains(wanted), "{wanted}\n{config}");
    }
    // The values still needing a label stop the build, at their line.
    let out = parallax(&["build", "--root", root_arg(&root)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("content/ratings/mbfc.csv:5: field `bias`: `pro-science` (1 row)"),
        "{}",
        stderr(&out)
    );
    // Uncommented, they leave those rows unrated, and the build passes.
    std::fs::write(
        root.join("parallax.yaml"),
        config.replace("      # ", "      "),
    )
    .unwrap();
    build(&root, &[]);
    let wire = page(&root, "sources/wire/index.html");
    assert!(
        wire.contains("bias-center")
            && wire.contains("Very High")
            && wire.contains("United States"),
        "USA (44/180 Press Freedom)"
    );
    // Imported again, the file is replaced and the config entry kept.
    let again = stdout(&import(&root, "mbfc.csv", "mbfc", &[]));
    assert!(again.contains("already declared"), "{again}");
}

#[test]
fn import_ratings_reads_an_allsides_shaped_file_by_name_and_appends_sources() {
    let (_tmp, root) = plain_site();
    let before = std::fs::read_to_string(root.join("content/sources.yaml")).unwrap();
    let out = import(
        &root,
        "allsides.csv",
        "allsides",
        &["--add-sources", "--map", "allsides=~"],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("5 match a source") && text.contains("(2 sources added)"),
        "{text}"
    );
    let config = std::fs::read_to_string(root.join("parallax.yaml")).unwrap();
    assert!(
        config.contains("key: {name: news_source}\n    columns: {bias: rating}\n"),
        "{config}"
    );
    assert!(config.contains("      allsides: ~\n"), "{config}");
    let sources = std::fs::read_to_string(root.join("content/sources.yaml")).unwrap();
    assert!(
        sources.starts_with(&before),
        "the registry is appended to, never rewritten"
    );
    assert!(
        sources.contains("  - id: mixed-views-digest\n    name: Mixed Views Digest\n"),
        "{sources}"
    );
    build(&root, &[]);
    assert!(page(&root, "sources/daily-opinion/index.html").contains("bias-left"));
    let bad = import(&root, "allsides.csv", "other", &["--key", "name=Outlet"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("`Outlet` is not a column of"),
        "{}",
        stderr(&bad)
    );
}

/// The public exports described in /work/shared/data/ratings/SOURCES.md, read where they are.
#[test]
fn the_public_allsides_and_mbfc_exports_rate_real_outlets() {
    let data = Path::new("/work/shared/data/ratings");
    if !data.join("mbfc.csv").is_file() || !data.join("allsides_data.csv").is_file() {
        eprintln!("skipped: no public ratings data at {}", data.display());
        return;
    }
    let (_tmp, root) = plain_site();
    std::fs::remove_dir_all(root.join("content/stories")).unwrap();
    std::fs::write(
        root.join("content/sources.yaml"),
        "sources:\n  - id: nyt-news\n    name: The New York Times (News)\n    domains: [nytimes.com]\n  - id: nyt-opinion\n    name: The New York Times (Opinion)\n    domains: [nytimes.com/opinion/]\n  - id: cnn\n    name: CNN\n    domains: [edition.cnn.com]\n  - id: reuters\n    name: Reuters\n    homepage: https://www.reuters.com/\n  - id: guardian\n    name: The Guardian\n    domains: [theguardian.com]\n",
    )
    .unwrap();
    for (file, rater) in [("mbfc.csv", "mbfc"), ("allsides_data.csv", "allsides")] {
        let csv = data.join(file);
        let out = parallax(&[
            "import-ratings",
            csv.to_str().unwrap(),
            "--rater",
            rater,
            "--root",
            root_arg(&root),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        eprintln!("{}", stdout(&out).lines().next().unwrap_or(""));
    }
    // Leave every value nobody mapped unrated, and name CNN's web news for AllSides.
    let config = std::fs::read_to_string(root.join("parallax.yaml")).unwrap();
    let config = config.replace("      # ", "      ") + "    aliases: {\"CNN (Web News)\": cnn}\n";
    std::fs::write(root.join("parallax.yaml"), config).unwrap();
    build(&root, &[]);
    let bias = |id: &str| {
        let html = page(&root, &format!("sources/{id}/index.html"));
        let start = html.find("<dt>Bias</dt>").unwrap();
        html[start..start + html[start..].find("</dd>").unwrap()].to_string()
    };
    assert!(
        bias("nyt-news").contains("mbfc: Lean Left; allsides: Lean Left"),
        "{}",
        bias("nyt-news")
    );
    assert!(
        bias("nyt-opinion").contains("bias-left"),
        "AllSides' opinion row only: {}",
        bias("nyt-opinion")
    );
    assert!(
        bias("cnn").contains("mbfc: Left; allsides: Lean Left; averaged"),
        "{}",
        bias("cnn")
    );
    assert!(
        bias("cnn").contains("bias-lean-left"),
        "-1.5 rounds toward Center"
    );
    assert!(bias("reuters").contains("bias-center"));
    let check = stdout(&parallax(&["check", "--root", root_arg(&root)]));
    assert!(
        check.contains("rates `guardian` again"),
        "MBFC lists theguardian.com twice: {check}"
    );
    eprintln!(
        "{}",
        check
            .lines()
            .filter(|l| l.starts_with("ratings:"))
            .collect::<Vec<_>>()
            .join("\n")
    );
}
