//! Drawing a laid-out map as SVG markup: inline in a page, or as a standalone file.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::layout::{Bounds, MindMap, NodeBox, NodeMeta, Side};
use super::model::{CrossLink, Level, NodeKind};
use super::style::{font_stack, level_names, map_css};
use crate::escape::{escape, escape_into};

/// Space around the boxes inside the viewBox, in px.
pub(super) const MARGIN: f64 = 16.0;
/// Height of the legend row of the standalone SVG, in px.
const LEGEND_HEIGHT: f64 = 36.0;
/// Width of the legend row, and so the least width of a standalone SVG, in px.
const LEGEND_WIDTH: f64 = 3.0 * LEGEND_STEP;
/// Distance between the legend's keys, in px.
const LEGEND_STEP: f64 = 130.0;

/// How to draw a map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SvgOptions {
    /// A standalone `.svg` file (XML declaration, its own `<style>`, background and legend) rather
    /// than markup to place inside an HTML page that loads `mindmap.css`.
    pub standalone: bool,
    /// The accessible name of the map (`<title>`).
    pub title: String,
    /// The accessible description of the map (`<desc>`).
    pub description: String,
    /// Prerequisite edges to draw as the optional cross-link layer (hidden until toggled inline;
    /// shown in a standalone file). Links whose ends are not on this map are skipped.
    pub cross_links: Vec<CrossLink>,
    /// Prefix of every `id` inside the SVG, so that two maps on one page do not clash.
    pub id_prefix: String,
    /// The names of the levels (core, optional, alternative) in the standalone file's legend, in
    /// the site's language; `None`: English.
    pub legend: Option<[String; 3]>,
}

/// A coordinate with one decimal, never "-0.0": the same map always prints the same text.
pub(super) struct Num(pub(super) f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Integer tenths: exact, fast, and the same text on every platform.
        let tenths = (self.0 * 10.0).round() as i64;
        // Written by hand: a map has tens of thousands of numbers, and the formatting machinery
        // cost more than the rest of drawing them.
        let mut digits = [0u8; 24];
        let mut at = digits.len();
        let mut rest = tenths.unsigned_abs();
        let mut put = |digit: u8, at: &mut usize| {
            *at -= 1;
            digits[*at] = digit;
        };
        put(b'0' + (rest % 10) as u8, &mut at);
        put(b'.', &mut at);
        rest /= 10;
        loop {
            put(b'0' + (rest % 10) as u8, &mut at);
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        if tenths < 0 {
            put(b'-', &mut at);
        }
        f.write_str(std::str::from_utf8(&digits[at..]).unwrap_or_default())
    }
}

impl MindMap {
    /// The map as SVG markup: boxes as links in pre-order (so Tab follows the outline), edges and
    /// cross-links as decoration hidden from assistive technology.
    #[must_use]
    pub fn to_svg(&self, opts: &SvgOptions) -> String {
        let mut out = String::with_capacity(256 + self.boxes.len() * 400);
        let p = escape(&opts.id_prefix);
        let Bounds { x, y, width, height } = self.bounds;
        let legend = if opts.standalone { LEGEND_HEIGHT } else { 0.0 };
        let min_width = if opts.standalone { LEGEND_WIDTH } else { 0.0 };
        let view =
            (x - MARGIN, y - MARGIN, width.max(min_width) + 2.0 * MARGIN, height + 2.0 * MARGIN + legend);
        let links = self.resolve(&opts.cross_links);
        if opts.standalone {
            out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        let class = if opts.standalone && !links.is_empty() { "mm mm-show-xlinks" } else { "mm" };
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" preserveAspectRatio=\"xMidYMid meet\" role=\"graphics-document\" aria-labelledby=\"{p}title\" aria-describedby=\"{p}desc\" font-family=\"{}\">",
            Num(view.0),
            Num(view.1),
            Num(view.2),
            Num(view.3),
            Num(view.2),
            Num(view.3),
            font_stack(),
        );
        out.push_str(&format!("<title id=\"{p}title\">"));
        escape_into(&mut out, &opts.title);
        out.push_str(&format!("</title>\n<desc id=\"{p}desc\">"));
        escape_into(&mut out, &opts.description);
        out.push_str("</desc>\n");
        if opts.standalone {
            out.push_str("<style>\n");
            out.push_str(&map_css());
            out.push_str("</style>\n");
            let _ = writeln!(
                out,
                "<rect class=\"mm-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                Num(view.0),
                Num(view.1),
                Num(view.2),
                Num(view.3)
            );
        }
        self.write_edges(&mut out);
        self.write_cross_links(&mut out, &links, &p);
        out.push_str("<g class=\"mm-nodes\" text-anchor=\"middle\">\n");
        for (b, m) in self.boxes.iter().zip(&self.meta) {
            write_node(&mut out, b, m, opts.standalone, true);
        }
        out.push_str("</g>\n");
        if opts.standalone {
            write_legend(&mut out, x, y + height + MARGIN, opts.legend.as_ref());
        }
        out.push_str("</svg>\n");
        out
    }

    fn write_edges(&self, out: &mut String) {
        out.push_str("<g class=\"mm-edges\" aria-hidden=\"true\">\n");
        for (child, (b, m)) in self.boxes.iter().zip(&self.meta).enumerate() {
            let Some(parent) = m.parent else { continue };
            let a = &self.boxes[parent];
            let (sx, ex) = match m.side {
                Side::Left => (a.x, b.x + b.width),
                _ => (a.x + a.width, b.x),
            };
            let (sy, ey) = (a.y + a.height / 2.0, b.y + b.height / 2.0);
            let mx = (sx + ex) / 2.0;
            let _ = writeln!(
                out,
                "<path class=\"s{}\" d=\"M{},{}C{},{} {},{} {},{}\"/>",
                self.boxes[child].section.unwrap_or(0) % super::style::PALETTE.len(),
                Num(sx),
                Num(sy),
                Num(mx),
                Num(sy),
                Num(mx),
                Num(ey),
                Num(ex),
                Num(ey)
            );
        }
        out.push_str("</g>\n");
    }

    /// Pairs of box indices for the cross-links whose two ends are on this map, in the given order,
    /// without repeats.
    fn resolve(&self, links: &[CrossLink]) -> Vec<(usize, usize)> {
        let mut index = HashMap::with_capacity(self.boxes.len());
        for (i, b) in self.boxes.iter().enumerate() {
            index.entry(b.id.as_str()).or_insert(i);
        }
        let mut seen = std::collections::HashSet::new();
        links
            .iter()
            .filter_map(|l| Some((*index.get(l.from.as_str())?, *index.get(l.to.as_str())?)))
            .filter(|&(a, b)| a != b && seen.insert((a, b)))
            .collect()
    }

    fn write_cross_links(&self, out: &mut String, links: &[(usize, usize)], p: &str) {
        if links.is_empty() {
            return;
        }
        out.push_str("<g class=\"mm-xlinks\" aria-hidden=\"true\">\n");
        let _ = writeln!(
            out,
            "<defs><marker id=\"{p}arrow\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"mm-arrow\" d=\"M0,0L8,4L0,8z\"/></marker></defs>"
        );
        for &(from, to) in links {
            let (a, b) = (&self.boxes[from], &self.boxes[to]);
            // The ends by node index, so that a script that moves the boxes can redraw the curve.
            let _ = writeln!(
                out,
                "<path data-from=\"{from}\" data-to=\"{to}\" d=\"{}\" marker-end=\"url(#{p}arrow)\"/>",
                cross_link_path(a, b)
            );
        }
        out.push_str("</g>\n");
    }
}

/// A curve from box `a` to box `b` between their facing edges. Its control points lie between the
/// two end points, so the curve stays inside the map's bounds and never changes them.
fn cross_link_path(a: &NodeBox, b: &NodeBox) -> String {
    let (acx, acy) = (a.x + a.width / 2.0, a.y + a.height / 2.0);
    let (bcx, bcy) = (b.x + b.width / 2.0, b.y + b.height / 2.0);
    if b.x >= a.x + a.width || a.x >= b.x + b.width {
        // Side by side: leave and enter horizontally.
        let (sx, ex) = if bcx > acx { (a.x + a.width, b.x) } else { (a.x, b.x + b.width) };
        let mx = (sx + ex) / 2.0;
        format!(
            "M{},{}C{},{} {},{} {},{}",
            Num(sx),
            Num(acy),
            Num(mx),
            Num(acy),
            Num(mx),
            Num(bcy),
            Num(ex),
            Num(bcy)
        )
    } else {
        // One above the other: leave and enter vertically.
        let (sy, ey) = if bcy > acy { (a.y + a.height, b.y) } else { (a.y, b.y + b.height) };
        let my = (sy + ey) / 2.0;
        format!(
            "M{},{}C{},{} {},{} {},{}",
            Num(acx),
            Num(sy),
            Num(acx),
            Num(my),
            Num(bcx),
            Num(my),
            Num(bcx),
            Num(ey)
        )
    }
}

/// One node: a link to its page, or (`link` false) the same box as a picture, for a printed copy.
pub(super) fn write_node(out: &mut String, b: &NodeBox, m: &NodeMeta, standalone: bool, link: bool) {
    let role = match (b.depth, m.kind) {
        (0, _) => "mm-centre",
        (_, NodeKind::Skill) => "mm-skill",
        _ => "mm-section",
    };
    let level = match (m.kind, m.level) {
        (NodeKind::Skill, Level::Optional) => " mm-optional",
        (NodeKind::Skill, Level::Alternative) => " mm-alternative",
        (NodeKind::Skill, Level::Core) => " mm-core",
        _ => "",
    };
    if link {
        out.push_str("<a href=\"");
        escape_into(out, &m.url);
        out.push_str("\" class=\"mm-node ");
    } else {
        out.push_str("<g class=\"mm-node ");
    }
    out.push_str(role);
    out.push_str(level);
    if let Some(s) = b.section {
        let _ = write!(out, " s{}", s % super::style::PALETTE.len());
    }
    out.push('"');
    if link {
        out.push_str(" data-id=\"");
        escape_into(out, &b.id);
        out.push('"');
    }
    // The parent by index in this pre-order, so that mindmap.js can fold branches and lay out
    // what stays shown; the side, so that it keeps each branch where this layout put it.
    if let (Some(parent), true) = (m.parent, link) {
        let side = if m.side == Side::Left { "l" } else { "r" };
        let _ = write!(out, " data-parent=\"{parent}\" data-side=\"{side}\"");
    }
    let radius = match role {
        "mm-centre" => 10.0,
        "mm-section" => 8.0,
        _ => 6.0,
    };
    let _ = write!(
        out,
        "><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"{}\"/><text font-size=\"{}\" font-weight=\"{}\"{}>",
        Num(b.x),
        Num(b.y),
        Num(b.width),
        Num(b.height),
        Num(radius),
        m.style.size,
        m.style.weight,
        if m.rtl { " direction=\"rtl\"" } else { "" },
    );
    let cx = b.x + b.width / 2.0;
    let (_, pad_y) = super::layout::padding(&m.style);
    let first = b.y + pad_y + m.style.baseline_offset();
    // Where each line ends in the label, to know whether a space separated it from the next.
    let mut at = 0;
    for (i, line) in b.lines.iter().enumerate() {
        if i > 0 && m.label[at..].starts_with(' ') {
            // Lines broken at a space keep it between their tspans, so that the link's name
            // (its text) reads "Data Handling", not "DataHandling"; a word broken across lines
            // stays whole. The space trails the previous line, moving it by half a space,
            // which the box's padding absorbs.
            out.push(' ');
        }
        at = m.label[at..].find(line.as_str()).map_or(m.label.len(), |p| at + p + line.len());
        let _ = write!(out, "<tspan x=\"{}\" y=\"{}\"", Num(cx), Num(first + i as f64 * m.style.line_height));
        if standalone && !line.is_empty() {
            // Viewers without the web font draw with a fallback; pin each line to its measured
            // width so that it still fits its box.
            let _ =
                write!(out, " textLength=\"{}\" lengthAdjust=\"spacingAndGlyphs\"", Num(m.style.width(line)));
        }
        out.push('>');
        escape_into(out, line);
        out.push_str("</tspan>");
    }
    out.push_str(if link { "</text></a>\n" } else { "</text></g>\n" });
}

/// The standalone file's legend: one key per level, left-aligned below the map.
fn write_legend(out: &mut String, x: f64, y: f64, names: Option<&[String; 3]>) {
    out.push_str("<g class=\"mm-keys\" font-size=\"13\">\n");
    let mut left = x;
    for (class, name) in level_names(names) {
        let name = escape(name);
        let _ = writeln!(
            out,
            "<g class=\"{class}\"><rect class=\"mm-key\" x=\"{}\" y=\"{}\" width=\"30\" height=\"16\" rx=\"4\"/></g><text x=\"{}\" y=\"{}\" style=\"text-anchor:start\">{name}</text>",
            Num(left),
            Num(y + 8.0),
            Num(left + 38.0),
            Num(y + 21.0),
        );
        left += LEGEND_STEP;
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_one_decimal_and_no_negative_zero() {
        assert_eq!(Num(-0.04).to_string(), "0.0");
        assert_eq!(Num(-0.0).to_string(), "0.0");
        assert_eq!(Num(12.25).to_string(), "12.3");
        assert_eq!(Num(-3.0).to_string(), "-3.0");
    }
}
