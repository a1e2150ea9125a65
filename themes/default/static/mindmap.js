/* Pan (drag, arrows), zoom (wheel, pinch, + - 0, buttons) and a prerequisite-links toggle for
 * each .mindmap > svg.mm. Without it the map scrolls and every node is still a link. */
(() => {
  'use strict';
  const still = matchMedia('(prefers-reduced-motion: reduce)');
  const MIN = 0.25, MAX = 8, STEP = 1.25, PAN = 60, SLOP = 5;

  function enhance(box) {
    const svg = box.querySelector(':scope > svg.mm');
    if (!svg || box.classList.contains('mm-js')) return;
    const b = svg.viewBox.baseVal, home = [b.x, b.y, b.width, b.height]; // only the viewBox changes
    let view = home, anim = 0;
    box.classList.add('mm-js');
    box.style.height = Math.round(Math.max(320, Math.min(home[3], innerHeight * 0.8))) + 'px';
    if (!box.hasAttribute('tabindex')) box.tabIndex = 0;
    svg.setAttribute('tabindex', '-1'); // the box takes focus, not the svg
    if (!box.hasAttribute('aria-label')) {
      box.setAttribute('role', 'group');
      box.setAttribute('aria-label', 'Mind map: arrow keys pan, + and - zoom, 0 fits');
    }

    // Screen pixels per map unit: the svg fits its viewBox, keeping proportions.
    const scale = (v) => Math.min(svg.clientWidth / v[2], svg.clientHeight / v[3]) || 1;
    const set = (v) => {
      const z = home[2] / v[2], k = z < MIN ? z / MIN : z > MAX ? z / MAX : 1;
      v = [v[0] + v[2] * (1 - k) / 2, v[1] + v[3] * (1 - k) / 2, v[2] * k, v[3] * k];
      // Keep some of the map in sight.
      v[0] = Math.min(Math.max(v[0], home[0] - v[2] * 0.8), home[0] + home[2] - v[2] * 0.2);
      v[1] = Math.min(Math.max(v[1], home[1] - v[3] * 0.8), home[1] + home[3] - v[3] * 0.2);
      view = v;
      svg.setAttribute('viewBox', v.map((n) => n.toFixed(2)).join(' '));
    };
    const go = (v) => {
      cancelAnimationFrame(anim);
      if (still.matches) return set(v);
      const from = view, t0 = performance.now();
      const step = (t) => {
        const k = Math.min(1, (t - t0) / 200), e = k * (2 - k);
        set(from.map((n, i) => n + (v[i] - n) * e));
        if (k < 1) anim = requestAnimationFrame(step);
      };
      anim = requestAnimationFrame(step);
    };
    // Map point under screen point (x, y); view zoomed by f around map point p; panned view.
    const point = (x, y, v = view) => {
      const r = svg.getBoundingClientRect(), s = scale(v);
      return [v[0] + (x - r.left - (r.width - v[2] * s) / 2) / s, v[1] + (y - r.top - (r.height - v[3] * s) / 2) / s];
    };
    const zoom = (f, p, v = view) => [p[0] - (p[0] - v[0]) / f, p[1] - (p[1] - v[1]) / f, v[2] / f, v[3] / f];
    const pan = (dx, dy, v = view) => [v[0] - dx / scale(v), v[1] - dy / scale(v), v[2], v[3]];
    const mid = () => [view[0] + view[2] / 2, view[1] + view[3] / 2];
    const by = (f) => () => go(zoom(f, mid()));

    // A big map starts at a readable size around its centre node rather than fitted.
    if (scale(home) < 0.6) {
      const w = svg.clientWidth / 0.8, h = svg.clientHeight / 0.8;
      set([-w / 2, -h / 2, w, h]);
    }

    const tools = document.createElement('div');
    tools.className = 'mm-tools';
    const button = (text, label, act) => {
      const el = document.createElement('button');
      el.type = 'button';
      el.textContent = text;
      el.title = label;
      el.setAttribute('aria-label', label);
      el.addEventListener('click', act);
      tools.append(el);
      return el;
    };
    button('+', 'Zoom in', by(STEP));
    button('\u2212', 'Zoom out', by(1 / STEP));
    button('\u2922', 'Fit to screen', () => go(home));
    if (svg.querySelector('.mm-xlinks')) {
      const t = button('\u21c4', 'Show prerequisite links', () =>
        t.setAttribute('aria-pressed', box.classList.toggle('mm-show-xlinks')));
      t.setAttribute('aria-pressed', 'false');
    }
    box.prepend(tools);

    // One pointer drags, two pinch. The click ending a drag is swallowed, so no link is followed.
    const down = new Map();
    let start = null, moved = false;
    const anchor = () => {
      const [p, q = p] = down.values();
      return { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2, d: Math.hypot(p.x - q.x, p.y - q.y), view };
    };
    svg.addEventListener('pointerdown', (e) => {
      if (e.pointerType === 'mouse' && e.button !== 0) return;
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      if (down.size === 1) moved = false;
      start = anchor();
    });
    svg.addEventListener('pointermove', (e) => {
      if (!start || !down.has(e.pointerId)) return;
      down.set(e.pointerId, { x: e.clientX, y: e.clientY });
      const a = anchor(), dx = a.x - start.x, dy = a.y - start.y;
      if (!moved && down.size < 2 && Math.hypot(dx, dy) < SLOP) return;
      if (!moved) {
        moved = true;
        svg.setPointerCapture(e.pointerId);
        box.classList.add('mm-dragging');
      }
      cancelAnimationFrame(anim);
      const v = down.size > 1 ? zoom(a.d / start.d, point(start.x, start.y, start.view), start.view) : start.view;
      set(pan(dx, dy, v));
    });
    const up = (e) => {
      down.delete(e.pointerId);
      start = down.size ? anchor() : null;
      if (!start) {
        box.classList.remove('mm-dragging');
        setTimeout(() => { moved = false; }); // after the click that ends the drag
      }
    };
    svg.addEventListener('pointerup', up);
    svg.addEventListener('pointercancel', up);
    svg.addEventListener('click', (e) => { if (moved) { e.preventDefault(); e.stopPropagation(); } }, true);
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      cancelAnimationFrame(anim);
      set(zoom(Math.exp(-e.deltaY * (e.deltaMode ? 0.05 : 0.002)), point(e.clientX, e.clientY)));
    }, { passive: false });

    const keys = {
      '+': by(STEP), '=': by(STEP), '-': by(1 / STEP), '0': () => go(home),
      ArrowLeft: () => go(pan(PAN, 0)), ArrowRight: () => go(pan(-PAN, 0)),
      ArrowUp: () => go(pan(0, PAN)), ArrowDown: () => go(pan(0, -PAN)),
    };
    box.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey || !keys[e.key] || e.target.closest('.mm-tools')) return;
      e.preventDefault();
      keys[e.key]();
    });

    // Tabbing to a node out of sight brings it into view.
    svg.addEventListener('focusin', (e) => {
      const a = e.target.closest('a'), v = view;
      if (!a) return;
      const r = a.getBBox();
      if (r.x < v[0] || r.y < v[1] || r.x + r.width > v[0] + v[2] || r.y + r.height > v[1] + v[3]) {
        go([r.x + r.width / 2 - v[2] / 2, r.y + r.height / 2 - v[3] / 2, v[2], v[3]]);
      }
    });

    // Print the whole map, then return to the reader's view.
    let kept = null;
    addEventListener('beforeprint', () => { kept = view; set(home); });
    addEventListener('afterprint', () => kept && set(kept));
  }

  const all = () => document.querySelectorAll('.mindmap').forEach(enhance);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', all);
  else all();
})();
