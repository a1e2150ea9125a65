//! Times one incremental rebuild after a one-line edit: `cargo run --release --example
//! rebuild_timing -- SITE FILE` (set TRAILMAP_TIMINGS=1 for the time of each stage).
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(root), Some(file)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: rebuild_timing SITE FILE");
        std::process::exit(2);
    };
    let options = trailmap::BuildOptions { root: root.into(), ..trailmap::BuildOptions::default() };
    let started = Instant::now();
    let mut session = trailmap::session::Session::start(options).unwrap_or_else(|problems| {
        eprintln!("{}", problems[0]);
        std::process::exit(1)
    });
    println!("first build: {:.0} ms", started.elapsed().as_secs_f64() * 1000.0);
    for round in 0..std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(3) {
        let text = std::fs::read_to_string(file).expect("readable file");
        std::fs::write(file, format!("{text}\nEdit {round}.\n")).expect("writable file");
        let started = Instant::now();
        match session.rebuild(&[]) {
            Ok(changes) => println!(
                "rebuild: {:.0} ms, {} pages rendered, {} files changed",
                started.elapsed().as_secs_f64() * 1000.0,
                changes.pages_rendered,
                changes.written.len()
            ),
            Err(problems) => eprintln!("{}", problems[0]),
        }
    }
}
