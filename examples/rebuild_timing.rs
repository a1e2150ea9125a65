//! Times one incremental rebuild after a one-line edit: `cargo run --release --example
//! rebuild_timing -- SITE FILE` (set TRAILMAP_TIMINGS=1 for the time of each stage).
//!
//! Each rebuild is told the edited file, as `serve`'s watcher tells it, and trusts that no other
//! file changed; with `LOOK_AT_ALL=1` it looks at every file instead (what a rebuild without a
//! watcher does). Besides the wall time it prints the CPU time the process spent (all threads),
//! which a busy machine disturbs far less. `ROUNDS` sets the number of edits (default 3).
//!
//! Before each rebuild it times the quick update `serve` makes first (the edited page alone,
//! see `Session::quick`), when the edit allows one.
use std::time::Instant;

/// The user and system CPU time of this process so far, in milliseconds.
fn cpu_ms() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage = std::mem::zeroed::<libc::rusage>();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1000.0 + t.tv_usec as f64 / 1000.0;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

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
        let cpu = cpu_ms();
        if let Some(pages) = session.quick(&[file.into()]) {
            println!(
                "quick: {:.1} ms, cpu {:.1} ms, {} page{} at once",
                started.elapsed().as_secs_f64() * 1000.0,
                cpu_ms() - cpu,
                pages.len(),
                if pages.len() == 1 { "" } else { "s" }
            );
        }
        let started = Instant::now();
        let cpu = cpu_ms();
        let rebuilt = if std::env::var_os("LOOK_AT_ALL").is_some() {
            session.rebuild(&[])
        } else {
            session.rebuild_changed(&[file.into()])
        };
        match rebuilt {
            Ok(changes) => println!(
                "rebuild: {:.1} ms, cpu {:.1} ms, {} pages rendered, {} files changed",
                started.elapsed().as_secs_f64() * 1000.0,
                cpu_ms() - cpu,
                changes.pages_rendered,
                changes.written.len()
            ),
            Err(problems) => eprintln!("{}", problems[0]),
        }
        // What `serve` does while it waits for the next edit.
        session.prepare_quick();
    }
}
