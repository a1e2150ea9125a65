//! What the preview images cost: `cargo run --release --example share_timing -- SITE`, on a
//! roadmap made by `cargo run --release --example synth -- SITE 100 100`.
//!
//! Draws every image of the site into memory with an empty cache, on one thread, and prints the
//! CPU time per skill card and per map image (each section's and the landing page's card,
//! `mindmap.png` and `mindmap.pdf`); then again from the cache. `scripts/bench-share.sh` times
//! whole builds (images off, cold, from the cache).
use std::time::Duration;

use trailmap::config::PreviewImages;
use trailmap::output::Output;

/// CPU time of this process (all threads), user and system.
fn cpu() -> Duration {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: share_timing SITE");
        std::process::exit(2);
    };
    let mut site = trailmap::load::load(root.as_ref(), false).unwrap_or_else(|problems| {
        eprintln!("{}", problems[0]);
        std::process::exit(1)
    });
    let skills = site.nodes.iter().filter(|n| n.kind == trailmap::site::NodeKind::Skill).count();
    let maps = 1 + site.root().children.len();
    // One thread: the figures are per core.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool");
    let theme = trailmap::theme::Theme::default();
    let strings = trailmap::strings::Strings::default();
    let mut run = |mode: PreviewImages, cache: &std::path::Path| {
        site.config.preview_images = mode;
        let started = cpu();
        let made =
            pool.install(|| trailmap::share::make(&site, cache, &theme, &strings, None, &mut Output::new()));
        let made = made.unwrap_or_else(|problems| panic!("{}", problems[0]));
        (cpu() - started, made)
    };
    let sections_cache = tempfile::tempdir().expect("a temporary folder");
    let all_cache = tempfile::tempdir().expect("a temporary folder");
    let (map_time, map_made) = run(PreviewImages::Sections, sections_cache.path());
    let (all_time, all_made) = run(PreviewImages::All, all_cache.path());
    let (warm_time, warm_made) = run(PreviewImages::All, all_cache.path());
    let card_time = all_time.saturating_sub(map_time);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("{skills} skills, {maps} maps (the landing page and each section)");
    println!(
        "map images: {} drawn in {:.0} ms: {:.1} ms of one core per image (card, PNG or PDF)",
        map_made.drawn,
        ms(map_time),
        ms(map_time) / map_made.drawn.max(1) as f64
    );
    println!(
        "skill cards: {} drawn in {:.0} ms: {:.2} ms of one core per card",
        all_made.drawn - map_made.drawn,
        ms(card_time),
        ms(card_time) / (all_made.drawn - map_made.drawn).max(1) as f64
    );
    println!(
        "from the cache: {} images in {:.0} ms ({} drawn)",
        warm_made.cached,
        ms(warm_time),
        warm_made.drawn
    );
}
