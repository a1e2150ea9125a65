//! The non-layered tidy tree of A. van der Ploeg, "Drawing non-layered tidy trees in linear time",
//! Software: Practice and Experience 44(12), 2014: Walker's algorithm as improved by Buchheim et al.,
//! extended to nodes of different sizes that are not aligned in layers.
//!
//! The paper's axes are kept in the names: *breadth* (`x`, `w`) is the axis along which siblings are
//! separated, *depth* (`y`, `h`) the axis from a parent to its children. The mind map runs depth
//! horizontally and breadth vertically, so the paper's `x` becomes the map's y.
//!
//! Every node is visited a constant number of times (contours are followed through threads, and
//! the lowest node of each subtree is tracked as the "extreme" node), so the layout is linear in
//! the number of nodes. Both walks are iterative: no recursion, whatever the depth of the tree.

const NONE: usize = usize::MAX;

/// The shape of the tree to lay out: sizes and children of nodes numbered `0..n`.
pub(crate) struct Shape<'a> {
    /// Breadth of each node (its extent along the sibling axis, spacing included).
    pub(crate) w: &'a [f64],
    /// Depth of each node (the distance from its depth position to its children's).
    pub(crate) h: &'a [f64],
    /// Children of each node, in order: `kids[start[v]..start[v + 1]]`.
    pub(crate) start: &'a [usize],
    pub(crate) kids: &'a [usize],
}

/// Working state for laying out trees over the nodes of one [`Shape`]; reused between runs so that
/// laying out several subtrees of one map allocates once.
pub(crate) struct Tidy {
    /// Breadth position (the left, or top, side of the node's breadth extent) after a run.
    pub(crate) x: Vec<f64>,
    /// Depth position after a run.
    pub(crate) y: Vec<f64>,
    prelim: Vec<f64>,
    modifier: Vec<f64>,
    shift: Vec<f64>,
    change: Vec<f64>,
    thread_left: Vec<usize>,
    thread_right: Vec<usize>,
    extreme_left: Vec<usize>,
    extreme_right: Vec<usize>,
    modsum_el: Vec<f64>,
    modsum_er: Vec<f64>,
    /// Sum of modifiers along the path from the root, during the second walk.
    modsum: Vec<f64>,
    /// The paper's IYL list (index, lowest depth) as a stack whose top is the list's head.
    iyl: Vec<(f64, usize)>,
    /// Steps taken along contours since creation: linear in the nodes laid out (tested).
    pub(crate) contour_steps: u64,
}

impl Tidy {
    pub(crate) fn new(n: usize) -> Self {
        Tidy {
            x: vec![0.0; n],
            y: vec![0.0; n],
            prelim: vec![0.0; n],
            modifier: vec![0.0; n],
            shift: vec![0.0; n],
            change: vec![0.0; n],
            thread_left: vec![NONE; n],
            thread_right: vec![NONE; n],
            extreme_left: vec![NONE; n],
            extreme_right: vec![NONE; n],
            modsum_el: vec![0.0; n],
            modsum_er: vec![0.0; n],
            modsum: vec![0.0; n],
            iyl: Vec::new(),
            contour_steps: 0,
        }
    }

    /// Lay out the tree rooted at `order[0]`, whose nodes are `order` in pre-order, with `kids_of`
    /// giving each node's children (so a caller can lay out a root with only some of its children).
    /// Afterwards `x` and `y` hold the positions of the nodes in `order`, the root at depth 0.
    pub(crate) fn run<'k>(
        &mut self,
        shape: &Shape<'_>,
        order: &[usize],
        kids_of: impl Fn(usize) -> &'k [usize],
    ) {
        let Some(&root) = order.first() else { return };
        for &v in order {
            self.prelim[v] = 0.0;
            self.modifier[v] = 0.0;
            self.shift[v] = 0.0;
            self.change[v] = 0.0;
            self.thread_left[v] = NONE;
            self.thread_right[v] = NONE;
        }
        self.y[root] = 0.0;
        for &v in order {
            let below = self.y[v] + shape.h[v];
            for &c in kids_of(v) {
                self.y[c] = below;
            }
        }
        // First walk: children before parents, i.e. reverse pre-order.
        for &v in order.iter().rev() {
            self.first_walk(shape, v, kids_of(v));
        }
        // Second walk: parents before children.
        self.modsum[root] = 0.0;
        for &v in order {
            let total = self.modsum[v] + self.modifier[v];
            self.x[v] = self.prelim[v] + total;
            let kids = kids_of(v);
            self.add_child_spacing(kids);
            for &c in kids {
                self.modsum[c] = total;
            }
        }
    }

    fn first_walk(&mut self, shape: &Shape<'_>, v: usize, kids: &[usize]) {
        if kids.is_empty() {
            self.set_extremes(v, kids);
            return;
        }
        self.iyl.clear();
        let first = kids[0];
        self.update_iyl(self.bottom(shape, self.extreme_left[first]), 0);
        for i in 1..kids.len() {
            let min_y = self.bottom(shape, self.extreme_right[kids[i]]);
            self.separate(shape, kids, i);
            self.update_iyl(min_y, i);
        }
        self.position_root(shape, v, kids);
        self.set_extremes(v, kids);
    }

    fn set_extremes(&mut self, v: usize, kids: &[usize]) {
        match (kids.first(), kids.last()) {
            (Some(&first), Some(&last)) => {
                self.extreme_left[v] = self.extreme_left[first];
                self.modsum_el[v] = self.modsum_el[first];
                self.extreme_right[v] = self.extreme_right[last];
                self.modsum_er[v] = self.modsum_er[last];
            }
            _ => {
                self.extreme_left[v] = v;
                self.extreme_right[v] = v;
                self.modsum_el[v] = 0.0;
                self.modsum_er[v] = 0.0;
            }
        }
    }

    fn bottom(&self, shape: &Shape<'_>, v: usize) -> f64 {
        self.y[v] + shape.h[v]
    }

    fn next_left_contour(&self, shape: &Shape<'_>, v: usize) -> usize {
        let (a, b) = (shape.start[v], shape.start[v + 1]);
        if a == b { self.thread_left[v] } else { shape.kids[a] }
    }

    fn next_right_contour(&self, shape: &Shape<'_>, v: usize) -> usize {
        let (a, b) = (shape.start[v], shape.start[v + 1]);
        if a == b { self.thread_right[v] } else { shape.kids[b - 1] }
    }

    /// Push child subtree `i` against its left siblings, following the right contour of the left
    /// siblings and the left contour of the new subtree, then thread the shorter contour on.
    fn separate(&mut self, shape: &Shape<'_>, kids: &[usize], i: usize) {
        let mut sr = kids[i - 1];
        let mut mssr = self.modifier[sr];
        let mut cl = kids[i];
        let mut mscl = self.modifier[cl];
        let mut cursor = self.iyl.len() - 1;
        while sr != NONE && cl != NONE {
            self.contour_steps += 1;
            if self.bottom(shape, sr) > self.iyl[cursor].0 && cursor > 0 {
                cursor -= 1;
            }
            let dist = (mssr + self.prelim[sr] + shape.w[sr]) - (mscl + self.prelim[cl]);
            if dist > 0.0 {
                mscl += dist;
                self.move_subtree(kids, i, self.iyl[cursor].1, dist);
            }
            let sy = self.bottom(shape, sr);
            let cy = self.bottom(shape, cl);
            if sy <= cy {
                sr = self.next_right_contour(shape, sr);
                if sr != NONE {
                    mssr += self.modifier[sr];
                }
            }
            if sy >= cy {
                cl = self.next_left_contour(shape, cl);
                if cl != NONE {
                    mscl += self.modifier[cl];
                }
            }
        }
        if sr == NONE && cl != NONE {
            self.set_left_thread(kids, i, cl, mscl);
        } else if sr != NONE && cl == NONE {
            self.set_right_thread(kids, i, sr, mssr);
        }
    }

    fn move_subtree(&mut self, kids: &[usize], i: usize, si: usize, dist: f64) {
        let c = kids[i];
        self.modifier[c] += dist;
        self.modsum_el[c] += dist;
        self.modsum_er[c] += dist;
        // Spread the move over the siblings between the one that caused it and the moved one.
        if si != i - 1 {
            let nr = (i - si) as f64;
            self.shift[kids[si + 1]] += dist / nr;
            self.shift[c] -= dist / nr;
            self.change[c] -= dist - dist / nr;
        }
    }

    fn set_left_thread(&mut self, kids: &[usize], i: usize, cl: usize, modsum_cl: f64) {
        let first = kids[0];
        let li = self.extreme_left[first];
        self.thread_left[li] = cl;
        // Adjust the modifier so that following the thread sums to the right value, and the
        // preliminary position so that the node itself does not move.
        let diff = (modsum_cl - self.modifier[cl]) - self.modsum_el[first];
        self.modifier[li] += diff;
        self.prelim[li] -= diff;
        self.extreme_left[first] = self.extreme_left[kids[i]];
        self.modsum_el[first] = self.modsum_el[kids[i]];
    }

    fn set_right_thread(&mut self, kids: &[usize], i: usize, sr: usize, modsum_sr: f64) {
        let current = kids[i];
        let ri = self.extreme_right[current];
        self.thread_right[ri] = sr;
        let diff = (modsum_sr - self.modifier[sr]) - self.modsum_er[current];
        self.modifier[ri] += diff;
        self.prelim[ri] -= diff;
        self.extreme_right[current] = self.extreme_right[kids[i - 1]];
        self.modsum_er[current] = self.modsum_er[kids[i - 1]];
    }

    /// Centre the parent on the span of its first and last child.
    fn position_root(&mut self, shape: &Shape<'_>, v: usize, kids: &[usize]) {
        let (first, last) = (kids[0], kids[kids.len() - 1]);
        self.prelim[v] = (self.prelim[first]
            + self.modifier[first]
            + self.modifier[last]
            + self.prelim[last]
            + shape.w[last])
            / 2.0
            - shape.w[v] / 2.0;
    }

    fn add_child_spacing(&mut self, kids: &[usize]) {
        let mut d = 0.0;
        let mut modsum_delta = 0.0;
        for &c in kids {
            d += self.shift[c];
            modsum_delta += d + self.change[c];
            self.modifier[c] += modsum_delta;
        }
    }

    fn update_iyl(&mut self, min_y: f64, i: usize) {
        while self.iyl.last().is_some_and(|&(low, _)| min_y >= low) {
            self.iyl.pop();
        }
        self.iyl.push((min_y, i));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree given by parent links (parents before children) in pre-order, with sizes.
    struct Case {
        w: Vec<f64>,
        h: Vec<f64>,
        start: Vec<usize>,
        kids: Vec<usize>,
    }

    /// Number the tree given by `parent` (parent[i] < i) in pre-order, with pseudo-random sizes.
    fn case(parent: &[usize], seed: u64) -> Case {
        let n = parent.len();
        let mut children = vec![Vec::new(); n];
        for (i, &p) in parent.iter().enumerate().skip(1) {
            children[p].push(i);
        }
        let mut order = Vec::with_capacity(n);
        let mut stack = vec![0];
        while let Some(v) = stack.pop() {
            order.push(v);
            stack.extend(children[v].iter().rev());
        }
        let mut id = vec![0; n];
        for (i, &v) in order.iter().enumerate() {
            id[v] = i;
        }
        let mut rng = seed;
        let mut next = move || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % 1000) as f64
        };
        let (mut start, mut kids) = (vec![0], Vec::new());
        for &v in &order {
            kids.extend(children[v].iter().map(|&c| id[c]));
            start.push(kids.len());
        }
        let w = (0..n).map(|_| 20.0 + next() / 20.0).collect();
        let h = (0..n).map(|_| 50.0 + next() / 4.0).collect();
        Case { w, h, start, kids }
    }

    fn steps(c: &Case) -> u64 {
        let n = c.w.len();
        let shape = Shape { w: &c.w, h: &c.h, start: &c.start, kids: &c.kids };
        let mut tidy = Tidy::new(n);
        let order: Vec<usize> = (0..n).collect();
        tidy.run(&shape, &order, |v| &c.kids[c.start[v]..c.start[v + 1]]);
        tidy.contour_steps
    }

    /// The paper's bound, checked by counting: following contours (threads included) costs O(n)
    /// in total, about two steps per node here, on shapes with long and deep contours.
    #[test]
    fn contour_work_is_linear_whatever_the_shape() {
        let n = 20_000;
        let mut rng = 99u64;
        let mut below = |i: usize| {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng % i as u64) as usize
        };
        let shapes: Vec<(&str, Vec<usize>)> = vec![
            ("random recursive", (0..n).map(|i| if i == 0 { 0 } else { below(i) }).collect()),
            ("complete binary", (0..n).map(|i| i.saturating_sub(1) / 2).collect()),
            ("star", vec![0; n]),
            ("chain", (0..n).map(|i| i.saturating_sub(1)).collect()),
            // Every node of a long spine has a leaf: deep contours on both sides of each join.
            ("caterpillar", (0..n).map(|i| if i % 2 == 1 { i - 1 } else { i.saturating_sub(2) }).collect()),
            // Siblings of growing depth, each a chain: the left contour is long every time.
            ("broom", (0..n).map(|i| if i < 200 { 0 } else { i - 199 }).collect()),
        ];
        for (name, parent) in shapes {
            let s = steps(&case(&parent, 5));
            assert!(s <= 4 * n as u64, "{name}: {s} contour steps for {n} nodes");
        }
    }
}
