/* trailmap default theme: search over the roadmap, from the keyboard, with no network.
 *
 * The index (search-index.js, written at build time) is loaded on first use by inserting a
 * <script>, which also works in a copy opened from file://, where fetching files fails. The box is an
 * ARIA combobox: `/` focuses it, the arrow keys move through the results, Enter opens one,
 * Escape closes the list (and then clears the box). Matches are highlighted with <mark>; all text
 * is inserted as text nodes, never as HTML. */
(() => {
  'use strict';
  const input = document.getElementById('tm-search');
  if (!input) return;
  const box = input.closest('.search');
  const panel = box.querySelector('.search-panel');
  const list = document.getElementById('tm-results');
  const note = document.getElementById('tm-search-note');
  const root = document.documentElement;
  const fileCopy = location.protocol === 'file:';
  // The site's root: its base path when served, the way up to the copy's root from a file.
  const siteRoot = new URL(fileCopy ? (root.dataset.root || './') : (root.dataset.base || '/'), location.href);
  const MAX = 12;
  const KIND = { r: 'Roadmap', s: 'Section', k: 'Skill', f: 'FAQ' };
  const announce = (text) => window.trailmap && window.trailmap.announce(text);

  let docs = null, sections = [], loading = false, results = [], active = -1, timer = 0;

  const fold = (s) => s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const load = () => {
    if (docs || loading) return;
    loading = true;
    const ready = () => {
      const data = window.trailmapSearch;
      loading = false;
      if (!data || !Array.isArray(data.docs)) return failed();
      sections = data.sections || [];
      docs = data.docs.map(([kind, title, path, summary, section, headings, text], i) => ({
        i, kind, title, path, summary, section, headings, text,
        f: { title: fold(title), summary: fold(summary), text: fold(text), headings: [] },
      }));
      for (const d of docs) for (let h = 0; h < d.headings.length; h += 2) d.f.headings.push(fold(d.headings[h]));
      if (input.value.trim()) search();
    };
    const failed = () => {
      loading = false;
      say('Search is not available: its index could not be loaded.');
    };
    if (window.trailmapSearch) return ready();
    const script = document.createElement('script');
    script.src = new URL('search-index.js', siteRoot).href;
    script.onload = ready;
    script.onerror = failed;
    document.head.append(script);
  };

  const say = (text) => {
    note.textContent = text;
    show(true);
  };
  const show = (open) => {
    panel.hidden = !open;
    input.setAttribute('aria-expanded', String(open && results.length > 0));
    if (!open) { active = -1; input.removeAttribute('aria-activedescendant'); }
  };

  // Where a word starts in `hay`, preferring the start of a word to the middle of one.
  const find = (hay, term) => {
    let i = hay.indexOf(term), first = i;
    while (i > 0 && /[\p{L}\p{N}]/u.test(hay[i - 1])) i = hay.indexOf(term, i + 1);
    return i >= 0 ? { at: i, start: true } : first >= 0 ? { at: first, start: false } : null;
  };
  const score = (d, terms) => {
    let total = 0, heading = -1, inText = false;
    for (const t of terms) {
      let best = 0;
      const title = find(d.f.title, t);
      if (title) best = title.start ? (title.at === 0 ? 12 : 9) : 5;
      for (let h = 0; h < d.f.headings.length && best < 6; h++) {
        const m = find(d.f.headings[h], t);
        if (m) { best = Math.max(best, m.start ? 6 : 3); if (heading < 0) heading = h; }
      }
      if (best < 4) { const m = find(d.f.summary, t); if (m) best = Math.max(best, m.start ? 4 : 2); }
      if (best < 2) { const m = find(d.f.text, t); if (m) { best = m.start ? 1.5 : 1; inText = true; } }
      if (!best) return null;
      total += best;
    }
    if (d.f.title === terms.join(' ')) total += 10;
    if (d.kind === 'k' || d.kind === 's') total += 0.5;
    return { d, total, heading, inText };
  };

  // `text` as nodes, with every occurrence of the terms in <mark>.
  const marked = (text, terms) => {
    const frag = document.createDocumentFragment();
    const folded = fold(text);
    // Folding keeps one character per character for most scripts; if not, skip the marks.
    const spans = [];
    if (folded.length === text.length) {
      for (const t of terms) {
        let i = folded.indexOf(t);
        while (i >= 0) { spans.push([i, i + t.length]); i = folded.indexOf(t, i + t.length); }
      }
    }
    spans.sort((a, b) => a[0] - b[0]);
    let at = 0;
    for (const [s, e] of spans) {
      if (s < at) continue;
      frag.append(text.slice(at, s));
      const m = document.createElement('mark');
      m.textContent = text.slice(s, e);
      frag.append(m);
      at = e;
    }
    frag.append(text.slice(at));
    return frag;
  };
  const excerpt = (text, terms) => {
    const folded = fold(text);
    const at = Math.min(...terms.map((t) => { const i = folded.indexOf(t); return i < 0 ? Infinity : i; }));
    if (!Number.isFinite(at)) return text.slice(0, 140);
    const start = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 50)) + 1);
    const cut = text.slice(start, start + 160);
    return (start > 0 ? '… ' : '') + cut + (start + 160 < text.length ? ' …' : '');
  };
  const urlOf = (d, heading) => {
    let path = d.path;
    if (heading >= 0) path = path.split('#')[0] + '#' + d.headings[heading * 2 + 1];
    const url = new URL(path, siteRoot);
    // A copy on disk has no server to turn a folder into its index.html.
    if (fileCopy && url.pathname.endsWith('/')) url.pathname += 'index.html';
    return url.href;
  };

  const search = () => {
    const query = input.value.trim();
    const terms = [...new Set(fold(query).split(/[^\p{L}\p{N}+#.]+/u).filter(Boolean))].slice(0, 8);
    list.textContent = '';
    results = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
    if (!terms.length) { note.textContent = ''; return show(false); }
    if (!docs) { load(); return say('Loading the search index…'); }
    const found = [];
    for (const d of docs) { const s = score(d, terms); if (s) found.push(s); }
    found.sort((a, b) => b.total - a.total || a.d.i - b.d.i);
    results = found.slice(0, MAX);
    results.forEach((r, n) => {
      const d = r.d;
      const li = document.createElement('li');
      li.id = `tm-result-${n}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const title = document.createElement('span');
      title.className = 'result-title';
      title.append(marked(d.title, terms));
      const where = document.createElement('span');
      where.className = 'result-where';
      const section = d.section >= 0 && d.kind !== 's' ? sections[d.section] : '';
      where.textContent = [KIND[d.kind], section].filter(Boolean).join(' · ');
      const text = document.createElement('span');
      text.className = 'result-text';
      if (r.heading >= 0) {
        text.append('§ ', marked(d.headings[r.heading * 2], terms));
      } else if (r.inText && d.text) {
        text.append(marked(excerpt(d.text, terms), terms));
      } else if (d.summary) {
        text.append(marked(d.summary, terms));
      }
      li.append(title, where);
      if (text.childNodes.length) li.append(text);
      li.dataset.href = urlOf(d, r.heading);
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => go(n));
      list.append(li);
    });
    const count = found.length;
    note.textContent = count
      ? (count > MAX ? `${MAX} of ${count} results: ↑ ↓ to choose, Enter to open` : `${count} result${count === 1 ? '' : 's'}: ↑ ↓ to choose, Enter to open`)
      : `No results for “${query}”.`;
    list.hidden = !count;
    show(true);
    clearTimeout(timer);
    timer = setTimeout(() => announce(count ? `${count} result${count === 1 ? '' : 's'}.` : 'No results.'), 400);
  };

  const pick = (n) => {
    if (!results.length) return;
    active = (n + results.length) % results.length;
    list.querySelectorAll('[role="option"]').forEach((li, i) => li.setAttribute('aria-selected', String(i === active)));
    const li = document.getElementById(`tm-result-${active}`);
    input.setAttribute('aria-activedescendant', li.id);
    li.scrollIntoView({ block: 'nearest' });
  };
  const go = (n) => {
    const li = document.getElementById(`tm-result-${n}`);
    if (li) location.href = li.dataset.href;
  };

  input.addEventListener('focus', load, { once: true });
  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    const open = !panel.hidden && results.length > 0;
    if (e.key === 'ArrowDown') { e.preventDefault(); if (!open) search(); pick(active + 1); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); if (!open) search(); pick(active < 0 ? -1 : active - 1); }
    else if (e.key === 'Enter') { if (results.length && !panel.hidden) { e.preventDefault(); go(active < 0 ? 0 : active); } }
    else if (e.key === 'Escape') {
      if (!panel.hidden) { e.preventDefault(); show(false); }
      else if (input.value) { e.preventDefault(); input.value = ''; search(); }
    } else if (e.key === 'Tab') show(false);
  });
  input.addEventListener('blur', () => setTimeout(() => { if (document.activeElement !== input) show(false); }, 100));
  input.addEventListener('click', () => { if (input.value.trim() && panel.hidden) search(); });

  // `/` anywhere but in a field focuses the search box.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
})();
