//! From a roadmap tree to positioned boxes: measure every label, split the centre's children into a
//! right and a left side, and lay each side out as a horizontal tidy tree.

use super::metrics;
use super::model::{Level, MapNode, NodeKind};
use super::text::{TextStyle, is_rtl, normalize_whitespace};
use super::tidy::{Shape, Tidy};

/// Type of skills.
pub(crate) const SKILL_TEXT: TextStyle =
    TextStyle { metrics: &metrics::REGULAR, weight: 400, size: 14.0, line_height: 18.0 };
/// Type of sections.
pub(crate) const SECTION_TEXT: TextStyle =
    TextStyle { metrics: &metrics::SEMIBOLD, weight: 600, size: 16.0, line_height: 21.0 };
/// Type of the node in the centre (the roadmap, or the section of a section page).
pub(crate) const CENTRE_TEXT: TextStyle =
    TextStyle { metrics: &metrics::SEMIBOLD, weight: 600, size: 20.0, line_height: 26.0 };

/// Space between the boxes of siblings (and of neighbouring subtrees), in px.
pub(crate) const SIBLING_GAP: f64 = 10.0;
/// Space between a parent's box and its children's, room for the curved edges, in px.
pub(crate) const LEVEL_GAP: f64 = 48.0;
/// Extra width given to every line beyond its measured width, so that a browser's rounding of
/// glyph positions can never push the text out of its box.
pub(crate) const TEXT_SLACK: f64 = 2.0;

/// One laid-out node box: a rectangle in SVG user units (px), the root's box centred on (0, 0).
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    /// The node's id.
    pub id: String,
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width, padding included.
    pub width: f64,
    /// Height, padding included.
    pub height: f64,
    /// The label as wrapped onto lines.
    pub lines: Vec<String>,
    /// 0 for the centre, 1 for its children, and so on.
    pub depth: usize,
    /// Index among the centre's children of the branch this node belongs to (its colour); `None`
    /// for the centre.
    pub section: Option<usize>,
}

/// The rectangle all boxes of a map occupy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

/// Which side of the centre a node is drawn on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Side {
    Centre,
    Right,
    Left,
}

/// What drawing a node needs beyond its box.
#[derive(Debug, Clone)]
pub(crate) struct NodeMeta {
    /// The label with its whitespace normalized, as wrapped into the box's lines.
    pub(crate) label: String,
    pub(crate) url: String,
    pub(crate) kind: NodeKind,
    pub(crate) level: Level,
    pub(crate) parent: Option<usize>,
    pub(crate) side: Side,
    pub(crate) style: TextStyle,
    pub(crate) rtl: bool,
}

/// A laid-out mind map: boxes in pre-order (the centre first), the edges between them and the
/// bounds. Build it with [`layout`]; draw it with [`MindMap::to_svg`].
#[derive(Debug, Clone)]
pub struct MindMap {
    pub(crate) boxes: Vec<NodeBox>,
    pub(crate) meta: Vec<NodeMeta>,
    pub(crate) bounds: Bounds,
    /// How many of the centre's children are on the right (the first ones, in order).
    pub(crate) right_count: usize,
}

impl MindMap {
    /// The node boxes, in pre-order of the tree (the centre first).
    pub fn boxes(&self) -> impl Iterator<Item = &NodeBox> {
        self.boxes.iter()
    }

    /// The rectangle the boxes occupy (no margin).
    #[must_use]
    pub fn bounds(&self) -> Bounds {
        self.bounds
    }

    /// How many of the centre's children (the first ones) are drawn on the right; the rest are on
    /// the left.
    #[must_use]
    pub fn right_count(&self) -> usize {
        self.right_count
    }
}

/// The tree flattened into pre-order, with children as index ranges.
struct Flat<'a> {
    nodes: Vec<&'a MapNode>,
    parent: Vec<usize>,
    depth: Vec<usize>,
    /// One past the last node of each node's subtree (subtrees are contiguous in pre-order).
    end: Vec<usize>,
    start: Vec<usize>,
    kids: Vec<usize>,
}

fn flatten(root: &MapNode) -> Flat<'_> {
    let mut nodes = Vec::new();
    let mut parent = Vec::new();
    let mut depth = Vec::new();
    let mut stack = vec![(root, usize::MAX, 0)];
    while let Some((node, p, d)) = stack.pop() {
        let index = nodes.len();
        nodes.push(node);
        parent.push(p);
        depth.push(d);
        for child in node.children.iter().rev() {
            stack.push((child, index, d + 1));
        }
    }
    let n = nodes.len();
    let mut start = Vec::with_capacity(n + 1);
    start.push(0);
    for node in &nodes {
        start.push(start[start.len() - 1] + node.children.len());
    }
    let mut fill = start.clone();
    let mut kids = vec![0; n.saturating_sub(1)];
    for (v, &p) in parent.iter().enumerate().skip(1) {
        kids[fill[p]] = v;
        fill[p] += 1;
    }
    let mut end: Vec<usize> = (1..=n).collect();
    for v in (1..n).rev() {
        end[parent[v]] = end[parent[v]].max(end[v]);
    }
    Flat { nodes, parent, depth, end, start, kids }
}

fn style_of(node: &MapNode, depth: usize) -> TextStyle {
    match (depth, node.kind) {
        (0, _) => CENTRE_TEXT,
        (_, NodeKind::Skill) => SKILL_TEXT,
        _ => SECTION_TEXT,
    }
}

/// Horizontal and vertical padding between a box and its text.
pub(crate) fn padding(style: &TextStyle) -> (f64, f64) {
    (style.size * 0.85, style.size * 0.45)
}

/// Lay out the map of `root`: `root` in the centre, its children split into a right and a left
/// side, each a tidy tree growing away from the centre. Deterministic and linear in the number of
/// nodes; `root` may be the roadmap or one section (then its skills surround it).
#[must_use]
pub fn layout(root: &MapNode) -> MindMap {
    let flat = flatten(root);
    let n = flat.nodes.len();
    let mut boxes: Vec<NodeBox> = Vec::with_capacity(n);
    let mut meta = Vec::with_capacity(n);
    let mut branches = 0;
    for v in 0..n {
        let node = flat.nodes[v];
        let style = style_of(node, flat.depth[v]);
        let label = normalize_whitespace(&node.label);
        let lines = style.wrap(&label);
        let text_width = lines.iter().map(|l| style.width(l)).fold(0.0, f64::max);
        let (pad_x, pad_y) = padding(&style);
        // The branch (index of the depth-1 ancestor); in pre-order the parent's box came first.
        let section = match v {
            0 => None,
            _ if flat.parent[v] == 0 => {
                branches += 1;
                Some(branches - 1)
            }
            _ => boxes[flat.parent[v]].section,
        };
        boxes.push(NodeBox {
            id: node.id.clone(),
            x: 0.0,
            y: 0.0,
            width: (text_width + TEXT_SLACK + 2.0 * pad_x).ceil(),
            height: lines.len() as f64 * style.line_height + 2.0 * pad_y,
            lines,
            depth: flat.depth[v],
            section,
        });
        meta.push(NodeMeta {
            rtl: is_rtl(&label),
            label,
            url: node.url.clone(),
            kind: node.kind,
            level: node.level,
            parent: (v > 0).then(|| flat.parent[v]),
            side: Side::Centre,
            style,
        });
    }
    let mut map =
        MindMap { boxes, meta, bounds: Bounds { x: 0.0, y: 0.0, width: 0.0, height: 0.0 }, right_count: 0 };
    place(&flat, &mut map);
    map
}

/// Position every box: split the centre's children, lay out both sides, mirror the left one.
fn place(flat: &Flat<'_>, map: &mut MindMap) {
    let n = flat.nodes.len();
    let w: Vec<f64> = map.boxes.iter().map(|b| b.height + SIBLING_GAP).collect();
    let h: Vec<f64> = map.boxes.iter().map(|b| b.width + LEVEL_GAP).collect();
    let shape = Shape { w: &w, h: &h, start: &flat.start, kids: &flat.kids };
    let mut tidy = Tidy::new(n);
    let sections = &flat.kids[flat.start[0]..flat.start[1]];

    // The breadth each section's subtree needs on its own decides the split.
    let mut extents = Vec::with_capacity(sections.len());
    let mut order = Vec::with_capacity(n);
    for &s in sections {
        order.clear();
        order.extend(s..flat.end[s]);
        tidy.run(&shape, &order, |v| &flat.kids[flat.start[v]..flat.start[v + 1]]);
        let (lo, hi) = order.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(tidy.x[v]), hi.max(tidy.x[v] + w[v]))
        });
        extents.push(hi - lo);
    }
    let k = balanced_split(&extents);
    map.right_count = k;

    let root_half_width = map.boxes[0].width / 2.0;
    map.boxes[0].x = -root_half_width;
    map.boxes[0].y = -map.boxes[0].height / 2.0;
    for (side, group) in [(Side::Right, &sections[..k]), (Side::Left, &sections[k..])] {
        if group.is_empty() {
            continue;
        }
        order.clear();
        order.push(0);
        for &s in group {
            order.extend(s..flat.end[s]);
        }
        tidy.run(
            &shape,
            &order,
            |v| {
                if v == 0 { group } else { &flat.kids[flat.start[v]..flat.start[v + 1]] }
            },
        );
        // Put the centre's box centre at breadth 0 and its depth extent around x = 0.
        let centre = tidy.x[0] + w[0] / 2.0;
        for &v in &order[1..] {
            let b = &mut map.boxes[v];
            b.y = tidy.x[v] - centre + SIBLING_GAP / 2.0;
            let depth = tidy.y[v] - root_half_width;
            b.x = match side {
                Side::Left => -depth - b.width,
                _ => depth,
            };
            map.meta[v].side = side;
        }
    }
    map.bounds = bounds(&map.boxes);
}

/// The number of leading sections to put on the right so that both sides need about the same
/// breadth: minimises |right - left| over every contiguous split; ties go to the right side.
pub(crate) fn balanced_split(extents: &[f64]) -> usize {
    let total: f64 = extents.iter().sum();
    let mut best = (f64::INFINITY, extents.len());
    let mut right = 0.0;
    for (i, e) in extents.iter().enumerate() {
        right += e;
        let diff = (right - (total - right)).abs();
        if diff <= best.0 {
            best = (diff, i + 1);
        }
    }
    best.1
}

fn bounds(boxes: &[NodeBox]) -> Bounds {
    let mut lo = (f64::INFINITY, f64::INFINITY);
    let mut hi = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    for b in boxes {
        lo = (lo.0.min(b.x), lo.1.min(b.y));
        hi = (hi.0.max(b.x + b.width), hi.1.max(b.y + b.height));
    }
    Bounds { x: lo.0, y: lo.1, width: hi.0 - lo.0, height: hi.1 - lo.1 }
}
