//! Watching a site's sources and turning bursts of file events into one rebuild.
//!
//! Only what a build reads is watched: `trailmap.toml` (through a non-recursive watch on the site
//! folder, which also sees the source folders appear and vanish) and `content/`, `static/`,
//! `themes/`, `templates/`, `i18n/` recursively. Never `public/` or, in this repository, `target/`.
//!
//! Editors save in several steps (vim renames the old file away and writes a new one; JetBrains
//! writes `x___jb_tmp___` and renames it over `x`), so events are gathered until the folder has
//! been quiet for [`QUIET`], and the rebuild then reads the files as they finally are. Events
//! about editors' temporary files neither start nor extend a burst.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

/// The folders of a site that a build reads.
pub(crate) const SOURCE_FOLDERS: [&str; 6] = ["content", "pages", "static", "themes", "templates", "i18n"];
const SETTINGS: &str = "trailmap.toml";

/// A burst ends after this long without a new relevant event. Editors finish a save within a
/// few milliseconds; waiting longer would only delay the reload.
pub(crate) const QUIET: Duration = Duration::from_millis(30);
/// A burst that never goes quiet (a `git checkout` of many files) is rebuilt after this long.
const LONGEST: Duration = Duration::from_millis(1000);

/// What wakes the rebuild loop.
pub(crate) enum Signal {
    Files(notify::Result<Event>),
    Stop,
}

/// The result of waiting for changes.
pub(crate) enum Burst {
    Changed(Changed),
    /// No change came within the time given.
    Idle,
    Stop,
}

/// The files a burst touched.
#[derive(Debug, Default)]
pub(crate) struct Changed {
    /// Absolute paths of the changed files and folders, inside the site's folder.
    pub paths: BTreeSet<PathBuf>,
    /// Source folders themselves created, removed or renamed: their watches must be renewed.
    pub folders: BTreeSet<PathBuf>,
    /// Events were lost (the kernel queue overflowed): everything must be read again.
    pub rescan: bool,
}

pub(crate) struct SiteWatcher {
    watcher: RecommendedWatcher,
    root: PathBuf,
}

impl SiteWatcher {
    /// Starts watching the site at `root` (canonical), sending every event to `signals`.
    pub(crate) fn start(root: &Path, signals: Sender<Signal>) -> notify::Result<SiteWatcher> {
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = signals.send(Signal::Files(event));
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut watcher = SiteWatcher { watcher, root: root.to_path_buf() };
        for folder in SOURCE_FOLDERS {
            watcher.renew(&root.join(folder));
        }
        Ok(watcher)
    }

    /// Watches `folder` afresh: after it was deleted and created again the old watch is gone.
    pub(crate) fn renew(&mut self, folder: &Path) {
        let _ = self.watcher.unwatch(folder);
        if folder.is_dir()
            && let Err(error) = self.watcher.watch(folder, RecursiveMode::Recursive)
        {
            let shown = folder.strip_prefix(&self.root).unwrap_or(folder);
            eprintln!("warning: cannot watch {}/: {error}; edits there need a restart", shown.display());
        }
    }
}

/// Waits for the next burst of relevant events (or the signal to stop), or for `idle` at most
/// when one is given.
pub(crate) fn next_burst(signals: &Receiver<Signal>, root: &Path, idle: Option<Duration>) -> Burst {
    let mut changed = Changed::default();
    let until = idle.map(|idle| Instant::now() + idle);
    loop {
        let signal = match until {
            None => signals.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(until) => signals.recv_timeout(until.saturating_duration_since(Instant::now())),
        };
        match signal {
            Ok(Signal::Files(event)) => {
                if changed.add(root, event) {
                    break;
                }
            }
            Err(RecvTimeoutError::Timeout) => return Burst::Idle,
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Burst::Stop,
        }
    }
    let started = Instant::now();
    let mut last = started;
    loop {
        let deadline = (last + QUIET).min(started + LONGEST);
        let Some(wait) = deadline.checked_duration_since(Instant::now()) else { break };
        match signals.recv_timeout(wait) {
            Ok(Signal::Files(event)) => {
                if changed.add(root, event) {
                    last = Instant::now();
                }
            }
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Burst::Stop,
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    Burst::Changed(changed)
}

impl Changed {
    /// Records an event; true when it concerns the site's sources.
    fn add(&mut self, root: &Path, event: notify::Result<Event>) -> bool {
        let event = match event {
            Ok(event) => event,
            Err(error) => {
                eprintln!("warning: file watching reported: {error}; reading every file again");
                self.rescan = true;
                return true;
            }
        };
        if event.need_rescan() {
            self.rescan = true;
            return true;
        }
        if !changes_files(&event.kind) {
            return false;
        }
        let mut relevant = false;
        for path in event.paths {
            let Some(rel) = path.strip_prefix(root).ok().filter(|rel| is_source(rel)) else { continue };
            if rel.components().count() == 1 && rel != Path::new(SETTINGS) {
                self.folders.insert(path.clone());
            }
            self.paths.insert(path);
            relevant = true;
        }
        relevant
    }
}

/// Reading a file (which every build does) is not a change; writing, creating, removing,
/// renaming and changing permissions are.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// `trailmap.toml`, or a file under a source folder that is not an editor's temporary file.
fn is_source(rel: &Path) -> bool {
    let mut parts = rel.components();
    let Some(Component::Normal(first)) = parts.next() else { return false };
    let in_folder = SOURCE_FOLDERS.iter().any(|folder| first == *folder);
    let is_settings = first == SETTINGS && parts.next().is_none();
    if !(in_folder || is_settings) {
        return false;
    }
    // Below the folder, every part of the path must be one a build reads.
    rel.components().skip(1).all(|part| part.as_os_str().to_str().is_none_or(crate::files::is_site_file))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, RenameMode};

    #[test]
    fn keeps_only_source_changes() {
        let root = Path::new("/site");
        let event = |kind, path: &str| Ok(Event::new(kind).add_path(root.join(path)));
        let write = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let create = EventKind::Create(CreateKind::Folder);
        let mut changed = Changed::default();
        assert!(changed.add(root, event(write, "content/a/b.md")));
        assert!(changed.add(root, event(rename, "trailmap.toml")));
        assert!(changed.add(root, event(create, "static")));
        assert!(!changed.add(root, event(read, "content/a/c.md")), "reads are not changes");
        assert!(!changed.add(root, event(write, "content/a/.b.md.swp")));
        assert!(!changed.add(root, event(write, "content/a/b.md___jb_tmp___")));
        assert!(!changed.add(root, event(write, "public/index.html")));
        assert!(!changed.add(root, event(write, "target/debug/x")));
        assert!(!changed.add(root, event(write, "trailmap.toml.bak/x")));
        let paths: Vec<_> = changed.paths.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(paths, ["/site/content/a/b.md", "/site/static", "/site/trailmap.toml"]);
        assert_eq!(changed.folders.iter().collect::<Vec<_>>(), [Path::new("/site/static")]);
    }

    #[test]
    fn a_burst_waits_for_quiet() {
        let (send, signals) = std::sync::mpsc::channel();
        let root = Path::new("/site");
        let write = || Signal::Files(Ok(Event::new(EventKind::Any).add_path(root.join("content/x.md"))));
        send.send(write()).unwrap();
        let sender = std::thread::spawn(move || {
            for _ in 0..3 {
                std::thread::sleep(QUIET / 3);
                send.send(write()).unwrap();
            }
            send
        });
        let started = Instant::now();
        let Burst::Changed(changed) = next_burst(&signals, root, None) else { panic!("stopped") };
        assert!(started.elapsed() >= QUIET, "the burst ends only after a quiet window");
        assert_eq!(changed.paths.len(), 1);
        // A slow machine may split the writes into more bursts; after them comes the stop.
        let send = sender.join().unwrap();
        send.send(Signal::Stop).unwrap();
        while let Burst::Changed(_) = next_burst(&signals, root, None) {}
    }
}
