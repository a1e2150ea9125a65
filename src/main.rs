//! The `trailmap` command line: parses arguments, runs the pipeline, reports.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};

use trailmap::diagnostics::{Diagnostic, Severity};
use trailmap::init::Publishing;
use trailmap::progress::Progress;
use trailmap::{BuildOptions, build_into, default_output, output};

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
        /// Write into an output folder that trailmap did not make: its files stay, and any the
        /// site replaces are moved to a folder beside it.
        #[arg(long)]
        force: bool,
    },
    /// Create a new, working roadmap site to start from, with a GitHub Pages workflow.
    Init {
        /// The folder to create (it must not exist yet, or be empty).
        dir: PathBuf,
        /// Leave out .github/workflows/pages.yml (the site is published some other way).
        #[arg(long)]
        no_workflow: bool,
        /// A site of two roadmaps (`roadmaps` in trailmap.toml) with a home page.
        #[arg(long)]
        multi: bool,
    },
    /// Make a new site from an outline: Markdown or plain text (headings, nested bullets), OPML,
    /// or a FreeMind/Freeplane map (.mm). Top-level entries become sections, the rest skills.
    Import {
        /// The outline file.
        file: PathBuf,
        /// The folder to create (it must not exist yet, or be empty) [default: the file's name
        /// without its extension].
        #[arg(long)]
        into: Option<PathBuf>,
    },
    /// Check everything a build checks, and write nothing.
    Check {
        /// The site's folder, holding trailmap.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings (an image without alternative text …) as errors.
        #[arg(long)]
        strict: bool,
        /// Also ask every external URL (resources, links in pages) whether it still answers;
        /// results are kept for a day in .trailmap/ under the site.
        #[arg(long)]
        external: bool,
        /// With --external: the most one URL may take, in seconds.
        #[arg(long, value_name = "SECS", default_value_t = 10, requires = "external")]
        timeout: u64,
        /// With --external: ask about every URL again, whatever was kept from earlier runs.
        #[arg(long, requires = "external")]
        recheck: bool,
    },
    /// Work with themes.
    Theme {
        #[command(subcommand)]
        action: ThemeAction,
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
        /// Also answer requests that name this host (the listening address always works).
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_host: Vec<String>,
        /// Include pages marked draft = true.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Subcommand)]
enum ThemeAction {
    /// Copy the built-in theme into DIR to own all of it (nothing is overwritten).
    Eject {
        /// Where to copy it; a site uses `themes/default/` in place of the built-in theme.
        #[arg(default_value = "themes/default")]
        dir: PathBuf,
    },
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, output, base_url, drafts, quiet, force } => {
            let takeover = if force { output::Takeover::Force } else { output::Takeover::Refuse };
            let options = BuildOptions { base_url, drafts, ..BuildOptions::default() };
            build_command(root, output, options, quiet, takeover)
        }
        Command::Init { dir, no_workflow, multi } => {
            let publishing = if no_workflow { Publishing::Manual } else { Publishing::GitHubPages };
            init_command(&dir, publishing, multi)
        }
        Command::Import { file, into } => import_command(&file, into),
        Command::Theme { action: ThemeAction::Eject { dir } } => eject_command(&dir),
        Command::Check { root, drafts, strict, external, timeout, recheck } => {
            let external = external.then(|| trailmap::external::ExternalOptions {
                timeout: Duration::from_secs(timeout),
                recheck,
                ..Default::default()
            });
            check_command(root, drafts, strict, external)
        }
        Command::Serve { root, bind, port, open, allow_host, drafts } => {
            let options =
                trailmap::serve::ServeOptions { root, bind, port, open, allowed_hosts: allow_host, drafts };
            match trailmap::serve::serve(&options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: {error}");
                    ExitCode::from(1)
                }
            }
        }
    }
}

/// `trailmap init`: writes the starter site and says what to do next.
fn init_command(dir: &std::path::Path, publishing: Publishing, multi: bool) -> ExitCode {
    let made = match multi {
        true => {
            trailmap::init::init_multi(dir, publishing).map(|files| (files.len(), "a site of two roadmaps"))
        }
        false => trailmap::init::init(dir, publishing).map(|files| (files.len(), "a roadmap site")),
    };
    match made {
        Ok((files, what)) => {
            println!("Created {what} in {} ({files} files).", dir.display());
            println!("Next: cd {} && trailmap serve   (or trailmap build)", dir.display());
            if publishing == Publishing::GitHubPages {
                println!(
                    "To publish: push it to a GitHub repository and choose Settings → Pages → Source: \
                     GitHub Actions (README.md says more)."
                );
            }
            ExitCode::SUCCESS
        }
        // A folder that cannot take a new site was a wrong argument: bad usage.
        Err(error @ trailmap::init::InitError::NotEmpty(_)) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// `trailmap theme eject`: copies the built-in theme out; a refusal (files there) is bad usage.
fn eject_command(dir: &std::path::Path) -> ExitCode {
    match trailmap::theme::eject(dir) {
        Ok(files) => {
            println!("Copied the default theme into {} ({} files).", dir.display(), files.len());
            if dir.ends_with("themes/default") {
                println!("The site now uses it in place of the built-in theme: edit it as you like.");
            } else {
                println!("To use it, put it at themes/<name>/ and set theme = \"<name>\" in trailmap.toml.");
            }
            ExitCode::SUCCESS
        }
        Err(error @ trailmap::theme::EjectError::Exists { .. }) => {
            eprintln!("error: {error}");
            eprintln!("  = hint: choose another folder: `trailmap theme eject themes/mine`");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// `trailmap check`: everything a build checks, the external URLs when asked, and nothing
/// written (but the link cache).
fn check_command(
    root: PathBuf,
    drafts: bool,
    strict: bool,
    external: Option<trailmap::external::ExternalOptions>,
) -> ExitCode {
    let started = Instant::now();
    let built =
        match build_into(&BuildOptions { root: root.clone(), drafts, ..BuildOptions::default() }, None) {
            Ok(built) => built,
            Err(problems) => return report(&problems),
        };
    let mut problems = built.warnings;
    let mut links = String::new();
    if let Some(options) = external {
        match trailmap::external::check(&root, drafts, &options) {
            Ok(found) => {
                links = format!(
                    ", {} external URLs ({} asked, the rest known from the last day)",
                    found.urls, found.requested
                );
                problems.extend(found.problems);
            }
            Err(found) => problems.extend(found),
        }
    }
    if strict {
        for problem in &mut problems {
            problem.severity = Severity::Error;
        }
    }
    if problems.iter().any(|p| !p.is_warning()) {
        return report(&problems);
    }
    print_warnings(&problems);
    println!(
        "OK: {} pages{links} checked in {} ms, nothing written",
        built.output.pages(),
        started.elapsed().as_millis()
    );
    ExitCode::SUCCESS
}

/// `trailmap import`: makes a site from an outline and says what it made.
fn import_command(file: &std::path::Path, into: Option<PathBuf>) -> ExitCode {
    let dir = into.unwrap_or_else(|| PathBuf::from(file.file_stem().unwrap_or(file.as_os_str())));
    match trailmap::import::import(file, &dir) {
        Ok(imported) => {
            println!(
                "Created a roadmap site in {} from {}: {} sections, {} skills ({} files).",
                dir.display(),
                file.display(),
                imported.sections,
                imported.skills,
                imported.files.len()
            );
            println!("Next: cd {} && trailmap serve   (or trailmap check)", dir.display());
            ExitCode::SUCCESS
        }
        Err(trailmap::import::ImportError::Outline(problem)) => report(&[*problem]),
        Err(error @ trailmap::import::ImportError::Site(trailmap::init::InitError::NotEmpty(_))) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(1)
        }
    }
}

/// `trailmap build`: renders the site into a staging folder (each page as soon as it is ready)
/// and puts it in place of the output folder only when everything went well.
fn build_command(
    root: PathBuf,
    output: Option<PathBuf>,
    mut options: BuildOptions,
    quiet: bool,
    takeover: output::Takeover,
) -> ExitCode {
    let started = Instant::now();
    let timings = std::env::var_os("TRAILMAP_TIMINGS").is_some();
    let target = output.unwrap_or_else(|| default_output(&root));
    options.root = root.clone();
    let progress = Arc::new(Progress::default());
    options.progress = Some(progress.clone());
    let line = (!quiet && std::io::stderr().is_terminal()).then(|| ProgressLine::start(progress.clone()));
    let staging = match output::Staging::prepare(&target, &root, takeover) {
        Ok(staging) => staging,
        Err(error) => {
            drop(line);
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    if timings {
        eprintln!(" prepare: {:7.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    }
    let (site, mut warnings) = match build_into(&options, Some(&staging)) {
        Ok(built) => (built.output, built.warnings),
        Err(problems) => {
            staging.abandon();
            drop(line);
            return report(&problems);
        }
    };
    if options.base_url.is_none()
        && let Ok((config, _)) = trailmap::config::Config::load(&root)
    {
        warnings.extend(config.placeholder_warning());
    }
    let writing = Instant::now();
    progress.stage("writing", 0, "");
    let written = staging.finish(&site);
    drop(line);
    print_warnings(&warnings);
    let finished = match written {
        Ok(finished) => finished,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    if let Some(folder) = &finished.kept_in {
        let names: Vec<String> = finished.kept.iter().take(5).map(|p| p.display().to_string()).collect();
        eprintln!(
            "note: {} of your files made way for the site's and are now in {}: {}{}",
            finished.kept.len(),
            folder.display(),
            names.join(", "),
            if finished.kept.len() > names.len() { ", …" } else { "" }
        );
    }
    if timings {
        eprintln!("  finish: {:7.1} ms{}", writing.elapsed().as_secs_f64() * 1000.0, trailmap::memory());
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

/// The build's progress on one line of the terminal (stderr), redrawn a few times a second once
/// the build has taken more than a moment, and wiped when it ends.
struct ProgressLine {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    /// How long a build runs before it shows progress.
    const MOMENT: Duration = Duration::from_millis(300);
    const EVERY: Duration = Duration::from_millis(100);

    fn start(progress: Arc<Progress>) -> ProgressLine {
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::spawn(move || {
            let began = Instant::now();
            let mut shown = false;
            while !stopped.load(Ordering::Relaxed) {
                if began.elapsed() >= Self::MOMENT
                    && let Some(text) = progress.line()
                {
                    eprint!("\r\x1b[2K{text}");
                    shown = true;
                }
                std::thread::park_timeout(Self::EVERY);
            }
            if shown {
                eprint!("\r\x1b[2K");
            }
        });
        ProgressLine { stop, thread: Some(thread) }
    }
}

impl Drop for ProgressLine {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

fn report(problems: &[Diagnostic]) -> ExitCode {
    for problem in problems {
        eprintln!("{problem}");
    }
    let n = problems.iter().filter(|p| !p.is_warning()).count();
    let warnings = problems.len() - n;
    let also = match warnings {
        0 => String::new(),
        1 => " (and 1 warning)".to_string(),
        w => format!(" (and {w} warnings)"),
    };
    eprintln!("error: {n} problem{} found{also}; nothing was written", if n == 1 { "" } else { "s" });
    ExitCode::from(1)
}

/// Problems that did not stop the build (even with `--quiet`: they change what readers see).
fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
    match warnings.len() {
        0 => {}
        1 => eprintln!("warning: 1 thing worth fixing (`trailmap check --strict` makes it an error)"),
        n => eprintln!("warning: {n} things worth fixing (`trailmap check --strict` makes them errors)"),
    }
}

fn human_bytes(bytes: usize) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MiB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}
