//! Hostile names: slugs, ids and topics such as `../../x`, absolute paths, NUL, `CON`/`aux`, names
//! that differ only by case, Unicode normalisation or look-alike letters. Nothing is written
//! outside `output/`, and two names that would share one URL are an error naming both files.

mod common;

use common::{build, copy_fixture, parallax, read, stderr};
use std::collections::BTreeSet;
use std::path::Path;

fn story(title: &str, extra: &str) -> String {
    format!(
        "---\ntitle: {title}\ndate: 2026-02-01\n{extra}articles:\n  - url: https://leftdaily.example/n\n    source: left-daily\n    title: A headline\n    published: 2026-02-01T08:00:00Z\n---\nBody.\n"
    )
}

/// Every file under `dir`, relative.
fn files(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// Writes two story files whose names differ only in `a` and `b`; the build must fail naming both.
fn two_names_one_url(a: &str, b: &str) {
    let (_tmp, root) = copy_fixture("basic");
    let dir = root.join("content/stories");
    std::fs::write(dir.join(format!("{a}.md")), story("One", "")).unwrap();
    std::fs::write(dir.join(format!("{b}.md")), story("Two", "")).unwrap();
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{a} / {b}: {err}");
    assert!(
        err.contains(&format!("content/stories/{a}.md")),
        "{a}: {err}"
    );
    assert!(
        err.contains(&format!("content/stories/{b}.md")),
        "{b}: {err}"
    );
    assert!(err.contains("is already used by"), "{err}");
    assert!(!root.join("output").exists(), "nothing is written");
}

#[test]
fn file_names_that_differ_only_by_case_collide_with_an_error_naming_both() {
    two_names_one_url("Report", "report");
}

#[test]
fn file_names_that_differ_only_by_unicode_normalisation_collide_with_an_error_naming_both() {
    // "Café" composed (NFC, U+00E9) and decomposed (NFD, e + U+0301).
    two_names_one_url("Caf\u{e9}", "Cafe\u{301}");
}

#[test]
fn look_alike_letters_collide_with_an_error_naming_both() {
    // A Cyrillic "Т" (U+0422) and a Latin "T".
    two_names_one_url("\u{422}rump-visit", "Trump-visit");
}

#[test]
fn device_names_never_become_folders_and_are_refused_as_given_names() {
    let (_tmp, root) = copy_fixture("basic");
    let dir = root.join("content/stories");
    std::fs::write(dir.join("CON.md"), story("Con", "topics: [AUX, Nul]\n")).unwrap();
    build(&root, &[]);
    let out = root.join("output");
    assert!(out.join("stories/con-1/index.html").is_file());
    assert!(out.join("topics/aux-1/index.html").is_file());
    assert!(out.join("topics/nul-1/index.html").is_file());
    for name in files(&out) {
        for part in name.split('/') {
            assert!(
                !["con", "aux", "nul", "prn"].contains(&part.to_ascii_lowercase().as_str()),
                "{name} has a device name"
            );
        }
    }

    std::fs::write(dir.join("CON.md"), story("Con", "slug: aux\n")).unwrap();
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/stories/CON.md:4:7: field `slug`: `aux` is not a valid slug"),
        "{err}"
    );
    assert!(err.contains("not a Windows device name"), "{err}");

    let (_tmp, root) = copy_fixture("basic");
    let sources = root.join("content/sources.yaml");
    std::fs::write(
        &sources,
        read(&sources).replace("id: local-voice", "id: nul"),
    )
    .unwrap();
    let out = parallax(&["build", "--root", root.to_str().unwrap()]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("`nul` is not a valid source id"), "{err}");
}

#[test]
fn path_like_topics_and_slugs_stay_inside_the_output() {
    let (tmp, root) = copy_fixture("basic");
    build(&root, &[]); // the lock file and the share-card cache beside the output exist from now on
    let before = files(tmp.path());
    let topics = r#"topics: ["../../escape", "/etc/passwd", "..\\..\\win", "nul\u0000byte", "C:\\temp", "~/home", "%2e%2e%2fencoded"]"#;
    std::fs::write(
        root.join("content/stories/paths.md"),
        story("Paths", &format!("{topics}\n")),
    )
    .unwrap();
    build(&root, &[]);
    let after = files(tmp.path());
    let new: Vec<&String> = after.difference(&before).collect();
    for name in &new {
        assert!(
            name.starts_with("site/output/")
                // The share-card cache beside the output: files named by a hash.
                || name.starts_with("site/.output.parallax-cards/")
                // The previous output, kept as the spare the next build starts from.
                || name.starts_with("site/.output.parallax-spare")
                || name == &"site/content/stories/paths.md",
            "written outside output/: {name}"
        );
        assert!(!name.contains(".."), "{name}");
    }
    let out = root.join("output");
    for slug in [
        "escape",
        "etc-passwd",
        "win",
        "nul-byte",
        "c-temp",
        "home",
        "2e-2e-2fencoded",
    ] {
        assert!(
            out.join(format!("topics/{slug}/index.html")).is_file(),
            "{slug}"
        );
    }

    for bad in ["../../x", "/abs", "a/b", "x\\u0000y"] {
        std::fs::write(
            root.join("content/stories/paths.md"),
            story("Paths", &format!("slug: \"{bad}\"\n")),
        )
        .unwrap();
        let out = parallax(&["build", "--root", root.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{bad}: {err}");
        assert!(err.contains("is not a valid slug"), "{bad}: {err}");
    }
}

#[test]
fn a_local_feed_path_never_leaves_the_site_unasked() {
    for bad in [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "data:text/xml,<rss/>",
        "C:\\feeds\\x.xml",
    ] {
        let (_tmp, root) = copy_fixture("basic");
        let sources = root.join("content/sources.yaml");
        let text = read(&sources).replace(
            "    location: Leipzig\n",
            &format!("    location: Leipzig\n    feeds: ['{bad}']\n"),
        );
        std::fs::write(&sources, text).unwrap();
        let out = parallax(&["build", "--root", root.to_str().unwrap()]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{bad}: {err}");
        assert!(err.contains("field `sources[3].feeds[0]`"), "{bad}: {err}");
        assert!(
            err.contains("is neither an http(s) URL nor a file path"),
            "{err}"
        );
    }

    // A relative path out of the site (`..`, or a link inside the site to a file outside it) is
    // that feed's error; the site builds.
    let (tmp, root) = copy_fixture("basic");
    let outside = tmp.path().join("secret.xml");
    std::fs::write(
        &outside,
        "<rss version=\"2.0\"><channel><title>Secret</title></channel></rss>",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/feeds")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/feeds/link.xml")).unwrap();
    let sources = root.join("content/sources.yaml");
    let text = read(&sources).replace(
        "    location: Leipzig\n",
        "    location: Leipzig\n    feeds: [content/feeds/link.xml, ../secret.xml]\n",
    );
    std::fs::write(&sources, text).unwrap();
    let err = stderr(&build(&root, &[]));
    for feed in ["content/feeds/link.xml", "../secret.xml"] {
        assert!(
            err.contains(&format!("feed `{feed}` of `local-voice`: a link to")),
            "{feed}: {err}"
        );
    }
    assert_eq!(
        err.matches("outside the site folder: refusing to read it")
            .count(),
        2,
        "{err}"
    );
}
