//! `trailmap import FILE`: turns an outline (Markdown or plain text, OPML, a FreeMind map) into
//! a site folder that builds at once: the top level are sections, the entries under them skills
//! and sub-skills, each a page with front matter and a stub to write into.
//!
//! The outline is read whole before anything is written, so a file that cannot be read leaves
//! no half-made site behind.

pub mod outline;
mod site;
pub mod text;
pub mod xml;

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::init::InitError;

pub use outline::{Item, Outline};
pub use site::{SiteFile, site_files};

/// Why an outline could not become a site.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The outline itself: unreadable, malformed, or without sections.
    #[error("{0}")]
    Outline(Box<Diagnostic>),
    #[error(transparent)]
    Site(#[from] InitError),
}

impl From<Diagnostic> for ImportError {
    fn from(problem: Diagnostic) -> Self {
        ImportError::Outline(Box::new(problem))
    }
}

/// What an import made.
#[derive(Debug)]
pub struct Imported {
    pub files: Vec<SiteFile>,
    pub sections: usize,
    pub skills: usize,
}

/// Reads the outline in `file`, by its extension: `.opml`, `.mm` (FreeMind, Freeplane), or
/// anything else as Markdown or plain text.
pub fn read_outline(file: &Path) -> Result<Outline, Diagnostic> {
    let source = crate::load::read_source(file, file.to_path_buf())?;
    let extension = file.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("opml") => xml::parse(&source, xml::Dialect::Opml),
        Some("mm") => xml::parse(&source, xml::Dialect::FreeMind),
        _ => text::parse(&source),
    }
}

/// Imports the outline in `file` into the new site folder `into` (which must not exist yet, or
/// be empty).
pub fn import(file: &Path, into: &Path) -> Result<Imported, ImportError> {
    crate::init::ensure_empty(into)?;
    let outline = read_outline(file)?;
    let fallback =
        file.file_stem().map_or_else(|| "Roadmap".to_string(), |s| s.to_string_lossy().into_owned());
    let origin = file.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let files =
        site_files(&outline, &fallback, &origin).map_err(|message| Diagnostic::file(file, message))?;
    crate::init::write_new_site(
        into,
        &files.iter().map(|f| (f.path.as_str(), f.text.as_str())).collect::<Vec<_>>(),
    )?;
    let sections = outline.items.len();
    fn count(items: &[Item]) -> usize {
        items.iter().map(|i| 1 + count(&i.children)).sum()
    }
    let skills = outline.items.iter().map(|s| count(&s.children)).sum();
    Ok(Imported { files, sections, skills })
}
