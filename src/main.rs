//! The `trailmap` command line: parses arguments, runs the pipeline, reports.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use trailmap::diagnostics::Diagnostic;
use trailmap::{BuildOptions, build, default_output, output};

/// A static site generator for learning roadmaps.
#[derive(Parser)]
#[command(name = "trailmap", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (replaced whole, only if the build succeeds).
    Build {
        /// The site's folder, holding trailmap.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// Replace base_url from trailmap.toml (e.g. for GitHub project pages).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Print nothing but errors.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Create a new, working roadmap site to start from.
    Init {
        /// The folder to create (it must not exist yet, or be empty).
        dir: PathBuf,
    },
    /// Check everything a build checks, and write nothing.
    Check {
        /// The site's folder, holding trailmap.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
    /// Serve the site from memory, rebuild after each edit and reload the browser.
    Serve {
        /// The site's folder, holding trailmap.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on (other machines can connect only if it is not loopback).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The port to listen on; when it is taken, the next free one is used. 0 picks any.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, base_url, drafts, quiet } => {
            let started = Instant::now();
            let options = BuildOptions { root: root.clone(), base_url, drafts };
            let site = match build(&options) {
                Ok(site) => site,
                Err(problems) => return report(&problems),
            };
            let target = output.unwrap_or_else(|| default_output(&root));
            if let Err(error) = output::write(&site, &target, &root) {
                eprintln!("error: {error}");
                return ExitCode::from(1);
            }
            if !quiet {
                println!(
                    "Built {} pages ({} files, {}) into {} in {} ms",
                    site.pages(),
                    site.len(),
                    human_bytes(site.total_bytes()),
                    target.display(),
                    started.elapsed().as_millis()
                );
            }
            ExitCode::SUCCESS
        }
        Command::Init { dir } => match trailmap::init::init(&dir) {
            Ok(files) => {
                println!("Created a roadmap site in {} ({} files).", dir.display(), files.len());
                println!("Next: cd {} && trailmap serve   (or trailmap build)", dir.display());
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(1)
            }
        },
        Command::Check { root, drafts } => {
            let started = Instant::now();
            match build(&BuildOptions { root, base_url: None, drafts }) {
                Ok(site) => {
                    println!(
                        "OK: {} pages checked in {} ms, nothing written",
                        site.pages(),
                        started.elapsed().as_millis()
                    );
                    ExitCode::SUCCESS
                }
                Err(problems) => report(&problems),
            }
        }
        Command::Serve { root, bind, port, open } => {
            match trailmap::serve::serve(&trailmap::serve::ServeOptions { root, bind, port, open }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

fn report(problems: &[Diagnostic]) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    let n = problems.len();
    eprintln!("error: {n} problem{} found; nothing was written", if n == 1 { "" } else { "s" });
    ExitCode::from(1)
}

fn human_bytes(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
