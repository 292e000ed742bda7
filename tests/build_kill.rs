//! Builds killed with SIGKILL at pseudo-random moments, swap included: `output/` must always be
//! there and always be one whole build, and what killed builds leave behind must not pile up.

#![cfg(unix)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const KILLS: usize = 20;

/// The bundled example site, copied so the test may build it over and over.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for part in ["content", "themes"] {
        copy_dir(&repo.join(part), &root.join(part));
    }
    std::fs::copy(repo.join("parallax.yaml"), root.join("parallax.yaml")).unwrap();
    (tmp, root)
}

/// Two builds that differ in every page: the example's own base URL, and another.
fn variant_args(variant: usize) -> Vec<&'static str> {
    if variant == 0 {
        vec![]
    } else {
        vec!["--base-url", "https://kill.example/b/"]
    }
}

fn build_command(root: &Path, variant: usize) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
    command
        .args(["build", "--root", root.to_str().unwrap()])
        .args(variant_args(variant))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// The folders builds leave beside `output/` (staging, previous), not counting the lock file,
/// the manifest and the card cache.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.parallax-"))
        // The lock file, the manifest of the last build, the share-card cache, the key points
        // memo, the parsed front matter memo and the previous output kept as a spare (with its
        // manifest) stay by design.
        .filter(|n| {
            ![
                ".output.parallax-lock",
                ".output.parallax-manifest",
                ".output.parallax-cards",
                ".output.parallax-keypoints",
                ".output.parallax-parsed",
                ".output.parallax-spare",
                ".output.parallax-spare-manifest",
            ]
            .contains(&n.as_str())
        })
        .collect()
}

/// Waits until `output/` is gone or another folder than it was (the swap), at most five
/// seconds, and says how long that took.
fn until_swapped(output: &Path) -> Duration {
    use std::os::unix::fs::MetadataExt;
    let started = Instant::now();
    let before = std::fs::metadata(output).unwrap().ino();
    while started.elapsed() < Duration::from_secs(5) {
        if std::fs::metadata(output).map_or(true, |m| m.ino() != before) {
            break;
        }
        std::thread::sleep(Duration::from_micros(100));
    }
    started.elapsed()
}

fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn builds_killed_at_random_moments_always_leave_one_whole_output_and_no_pile_of_folders() {
    let (_tmp, root) = example_site();
    // The two possible whole outputs, and how long a build takes here.
    let mut whole: Vec<BTreeMap<String, Vec<u8>>> = Vec::new();
    let mut took = Duration::MAX;
    for variant in [0, 1, 0, 1] {
        let started = Instant::now();
        build(&root, &variant_args(variant));
        took = took.min(started.elapsed());
        if whole.len() < 2 {
            whole.push(tree(&root.join("output")));
        }
    }
    assert_ne!(whole[0], whole[1], "the variants differ");

    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let (mut killed, mut finished, mut swapped_when_killed) = (0, 0, 0);
    let (mut most_left, mut kills_leaving_some) = (0, 0);
    let mut current = 1; // the variant `output/` holds
    for round in 0..KILLS {
        let variant = round % 2;
        let span = took.as_millis() as u64 * 11 / 10;
        let mut child = build_command(&root, variant).spawn().unwrap();
        // A third of the kills anywhere in the run, a third in its last fifth, where the swap
        // is, and a third the moment `output/` is swapped, while the old output is removed.
        let wait = match round % 3 {
            0 => Duration::from_millis(next(&mut seed) % span.max(1)),
            1 => Duration::from_millis(span * 4 / 5 + next(&mut seed) % (span / 4).max(1)),
            _ => until_swapped(&root.join("output")),
        };
        if round % 3 != 2 {
            std::thread::sleep(wait);
        }
        let _ = child.kill(); // SIGKILL: no chance to clean up
        let status = child.wait().unwrap();
        if status.signal() == Some(9) {
            killed += 1;
        } else {
            assert!(status.success(), "round {round}: the build failed");
            finished += 1;
        }

        let output = root.join("output");
        assert!(
            output.is_dir(),
            "round {round}, killed after {wait:?}: no output/"
        );
        let now = tree(&output);
        let which = whole.iter().position(|w| *w == now);
        let Some(which) = which else {
            panic!("round {round}, killed after {wait:?}: output/ is not one whole build");
        };
        if which == variant && which != current && status.signal() == Some(9) {
            swapped_when_killed += 1;
        }
        current = which;
        let left = leftovers(&root);
        most_left = most_left.max(left.len());
        kills_leaving_some += usize::from(!left.is_empty());
        assert!(
            left.len() <= 1,
            "round {round}, killed after {wait:?}: folders pile up: {left:?}"
        );
    }

    build(&root, &[]);
    assert_eq!(tree(&root.join("output")), whole[0]);
    let left = leftovers(&root);
    println!(
        "{KILLS} builds (a build takes {} ms): {killed} killed ({swapped_when_killed} after their swap), {finished} finished first; output/ always a whole build; {kills_leaving_some} kills left a folder, never more than {most_left} at once; {} left after the next build",
        took.as_millis(),
        left.len()
    );
    assert!(
        killed >= KILLS / 3,
        "builds were killed mid-run, not after they ended"
    );
    assert_eq!(
        left,
        Vec::<String>::new(),
        "the next build removes them all"
    );
}

/// SIGTERM and SIGINT (a scheduler's time-out, Ctrl-C) at moments through a build: the build
/// stops with exit code 130 and removes its staging folder; `output/` stays one whole build (the
/// previous one, or the new one when the signal came after the swap).
#[test]
fn a_build_stopped_by_sigterm_or_sigint_cleans_up_and_keeps_the_output() {
    let (_tmp, root) = example_site();
    // How long a warm build takes (share cards cached), the kind the signals interrupt.
    let mut took = Duration::MAX;
    let mut whole = Vec::new();
    for variant in [0, 1, 0] {
        let started = Instant::now();
        build(&root, &variant_args(variant));
        took = took.min(started.elapsed());
        whole.push(tree(&root.join("output")));
    }
    let (before, after) = (&whole[2], &whole[1]);
    let mut stopped = 0;
    for (round, signal) in [15, 2, 15, 2, 15, 2].into_iter().enumerate() {
        let mut child = build_command(&root, 1).spawn().unwrap();
        // Somewhere in the build's first three quarters, while it loads, renders and writes.
        std::thread::sleep(took * (round as u32 + 1) / 8);
        if child.try_wait().unwrap().is_some() {
            // Finished before the signal: the next round builds the other variant.
            build(&root, &variant_args(0));
            continue;
        }
        rustix::process::kill_process(
            rustix::process::Pid::from_raw(child.id() as i32).unwrap(),
            rustix::process::Signal::from_named_raw(signal).unwrap(),
        )
        .unwrap();
        let status = child.wait().unwrap();
        if status.code() == Some(130) {
            stopped += 1;
            // The old output, or the new one whole when the stop came after its swap.
            let now = tree(&root.join("output"));
            assert!(
                now == *before || now == *after,
                "round {round}: output/ is not one whole build"
            );
            assert_eq!(leftovers(&root), Vec::<String>::new(), "round {round}");
            if now == *after {
                build(&root, &variant_args(0));
            }
        } else if std::os::unix::process::ExitStatusExt::signal(&status) == Some(signal) {
            // Ended by the signal itself: it came before `main` set the handler (a loaded
            // machine can take longer to start a process than a warm build takes), so the run
            // had made nothing yet.
            assert!(tree(&root.join("output")) == *before, "round {round}");
            assert_eq!(leftovers(&root), Vec::<String>::new(), "round {round}");
        } else {
            // Finished between the check and the signal.
            assert!(status.success(), "round {round}: {status:?}");
            build(&root, &variant_args(0));
        }
    }
    println!("{stopped} of 6 builds stopped by a signal");
    assert!(
        stopped >= 3,
        "only {stopped} of 6 builds were stopped mid-way"
    );
}
