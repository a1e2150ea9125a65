//! Abuses `trailmap serve` from a second process on loopback and prints what happened:
//!
//! ```text
//! cargo build --release && cargo run --release --example serve_abuse
//! cargo run --release --example serve_abuse -- --fd-limit 1024   # the open-file limit of a typical desktop
//! cargo run --release --example serve_abuse -- --quick            # a smaller run
//! ```
//!
//! It serves a copy of this repository's site (with secret files planted beside it; a symlink
//! leading to them would fail the build, see `tests/symlinks.rs`) and, all at once: 500 clients connected together that then send
//! 100,000 requests (one in ten a path-traversal attempt), 100 slow clients trickling their
//! request a byte at a time, every malformed and oversized request of `tests/abuse/mod.rs`,
//! 400 clients that vanish mid-answer, and 50 live-reload streams kept open across 5 rebuilds;
//! meanwhile one normal client measures its latency and the server's VmRSS is sampled. Every
//! loop is bounded: the run ends by itself. It exits with 1 when the server failed a promise.
//!
//! The server binary is `target/<profile>/trailmap` beside this example, or `--bin PATH`.

#[path = "../tests/abuse/mod.rs"]
mod abuse;

use std::path::PathBuf;
use std::time::Duration;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned();
    let quick = args.iter().any(|a| a == "--quick");
    let binary = value("--bin").map(PathBuf::from).unwrap_or_else(|| {
        let exe = std::env::current_exe().expect("the example's path");
        // target/<profile>/examples/serve_abuse -> target/<profile>/trailmap
        exe.parent()
            .and_then(|p| p.parent())
            .expect("inside target/")
            .join(format!("trailmap{}", std::env::consts::EXE_SUFFIX))
    });
    if !binary.is_file() {
        eprintln!(
            "no trailmap binary at {}: run `cargo build --release` first, or pass --bin PATH",
            binary.display()
        );
        std::process::exit(2);
    }
    let plan = abuse::Plan {
        concurrency: if quick { 100 } else { 500 },
        requests: if quick { 10_000 } else { 100_000 },
        slow_clients: if quick { 20 } else { 100 },
        trickle: Duration::from_millis(40),
        malformed_rounds: if quick { 2 } else { 10 },
        oversized: if quick { 256 * 1024 } else { 1024 * 1024 },
        vanishing: if quick { 100 } else { 400 },
        streams: if quick { 20 } else { 50 },
        rebuilds: if quick { 3 } else { 5 },
        fd_limit: value("--fd-limit").and_then(|v| v.parse().ok()),
    };
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let site = abuse::prepare(&repository, &["trailmap.toml", "content", "static", "themes", "templates"]);
    println!("serving a copy of {} with {}", repository.display(), binary.display());
    println!("{plan:?}");
    let mut server = abuse::Server::start(&binary, &site.root, plan.fd_limit);
    let report = abuse::run(&mut server, &site, &plan);
    report.print(&plan);

    let mut broken = Vec::new();
    if !report.alive_after {
        broken.push("the server no longer answers".to_string());
    }
    if !report.leaks.is_empty() {
        broken
            .push(format!("served from outside the site: {:?}", &report.leaks[..report.leaks.len().min(5)]));
    }
    if report.failed > 0 || report.normal_failed > 0 {
        broken.push(format!(
            "{} + {} requests failed: {:?}",
            report.failed, report.normal_failed, report.failures
        ));
    }
    if report.rebuilds_done < plan.rebuilds || report.stream_reloads.0 < plan.rebuilds {
        broken.push("a live-reload stream missed a rebuild".to_string());
    }
    if report.server_output.iter().any(|l| l.contains("panicked")) {
        broken.push("the server panicked".to_string());
    }
    if broken.is_empty() {
        println!("OK: the server kept every promise");
    } else {
        for problem in &broken {
            println!("FAILED: {problem}");
        }
        println!("server output (last 20 lines):");
        for line in report.server_output.iter().rev().take(20).rev() {
            println!("  {line}");
        }
        std::process::exit(1);
    }
}
