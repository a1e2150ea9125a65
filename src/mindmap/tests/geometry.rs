//! The layout's geometry: no overlaps, children one gap away on their side, siblings in order,
//! parents centred, labels inside their boxes, a balanced and contiguous split.

use proptest::prelude::*;

use super::super::layout::{LEVEL_GAP, SIBLING_GAP, Side, balanced_split, padding};
use super::super::text::{MAX_LINE_WIDTH, clusters};
use super::super::*;
use super::{EPS, pre_order, section, skill, to_map, tree};

/// Up to this many boxes, every pair is checked for overlap on top of the sweep.
const ALL_PAIRS_LIMIT: usize = 400;

fn overlap_1d(a0: f64, a1: f64, b0: f64, b1: f64) -> bool {
    a0 < b1 - EPS && b0 < a1 - EPS
}

/// No two boxes overlap; boxes that share any horizontal extent are at least the sibling gap
/// apart vertically. All pairs for small maps, a sweep over x for big ones.
fn check_no_overlap(map: &MindMap) -> Result<(), TestCaseError> {
    let b = &map.boxes;
    let mut order: Vec<usize> = (0..b.len()).collect();
    order.sort_by(|&i, &j| b[i].x.total_cmp(&b[j].x));
    for (oi, &i) in order.iter().enumerate() {
        for &j in &order[oi + 1..] {
            if b[j].x >= b[i].x + b[i].width - EPS {
                break;
            }
            let (p, q) = (&b[i], &b[j]);
            let gap = (q.y - (p.y + p.height)).max(p.y - (q.y + q.height));
            prop_assert!(
                gap >= SIBLING_GAP - EPS,
                "boxes {} and {} overlap or touch: {p:?} {q:?}",
                p.id,
                q.id
            );
        }
    }
    if b.len() <= ALL_PAIRS_LIMIT {
        for i in 0..b.len() {
            for j in i + 1..b.len() {
                let (p, q) = (&b[i], &b[j]);
                let both = overlap_1d(p.x, p.x + p.width, q.x, q.x + q.width)
                    && overlap_1d(p.y, p.y + p.height, q.y, q.y + q.height);
                prop_assert!(!both, "{} overlaps {}", p.id, q.id);
            }
        }
    }
    Ok(())
}

fn check_geometry(root: &MapNode, map: &MindMap) -> Result<(), TestCaseError> {
    let nodes = pre_order(root);
    prop_assert_eq!(nodes.len(), map.boxes.len());
    let boxes = &map.boxes;
    // Children of each box, in order.
    let mut kids = vec![Vec::new(); boxes.len()];
    for (v, m) in map.meta.iter().enumerate() {
        if let Some(p) = m.parent {
            kids[p].push(v);
        }
    }
    for (v, (b, node)) in boxes.iter().zip(&nodes).enumerate() {
        prop_assert_eq!(&b.id, &node.id);
        let m = &map.meta[v];
        // Every child sits one gap away from its parent, on its side.
        if let Some(p) = m.parent {
            let a = &boxes[p];
            match m.side {
                Side::Right => prop_assert!((b.x - (a.x + a.width + LEVEL_GAP)).abs() < EPS),
                Side::Left => prop_assert!((b.x + b.width - (a.x - LEVEL_GAP)).abs() < EPS),
                Side::Centre => prop_assert!(false, "only the root is in the centre"),
            }
            if p != 0 {
                prop_assert_eq!(m.side, map.meta[p].side);
            }
        }
        // The label fits: every line within the limit and the box, all lines within the box.
        let style = m.style;
        let (pad_x, pad_y) = padding(&style);
        for line in &b.lines {
            let w = style.width(line);
            prop_assert!(w <= MAX_LINE_WIDTH + EPS || clusters_of(line) == 1, "line too long: {line:?}");
            prop_assert!(w + 2.0 * pad_x <= b.width + EPS, "{line:?} ({w}) overflows {b:?}");
        }
        prop_assert!(b.lines.len() as f64 * style.line_height + 2.0 * pad_y <= b.height + EPS);
        let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(squeeze(&b.lines.concat()), squeeze(&node.label));
        // Siblings keep their order top to bottom, and the parent is centred on their span.
        for side in [Side::Right, Side::Left] {
            let ks: Vec<usize> = kids[v].iter().copied().filter(|&k| map.meta[k].side == side).collect();
            for pair in ks.windows(2) {
                let (p, q) = (&boxes[pair[0]], &boxes[pair[1]]);
                prop_assert!(q.y >= p.y + p.height + SIBLING_GAP - EPS, "{} is not below {}", q.id, p.id);
            }
            if let (Some(&first), Some(&last)) = (ks.first(), ks.last()) {
                let span = (boxes[first].y + boxes[last].y + boxes[last].height) / 2.0;
                prop_assert!((b.y + b.height / 2.0 - span).abs() < 1e-6, "{} is not centred", b.id);
            }
        }
    }
    // The centre's children: the first `right_count` on the right, the rest on the left.
    for (i, &k) in kids[0].iter().enumerate() {
        let expected = if i < map.right_count { Side::Right } else { Side::Left };
        prop_assert_eq!(map.meta[k].side, expected);
    }
    check_no_overlap(map)
}

fn clusters_of(line: &str) -> usize {
    clusters(line).len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    #[test]
    fn layout_geometry_holds(g in tree()) {
        let root = to_map(&g);
        let map = layout(&root);
        check_geometry(&root, &map)?;
    }

    #[test]
    fn a_section_in_the_centre_is_laid_out_the_same_way(g in tree()) {
        let mut root = to_map(&g);
        root.kind = NodeKind::Section;
        for child in &mut root.children {
            child.kind = NodeKind::Skill;
        }
        let map = layout(&root);
        check_geometry(&root, &map)?;
        prop_assert!(map.to_svg(&SvgOptions::default()).contains("class=\"mm-node mm-centre\""));
    }

    #[test]
    fn split_minimises_the_difference_between_sides(extents in prop::collection::vec(1.0f64..500.0, 1..12)) {
        let k = balanced_split(&extents);
        prop_assert!((1..=extents.len()).contains(&k));
        let total: f64 = extents.iter().sum();
        let diff = |k: usize| {
            let right: f64 = extents[..k].iter().sum();
            (right - (total - right)).abs()
        };
        for other in 1..=extents.len() {
            prop_assert!(diff(k) <= diff(other) + 1e-9);
        }
    }
}

#[test]
fn split_is_balanced_and_contiguous() {
    // Section heights are 6, 1, 1, 1, 1, 1, 1 skills: the first alone balances the other six.
    let mut root = MapNode { kind: NodeKind::Root, ..skill("root", "Roadmap") };
    root.children =
        [6, 1, 1, 1, 1, 1, 1].iter().enumerate().map(|(i, &n)| section(&format!("s{i}"), n)).collect();
    let map = layout(&root);
    assert_eq!(map.right_count(), 1);
    // Even sections: half and half, in reading order.
    root.children = (0..6).map(|i| section(&format!("s{i}"), 2)).collect();
    let map = layout(&root);
    assert_eq!(map.right_count(), 3);
    let centre = &map.boxes[0];
    for b in map.boxes().filter(|b| b.depth == 1) {
        let right = b.section.is_some_and(|s| s < 3);
        assert_eq!(b.x > centre.x, right, "{} on the wrong side", b.id);
    }
    // Both sides are about equally tall.
    let height = |side: Side| {
        let ys = map.boxes.iter().zip(&map.meta).filter(|(_, m)| m.side == side);
        let (lo, hi) =
            ys.fold((f64::MAX, f64::MIN), |(lo, hi), (b, _)| (lo.min(b.y), hi.max(b.y + b.height)));
        hi - lo
    };
    assert!((height(Side::Right) - height(Side::Left)).abs() < 1.0);
}

#[test]
fn one_section_goes_right_and_a_lone_root_is_centred() {
    let mut root = MapNode { kind: NodeKind::Root, ..skill("root", "Roadmap") };
    let map = layout(&root);
    assert_eq!(map.boxes.len(), 1);
    let b = &map.boxes[0];
    assert!((b.x + b.width / 2.0).abs() < EPS && (b.y + b.height / 2.0).abs() < EPS);
    root.children = vec![section("only", 3)];
    let map = layout(&root);
    assert_eq!(map.right_count(), 1);
    assert!(map.boxes().skip(1).all(|b| b.x > 0.0));
}

#[test]
fn very_deep_and_very_wide_trees_do_not_overflow_the_stack() {
    let mut chain = skill("leaf", "leaf");
    for i in 0..30_000 {
        chain = MapNode { children: vec![chain], ..skill(&format!("n{i}"), "x") };
    }
    let map = layout(&chain);
    assert_eq!(map.boxes.len(), 30_001);
    assert!(map.boxes().skip(1).all(|b| b.x > 0.0));
    let mut next = Some(chain);
    while let Some(mut n) = next {
        next = n.children.pop();
    }
    let mut wide = skill("root", "root");
    wide.children = (0..20_000).map(|i| skill(&format!("k{i}"), "k")).collect();
    let map = layout(&wide);
    assert_eq!(map.boxes.len(), 20_001);
}
