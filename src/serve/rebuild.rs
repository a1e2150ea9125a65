//! One rebuild after a burst of edits: run the [`Session`], put the changed files in place,
//! then (only then) tell the open tabs; or keep the last good site and show the problems.
//!
//! An edit to the text of pages that changes nothing other pages show is quicker: those pages
//! are rendered alone and shown at once ([`Session::quick`]), and the rebuild of the whole site
//! is owed until no edit has come for [`CATCH_UP`], or for [`LONGEST_OWED`] at most (the serve
//! loop calls [`Rebuilder::catch_up`]). On a roadmap of 10,000 skills that is a millisecond instead of a
//! few hundred.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLockWriteGuard};
use std::time::{Duration, Instant};

use crate::BuildOptions;
use crate::diagnostics::Diagnostic;
use crate::session::{Changes, Session};

use super::http::Shared;
use super::served::{ServedSite, Update};
use super::watch::Changed;

/// How often at most the safety net looks at every source file after a rebuild (see
/// [`Rebuilder::after`]).
const SAFETY_NET: Duration = Duration::from_secs(5);

/// After a quick update, the owed rebuild waits for this long without an edit, so that an author
/// saving again and again sees each save at once.
const CATCH_UP: Duration = Duration::from_millis(150);
/// Edits that never pause (an editor saving as one types) still get the rest of the site
/// rebuilt this often.
const LONGEST_OWED: Duration = Duration::from_secs(2);

pub(crate) struct Rebuilder {
    options: BuildOptions,
    /// `None` until the site has built once.
    session: Option<Session>,
    shared: Arc<Shared>,
    /// When every source file was last compared with what the session read.
    last_look: Instant,
    /// Files whose pages a quick update showed, and that the session has not rebuilt since.
    owed: BTreeSet<PathBuf>,
    /// When the first of them was shown.
    owed_since: Instant,
    /// The pages quick updates put in place since the last rebuild, with their bytes: the
    /// rebuild does not announce them again when it makes the same.
    quick_pages: HashMap<String, Vec<u8>>,
}

impl Rebuilder {
    pub(crate) fn new(options: BuildOptions, shared: Arc<Shared>) -> Rebuilder {
        Rebuilder {
            options,
            session: None,
            shared,
            last_look: Instant::now(),
            owed: BTreeSet::new(),
            owed_since: Instant::now(),
            quick_pages: HashMap::new(),
        }
    }

    fn root(&self) -> &Path {
        &self.options.root
    }

    fn site(&self) -> RwLockWriteGuard<'_, ServedSite> {
        self.shared.site.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The first build. A failure is reported and served as an error page until it is fixed.
    pub(crate) fn first(&mut self) {
        let started = Instant::now();
        match Session::start(self.options.clone()) {
            Ok(session) => {
                let output = session.output();
                warn(session.warnings());
                let update = Update::all(output);
                let mut site = self.site();
                site.apply(update);
                drop(site);
                println!(
                    "Built {} pages ({} files) in {} ms",
                    output.pages(),
                    output.len(),
                    started.elapsed().as_millis()
                );
                self.session = Some(session);
                self.prepare_quick();
            }
            Err(problems) => {
                report(&problems, "the site does not build yet; the browser shows an error page");
                self.site().fail(problems);
            }
        }
    }

    /// Rebuilds after `changed`, then notifies the tabs. The rebuild trusts the watcher: only
    /// the files it named are read again (a look at every file of a big roadmap would cost more
    /// than the rest of the rebuild). Then, at most every [`SAFETY_NET`] and after the tabs
    /// were told, every file is compared with what was read, and what the watcher missed is
    /// rebuilt too. A quick update, when the edits allow one, comes instead, and the rebuild is
    /// then owed (see [`catch_up`](Rebuilder::catch_up)).
    pub(crate) fn after(&mut self, changed: &Changed) {
        if self.quick(changed) {
            return;
        }
        let mut changed = Changed {
            paths: changed.paths.clone(),
            folders: changed.folders.clone(),
            rescan: changed.rescan,
        };
        changed.paths.append(&mut self.owed);
        self.rebuild(&changed);
        self.safety_net();
    }

    /// How long to wait for the next edit before [`catch_up`](Rebuilder::catch_up), when a
    /// quick update left the rebuild of the whole site to do.
    pub(crate) fn catch_up_in(&self) -> Option<Duration> {
        let longest = LONGEST_OWED.saturating_sub(self.owed_since.elapsed());
        (!self.owed.is_empty()).then(|| CATCH_UP.min(longest))
    }

    /// The rebuild that quick updates left to do, once no edit came for [`CATCH_UP`]; the
    /// safety net looks first, so that what it finds joins this rebuild (the next edit then
    /// finds nothing running).
    pub(crate) fn catch_up(&mut self) {
        let mut paths = std::mem::take(&mut self.owed);
        paths.extend(self.missed());
        self.rebuild(&Changed { paths, ..Changed::default() });
        self.prepare_quick();
    }

    /// After the tabs were told: what the watcher missed is rebuilt too.
    fn safety_net(&mut self) {
        let missed = self.missed();
        if !missed.is_empty() {
            self.rebuild(&Changed { paths: missed.into_iter().collect(), ..Changed::default() });
        }
    }

    /// At most every [`SAFETY_NET`]: the files that are not what the session read.
    fn missed(&mut self) -> Vec<PathBuf> {
        match &self.session {
            Some(session) if self.last_look.elapsed() >= SAFETY_NET => {
                self.last_look = Instant::now();
                session.stale_files()
            }
            _ => Vec::new(),
        }
    }

    fn prepare_quick(&mut self) {
        if let Some(session) = &mut self.session {
            session.prepare_quick();
        }
    }

    /// Shows the pages of `changed` at once when the edits changed only their text (see
    /// [`Session::quick`]); false when the site must be rebuilt first.
    fn quick(&mut self, changed: &Changed) -> bool {
        if changed.rescan || !changed.folders.is_empty() || self.site().problems().is_some() {
            return false;
        }
        let started = Instant::now();
        let paths: Vec<PathBuf> = changed.paths.iter().cloned().collect();
        let Some(pages) = self.session.as_mut().and_then(|session| session.quick(&paths)) else {
            return false;
        };
        let changes =
            Changes { written: pages.iter().map(|(path, _)| path.clone()).collect(), ..Changes::default() };
        let update = Update::pages(&pages);
        let mut site = self.site();
        site.apply(update);
        let generation = site.generation();
        drop(site);
        self.shared.hub.rebuilt(generation, &changes, false);
        let what = describe(self.root(), &paths);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let whose = if pages.len() == 1 { "its page" } else { "their pages" };
        println!("{what} changed; {whose} updated in {ms:.1} ms, the rest follows");
        self.quick_pages.extend(pages);
        if self.owed.is_empty() {
            self.owed_since = started;
        }
        self.owed.extend(paths);
        true
    }

    fn rebuild(&mut self, changed: &Changed) {
        let started = Instant::now();
        let mut paths: Vec<PathBuf> = changed.paths.iter().cloned().collect();
        if changed.rescan {
            // Events were lost: the site's folder itself stands for "anything may have changed".
            paths.push(self.root().to_path_buf());
        }
        let what = describe(self.root(), &paths);
        let result = match &mut self.session {
            Some(session) if changed.rescan => session.rebuild(&paths).map(|changes| (changes, false)),
            Some(session) => session.rebuild_changed(&paths).map(|changes| (changes, false)),
            None => Session::start(self.options.clone()).map(|session| {
                self.session = Some(session);
                (Changes::default(), true)
            }),
        };
        let (changes, fresh) = match result {
            Ok(done) => done,
            Err(problems) => {
                eprintln!("{what} changed; the build failed:");
                report(&problems, "still serving the last good build; the browser shows the problems too");
                self.site().fail(problems.clone());
                self.shared.hub.failed(&problems);
                return;
            }
        };
        // Set just above when the build succeeded.
        let Some(session) = self.session.as_ref() else { return };
        let output = session.output();
        warn(session.warnings());
        // The pages quick updates showed are served already: when the rebuild made the same
        // bytes, no tab needs to hear of them again.
        let mut changes = changes;
        let quick_pages = std::mem::take(&mut self.quick_pages);
        changes.written.retain(|path| quick_pages.get(path).map(Vec::as_slice) != output.get(path));
        // Made ready while requests are still answered from the old site.
        let update = if fresh { Update::all(output) } else { Update::changed(output, &changes) };
        let mut site = self.site();
        let recovered = fresh || site.problems().is_some();
        site.apply(update);
        let generation = site.generation();
        drop(site);
        // The new files are served from here on: only now may the tabs reload.
        self.shared.hub.rebuilt(generation, &changes, recovered);
        let ms = started.elapsed().as_millis();
        if fresh {
            println!("{what} changed; built {} pages in {ms} ms", output.pages());
        } else if changes.is_empty() && !recovered {
            println!("{what} changed; rebuilt in {ms} ms, no page changed");
        } else {
            println!(
                "{what} changed; rebuilt in {ms} ms ({} pages rendered): {} updated, {} removed{}",
                changes.pages_rendered,
                files(changes.written.len()),
                changes.removed.len(),
                if recovered { " (the problems are fixed)" } else { "" }
            );
        }
    }
}

/// Problems that did not stop the build, shown after every build that has them.
fn warn(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn files(n: usize) -> String {
    format!("{n} file{}", if n == 1 { "" } else { "s" })
}

/// `content/a.md`, or `content/a.md and 3 more`, relative to the site.
fn describe(root: &Path, paths: &[PathBuf]) -> String {
    let shown = |p: &PathBuf| {
        p.strip_prefix(root).map_or_else(|_| p.display().to_string(), |r| r.display().to_string())
    };
    match paths {
        [] => "nothing".to_string(),
        [one] => shown(one),
        [first, rest @ ..] => format!("{} and {} more", shown(first), rest.len()),
    }
}

fn report(problems: &[Diagnostic], what_now: &str) {
    for problem in problems {
        eprintln!("{problem}");
    }
    let n = problems.len();
    eprintln!("error: {n} problem{}; {what_now}", if n == 1 { "" } else { "s" });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::hosts::Hosts;

    #[test]
    fn the_owed_rebuild_waits_for_a_pause_but_not_forever() {
        let hosts = Hosts::new([127, 0, 0, 1].into(), 1111, &[]);
        let mut rebuilder = Rebuilder::new(BuildOptions::default(), Arc::new(Shared::new(hosts)));
        assert_eq!(rebuilder.catch_up_in(), None, "nothing owed, nothing to wait for");
        rebuilder.owed.insert(PathBuf::from("content/a.md"));
        rebuilder.owed_since = Instant::now();
        let wait = rebuilder.catch_up_in().expect("a rebuild is owed");
        assert!(wait > Duration::ZERO && wait <= CATCH_UP, "{wait:?}: it waits for a pause");
        // Edits that never paused since the first quick update.
        rebuilder.owed_since = Instant::now() - LONGEST_OWED;
        assert_eq!(rebuilder.catch_up_in(), Some(Duration::ZERO), "it waits no longer");
    }
}
