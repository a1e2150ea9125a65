/* trailmap default theme: the reader's goal, notes and "Next up", kept in this browser only,
 * beside the progress (progress.js exports and imports them with it).
 *
 * - A goal is one skill (`trailmap-goal:` + the site's base path). "Make this my goal" on a skill
 *   page sets it; the landing page's Next up then offers the skills on the goal's trail whose
 *   prerequisites are all done, in trail order, and how far along the goal is. Without a goal,
 *   Next up offers the first unfinished skills of the roadmap whose prerequisites are done.
 * - A note is plain text per skill (`trailmap-notes:` + base path), written on the skill's page
 *   and marked wherever the skill is listed or drawn.
 * The learning order comes from learning.js (a script, so that file:// copies work too). */
(() => {
  'use strict';
  // Interface text in the site's language (trailmap.js reads it from the page).
  const ui = (key, args) => (window.trailmap && window.trailmap.ui ? window.trailmap.ui(key, args) : key);
  const root = document.documentElement;
  const base = root.dataset.base || '/';
  // This language's edition (`de/`): its pages and learning.js are in its folder. Goals, notes
  // and progress are the site's, whatever the language.
  const edition = root.dataset.edition || '';
  const KEYS = { goal: 'trailmap-goal:' + base, notes: 'trailmap-notes:' + base, progress: 'trailmap-progress:' + base };
  const announce = (text) => window.trailmap && window.trailmap.announce(text);
  const load = (key, fallback) => {
    try { return JSON.parse(localStorage.getItem(key) || 'null') ?? fallback; } catch (e) { return fallback; }
  };
  const store = (key, value) => {
    try {
      if (value === null || (typeof value === 'object' && !Object.keys(value).length)) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
      return true;
    } catch (e) { return false; }
  };
  // A page of the site: under the base path, or, in a copy opened from file://, relative to it.
  const href = (path) => (location.protocol === 'file:' ? (root.dataset.root || '') + edition + path + 'index.html' : base + edition + path);
  // On a site of several roadmaps a skill is kept as `roadmap:id` (see progress.js): the goal
  // (one per site) counts here when it is this roadmap's; notes and progress are read by bare id.
  const roadmap = root.dataset.roadmap || '';
  const keyOf = (id) => (roadmap ? roadmap + ':' + id : id);
  const own = (all) => {
    if (!roadmap) return all;
    const mine = {};
    for (const [key, value] of Object.entries(all)) if (key.startsWith(roadmap + ':')) mine[key.slice(roadmap.length + 1)] = value;
    return mine;
  };
  const goal = () => { const g = load(KEYS.goal, null); return typeof g === 'string' && g.startsWith(keyOf('')) ? g.slice(keyOf('').length) : null; };
  const allNotes = () => { const n = load(KEYS.notes, {}); return n && typeof n === 'object' && !Array.isArray(n) ? n : {}; };
  const notes = () => own(allNotes());
  const progress = () => own(load(KEYS.progress, {}) || {});
  // The places (in learning.js's list) of every step of the trail to the skill at `at`.
  const closure = (skills, at) => {
    const steps = new Set();
    const stack = [...skills[at][3]];
    while (stack.length) {
      const p = stack.pop();
      if (!steps.has(p)) { steps.add(p); stack.push(...skills[p][3]); }
    }
    return steps;
  };

  // The goal button on a skill page.
  const goalButtons = [...document.querySelectorAll('[data-goal]')];
  const showGoal = () => {
    const current = goal();
    for (const button of goalButtons) {
      const mine = current === button.dataset.goal;
      button.setAttribute('aria-pressed', String(mine));
      button.textContent = ui(mine ? 'goal_mine' : 'goal_make');
    }
  };
  for (const button of goalButtons) {
    button.addEventListener('click', () => {
      const mine = goal() === button.dataset.goal;
      const saved = store(KEYS.goal, mine ? null : keyOf(button.dataset.goal));
      showGoal();
      const title = button.dataset.goalTitle || button.dataset.goal;
      announce(ui(mine ? 'goal_dropped' : 'goal_set', { title }) + (saved ? '' : ' ' + ui('not_saved')));
    });
  }

  // The note on a skill page, saved as it is typed.
  for (const box of document.querySelectorAll('[data-note]')) {
    const id = box.dataset.note;
    const area = box.querySelector('textarea');
    if (!area) continue;
    const text = notes()[id] || '';
    area.value = text;
    if (text) box.open = true;
    let timer = null;
    area.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const all = allNotes();
        const value = area.value.slice(0, 5000);
        if (value.trim()) all[keyOf(id)] = value; else delete all[keyOf(id)];
        store(KEYS.notes, all);
        markNotes();
      }, 300);
    });
  }

  // Skills with a note are marked wherever they are listed or drawn.
  const markNotes = () => {
    const all = notes();
    const mark = (el, id) => {
      const has = Boolean(all[id]);
      el.classList.toggle('tm-has-note', has);
      let hint = el.querySelector(':scope > .tm-note-mark');
      if (has && !hint) {
        hint = document.createElement('span');
        hint.className = 'tm-note-mark';
        hint.textContent = ' ' + ui('your_note');
        (el.querySelector(':scope > a') || el).after(hint);
      } else if (!has && hint) hint.remove();
    };
    document.querySelectorAll('li[data-skill]').forEach((li) => mark(li, li.dataset.skill));
    // On the map: a small mark at the node's top left corner (the top right one shows progress).
    document.querySelectorAll('svg a[data-id]').forEach((a) => {
      const has = Boolean(all[a.dataset.id]);
      a.classList.toggle('tm-has-note', has);
      let dot = a.querySelector(':scope > .tm-note-dot');
      if (has && !dot) {
        const rect = a.querySelector('rect');
        if (!rect) return;
        dot = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
        dot.setAttribute('class', 'tm-note-dot');
        dot.setAttribute('aria-hidden', 'true');
        dot.setAttribute('r', '5');
        dot.setAttribute('cx', String(rect.x.baseVal.value + 3));
        dot.setAttribute('cy', String(rect.y.baseVal.value + 3));
        a.append(dot);
      } else if (!has && dot) dot.remove();
    });
  };

  // Next up, on the landing page.
  const next = document.querySelector('[data-next-up]');
  const showNext = () => {
    const data = window.trailmapLearning;
    if (!next || !data) return;
    const skills = data.skills; // [id, title, path, [prerequisites], reading order], in learning order
    const state = progress();
    const finished = (i) => state[skills[i][0]] === 'done' || state[skills[i][0]] === 'skipped';
    const ready = (i) => !finished(i) && skills[i][3].every((p) => state[skills[p][0]] === 'done' || state[skills[p][0]] === 'skipped');
    const target = goal();
    const at = skills.findIndex((s) => s[0] === target);
    let candidates;
    const text = next.querySelector('[data-next-goal]');
    if (at >= 0) {
      // The goal's trail: its prerequisites' closure, in learning order, and the goal itself.
      const trail = [...closure(skills, at), at].sort((a, b) => a - b);
      const done = trail.filter(finished).length;
      candidates = trail.filter(ready);
      text.textContent = '';
      const link = document.createElement('a');
      link.href = href(skills[at][2]);
      link.textContent = skills[at][1];
      const [before, after = ''] = ui('goal_progress', { done, count: trail.length }).split('{link}');
      text.append(before, link, after);
    } else {
      const byReading = skills.map((s, i) => i).sort((a, b) => skills[a][4] - skills[b][4]);
      candidates = byReading.filter(ready);
      text.textContent = ui('goal_none', { button: ui('goal_make') });
    }
    const list = next.querySelector('[data-next-list]');
    list.textContent = '';
    for (const i of candidates.slice(0, 5)) {
      const li = document.createElement('li');
      li.dataset.next = skills[i][0];
      const link = document.createElement('a');
      link.href = href(skills[i][2]);
      link.textContent = skills[i][1];
      li.append(link);
      list.append(li);
    }
    // The landing page's one primary action: "Start with" the first skill of the learning order
    // (written by the build), "Continue:" the first skill Next up offers once there is progress.
    const primary = document.querySelector('[data-primary-action]');
    if (primary) {
      if (!('start' in primary.dataset)) primary.dataset.start = primary.textContent + '\n' + primary.getAttribute('href');
      const [startText, startHref] = primary.dataset.start.split('\n');
      const first = candidates[0];
      if ((Object.keys(state).length || at >= 0) && first !== undefined) {
        primary.textContent = ui('continue', { title: skills[first][1] });
        primary.href = href(skills[first][2]);
      } else {
        primary.textContent = startText;
        primary.href = startHref;
      }
    }
    if (!candidates.length) {
      const li = document.createElement('li');
      li.textContent = ui(at >= 0 ? 'goal_done' : 'all_done');
      list.append(li);
    }
  };
  if (next && !window.trailmapLearning) {
    const script = document.createElement('script');
    script.src = location.protocol === 'file:' ? (root.dataset.root || '') + edition + 'learning.js' : next.dataset.learningUrl;
    script.onload = showNext;
    document.body.append(script);
  }

  // The page of the learning order, narrowed to one skill's trail by `?to=ID`.
  const order = document.querySelector('[data-learning-order]');
  const narrow = () => {
    const to = new URLSearchParams(location.search).get('to');
    const data = window.trailmapLearning;
    if (!order || !to || !data) return;
    const skills = data.skills;
    const at = skills.findIndex((s) => s[0] === to);
    if (at < 0) return;
    const keep = new Set([...closure(skills, at)].map((p) => skills[p][0]));
    order.querySelectorAll('li[data-skill]').forEach((li) => { if (!keep.has(li.dataset.skill)) li.remove(); });
    const title = document.querySelector('[data-trail-title]');
    if (title) title.textContent = ui('trail_to', { title: skills[at][1] });
    const lead = document.querySelector('[data-trail-lead]');
    if (lead) {
      const link = document.createElement('a');
      link.href = href(skills[at][2]);
      link.textContent = skills[at][1];
      const [before, after = ''] = ui('trail_lead', { count: keep.size }).split('{link}');
      lead.textContent = before;
      lead.append(link, after);
    }
    document.title = ui('trail_to', { title: skills[at][1] });
    document.dispatchEvent(new CustomEvent('trailmap:refresh'));
  };
  narrow();

  // On the map: a control that, while on, lights up the trail of the skill under the pointer or
  // the keyboard focus and dims the rest. The learning order is loaded when it is first needed.
  const learning = (then) => {
    if (window.trailmapLearning) return then();
    const script = document.createElement('script');
    script.src = location.protocol === 'file:' ? (root.dataset.root || '') + edition + 'learning.js' : base + edition + 'learning.js';
    script.onload = then;
    document.body.append(script);
  };
  const trailOf = (id) => {
    const skills = window.trailmapLearning.skills;
    const at = skills.findIndex((s) => s[0] === id);
    return at < 0 ? new Set() : new Set([...closure(skills, at)].map((p) => skills[p][0]));
  };
  for (const map of document.querySelectorAll('.mindmap')) {
    const svg = map.querySelector('svg');
    if (!svg) continue;
    const bar = document.createElement('p');
    bar.className = 'mm-trail-toggle';
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'button';
    toggle.setAttribute('aria-pressed', 'false');
    toggle.textContent = ui('trails_toggle');
    bar.append(toggle);
    map.before(bar);
    let on = false;
    const clear = () => {
      svg.classList.remove('tm-trail-dim');
      svg.querySelectorAll('.tm-trail-on, .tm-trail-target').forEach((a) => a.classList.remove('tm-trail-on', 'tm-trail-target'));
    };
    const show = (node, speak) => {
      if (!on || !window.trailmapLearning) return;
      clear();
      const ids = trailOf(node.dataset.id);
      node.classList.add('tm-trail-target');
      let drawn = 0;
      svg.querySelectorAll('a[data-id]').forEach((a) => {
        if (ids.has(a.dataset.id)) { a.classList.add('tm-trail-on'); drawn += 1; }
      });
      svg.classList.add('tm-trail-dim');
      if (speak) {
        const name = node.dataset.tmLabel || node.textContent.trim();
        announce(ids.size ? ui('trail_said', { title: name, count: ids.size, drawn }) : ui('trail_none', { title: name }));
      }
    };
    toggle.addEventListener('click', () => {
      on = !on;
      toggle.setAttribute('aria-pressed', String(on));
      if (!on) clear();
      announce(ui(on ? 'trails_on' : 'trails_off'));
      if (on) learning(() => {});
    });
    svg.addEventListener('focusin', (e) => { const a = e.target.closest('a[data-id]'); if (a) show(a, true); });
    svg.addEventListener('pointerover', (e) => { const a = e.target.closest && e.target.closest('a[data-id]'); if (a) show(a, false); });
    svg.addEventListener('focusout', () => on && clear());
    svg.addEventListener('pointerleave', () => on && clear());
  }

  const render = () => { showGoal(); markNotes(); showNext(); };
  addEventListener('storage', (e) => { if (e.key === null || Object.values(KEYS).includes(e.key)) render(); });
  document.addEventListener('trailmap:progress', render);
  render();
})();
