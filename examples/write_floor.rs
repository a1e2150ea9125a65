//! The write-only floor of a clean build: the time to create the same folders and write the same
//! number of files of the same sizes as a built site, and nothing else (no reading, no
//! rendering). A clean build can only approach it.
//!
//! ```text
//! cargo run --release --example write_floor -- BUILT_SITE DEST [RUNS]
//! ```
//!
//! `BUILT_SITE` is a site trailmap built (its `public/`): its tree is listed once, untimed. Each
//! run deletes `DEST` (untimed), then writes the tree into it on every core, as trailmap does,
//! each file with one `write` of bytes made beforehand. Prints each run's milliseconds and the
//! median. `scripts/bench-floor.sh` runs it beside clean builds, interleaved.
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(site), Some(dest)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: write_floor BUILT_SITE DEST [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.get(3).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut files = Vec::new();
    let mut folders = Vec::new();
    list(Path::new(site), Path::new(""), &mut files, &mut folders);
    let largest = files.iter().map(|(_, len)| *len).max().unwrap_or(0);
    let bytes = vec![b'x'; largest];
    let total: usize = files.iter().map(|(_, len)| len).sum();
    let dest = Path::new(dest);
    let mut times = Vec::new();
    for _ in 0..runs {
        if dest.exists() {
            std::fs::remove_dir_all(dest).expect("DEST can be deleted");
        }
        let started = Instant::now();
        std::fs::create_dir_all(dest).expect("DEST can be made");
        // Folders first, parents before children (the listing is in pre-order).
        for folder in &folders {
            std::fs::create_dir(dest.join(folder)).expect("a folder");
        }
        files.par_iter().for_each(|(path, len)| {
            std::fs::write(dest.join(path), &bytes[..*len]).expect("a file");
        });
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        println!(
            "write floor: {ms:.1} ms ({} files, {} folders, {:.1} MB)",
            files.len(),
            folders.len(),
            total as f64 / 1e6
        );
        times.push(ms);
    }
    times.sort_by(f64::total_cmp);
    if runs > 1 {
        println!("median: {:.1} ms", times[times.len() / 2]);
    }
}

/// The files (with sizes) and folders below `dir`, relative to the top, in pre-order.
fn list(dir: &Path, rel: &Path, files: &mut Vec<(PathBuf, usize)>, folders: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> =
        std::fs::read_dir(dir).expect("a readable site").filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = rel.join(entry.file_name());
        let meta = entry.metadata().expect("metadata");
        if meta.is_dir() {
            folders.push(path.clone());
            list(&entry.path(), &path, files, folders);
        } else {
            files.push((path, meta.len() as usize));
        }
    }
}
