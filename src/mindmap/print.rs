//! The map on paper: when the whole map cannot be printed with readable labels on one page, each
//! branch of the centre (a section, on the landing page) is drawn again as its own small SVG, one
//! per printed page, turned to the page that fits it best.
//!
//! The page is the theme's print page (style.css, `@page map` and `@page map-tall`): A4 with 8 mm
//! margins. The numbers here must follow it; the browser test measures the printed labels.

use std::fmt::Write as _;

use super::layout::{MindMap, SKILL_TEXT, Side};
use super::style::{PALETTE, font_stack};
use super::svg::{Num, write_node};

/// The printable area of a landscape A4 page with 8 mm margins, in CSS px (96 to the inch).
const PAGE_LONG: f64 = 281.0 / 25.4 * 96.0;
/// Its short side.
const PAGE_SHORT: f64 = 194.0 / 25.4 * 96.0;
/// Space around a branch's boxes, in px: less than the whole map's, a tall branch may need it.
const MARGIN: f64 = 8.0;
/// The smallest printed size of a skill's label, in CSS px: 7 pt.
const LEAST_LABEL: f64 = 7.0 * 96.0 / 72.0;

/// How a picture of `width` × `height` px prints: its scale on the page that suits it best (never
/// enlarged) and whether that page is upright.
fn fit(width: f64, height: f64) -> (f64, bool) {
    let wide = (PAGE_LONG / width).min(PAGE_SHORT / height).min(1.0);
    let tall = (PAGE_SHORT / width).min(PAGE_LONG / height).min(1.0);
    if tall > wide { (tall, true) } else { (wide, false) }
}

impl MindMap {
    /// One SVG per branch of the centre, sized as it prints (at most the page, never more than
    /// its natural size), inside a `hidden` block that only the print style shows; empty when the
    /// whole map prints on one landscape page with labels of at least 7 pt. The copies are
    /// pictures, not links (`aria-hidden`): the map above them is the one a reader uses.
    #[must_use]
    pub fn print_parts(&self) -> String {
        let b = self.bounds;
        let (scale, _) = fit(b.width + 2.0 * super::svg::MARGIN, b.height + 2.0 * super::svg::MARGIN);
        let branches = self.boxes.iter().filter(|b| b.depth == 1).count();
        if scale * SKILL_TEXT.size >= LEAST_LABEL || branches < 2 {
            return String::new();
        }
        // The boxes of each branch, in order: a section's map of a thousand skills has a thousand
        // branches, which must not each look at every box.
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); branches];
        for (i, b) in self.boxes.iter().enumerate() {
            if let Some(list) = b.section.and_then(|s| members.get_mut(s)) {
                list.push(i);
            }
        }
        let mut out = String::from("<div class=\"mm-print-parts\" hidden aria-hidden=\"true\">\n");
        for (branch, members) in members.iter().enumerate() {
            self.write_part(&mut out, branch, members);
        }
        out.push_str("</div>\n");
        out
    }

    /// The branch `branch`, whose boxes are `members` (in order).
    fn write_part(&self, out: &mut String, branch: usize, members: &[usize]) {
        let in_branch = |i: usize| self.boxes[i].section == Some(branch);
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for b in members.iter().map(|&i| &self.boxes[i]) {
            x0 = x0.min(b.x);
            y0 = y0.min(b.y);
            x1 = x1.max(b.x + b.width);
            y1 = y1.max(b.y + b.height);
        }
        let (x, y, width, height) =
            (x0 - MARGIN, y0 - MARGIN, x1 - x0 + 2.0 * MARGIN, y1 - y0 + 2.0 * MARGIN);
        let (scale, tall) = fit(width, height);
        let _ = writeln!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm mm-part{}\" viewBox=\"{} {} {} {}\" width=\"{}\" height=\"{}\" font-family=\"{}\">",
            if tall { " mm-part-tall" } else { "" },
            Num(x),
            Num(y),
            Num(width),
            Num(height),
            Num(width * scale),
            Num(height * scale),
            font_stack(),
        );
        // The edges inside the branch (the one from the centre to the branch stays on the whole map).
        out.push_str("<g class=\"mm-edges\">\n");
        for &child in members {
            let (b, m) = (&self.boxes[child], &self.meta[child]);
            let Some(parent) = m.parent.filter(|&p| in_branch(p)) else { continue };
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
                branch % PALETTE.len(),
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
        out.push_str("</g>\n<g class=\"mm-nodes\" text-anchor=\"middle\">\n");
        for &i in members {
            write_node(out, &self.boxes[i], &self.meta[i], false, false);
        }
        out.push_str("</g>\n</svg>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mindmap::{Level, MapNode, NodeKind, layout};

    fn node(id: &str, kind: NodeKind, children: Vec<MapNode>) -> MapNode {
        MapNode {
            id: id.into(),
            label: format!("A label for {id} long enough to wrap once"),
            url: format!("/{id}/"),
            kind,
            level: Level::Core,
            children,
        }
    }

    fn roadmap(sections: usize, skills: usize) -> MapNode {
        let sections = (0..sections)
            .map(|s| {
                let skills =
                    (0..skills).map(|k| node(&format!("k{s}-{k}"), NodeKind::Skill, vec![])).collect();
                node(&format!("s{s}"), NodeKind::Section, skills)
            })
            .collect();
        node("root", NodeKind::Root, sections)
    }

    #[test]
    fn a_small_map_prints_whole() {
        assert_eq!(layout(&roadmap(2, 3)).print_parts(), "");
    }

    #[test]
    fn a_big_map_prints_one_readable_page_per_section() {
        let map = layout(&roadmap(5, 20));
        let parts = map.print_parts();
        assert_eq!(parts.matches("<svg ").count(), 5, "{parts}");
        assert_eq!(parts.matches("<a ").count(), 0, "pictures, not links");
        assert_eq!(parts.matches("mm-node mm-skill").count(), 100);
        // Each part at a scale that keeps 14 px labels at 7 pt or more on its page.
        for svg in parts.split("<svg ").skip(1) {
            let attr = |name: &str| -> f64 {
                let at = svg.find(&format!(" {name}=\"")).expect(name) + name.len() + 3;
                svg[at..at + svg[at..].find('"').expect("quote")].parse().expect("number")
            };
            let view: Vec<f64> = {
                let at = svg.find("viewBox=\"").expect("viewBox") + 9;
                svg[at..at + svg[at..].find('"').expect("quote")]
                    .split(' ')
                    .map(|v| v.parse().expect("number"))
                    .collect()
            };
            let scale = attr("width") / view[2];
            assert!(scale * SKILL_TEXT.size >= LEAST_LABEL - 0.01, "scale {scale}");
            let (long, short) = if svg.contains("mm-part-tall") {
                (attr("height"), attr("width"))
            } else {
                (attr("width"), attr("height"))
            };
            assert!(long <= PAGE_LONG + 0.1 && short <= PAGE_SHORT + 0.1, "{long} × {short}");
        }
    }
}
