//! Layout time of the mind map on random trees of 1k, 10k and 100k nodes: the layout must grow
//! linearly (and lay out 10,000 nodes in well under 20 ms in release mode).
//!
//! `cargo bench --bench mindmap_layout` prints the median of several runs per size and the ratios
//! between sizes (10 for linear growth).

use std::hint::black_box;
use std::time::{Duration, Instant};

use trailmap::mindmap::{Level, MapNode, NodeKind, SvgOptions, layout};

/// xorshift64*: a small deterministic generator, so every run measures the same trees.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "model",
    "training",
    "vector",
    "search",
    "prompt",
    "evaluation",
    "retrieval",
    "agents",
    "fine-tuning",
    "embeddings",
    "tokenizer",
    "transformer",
    "latency",
    "guardrails",
    "observability",
    "深層学習",
    "Überblick",
];

fn label(rng: &mut Rng) -> String {
    let words = 1 + rng.below(6);
    (0..words).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

/// A random recursive tree: node i hangs under a uniformly chosen earlier node, so fan-out and
/// depth vary as in real roadmaps that grew over time.
fn random_tree(n: usize, seed: u64) -> MapNode {
    let mut rng = Rng(seed);
    let parent: Vec<usize> = (0..n).map(|i| if i == 0 { 0 } else { rng.below(i) }).collect();
    let mut nodes: Vec<Option<MapNode>> = (0..n)
        .map(|i| {
            Some(MapNode {
                id: format!("n{i}"),
                label: label(&mut rng),
                url: format!("/n{i}/"),
                kind: match i {
                    0 => NodeKind::Root,
                    _ if parent[i] == 0 => NodeKind::Section,
                    _ => NodeKind::Skill,
                },
                level: [Level::Core, Level::Optional, Level::Alternative][rng.below(3)],
                children: Vec::new(),
            })
        })
        .collect();
    for i in (1..n).rev() {
        let mut node = nodes[i].take().expect("each node is moved once");
        node.children.reverse();
        if let Some(p) = nodes[parent[i]].as_mut() {
            p.children.push(node);
        }
    }
    let mut root = nodes[0].take().expect("root");
    root.children.reverse();
    root
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let sizes = [1_000, 10_000, 100_000];
    let mut medians = Vec::new();
    println!(
        "{:>8} {:>6} {:>12} {:>14} {:>12}",
        "nodes", "runs", "layout (ms)", "per node (µs)", "to_svg (ms)"
    );
    for &n in &sizes {
        let tree = random_tree(n, 0x5EED ^ n as u64);
        let runs = if n >= 100_000 { 7 } else { 15 };
        let _ = black_box(layout(&tree)); // warm up
        let times: Vec<Duration> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let map = layout(black_box(&tree));
                let elapsed = start.elapsed();
                black_box(map);
                elapsed
            })
            .collect();
        let m = median(times);
        let map = layout(&tree);
        let start = Instant::now();
        let svg = map.to_svg(&SvgOptions::default());
        let svg_time = start.elapsed();
        black_box(svg);
        println!(
            "{n:>8} {runs:>6} {:>12.3} {:>14.3} {:>12.3}",
            m.as_secs_f64() * 1e3,
            m.as_secs_f64() * 1e6 / n as f64,
            svg_time.as_secs_f64() * 1e3
        );
        medians.push(m);
    }
    for i in 1..sizes.len() {
        println!(
            "time ratio {}k/{}k nodes: {:.2} (linear: {:.0})",
            sizes[i] / 1000,
            sizes[i - 1] / 1000,
            medians[i].as_secs_f64() / medians[i - 1].as_secs_f64(),
            sizes[i] as f64 / sizes[i - 1] as f64
        );
    }
}
