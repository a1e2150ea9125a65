//! What each page of the roadmap depends on, as one number: a rebuild re-renders a page only
//! when its number changed. A page depends on its own file, on the site-wide values, and on the
//! "card" (id, title, summary, level, place in the tree) of every other page it shows: its
//! ancestors, children and descendants, its neighbours in reading order, its prerequisites,
//! related skills, back-links and body links; the landing page shows every card, the FAQ and
//! the map, a section page its map; the print edition, everything.
//!
//! `tests/session.rs` checks that incremental rebuilds equal full builds after each kind of
//! edit; a new context field that reads another page must add that page here.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::map::Maps;
use crate::render::context::ReadingOrder;
use crate::resolve::Graph;
use crate::site::{NodeId, NodeKind, Site};

pub struct Dependencies {
    global: u64,
    cards: Vec<u64>,
    /// Every card in reading order, and the FAQ: what the landing page lists.
    everything: u64,
}

impl Dependencies {
    pub fn new(site: &Site, graph: &Graph, global: u64) -> Self {
        let cards: Vec<u64> = site
            .nodes
            .iter()
            .map(|n| {
                let mut h = DefaultHasher::new();
                (&n.id, &n.title, &n.summary, &n.question, n.level.name(), &n.path, n.depth).hash(&mut h);
                (n.kind as u8).hash(&mut h);
                n.children.len().hash(&mut h);
                h.finish()
            })
            .collect();
        let mut h = DefaultHasher::new();
        cards.hash(&mut h);
        if let Some(faq) = &site.faq {
            faq.source.text.hash(&mut h);
            for link in &graph.faq_links {
                (link, link.node().map(|n| cards[n])).hash(&mut h);
            }
        }
        Dependencies { global, cards, everything: h.finish() }
    }

    /// The fingerprint of the print edition, which shows every page's card and text, their
    /// prerequisites and links, the FAQ and the landing page's map.
    pub fn print(&self, site: &Site, graph: &Graph, maps: &Maps) -> u64 {
        let mut h = DefaultHasher::new();
        (self.global, self.everything).hash(&mut h);
        maps.landing.hash(&mut h);
        let (_, abridged) = crate::render::print::abridged(site);
        for (n, node) in site.nodes.iter().enumerate() {
            if abridged && node.kind == NodeKind::Skill {
                // Without its text: the card and the resources.
                for resource in &node.resources {
                    (&resource.title, &resource.url, resource.kind.name()).hash(&mut h);
                }
            } else {
                node.source_hash.hash(&mut h);
            }
            graph.prerequisites[n].len().hash(&mut h);
            for &p in &graph.prerequisites[n] {
                self.cards[p].hash(&mut h);
            }
            graph.links[n].len().hash(&mut h);
            for link in &graph.links[n] {
                (link, link.node().map(|t| self.cards[t])).hash(&mut h);
            }
        }
        h.finish()
    }

    /// The fingerprint of the page of `node`.
    pub fn page(&self, site: &Site, graph: &Graph, order: &ReadingOrder, node: NodeId, maps: &Maps) -> u64 {
        let n = &site.nodes[node];
        let mut h = DefaultHasher::new();
        self.global.hash(&mut h);
        n.source_hash.hash(&mut h);
        self.cards[node].hash(&mut h);
        let shown = |nodes: &[NodeId], h: &mut DefaultHasher| {
            nodes.len().hash(h);
            for &other in nodes {
                self.cards[other].hash(h);
            }
        };
        shown(&site.ancestors(node), &mut h);
        shown(&graph.prerequisites[node], &mut h);
        shown(&graph.related_both_ways[node], &mut h);
        shown(&graph.needed_by[node], &mut h);
        shown(&graph.mentioned_in[node], &mut h);
        shown(&n.children, &mut h);
        crate::render::context::hue(site, node).hash(&mut h);
        // The section tree beside the text: the sub-skills of every ancestor below the root.
        for a in site.ancestors(node).into_iter().skip(1) {
            shown(&site.nodes[a].children, &mut h);
        }
        for link in &graph.links[node] {
            (link, link.node().map(|n| self.cards[n])).hash(&mut h);
        }
        // The trail: its length and the steps it shows.
        if !graph.prerequisites[node].is_empty() {
            let trail = graph.trails.trail(graph, node, crate::trail::NEAREST);
            trail.total.hash(&mut h);
            for &step in &trail.steps {
                (self.cards[step], graph.prerequisites[node].contains(&step)).hash(&mut h);
            }
        }
        if let Some(place) = order.place[node] {
            let neighbours = [place.checked_sub(1), Some(place + 1)];
            for neighbour in neighbours.map(|p| p.and_then(|p| order.skills.get(p))) {
                neighbour.map(|&s| self.cards[s]).hash(&mut h);
            }
        }
        match n.kind {
            NodeKind::Root => {
                self.everything.hash(&mut h);
                // "Start with …": the first skill of the learning order.
                graph.trails.skills(site).next().map(|s| self.cards[s]).hash(&mut h);
                maps.landing.hash(&mut h);
            }
            NodeKind::Page => {}
            NodeKind::Section | NodeKind::Skill => {
                // The descendants listed on section pages and on skills with sub-skills.
                let mut stack: Vec<NodeId> = n.children.clone();
                while let Some(d) = stack.pop() {
                    self.cards[d].hash(&mut h);
                    stack.extend(&site.nodes[d].children);
                }
                if n.kind == NodeKind::Section {
                    maps.sections.get(node).hash(&mut h);
                }
            }
        }
        h.finish()
    }
}
