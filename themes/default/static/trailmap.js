/* trailmap default theme: small enhancements every page shares. Pages work without it.
 * - the theme toggle (the choice is kept under `trailmap-theme`; base.html applies it before the
 *   first paint, so there is no flash of the other theme);
 * - a copy button on code blocks;
 * - the table of contents marks the heading being read;
 * - the print edition's print button;
 * - `trailmap.announce(text)`: one polite live region for every script's messages;
 * - `trailmap.ui(key, args)`: the interface text every script shows, in the site's language. */
(() => {
  'use strict';
  // Interface text in the site's language, from the edition's strings.js (a key shows
  // as itself if missing): `{name}` filled from `args`; a number `args.count` picks the key's
  // `_one` or `_other` form (French and Portuguese: one for 0 and 1; Chinese, Japanese: other).
  const TEXT = window.trailmapStrings || (() => {
    try { return JSON.parse(document.getElementById('trailmap-strings').textContent); } catch (e) { return {}; }
  })() || {};
  const ui = (key, args) => {
    if (args && typeof args.count === 'number' && !(key in TEXT)) {
      const lang = String(TEXT._lang || 'en').split(/[-_]/)[0], n = args.count;
      key += /^(zh|ja|ko)$/.test(lang) || !(n === 1 || (n === 0 && /^(fr|pt)$/.test(lang))) ? '_other' : '_one';
    }
    const text = key in TEXT ? TEXT[key] : key;
    return args ? text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m)) : text;
  };
  const root = document.documentElement;
  const live = document.getElementById('tm-live');
  let clear = 0, pending = 0;
  const announce = (text) => {
    if (!live) return;
    // Emptied first, so that the same message twice is read twice; the newest one wins.
    live.textContent = '';
    clearTimeout(pending);
    clearTimeout(clear);
    pending = setTimeout(() => { live.textContent = text; }, 50);
    clear = setTimeout(() => { live.textContent = ''; }, 7000);
  };
  window.trailmap = Object.assign(window.trailmap || {}, { announce, ui });

  // Theme
  const system = matchMedia('(prefers-color-scheme: dark)');
  const dark = () => (root.dataset.theme ? root.dataset.theme === 'dark' : system.matches);
  const toggles = document.querySelectorAll('[data-theme-toggle]');
  const show = () => toggles.forEach((button) => button.setAttribute('aria-pressed', String(dark())));
  toggles.forEach((button) => button.addEventListener('click', () => {
    const next = dark() ? 'light' : 'dark';
    root.dataset.theme = next;
    try { localStorage.setItem('trailmap-theme', next); } catch (e) { /* private mode: this page only */ }
    show();
    announce(ui('theme_' + next));
  }));
  system.addEventListener('change', show);
  addEventListener('storage', (e) => {
    if (e.key !== 'trailmap-theme') return;
    if (e.newValue === 'dark' || e.newValue === 'light') root.dataset.theme = e.newValue;
    else delete root.dataset.theme;
    show();
  });
  show();

  // Copy buttons on code blocks
  const copy = async (text) => {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      const area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.cssText = 'position:fixed;opacity:0';
      document.body.append(area);
      area.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (err) { ok = false; }
      area.remove();
      return ok;
    }
  };
  document.querySelectorAll('.prose pre').forEach((pre) => {
    const code = pre.querySelector('code');
    if (!code) return;
    const wrap = document.createElement('div');
    wrap.className = 'code-wrap';
    pre.before(wrap);
    wrap.append(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-code';
    button.textContent = ui('copy');
    button.setAttribute('aria-label', ui('copy_label'));
    button.addEventListener('click', async () => {
      const ok = await copy(code.textContent);
      button.textContent = ui(ok ? 'copied' : 'copy_failed');
      announce(ui(ok ? 'copied_said' : 'copy_failed_said'));
      setTimeout(() => { button.textContent = ui('copy'); }, 1600);
    });
    wrap.append(button);
  });
  // Blocks that scroll sideways stay in the tab order (the build puts them all there), so that a
  // keyboard can scroll them; blocks that fit leave it.
  const blocks = [...document.querySelectorAll('pre[tabindex="0"]')];
  const fit = () => blocks.forEach((pre) => {
    if (pre.scrollWidth > pre.clientWidth + 1) pre.setAttribute('tabindex', '0');
    else pre.removeAttribute('tabindex');
  });
  let resized = 0;
  addEventListener('resize', () => { cancelAnimationFrame(resized); resized = requestAnimationFrame(fit); });
  fit();

  // Table of contents: mark the section being read.
  const toc = document.querySelector('.toc');
  if (toc && 'IntersectionObserver' in window) {
    const links = new Map();
    toc.querySelectorAll('a[href^="#"]').forEach((a) => {
      const target = document.getElementById(decodeURIComponent(a.hash.slice(1)));
      if (target) links.set(target, a);
    });
    const visible = new Set();
    const mark = () => {
      const first = [...links.keys()].find((h) => visible.has(h));
      if (!first) return;
      links.forEach((a, h) => {
        if (h === first) a.setAttribute('aria-current', 'location');
        else a.removeAttribute('aria-current');
      });
    };
    const seen = new IntersectionObserver((entries) => {
      entries.forEach((e) => (e.isIntersecting ? visible.add(e.target) : visible.delete(e.target)));
      mark();
    }, { rootMargin: '0px 0px -65% 0px' });
    links.forEach((_, heading) => seen.observe(heading));
  }

  document.querySelectorAll('[data-print]').forEach((button) => button.addEventListener('click', () => print()));
})();
