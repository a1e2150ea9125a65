//! The fonts every image is drawn with: Inter, built into the binary, so that a build never
//! looks at the system's fonts and draws the same pixels on every machine.
//!
//! The theme's web fonts are WOFF2, which neither `ttf-parser` nor `fontdb` reads; these are the
//! same family as OpenType (CFF) files (Inter 4.0 beta 7, SIL OFL 1.1, see `fonts/LICENSE`).
//! Characters Inter lacks (CJK, Arabic, Hebrew, emoji) are drawn as its `.notdef` glyph, an
//! empty box: an image never fails on a title, and nothing falls back to another font.

use std::sync::{Arc, OnceLock};

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

/// Options for `usvg` that know only the built-in fonts (for the maps, drawn from SVG).
pub(crate) fn svg_options() -> usvg::Options<'static> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    let fontdb = DATABASE.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(SEMIBOLD.to_vec());
        db.set_sans_serif_family(FAMILY);
        Arc::new(db)
    });
    usvg::Options { font_family: FAMILY.to_string(), fontdb: Arc::clone(fontdb), ..usvg::Options::default() }
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
        assert_eq!(svg_options().fontdb.len(), 2);
    }
}
