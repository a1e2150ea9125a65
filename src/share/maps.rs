//! The maps as pictures: `mindmap.png`, `mindmap.pdf` and the landing and section pages'
//! preview cards, drawn from the same layout as the pages' SVG maps.
//!
//! The pages' SVG is styled by CSS custom properties, which `usvg` does not read, so the map is
//! written again here with plain presentation attributes in the light scheme, without the
//! cross-link layer and the links. `resvg` paints it; `svg2pdf` turns it into a PDF whose text is
//! text (Inter embedded as a subset), selectable and searchable.

use std::collections::HashMap;
use std::fmt::Write as _;

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg;

use super::card::{HEIGHT, INK, MISSING, MUTED, WIDTH, is_invisible, section_colour};
use super::fonts::{FAMILY, faces, svg_options};
use super::png::{Rgb, encode_pixmap};
use crate::mindmap::{self, Level, MapNode, MindMap, NodeKind};

/// A map bigger than this is drawn to a shallower depth, as the landing page does: an image
/// of ten thousand boxes shows nothing legible.
const READABLE_NODES: usize = 400;
/// Space around the map, in px.
const MARGIN: f64 = 16.0;
/// `mindmap.png` is drawn at this many pixels per px of the map (sharp on a slide)…
const PNG_SCALE: f32 = 2.0;
/// …unless that would make its longer side longer than this.
const PNG_MAX_SIDE: f32 = 4096.0;

/// Inter's vertical metrics (hhea, both weights), for placing baselines as the layout does.
const ASCENDER: f64 = 1984.0 / 2048.0;
const DESCENDER: f64 = -494.0 / 2048.0;

/// The colours of the map's light scheme (mirroring `mindmap`'s palette).
const BACKGROUND: &str = "#ffffff";
const MAP_INK: &str = "#1c1c21";
const CENTRE_FILL: &str = "#1c1c21";
const CENTRE_INK: &str = "#ffffff";
/// (outline, skill fill, section fill) of each branch, by its index among the centre's children:
/// the map's light scheme, as on the site.
fn tint(section: usize) -> (&'static str, &'static str, &'static str) {
    let t = crate::mindmap::PALETTE[section % crate::mindmap::HUES].light;
    (t.stroke, t.fill, t.section_fill)
}

/// The tree to draw for an image: the whole subtree while it stays readable, else as many levels
/// as fit (at least the node's children).
pub(crate) fn readable(tree: MapNode) -> MapNode {
    let mut depth = 1;
    while depth < usize::MAX
        && count(&tree, depth + 1) <= READABLE_NODES
        && count(&tree, depth + 1) > count(&tree, depth)
    {
        depth += 1;
    }
    cut(tree, depth)
}

fn count(node: &MapNode, depth: usize) -> usize {
    1 + if depth == 0 { 0 } else { node.children.iter().map(|c| count(c, depth - 1)).sum() }
}

fn cut(mut node: MapNode, depth: usize) -> MapNode {
    if depth == 0 {
        node.children.clear();
    } else {
        node.children = node.children.into_iter().map(|c| cut(c, depth - 1)).collect();
    }
    node
}

/// A laid-out map, written as SVG elements (no `<svg>` around them).
pub(crate) struct Drawing {
    /// The elements, in the map's own coordinates.
    body: String,
    /// x, y, width, height of what they cover, margin included.
    view: (f64, f64, f64, f64),
}

/// Lays `tree` out and writes it.
pub(crate) fn draw(tree: &MapNode) -> Drawing {
    let laid_out = mindmap::layout(tree);
    let mut roles = HashMap::new();
    let mut stack = vec![tree];
    while let Some(node) = stack.pop() {
        roles.entry(node.id.as_str()).or_insert((node.kind, node.level));
        stack.extend(&node.children);
    }
    let b = laid_out.bounds();
    let view = (b.x - MARGIN, b.y - MARGIN, b.width + 2.0 * MARGIN, b.height + 2.0 * MARGIN);
    Drawing { body: body(&laid_out, &roles), view }
}

fn body(map: &MindMap, roles: &HashMap<&str, (NodeKind, Level)>) -> String {
    let boxes: Vec<&mindmap::NodeBox> = map.boxes().collect();
    let mut out = String::with_capacity(boxes.len() * 400);
    // Edges first, under the boxes: each box's parent is the nearest box before it (pre-order)
    // one level up.
    let mut last_at_depth: Vec<usize> = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        last_at_depth.truncate(b.depth);
        if let Some(&parent) = last_at_depth.last() {
            let a = boxes[parent];
            let left = b.x + b.width / 2.0 < a.x + a.width / 2.0;
            let (sx, ex) = if left { (a.x, b.x + b.width) } else { (a.x + a.width, b.x) };
            let (sy, ey) = (a.y + a.height / 2.0, b.y + b.height / 2.0);
            let mx = (sx + ex) / 2.0;
            let stroke = tint(b.section.unwrap_or(0)).0;
            let _ = writeln!(
                out,
                "<path d=\"M{sx:.1},{sy:.1}C{mx:.1},{sy:.1} {mx:.1},{ey:.1} {ex:.1},{ey:.1}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"2\"/>"
            );
        }
        last_at_depth.push(i);
    }
    for b in &boxes {
        let (kind, level) = roles.get(b.id.as_str()).copied().unwrap_or((NodeKind::Skill, Level::Core));
        let (stroke, fill, section_fill) = tint(b.section.unwrap_or(0));
        // Type and corners as the pages' map draws them (mindmap's layout and style).
        let (size, weight, line_height, radius, fill, stroke, ink) = match (b.depth, kind) {
            (0, _) => (20.0, 600, 26.0, 10.0, CENTRE_FILL, CENTRE_FILL, CENTRE_INK),
            (_, NodeKind::Skill) => (14.0, 400, 18.0, 6.0, fill, stroke, MAP_INK),
            _ => (16.0, 600, 21.0, 8.0, section_fill, stroke, MAP_INK),
        };
        let dashes = match (kind, level) {
            (NodeKind::Skill, Level::Optional) => " stroke-dasharray=\"7 4\"",
            (NodeKind::Skill, Level::Alternative) => " stroke-dasharray=\"0.5 4.5\" stroke-linecap=\"round\"",
            _ => "",
        };
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"{radius}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"2\"{dashes}/>",
            b.x, b.y, b.width, b.height
        );
        let _ = write!(
            out,
            "<text font-family=\"{FAMILY}\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{ink}\" text-anchor=\"middle\">"
        );
        let pad_y = (b.height - line_height * b.lines.len() as f64) / 2.0;
        let baseline = (line_height - (ASCENDER - DESCENDER) * size) / 2.0 + ASCENDER * size;
        for (i, line) in b.lines.iter().enumerate() {
            let _ = write!(
                out,
                "<tspan x=\"{:.1}\" y=\"{:.1}\">",
                b.x + b.width / 2.0,
                b.y + pad_y + baseline + i as f64 * line_height
            );
            xml_text(&mut out, line);
            out.push_str("</tspan>");
        }
        out.push_str("</text>\n");
    }
    out
}

/// Writes text into XML: escaped, and without the characters XML cannot hold (controls), which
/// a title may carry and which would make the whole SVG unreadable.
/// Characters Inter lacks become [`MISSING`], so that the PDF's text says what the picture shows
/// (the font's one `.notdef` glyph cannot map back to each of the characters it stands for).
pub(crate) fn xml_text(out: &mut String, text: &str) {
    crate::escape::escape_into(out, &drawable(text));
}

/// `text` without what XML cannot hold, and with [`MISSING`] for what neither Inter nor the
/// site's fallback fonts can draw (usvg shapes the rest with the font that has it).
pub(crate) fn drawable(text: &str) -> String {
    let face = &faces().regular;
    let fallbacks = super::fonts::fallbacks();
    let known =
        |c: char| face.glyph_index(c).is_some() || fallbacks.faces.iter().any(|f| f.glyph_index(c).is_some());
    text.chars()
        .filter(|&c| !is_invisible(c) || matches!(c, '\t' | '\n' | '\r'))
        .filter(|&c| c != '\u{fffe}' && c != '\u{ffff}')
        .map(|c| if c.is_whitespace() || known(c) { c } else { MISSING })
        .collect()
}

/// The map alone, as an SVG document on the light background.
fn document(drawing: &Drawing) -> String {
    let (x, y, w, h) = drawing.view;
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x:.1} {y:.1} {w:.1} {h:.1}\" width=\"{w:.1}\" height=\"{h:.1}\"><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{BACKGROUND}\"/>\n{}</svg>\n",
        drawing.body
    )
}

/// Why a picture could not be made (never expected: we write every SVG ourselves).
#[derive(Debug, thiserror::Error)]
pub enum DrawError {
    #[error("the drawing is not valid SVG: {0}")]
    Svg(#[from] usvg::Error),
    #[error("the drawing has no size")]
    Empty,
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}

fn tree(svg: &str) -> Result<usvg::Tree, DrawError> {
    Ok(usvg::Tree::from_str(svg, &svg_options())?)
}

/// `mindmap.png`: the map at twice its size, or less for a very big map.
pub(crate) fn png(drawing: &Drawing) -> Result<Vec<u8>, DrawError> {
    let tree = tree(&document(drawing))?;
    let size = tree.size();
    let scale = PNG_SCALE.min(PNG_MAX_SIDE / size.width().max(size.height()));
    let width = (size.width() * scale).ceil() as u32;
    let height = (size.height() * scale).ceil() as u32;
    let mut pixmap = Pixmap::new(width, height).ok_or(DrawError::Empty)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, Transform::from_scale(scale, scale), &mut pixmap.as_mut());
    Ok(encode_pixmap(&pixmap))
}

/// `mindmap.pdf`: the map as one vector page, its labels as text in the embedded font.
///
/// All of it in Inter Regular, the semibold labels drawn with a thin outline of their colour:
/// `svg2pdf` writes the fonts of a page in a hash map's order, which differs from run to run, and
/// a PDF with one font is the same bytes every time.
pub(crate) fn pdf(drawing: &Drawing) -> Result<Vec<u8>, DrawError> {
    let mut svg = document(drawing);
    for ink in [MAP_INK, CENTRE_INK] {
        svg = svg.replace(
            &format!("font-weight=\"600\" fill=\"{ink}\""),
            &format!("font-weight=\"400\" fill=\"{ink}\" stroke=\"{ink}\" stroke-width=\"0.6\""),
        );
    }
    let tree = tree(&svg)?;
    svg2pdf::to_pdf(&tree, svg2pdf::ConversionOptions::default(), svg2pdf::PageOptions::default())
        .map_err(|error| DrawError::Pdf(error.to_string()))
}

/// The preview card of the landing page or a section: the site's name, the page's title, and
/// the map below them, scaled to fit.
pub(crate) fn card(
    site: &str,
    title: &str,
    hue: Option<usize>,
    drawing: &Drawing,
) -> Result<Vec<u8>, DrawError> {
    let colour = |Rgb(r, g, b): Rgb| format!("#{r:02x}{g:02x}{b:02x}");
    let band = colour(hue.map_or(INK, section_colour));
    let (w, h) = (f64::from(WIDTH), f64::from(HEIGHT));
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\"><rect width=\"{WIDTH}\" height=\"{HEIGHT}\" fill=\"{BACKGROUND}\"/><rect width=\"{WIDTH}\" height=\"14\" fill=\"{band}\"/>\n"
    );
    let _ = write!(
        svg,
        "<text x=\"80\" y=\"84\" font-family=\"{FAMILY}\" font-size=\"26\" font-weight=\"600\" fill=\"{}\">",
        colour(MUTED)
    );
    xml_text(&mut svg, &fit(site, false, 26.0, w - 160.0));
    let _ = write!(
        svg,
        "</text>\n<text x=\"80\" y=\"148\" font-family=\"{FAMILY}\" font-size=\"52\" font-weight=\"600\" fill=\"{}\">",
        colour(INK)
    );
    xml_text(&mut svg, &fit(title, true, 52.0, w - 160.0));
    svg.push_str("</text>\n");
    // The map fills the rest of the card, never drawn larger than on the page.
    let (x, y, mw, mh) = drawing.view;
    let (left, top, room_w, room_h) = (40.0, 180.0, w - 80.0, h - 200.0);
    let scale = (room_w / mw).min(room_h / mh).min(1.0);
    let (dx, dy) =
        (left + (room_w - mw * scale) / 2.0 - x * scale, top + (room_h - mh * scale) / 2.0 - y * scale);
    let _ = writeln!(
        svg,
        "<g transform=\"matrix({scale:.5} 0 0 {scale:.5} {dx:.2} {dy:.2})\">{}</g></svg>",
        drawing.body
    );
    let tree = tree(&svg)?;
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or(DrawError::Empty)?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    Ok(encode_pixmap(&pixmap))
}

/// A skill card drawn from a theme's own `card.svg` (already rendered by Tera), scaled to
/// 1200×630 on white.
pub(crate) fn card_from_svg(svg: &str) -> Result<Vec<u8>, DrawError> {
    let tree = tree(svg)?;
    let size = tree.size();
    let (sx, sy) = (WIDTH as f32 / size.width(), HEIGHT as f32 / size.height());
    let mut pixmap = Pixmap::new(WIDTH, HEIGHT).ok_or(DrawError::Empty)?;
    pixmap.fill(resvg::tiny_skia::Color::WHITE);
    resvg::render(&tree, Transform::from_scale(sx, sy), &mut pixmap.as_mut());
    Ok(encode_pixmap(&pixmap))
}

/// `text` cut with an ellipsis to fit `width` px at `size`, measured with Inter's advances
/// (the first fallback font's that has a character Inter lacks).
fn fit(text: &str, semibold: bool, size: f64, width: f64) -> String {
    let fonts = faces();
    let fallbacks = super::fonts::fallbacks();
    let inter = if semibold { &fonts.semibold } else { &fonts.regular };
    let advance = |c: char| {
        let face = std::iter::once(inter)
            .chain(&fallbacks.faces)
            .find(|f| f.glyph_index(c).is_some())
            .unwrap_or(inter);
        let id = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        f64::from(face.glyph_hor_advance(id).unwrap_or(0)) * size / f64::from(face.units_per_em())
    };
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().map(advance).sum::<f64>() <= width {
        return text;
    }
    let room = width - advance('\u{2026}');
    let mut used = 0.0;
    let mut cut: String = text
        .chars()
        .take_while(|&c| {
            used += advance(c);
            used <= room
        })
        .collect();
    cut.truncate(cut.trim_end().len());
    cut.push('\u{2026}');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, kind: NodeKind, children: Vec<MapNode>) -> MapNode {
        MapNode { id: id.into(), label: id.into(), url: String::new(), kind, level: Level::Core, children }
    }

    #[test]
    fn a_big_tree_is_cut_to_the_levels_that_stay_readable() {
        let skills = |n: usize| (0..n).map(|i| node(&format!("k{i}"), NodeKind::Skill, vec![])).collect();
        let small = node("r", NodeKind::Root, vec![node("s", NodeKind::Section, skills(10))]);
        assert_eq!(count(&readable(small), usize::MAX), 12);
        let big: Vec<MapNode> =
            (0..50).map(|i| node(&format!("s{i}"), NodeKind::Section, skills(20))).collect();
        assert_eq!(count(&readable(node("r", NodeKind::Root, big)), usize::MAX), 51);
    }

    #[test]
    fn text_is_cut_to_fit_with_an_ellipsis() {
        assert_eq!(fit("Short", true, 52.0, 1000.0), "Short");
        let long = fit(&"Word ".repeat(100), true, 52.0, 1000.0);
        assert!(long.ends_with('\u{2026}') && long.len() < 200, "{long}");
    }

    #[test]
    fn control_characters_never_reach_the_svg() {
        let mut out = String::new();
        xml_text(&mut out, "a\u{1}<b>\u{7}\u{200f}");
        assert_eq!(out, "a&lt;b&gt;");
        out.clear();
        xml_text(&mut out, "湖 é");
        assert_eq!(out, "\u{25a1} é", "a character Inter lacks is a white square");
    }
}
