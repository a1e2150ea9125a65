//! A build that stays in memory and is redone after edits: what `trailmap serve` runs.
//!
//! Rebuilds are incremental: files whose size, time and inode are unchanged are not read or
//! parsed again (see [`crate::load::LoadCache`]), maps are redrawn only when the tree or its
//! prerequisites changed, and pages whose inputs are unchanged are not rendered again (see
//! [`RenderCache`]). Links, back-links and checks are always recomputed
//! over the whole site, so a rebuild is never less strict than a build. A failed rebuild keeps
//! the last good output.

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::{BuildOptions, Caches, run};

/// What a rebuild changed in the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Output paths that are new or whose bytes changed.
    pub written: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
    /// Pages that went through the templates again (the rest were reused).
    pub pages_rendered: usize,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// The last good build of a site, kept in memory with the caches of its stages.
pub struct Session {
    options: BuildOptions,
    output: Output,
    /// What the last good build found worth fixing.
    warnings: Vec<Diagnostic>,
    caches: Caches,
}

impl Session {
    /// Builds the site for the first time.
    pub fn start(options: BuildOptions) -> Result<Session, Vec<Diagnostic>> {
        let mut caches = Caches { load: crate::load::LoadCache::remembering(), ..Caches::default() };
        let rendered = run(&options, &mut caches, true, None)?;
        Ok(Session { options, output: rendered.output, warnings: rendered.warnings, caches })
    }

    /// The last good output.
    pub fn output(&self) -> &Output {
        &self.output
    }

    /// What the last good build found worth fixing (it did not stop the build).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Rebuilds after files of the site changed. Every file in `changed` (paths inside the
    /// site's folder, or folders, or the folder itself for "anything") is read again; the others
    /// are recognised as unchanged by their size, time and inode. On error the last good output
    /// is kept.
    pub fn rebuild(&mut self, changed: &[std::path::PathBuf]) -> Result<Changes, Vec<Diagnostic>> {
        self.caches.load.forget(changed);
        let rendered = run(&self.options, &mut self.caches, true, None)?;
        let mut changes = diff(&self.output, &rendered.output);
        changes.pages_rendered = rendered.pages_rendered;
        self.output = rendered.output;
        self.warnings = rendered.warnings;
        Ok(changes)
    }

    /// Rebuilds after the files in `changed` changed, as [`rebuild`](Session::rebuild), trusting
    /// that no other file did: the others are taken from the cache without a look at them. For a
    /// watcher that names what changed (see [`stale_files`](Session::stale_files)).
    pub fn rebuild_changed(&mut self, changed: &[std::path::PathBuf]) -> Result<Changes, Vec<Diagnostic>> {
        self.caches.load.trust_next_load();
        self.rebuild(changed)
    }

    /// The pages of the files in `changed` (absolute paths), each as its output path and bytes,
    /// made at once when those edits changed the text of their pages and nothing that another
    /// page shows (see `crate::quick`); `None` when more may have changed. A quick page is what
    /// the rebuild will make of it, but the rebuild must still follow: other files (the print
    /// edition, the search index) show the text too, and [`output`](Session::output) is the
    /// last rebuild's until then.
    pub fn quick(&mut self, changed: &[std::path::PathBuf]) -> Option<Vec<(String, Vec<u8>)>> {
        let Caches { kept, editions, .. } = &mut self.caches;
        let maps = &editions.first()?.maps.as_ref()?.1;
        kept.as_mut()?.update(&self.options.root, maps, changed)
    }

    /// Makes ready what a [`quick`](Session::quick) update needs, so that the first one after a
    /// rebuild is quick too: for a moment when nothing waits.
    pub fn prepare_quick(&mut self) {
        let Caches { kept, editions, .. } = &mut self.caches;
        if let (Some(kept), Some((_, maps))) = (kept.as_mut(), editions.first().and_then(|e| e.maps.as_ref()))
        {
            kept.prepare(&self.options.root, maps);
        }
    }

    /// Source files that changed (or went) since the last build read them: what a rebuild
    /// trusting a watcher would have missed. A look at every file, for a safety net now and then.
    pub fn stale_files(&self) -> Vec<std::path::PathBuf> {
        self.caches.load.stale()
    }
}

/// The files that differ between two outputs.
pub fn diff(old: &Output, new: &Output) -> Changes {
    // A page kept from the last build is the same bytes, shared: no need to compare them.
    let same = |path: &str| match (old.shared(path), new.shared(path)) {
        (Some(a), Some(b)) => std::sync::Arc::ptr_eq(a, b) || a == b,
        _ => false,
    };
    let written = new.iter().filter(|(path, _)| !same(path)).map(|(p, _)| p.to_string()).collect();
    let removed = old.iter().filter(|(path, _)| !new.contains(path)).map(|(p, _)| p.to_string()).collect();
    Changes { written, removed, pages_rendered: 0 }
}
