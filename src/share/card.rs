//! A skill's preview card, drawn without an SVG step: a 10,000-skill roadmap has 10,000 of them,
//! so each costs a copy of one shared background, a few hundred cached glyph masks blended in
//! place, and a fast PNG encoding.
//!
//! Text Inter covers is laid out with Inter's own advance widths (no kerning: the cards carry
//! short titles and a summary). Text in a script Inter lacks is drawn with the site's fallback
//! fonts (see [`super::fonts::Fallbacks`]), shaped by rustybuzz (Arabic letters join, marks
//! attach) and put in reading order by the Unicode bidirectional algorithm, a right-to-left
//! paragraph aligned to the right. Each glyph is rasterized once per thread, font, weight and
//! size, at a whole-pixel position.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use resvg::tiny_skia::{FillRule, Paint, PathBuilder, Pixmap, Transform};

use super::fonts::{Faces, Fallbacks, faces, fallbacks};
use super::png::{Rgb, encode_rgb};
use crate::mindmap::{HUES, PALETTE};

/// The size of every preview image, as Open Graph and Twitter's large cards want it.
pub const WIDTH: u32 = 1200;
/// See [`WIDTH`].
pub const HEIGHT: u32 = 630;

/// Where text starts, and the space kept free on the right.
const MARGIN: i32 = 80;
/// Height of the band in the section's colour along the top.
const BAND: u32 = 14;

/// The theme's colours (its light scheme, `style.css`).
pub(crate) const BACKGROUND: Rgb = Rgb(0xff, 0xff, 0xff);
pub(crate) const INK: Rgb = Rgb(0x17, 0x1b, 0x21);
pub(crate) const MUTED: Rgb = Rgb(0x4f, 0x59, 0x66);
/// The section colours: the map's outlines in its light scheme (`mindmap`'s `PALETTE`, the
/// theme's `--sec-0` … `--sec-6`), so that a section has one colour on the site and on its cards.
pub(crate) const SECTION_COLOURS: [Rgb; HUES] = {
    let mut colours = [Rgb(0, 0, 0); HUES];
    let mut i = 0;
    while i < HUES {
        colours[i] = hex(PALETTE[i].light.stroke);
        i += 1;
    }
    colours
};

/// A section's colour, by its place among the roadmap's sections.
pub(crate) fn section_colour(section_index: usize) -> Rgb {
    SECTION_COLOURS[section_index % HUES]
}

/// `#rrggbb` as a colour (at compile time: a malformed palette entry fails the build).
pub(crate) const fn hex(text: &str) -> Rgb {
    const fn digit(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => panic!("not a hex digit"),
        }
    }
    let b = text.as_bytes();
    assert!(b.len() == 7 && b[0] == b'#', "not a #rrggbb colour");
    Rgb(digit(b[1]) * 16 + digit(b[2]), digit(b[3]) * 16 + digit(b[4]), digit(b[5]) * 16 + digit(b[6]))
}

/// What a skill's card shows.
#[derive(Debug, Clone, Hash)]
pub struct SkillCard<'a> {
    pub site: &'a str,
    pub section: &'a str,
    /// The section's place among the roadmap's sections (its colour).
    pub section_index: usize,
    pub title: &'a str,
    /// "Core", "Optional" or "Alternative".
    pub level: &'a str,
    pub summary: &'a str,
    /// Where the roadmap lives, shown at the bottom (`base_url` without its scheme).
    pub address: &'a str,
}

/// Draws a skill's card as a PNG.
pub fn skill_card(card: &SkillCard<'_>) -> Vec<u8> {
    let colour = section_colour(card.section_index);
    let mut canvas = background(card.section_index % HUES);
    let fonts = faces();
    let width = WIDTH as i32 - 2 * MARGIN;
    let mut y = 104;
    y = canvas.paragraph(fonts, Weight::SemiBold, 28, card.site, MUTED, y, width, 1, 0);
    let kicker = format!("{} \u{b7} {}", card.section, card.level);
    y = canvas.paragraph(fonts, Weight::SemiBold, 30, &kicker, colour, y + 50, width, 1, 0);
    y = canvas.paragraph(fonts, Weight::SemiBold, 64, card.title, INK, y + 86, width, 2, 78);
    canvas.paragraph(fonts, Weight::Regular, 32, card.summary, MUTED, y + 62, width, 3, 44);
    canvas.paragraph(fonts, Weight::Regular, 24, card.address, MUTED, HEIGHT as i32 - 48, width, 1, 0);
    encode_rgb(WIDTH, HEIGHT, &canvas.pixels)
}

/// The card without its text: white with a band in the section's colour, made once per colour.
fn background(hue: usize) -> Canvas {
    thread_local! {
        static BACKGROUNDS: RefCell<HashMap<usize, Rc<Vec<u8>>>> = RefCell::new(HashMap::new());
    }
    let pixels = BACKGROUNDS.with(|cache| {
        Rc::clone(cache.borrow_mut().entry(hue).or_insert_with(|| {
            let mut pixels = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
            let band = SECTION_COLOURS[hue];
            for y in 0..HEIGHT {
                let Rgb(r, g, b) = if y < BAND { band } else { BACKGROUND };
                for _ in 0..WIDTH {
                    pixels.extend_from_slice(&[r, g, b]);
                }
            }
            Rc::new(pixels)
        }))
    });
    Canvas { pixels: pixels.as_ref().clone() }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Weight {
    Regular,
    SemiBold,
}

/// An RGB image the size of a card.
struct Canvas {
    pixels: Vec<u8>,
}

impl Canvas {
    /// Writes `text` from the baseline `y` down, wrapped to `width` in at most `max_lines`
    /// lines `line_height` apart (the last one cut with an ellipsis); returns the last line's
    /// baseline.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        fonts: &Faces,
        weight: Weight,
        size: u16,
        text: &str,
        colour: Rgb,
        y: i32,
        width: i32,
        max_lines: usize,
        line_height: i32,
    ) -> i32 {
        let face = match weight {
            Weight::Regular => &fonts.regular,
            Weight::SemiBold => &fonts.semibold,
        };
        let fallbacks = fallbacks();
        let scale = f32::from(size) / f32::from(face.units_per_em());
        let (glyphs, rtl) = shape(text, face, &fallbacks, size);
        let lines = wrap(&glyphs, width as f32, max_lines, || {
            let id = face.glyph_index('\u{2026}').unwrap_or(ttf_parser::GlyphId(0));
            let advance = f32::from(face.glyph_hor_advance(id).unwrap_or(0)) * scale;
            Glyph { id, advance, space: false, font: 0, level: u8::from(rtl) }
        });
        let mut baseline = y;
        for (i, line) in lines.iter().enumerate() {
            baseline = y + i as i32 * line_height;
            let line = visual_order(line.clone());
            let used: f32 = line.iter().map(|g| g.advance).sum();
            let mut x = if rtl { MARGIN as f32 + width as f32 - used } else { MARGIN as f32 };
            for glyph in &line {
                let mask = match glyph.font {
                    0 => glyph_mask(face, FontKey::Inter(weight), size, glyph.id),
                    n => glyph_mask(
                        &fallbacks.faces[usize::from(n) - 1],
                        FontKey::Fallback(n, fallbacks.key),
                        size,
                        glyph.id,
                    ),
                };
                self.blend(&mask, x.round() as i32, baseline, colour);
                x += glyph.advance;
            }
        }
        baseline
    }

    /// Blends a glyph's coverage in `colour` with its origin at (`x`, `baseline`).
    fn blend(&mut self, mask: &GlyphMask, x: i32, baseline: i32, colour: Rgb) {
        let Rgb(r, g, b) = colour;
        for row in 0..mask.height {
            let py = baseline + mask.top + row;
            if !(0..HEIGHT as i32).contains(&py) {
                continue;
            }
            for column in 0..mask.width {
                let px = x + mask.left + column;
                let coverage = u32::from(mask.coverage[(row * mask.width + column) as usize]);
                if coverage == 0 || !(0..WIDTH as i32).contains(&px) {
                    continue;
                }
                let at = ((py as u32 * WIDTH + px as u32) * 3) as usize;
                let mix = |dst: u8, src: u8| {
                    ((u32::from(src) * coverage + u32::from(dst) * (255 - coverage) + 127) / 255) as u8
                };
                self.pixels[at] = mix(self.pixels[at], r);
                self.pixels[at + 1] = mix(self.pixels[at + 1], g);
                self.pixels[at + 2] = mix(self.pixels[at + 2], b);
            }
        }
    }
}

/// What a character Inter lacks is drawn as, in every image and in the PDF's text: a white
/// square, one per character.
pub(crate) const MISSING: char = '\u{25a1}';

/// Characters that draw nothing: controls, zero-width marks, direction marks, variation
/// selectors. Left out rather than shown as boxes.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}')
}

/// A glyph placed in a line, in reading (logical) order until [`visual_order`].
#[derive(Debug, Clone, Copy, PartialEq)]
struct Glyph {
    id: ttf_parser::GlyphId,
    advance: f32,
    /// A space: lines break there, and never start or end with one.
    space: bool,
    /// 0 for Inter, else 1 + the fallback font's place.
    font: u8,
    /// Its bidirectional embedding level: odd is right to left.
    level: u8,
}

/// Which font a glyph mask was drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Inter(Weight),
    /// A fallback font by its place, with the key of the fonts it is one of.
    Fallback(u8, u64),
}

/// The glyphs of `text` in reading order, and whether it is a right-to-left paragraph. What
/// Inter covers keeps Inter's advances (the same pixels as ever); each run of characters Inter
/// lacks is shaped with the first fallback font that has them all, or else drawn as boxes.
fn shape(text: &str, inter: &ttf_parser::Face<'_>, fallbacks: &Fallbacks, size: u16) -> (Vec<Glyph>, bool) {
    let text: String =
        text.chars().filter(|&c| !is_invisible(c)).map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let bidi = unicode_bidi::BidiInfo::new(&text, None);
    let rtl = bidi.paragraphs.first().is_some_and(|p| p.level.is_rtl());
    let level_at = |byte: usize| bidi.levels.get(byte).map_or(0, |l| l.number());
    let inter_scale = f32::from(size) / f32::from(inter.units_per_em());
    // Each character's font: Inter where it has the glyph (and for spaces), else a fallback.
    let font_of = |c: char| -> u8 {
        if c == ' ' || inter.glyph_index(c).is_some() {
            return 0;
        }
        fallbacks.faces.iter().position(|f| f.glyph_index(c).is_some()).map_or(0, |i| (i + 1) as u8)
    };
    let mut glyphs = Vec::with_capacity(text.len());
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut at = 0;
    while at < chars.len() {
        let font = font_of(chars[at].1);
        let mut end = at + 1;
        // A space between two characters of one fallback font stays in its run (words of a
        // script shape together).
        while end < chars.len()
            && (font_of(chars[end].1) == font
                || (font != 0
                    && chars[end].1 == ' '
                    && chars.get(end + 1).is_some_and(|&(_, c)| font_of(c) == font)))
        {
            end += 1;
        }
        let start_byte = chars[at].0;
        let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
        if font == 0 {
            for &(byte, c) in &chars[at..end] {
                let id = inter
                    .glyph_index(c)
                    .or_else(|| inter.glyph_index(MISSING))
                    .unwrap_or(ttf_parser::GlyphId(0));
                let advance = f32::from(inter.glyph_hor_advance(id).unwrap_or(0)) * inter_scale;
                glyphs.push(Glyph { id, advance, space: c == ' ', font: 0, level: level_at(byte) });
            }
        } else {
            glyphs.extend(shape_run(
                &text[start_byte..end_byte],
                start_byte,
                fallbacks,
                font,
                size,
                &level_at,
            ));
        }
        at = end;
    }
    (glyphs, rtl)
}

/// One run of a fallback font, shaped, in reading order.
fn shape_run(
    run: &str,
    offset: usize,
    fallbacks: &Fallbacks,
    font: u8,
    size: u16,
    level_at: &dyn Fn(usize) -> u8,
) -> Vec<Glyph> {
    let bytes = fallbacks.fonts[usize::from(font) - 1];
    let Some(face) = rustybuzz::Face::from_slice(bytes, 0) else { return Vec::new() };
    let scale = f32::from(size) / face.units_per_em() as f32;
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(run);
    buffer.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buffer);
    let mut glyphs: Vec<(u32, Glyph)> = shaped
        .glyph_infos()
        .iter()
        .zip(shaped.glyph_positions())
        .map(|(info, position)| {
            let cluster = info.cluster as usize;
            let space = run[cluster..].starts_with(' ');
            let glyph = Glyph {
                id: ttf_parser::GlyphId(info.glyph_id as u16),
                advance: position.x_advance as f32 * scale,
                space,
                font,
                level: level_at(offset + cluster),
            };
            (info.cluster, glyph)
        })
        .collect();
    // A right-to-left run comes out in visual order: put it back in reading order (stable, so
    // the glyphs of one cluster keep theirs).
    glyphs.sort_by_key(|(cluster, _)| *cluster);
    glyphs.into_iter().map(|(_, g)| g).collect()
}

/// `text` laid out on one line at 32 px with Inter and the fonts `fallbacks` (files' bytes), in
/// the order drawn, as (font: 0 for Inter, else 1 + the fallback's place; glyph id), with
/// whether the paragraph is right to left: how the cards lay text out, for the tests.
pub(crate) fn layout_for_tests(text: &str, fallbacks: &[Vec<u8>]) -> (Vec<(u8, u16)>, bool) {
    let fonts: Vec<&'static [u8]> =
        fallbacks.iter().map(|f| &*Box::leak(f.clone().into_boxed_slice())).collect();
    let parsed = fonts.iter().filter_map(|f| ttf_parser::Face::parse(f, 0).ok()).collect();
    let fallbacks = Fallbacks { fonts, faces: parsed, ..Fallbacks::none() };
    let (glyphs, rtl) = shape(text, &faces().regular, &fallbacks, 32);
    (visual_order(glyphs).iter().map(|g| (g.font, g.id.0)).collect(), rtl)
}

/// A line's glyphs from reading order to the order they are drawn, left to right: from the
/// highest level down to the lowest odd one, every run at that level or above is reversed
/// (rule L2 of the Unicode bidirectional algorithm).
fn visual_order(mut line: Vec<Glyph>) -> Vec<Glyph> {
    let highest = line.iter().map(|g| g.level).max().unwrap_or(0);
    let lowest_odd = line.iter().map(|g| g.level).filter(|l| l % 2 == 1).min();
    let Some(lowest_odd) = lowest_odd else { return line };
    for level in (lowest_odd..=highest).rev() {
        let mut at = 0;
        while at < line.len() {
            if line[at].level < level {
                at += 1;
                continue;
            }
            let start = at;
            while at < line.len() && line[at].level >= level {
                at += 1;
            }
            line[start..at].reverse();
        }
    }
    line
}

/// Breaks glyphs into lines no wider than `width`, at spaces where it can and anywhere where a
/// word is wider than a line; the last allowed line ends with an ellipsis if text is left over.
fn wrap(glyphs: &[Glyph], width: f32, max_lines: usize, ellipsis: impl Fn() -> Glyph) -> Vec<Vec<Glyph>> {
    let mut lines: Vec<Vec<Glyph>> = Vec::new();
    let mut rest = glyphs;
    while !rest.is_empty() && lines.len() < max_lines {
        // Leading spaces never start a line.
        while rest.first().is_some_and(|g| g.space) {
            rest = &rest[1..];
        }
        let mut used = 0.0;
        let mut fit = 0;
        let mut last_space = None;
        for (i, g) in rest.iter().enumerate() {
            if used + g.advance > width {
                break;
            }
            used += g.advance;
            fit = i + 1;
            if g.space {
                last_space = Some(i);
            }
        }
        let end = if fit == rest.len() || rest[fit].space {
            fit
        } else {
            match last_space {
                Some(space) if space > 0 => space,
                _ => fit.max(1),
            }
        };
        let mut line = rest[..end].to_vec();
        rest = &rest[end..];
        if lines.len() + 1 == max_lines && rest.iter().any(|g| !g.space) {
            let dots = ellipsis();
            while !line.is_empty() && line.iter().map(|g| g.advance).sum::<f32>() + dots.advance > width {
                line.pop();
            }
            while line.last().is_some_and(|g| g.space) {
                line.pop();
            }
            line.push(dots);
            rest = &[];
        }
        while line.last().is_some_and(|g| g.space) {
            line.pop();
        }
        lines.push(line);
    }
    lines
}

/// A glyph's coverage, with its offset from the pen position on the baseline.
struct GlyphMask {
    left: i32,
    top: i32,
    width: i32,
    height: i32,
    coverage: Vec<u8>,
}

/// A glyph rasterized once per thread, weight and size.
fn glyph_mask(
    face: &ttf_parser::Face<'_>,
    font: FontKey,
    size: u16,
    id: ttf_parser::GlyphId,
) -> Rc<GlyphMask> {
    thread_local! {
        static MASKS: RefCell<HashMap<(FontKey, u16, u16), Rc<GlyphMask>>> = RefCell::new(HashMap::new());
    }
    MASKS.with(|cache| {
        Rc::clone(
            cache
                .borrow_mut()
                .entry((font, size, id.0))
                .or_insert_with(|| Rc::new(rasterize(face, size, id))),
        )
    })
}

fn rasterize(face: &ttf_parser::Face<'_>, size: u16, id: ttf_parser::GlyphId) -> GlyphMask {
    let empty = GlyphMask { left: 0, top: 0, width: 0, height: 0, coverage: Vec::new() };
    let scale = f32::from(size) / f32::from(face.units_per_em());
    let mut outline = Outline(PathBuilder::new());
    let Some(bbox) = face.outline_glyph(id, &mut outline) else { return empty };
    let Some(path) = outline.0.finish() else { return empty };
    // The glyph's box in pixels, y pointing down, with a pixel to spare for anti-aliasing.
    let left = (f32::from(bbox.x_min) * scale).floor() as i32 - 1;
    let top = (-f32::from(bbox.y_max) * scale).floor() as i32 - 1;
    let width = (f32::from(bbox.x_max) * scale).ceil() as i32 + 1 - left;
    let height = (-f32::from(bbox.y_min) * scale).ceil() as i32 + 1 - top;
    let Some(mut pixmap) = Pixmap::new(width.max(1) as u32, height.max(1) as u32) else { return empty };
    let mut paint = Paint::default();
    paint.set_color_rgba8(0, 0, 0, 255);
    paint.anti_alias = true;
    let transform = Transform::from_row(scale, 0.0, 0.0, -scale, -left as f32, -top as f32);
    pixmap.fill_path(&path, &paint, FillRule::Winding, transform, None);
    let coverage = pixmap.data().chunks_exact(4).map(|px| px[3]).collect();
    GlyphMask { left, top, width, height, coverage }
}

/// Collects a glyph's outline as a path, in font units.
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str) -> Vec<Glyph> {
        text.chars()
            .map(|c| Glyph {
                id: ttf_parser::GlyphId(c as u16),
                advance: 10.0,
                space: c == ' ',
                font: 0,
                level: 0,
            })
            .collect()
    }

    fn text(lines: &[Vec<Glyph>]) -> Vec<String> {
        lines
            .iter()
            .map(|l| l.iter().map(|g| char::from_u32(u32::from(g.id.0)).unwrap_or('?')).collect())
            .collect()
    }

    /// The top left pixel of a PNG (the card's band).
    fn first_pixel(png: &[u8]) -> [u8; 3] {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png)).read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size()];
        reader.next_frame(&mut pixels).expect("a frame");
        [pixels[0], pixels[1], pixels[2]]
    }

    #[test]
    fn a_cards_band_has_its_sections_colour_on_the_map() {
        // The map's outline of section i, as the site's CSS has it (`--mm-k{i}` of the light scheme).
        let css = crate::mindmap::map_css();
        for section_index in 0..2 * HUES {
            let i = section_index % HUES;
            let at =
                css.find(&format!("--mm-k{i}:#")).expect("the map's colour") + format!("--mm-k{i}:#").len();
            let v = u32::from_str_radix(&css[at..at + 6], 16).expect("hex");
            let map = [(v >> 16) as u8, (v >> 8) as u8, v as u8];
            let card = SkillCard {
                site: "S",
                section: "A section",
                section_index,
                title: "T",
                level: "Core",
                summary: "",
                address: "x",
            };
            assert_eq!(first_pixel(&skill_card(&card)), map, "section {section_index}");
        }
    }

    #[test]
    fn wraps_at_spaces_and_cuts_the_last_line_with_an_ellipsis() {
        let dots =
            || Glyph { id: ttf_parser::GlyphId('~' as u16), advance: 10.0, space: false, font: 0, level: 0 };
        assert_eq!(text(&wrap(&glyphs("ab cd ef"), 50.0, 3, dots)), ["ab cd", "ef"]);
        assert_eq!(text(&wrap(&glyphs("ab cd ef gh"), 50.0, 2, dots)), ["ab cd", "ef gh"]);
        assert_eq!(text(&wrap(&glyphs("ab cd ef gh ij"), 50.0, 2, dots)), ["ab cd", "ef g~"]);
        assert_eq!(text(&wrap(&glyphs("abcdefghij"), 40.0, 2, dots)), ["abcd", "efg~"]);
        assert!(wrap(&glyphs(""), 40.0, 2, dots).is_empty());
    }
}
