//! The `parallax` command: parses arguments, calls the library, prints the outcome and picks the
//! exit code (0 done, 1 a problem with the site or its files, 2 bad usage).

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// parallax: a static site generator for multi-source news coverage.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into its output folder (replaced only when the build succeeds).
    Build {
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site is published at, overriding base_url in parallax.yaml
        /// (e.g. https://user.github.io/repo/).
        #[arg(long)]
        base_url: Option<String>,
        /// Include stories marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Check that every internal link and asset of the built site resolves to a file.
    Check {
        /// The site folder, holding parallax.yaml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site to check [default: <root>/output].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The URL the site was built for, if it was built with --base-url.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Create a new site in DIR that builds as it is, with a GitHub Pages workflow.
    Init {
        /// The folder to create (must be empty or absent).
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
        } => {
            let options = parallax::BuildOptions {
                root,
                output,
                base_url,
                drafts,
            };
            parallax::build(&options).map(|r| {
                println!(
                    "built {} stories from {} sources: {} pages, {} files, {:.1} KB in {}",
                    r.stories,
                    r.sources,
                    r.pages,
                    r.files,
                    r.bytes as f64 / 1024.0,
                    r.output.display()
                );
                let per_story = |bytes: u64| bytes as f64 / r.stories.max(1) as f64;
                println!(
                    "story pages: {:.1} KB on average; search index: {:.1} KB, {:.0} bytes per story",
                    per_story(r.story_page_bytes) / 1024.0,
                    r.search_index_bytes as f64 / 1024.0,
                    per_story(r.search_index_bytes)
                );
            })
        }
        Command::Check {
            root,
            output,
            base_url,
        } => {
            let options = parallax::BuildOptions {
                root,
                output,
                base_url,
                drafts: false,
            };
            parallax::check(&options).and_then(|report| {
                for broken in &report.broken {
                    eprintln!("broken link in {}: {}", broken.page, broken.link);
                }
                println!(
                    "checked {} internal links on {} pages: {} broken",
                    report.links,
                    report.pages,
                    report.broken.len()
                );
                if report.broken.is_empty() {
                    Ok(())
                } else {
                    Err(parallax::Error::Command(format!(
                        "{} broken links",
                        report.broken.len()
                    )))
                }
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
