//! Properties of the whole stage over random trees, and end-to-end unit tests: the geometry of the
//! layout (`geometry.rs`) and the markup drawn from it (`markup.rs`). Module-level unit tests live
//! next to the code they test.

use proptest::prelude::*;

use super::*;

mod geometry;
mod markup;

const EPS: f64 = 1e-6;

/// A generated tree before ids and URLs are given out.
#[derive(Debug, Clone)]
pub(super) struct Gen {
    label: String,
    level: u8,
    kids: Vec<Gen>,
}

pub(super) fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[A-Za-z]{1,10}( [A-Za-z]{1,10}){0,3}",
        2 => "[a-z]{1,14}([ /-][a-z]{1,14}){3,20}",
        1 => "[a-z]{40,90}",
        1 => "[\u{4e00}-\u{9fff}\u{3041}-\u{3096}、。]{1,60}",
        1 => "[\u{05d0}-\u{05ea}\u{0627}-\u{064a} ]{1,30}",
        1 => "[<>&\"' a-z\u{1F600}-\u{1F64F}\u{200d}\u{0301}\u{0}\u{1b}\t\n]{0,40}",
        1 => "[ÀÉÎõüßŁŒЖжΩλ\u{1EA0}-\u{1EF9} ]{1,40}",
    ]
}

pub(super) fn tree() -> impl Strategy<Value = Gen> {
    let leaf = (label(), 0u8..3).prop_map(|(label, level)| Gen { label, level, kids: vec![] });
    leaf.prop_recursive(8, 160, 7, |inner| {
        (label(), 0u8..3, prop::collection::vec(inner, 0..7)).prop_map(|(label, level, kids)| Gen {
            label,
            level,
            kids,
        })
    })
}

/// Give out ids and URLs in pre-order, and kinds by depth: root, sections, skills.
pub(super) fn to_map(g: &Gen) -> MapNode {
    fn build(g: &Gen, depth: usize, next: &mut usize) -> MapNode {
        let i = *next;
        *next += 1;
        let kind = match depth {
            0 => NodeKind::Root,
            1 => NodeKind::Section,
            _ => NodeKind::Skill,
        };
        MapNode {
            id: format!("n{i}"),
            label: g.label.clone(),
            url: format!("/n{i}/?a=<b>&c=\"d\""),
            kind,
            level: [Level::Core, Level::Optional, Level::Alternative][usize::from(g.level)],
            children: g.kids.iter().map(|k| build(k, depth + 1, next)).collect(),
        }
    }
    build(g, 0, &mut 0)
}

pub(super) fn pre_order(root: &MapNode) -> Vec<&MapNode> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        out.push(n);
        stack.extend(n.children.iter().rev());
    }
    out
}

pub(super) fn options(standalone: bool) -> SvgOptions {
    SvgOptions {
        standalone,
        title: "Map <of> \"things\" & 'stuff'".into(),
        description: "</svg><script>alert(1)</script>".into(),
        cross_links: vec![
            CrossLink { from: "n1".into(), to: "n3".into() },
            CrossLink { from: "n2".into(), to: "n0".into() },
            CrossLink { from: "missing".into(), to: "n1".into() },
        ],
        id_prefix: "m1-".into(),
        legend: None,
    }
}

pub(super) fn skill(id: &str, label: &str) -> MapNode {
    MapNode {
        id: id.into(),
        label: label.into(),
        url: format!("/{id}/"),
        kind: NodeKind::Skill,
        level: Level::Core,
        children: vec![],
    }
}

pub(super) fn section(id: &str, skills: usize) -> MapNode {
    MapNode {
        kind: NodeKind::Section,
        children: (0..skills).map(|i| skill(&format!("{id}-{i}"), "Skill")).collect(),
        ..skill(id, id)
    }
}
