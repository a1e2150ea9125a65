/* trailmap default theme: search over the roadmap, from the keyboard, with no network.
 *
 * The index is written at build time in pieces (see src/render/search/mod.rs): search-index.js,
 * loaded on first use, says which pieces exist; a query then loads the term shards its words need
 * (search-index/t-KEY.js) with the lists of words near them (n-KEY.js, for typos in the first
 * letters), the pages of its first results (d-N.js) and, for results found by their body text,
 * that text (x-N.js), to show an excerpt around the match. Each piece is a <script> calling
 * trailmapSearchAdd, which also works in a copy opened from file://, where fetching files fails.
 * Words are folded, split and stemmed (by the site's language) exactly as the build does
 * (trailmapWords, below); a word may be misspelt by one or two letters, the last one may be
 * unfinished, and the site's abbreviations (`[search] synonyms`) stand for their words.
 * The box is an ARIA combobox: `/` focuses it, the arrow keys move through the results, Enter
 * opens one, Escape closes the list (and then clears the box). Matches are highlighted with
 * <mark>; all text is inserted as text nodes, never as HTML. A site of several roadmaps has one
 * index per language: results are labelled with their roadmap, the page's own first. */
/* The twins of src/render/search/words.rs and stem.rs: how text becomes search terms, folded,
 * split, stemmed by the site's language and keyed to a shard. A top-level constant, outside the
 * search box's closure, so that tests/browser/stems.test.mjs can check it against stems.json. */
const trailmapWords = (() => {
  'use strict';
  const fold = (s) => s.normalize('NFD').toLowerCase().replace(/[\u0300-\u036f]/g, '');
  const wordChar = /[\p{Alphabetic}\p{N}]/u;
  const alphabetic = /^\p{Alphabetic}$/u;
  const isCjk = (c) => {
    const n = c.codePointAt(0);
    return (n >= 0x3040 && n <= 0x30ff) || (n >= 0x3400 && n <= 0x4dbf) || (n >= 0x4e00 && n <= 0x9fff)
      || (n >= 0xf900 && n <= 0xfaff) || (n >= 0xac00 && n <= 0xd7af) || (n >= 0x20000 && n <= 0x2ffff);
  };

  // Stemmers work on arrays of characters: `ends` and `cut` are the twins of stem.rs's.
  const ends = (w, suffix, keep) => {
    const s = [...suffix];
    return w.length >= s.length + keep && s.every((c, i) => w[w.length - s.length + i] === c);
  };
  const cut = (w, n, by) => { w.length -= n; w.push(...by); };
  const isVowel = (c) => 'aeiouy'.includes(c);
  const english = (w) => {
    if (ends(w, 'sses', 3)) cut(w, 2, '');
    else if (ends(w, 'ies', 3)) cut(w, 3, 'y');
    else if (ends(w, 's', 3) && !ends(w, 'ss', 3) && !ends(w, 'us', 3) && !ends(w, 'is', 3)) cut(w, 1, '');
    for (const suffix of ['ization', 'isation', 'ation', 'izing', 'izer', 'ized', 'ize', 'ment', 'ness', 'ing', 'er', 'ed', 'ly']) {
      if (ends(w, suffix, 4)) {
        cut(w, suffix.length, '');
        const n = w.length;
        if ((suffix === 'ing' || suffix === 'ed' || suffix === 'er') && n >= 4 && w[n - 1] === w[n - 2] && !'lszaeiou'.includes(w[n - 1])) w.pop();
        break;
      }
    }
    if (w.length > 4 && w[w.length - 1] === 'e') w.pop();
    return w;
  };
  const german = (chars) => {
    const w = chars.flatMap((c) => (c === 'ß' ? ['s', 's'] : [c]));
    const stEnding = (c) => 'bdfghklmnt'.includes(c);
    let n = w.length;
    if (ends(w, 'ern', 3)) cut(w, 3, '');
    else if (['em', 'en', 'er', 'es'].some((s) => ends(w, s, 3))) cut(w, 2, '');
    else if (ends(w, 'e', 3) || (ends(w, 's', 3) && stEnding(w[n - 2]))) cut(w, 1, '');
    const suffix = ['ung', 'heit', 'keit', 'lich', 'isch'].find((s) => ends(w, s, 4));
    if (suffix) cut(w, suffix.length, '');
    n = w.length;
    if (ends(w, 'est', 3)) cut(w, 3, '');
    else if (ends(w, 'er', 3) || ends(w, 'en', 3) || (ends(w, 'st', 3) && stEnding(w[n - 3]))) cut(w, 2, '');
    return w;
  };
  const french = (w) => {
    if (ends(w, 'eaux', 2)) cut(w, 1, '');
    else if (ends(w, 'aux', 2)) cut(w, 3, 'al');
    else if (ends(w, 'x', 3) || (ends(w, 's', 3) && !ends(w, 'ss', 2))) cut(w, 1, '');
    const suffix = ['ation', 'ement'].find((s) => ends(w, s, 4));
    if (suffix) cut(w, suffix.length, '');
    for (const last of ['r', 'e', 'e']) if (ends(w, last, 4)) cut(w, 1, '');
    const n = w.length;
    if (n >= 4 && w[n - 1] === w[n - 2]) w.pop();
    return w;
  };
  const spanish = (w) => {
    if (ends(w, 'ces', 2)) cut(w, 3, 'z');
    else if (['es', 'os', 'as'].some((s) => ends(w, s, 3))) cut(w, 2, '');
    else if (ends(w, 's', 3) && !'siu'.includes(w[w.length - 2])) cut(w, 1, '');
    if (ends(w, 'mente', 4)) cut(w, 5, '');
    if (['a', 'o', 'e'].some((s) => ends(w, s, 3))) cut(w, 1, '');
    return w;
  };
  const portuguese = (w) => {
    if (ends(w, 'oes', 2) || ends(w, 'aes', 2)) cut(w, 3, 'ao');
    else if (ends(w, 'ais', 2)) cut(w, 3, 'al');
    else if (ends(w, 'eis', 2)) cut(w, 3, 'el');
    else if (ends(w, 'ois', 2)) cut(w, 3, 'ol');
    else if (ends(w, 'ns', 2)) cut(w, 2, 'm');
    else if (['res', 'zes', 'ses'].some((s) => ends(w, s, 2))) cut(w, 2, '');
    else if (ends(w, 's', 3) && !ends(w, 'ss', 2)) cut(w, 1, '');
    if (ends(w, 'mente', 4)) cut(w, 5, '');
    if (['a', 'o', 'e'].some((s) => ends(w, s, 3))) cut(w, 1, '');
    return w;
  };
  const italian = (w) => {
    if (ends(w, 'mente', 4)) cut(w, 5, '');
    if (['che', 'chi', 'ghe', 'ghi'].some((s) => ends(w, s, 2))) cut(w, 2, '');
    else if (['a', 'e', 'i', 'o'].some((s) => ends(w, s, 3))) cut(w, 1, '');
    return w;
  };
  const dutch = (w) => {
    const undouble = () => { const n = w.length; if (n >= 4 && w[n - 1] === w[n - 2] && !isVowel(w[n - 1])) w.pop(); };
    if (ends(w, 'heden', 3)) cut(w, 5, 'heid');
    const before = (n) => w[w.length - n - 1];
    if (ends(w, 's', 3) && (before(1) === 'e' || (!isVowel(before(1)) && before(1) !== 'j'))) cut(w, 1, '');
    for (const suffix of ['ene', 'en']) {
      if (ends(w, suffix, 3) && !isVowel(before(suffix.length))) { cut(w, suffix.length, ''); undouble(); break; }
    }
    if (ends(w, 'e', 3) && !isVowel(before(1))) { cut(w, 1, ''); undouble(); }
    return w;
  };
  const STEMMERS = { en: english, de: german, fr: french, es: spanish, pt: portuguese, it: italian, nl: dutch };
  // The stemmer the index names ("" or unknown: none), applied to one folded word.
  const stemmer = (code) => {
    const rules = Object.hasOwn(STEMMERS, code) ? STEMMERS[code] : null;
    return (word) => {
      const w = [...word];
      if (!rules || w.length < 4 || !w.every((c) => alphabetic.test(c))) return word;
      return rules(w).join('');
    };
  };

  // The terms of folded text: {t: the term, w: the word as typed, cjk}.
  const terms = (folded, stem) => {
    const out = [], chars = [...folded];
    let i = 0;
    while (i < chars.length) {
      if (!wordChar.test(chars[i])) { i++; continue; }
      const cjk = isCjk(chars[i]), start = i;
      while (i < chars.length && wordChar.test(chars[i]) && isCjk(chars[i]) === cjk) i++;
      if (cjk) {
        const run = chars.slice(start, i);
        if (run.length === 1) out.push({ t: run[0], w: run[0], cjk });
        for (let j = 0; j + 1 < run.length; j++) out.push({ t: run[j] + run[j + 1], w: run[j] + run[j + 1], cjk });
        continue;
      }
      while (i < chars.length && (chars[i] === '+' || chars[i] === '#')) i++;
      const word = chars.slice(start, i).join('');
      out.push({ t: stem(word), w: word, cjk });
    }
    return out;
  };
  const shardOf = (term) => {
    const [first, second] = [...term];
    if (first === undefined) return '_0';
    const ascii = (c) => c !== undefined && /^[a-z0-9]$/.test(c);
    if (ascii(first)) return ascii(second) ? first + second : first;
    return '_' + (first.codePointAt(0) % 32).toString(32);
  };
  const nearKeys = (term) => {
    if (term.length < 4 || !/^[a-z]+$/.test(term)) return [];
    const keys = [0, 1, 2].map((skip) => [...term.slice(0, 3)].filter((_, i) => i !== skip).join(''));
    return keys.filter((k, i) => k !== keys[i - 1]);
  };
  return { fold, isCjk, wordChar, stemmer, terms, shardOf, nearKeys };
})();

(() => {
  'use strict';
  // Interface text in the site's language (trailmap.js reads it from the page).
  const ui = (key, args) => (window.trailmap && window.trailmap.ui ? window.trailmap.ui(key, args) : key);
  const input = document.getElementById('tm-search');
  if (!input) return;
  const box = input.closest('.search');
  const panel = box.querySelector('.search-panel');
  const list = document.getElementById('tm-results');
  const note = document.getElementById('tm-search-note');
  const root = document.documentElement;
  const fileCopy = location.protocol === 'file:';
  // The site's root: its base path when served, the way up to the copy's root from a file.
  // This language's edition: its index and pages are in its folder (`de/`) below the site's root
  // (on a site of several roadmaps, the language's folder, above the roadmap's: `de/ai/`).
  const here = root.dataset.roadmap, edition = root.dataset.edition || '';
  const siteRoot = new URL((fileCopy ? (root.dataset.root || './') : (root.dataset.base || '/')) + (here ? edition.slice(0, -here.length - 1) : edition), location.href);
  const MAX = 12;
  // Results with an excerpt, at most: the text of the others is not loaded (they show a summary).
  const EXCERPTS = 6;
  const KIND = { r: ui('search_kind_roadmap'), s: ui('search_kind_section'), k: ui('search_kind_skill'), f: ui('search_kind_faq'), p: ui('search_kind_page') };
  const announce = (text) => window.trailmap && window.trailmap.announce(text);
  const { fold, isCjk, wordChar, stemmer, terms, shardOf, nearKeys } = trailmapWords;

  let meta = null, results = [], active = -1, timer = 0, seq = 0, only = '';
  // All roadmaps, or only the page's own (a select of the panel, on a site of several).
  const scope = document.getElementById('tm-search-scope'), SCOPE = 'trailmap-search-scope';
  if (scope) {
    try { scope.value = localStorage.getItem(SCOPE) || ''; only = scope.value; } catch (_) {}
    scope.onchange = () => { only = scope.value; try { localStorage.setItem(SCOPE, only); } catch (_) {} search(); };
    scope.onkeydown = (e) => { if (e.key === 'Escape') { show(false); input.focus(); } };
  }
  const scripts = new Map();
  // The pieces loaded, by kind: term shards, pages, words by near key, texts.
  const pieces = { t: new Map(), d: new Map(), n: new Map(), x: new Map() };
  const shards = pieces.t, chunks = pieces.d;

  // A piece of the index: a script that hands its data to trailmapSearchAdd.
  window.trailmapSearchAdd = (kind, key, data) => { if (Object.hasOwn(pieces, kind)) pieces[kind].set(key, data); };
  const need = (path) => {
    if (!scripts.has(path)) {
      scripts.set(path, new Promise((ok, fail) => {
        const script = document.createElement('script');
        script.src = new URL(path, siteRoot).href;
        script.onload = ok;
        script.onerror = () => { scripts.delete(path); fail(new Error(path)); };
        document.head.append(script);
      }));
    }
    return scripts.get(path);
  };
  const load = () => {
    if (meta) return Promise.resolve(meta);
    return need('search-index.js').then(() => {
      const data = window.trailmapSearch;
      if (!data || data.v !== 3) throw new Error('search-index.js');
      meta = data;
      meta.known = new Set(data.shards);
      meta.near = new Set(data.near);
      meta.stemmer = stemmer(data.stem);
      // Pages are numbered roadmap after roadmap.
      let end = 0;
      meta.maps = (data.roadmaps || []).map(([name, title, pages, sections]) => ({ name, title, sections, end: end += pages }));
      meta.shared = new Set(data.shared);
      return meta;
    });
  };
  const failed = () => say(ui('search_failed'));

  // Edits between a and b (insertions, deletions, substitutions, swaps of neighbours), or
  // max + 1 when there are more than max.
  const edits = (a, b, max) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let two = null, prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let low = i;
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        let v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (two && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, two[j - 2] + 1);
        row.push(v);
        low = Math.min(low, v);
      }
      if (low > max) return max + 1;
      two = prev;
      prev = row;
    }
    return prev[b.length];
  };
  const allowed = (term) => (term.length >= 8 ? 2 : term.length >= 4 ? 1 : 0);

  // What a query asks for: groups of words, every group to be found; a group's alternatives are
  // a word and the word its abbreviation stands for.
  const parse = (query) => {
    const typing = !/\s$/.test(query);
    const words = terms(fold(query.trim()), meta.stemmer);
    const groups = [];
    words.forEach((word, n) => {
      const last = typing && n === words.length - 1;
      const wanted = { ...word, prefix: last && !word.cjk && word.w.length >= 2 };
      // Own keys only: a reader may well type `constructor`.
      const synonym = Object.hasOwn(meta.synonyms, word.w) ? meta.synonyms[word.w] : '';
      const expanded = synonym ? terms(synonym, meta.stemmer) : [];
      if (expanded.length === 1) groups.push([wanted, { ...expanded[0], prefix: false }]);
      else if (expanded.length > 1) for (const e of expanded) groups.push([{ ...e, prefix: false }]);
      else groups.push([wanted]);
    });
    const seen = new Set();
    return groups.filter((g) => { const k = g.map((w) => w.t).join(' '); return !seen.has(k) && seen.add(k); }).slice(0, 8);
  };
  // The index terms that a wanted word matches, with how well (1 for the word itself).
  const matches = (wanted) => {
    const found = new Map();
    const keep = (term, q) => { if (q > (found.get(term) || 0)) found.set(term, q); };
    for (const want of wanted) {
      // Words whose first letters were mistyped, found in the near lists (see `nearby`).
      for (const [term, d] of want.near || []) keep(term, d === 1 ? 0.7 : 0.5);
      const keys = new Set([shardOf(want.t), shardOf(want.w)]);
      for (const key of keys) {
        const shard = shards.get(key);
        if (!shard) continue;
        const max = want.cjk ? 0 : allowed(want.t);
        for (const term of Object.keys(shard)) {
          if (term === want.t || term === want.w) keep(term, 1);
          else if (want.prefix && term.startsWith(want.w)) keep(term, 0.9);
          else if (want.prefix && term.length >= 4 && want.w.startsWith(term)) keep(term, 0.85);
          else if (max) {
            const d = edits(want.t, term, max);
            if (d <= max) keep(term, d === 1 ? 0.7 : 0.5);
          }
        }
      }
    }
    return found;
  };
  const DIGIT = new Uint8Array(128);
  [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });
  const WEIGHT = (field) => (field === 0 ? 12 : field >= 3 ? 6 : field === 1 ? 4 : 1.5);
  // Every page that has every group, scored: titles first, then headings, summaries and body;
  // all the words in one title or heading count extra.
  const rank = (groups) => {
    let scores = null;
    const marks = new Set(), hits = new Set();
    for (const wanted of groups) {
      const best = new Map();
      for (const [term, q] of matches(wanted)) {
        if (q >= 0.7) marks.add(term);
        hits.add(term);
        const postings = shards.get(shardOf(term))[term];
        let page = 0, at = 0;
        // The twin of `digits` in src/render/search/mod.rs.
        const number = () => {
          let n = 0, scale = 1, d;
          do { d = DIGIT[postings.charCodeAt(at++)]; n += (d & 31) * scale; scale *= 32; } while (d >= 32);
          return n;
        };
        while (at < postings.length) {
          page += number();
          const field = number(), s = WEIGHT(field) * q, was = best.get(page);
          if (!was || s > was.s) best.set(page, { s, field });
        }
      }
      const next = new Map();
      for (const [page, hit] of best) {
        if (!scores) next.set(page, { page, total: hit.s, fields: [hit.field] });
        else { const r = scores.get(page); if (r) { r.total += hit.s; r.fields.push(hit.field); next.set(page, r); } }
      }
      scores = next;
      if (!scores.size) break;
    }
    const found = [...(scores || new Map()).values()];
    for (const r of found) {
      if (r.fields.length > 1 && r.fields.every((f) => f === r.fields[0])) r.total += r.fields[0] === 0 ? 8 : 4;
      const h = r.fields.find((f) => f >= 3);
      r.heading = h === undefined ? -1 : h - 3;
    }
    found.sort((a, b) => b.total - a.total || a.page - b.page);
    return { found, marks: [...marks], hits: [...hits] };
  };

  // Whether a result was found by its body text and by no heading: it shows an excerpt.
  const byBody = (r) => r.heading < 0 && r.fields.includes(2);
  // For each word that may be misspelt, the words of the near lists within its edits that live
  // in another shard than its own (a typo in the first two letters), kept on the word as
  // `near`; returns the shards these words need.
  const nearby = (words) => {
    const more = new Set();
    for (const w of words) {
      const max = w.cjk ? 0 : allowed(w.t), own = [shardOf(w.t), shardOf(w.w)];
      if (!max) continue;
      const seen = new Set();
      w.near = [];
      for (const key of nearKeys(w.t)) {
        for (const term of pieces.n.get(key) || []) {
          const shard = shardOf(term);
          if (seen.has(term) || own.includes(shard) || !meta.known.has(shard)) continue;
          seen.add(term);
          const d = edits(w.t, term, max);
          if (d <= max) { w.near.push([term, d]); more.add(shard); }
        }
      }
    }
    return more;
  };

  const say = (text) => {
    note.textContent = text;
    show(true);
  };
  const show = (open) => {
    panel.hidden = !open;
    input.setAttribute('aria-expanded', String(open && results.length > 0));
    // Closed: a count not yet said is dropped.
    if (!open) { active = -1; input.removeAttribute('aria-activedescendant'); clearTimeout(timer); }
  };

  // Where the terms are in `text`, as [start, end] pairs in order: only where a word begins
  // (`data` is not marked inside `metadata`), except in CJK text, which has no spaces. Folding
  // keeps one character per character for most scripts; if not, none are found.
  const spansOf = (text, terms) => {
    const folded = fold(text), spans = [];
    if (folded.length !== text.length) return spans;
    for (const t of terms) {
      let i = folded.indexOf(t);
      while (i >= 0) {
        if (i === 0 || isCjk(t) || !wordChar.test(folded[i - 1])) spans.push([i, i + t.length]);
        i = folded.indexOf(t, i + t.length);
      }
    }
    return spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  };
  // `text` as nodes, with every occurrence of the terms in <mark>.
  const marked = (text, terms) => {
    const frag = document.createDocumentFragment();
    let at = 0;
    for (const [s, e] of spansOf(text, terms)) {
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
  // A few words of `text` around the first of the terms in it, cut at spaces, or '' if none is.
  const EXCERPT_BEFORE = 50, EXCERPT_AFTER = 110;
  const excerpt = (text, terms) => {
    const [first] = spansOf(text, terms);
    if (!first) return '';
    let start = Math.max(0, first[0] - EXCERPT_BEFORE), end = Math.min(text.length, first[0] + EXCERPT_AFTER);
    if (start > 0) { const space = text.indexOf(' ', start); if (space >= 0 && space < first[0]) start = space + 1; }
    if (end < text.length) { const space = text.lastIndexOf(' ', end); if (space > first[1]) end = space; }
    return (start > 0 ? '… ' : '') + text.slice(start, end) + (end < text.length ? ' …' : '');
  };
  const urlOf = (d, heading, map) => {
    // A standalone page is in every roadmap: the reader's own, if any.
    let path = map ? `${(d.kind === 'p' && here) || map.name}/${d.path}` : d.path;
    if (heading >= 0) path = path.split('#')[0] + '#' + d.headings[heading * 2 + 1];
    const url = new URL(path, siteRoot);
    // A copy on disk has no server to turn a folder into its index.html.
    if (fileCopy && url.pathname.endsWith('/')) url.pathname += 'index.html';
    return url.href;
  };
  const clear = () => {
    list.textContent = '';
    results = [];
    active = -1;
    input.removeAttribute('aria-activedescendant');
  };

  const search = async () => {
    const mine = ++seq;
    const query = input.value;
    if (!query.trim()) { clear(); note.textContent = ''; return show(false); }
    try {
      if (!meta) { say(ui('search_loading')); await load(); }
      const groups = parse(query);
      const words = groups.flat();
      const keys = new Set(), near = new Set();
      for (const w of words) for (const k of [shardOf(w.t), shardOf(w.w)]) if (meta.known.has(k)) keys.add(k);
      for (const w of words) if (!w.cjk && allowed(w.t)) for (const k of nearKeys(w.t)) if (meta.near.has(k)) near.add(k);
      await Promise.all([...[...keys].map((k) => need(`search-index/t-${k}.js`)), ...[...near].map((k) => need(`search-index/n-${k}.js`))]);
      if (mine !== seq) return;
      const more = nearby(words);
      await Promise.all([...more].map((k) => need(`search-index/t-${k}.js`)));
      if (mine !== seq) return;
      let { found, marks, hits } = groups.length ? rank(groups) : { found: [], marks: [], hits: [] };
      // A standalone page is in every roadmap, though listed with the first.
      for (const r of found) if ((r.map = meta.maps.find((m) => r.page < m.end))) r.mine = r.map.name === here || meta.shared.has(r.page);
      if (only) found = found.filter((r) => r.mine);
      const top = found.slice(0, MAX);
      // Pages for every result, and their text for those found by their body (for an excerpt).
      const pages = new Set(top.map((r) => `d-${Math.floor(r.page / meta.chunk)}`));
      const texts = new Set(top.slice(0, EXCERPTS).filter(byBody).map((r) => `x-${Math.floor(r.page / meta.textChunk)}`));
      await Promise.all([...pages, ...texts].map((name) => need(`search-index/${name}.js`)));
      if (mine !== seq) return;
      for (const r of top) {
        const [kind, title, path, summary, section, headings] = chunks.get(Math.floor(r.page / meta.chunk))[r.page % meta.chunk];
        r.d = { kind, title, path, summary, section, headings };
        if (byBody(r) && texts.has(`x-${Math.floor(r.page / meta.textChunk)}`)) r.text = (pieces.x.get(Math.floor(r.page / meta.textChunk)) || [])[r.page % meta.textChunk] || '';
        // The words as typed, together in the title: a phrase beats scattered words.
        const phrase = fold(query.trim()), folded = fold(title);
        if (groups.length > 1 && folded.includes(phrase)) r.total += 10;
        if (folded === phrase) r.total += 10;
      }
      top.sort((a, b) => (b.mine || 0) - (a.mine || 0) || b.total - a.total || a.page - b.page);
      const typed = words.map((w) => w.w);
      showResults(top, found.length, query.trim(), [...marks, ...typed], [...hits, ...typed]);
    } catch (_) {
      if (mine === seq) failed();
    }
  };
  const showResults = (top, count, query, marks, hits) => {
    clear();
    const useful = (list) => [...new Set(list)].filter((m) => m.length > 1 || isCjk(m));
    marks = useful(marks);
    hits = useful(hits);
    results = top;
    results.forEach((r, n) => {
      const d = r.d;
      const li = document.createElement('li');
      li.id = `tm-result-${n}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      const title = document.createElement('span');
      title.className = 'result-title';
      title.append(marked(d.title, marks));
      const where = document.createElement('span');
      where.className = 'result-where';
      const section = d.section >= 0 && d.kind !== 's' ? (r.map || meta).sections[d.section] : '';
      where.textContent = [KIND[d.kind], section].filter(Boolean).join(' · ');
      if (r.map && d.kind !== 'p') where.append(' · ', Object.assign(document.createElement('span'), { className: 'result-roadmap', textContent: r.map.title }));
      const text = document.createElement('span');
      text.className = 'result-text';
      const words = r.text ? excerpt(r.text, hits) : '';
      if (r.heading >= 0 && d.headings[r.heading * 2] !== undefined) {
        text.append('§ ', marked(d.headings[r.heading * 2], marks));
      } else if (words) {
        text.classList.add('result-excerpt');
        text.append(marked(words, hits));
      } else if (d.summary) {
        text.append(marked(d.summary, marks));
      }
      li.append(title, where);
      if (text.childNodes.length) li.append(text);
      li.dataset.href = urlOf(d, r.heading, r.map);
      li.addEventListener('mousedown', (e) => e.preventDefault());
      li.addEventListener('click', () => go(n));
      list.append(li);
    });
    note.textContent = count
      ? (count > MAX ? ui('search_some', { shown: MAX, count }) : ui('search_all', { count }))
      : ui('search_none', { query });
    list.hidden = !count;
    show(true);
    clearTimeout(timer);
    timer = setTimeout(() => announce(count ? ui('search_said', { count }) : ui('search_none_said')), 400);
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

  input.addEventListener('focus', () => load().catch(() => {}), { once: true });
  input.addEventListener('input', search);
  input.addEventListener('keydown', (e) => {
    const open = !panel.hidden && results.length > 0;
    if (e.key === 'ArrowDown') { e.preventDefault(); if (open) pick(active + 1); else search().then(() => pick(active + 1)); }
    else if (e.key === 'ArrowUp') { e.preventDefault(); if (open) pick(active < 0 ? -1 : active - 1); else search().then(() => pick(-1)); }
    else if (e.key === 'Enter') { if (results.length && !panel.hidden) { e.preventDefault(); go(active < 0 ? 0 : active); } }
    else if (e.key === 'Escape') {
      if (!panel.hidden) { e.preventDefault(); show(false); }
      else if (input.value) { e.preventDefault(); input.value = ''; search(); }
    } else if (e.key === 'Tab' && (e.shiftKey || !scope)) show(false);
  });
  // Focus may move from the box to the select of the panel (Tab) and back.
  box.addEventListener('focusout', () => setTimeout(() => { if (!box.contains(document.activeElement)) show(false); }, 100));
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
