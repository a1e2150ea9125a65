//! A build that stays in memory and is redone after edits: what `trailmap serve` runs.
//!
//! The first build is a full one. Each rebuild re-runs the pipeline and reports which output
//! files changed, so the server can tell browsers what to reload; a failed rebuild keeps the
//! last good output.

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::{BuildOptions, build};

/// What a rebuild changed in the output.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// Output paths that are new or whose bytes changed.
    pub written: Vec<String>,
    /// Output paths that are gone.
    pub removed: Vec<String>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// The last good build of a site, kept in memory.
pub struct Session {
    options: BuildOptions,
    output: Output,
}

impl Session {
    /// Builds the site for the first time.
    pub fn start(options: BuildOptions) -> Result<Session, Vec<Diagnostic>> {
        let output = build(&options)?;
        Ok(Session { options, output })
    }

    /// The last good output.
    pub fn output(&self) -> &Output {
        &self.output
    }

    pub fn options(&self) -> &BuildOptions {
        &self.options
    }

    /// Rebuilds after the files at `changed` (paths inside the site's folder) were edited,
    /// created or removed. On error the last good output is kept.
    pub fn rebuild(&mut self, changed: &[std::path::PathBuf]) -> Result<Changes, Vec<Diagnostic>> {
        let _ = changed;
        let output = build(&self.options)?;
        let changes = diff(&self.output, &output);
        self.output = output;
        Ok(changes)
    }
}

/// The files that differ between two outputs.
pub fn diff(old: &Output, new: &Output) -> Changes {
    let written = new
        .iter()
        .filter(|(path, bytes)| old.get(path) != Some(*bytes))
        .map(|(p, _)| p.to_string())
        .collect();
    let removed = old.iter().filter(|(path, _)| !new.contains(path)).map(|(p, _)| p.to_string()).collect();
    Changes { written, removed }
}
