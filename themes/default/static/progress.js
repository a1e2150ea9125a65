/* trailmap default theme: the reader's progress, kept in this browser only.
 *
 * One localStorage entry per site (`trailmap-progress:` + the site's base path) holds
 * `{ skill id: "learning" | "done" | "skipped" }`. Skills are marked on their page (a radio
 * group) and from any link to a skill on the map or in a list (right-click, the context-menu
 * key, or M), shown on the map's nodes, in the lists and in counters, exported and imported as
 * JSON. Elements that list a skill carry `data-skill` (and `data-aliases`: progress saved under
 * an old id moves to the new one); map nodes are `a[data-id]`. Without this script none of the
 * controls show (they are `.js-only`). On a site of several roadmaps, whose pages say which
 * roadmap they belong to (`<html data-roadmap>`), a skill's key is `roadmap:id` (the roadmaps
 * share the entry and may use the same ids); a key that has its roadmap already (the home
 * page's counters) is taken as it is. */
(() => {
  'use strict';
  // Interface text in the site's language (trailmap.js reads it from the page).
  const ui = (key, args) => (window.trailmap && window.trailmap.ui ? window.trailmap.ui(key, args) : key);
  const root = document.documentElement;
  const KEY = 'trailmap-progress:' + (root.dataset.base || '/');
  const ROADMAP = root.dataset.roadmap || '';
  const keyOf = (id) => (ROADMAP && id && !id.includes(':') ? ROADMAP + ':' + id : id);
  const STATES = ['learning', 'done', 'skipped'];
  const LABEL = { '': ui('state_none'), learning: ui('state_learning'), done: ui('state_done'), skipped: ui('state_skipped') };
  // The same in a sentence ("Calculus: done.").
  const SAID = { '': ui('said_none'), learning: ui('said_learning'), done: ui('said_done'), skipped: ui('said_skipped') };
  const SVG = 'http://www.w3.org/2000/svg';
  const announce = (text) => window.trailmap && window.trailmap.announce(text);

  const clean = (value) => {
    const out = {};
    if (!value || typeof value !== 'object' || Array.isArray(value)) return out;
    for (const [id, state] of Object.entries(value)) {
      if (STATES.includes(state) && id.length > 0 && id.length <= 200) out[id] = state;
    }
    return out;
  };
  const read = () => {
    try { return clean(JSON.parse(localStorage.getItem(KEY) || '{}')); } catch (e) { return {}; }
  };
  let store = read();
  const save = () => {
    try {
      if (Object.keys(store).length) localStorage.setItem(KEY, JSON.stringify(store));
      else localStorage.removeItem(KEY);
      return true;
    } catch (e) {
      return false;
    }
  };
  const get = (id) => store[keyOf(id)] || '';

  // Old ids (aliases) carry their progress over to the skill's id.
  let moved = false;
  document.querySelectorAll('[data-skill][data-aliases]').forEach((el) => {
    const id = keyOf(el.dataset.skill);
    for (const old of el.dataset.aliases.split(' ')) {
      const alias = old && keyOf(old);
      if (!alias || !(alias in store)) continue;
      if (!store[id]) store[id] = store[alias];
      delete store[alias];
      moved = true;
    }
  });
  if (moved) save();

  // What the page shows: the ids listed on it, its map nodes, its counters.
  // An element lists one skill (`data-skill`) or, for counters only, many (`data-skills="a b"`).
  const idsIn = (scope) => {
    const ids = [...scope.querySelectorAll('[data-skill]')].map((el) => el.dataset.skill);
    scope.querySelectorAll('[data-skills]').forEach((el) => ids.push(...el.dataset.skills.split(' ').filter(Boolean)));
    return ids.map(keyOf);
  };
  const listed = new Set(idsIn(document));
  const isSkillLink = (a) => a.classList.contains('mm-skill') || (!a.classList.contains('mm-node') && listed.has(keyOf(a.dataset.id)));
  const nodes = [...document.querySelectorAll('a[data-id]')].filter(isSkillLink);
  const items = [...document.querySelectorAll('li[data-skill]')];
  // The skills each counter counts: those listed in its scope (looked up at every render, since
  // another script may narrow a list, as the learning order does for one skill's trail).
  const counters = [...document.querySelectorAll('[data-progress-counter]')].map((el) => {
    const scope = el.closest('[data-progress-scope]') || document;
    return {
      el,
      get ids() { return [...new Set(idsIn(scope))]; },
    };
  });
  const choices = [...document.querySelectorAll('[data-progress-choice]')];

  const setClass = (el, state) => {
    for (const s of STATES) el.classList.toggle('tm-' + s, s === state);
  };
  const badge = (after, state) => {
    let b = after.nextElementSibling;
    if (!b || !b.classList.contains('tm-state')) {
      if (!state) return;
      b = document.createElement('span');
      after.after(b);
    }
    if (!state) return b.remove();
    b.className = 'tm-state tm-state-' + state;
    b.textContent = LABEL[state];
  };
  const nameOf = (a) => {
    if (!('tmLabel' in a.dataset)) a.dataset.tmLabel = a.getAttribute('aria-label') || a.textContent.trim();
    return a.dataset.tmLabel;
  };
  const ICON = { done: 'M-3.5 0.2l2.4 2.4 4.6-4.8', learning: 'M-3.4 0h0.1M0 0h0.1M3.4 0h0.1', skipped: 'M-3.5 0h7' };
  const markNode = (a, state) => {
    setClass(a, state);
    const name = nameOf(a);
    if (state) a.setAttribute('aria-label', name + ' (' + LABEL[state] + ')');
    else if (a.getAttribute('aria-label') === name + ' (' + LABEL[a.dataset.tmState] + ')') {
      // Back to the drawing's own name: the label the map gave it, or its text.
      if (name === a.textContent.trim()) a.removeAttribute('aria-label');
      else a.setAttribute('aria-label', name);
    }
    a.dataset.tmState = state;
    let mark = a.querySelector(':scope > .tm-node-mark');
    if (!state) return mark && mark.remove();
    if (!mark) {
      const rect = a.querySelector('rect');
      if (!rect) return;
      const x = rect.x.baseVal.value + rect.width.baseVal.value - 3, y = rect.y.baseVal.value + 3;
      mark = document.createElementNS(SVG, 'g');
      mark.setAttribute('aria-hidden', 'true');
      mark.setAttribute('transform', `translate(${x} ${y})`);
      mark.append(document.createElementNS(SVG, 'circle'), document.createElementNS(SVG, 'path'));
      mark.firstChild.setAttribute('r', '8');
      a.append(mark);
    }
    mark.setAttribute('class', 'tm-node-mark tm-' + state);
    mark.lastChild.setAttribute('d', ICON[state]);
  };

  const render = () => {
    for (const a of nodes) {
      if (a.closest('svg')) markNode(a, get(a.dataset.id));
      else badge(a, get(a.dataset.id));
    }
    for (const li of items) {
      const state = get(li.dataset.skill);
      setClass(li, state);
      const link = li.querySelector(':scope > a');
      if (link) badge(link, state);
    }
    for (const { el, ids } of counters) {
      const n = { done: 0, learning: 0, skipped: 0 };
      for (const id of ids) if (store[id]) n[store[id]] += 1;
      const total = ids.length;
      const pct = (k) => (total ? Math.round((n[k] / total) * 1000) / 10 : 0);
      const put = (key, value) => el.querySelectorAll(`[data-count="${key}"]`).forEach((c) => { c.textContent = String(value); });
      put('done', n.done); put('learning', n.learning); put('skipped', n.skipped); put('total', total);
      put('pct', total ? Math.round((n.done / total) * 100) : 0);
      const done = el.querySelector('.tm-bar-done'), learning = el.querySelector('.tm-bar-learning');
      if (done) done.style.width = pct('done') + '%';
      if (learning) learning.style.width = pct('learning') + '%';
    }
    for (const fieldset of choices) {
      const state = get(fieldset.dataset.progressChoice);
      fieldset.querySelectorAll('input[type="radio"]').forEach((r) => { r.checked = r.value === state; });
    }
  };

  const summary = () => {
    const c = counters[0];
    if (!c) return '';
    const done = c.ids.filter((id) => store[id] === 'done').length;
    return ' ' + ui('summary', { done, total: c.ids.length });
  };
  const set = (id, state, title) => {
    const key = keyOf(id);
    if (state) store[key] = state; else delete store[key];
    const saved = save();
    render();
    document.dispatchEvent(new CustomEvent('trailmap:progress'));
    announce(ui('marked', { title, state: SAID[state] }) + summary() + (saved ? '' : ' ' + ui('not_saved')));
  };

  // For the map's panel (mindmap.js): read and mark a skill as the lists here do.
  window.trailmap = Object.assign(window.trailmap || {}, { progress: { get, set } });

  // The radio group on a skill's own page.
  for (const fieldset of choices) {
    const title = (document.querySelector('h1') || {}).textContent || fieldset.dataset.progressChoice;
    fieldset.addEventListener('change', (e) => {
      if (e.target.name === 'tm-state') set(fieldset.dataset.progressChoice, e.target.value, title.trim());
    });
  }

  // A small dialog to mark a skill from any link to it (map node, outline, list).
  let menu = null;
  const skillOf = (a) => {
    if (!a) return null;
    if (a.dataset.id && isSkillLink(a)) return { id: a.dataset.id, title: nameOf(a) };
    const li = a.parentElement && a.parentElement.closest('li[data-skill]');
    if (li && li.querySelector(':scope > a') === a) return { id: li.dataset.skill, title: a.textContent.trim() };
    return null;
  };
  const close = (refocus) => {
    if (!menu) return;
    const { el, anchor } = menu;
    menu = null;
    el.remove();
    if (refocus) anchor.focus();
  };
  let serial = 0;
  const open = (anchor, skill) => {
    close(false);
    serial += 1;
    const el = document.createElement('div');
    el.className = 'tm-menu';
    el.setAttribute('role', 'dialog');
    el.setAttribute('aria-labelledby', `tm-menu-title-${serial}`);
    const title = document.createElement('p');
    title.className = 'tm-menu-title';
    title.id = `tm-menu-title-${serial}`;
    title.textContent = skill.title;
    const shut = document.createElement('button');
    shut.type = 'button';
    shut.className = 'tm-menu-close';
    shut.setAttribute('aria-label', ui('close'));
    shut.textContent = '\u00d7';
    shut.addEventListener('click', () => close(true));
    const group = document.createElement('fieldset');
    const legend = document.createElement('legend');
    legend.textContent = ui('your_progress');
    group.append(legend);
    for (const state of ['', ...STATES]) {
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = `tm-menu-state-${serial}`;
      radio.value = state;
      radio.checked = get(skill.id) === state;
      label.append(radio, ' ' + LABEL[state]);
      group.append(label);
    }
    group.addEventListener('change', (e) => set(skill.id, e.target.value, skill.title));
    el.append(shut, title, group);
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); close(true); }
      if (e.key === 'Enter' && e.target.type === 'radio') { e.preventDefault(); close(true); }
    });
    el.addEventListener('focusout', (e) => {
      if (menu && menu.el === el && e.relatedTarget && !el.contains(e.relatedTarget)) close(false);
    });
    document.body.append(el);
    const r = anchor.getBoundingClientRect();
    const width = el.offsetWidth, height = el.offsetHeight;
    const left = Math.max(8, Math.min(r.left, document.documentElement.clientWidth - width - 8));
    const below = r.bottom + height + 8 <= innerHeight || r.top < height + 8;
    el.style.left = `${left + scrollX}px`;
    el.style.top = `${(below ? r.bottom + 6 : r.top - height - 6) + scrollY}px`;
    menu = { el, anchor };
    (group.querySelector('input:checked') || group.querySelector('input')).focus();
  };
  document.addEventListener('contextmenu', (e) => {
    const a = e.target.closest && e.target.closest('a');
    const skill = skillOf(a);
    if (!skill) return;
    e.preventDefault();
    open(a, skill);
  });
  document.addEventListener('keydown', (e) => {
    if ((e.key !== 'm' && e.key !== 'M') || e.ctrlKey || e.metaKey || e.altKey) return;
    const a = e.target.closest && e.target.closest('a');
    const skill = skillOf(a);
    if (!skill) return;
    e.preventDefault();
    open(a, skill);
  });
  document.addEventListener('pointerdown', (e) => {
    if (menu && !menu.el.contains(e.target)) close(false);
  });

  // Export, import and reset.
  const note = (tools, text) => {
    let p = tools.querySelector('.tm-note');
    if (!p) {
      p = document.createElement('span');
      p.className = 'tm-note';
      tools.append(p);
    }
    p.textContent = text;
    announce(text);
  };
  document.querySelectorAll('.tm-tools').forEach((tools) => {
    const file = tools.querySelector('[data-progress-file]');
    tools.querySelector('[data-progress-export]')?.addEventListener('click', () => {
      // The goal and the notes travel with the progress (version 2; version 1 files, progress
      // only, import as before).
      const extra = (name) => {
        try { return JSON.parse(localStorage.getItem(`trailmap-${name}:` + (root.dataset.base || '/')) || 'null'); } catch (e) { return null; }
      };
      const data = {
        format: 'trailmap-progress', version: 2, site: root.dataset.base || '/', exported: new Date().toISOString(),
        progress: store, goal: extra('goal'), notes: extra('notes') || {},
      };
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = 'trailmap-progress.json';
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      note(tools, ui('exported', { count: Object.keys(store).length }));
    });
    tools.querySelector('[data-progress-import]')?.addEventListener('click', () => file && file.click());
    file?.addEventListener('change', async () => {
      const chosen = file.files && file.files[0];
      file.value = '';
      if (!chosen) return;
      let data = null;
      try { data = JSON.parse(await chosen.text()); } catch (e) { data = null; }
      const found = clean(data && typeof data === 'object' && 'progress' in data ? data.progress : data);
      const count = Object.keys(found).length;
      const goal = data && typeof data.goal === 'string' ? data.goal : null;
      const notes = {};
      if (data && data.notes && typeof data.notes === 'object' && !Array.isArray(data.notes)) {
        for (const [id, text] of Object.entries(data.notes)) if (typeof text === 'string' && text.trim()) notes[id] = text.slice(0, 5000);
      }
      if (!count && !goal && !Object.keys(notes).length) return note(tools, ui('import_empty'));
      store = Object.assign(store, found);
      save();
      try {
        const key = (name) => `trailmap-${name}:` + (root.dataset.base || '/');
        if (goal) localStorage.setItem(key('goal'), JSON.stringify(goal));
        if (Object.keys(notes).length) {
          const kept = JSON.parse(localStorage.getItem(key('notes')) || '{}') || {};
          localStorage.setItem(key('notes'), JSON.stringify(Object.assign(kept, notes)));
        }
      } catch (e) { /* storage is unavailable: the progress above says so when it is saved */ }
      render();
      document.dispatchEvent(new CustomEvent('trailmap:progress'));
      const noteCount = Object.keys(notes).length;
      const extras = (goal ? ui('imported_goal') : '') + (noteCount ? ui('imported_notes', { count: noteCount }) : '');
      note(tools, ui('imported', { count, extras }));
    });
    // Reset asks on the page (a native confirm() blocks the page and cannot be styled or tested).
    const reset = tools.querySelector('[data-progress-reset]');
    const ask = tools.querySelector('[data-progress-confirm]');
    const asking = (on) => {
      if (!ask) return;
      ask.hidden = !on;
      reset.setAttribute('aria-expanded', String(on));
    };
    reset?.addEventListener('click', () => {
      if (!Object.keys(store).length) { asking(false); return note(tools, ui('reset_empty')); }
      if (!ask) return;
      asking(true);
      ask.querySelector('[data-progress-reset-no]').focus();
    });
    ask?.querySelector('[data-progress-reset-no]').addEventListener('click', () => { asking(false); reset.focus(); });
    ask?.querySelector('[data-progress-reset-yes]').addEventListener('click', () => {
      asking(false);
      store = {};
      save();
      render();
      document.dispatchEvent(new CustomEvent('trailmap:progress'));
      reset.focus();
      note(tools, ui('reset_done'));
    });
    ask?.addEventListener('keydown', (e) => { if (e.key === 'Escape') { e.preventDefault(); asking(false); reset.focus(); } });
  });

  // Another script changed what the page lists.
  document.addEventListener('trailmap:refresh', () => render());
  // Another tab changed the progress.
  addEventListener('storage', (e) => {
    if (e.key === KEY || e.key === null) { store = read(); render(); }
  });
  render();
})();
