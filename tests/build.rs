//! Building whole fixture sites and the bundled example, asserting on the files written.

mod common;

use common::*;

#[test]
fn a_build_writes_every_page_and_the_github_pages_files() {
    let (_tmp, root) = copy_fixture("basic");
    let out = build(&root, &[]);
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary.contains("built 3 stories from 4 sources"),
        "{summary}"
    );
    let files = tree(&root.join("output"));
    for expected in [
        "index.html",
        "page/2/index.html",
        "stories/alpha/index.html",
        "stories/beta-floods/index.html",
        "stories/gamma/index.html",
        "sources/index.html",
        "sources/left-daily/index.html",
        "sources/local-voice/index.html",
        "topics/index.html",
        "topics/economy/index.html",
        "topics/economie/index.html",
        "assets/style.css",
        ".nojekyll",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ] {
        assert!(
            files.contains_key(expected),
            "missing {expected}; have {:?}",
            files.keys().collect::<Vec<_>>()
        );
    }
    assert!(
        !files.contains_key("stories/delta/index.html"),
        "drafts are left out"
    );
    assert!(!files.contains_key("CNAME"), "no CNAME unless configured");
    let robots = read(&root.join("output/robots.txt"));
    assert!(
        robots.contains("Sitemap: https://fixture.example/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn the_sitemap_lists_every_page_with_absolute_urls() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &["--base-url", "https://example.github.io/repo/"]);
    let output = root.join("output");
    let sitemap = read(&output.join("sitemap.xml"));
    let listed: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| s.split("</loc>").next().unwrap())
        .collect();
    let pages: Vec<String> = tree(&output)
        .keys()
        .filter(|f| f.ends_with(".html") && *f != "404.html")
        .map(|f| {
            format!(
                "https://example.github.io/repo/{}",
                f.trim_end_matches("index.html")
            )
        })
        .collect();
    let mut listed_sorted: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    listed_sorted.sort();
    let mut pages_sorted = pages.clone();
    pages_sorted.sort();
    assert_eq!(listed_sorted, pages_sorted);
}

#[test]
fn every_internal_link_resolves_at_a_domain_root_and_under_a_project_path() {
    for base in [
        "https://fixture.example/",
        "https://example.github.io/repo/",
    ] {
        let (_tmp, root) = copy_fixture("basic");
        build(&root, &["--base-url", base]);
        let root_str = root.to_str().unwrap();
        let output = root.join("output");
        let output = output.to_str().unwrap();
        let out = parallax(&[
            "check",
            "--root",
            root_str,
            "--base-url",
            base,
            "--output",
            output,
        ]);
        assert!(out.status.success(), "{base}: {}", stderr(&out));
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(report.contains(": 0 errors"), "{report}");

        let path = url::Url::parse(base).unwrap().path().to_string();
        for (file, bytes) in tree(&root.join("output")) {
            if !file.ends_with(".html") {
                continue;
            }
            let html = String::from_utf8(bytes).unwrap();
            for link in attribute_values(&html, "href")
                .into_iter()
                .chain(attribute_values(&html, "src"))
            {
                // Root-relative links carry the base path; relative ones (the stylesheet, so
                // that a page opened from disk is styled) resolve, as `check` found above.
                let internal = !link.contains("://") || link.starts_with(base);
                if internal && link.starts_with('/') {
                    let ok = link.starts_with(&path) || link.starts_with(base);
                    assert!(ok, "{file}: link {link} does not start with {path}");
                }
            }
        }
    }
}

#[test]
fn the_404_page_links_work_from_any_depth() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &["--base-url", "https://example.github.io/repo/"]);
    let html = read(&root.join("output/404.html"));
    let links = attribute_values(&html, "href");
    assert!(!links.is_empty());
    for link in links {
        let works_anywhere =
            link.starts_with("/repo/") || link.starts_with("https://") || link.starts_with('#');
        assert!(works_anywhere, "404 link {link} is relative to the page");
    }
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let (_tmp, root) = copy_fixture("basic");
    let first = root.parent().unwrap().join("first");
    let second = root.parent().unwrap().join("second");
    build(&root, &["--output", first.to_str().unwrap()]);
    build(&root, &["--output", second.to_str().unwrap()]);
    let (a, b) = (tree(&first), tree(&second));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (file, bytes) in &a {
        assert!(bytes == &b[file], "{file} differs between builds");
    }
}

#[test]
fn drafts_are_built_only_when_asked() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &["--drafts"]);
    assert!(root.join("output/stories/delta-draft/index.html").is_file());
    assert!(root.join("output/topics/drafts/index.html").is_file());
}

#[test]
fn untrusted_text_is_escaped_and_editor_html_is_sanitised() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let html = read(&root.join("output/stories/beta-floods/index.html"));
    assert!(!html.contains("<script"), "no script reaches the page");
    assert!(
        html.contains("Old town under water &lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(
        html.contains(
            "<h1 dir=\"auto\">Beta: river floods &lt;em&gt;the old town&lt;/em&gt; &amp; harbour</h1>"
        ),
        "{html}"
    );
}

#[test]
fn story_pages_show_the_articles_with_their_source_ratings() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let html = read(&root.join("output/stories/alpha/index.html"));
    // Earliest first: Centre Wire 09:30 UTC, Left Daily 09:00 UTC (10:00+01:00), so Left Daily first.
    let left = html.find("Budget passes with cuts to welfare").unwrap();
    let centre = html.find("Parliament passes 2026 budget").unwrap();
    assert!(left < centre, "articles are in publication order");
    assert!(html.contains("<span class=\"tag bias-left\">Left</span>"));
    // Its third article is a line of the compact list (source, lean, date) rather than a card.
    let raters = html.find("<small class=\"raters\"").unwrap();
    let article = html[..raters].rsplit("<li class=\"art").next().unwrap();
    assert!(
        article.ends_with("<small>Right Post, Lean Right "),
        "right + lean-right average to 2.5, rounded half toward Center: lean-right: {article}"
    );
    assert!(
        html.contains(">panel-a: Right&nbsp;· panel-b: Lean Right</small>"),
        "each rater's label is shown beside the combined one: {html}"
    );
    assert_eq!(
        html.matches("class=\"raters\"").count(),
        1,
        "only for the source with several raters"
    );
    assert!(html.contains("<span class=\"tag fact-very-high\">Very High</span>"));
    assert!(html.contains("https://leftdaily.example/alpha"));
    assert!(
        html.contains("10:00 CET"),
        "times are shown in the site's time zone: {html}"
    );
    assert!(html.contains("Berlin"), "dateline shown");
    assert!(
        html.contains("<strong>budget</strong>"),
        "the Markdown body is rendered"
    );
    assert!(
        html.contains("The budget passed by 12 votes."),
        "insights shown"
    );
}

#[test]
fn the_home_page_is_paginated() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let first = read(&root.join("output/index.html"));
    let second = read(&root.join("output/page/2/index.html"));
    assert!(
        first.contains("href=\"/page/2/\""),
        "page 1 links to page 2"
    );
    assert!(
        second.contains("rel=\"prev\" href=\"/\""),
        "page 2 links back"
    );
    // Newest first: beta (updated Feb 5), gamma (Feb 4) on page 1; alpha on page 2. All three are
    // top stories (the week's most covered), shown above page 1's list, which leaves out the
    // stories they already show: here, all of it.
    let top = first.split("id=\"top\"").nth(1).unwrap();
    assert!(top.contains("Beta: river floods") && top.contains("Gamma: rail strike ends"));
    for slug in ["alpha", "beta-floods", "gamma"] {
        assert_eq!(
            first
                .matches(&format!("<a href=\"/stories/{slug}/\">"))
                .count(),
            1,
            "{slug} is listed once on page 1"
        );
    }
    assert!(
        !first.contains("id=\"latest\""),
        "no empty list under the top stories"
    );
    assert!(second.contains("Alpha: parliament passes the budget"));
    assert!(
        second.contains("<h1 id=\"latest\">Stories, page 2 of 2</h1>"),
        "page 2 has its own h1: {second}"
    );
}

#[test]
fn a_site_template_overrides_the_theme_and_can_extend_it() {
    let (_tmp, root) = copy_fixture("basic");
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/story.html"),
        "{% extends \"theme/story.html\" %}{% block content %}<p class=\"site-banner\">Edited by us</p>{{ super() }}{% endblock content %}",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::write(root.join("static/favicon.ico"), b"icon").unwrap();
    build(&root, &[]);
    let html = read(&root.join("output/stories/alpha/index.html"));
    assert!(
        html.contains("<p class=\"site-banner\">Edited by us</p>"),
        "the site's block is used"
    );
    assert!(
        html.contains("Budget passes with cuts to welfare"),
        "the theme's block is kept via super()"
    );
    assert_eq!(
        std::fs::read(root.join("output/favicon.ico")).unwrap(),
        b"icon"
    );
    let home = read(&root.join("output/index.html"));
    assert!(
        !home.contains("site-banner"),
        "other pages keep the theme's templates"
    );
}

#[test]
fn a_cname_is_written_when_configured() {
    let (_tmp, root) = copy_fixture("basic");
    let config = read(&root.join("parallax.yaml"));
    std::fs::write(
        root.join("parallax.yaml"),
        format!("{config}cname: news.example.org\n"),
    )
    .unwrap();
    build(&root, &[]);
    assert_eq!(read(&root.join("output/CNAME")), "news.example.org\n");
}

#[test]
fn init_creates_a_site_that_builds_as_it_is() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("newsite");
    let out = parallax(&["init", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let workflow = read(&dir.join(".github/workflows/pages.yml"));
    for needle in [
        "actions/configure-pages",
        "steps.pages.outputs.base_url",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
        "schedule:",
        "parallax fetch",
        "content/archive content/clusters",
        "git add \"$dir\"",
    ] {
        assert!(workflow.contains(needle), "workflow lacks {needle}");
    }
    build(&dir, &[]);
    let files = tree(&dir.join("output"));
    let pages = files
        .keys()
        .filter(|f| f.starts_with("stories/") && f.ends_with("index.html"));
    assert_eq!(pages.count(), 2);
    let again = parallax(&["init", dir.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses a non-empty folder"
    );
    assert!(stderr(&again).contains("is not empty"));
}

#[test]
fn the_bundled_example_site_builds_with_working_links() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    for base in [
        "https://parallax-news.github.io/parallax/",
        "https://news.example/",
    ] {
        let output = tmp
            .path()
            .join(url::Url::parse(base).unwrap().host_str().unwrap());
        build(
            root,
            &["--output", output.to_str().unwrap(), "--base-url", base],
        );
        let out = parallax(&[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
            "--base-url",
            base,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let files = tree(&output);
        let stories = files
            .keys()
            .filter(|f| f.starts_with("stories/") && f.ends_with("index.html"))
            .count();
        assert!(
            stories >= 15,
            "the example has at least 15 stories, got {stories}"
        );
        assert!(files.keys().filter(|f| f.starts_with("sources/")).count() > 30);
    }
}

/// Every file of the output with its modification time and inode.
fn stamps(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, (std::time::SystemTime, u64)> {
    use std::os::unix::fs::MetadataExt;
    tree(dir)
        .keys()
        .map(|f| {
            let meta = std::fs::metadata(dir.join(f)).unwrap();
            (f.clone(), (meta.modified().unwrap(), meta.ino()))
        })
        .collect()
}

fn summary(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_rebuild_writes_only_what_changed_and_nothing_when_nothing_did() {
    let (_tmp, root) = copy_fixture("basic");
    let first = summary(&build(&root, &[]));
    assert!(first.contains("files written)"), "{first}");
    let output = root.join("output");
    let before = stamps(&output);
    std::thread::sleep(std::time::Duration::from_millis(20));

    let again = summary(&build(&root, &[]));
    assert!(
        again.contains("up to date: nothing changed, no file written"),
        "{again}"
    );
    assert_eq!(stamps(&output), before, "no file touched");

    let story = root.join("content/stories/alpha.md");
    let text = read(&story);
    std::fs::write(
        &story,
        text.replacen("\n---\n", "\nsummary: A changed summary.\n---\n", 1),
    )
    .unwrap();
    let changed = summary(&build(&root, &[]));
    let after = stamps(&output);
    let rewritten: Vec<&String> = after
        .keys()
        .filter(|f| before.get(*f) != after.get(*f))
        .collect();
    assert!(
        rewritten.contains(&&"stories/alpha/index.html".to_string()),
        "{rewritten:?}"
    );
    assert!(
        !rewritten.contains(&&"stories/gamma/index.html".to_string())
            && !rewritten.contains(&&"assets/style.css".to_string()),
        "pages that do not show the story keep their file: {rewritten:?}"
    );
    assert!(
        changed.contains(&format!("{} files written, ", rewritten.len())),
        "{changed}"
    );

    std::fs::remove_file(output.join("stories/gamma/index.html")).unwrap();
    let repaired = summary(&build(&root, &[]));
    assert!(
        !repaired.contains("up to date"),
        "a damaged output is rebuilt: {repaired}"
    );
    assert!(output.join("stories/gamma/index.html").is_file());
}

/// The number of pages a build rendered, from its summary ("3 of 40 pages rendered").
fn pages_rendered(summary: &str) -> Option<usize> {
    let before = summary.split(" pages rendered").next()?;
    before
        .rsplit("; ")
        .next()?
        .split(" of ")
        .next()?
        .parse()
        .ok()
}

#[test]
fn a_rebuild_renders_only_pages_whose_view_changed_and_matches_a_fresh_build() {
    let (tmp, root) = copy_fixture("basic");
    let output = root.join("output");
    build(&root, &[]); // a first build records its pages' hashes too
    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join(file);
        std::fs::write(&path, read(&path).replacen(from, to, 1)).unwrap();
    };
    let pages = tree(&output)
        .keys()
        .filter(|f| f.ends_with(".html"))
        .count();
    // The edit loop: build, change a story, build again; the second build already keeps most pages.
    for (from, to) in [
        ("\n---\n", "\nsummary: Changed once.\n---\n"),
        ("Changed once.", "Changed twice."),
    ] {
        edit("content/stories/alpha.md", from, to);
        let changed = summary(&build(&root, &[]));
        let rendered = pages_rendered(&changed).unwrap_or_else(|| panic!("{changed}"));
        assert!(rendered > 0, "{changed}");
        assert!(rendered * 2 < pages, "most pages kept: {changed}");
        assert_as_fresh(tmp.path(), &root, "fresh-1");
    }

    // A template change renders every page that uses it again.
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(
        root.join("templates/story.html"),
        "{% extends \"theme/story.html\" %}\n{% block content %}<p class=\"edited\">Edited</p>{{ super() }}{% endblock content %}\n",
    )
    .unwrap();
    let changed = summary(&build(&root, &[]));
    let story = read(&output.join("stories/gamma/index.html"));
    assert!(story.contains("class=\"edited\""), "{changed}");
    assert_as_fresh(tmp.path(), &root, "fresh-2");

    // Another base URL changes every link: nothing is kept.
    let moved = summary(&build(
        &root,
        &["--base-url", "https://elsewhere.example/sub/"],
    ));
    assert!(
        !moved.contains("pages rendered"),
        "every page rendered: {moved}"
    );
    assert!(
        read(&output.join("index.html")).contains("/sub/"),
        "{moved}"
    );
}

/// Asserts that `root`'s output is what a fresh build of it (into `<tmp>/<name>`) makes.
fn assert_as_fresh(tmp: &std::path::Path, root: &std::path::Path, name: &str) {
    let out = tmp.join(name);
    let _ = std::fs::remove_dir_all(&out);
    build(root, &["--output", out.to_str().unwrap()]);
    let (built, fresh) = (tree(&root.join("output")), tree(&out));
    let differ: Vec<&String> = built
        .keys()
        .chain(fresh.keys())
        .filter(|f| built.get(*f) != fresh.get(*f))
        .collect();
    assert!(
        differ.is_empty(),
        "{name}: files differ from a fresh build: {differ:?}"
    );
}

/// A story without insights, whose key points are chosen from its articles' excerpts.
fn story_with_key_points(second: &str) -> String {
    format!(
        r#"---
title: "Epsilon: the river flooded the old town"
date: 2026-02-03
topics: [Weather]
articles:
  - source: left-daily
    url: https://leftdaily.example/epsilon
    title: "River floods the old town"
    published: 2026-02-03T10:00:00Z
    excerpt: "The river flooded the old town on Tuesday after three days of heavy rain. Shops closed early."
  - source: centre-wire
    url: https://centrewire.example/epsilon
    title: "Old town under water"
    published: 2026-02-03T11:00:00Z
    excerpt: "{second}"
  - source: right-post
    url: https://rightpost.example/epsilon
    title: "Flood in the old town"
    published: 2026-02-03T12:00:00Z
    excerpt: "Heavy rain made the river flood the old town, and the mayor asked residents to stay home."
---
"#
    )
}

#[test]
fn key_points_kept_from_the_last_build_give_the_pages_a_fresh_build_gives() {
    let (tmp, root) = copy_fixture("basic");
    let story = root.join("content/stories/epsilon.md");
    let first = "Rescue teams reached the old town by boat as the river kept rising all Tuesday.";
    std::fs::write(&story, story_with_key_points(first)).unwrap();
    build(&root, &[]);
    let memo = root.join(".output.parallax-keypoints");
    let page = root.join("output/stories/epsilon/index.html");
    assert!(read(&page).contains("Key points"), "{}", read(&page));
    assert!(read(&memo).lines().count() >= 1, "the memo is kept");

    // The articles change: the memo's points for the story no longer apply.
    // Longer than the first, so that a stale byte range would cut it rather than fail.
    let second =
        "Rescue teams used boats in the flooded old town on Tuesday while the river kept rising.";
    std::fs::write(&story, story_with_key_points(second)).unwrap();
    build(&root, &[]);
    assert!(
        read(&page).contains("Rescue teams used boats"),
        "{}",
        read(&page)
    );
    assert!(
        !read(&page).contains("by boat as the river"),
        "stale key point"
    );
    assert_as_fresh(tmp.path(), &root, "fresh-1");

    // A damaged memo is read as nothing: the points are chosen again.
    std::fs::write(&memo, "not a memo\nffff 9:9:9999\n").unwrap();
    std::fs::write(&story, story_with_key_points(first)).unwrap();
    build(&root, &[]);
    assert!(
        read(&page).contains("by boat as the river"),
        "{}",
        read(&page)
    );
    assert_as_fresh(tmp.path(), &root, "fresh-2");
    assert!(
        !read(&memo).contains("not a memo"),
        "the memo is written anew"
    );
}

#[test]
fn front_matter_kept_from_the_last_build_gives_the_pages_a_fresh_build_gives() {
    let (tmp, root) = copy_fixture("basic");
    let story = root.join("content/stories/epsilon.md");
    std::fs::write(&story, story_with_key_points("Boats reached the old town.")).unwrap();
    build(&root, &[]);
    let memo = root.join(".output.parallax-parsed");
    let page = root.join("output/stories/epsilon/index.html");
    let kept = std::fs::read(&memo).expect("the build keeps the parsed front matter");
    assert!(
        kept.starts_with(b"parallax-parsed "),
        "a memo of this parallax"
    );

    // Retitles the story, builds, and checks the page shows the new title, not the memo's, and
    // that the output is what a fresh build makes.
    let retitle = |from: &str, to: &str, fresh: &str| {
        std::fs::write(&story, read(&story).replace(from, to)).unwrap();
        build(&root, &[]);
        assert!(read(&page).contains(to), "{}", read(&page));
        assert_as_fresh(tmp.path(), &root, fresh);
    };
    retitle(
        "Epsilon: the river flooded",
        "Epsilon: flood waters reached",
        "fresh-1",
    );
    assert!(
        std::fs::read(&memo).unwrap().len() > kept.len(),
        "the new front matter is added to the memo"
    );

    // A memo whose entries are damaged (the header kept) is not trusted: the files are parsed.
    let mut damaged = std::fs::read(&memo).unwrap();
    let header = damaged.iter().position(|&b| b == b'\n').unwrap() + 1;
    for byte in &mut damaged[header + 40..] {
        *byte = byte.wrapping_add(1);
    }
    std::fs::write(&memo, &damaged).unwrap();
    retitle(
        "Epsilon: flood waters reached",
        "Epsilon: water reached",
        "fresh-2",
    );
}

#[test]
fn a_rebuild_starts_from_the_spare_and_never_writes_through_it_into_the_live_output() {
    let (tmp, root) = copy_fixture("basic");
    let (output, spare) = (root.join("output"), root.join(".output.parallax-spare"));
    let alpha = root.join("content/stories/alpha.md");
    let original = read(&alpha);
    let summary = |text: &str| {
        let story = original.replacen("\n---\n", &format!("\nsummary: {text}\n---\n"), 1);
        std::fs::write(&alpha, story).unwrap();
    };
    build(&root, &[]);
    summary("First change.");
    build(&root, &[]);
    assert!(spare.is_dir(), "the replaced output is kept as the spare");
    assert!(root.join(".output.parallax-spare-manifest").is_file());
    // The spare shares the unchanged files with the output: one inode, not a copy.
    use std::os::unix::fs::MetadataExt;
    let ino = |p: &std::path::Path| std::fs::metadata(p).unwrap().ino();
    let css = "assets/style.css";
    assert_eq!(ino(&output.join(css)), ino(&spare.join(css)));

    // The next build starts from the spare (the output before last). It changes another story,
    // whose page the spare shares with the live output: that must not reach the live output
    // through the shared inode. The output it replaces, now the spare, is exactly what it was.
    let live = tree(&output);
    let beta = root.join("content/stories/beta.md");
    let page = "stories/beta-floods/index.html";
    assert_eq!(ino(&output.join(page)), ino(&spare.join(page)));
    let changed = read(&beta).replacen("\n---\n", "\nsummary: Beta changed.\n---\n", 1);
    std::fs::write(&beta, changed).unwrap();
    build(&root, &[]);
    assert!(read(&output.join(page)).contains("Beta changed."));
    assert!(
        tree(&spare) == live,
        "the replaced output was changed by the build"
    );
    assert_as_fresh(tmp.path(), &root, "fresh-1");

    // A story removed: its pages, which the spare holds, are not in the new output.
    std::fs::remove_file(root.join("content/stories/beta.md")).unwrap();
    build(&root, &[]);
    assert!(!output.join("stories/beta-floods/index.html").exists());
    assert_as_fresh(tmp.path(), &root, "fresh-2");

    // A spare's manifest naming a path outside the folder: nothing outside is removed.
    let listed = root.join(".output.parallax-spare-manifest");
    let victim = root.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let text = read(&listed);
    assert!(text.contains("\"files\":{"), "{text}");
    let text = text.replacen("\"files\":{", "\"files\":{\"../victim.txt\":[7,\"x\"],", 1);
    std::fs::write(&listed, text).unwrap();
    summary("Outside.");
    build(&root, &[]);
    assert_eq!(read(&victim), "keep me");
    assert_as_fresh(tmp.path(), &root, "fresh-2b");

    // A spare without its manifest is not trusted: removed, and the build is whole.
    std::fs::remove_file(root.join(".output.parallax-spare-manifest")).unwrap();
    // (A file of its own: the spare's shares its inode with the output's.)
    std::fs::remove_file(spare.join(css)).unwrap();
    std::fs::write(spare.join(css), "damaged").unwrap();
    summary("Third change.");
    build(&root, &[]);
    assert_as_fresh(tmp.path(), &root, "fresh-3");
    assert!(read(&output.join(css)) != "damaged");
}

/// A build killed while writing the manifest or the key points beside the output leaves their
/// temporary file (`write_atomic`'s `.<file>.tmp-<pid>`); the next build removes those of runs
/// that are gone, and keeps one whose process still runs.
#[cfg(unix)]
#[test]
fn temporary_files_a_killed_build_left_beside_the_output_are_removed() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let dead = dead_pid();
    let left = [
        root.join(format!("..output.parallax-manifest.tmp-{dead}")),
        root.join(format!("..output.parallax-keypoints.tmp-{dead}")),
    ];
    // Process 1 always runs: its file may be being written.
    let running = root.join("..output.parallax-manifest.tmp-1");
    let unrelated = root.join(format!(".notes.tmp-{dead}"));
    for file in left.iter().chain([&running, &unrelated]) {
        std::fs::write(file, "half written").unwrap();
    }
    std::fs::write(root.join("content/stories/extra-note.txt"), "touch").unwrap();
    build(&root, &[]);
    for file in &left {
        assert!(!file.exists(), "{} is left", file.display());
    }
    assert!(running.exists(), "a running process's file is kept");
    assert!(
        unrelated.exists(),
        "only parallax's own files beside the output are touched"
    );
}

/// A build killed mid-way leaves its staging folder and the output it did not replace, which is
/// still up to date: the next build, which has nothing to build, removes the folder all the same.
#[cfg(unix)]
#[test]
fn a_build_with_nothing_to_do_still_removes_what_killed_builds_left() {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let dead = dead_pid();
    let staging = root.join(format!(".output.parallax-staging-{dead}"));
    std::fs::create_dir_all(staging.join("stories")).unwrap();
    std::fs::write(staging.join("stories/index.html"), "half").unwrap();
    let temporary = root.join(format!("..output.parallax-manifest.tmp-{dead}"));
    std::fs::write(&temporary, "half written").unwrap();
    let again = summary(&build(&root, &[]));
    assert!(again.contains("up to date"), "{again}");
    assert!(
        !staging.exists(),
        "the killed build's staging folder is left"
    );
    assert!(
        !temporary.exists(),
        "the killed build's temporary file is left"
    );
}

/// The id of a process that has ended.
#[cfg(unix)]
fn dead_pid() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let id = child.id();
    child.wait().unwrap();
    id
}
