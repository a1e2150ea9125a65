//! Stage 3, layout: the mind maps of a roadmap, drawn once per build from the loaded tree.
//!
//! The landing page shows the whole roadmap while it stays readable, an overview (the
//! sections and their direct skills) beyond that, and only the sections where even that is too
//! big (the page stays light; mindmap.js folds what does not fit anyway); every section page
//! shows its own subtree;
//! `mindmap.svg` is the standalone download.

use rayon::prelude::*;

use crate::mindmap::{self, CrossLink, Level as MapLevel, MapNode, NodeKind as MapKind, SvgOptions};
use crate::resolve::Graph;
use crate::site::{Level, NodeId, NodeKind, Site};
use crate::strings::Strings;

/// Above this many nodes a map is too big to read, and an overview to depth 2 is drawn instead.
const READABLE_NODES: usize = 400;
/// The standalone file draws the whole roadmap up to this size.
const STANDALONE_NODES: usize = 5000;

/// A number that changes whenever anything the maps show changes: titles, levels, URLs, the tree
/// and the prerequisites, and the interface text.
pub fn key(site: &Site, graph: &Graph, strings: &Strings) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut h = DefaultHasher::new();
    strings.hash(&mut h);
    site.config.base_path().hash(&mut h);
    for (n, node) in site.nodes.iter().enumerate() {
        (&node.id, &node.title, node.level.name(), &node.path, &node.children, &graph.prerequisites[n])
            .hash(&mut h);
    }
    h.finish()
}

/// The drawn maps of a roadmap, for the pages and the standalone file.
#[derive(Debug, Clone, Default)]
pub struct Maps {
    /// The landing page's map of the whole roadmap, with its legend and text list (HTML).
    pub landing: String,
    /// Each section's map, by node index (empty for other nodes).
    pub sections: Vec<String>,
    /// `mindmap.svg`, the standalone download.
    pub standalone: String,
}

/// Draws every map of the roadmap, its names and legends in the language of `strings`.
pub fn draw(site: &Site, graph: &Graph, strings: &Strings) -> Maps {
    draw_some(site, graph, strings, true)
}

/// [`draw`] but the sections' maps (`sections` is empty): each is drawn by [`section_map`] when
/// its page renders.
pub fn draw_without_sections(site: &Site, graph: &Graph, strings: &Strings) -> Maps {
    draw_some(site, graph, strings, false)
}

fn draw_some(site: &Site, graph: &Graph, strings: &Strings, sections: bool) -> Maps {
    let cross_links: Vec<CrossLink> = graph
        .prerequisites
        .iter()
        .enumerate()
        .flat_map(|(to, from)| {
            from.iter().map(move |&from| CrossLink {
                from: site.nodes[from].id.clone(),
                to: site.nodes[to].id.clone(),
            })
        })
        .collect();
    let total = site.nodes.len();
    // The sections and their skills while they stay readable (and the page light), else the sections.
    let sections_and_skills =
        1 + site.root().children.iter().map(|&s| 1 + site.nodes[s].children.len()).sum::<usize>();
    let landing_depth = match total {
        _ if total <= READABLE_NODES => usize::MAX,
        _ if sections_and_skills <= READABLE_NODES => 2,
        _ => 1,
    };
    let title = &site.root().title;

    let landing = tree(site, 0, landing_depth);
    let title = match landing_depth {
        usize::MAX => strings.format("map.title", &[("title", title)]),
        2 => strings.format("map.title_overview", &[("title", title)]),
        _ => strings.format("map.title_sections", &[("title", title)]),
    };
    let standalone_depth = if total <= STANDALONE_NODES { usize::MAX } else { 2 };
    // The landing page's map and the standalone file, beside the sections' maps.
    let ((landing_map, standalone), section_maps) = rayon::join(
        || {
            let laid_out = mindmap::layout(&landing);
            let landing_map = inline_laid_out(
                &landing,
                &laid_out,
                &SvgOptions {
                    standalone: false,
                    title,
                    description: describe(site, 0, strings),
                    cross_links: cross_links.clone(),
                    id_prefix: "map-".into(),
                    legend: legend(strings),
                },
                strings,
            );
            let options = SvgOptions {
                standalone: true,
                title: strings.format("map.title", &[("title", &site.root().title)]),
                description: describe(site, 0, strings),
                cross_links: cross_links.clone(),
                id_prefix: "m-".into(),
                legend: legend(strings),
            };
            // Often the same tree as the landing page's: laid out once.
            let standalone = if standalone_depth == landing_depth {
                laid_out.to_svg(&options)
            } else {
                mindmap::layout(&tree(site, 0, standalone_depth)).to_svg(&options)
            };
            (landing_map, standalone)
        },
        || if sections { section_maps(site, graph, strings) } else { Vec::new() },
    );
    Maps { landing: landing_map, sections: section_maps, standalone }
}

/// The map of each section, by node index (empty for other nodes).
fn section_maps(site: &Site, graph: &Graph, strings: &Strings) -> Vec<String> {
    let drawn: Vec<(NodeId, String)> = site
        .root()
        .children
        .par_iter()
        .map(|&section| (section, section_map(site, graph, strings, section)))
        .collect();
    let mut section_maps = vec![String::new(); site.nodes.len()];
    for (section, map) in drawn {
        section_maps[section] = map;
    }
    section_maps
}

/// The map of one section, with the cross-links inside it only. A build that keeps nothing for
/// a next one draws each when its page renders (see [`draw_without_sections`]) rather than
/// holding them all: 150 MB on a roadmap of 100,000 skills.
pub fn section_map(site: &Site, graph: &Graph, strings: &Strings, section: NodeId) -> String {
    let mut members = Vec::new();
    let mut stack = vec![section];
    while let Some(n) = stack.pop() {
        members.push(n);
        stack.extend(&site.nodes[n].children);
    }
    members.sort_unstable();
    let cross_links = members
        .iter()
        .flat_map(|&to| graph.prerequisites[to].iter().map(move |&from| (from, to)))
        .filter(|&(from, _)| site.section_of(from) == Some(section))
        .map(|(from, to)| CrossLink { from: site.nodes[from].id.clone(), to: site.nodes[to].id.clone() })
        .collect();
    let depth = if members.len() <= READABLE_NODES { usize::MAX } else { 2 };
    let node = tree(site, section, depth);
    inline(
        &node,
        &SvgOptions {
            standalone: false,
            title: strings.format("map.title", &[("title", &site.nodes[section].title)]),
            description: describe(site, section, strings),
            cross_links,
            id_prefix: format!("map-{}-", site.nodes[section].id),
            legend: legend(strings),
        },
        strings,
    )
}

/// The map with its legend and its text equivalent, as the templates place it.
fn inline(node: &MapNode, options: &SvgOptions, strings: &Strings) -> String {
    inline_laid_out(node, &mindmap::layout(node), options, strings)
}

/// The names of the levels (core, optional, alternative) in the maps' legends.
fn legend(strings: &Strings) -> Option<[String; 3]> {
    Some(["map.core", "map.optional", "map.alternative"].map(|key| strings.get(key).to_string()))
}

/// [`inline`], for a map already laid out.
fn inline_laid_out(
    node: &MapNode,
    laid_out: &mindmap::MindMap,
    options: &SvgOptions,
    strings: &Strings,
) -> String {
    let svg = laid_out.to_svg(options);
    format!(
        "<div class=\"mindmap\">{svg}</div>\n{print}{legend}\n<details class=\"map-outline\"><summary>{list}</summary>\n{outline}</details>\n",
        print = laid_out.print_parts(),
        legend = mindmap::legend_html(options.legend.as_ref()),
        list = strings.format_html("map.as_list", &[]),
        outline = mindmap::outline_html(node),
    )
}

fn describe(site: &Site, node: NodeId, strings: &Strings) -> String {
    let n = &site.nodes[node];
    let children: Vec<&str> = n.children.iter().map(|&c| site.nodes[c].title.as_str()).collect();
    let key = strings.plural_key("map.description", children.len() as u64);
    let count = children.len().to_string();
    let list = children.join(strings.get("map.list_separator"));
    strings.format(&key, &[("title", &n.title), ("count", &count), ("children", &list)])
}

/// The map tree below `node`, `depth` levels deep.
fn tree(site: &Site, node: NodeId, depth: usize) -> MapNode {
    let n = &site.nodes[node];
    let children =
        if depth == 0 { Vec::new() } else { n.children.iter().map(|&c| tree(site, c, depth - 1)).collect() };
    map_node(site, node, site.url(node), children)
}

/// One node of a map tree: `node` as the layout sees it, linking to `url`, over `children`.
pub(crate) fn map_node(site: &Site, node: NodeId, url: String, children: Vec<MapNode>) -> MapNode {
    let n = &site.nodes[node];
    MapNode {
        id: n.id.clone(),
        label: n.title.clone(),
        url,
        kind: match n.kind {
            NodeKind::Root => MapKind::Root,
            NodeKind::Section => MapKind::Section,
            // Standalone pages are not in the tree the maps draw.
            NodeKind::Skill | NodeKind::Page => MapKind::Skill,
        },
        level: match n.level {
            Level::Core => MapLevel::Core,
            Level::Optional => MapLevel::Optional,
            Level::Alternative => MapLevel::Alternative,
        },
        children,
    }
}
