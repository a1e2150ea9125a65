//! How far a build has got, for the progress line `trailmap build` shows on a terminal when a
//! build takes more than a moment. The stages update it from any thread; the display reads it.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The stage a build is in and, where it counts things, how many of how many are done.
#[derive(Debug, Default)]
pub struct Progress {
    stage: Mutex<Option<(&'static str, &'static str)>>,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// Enters a stage (`"rendering"`) that counts `total` things (`"pages"`); 0 counts nothing.
    pub fn stage(&self, stage: &'static str, total: usize, things: &'static str) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        *self.stage.lock().unwrap_or_else(|e| e.into_inner()) = Some((stage, things));
    }

    /// One more thing of the stage done.
    pub fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// The line to show: `rendering: 5,321 of 10,104 pages`, or `None` before the first stage.
    pub fn line(&self) -> Option<String> {
        let (stage, things) = (*self.stage.lock().unwrap_or_else(|e| e.into_inner()))?;
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return Some(format!("{stage}…"));
        }
        let done = self.done.load(Ordering::Relaxed).min(total);
        Some(format!("{stage}: {} of {} {things}", grouped(done), grouped(total)))
    }
}

/// `12345` as `12,345`.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_the_stage_and_its_count() {
        let progress = Progress::default();
        assert_eq!(progress.line(), None);
        progress.stage("loading", 12_345, "files");
        for _ in 0..1_001 {
            progress.tick();
        }
        assert_eq!(progress.line().as_deref(), Some("loading: 1,001 of 12,345 files"));
        progress.stage("resolving links", 0, "");
        assert_eq!(progress.line().as_deref(), Some("resolving links…"));
    }

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_000), "1,000");
        assert_eq!(grouped(100_000), "100,000");
        assert_eq!(grouped(1_234_567), "1,234,567");
    }
}
