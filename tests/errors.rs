//! Bad input: each case gives one clear message naming the file, line and field and what to do,
//! exits with 1, and leaves the previous `output/` exactly as it was.

mod common;

use common::*;
use std::path::Path;

/// Builds the fixture once, applies `break_it`, builds again and returns the second build's stderr
/// after checking the exit code and that the first build's output survived.
fn failing_build(break_it: impl FnOnce(&Path)) -> String {
    let (_tmp, root) = copy_fixture("basic");
    build(&root, &[]);
    let before = tree(&root.join("output"));
    break_it(&root);
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "exit code 1 expected; stderr: {err}"
    );
    assert!(
        before == tree(&root.join("output")),
        "the previous output changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(
        leftovers
            .iter()
            .all(|n| !n.to_string_lossy().contains("parallax-staging")),
        "a failed build leaves no staging folder: {leftovers:?}"
    );
    // Paths in messages are shown as given; make them relative to the site for the assertions.
    err.replace(&format!("{}/", root.display()), "")
}

fn edit(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "fixture {file} lacks {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn malformed_front_matter() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/stories/alpha.md",
            "topics: [Politics, Economy]",
            "topics: [Politics, Economy",
        )
    });
    assert!(
        err.starts_with("error: content/stories/alpha.md:5:"),
        "{err}"
    );
    assert!(
        err.contains("did not find expected ',' or ']', while parsing a flow sequence"),
        "{err}"
    );
    assert!(
        !err.contains("at line"),
        "only the file's own line numbers are shown: {err}"
    );
}

#[test]
fn front_matter_that_is_not_closed() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/stories/alpha.md",
            "---\nThe parliament",
            "The parliament",
        )
    });
    assert!(
        err.starts_with("error: content/stories/alpha.md:1:1: no front matter"),
        "{err}"
    );
    assert!(
        err.contains("help: start the file with a `---` line"),
        "{err}"
    );
}

#[test]
fn unknown_config_key() {
    let err = failing_build(|root| {
        edit(
            root,
            "parallax.yaml",
            "pagination: 2",
            "pagination: 2\npaginate: 3",
        )
    });
    assert_eq!(
        err.lines().next().unwrap(),
        "error: parallax.yaml:6:1: unknown field `paginate`, expected one of `title`, `description`, `base_url`, `language`, `theme`, `pagination`, `timezone`, `cname`, `country_names`, `analysis`, `cluster`, `raters`, `owners`, `editions`, `check`, `feeds`, `share_cards`, `limits`"
    );
    assert!(
        err.contains("help: remove the key or fix its spelling"),
        "{err}"
    );
}

#[test]
fn unknown_source_id_in_a_story() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/stories/alpha.md",
            "source: centre-wire",
            "source: center-wire",
        )
    });
    assert_eq!(
        err.trim_end(),
        "error: content/stories/alpha.md:14:13: field `articles[1].source`: unknown source id `center-wire`\n  help: did you mean `centre-wire`? Source ids are listed in content/sources.yaml"
    );
}

#[test]
fn invalid_bias_label() {
    let err =
        failing_build(|root| edit(root, "content/sources.yaml", "bias: left", "bias: leftish"));
    assert!(err.starts_with("error: content/sources.yaml:5:11: field `sources[0].bias`: unknown bias label `leftish`"), "{err}");
    assert!(
        err.contains(
            "help: use one of far-left, left, lean-left, center, lean-right, right, far-right"
        ),
        "{err}"
    );
}

#[test]
fn invalid_bias_label_of_one_rater() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/sources.yaml",
            "panel-b: lean-right",
            "panel-b: rightish",
        )
    });
    assert!(err.starts_with("error: content/sources.yaml:21:37: field `sources[2].bias.panel-b`: unknown bias label `rightish`"), "{err}");
}

#[test]
fn invalid_factuality_label() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/sources.yaml",
            "factuality: mixed",
            "factuality: so-so",
        )
    });
    assert!(err.starts_with("error: content/sources.yaml:22:17: field `sources[2].factuality`: unknown factuality label `so-so`"), "{err}");
    assert!(
        err.contains("help: use one of very-high, high, mostly-factual, mixed, low, very-low"),
        "{err}"
    );
}

#[test]
fn invalid_ownership_label() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/sources.yaml",
            "ownership: billionaire",
            "ownership: oligarch",
        )
    });
    assert!(err.starts_with("error: content/sources.yaml:23:16: field `sources[2].ownership`: unknown ownership type `oligarch`"), "{err}");
    assert!(err.contains("independent, corporate, private-equity, billionaire, government, public-broadcaster, nonprofit, telecom, other"), "{err}");
}

#[test]
fn invalid_date() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/stories/alpha.md",
            "published: 2026-02-02T08:00:00Z",
            "published: 2026-02-31T08:00:00Z",
        )
    });
    assert!(err.starts_with("error: content/stories/alpha.md:22:16: field `articles[2].published`: invalid date `2026-02-31T08:00:00Z`"), "{err}");
    assert!(err.contains("help: use RFC 3339"), "{err}");
}

#[test]
fn two_stories_with_the_same_slug() {
    let err = failing_build(|root| {
        edit(
            root,
            "content/stories/2026/gamma.md",
            "date: 2026-02-04",
            "slug: alpha\ndate: 2026-02-04",
        )
    });
    assert!(err.starts_with("error: content/stories/alpha.md:1:1: field `slug`: slug `alpha` is already used by `content/stories/2026/gamma.md`")
        || err.starts_with("error: content/stories/2026/gamma.md:3:7: field `slug`: slug `alpha` is already used by `content/stories/alpha.md`"), "{err}");
}

#[test]
fn a_template_that_does_not_parse() {
    let err = failing_build(|root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(root.join("templates/story.html"), "{% extends \"theme/story.html\" %}\n{% block content %}\n{{ story.title }\n{% endblock content %}\n").unwrap();
    });
    assert!(
        err.starts_with("error: template `story.html`: line 3, column"),
        "{err}"
    );
    assert!(err.contains("(in `templates/story.html`)"), "{err}");
}

#[test]
fn a_template_that_does_not_exist() {
    let err = failing_build(|root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/story.html"),
            "{% extends \"layout.html\" %}\n",
        )
        .unwrap();
    });
    assert_eq!(
        err.trim_end(),
        "error: template `story.html`: line 1: extends `layout.html`, which is not in templates/, the theme or the built-in theme (in `templates/story.html`)"
    );
}

#[test]
fn a_template_that_includes_one_that_does_not_exist() {
    let err = failing_build(|root| {
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/story.html"),
            "{% extends \"theme/story.html\" %}\n{% block content %}\n{% if story %}{% include \"partials/box.html\" %}{% endif %}\n{% endblock content %}\n",
        )
        .unwrap();
    });
    assert!(
        err.starts_with("error: template `story.html`: line 3: includes `partials/box.html`"),
        "{err}"
    );
}

#[test]
fn a_theme_that_does_not_exist() {
    let err = failing_build(|root| {
        edit(
            root,
            "parallax.yaml",
            "pagination: 2",
            "pagination: 2\ntheme: midnight",
        )
    });
    assert!(
        err.starts_with("error: template `midnight`: theme not found: no folder `themes/midnight`"),
        "{err}"
    );
}

#[test]
fn an_unreadable_story_file() {
    let err = failing_build(|root| {
        std::fs::write(
            root.join("content/stories/broken.md"),
            b"---\ntitle: \xff\xfe\n---\n",
        )
        .unwrap();
    });
    assert!(
        err.starts_with("error: content/stories/broken.md: not valid UTF-8 (at byte 11)"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_story_file_that_cannot_be_read() {
    let err = failing_build(|root| {
        std::os::unix::fs::symlink(
            root.join("nowhere.md"),
            root.join("content/stories/dangling.md"),
        )
        .unwrap();
    });
    assert!(
        err.starts_with("error: failed to read `content/stories/dangling.md`"),
        "{err}"
    );
}

#[test]
fn every_problem_of_a_file_is_reported_at_once() {
    let err = failing_build(|root| {
        edit(root, "content/sources.yaml", "bias: left", "bias: leftish");
        edit(root, "content/sources.yaml", "country: GB", "country: UK");
    });
    assert!(
        err.contains("unknown bias label `leftish`")
            && err.contains("`UK` is not an ISO 3166-1 alpha-2 country code"),
        "{err}"
    );
    assert!(err.contains("2 problems found"), "{err}");
}

#[test]
fn a_missing_config_says_how_to_start() {
    let tmp = tempfile::tempdir().unwrap();
    let out = parallax(&["build", "--root", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("no `parallax.yaml` in"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("parallax init"), "{}", stderr(&out));
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: Secret\n---\nnot the site's").unwrap();
    let err = failing_build(|root| {
        std::os::unix::fs::symlink(&secret, root.join("content/stories/secret.md")).unwrap();
    });
    assert!(
        err.starts_with("error: content/stories/secret.md: a link to `")
            && err.contains("outside the site folder: refusing to read it"),
        "{err}"
    );
    assert!(err.contains("help: copy the file into the site"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_static_folder_linked_from_outside_the_site_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x:0:0").unwrap();
    let err = failing_build(|root| {
        std::fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("static/etc")).unwrap();
    });
    assert!(
        err.starts_with("error: static/etc: a link to `")
            && err.contains("outside the site folder"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_site_is_followed() {
    let (_tmp, root) = copy_fixture("basic");
    std::fs::create_dir_all(root.join("shared")).unwrap();
    std::fs::write(root.join("shared/robots-extra.txt"), "kept").unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::os::unix::fs::symlink(
        root.join("shared/robots-extra.txt"),
        root.join("static/extra.txt"),
    )
    .unwrap();
    build(&root, &[]);
    assert_eq!(
        std::fs::read(root.join("output/extra.txt")).unwrap(),
        b"kept"
    );
}

/// A "billion laughs" alias bomb (9^10 strings if expanded) in the registry and in a story's
/// front matter: each is refused at its first misplaced alias, without expanding the rest.
#[test]
fn a_yaml_alias_bomb_is_refused_without_expanding_it() {
    let bomb = |indent: &str, first: &str| {
        let mut text = format!(
            "{first}&a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        );
        let names = ["b", "c", "d", "e", "f", "g", "h", "i", "j"];
        let mut previous = "a";
        for (i, name) in names.iter().enumerate() {
            let refs = vec![format!("*{previous}"); 9].join(",");
            text.push_str(&format!("{indent}x{i}: &{name} [{refs}]\n"));
            previous = name;
        }
        text
    };
    let err = failing_build(|root| {
        let path = root.join("content/sources.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let first = text.find("    name: ").unwrap();
        let end = first + text[first..].find('\n').unwrap() + 1;
        let planted = format!(
            "{}{}{}",
            &text[..first],
            bomb("    ", "    name: "),
            &text[end..]
        );
        std::fs::write(&path, planted).unwrap();
    });
    assert!(err.starts_with("error: content/sources.yaml:"), "{err}");
    let err = failing_build(|root| {
        let story = format!(
            "---\ntitle: Bomb\ndate: 2026-02-01\n{}---\nbody\n",
            bomb("", "topics: ")
        );
        std::fs::write(root.join("content/stories/bomb.md"), story).unwrap();
    });
    assert!(err.starts_with("error: content/stories/bomb.md:"), "{err}");
}

/// A story file of 5 MB (the body of a page that would weigh as much) is refused before it is
/// read, with its size and the limit.
#[test]
fn a_story_file_larger_than_the_limit_is_refused() {
    let err = failing_build(|root| {
        let body = "All work and no play makes a very long story. ".repeat(110_000);
        let story = format!("---\ntitle: Long\ndate: 2026-02-01\n---\n{body}\n");
        std::fs::write(root.join("content/stories/long.md"), story).unwrap();
    });
    assert!(
        err.starts_with(
            "error: content/stories/long.md: 4942 KB, more than a story or edition file may hold (1024 KB, `limits.story_kb` in parallax.yaml)"
        ),
        "{err}"
    );
    assert!(err.contains("help: a page must stay light"), "{err}");
}
