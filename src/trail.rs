//! Trails: the way to a skill, every skill that must come before it (the prerequisites of its
//! prerequisites too), each once, in an order a learner can follow.
//!
//! The roadmap gets one learning order, computed once per build: a topological order of the
//! prerequisite graph in which, among the skills ready to learn, the one that comes first in the
//! roadmap's reading order goes first (Kahn's algorithm with a priority queue). A skill's trail
//! is its prerequisites' closure in that order, so a skill never comes before one of its own
//! prerequisites, and ties follow the reading order.
//!
//! A page shows only the [`NEAREST`] steps closest to the skill. They are found by walking the
//! prerequisites from the skill outward, largest place in the learning order first: every step
//! of the trail is reached through steps that come after it, so the walk meets the trail's steps
//! in exactly reverse learning order, and can stop after the nearest ones. How many steps there
//! are in all comes from bit sets of the closures, made in one pass over the learning order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::resolve::Graph;
use crate::site::{NodeId, NodeKind, Site};

/// The steps a skill page shows; longer trails say how many earlier steps there are, and link
/// to the page of the whole learning order, which shows any skill's whole trail (one page for
/// every trail: pages of their own would grow with the square of a deep roadmap).
pub const NEAREST: usize = 40;

/// Above this many nodes the closures' bit sets (n² bits) would cost too much memory; the count
/// of a long trail then comes from walking it whole.
const BITSET_NODES: usize = 16_384;

/// The learning order of a roadmap and what each skill's trail needs.
#[derive(Debug, Clone, Default)]
pub struct Trails {
    /// The nodes in the learning order.
    order: Vec<NodeId>,
    /// Each node's place in `order`.
    place: Vec<usize>,
    /// Each node's number of steps before it (the size of its prerequisites' closure).
    steps: Vec<usize>,
}

/// The trail to one skill, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trail {
    /// The nearest steps (at most [`NEAREST`], or all when asked for), in learning order.
    pub steps: Vec<NodeId>,
    /// How many steps the whole trail has.
    pub total: usize,
}

impl Trail {
    /// How many earlier steps the page leaves out.
    pub fn earlier(&self) -> usize {
        self.total - self.steps.len()
    }
}

impl Trails {
    /// The learning order of `site`'s prerequisite graph (which the resolver checked has no
    /// cycle).
    pub fn new(site: &Site, graph: &Graph) -> Trails {
        Trails::of(site.nodes.len().min(graph.prerequisites.len()), graph)
    }

    /// The learning order of the first `n` nodes of `graph`, whose indices are the reading order.
    fn of(n: usize, graph: &Graph) -> Trails {
        let mut waiting: Vec<usize> = graph.prerequisites.iter().map(Vec::len).collect();
        // Nodes are in reading order already (pre-order), so the smallest index first.
        let mut ready: BinaryHeap<Reverse<NodeId>> =
            (0..n).filter(|&node| waiting[node] == 0).map(Reverse).collect();
        let mut order = Vec::with_capacity(n);
        while let Some(Reverse(node)) = ready.pop() {
            order.push(node);
            for &next in &graph.needed_by[node] {
                waiting[next] -= 1;
                if waiting[next] == 0 {
                    ready.push(Reverse(next));
                }
            }
        }
        // A cycle would leave nodes out; the resolver reports cycles, but never lose a node.
        if order.len() < n {
            let mut placed = vec![false; n];
            order.iter().for_each(|&node| placed[node] = true);
            order.extend((0..n).filter(|&node| !placed[node]));
        }
        let mut place = vec![0; n];
        for (i, &node) in order.iter().enumerate() {
            place[node] = i;
        }
        let mut trails = Trails { order, place, steps: vec![0; n] };
        trails.steps = if n <= BITSET_NODES {
            closure_sizes(&trails.order, graph)
        } else {
            (0..n).map(|node| trails.walk(graph, node, usize::MAX).len()).collect()
        };
        trails
    }

    /// The trail to `node`: its nearest `cap` steps, in learning order, and how many there are.
    pub fn trail(&self, graph: &Graph, node: NodeId, cap: usize) -> Trail {
        let mut steps = self.walk(graph, node, cap);
        steps.reverse();
        Trail { steps, total: self.steps[node] }
    }

    /// The skills of `site` in the learning order.
    pub fn skills<'a>(&'a self, site: &'a Site) -> impl Iterator<Item = NodeId> + 'a {
        self.order.iter().copied().filter(|&node| has_trail(site, node))
    }

    /// The steps of `node`'s trail from the nearest, at most `cap` of them.
    fn walk(&self, graph: &Graph, node: NodeId, cap: usize) -> Vec<NodeId> {
        let mut seen = std::collections::HashSet::new();
        let mut frontier: BinaryHeap<(usize, NodeId)> = BinaryHeap::new();
        for &p in &graph.prerequisites[node] {
            if seen.insert(p) {
                frontier.push((self.place[p], p));
            }
        }
        let mut steps = Vec::new();
        while steps.len() < cap {
            let Some((_, step)) = frontier.pop() else { break };
            steps.push(step);
            for &p in &graph.prerequisites[step] {
                if seen.insert(p) {
                    frontier.push((self.place[p], p));
                }
            }
        }
        steps
    }
}

/// Each node's number of steps before it, from bit sets of the closures built along the learning
/// order (a node's closure is its prerequisites and their closures).
fn closure_sizes(order: &[NodeId], graph: &Graph) -> Vec<usize> {
    let n = order.len();
    let words = n.div_ceil(64);
    let mut sets = vec![0u64; n * words];
    let mut sizes = vec![0; n];
    for &node in order {
        let (before, rest) = sets.split_at_mut(node * words);
        let (mine, after) = rest.split_at_mut(words);
        for &p in &graph.prerequisites[node] {
            // A prerequisite's set is complete: it came earlier in the order.
            let theirs: &[u64] = if p < node {
                &before[p * words..(p + 1) * words]
            } else {
                let at = (p - node - 1) * words;
                &after[at..at + words]
            };
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m |= t;
            }
            mine[p / 64] |= 1 << (p % 64);
        }
        sizes[node] = mine.iter().map(|w| w.count_ones() as usize).sum();
    }
    sizes
}

/// Whether `node` is a skill (sections and the root have no trail of their own).
pub fn has_trail(site: &Site, node: NodeId) -> bool {
    site.nodes[node].kind == NodeKind::Skill
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A graph of `n` nodes with the given prerequisite edges (`(before, after)`).
    fn graph(n: usize, edges: &[(usize, usize)]) -> Graph {
        let mut graph =
            Graph { prerequisites: vec![Vec::new(); n], needed_by: vec![Vec::new(); n], ..Graph::default() };
        for &(before, after) in edges {
            graph.prerequisites[after].push(before);
            graph.needed_by[before].push(after);
        }
        graph
    }

    fn trails(n: usize, edges: &[(usize, usize)]) -> (Graph, Trails) {
        let graph = graph(n, edges);
        let trails = Trails::of(n, &graph);
        (graph, trails)
    }

    /// Checks a trail against the closure worked out the slow way: the same skills, each once,
    /// and never a skill before one of its prerequisites.
    fn check(graph: &Graph, trail: &Trail, node: usize) {
        let mut closure = std::collections::BTreeSet::new();
        let mut stack = graph.prerequisites[node].clone();
        while let Some(p) = stack.pop() {
            if closure.insert(p) {
                stack.extend(&graph.prerequisites[p]);
            }
        }
        assert_eq!(trail.total, closure.len());
        let shown: std::collections::BTreeSet<usize> = trail.steps.iter().copied().collect();
        assert_eq!(shown.len(), trail.steps.len(), "each step once");
        assert!(shown.is_subset(&closure));
        for (i, &step) in trail.steps.iter().enumerate() {
            for &p in &graph.prerequisites[step] {
                if let Some(j) = trail.steps.iter().position(|&s| s == p) {
                    assert!(j < i, "{p} comes after {step}, which needs it");
                }
            }
        }
    }

    #[test]
    fn a_chain_is_its_own_order() {
        let (graph, trails) = trails(5, &[(0, 1), (1, 2), (2, 3), (3, 4)]);
        let trail = trails.trail(&graph, 4, NEAREST);
        assert_eq!(trail, Trail { steps: vec![0, 1, 2, 3], total: 4 });
        check(&graph, &trail, 4);
        assert_eq!(trails.trail(&graph, 0, NEAREST), Trail { steps: vec![], total: 0 });
    }

    #[test]
    fn a_diamond_lists_the_shared_step_once_and_first() {
        // 0 → 1, 0 → 2, 1 → 3, 2 → 3: 0 is on both ways to 3.
        let (graph, trails) = trails(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]);
        let trail = trails.trail(&graph, 3, NEAREST);
        assert_eq!(trail, Trail { steps: vec![0, 1, 2], total: 3 });
        check(&graph, &trail, 3);
    }

    #[test]
    fn ties_follow_the_reading_order_and_prerequisites_win_over_it() {
        // 5 is read first of the independent steps but needs 4; 1 and 2 are independent.
        let (graph, trails) = trails(7, &[(4, 5), (5, 6), (2, 6), (1, 6)]);
        let trail = trails.trail(&graph, 6, NEAREST);
        assert_eq!(trail.steps, vec![1, 2, 4, 5]);
        check(&graph, &trail, 6);
    }

    #[test]
    fn long_trails_show_the_nearest_steps_and_count_the_rest() {
        let n = 100;
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        let (graph, trails) = trails(n, &edges);
        let trail = trails.trail(&graph, n - 1, NEAREST);
        assert_eq!(trail.total, n - 1);
        assert_eq!(trail.steps, ((n - 1 - NEAREST)..n - 1).collect::<Vec<_>>());
        assert_eq!(trail.earlier(), n - 1 - NEAREST);
        check(&graph, &trail, n - 1);
        let whole = trails.trail(&graph, n - 1, usize::MAX);
        assert_eq!(whole.steps, (0..n - 1).collect::<Vec<_>>());
    }

    #[test]
    fn random_graphs_give_valid_trails() {
        // A small generator (no dependency needed): edges only go from lower to higher
        // numbers, so there is no cycle; wide fans and shared steps come up often.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % below.max(1)
        };
        for round in 0..50 {
            let n = 2 + next(120);
            let mut edges = Vec::new();
            for after in 1..n {
                for _ in 0..next(4) {
                    edges.push((next(after), after));
                }
            }
            edges.sort_unstable();
            edges.dedup();
            let (graph, trails) = trails(n, &edges);
            for node in 0..n {
                let cap = if round % 2 == 0 { NEAREST } else { usize::MAX };
                check(&graph, &trails.trail(&graph, node, cap), node);
            }
        }
    }
}
