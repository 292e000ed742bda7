//! The `parallax` command: parses arguments, calls the library, prints the outcome and picks the
//! exit code (0 done, 1 a problem with the site or its files, 2 bad usage).

// `println!` and `eprintln!` panic when their stream is closed (`parallax build | head -1`): these
// take their place in this file and drop what cannot be written, so the command finishes its work
// and exits as it would have. Defined before anything that prints.
macro_rules! println {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

macro_rules! eprintln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: a build makes and frees millions of small strings
/// and maps (the template contexts), and glibc's malloc serves them the more slowly the larger the
/// heap (at 100k stories, a third of the build's time went to `_int_malloc` and its kin).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// No transparent huge pages for this process. mimalloc asks for them on its arenas, and then
/// every first touch of a 2 MiB page clears all of it: measured on this project's 2-core VM, a
/// build of 10k stories spent 1.2-1.4 s of system time clearing pages with them and 0.6 s
/// without (wall 3.2 -> 2.8 s, peak memory 400 -> 350 MB), and a one-story rebuild's time
/// varied from 0.8 to 1.3 s with them, 0.85-0.9 s without. Nothing else changes.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

/// `parallax --version`: the version and the commit it was built from.
const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("PARALLAX_COMMIT"),
    ")"
);

/// parallax: a static site generator for multi-source news coverage.
#[derive(Debug, Parser)]
#[command(name = "parallax", version = VERSION, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where a site is and where it is published: shared by `build` and `check`.
#[derive(Debug, clap::Args)]
struct SiteArgs {
    /// The site folder, holding parallax.yaml.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// The output folder [default: <root>/output].
    #[arg(long)]
    output: Option<PathBuf>,
    /// The URL the site is published at, overriding base_url in parallax.yaml
    /// (e.g. https://user.github.io/repo/).
    #[arg(long)]
    base_url: Option<String>,
}

impl SiteArgs {
    fn options(self, wait: parallax::LockWait) -> parallax::BuildOptions {
        parallax::BuildOptions {
            root: self.root,
            output: self.output,
            base_url: self.base_url,
            wait,
            ..parallax::BuildOptions::default()
        }
    }
}

/// `--wait [SECONDS]`, for the commands that lock the site or the output folder.
#[derive(Debug, clap::Args)]
struct WaitArgs {
    /// If another parallax run holds the lock (a fetch or import-opml on the same site, a build
    /// into the same output folder), wait for it to finish, at most SECONDS if given, instead of
    /// failing at once.
    #[arg(long, value_name = "SECONDS", num_args = 0..=1)]
    wait: Option<Option<u64>>,
}

impl WaitArgs {
    fn lock_wait(&self) -> parallax::LockWait {
        parallax::LockWait {
            timeout: self.wait.map(|limit| {
                limit.map_or(std::time::Duration::MAX, std::time::Duration::from_secs)
            }),
            notify: Some(|line| eprintln!("{line}")),
        }
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (replaced only when the build succeeds).
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include stories dated in the future (by default each waits for its date).
        #[arg(long)]
        future: bool,
        /// Build as if it were this time (RFC 3339), for tests of scheduled stories.
        #[arg(long, hide = true, value_parser = parse_now)]
        now: Option<parallax::Timestamp>,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Check the site without writing it: how the raters' files match the sources; then build it
    /// in memory (or read --output) and report broken links and anchors, missing assets, duplicate
    /// URLs, and data problems (unrated stories, unused sources, stale feeds, future dates, images
    /// without alt text). Exits 1 on errors.
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also check outbound links over the network (results cached beside the output folder).
        #[arg(long)]
        external: bool,
        /// Exit with 1 on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Build the site into memory and serve it on this machine, rebuilding and reloading the open
    /// pages whenever a file changes; nothing is written to the output folder.
    Serve {
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; the next free one is taken when it is busy (0: any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; another machine can reach the site only when it is not a
        /// loopback address (e.g. 0.0.0.0).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Include stories and editions dated in the future.
        #[arg(long)]
        future: bool,
    },
    /// Fetch every feed of the sources registry into the archive (content/archive/).
    Fetch {
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Feeds fetched at once.
        #[arg(long, default_value_t = 8)]
        jobs: usize,
        /// Seconds one request may take, body included.
        #[arg(long, default_value_t = 20)]
        timeout: u64,
        /// Exit with 1 when any feed fails (by default failures are reported and the run exits 0).
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Group the whole archive into automatic stories again (content/clusters/), keeping every
    /// story's URL; `fetch` clusters new articles by itself.
    Cluster {
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Add the feeds of an OPML file (a feed reader's export) to content/sources.yaml as new sources.
    ImportOpml {
        /// The OPML file.
        file: PathBuf,
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Copy a rater's CSV (an AllSides or Media Bias/Fact Check export...) to content/ratings/
    /// and add its entry to the `raters:` of parallax.yaml, with the columns and labels it could
    /// guess; lists the values that still need a label.
    ImportRatings {
        /// The CSV file.
        file: PathBuf,
        /// The rater's name (lowercase letters, digits, dashes), e.g. `mbfc`.
        #[arg(long)]
        rater: String,
        /// A key column: ROLE=COLUMN with ROLE id, domain or name (e.g. `domain=source`), or a
        /// column whose role is guessed. Guessed from the headers when not given.
        #[arg(long, value_name = "ROLE=COLUMN")]
        key: Vec<String>,
        /// A field column: FIELD=COLUMN with FIELD bias, factuality, country, ownership or owner.
        #[arg(long, value_name = "FIELD=COLUMN")]
        column: Vec<String>,
        /// A word of the rater and its label: `left-center=lean-left`, `unknown=~` (unrated).
        #[arg(long, value_name = "FROM=TO")]
        map: Vec<String>,
        /// Append the outlets that match no source to content/sources.yaml (comments and order kept).
        #[arg(long)]
        add_sources: bool,
        /// Print the rater's entry instead of adding it to parallax.yaml.
        #[arg(long)]
        print: bool,
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Print the paths of an edition's email files (email.html, email.txt) in the built site, or
    /// write one of them to standard output, for a send script.
    Email {
        /// The edition: its number (12), its day (2026-02-06), its path (editions/2026/02/06/) or `latest`.
        edition: String,
        #[command(flatten)]
        site: SiteArgs,
        /// Write the file to standard output instead of printing paths (rendered now; no build needed).
        #[arg(long, value_name = "FORMAT", value_parser = ["html", "text"])]
        stdout: Option<String>,
    },
    /// Turn a newsletter's past issues into edition files in content/editions/: from its RSS or
    /// Atom feed (a URL or a file) or a Substack export (the .zip or its unpacked folder).
    ImportNewsletter {
        /// A feed URL, a feed file, a Substack export .zip, or the folder it unpacks to.
        source: String,
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[command(flatten)]
        wait: WaitArgs,
    },
    /// Create a new site in DIR that builds as it is, with a GitHub Pages workflow.
    Init {
        /// The folder to create (must be empty or absent).
        dir: PathBuf,
    },
}

/// `parallax fetch`: a progress bar on a terminal, a line per feed, a summary; failures exit 0
/// unless `--strict`.
fn fetch(
    root: PathBuf,
    jobs: usize,
    timeout: u64,
    strict: bool,
    wait: parallax::LockWait,
) -> parallax::Result<()> {
    use std::io::IsTerminal;
    let options = parallax::FetchOptions {
        root: root.clone(),
        jobs,
        http: parallax::HttpOptions {
            timeout: std::time::Duration::from_secs(timeout.max(1)),
            // The site's `limits.feed_mb` decides.
            max_bytes: u64::MAX,
            ..Default::default()
        },
        now: None,
        wait,
    };
    let feed_count = parallax::feed_count(&root)?;
    let bar = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(feed_count as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} feeds {msg}")
                .expect("valid template"),
        );
        Some(bar)
    } else {
        None
    };
    let progress = |feed: &str| {
        if let Some(bar) = &bar {
            bar.set_message(feed.to_string());
            bar.inc(1);
        }
    };
    let report = parallax::fetch(&options, &progress)?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    for feed in &report.feeds {
        let line = match &feed.result {
            parallax::FeedResult::Fetched {
                stats,
                format,
                parse,
            } => format!("ok       {stats} ({format}, {parse})"),
            parallax::FeedResult::NotModified => "ok       not modified".to_string(),
            parallax::FeedResult::Gone => {
                "dead     gone (HTTP 410): marked dead, not fetched again".to_string()
            }
            parallax::FeedResult::Dead => {
                "dead     skipped (marked dead by an earlier run)".to_string()
            }
            parallax::FeedResult::Failed(reason) => format!("FAILED   {reason}"),
        };
        println!("{line}  [{}] {}", feed.source, feed.feed);
    }
    let totals = report.totals();
    let per_article = report.archive_bytes as f64 / report.archive_articles.max(1) as f64;
    println!(
        "{} feeds: {} new, {} updated, {} unchanged, {} skipped items; {} failed, {} with a possible gap. Archive: {} articles, {:.1} KB ({:.0} bytes per article); {} files written",
        report.feeds.len(),
        totals.new,
        totals.updated,
        totals.unchanged,
        totals.skipped,
        report.failures(),
        report.gaps(),
        report.archive_articles,
        report.archive_bytes as f64 / 1024.0,
        per_article,
        report.files_written
    );
    if let Some(clustering) = &report.clustering {
        println!("{}", cluster_line(clustering));
    }
    if strict && report.failures() > 0 {
        return Err(parallax::Error::Command(format!(
            "{} feeds failed (--strict)",
            report.failures()
        )));
    }
    Ok(())
}

/// `parallax check`: a line per problem, errors first, then a summary; fails on errors, and on
/// warnings with `--strict`.
fn check(options: parallax::CheckOptions, strict: bool) -> parallax::Result<()> {
    let report = parallax::check(&options)?;
    for problem in &report.problems {
        println!("{problem}");
    }
    let external = match options.external {
        true => format!(
            ", {} outbound links checked ({} skipped: checked recently)",
            report.external_checked, report.external_cached
        ),
        false => String::new(),
    };
    println!(
        "checked {} pages, {} internal links{external}: {} errors, {} warnings",
        report.pages,
        report.links,
        report.errors(),
        report.warnings()
    );
    let failing = report.errors() + if strict { report.warnings() } else { 0 };
    match failing {
        0 => Ok(()),
        _ if report.errors() > 0 => Err(parallax::Error::Command(format!(
            "{} errors found",
            report.errors()
        ))),
        _ => Err(parallax::Error::Command(format!(
            "{} warnings found (--strict)",
            report.warnings()
        ))),
    }
}

/// `parallax serve`: a line per build, the errors of a broken one; runs until stopped.
fn serve(options: parallax::ServeOptions) -> parallax::Result<()> {
    parallax::serve(&options, &|event| match event {
        parallax::ServeEvent::Listening { url } => {
            println!("serving {url} (press Ctrl-C to stop)")
        }
        parallax::ServeEvent::Built { took, warnings } => {
            for warning in warnings {
                eprintln!("warning: {warning}");
            }
            println!("built in {} ms: serving it", took.as_millis());
        }
        parallax::ServeEvent::Rendered {
            files,
            changed,
            took,
        } => println!(
            "rendered every page in {} ms: {changed} of {files} files changed",
            took.as_millis()
        ),
        parallax::ServeEvent::Failed { error, took } => {
            eprintln!("error: {error}");
            println!(
                "build failed in {} ms: still serving the last good site",
                took.as_millis()
            );
        }
        parallax::ServeEvent::Note(line) => eprintln!("note: {line}"),
    })
}

/// "clustered 420 articles: 31 stories (4 new, 9 changed, 1 merged); 2 files written".
fn cluster_line(report: &parallax::ClusterReport) -> String {
    format!(
        "clustered {} articles: {} stories ({} new, {} changed, {} merged); {} files written",
        report.articles,
        report.stories,
        report.new,
        report.changed,
        report.merged,
        report.files_written
    )
}

/// What `import-ratings` did, and what is left for the user.
fn print_import(report: &parallax::RatingsImport) {
    println!(
        "copied {} rows to {}; {} match a source of content/sources.yaml{}",
        report.rows,
        report.copied_to.display(),
        report.matched,
        match report.added_sources {
            0 => String::new(),
            n => format!(" ({n} sources added)"),
        }
    );
    if report.config_written {
        println!("added rater to parallax.yaml:\n{}", report.block);
    } else {
        if let Some(note) = &report.note {
            println!("{note}");
        }
        println!(
            "the rater's entry for `raters:` in parallax.yaml:\n{}",
            report.block
        );
    }
    if !report.unmapped.is_empty() {
        println!("values that still need a label in the rater's `map:` (the build stops at them):");
        for (field, value, rows) in &report.unmapped {
            let rows = if *rows == 1 {
                "1 row".to_string()
            } else {
                format!("{rows} rows")
            };
            println!("  {}: `{value}` ({rows})", field.key());
        }
    }
    println!("next: parallax check, then parallax build");
}

/// `--now`: an RFC 3339 time.
fn parse_now(text: &str) -> Result<parallax::Timestamp, String> {
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&chrono::Utc))
        .map_err(|e| format!("`{text}` is not an RFC 3339 time ({e})"))
}

fn main() -> ExitCode {
    no_huge_pages();
    parallax::stop::on_signal();
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build {
            site,
            drafts,
            future,
            now,
            wait,
        } => {
            let options = parallax::BuildOptions {
                drafts,
                future,
                now,
                ..site.options(wait.lock_wait())
            };
            parallax::build(&options).map(|r| {
                println!(
                    "built {} stories from {} sources: {} pages, {} files, {:.1} KB in {} ({})",
                    r.stories,
                    r.sources,
                    r.pages,
                    r.files,
                    r.bytes as f64 / 1024.0,
                    r.output.display(),
                    match r.files_written {
                        _ if r.up_to_date => {
                            "up to date: nothing changed, no file written".to_string()
                        }
                        n if n == r.files => format!("{n} files written"),
                        n if r.pages_rendered < r.pages => format!(
                            "{n} files written, {} unchanged; {} of {} pages rendered, the others kept",
                            r.files - n,
                            r.pages_rendered,
                            r.pages
                        ),
                        n => format!("{n} files written, {} unchanged", r.files - n),
                    }
                );
                for warning in &r.warnings {
                    eprintln!("warning: {warning}");
                }
                let per_story = |bytes: u64| bytes as f64 / r.stories.max(1) as f64;
                println!(
                    "story pages: {:.1} KB on average; search index: {:.1} KB, {:.0} bytes per story",
                    per_story(r.story_page_bytes) / 1024.0,
                    r.search_index_bytes as f64 / 1024.0,
                    per_story(r.search_index_bytes)
                );
                if r.share_cards > 0 {
                    println!(
                        "share cards: {}, {:.1} KB each on average ({} rendered, {} from the cache)",
                        r.share_cards,
                        r.share_card_bytes as f64 / 1024.0 / r.share_cards as f64,
                        r.cards_rendered,
                        r.share_cards - r.cards_rendered
                    );
                }
            })
        }
        Command::Check {
            site,
            drafts,
            external,
            strict,
        } => {
            let build = parallax::BuildOptions {
                drafts,
                ..site.options(parallax::LockWait::default())
            };
            parallax::check_ratings(&build).and_then(|lines| {
                for line in lines {
                    println!("{line}");
                }
                let options = parallax::CheckOptions {
                    build,
                    external,
                    now: None,
                };
                check(options, strict)
            })
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
            future,
        } => serve(parallax::ServeOptions {
            build: parallax::BuildOptions {
                root,
                drafts,
                future,
                ..Default::default()
            },
            port,
            bind,
            open,
        }),
        Command::Fetch {
            root,
            jobs,
            timeout,
            strict,
            wait,
        } => fetch(root, jobs, timeout, strict, wait.lock_wait()),
        Command::Cluster { root, wait } => {
            let options = parallax::ClusterOptions {
                root,
                now: None,
                wait: wait.lock_wait(),
            };
            parallax::recluster(&options).map(|report| println!("{}", cluster_line(&report)))
        }
        Command::ImportOpml { file, root, wait } => {
            parallax::import_opml(&root, &file, wait.lock_wait()).map(|report| {
                for line in &report.skipped {
                    println!("skipped: {line}");
                }
                println!(
                    "added {} sources with {} feeds to {}",
                    report.added_sources,
                    report.added_feeds,
                    report.file.display()
                );
            })
        }
        Command::ImportRatings {
            file,
            rater,
            key,
            column,
            map,
            add_sources,
            print,
            root,
            wait,
        } => {
            let options = parallax::ImportRatings {
                root,
                file,
                rater,
                key,
                columns: column,
                map,
                add_sources,
                print,
                wait: wait.lock_wait(),
            };
            parallax::import_ratings(&options).map(|report| print_import(&report))
        }
        Command::Email {
            edition,
            site,
            stdout,
        } => {
            let format = stdout.map(|f| match f.as_str() {
                "html" => parallax::EmailFormat::Html,
                _ => parallax::EmailFormat::Text,
            });
            let options = site.options(parallax::LockWait::default());
            parallax::email(&options, &edition, format).and_then(|out| match out {
                parallax::EmailOutput::Paths { html, text } => {
                    println!("{}", html.display());
                    println!("{}", text.display());
                    Ok(())
                }
                parallax::EmailOutput::Bytes(bytes) => {
                    use std::io::Write;
                    match std::io::stdout().write_all(&bytes) {
                        // The reader has gone (`| head`): nothing more to say to it.
                        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                        written => written.map_err(|e| {
                            parallax::Error::Command(format!(
                                "cannot write to standard output: {e}"
                            ))
                        }),
                    }
                }
            })
        }
        Command::ImportNewsletter { source, root, wait } => {
            parallax::import_newsletter(&root, &source, wait.lock_wait()).map(|report| {
                for line in &report.lines {
                    println!("{line}");
                }
                println!("{}", report.summary());
            })
        }
        Command::Init { dir } => parallax::init(&dir).map(|files| {
            println!(
                "created a new site in {} ({} files)",
                dir.display(),
                files.len()
            );
            println!("next: parallax build --root {}", dir.display());
        }),
    };
    // A signal stopped the run: its handler cleans up and exits with 130; the run's own error
    // ("stopped by a signal") is not the news.
    parallax::stop::wait_if_stopping();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = error.to_string();
            eprintln!("error: {message}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                let cause_text = cause.to_string();
                if !message.contains(&cause_text) {
                    eprintln!("  caused by: {cause_text}");
                }
                source = cause.source();
            }
            // Usage errors (unknown flags, missing arguments) exit with 2 from clap itself.
            ExitCode::from(1)
        }
    }
}
