/* The mind map as a viewer, for each .mindmap > svg.mm. Without it the map scrolls, every node is
 * a link, and the text list below it shows the whole tree.
 *
 * - First view: the whole tree fitted to its box; where its labels would be too small to read,
 *   folded to the deepest level that fits legibly (a note says so).
 * - Fold and unfold any branch (its control, Space, or the arrow keys), expand all, collapse all;
 *   the boxes are laid out again with the layout of src/mindmap/tidy.rs (ported below).
 * - One tab stop: arrow keys move between nodes, Enter (or a click) opens a panel with the skill's
 *   summary, what to learn first and its progress; ctrl/middle click still opens the page.
 * - Pan (drag, two fingers, Shift+arrows), zoom (wheel, pinch, + - 0), full screen, filter by
 *   level, find on the map (`#map=ID`, or trailmap.findOnMap(id)), and the view kept per page
 *   across reloads (sessionStorage). */
(() => {
  'use strict';
  // Interface text in the site's language (trailmap.js reads it from the page).
  const ui = (key, args) => (window.trailmap && window.trailmap.ui ? window.trailmap.ui(key, args) : key);
  const still = matchMedia('(prefers-reduced-motion: reduce)');
  const SVGNS = 'http://www.w3.org/2000/svg';
  const MIN = 0.25, MAX = 8, STEP = 1.25, PAN = 60, SLOP = 5;
  // The smallest label size on screen (px) the first view accepts before it folds a level.
  const LEGIBLE = 10;
  // The twins of SIBLING_GAP, LEVEL_GAP (src/mindmap/layout.rs) and MARGIN (svg.rs).
  const GAP = 10, LEVEL = 48, MARGIN = 16;
  // How far a level is indented in the list layout.
  const INDENT = 28;
  // Above this many nodes shown, folding and unfolding do not animate.
  const ANIMATE_NODES = 600;
  // Above this many nodes shown, the view does not animate a change of zoom.
  const ZOOM_NODES = 120;
  const LEVELS = { all: ui('map_levels_all'), core: ui('map_levels_core'), fade: ui('map_levels_fade') };
  const NONE = -1;

  /** van der Ploeg's non-layered tidy tree, as in src/mindmap/tidy.rs (see there for the why):
   * positions the tree `order` (pre-order, root first) whose children are `kidsOf(v)`. */
  function tidy(T, w, h, order, kidsOf) {
    const { x, y, prelim, mod, shift, change, tl, tr, el, er, msel, mser, modsum } = T;
    const root = order[0];
    for (const v of order) { prelim[v] = mod[v] = shift[v] = change[v] = 0; tl[v] = tr[v] = NONE; }
    y[root] = 0;
    for (const v of order) { const below = y[v] + h[v]; for (const c of kidsOf(v)) y[c] = below; }
    const bottom = (v) => y[v] + h[v];
    const nextL = (v) => { const k = kidsOf(v); return k.length ? k[0] : tl[v]; };
    const nextR = (v) => { const k = kidsOf(v); return k.length ? k[k.length - 1] : tr[v]; };
    let iyl = [];
    const updateIyl = (low, i) => {
      while (iyl.length && low >= iyl[iyl.length - 1][0]) iyl.pop();
      iyl.push([low, i]);
    };
    const extremes = (v, kids) => {
      if (!kids.length) { el[v] = er[v] = v; msel[v] = mser[v] = 0; return; }
      const f = kids[0], l = kids[kids.length - 1];
      el[v] = el[f]; msel[v] = msel[f]; er[v] = er[l]; mser[v] = mser[l];
    };
    const move = (kids, i, si, dist) => {
      const c = kids[i];
      mod[c] += dist; msel[c] += dist; mser[c] += dist;
      if (si !== i - 1) {
        const nr = i - si;
        shift[kids[si + 1]] += dist / nr; shift[c] -= dist / nr; change[c] -= dist - dist / nr;
      }
    };
    const separate = (kids, i) => {
      let sr = kids[i - 1], mssr = mod[sr], cl = kids[i], mscl = mod[cl], cursor = iyl.length - 1;
      while (sr !== NONE && cl !== NONE) {
        if (bottom(sr) > iyl[cursor][0] && cursor > 0) cursor -= 1;
        const dist = (mssr + prelim[sr] + w[sr]) - (mscl + prelim[cl]);
        if (dist > 0) { mscl += dist; move(kids, i, iyl[cursor][1], dist); }
        const sy = bottom(sr), cy = bottom(cl);
        if (sy <= cy) { sr = nextR(sr); if (sr !== NONE) mssr += mod[sr]; }
        if (sy >= cy) { cl = nextL(cl); if (cl !== NONE) mscl += mod[cl]; }
      }
      if (sr === NONE && cl !== NONE) {
        const first = kids[0], li = el[first];
        tl[li] = cl;
        const diff = (mscl - mod[cl]) - msel[first];
        mod[li] += diff; prelim[li] -= diff;
        el[first] = el[kids[i]]; msel[first] = msel[kids[i]];
      } else if (sr !== NONE && cl === NONE) {
        const cur = kids[i], ri = er[cur];
        tr[ri] = sr;
        const diff = (mssr - mod[sr]) - mser[cur];
        mod[ri] += diff; prelim[ri] -= diff;
        er[cur] = er[kids[i - 1]]; mser[cur] = mser[kids[i - 1]];
      }
    };
    for (let o = order.length - 1; o >= 0; o -= 1) {
      const v = order[o], kids = kidsOf(v);
      if (kids.length) {
        iyl = [];
        updateIyl(bottom(el[kids[0]]), 0);
        for (let i = 1; i < kids.length; i += 1) {
          const low = bottom(er[kids[i]]);
          separate(kids, i);
          updateIyl(low, i);
        }
        const f = kids[0], l = kids[kids.length - 1];
        prelim[v] = (prelim[f] + mod[f] + mod[l] + prelim[l] + w[l]) / 2 - w[v] / 2;
      }
      extremes(v, kids);
    }
    modsum[root] = 0;
    for (const v of order) {
      const total = modsum[v] + mod[v];
      x[v] = prelim[v] + total;
      const kids = kidsOf(v);
      let d = 0, md = 0;
      for (const c of kids) { d += shift[c]; md += d + change[c]; mod[c] += md; }
      for (const c of kids) modsum[c] = total;
    }
  }

  /** The twin of balanced_split in src/mindmap/layout.rs. */
  function balancedSplit(extents) {
    const total = extents.reduce((a, b) => a + b, 0);
    let best = [Infinity, extents.length], right = 0;
    extents.forEach((e, i) => {
      right += e;
      const diff = Math.abs(right - (total - right));
      if (diff <= best[0]) best = [diff, i + 1];
    });
    return best[1];
  }

  let serial = 0;
  function enhance(box, index) {
    const svg = box.querySelector(':scope > svg.mm');
    if (!svg || box.classList.contains('mm-js')) return;
    serial += 1;
    const uid = 'mm' + serial;
    const links = [...svg.querySelectorAll('.mm-nodes > a[data-id]')];
    if (!links.length) return;
    const n = links.length;
    const edges = [...svg.querySelectorAll('.mm-edges > path')];
    const nodes = links.map((a, i) => {
      // The drawing's own order (svg.rs): the box, then its label.
      const r = a.firstElementChild, t = r.nextElementSibling;
      const num = (name) => parseFloat(r.getAttribute(name)) || 0;
      const cls = a.classList;
      return {
        a, i, id: a.dataset.id, rect: r,
        parent: i ? +a.dataset.parent : NONE,
        x0: num('x'), y0: num('y'), w: num('width'), h: num('height'),
        font: parseFloat(t && t.getAttribute('font-size')) || 14,
        level: cls.contains('mm-optional') ? 'optional' : cls.contains('mm-alternative') ? 'alternative' : 'core',
        kids: [], edge: edges[i - 1] || null, d: edges[i - 1]?.getAttribute('d'), depth: 0, size: 1,
      };
    });
    for (const v of nodes) if (v.i) { nodes[v.parent].kids.push(v.i); v.depth = nodes[v.parent].depth + 1; }
    for (let i = n - 1; i > 0; i -= 1) nodes[nodes[i].parent].size += nodes[i].size;
    const maxDepth = nodes.reduce((m, v) => Math.max(m, v.depth), 0);
    const xlinks = [...svg.querySelectorAll('.mm-xlinks path[data-from]')];
    const byId = new Map(nodes.map((v) => [v.id, v]));

    // Layout state: the current position of every box (map units), what is shown.
    const px = new Float64Array(n), py = new Float64Array(n);
    nodes.forEach((v) => { px[v.i] = v.x0; py[v.i] = v.y0; });
    const T = {};
    for (const k of ['x', 'y', 'prelim', 'mod', 'shift', 'change', 'msel', 'mser', 'modsum']) T[k] = new Float64Array(n);
    for (const k of ['tl', 'tr', 'el', 'er']) T[k] = new Int32Array(n);
    const bw = new Float64Array(n), bh = new Float64Array(n);
    nodes.forEach((v) => { bw[v.i] = v.h + GAP; bh[v.i] = v.w + LEVEL; });
    // mode: 'two' sides around the centre, 'one' side, or a 'list' (an indented tree, for narrow
    // boxes); left: which nodes are on the left side.
    let folded = new Set(), level = 'all', mode = 'two';
    const left = new Uint8Array(n);
    let shown = new Uint8Array(n), vis = [];

    const visibleTree = (f = folded, lv = level) => {
      const s = new Uint8Array(n), kids = nodes.map(() => []);
      s[0] = 1;
      for (let i = 1; i < n; i += 1) {
        const p = nodes[i].parent;
        if (s[p] && !f.has(p) && (lv !== 'core' || nodes[i].level === 'core')) { s[i] = 1; kids[p].push(i); }
      }
      return { s, kids };
    };
    const preorder = (v, kids, out) => {
      const stack = [v];
      while (stack.length) {
        const u = stack.pop();
        out.push(u);
        for (let k = kids[u].length - 1; k >= 0; k -= 1) stack.push(kids[u][k]);
      }
      return out;
    };
    /** Lay out the tree `kids` in mode `how`: positions into X, Y, sides into L; returns the bounds. */
    const layout = (kids, how, X, Y, L) => {
      const sections = kids[0];
      let k = sections.length;
      L.fill(0);
      if (how === 'list') {
        let y = 0;
        for (const v of preorder(0, kids, [])) {
          X[v] = nodes[v].depth * INDENT; Y[v] = y;
          y += nodes[v].h + GAP;
        }
        return bounds(kids, X, Y);
      }
      if (how === 'two') {
        const extents = sections.map((s) => {
          const order = preorder(s, kids, []);
          tidy(T, bw, bh, order, (v) => kids[v]);
          let lo = Infinity, hi = -Infinity;
          for (const v of order) { lo = Math.min(lo, T.x[v]); hi = Math.max(hi, T.x[v] + bw[v]); }
          return hi - lo;
        });
        k = balancedSplit(extents);
      }
      const half = nodes[0].w / 2;
      X[0] = -half; Y[0] = -nodes[0].h / 2;
      for (const [onLeft, group] of [[0, sections.slice(0, k)], [1, sections.slice(k)]]) {
        if (!group.length) continue;
        const order = [0];
        for (const s of group) preorder(s, kids, order);
        tidy(T, bw, bh, order, (v) => (v === 0 ? group : kids[v]));
        const centre = T.x[0] + bw[0] / 2;
        for (let o = 1; o < order.length; o += 1) {
          const v = order[o], depth = T.y[v] - half;
          Y[v] = T.x[v] - centre + GAP / 2;
          X[v] = onLeft ? -depth - nodes[v].w : depth;
          L[v] = onLeft;
        }
      }
      return bounds(kids, X, Y);
    };
    const bounds = (kids, X, Y) => {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      const stack = [0];
      while (stack.length) {
        const v = stack.pop();
        x0 = Math.min(x0, X[v]); y0 = Math.min(y0, Y[v]);
        x1 = Math.max(x1, X[v] + nodes[v].w); y1 = Math.max(y1, Y[v] + nodes[v].h);
        stack.push(...kids[v]);
      }
      return [x0 - MARGIN, y0 - MARGIN, x1 - x0 + 2 * MARGIN, y1 - y0 + 2 * MARGIN];
    };

    // ----- The box, its toolbar, note and hint. Until the first view is drawn the drawing is
    // not rendered (mm-wait): the layouts the script reads in between (the box's width, the
    // toolbar's height) are then the page's alone, never the whole drawing's, and the drawing is
    // laid out once, folded, in the next frame.
    // The box's inner width, read before any change (the page may well be laid out already):
    // its borders' width rather than clientWidth, which a scroll bar of the page's map narrows.
    let width = box.offsetWidth - 2 * box.clientLeft;
    box.classList.add('mm-js', 'mm-wait');
    box.removeAttribute('tabindex');
    svg.setAttribute('tabindex', '-1');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', ui('map_label'));
    const tools = document.createElement('div');
    tools.className = 'mm-tools';
    const button = (text, label, act, cls = '') => {
      const el = document.createElement('button');
      el.type = 'button';
      el.className = cls;
      el.textContent = text;
      if (label !== text) { el.title = label; el.setAttribute('aria-label', label); }
      el.addEventListener('click', act);
      tools.append(el);
      return el;
    };
    const note = document.createElement('p');
    note.className = 'mm-note';
    note.setAttribute('aria-live', 'polite');
    const hint = document.createElement('p');
    hint.className = 'mm-hint';
    hint.innerHTML = '<span class="mm-hint-fine">' + ui('map_hint_fine') + '</span>'
      + '<span class="mm-hint-touch">' + ui('map_hint_touch') + '</span>';
    box.prepend(tools);
    box.after(hint);
    box.classList.toggle('mm-narrow', width < 560);

    // ----- The view: the transform of the drawing's layers (`view` in map units is the part
    // shown). Moving them re-lays out nothing, where a new viewBox re-lays out every label; the
    // viewBox is the drawing's size on screen (W x H px), known without asking for a layout.
    const layers = [...svg.querySelectorAll(':scope > .mm-edges, :scope > .mm-xlinks, :scope > .mm-nodes')];
    let W = 0, H = 0, printing = false;
    /** The drawing's size on screen, read from a layout. */
    const measure = () => { resized(svg.clientWidth, svg.clientHeight); };
    const resized = (w, h) => {
      if (w === W && h === H) return false;
      W = w; H = h;
      if (W && H && !printing) svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
      return true;
    };
    let home = [0, 0, 1, 1], view = home, anim = 0, touched = false;
    const scale = (v) => Math.min(W / v[2], H / v[3]) || 1;
    const put = (v) => {
      if (printing || !W || !H) {
        // Printed (or not shown): the viewBox is the view, at the paper's size.
        svg.setAttribute('viewBox', v.map((q) => q.toFixed(2)).join(' '));
        for (const g of layers) g.removeAttribute('transform');
        return;
      }
      const s = scale(v), x = (W - v[2] * s) / 2 - v[0] * s, y = (H - v[3] * s) / 2 - v[1] * s;
      const t = `translate(${x.toFixed(2)} ${y.toFixed(2)}) scale(${s.toFixed(5)})`;
      for (const g of layers) g.setAttribute('transform', t);
    };
    const set = (v) => {
      const z = home[2] / v[2], k = z < MIN ? z / MIN : z > MAX ? z / MAX : 1;
      v = [v[0] + v[2] * (1 - k) / 2, v[1] + v[3] * (1 - k) / 2, v[2] * k, v[3] * k];
      // Keep some of the map in sight.
      v[0] = Math.min(Math.max(v[0], home[0] - v[2] * 0.8), home[0] + home[2] - v[2] * 0.2);
      v[1] = Math.min(Math.max(v[1], home[1] - v[3] * 0.8), home[1] + home[3] - v[3] * 0.2);
      view = v;
      put(v);
      keep();
    };
    const go = (v) => {
      cancelAnimationFrame(anim);
      if (still.matches) return set(v);
      const from = view, t0 = performance.now();
      const step = (t) => {
        const k = Math.min(1, Math.max(0, (t - t0) / 200)), e = k * (2 - k);
        set(from.map((q, i) => q + (v[i] - q) * e));
        if (k < 1) anim = requestAnimationFrame(step);
      };
      anim = requestAnimationFrame(step);
    };
    const point = (x, y, v = view) => {
      const r = svg.getBoundingClientRect(), s = scale(v);
      return [v[0] + (x - r.left - (r.width - v[2] * s) / 2) / s, v[1] + (y - r.top - (r.height - v[3] * s) / 2) / s];
    };
    const zoom = (f, p, v = view) => [p[0] - (p[0] - v[0]) / f, p[1] - (p[1] - v[1]) / f, v[2] / f, v[3] / f];
    const pan = (dx, dy, v = view) => [v[0] - dx / scale(v), v[1] - dy / scale(v), v[2], v[3]];
    const mid = () => [view[0] + view[2] / 2, view[1] + view[3] / 2];
    const by = (f) => () => { touched = true; go(zoom(f, mid())); };

    // ----- Drawing a layout: boxes moved by a transform, edges and cross-links redrawn.
    const edgePath = (c, X, Y) => {
      const p = nodes[c].parent, a = nodes[p], b = nodes[c];
      if (mode === 'list') {
        const x = X[p] + INDENT / 2, y = Y[c] + b.h / 2;
        return `M${x.toFixed(1)},${(Y[p] + a.h).toFixed(1)}V${(y - 6).toFixed(1)}Q${x.toFixed(1)},${y.toFixed(1)} ${(x + 6).toFixed(1)},${y.toFixed(1)}H${X[c].toFixed(1)}`;
      }
      const onLeft = left[c];
      const sx = onLeft ? X[p] : X[p] + a.w, ex = onLeft ? X[c] + b.w : X[c];
      const sy = Y[p] + a.h / 2, ey = Y[c] + b.h / 2, mx = (sx + ex) / 2;
      return `M${sx.toFixed(1)},${sy.toFixed(1)}C${mx.toFixed(1)},${sy.toFixed(1)} ${mx.toFixed(1)},${ey.toFixed(1)} ${ex.toFixed(1)},${ey.toFixed(1)}`;
    };
    const crossPath = (i, j, X, Y) => {
      const a = nodes[i], b = nodes[j];
      const [ax, ay, bx, by2] = [X[i], Y[i], X[j], Y[j]];
      const acx = ax + a.w / 2, acy = ay + a.h / 2, bcx = bx + b.w / 2, bcy = by2 + b.h / 2;
      if (bx >= ax + a.w || ax >= bx + b.w) {
        const [sx, ex] = bcx > acx ? [ax + a.w, bx] : [ax, bx + b.w], m = (sx + ex) / 2;
        return `M${sx},${acy}C${m},${acy} ${m},${bcy} ${ex},${bcy}`;
      }
      const [sy, ey] = bcy > acy ? [ay + a.h, by2] : [ay, by2 + b.h], m = (sy + ey) / 2;
      return `M${acx},${sy}C${acx},${m} ${bcx},${m} ${bcx},${ey}`;
    };
    // Only what changed is written: each write costs the browser a style and layout of its node.
    const draw = (X, Y, only) => {
      for (const i of only) {
        const v = nodes[i], dx = X[i] - v.x0, dy = Y[i] - v.y0;
        const t = dx || dy || v.t ? `translate(${dx.toFixed(1)} ${dy.toFixed(1)})` : v.t;
        if (t !== v.t) { v.t = t; v.a.setAttribute('transform', t); }
        if (v.edge) {
          const d = edgePath(i, X, Y);
          if (d !== v.d) { v.d = d; v.edge.setAttribute('d', d); }
        }
      }
    };
    const showOnly = (s) => {
      for (let i = 0; i < n; i += 1) {
        const hide = !s[i];
        if (nodes[i].hidden !== hide) {
          nodes[i].hidden = hide;
          nodes[i].a.classList.toggle('mm-hidden', hide);
          if (nodes[i].edge) nodes[i].edge.classList.toggle('mm-hidden', hide);
        }
      }
      for (const p of xlinks) p.classList.toggle('mm-hidden', !s[+p.dataset.from] || !s[+p.dataset.to]);
    };
    const drawCross = () => {
      for (const p of xlinks) {
        const i = +p.dataset.from, j = +p.dataset.to;
        if (shown[i] && shown[j]) p.setAttribute('d', crossPath(i, j, px, py));
      }
    };
    const marks = () => {
      for (const v of nodes) {
        if (!v.kids.length || !v.i) continue;
        const open = !folded.has(v.i);
        if (open === v.open) continue;
        v.open = open;
        v.a.setAttribute('aria-expanded', String(open));
        const count = v.kids.length;
        v.fold.lastChild.textContent = open ? '\u2212' : count > 99 ? '99+' : String(count);
        v.fold.classList.toggle('mm-folded', !open);
      }
    };

    // The fold control of every node with children: a circle on its outer edge, drawn inside the
    // node's link so that it moves with it. Mouse and touch use it; the keyboard uses Space.
    for (const v of nodes) {
      if (!v.kids.length || !v.i) continue;
      const g = document.createElementNS(SVGNS, 'g');
      g.setAttribute('class', 'mm-fold');
      g.setAttribute('aria-hidden', 'true');
      const hit = document.createElementNS(SVGNS, 'circle');
      hit.setAttribute('class', 'mm-fold-hit');
      hit.setAttribute('r', '16');
      const c = document.createElementNS(SVGNS, 'circle');
      c.setAttribute('r', '9');
      const t = document.createElementNS(SVGNS, 'text');
      t.setAttribute('y', '3.5');
      t.setAttribute('font-size', '10');
      g.append(hit, c, t);
      v.a.append(g);
      v.fold = g;
    }

    /** Each fold control on its node's outer edge: the left one for nodes left of the centre. */
    const placeFolds = () => {
      for (const v of nodes) {
        if (!v.fold || v.foldLeft === left[v.i]) continue;
        v.foldLeft = left[v.i];
        v.fold.setAttribute('transform', `translate(${(left[v.i] ? v.x0 : v.x0 + v.w).toFixed(1)} ${(v.y0 + v.h / 2).toFixed(1)})`);
      }
    };

    /** Show the tree with these folds and level: lay out, then move there (animated, unless many
     * nodes or reduced motion); `anchor` stays put on screen. */
    let moving = 0, drawn = false, count = 0;
    const apply = (anchor = NONE, animate = true) => {
      const t = visibleTree();
      const X = new Float64Array(n), Y = new Float64Array(n);
      const fit = layout(t.kids, mode, X, Y, left);
      placeFolds();
      const before = shown;
      const ax = anchor >= 0 ? X[anchor] - px[anchor] : 0, ay = anchor >= 0 ? Y[anchor] - py[anchor] : 0;
      shown = t.s; vis = t.kids;
      // Fitted, but never larger than the layout's own size.
      home = W && H ? [fit[0] - Math.max(0, W - fit[2]) / 2, fit[1] - Math.max(0, H - fit[3]) / 2, Math.max(fit[2], W), Math.max(fit[3], H)] : fit;
      marks();
      keepStop();
      const list = [];
      for (let i = 0; i < n; i += 1) if (shown[i]) list.push(i);
      count = list.length;
      cancelAnimationFrame(moving);
      if (!animate || still.matches || list.length > ANIMATE_NODES || !drawn) {
        drawn = true;
        px.set(X); py.set(Y);
        showOnly(shown);
        draw(px, py, list);
        drawCross();
        if (anchor >= 0) set([view[0] + ax, view[1] + ay, view[2], view[3]]);
        return;
      }
      // New nodes grow out of their nearest shown ancestor.
      const FX = Float64Array.from(px), FY = Float64Array.from(py);
      for (const i of list) {
        if (before[i]) continue;
        let p = nodes[i].parent;
        while (p > 0 && !before[p]) p = nodes[p].parent;
        FX[i] = FX[p]; FY[i] = FY[p];
      }
      showOnly(shown);
      svg.classList.add('mm-moving');
      const v0 = view, t0 = performance.now();
      const step = (now) => {
        const k = Math.min(1, Math.max(0, (now - t0) / 250)), e = k * (2 - k);
        for (const i of list) { px[i] = FX[i] + (X[i] - FX[i]) * e; py[i] = FY[i] + (Y[i] - FY[i]) * e; }
        draw(px, py, list);
        if (anchor >= 0) set([v0[0] + ax * e, v0[1] + ay * e, v0[2], v0[3]]);
        if (k < 1) moving = requestAnimationFrame(step);
        else { svg.classList.remove('mm-moving'); drawCross(); }
      };
      moving = requestAnimationFrame(step);
    };

    // ----- First view: the deepest fold that keeps every label legible; two sides, one, or a list.
    const smallest = (s) => {
      let f = Infinity;
      for (let i = 0; i < n; i += 1) if (s[i]) f = Math.min(f, nodes[i].font);
      return f;
    };
    // The toolbar's height and the box's borders: read together, in one layout.
    let toolsH = 0, borders = 0;
    const toolsHeight = () => {
      if (!toolsH) { toolsH = tools.offsetHeight; borders = box.offsetHeight - box.clientHeight; }
      return toolsH;
    };
    const frame = (b, width, tall = false) => {
      const wide = innerWidth >= 640;
      // A first level too long for the screen gets a box taller than it, which one finger scrolls past.
      const most = Math.max(260, innerHeight * (box.classList.contains('mm-full') ? 1 : tall ? 1.5 : wide ? 0.75 : 0.62) - toolsHeight());
      // Never drawn larger than the layout's own size: a small map stays its size.
      const h = box.classList.contains('mm-full') ? most : Math.min(most, Math.max(240, Math.min(width, b[2]) * b[3] / b[2]));
      return { h, s: Math.min(1, width / b[2], h / b[3]) };
    };
    const foldTo = (d) => new Set(nodes.filter((v) => v.depth === d && v.kids.length && v.i).map((v) => v.i));
    const firstView = () => {
      toolsHeight();
      const X = new Float64Array(n), Y = new Float64Array(n);
      let pick = null;
      const L = new Uint8Array(n);
      for (let d = 1; d <= Math.max(1, maxDepth); d += 1) {
        const f = foldTo(d), t = visibleTree(f, level), least = smallest(t.s);
        let best = null;
        // A map whose first level alone is too small for the usual frame gets a taller one.
        for (const tall of d === 1 ? [false, true] : [false]) {
          if (best && best.ok) break;
          for (const how of ['two', 'one', 'list']) {
            const fr = frame(layout(t.kids, how, X, Y, L), width, tall);
            // A list only where it is clearly better: the two-sided map is the map.
            if (!best || fr.s > best.fr.s * (how === 'list' ? 1.15 : 1)) best = { d, how, f, fr, ok: fr.s * least >= LEGIBLE };
          }
        }
        if (!best.ok && pick) break;
        pick = best;
        if (!best.ok) break;
      }
      folded = pick.f;
      mode = pick.how;
      if (box.classList.contains('mm-full')) measure();
      else {
        // The drawing's new size follows from the box's (no layout needed): the box less its
        // borders and toolbar. Should it differ, the ResizeObserver corrects it.
        const h = Math.round(pick.fr.h + toolsH);
        box.style.height = h + 'px';
        resized(width, h - borders - toolsH);
      }
      apply(NONE, false);
      set(home);
      const first = nodes[1] && nodes[1].a.classList.contains('mm-section') ? ui('map_showing_sections') : ui('map_showing_first');
      tell(pick.d < maxDepth ? (pick.d === 1 ? first : ui('map_showing_levels', { shown: pick.d, total: maxDepth })) : '');
    };
    const tell = (text) => {
      note.textContent = text;
      note.hidden = !text;
    };
    // A zoom re-lays out every label in each of its frames: a big map jumps to its new fit (its
    // boxes still move, unless there are very many), a frame after the one that shows its new
    // boxes, so that no frame does both. Any other move of the view cancels the jump.
    const refit = () => {
      cancelAnimationFrame(anim);
      if (count > ZOOM_NODES) anim = requestAnimationFrame(() => set(home));
      else go(home);
    };
    const expandAll = () => { folded = new Set(); touched = true; apply(); refit(); tell(''); save(); };
    const collapseAll = () => { folded = foldTo(1); touched = true; apply(); refit(); tell(''); save(); };
    const toggle = (i, animate = true) => {
      if (!nodes[i].kids.length || !i) return;
      if (folded.has(i)) folded.delete(i); else folded.add(i);
      touched = true;
      apply(i, animate);
      const hiddenFocus = document.activeElement && nodes.find((v) => v.hidden && v.a === document.activeElement);
      if (hiddenFocus) focusNode(i);
      tell('');
      save();
    };

    // ----- Toolbar.
    button('+', ui('map_zoom_in'), by(STEP), 'mm-icon mm-roomy');
    button('\u2212', ui('map_zoom_out'), by(1 / STEP), 'mm-icon mm-roomy');
    button(ui('map_fit'), ui('map_fit_label'), () => { touched = true; go(home); }, 'mm-roomy');
    if (maxDepth > 1) {
      button(ui('map_expand'), ui('map_expand'), expandAll);
      button(ui('map_collapse'), ui('map_collapse'), collapseAll);
    }
    const levels = document.createElement('select');
    levels.setAttribute('aria-label', ui('map_levels'));
    levels.className = 'mm-roomy';
    for (const [value, label] of Object.entries(LEVELS)) levels.append(new Option(label, value));
    levels.addEventListener('change', () => setLevel(levels.value));
    if (nodes.some((v) => v.level !== 'core')) tools.append(levels);
    const setLevel = (value) => {
      level = value;
      levels.value = value;
      svg.classList.toggle('mm-fade', value === 'fade');
      touched = true;
      apply();
      refit();
      save();
    };
    if (xlinks.length) {
      const t = button(ui('map_prerequisites'), ui('map_prerequisites'), () => {
        t.setAttribute('aria-pressed', box.classList.toggle('mm-show-xlinks'));
        drawCross();
      });
      t.setAttribute('aria-pressed', 'false');
      t.classList.add('mm-roomy');
    }
    tools.append(note);
    const full = button(ui('map_full'), ui('map_full'), () => setFull(!box.classList.contains('mm-full')), 'mm-full-toggle');
    full.setAttribute('aria-pressed', 'false');

    let placeholder = null;
    const fitWindow = () => {
      const vv = window.visualViewport;
      if (!vv || !box.classList.contains('mm-full')) return;
      Object.assign(box.style, { left: vv.offsetLeft + 'px', top: vv.offsetTop + 'px', width: vv.width + 'px', height: vv.height + 'px' });
    };
    window.visualViewport?.addEventListener('resize', fitWindow);
    window.visualViewport?.addEventListener('scroll', fitWindow);
    const setFull = (on) => {
      if (on === box.classList.contains('mm-full')) return;
      // A fitted view fits the new frame; a zoomed-in one keeps its centre and zoom.
      const centre = mid(), s = scale(view), fitted = s <= scale(home) * 1.05;
      box.classList.toggle('mm-full', on);
      document.documentElement.classList.toggle('mm-no-scroll', on);
      full.setAttribute('aria-pressed', String(on));
      full.textContent = on ? ui('map_full_close') : ui('map_full');
      if (on) {
        // Out of the page's flow into a dialog over it; a placeholder keeps the page still.
        placeholder = document.createElement('div');
        placeholder.style.height = box.offsetHeight + 'px';
        box.before(placeholder);
        box.dataset.height = box.style.height;
        // The visible part of the window: a page wider than a phone's screen makes the layout
        // viewport (what `inset: 0` fills) wider than what shows.
        fitWindow();
        box.setAttribute('role', 'dialog');
        box.setAttribute('aria-modal', 'true');
      } else {
        box.style.height = box.dataset.height || '';
        box.style.width = box.style.left = box.style.top = '';
        placeholder?.remove();
        box.setAttribute('role', 'group');
        box.removeAttribute('aria-modal');
      }
      // The same centre and zoom in the new frame.
      toolsH = 0;
      measure();
      const w = W / s, h = H / s;
      set(fitted ? home : [centre[0] - w / 2, centre[1] - h / 2, w, h]);
      full.focus();
    };

    // ----- Focus: one tab stop (the current node); the arrow keys move it.
    let current = 0;
    // The tab stop never stays on a hidden node: it moves to the nearest shown ancestor.
    const keepStop = () => {
      let i = current;
      while (i > 0 && !shown[i]) i = nodes[i].parent;
      if (i === current) return;
      const had = document.activeElement === links[current];
      links[current].setAttribute('tabindex', '-1');
      current = i;
      links[i].setAttribute('tabindex', '0');
      if (had) links[i].focus({ preventScroll: true });
    };
    links.forEach((a, i) => a.setAttribute('tabindex', i ? '-1' : '0'));
    const focusNode = (i) => {
      links[current].setAttribute('tabindex', '-1');
      current = i;
      links[i].setAttribute('tabindex', '0');
      links[i].focus({ preventScroll: true });
    };
    const reveal = (i) => {
      const x = px[i], y = py[i], w = nodes[i].w, h = nodes[i].h, v = view;
      if (x < v[0] || y < v[1] || x + w > v[0] + v[2] || y + h > v[1] + v[3]) {
        go([x + w / 2 - v[2] / 2, y + h / 2 - v[3] / 2, v[2], v[3]]);
      }
    };
    svg.addEventListener('focusin', (e) => {
      const a = e.target.closest('a[data-id]');
      if (!a) return;
      const i = links.indexOf(a);
      if (i !== current) { links[current].setAttribute('tabindex', '-1'); current = i; a.setAttribute('tabindex', '0'); }
      reveal(i);
    });
    const isLeft = (i) => left[i] === 1;
    const siblings = (i) => {
      if (!i) return [0];
      const p = nodes[i].parent;
      return (vis[p] || []).filter((k) => p || isLeft(k) === isLeft(i));
    };
    const outward = (i, left) => {
      if (!i) {
        const k = vis[0].filter((c) => isLeft(c) === left);
        return k.length ? k[0] : NONE;
      }
      if (isLeft(i) !== left) return nodes[i].parent;
      if (folded.has(i)) { toggle(i); return NONE; }
      return vis[i].length ? vis[i][0] : NONE;
    };
    const moveKeys = {
      ArrowRight: (i) => outward(i, false),
      ArrowLeft: (i) => outward(i, true),
      ArrowUp: (i) => { const s = siblings(i), k = s.indexOf(i); return k > 0 ? s[k - 1] : NONE; },
      ArrowDown: (i) => { const s = siblings(i), k = s.indexOf(i); return k >= 0 && k < s.length - 1 ? s[k + 1] : NONE; },
      Home: () => 0,
    };
    const keys = {
      '+': by(STEP), '=': by(STEP), '-': by(1 / STEP), '0': () => { touched = true; go(home); },
      ArrowLeft: () => go(pan(PAN, 0)), ArrowRight: () => go(pan(-PAN, 0)),
      ArrowUp: () => go(pan(0, PAN)), ArrowDown: () => go(pan(0, -PAN)),
    };
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        // The panel first, then full screen.
        if (panel && !panel.hidden) { e.preventDefault(); unselect(true); } else if (box.classList.contains('mm-full')) { e.preventDefault(); setFull(false); }
        return;
      }
      if (e.altKey || e.ctrlKey || e.metaKey || e.target.closest('.mm-tools, .mm-panel')) return;
      const a = e.target.closest('a[data-id]');
      if (a && !e.shiftKey && moveKeys[e.key]) {
        e.preventDefault();
        const to = moveKeys[e.key](links.indexOf(a));
        if (to >= 0) focusNode(to);
        return;
      }
      if (a && e.key === ' ') { e.preventDefault(); toggle(links.indexOf(a)); return; }
      if (!keys[e.key]) return;
      e.preventDefault();
      touched = true;
      keys[e.key]();
    });

    // ----- Pointer: one pointer drags (a mouse, or a finger in full screen), two pinch.
    const down = new Map();
    let start = null, moved = false;
    const anchorOf = () => {
      const [p, q = p] = down.values();
      return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, d: Math.hypot(p.x - q.x, p.y - q.y), view };
    };
    svg.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (down.size === 1) moved = false;
      start = anchorOf();
    });
    svg.addEventListener('pointermove', (e) => {
      if (!start || !down.has(e.pointerId)) return;
      // Outside full screen one finger scrolls the page; the map needs two.
      if (e.pointerType === 'touch' && down.size < 2 && !box.classList.contains('mm-full')) return;
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const a = anchorOf(), dx = a.x - start.x, dy = a.y - start.y;
      if (!moved && down.size < 2 && Math.hypot(dx, dy) < SLOP) return;
      if (!moved) {
        moved = true;
        touched = true;
        svg.setPointerCapture(e.pointerId);
        box.classList.add('mm-dragging');
      }
      cancelAnimationFrame(anim);
      const v = down.size > 1 ? zoom(a.d / start.d, point(start.x, start.y, start.view), start.view) : start.view;
      set(pan(dx, dy, v));
    });
    const up = (e) => {
      down.delete(e.pointerId);
      start = down.size ? anchorOf() : null;
      if (!start) {
        box.classList.remove('mm-dragging');
        setTimeout(() => { moved = false; }); // after the click that ends the drag
      }
    };
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      cancelAnimationFrame(anim);
      touched = true;
      set(zoom(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), point(e.clientX, e.clientY)));
    }, { passive: false });

    // A click on a fold control folds; on a node, opens the panel. A modified click (new tab,
    // new window) and a middle click follow the link as usual; the click ending a drag does nothing.
    svg.addEventListener('click', (e) => {
      if (moved) { e.preventDefault(); e.stopPropagation(); return; }
      const a = e.target.closest('a[data-id]');
      if (!a) return;
      if (e.target.closest('.mm-fold')) { e.preventDefault(); toggle(links.indexOf(a)); return; }
      if (e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || e.button) return;
      e.preventDefault();
      const i = links.indexOf(a);
      openPanel(i, e.detail === 0);
    }, true);

    // ----- The panel: what a node is, and the reader's progress on it, without leaving the map.
    let panel = null, selected = NONE;
    const pages = new Map();
    const page = (url) => {
      if (!pages.has(url)) {
        pages.set(url, fetch(url).then((r) => (r.ok ? r.text() : '')).then((html) => {
          const doc = new DOMParser().parseFromString(html, 'text/html');
          const lead = doc.querySelector('.page-header .lead, .hero .lead, main .lead');
          const first = [...doc.querySelectorAll('.trail-steps a[href]')].slice(0, 8)
            .map((l) => ({ href: l.getAttribute('href'), text: l.textContent.trim() }));
          return { summary: lead ? lead.textContent.trim() : '', first };
        }).catch(() => ({ summary: '', first: [] })));
      }
      return pages.get(url);
    };
    const STATES = [['', ui('state_none')], ['learning', ui('state_learning')], ['done', ui('state_done')], ['skipped', ui('state_skipped')]];
    const makePanel = () => {
      panel = document.createElement('section');
      panel.className = 'mm-panel';
      panel.hidden = true;
      panel.setAttribute('role', 'dialog');
      panel.setAttribute('aria-labelledby', uid + '-ptitle');
      panel.innerHTML = `<div class="mm-panel-head"><h3 id="${uid}-ptitle" tabindex="-1"></h3><button type="button" class="mm-panel-close" aria-label="${ui('close')}">\u00d7</button></div>`
        + '<p class="mm-panel-meta"></p><p class="mm-panel-summary"></p>'
        + `<div class="mm-panel-first" hidden><h4>${ui('map_learn_first')}</h4><ul></ul></div>`
        + `<fieldset class="mm-panel-state" hidden><legend>${ui('your_progress')}</legend>${STATES.map(([v, l]) => `<label><input type="radio" name="${uid}-state" value="${v}"> ${l}</label>`).join('')}</fieldset>`
        + '<p class="mm-panel-open"><a class="button"></a></p>';
      panel.querySelector('.mm-panel-close').addEventListener('click', () => unselect(true));
      panel.addEventListener('keydown', (e) => {
        if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); unselect(true); }
      });
      panel.querySelector('fieldset').addEventListener('change', (e) => {
        const p = window.trailmap && window.trailmap.progress;
        if (p && selected >= 0) p.set(nodes[selected].id, e.target.value, nodes[selected].label);
      });
      document.addEventListener('trailmap:progress', syncState);
      box.append(panel);
    };
    const syncState = () => {
      if (!panel || selected < 0) return;
      const p = window.trailmap && window.trailmap.progress;
      const state = p ? p.get(nodes[selected].id) : '';
      panel.querySelectorAll('fieldset input').forEach((r) => { r.checked = r.value === state; });
    };
    const labelOf = (v) => {
      if (!v.label) v.label = (v.a.dataset.tmLabel || v.a.querySelector('text').textContent).replace(/\s+/g, ' ').trim();
      return v.label;
    };
    const openPanel = (i, focus, fromUrl = false) => {
      if (!panel) makePanel();
      links[selected]?.classList.remove('mm-selected');
      selected = i;
      const v = nodes[i], a = v.a;
      a.classList.add('mm-selected');
      const title = labelOf(v);
      panel.querySelector('h3').textContent = title;
      const kind = a.classList.contains('mm-skill') ? ui('map_kind_' + v.level) : i ? ui('map_kind_section') : ui('map_kind_roadmap');
      let s = i;
      while (s > 0 && nodes[s].depth > 1) s = nodes[s].parent;
      panel.querySelector('.mm-panel-meta').textContent = s > 0 && s !== i ? ui('map_kind_in', { kind, section: labelOf(nodes[s]) }) : kind;
      const summary = panel.querySelector('.mm-panel-summary'), first = panel.querySelector('.mm-panel-first');
      summary.textContent = '';
      first.hidden = true;
      const open = panel.querySelector('.mm-panel-open a');
      open.href = a.getAttribute('href');
      open.textContent = ui(a.classList.contains('mm-skill') ? 'map_open_skill' : 'map_open_page');
      const isSkill = a.classList.contains('mm-skill') && window.trailmap && window.trailmap.progress;
      panel.querySelector('fieldset').hidden = !isSkill;
      syncState();
      panel.hidden = false;
      below();
      page(a.getAttribute('href')).then((info) => {
        if (selected !== i) return;
        requestAnimationFrame(below);
        summary.textContent = info.summary;
        const list = first.querySelector('ul');
        list.replaceChildren(...info.first.map((f) => {
          const li = document.createElement('li'), l = document.createElement('a');
          l.href = f.href;
          l.textContent = f.text;
          li.append(l);
          return li;
        }));
        first.hidden = !info.first.length;
      });
      if (!fromUrl) history.replaceState(history.state, '', '#map=' + encodeURIComponent(v.id));
      if (focus) panel.querySelector('h3').focus();
      reveal(i);
    };
    // In a narrow box (outside full screen) the panel sits below the drawing, and the box grows
    // by its height, so that it never covers the node it is about.
    let base = 0;
    const under = () => box.classList.contains('mm-narrow') && !box.classList.contains('mm-full');
    const below = () => {
      if (!under()) return;
      if (!base) base = parseFloat(box.style.height) || box.offsetHeight;
      box.style.height = Math.round(base + (panel.hidden ? 0 : panel.offsetHeight + 16)) + 'px';
      if (panel.hidden) base = 0;
    };
    const unselect = (refocus) => {
      if (!panel || panel.hidden) return;
      panel.hidden = true;
      below();
      const i = selected;
      links[i]?.classList.remove('mm-selected');
      selected = NONE;
      if (location.hash.startsWith('#map=')) history.replaceState(history.state, '', location.pathname + location.search);
      if (refocus && i >= 0) focusNode(i);
    };

    // ----- Find on the map: unfold the branch, centre, highlight.
    const find = (id, fromUrl) => {
      const v = byId.get(id);
      if (!v) return false;
      let changed = level === 'core' && v.level !== 'core';
      if (changed) { level = 'all'; levels.value = 'all'; svg.classList.remove('mm-fade'); }
      for (let p = v.parent; p > 0; p = nodes[p].parent) if (folded.delete(p)) changed = true;
      if (changed) apply(NONE, false);
      svg.querySelectorAll('.mm-found').forEach((el) => el.classList.remove('mm-found'));
      v.a.classList.add('mm-found');
      const s = Math.max(scale(view), Math.min(1, scale(home) * 2)), w = W / s, h = H / s;
      touched = true;
      // Where the panel (a sheet along the bottom of a narrow box) leaves it in sight.
      const at = box.classList.contains('mm-narrow') && box.classList.contains('mm-full') ? 0.25 : 0.5;
      go([px[v.i] + v.w / 2 - w / 2, py[v.i] + v.h / 2 - h * at, w, h]);
      openPanel(v.i, false, fromUrl);
      return true;
    };
    box.mmFind = find;

    // ----- The reader's view, kept for this page in this tab.
    const KEY = 'trailmap-map:' + location.pathname + ':' + index;
    let saving = 0;
    const save = () => {
      clearTimeout(saving);
      saving = setTimeout(() => {
        try {
          sessionStorage.setItem(KEY, JSON.stringify({
            view, folded: [...folded].map((i) => nodes[i].id), level, mode, touched,
          }));
        } catch (e) { /* storage unavailable: the view is not kept */ }
      }, 250);
    };
    function keep() { if (touched) save(); }
    const restore = () => {
      let s = null;
      try { s = JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch (e) { s = null; }
      if (!s || !s.touched || !Array.isArray(s.view) || s.view.length !== 4 || !Array.isArray(s.folded)) return false;
      firstView();
      folded = new Set(s.folded.map((id) => byId.get(id)).filter((v) => v && v.kids.length).map((v) => v.i));
      level = LEVELS[s.level] ? s.level : 'all';
      levels.value = level;
      svg.classList.toggle('mm-fade', level === 'fade');
      mode = ['two', 'one', 'list'].includes(s.mode) ? s.mode : mode;
      apply(NONE, false);
      tell('');
      touched = true;
      set(s.view.map(Number));
      return true;
    };

    if (!restore()) firstView();
    const fromHash = () => {
      const m = /^#map=(.+)$/.exec(location.hash);
      if (m) find(decodeURIComponent(m[1]), true);
    };
    fromHash();
    addEventListener('hashchange', fromHash);
    unveil(box);
    // After a layout the sizes are known for free: the drawing's (for the view) and the box's.
    const sizes = new ResizeObserver((entries) => {
      for (const e of entries) {
        if (e.target !== svg) continue;
        const r = e.contentRect;
        // (Not drawn: while mm-wait, or in a hidden part of the page.)
        if (r.width && r.height && resized(Math.round(r.width), Math.round(r.height))) set(view);
      }
      if (!entries.some((e) => e.target === box)) return;
      box.classList.toggle('mm-narrow', box.clientWidth < 560);
      if (box.clientWidth === width || box.classList.contains('mm-full')) return;
      width = box.clientWidth;
      toolsH = 0;
      if (!touched) firstView();
    });
    sizes.observe(box);
    sizes.observe(svg);

    // Print the whole map, then return to the reader's view.
    let kept = null;
    addEventListener('beforeprint', () => {
      kept = { folded, level, view };
      folded = new Set(); level = 'all';
      printing = true;
      apply(NONE, false);
      set(home);
    });
    addEventListener('afterprint', () => {
      if (!kept) return;
      ({ folded, level } = kept);
      printing = false;
      if (W && H) svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
      apply(NONE, false);
      set(kept.view);
      kept = null;
    });
  }

  /** The drawing shows in the next frame, or when the page has loaded if that comes first: its
   * layout is then a task of its own, not part of the one that runs the page's scripts (where
   * another script that reads a layout would pay for it). */
  const unveil = (box) => {
    const show = () => box.classList.remove('mm-wait');
    if (document.readyState === 'complete') return show();
    requestAnimationFrame(show);
    addEventListener('load', show, { once: true });
  };

  const maps = () => [...document.querySelectorAll('.mindmap')];
  // Whatever happens, no drawing stays hidden.
  let started = false;
  const all = () => {
    if (started) return;
    started = true;
    maps().forEach((box, i) => {
      try { enhance(box, i); } catch (e) { box.classList.remove('mm-wait'); throw e; }
    });
  };
  // In a task of its own, not in the one that runs all the page's deferred scripts; and done
  // by the time the page has loaded.
  const start = () => {
    setTimeout(all);
    if (document.readyState !== 'complete') addEventListener('load', all, { once: true });
  };
  // Another script (search) may ask for a node: true when a map on this page has it.
  window.trailmap = Object.assign(window.trailmap || {}, {
    findOnMap: (id) => maps().some((box) => box.mmFind && box.mmFind(id, false)),
  });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
