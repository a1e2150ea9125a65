//! The fonts every image is drawn with: Inter, built into the binary, so that a build never
//! looks at the system's fonts and draws the same pixels on every machine.
//!
//! The theme's web fonts are WOFF2, which neither `ttf-parser` nor `fontdb` reads; these are the
//! same family as OpenType (CFF) files (Inter 4.0 beta 7, SIL OFL 1.1, see `fonts/LICENSE`).
//! Characters Inter lacks (CJK, Arabic, Hebrew, emoji) are drawn with the fonts of the site's
//! own `fonts/` folder (its [`Fallbacks`]: the site chooses them, so images stay the same on
//! every machine), shaped and ordered for their script; a character no font has is drawn as an
//! empty box (`MISSING`): an image never fails on a title.

use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use resvg::usvg;

/// Inter, weight 400.
pub(crate) const REGULAR: &[u8] = include_bytes!("fonts/Inter-Regular.otf");
/// Inter, weight 600.
pub(crate) const SEMIBOLD: &[u8] = include_bytes!("fonts/Inter-SemiBold.otf");

/// The family name both files declare, as the SVGs we draw name it.
pub(crate) const FAMILY: &str = "Inter";

/// The two faces, parsed once.
pub(crate) struct Faces {
    pub(crate) regular: ttf_parser::Face<'static>,
    pub(crate) semibold: ttf_parser::Face<'static>,
}

/// The faces for our own text layout (the skill cards).
pub(crate) fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        // The files are ours and are checked by a test: a failure here is a broken build.
        regular: ttf_parser::Face::parse(REGULAR, 0).expect("the built-in Inter Regular parses"),
        semibold: ttf_parser::Face::parse(SEMIBOLD, 0).expect("the built-in Inter SemiBold parses"),
    })
}

/// The site's own fonts (`fonts/*.ttf`, `.otf`), used where Inter has no glyph, in the order of
/// their file names.
pub(crate) struct Fallbacks {
    /// Each font's bytes, kept for the life of the program (a build loads them once).
    pub(crate) fonts: Vec<&'static [u8]>,
    pub(crate) faces: Vec<ttf_parser::Face<'static>>,
    /// What the cache's keys take from the fonts: a new font draws every image again (0 for
    /// none, which leaves the keys as they were).
    pub(crate) key: u64,
    /// The site they are the fonts of.
    pub(crate) root: std::path::PathBuf,
}

impl Fallbacks {
    pub(crate) fn none() -> Fallbacks {
        Fallbacks { fonts: Vec::new(), faces: Vec::new(), key: 0, root: std::path::PathBuf::new() }
    }

    /// The fonts of `root`'s `fonts/` folder; a file that is no font is an error at its name.
    pub(crate) fn of_site(root: &Path) -> Result<Fallbacks, crate::diagnostics::Diagnostic> {
        let dir = root.join("fonts");
        let Ok(read) = std::fs::read_dir(&dir) else {
            return Ok(Fallbacks { root: root.to_path_buf(), ..Fallbacks::none() });
        };
        let mut files: Vec<std::path::PathBuf> = read
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let extension = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
                matches!(extension.as_deref(), Some("ttf" | "otf"))
            })
            .collect();
        files.sort();
        let mut fallbacks = Fallbacks { root: root.to_path_buf(), ..Fallbacks::none() };
        // Stable across runs, machines and Rust versions, as the cache's keys must be.
        let mut hasher = siphasher::sip::SipHasher13::new();
        for file in files {
            let shown = Path::new("fonts").join(file.file_name().unwrap_or_default());
            let bytes = std::fs::read(&file).map_err(|error| {
                crate::diagnostics::Diagnostic::file(&shown, format!("cannot read the font: {error}"))
            })?;
            std::hash::Hash::hash(&bytes, &mut hasher);
            // Leaked on purpose: a build draws every image with them, then ends.
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            let face = ttf_parser::Face::parse(bytes, 0).map_err(|error| {
                crate::diagnostics::Diagnostic::file(&shown, format!("not a font trailmap can read: {error}"))
                    .with_hint("preview images take TrueType or OpenType fonts (.ttf, .otf)")
            })?;
            fallbacks.fonts.push(bytes);
            fallbacks.faces.push(face);
        }
        if !fallbacks.fonts.is_empty() {
            fallbacks.key = std::hash::Hasher::finish(&hasher).max(1);
        }
        Ok(fallbacks)
    }
}

/// The fallbacks images are drawn with now (none until a build sets the site's).
pub(crate) fn fallbacks() -> Arc<Fallbacks> {
    CURRENT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get_or_insert_with(|| Arc::new(Fallbacks::none()))
        .clone()
}

/// Draws the images of this build with the fonts of the site at `root` (read once per site).
pub(crate) fn use_site_fonts(root: &Path) -> Result<(), crate::diagnostics::Diagnostic> {
    let mut current = CURRENT.lock().unwrap_or_else(|e| e.into_inner());
    if current.as_ref().is_some_and(|f| f.root == root) {
        return Ok(());
    }
    *current = Some(Arc::new(Fallbacks::of_site(root)?));
    Ok(())
}

static CURRENT: Mutex<Option<Arc<Fallbacks>>> = Mutex::new(None);

/// Options for `usvg` that know the built-in fonts and the site's fallbacks (for the maps and
/// cards drawn from SVG: usvg shapes each script and falls back font by font).
pub(crate) fn svg_options() -> usvg::Options<'static> {
    static DATABASES: Mutex<Vec<(u64, Arc<usvg::fontdb::Database>)>> = Mutex::new(Vec::new());
    let fallbacks = fallbacks();
    let mut databases = DATABASES.lock().unwrap_or_else(|e| e.into_inner());
    let fontdb = match databases.iter().find(|(key, _)| *key == fallbacks.key) {
        Some((_, db)) => Arc::clone(db),
        None => {
            let mut db = usvg::fontdb::Database::new();
            db.load_font_data(REGULAR.to_vec());
            db.load_font_data(SEMIBOLD.to_vec());
            for font in &fallbacks.fonts {
                db.load_font_data(font.to_vec());
            }
            db.set_sans_serif_family(FAMILY);
            let db = Arc::new(db);
            databases.push((fallbacks.key, Arc::clone(&db)));
            db
        }
    };
    usvg::Options { font_family: FAMILY.to_string(), fontdb, ..usvg::Options::default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_parse_and_cover_latin_greek_and_cyrillic() {
        let faces = faces();
        for face in [&faces.regular, &faces.semibold] {
            for c in ['A', 'é', 'ß', 'Ω', 'Ж', '…', '·', super::super::card::MISSING] {
                assert!(face.glyph_index(c).is_some(), "{c}");
            }
            assert!(face.glyph_index('漢').is_none(), "CJK is not in Inter: it shows as .notdef");
        }
        assert!(svg_options().fontdb.len() >= 2);
    }
}
