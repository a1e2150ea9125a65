// The design as a learner meets it (issue #28): the landing page's hierarchy and height, the map
// high on the page, one primary action, one distinct hue per section everywhere, line lengths,
// one focus colour, shipped font weights, the section tree beside the text, phone tap targets and
// print. Measured in Chromium on our roadmap and on roadmaps not in the repository; screenshots of
// each state go to tests/browser/screenshots/ to be looked at.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SHOTS, buildSites, launch, pageKinds, serve, watch } from './harness.mjs';

let built, server, browser;
before(async () => {
  built = buildSites();
  server = await serve(built.sites);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

const url = (site, path = '') => server.origin + built.sites[site].prefix + path;
const nodes = (site) => JSON.parse(readFileSync(join(built.sites[site].out, 'roadmap.json'), 'utf8')).nodes;
const pathOf = (site, node) => new URL(node.url).pathname.slice(built.sites[site].prefix.length);
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

async function open(site, path, { viewport = DESKTOP, colorScheme = 'light', progress, ...options } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, ...options });
  if (progress) {
    const key = 'trailmap-progress:' + built.sites[site].prefix;
    await context.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, JSON.stringify(progress)]);
  }
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(url(site, path));
  await page.evaluate(() => document.fonts.ready);
  return { context, page, problems };
}

// sRGB "rgb(r, g, b)" to CIELAB (D65), and the CIE76 difference.
const lab = (css) => {
  const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const f = (t) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
  const x = f((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
  const y = f(0.2126729 * r + 0.7151522 * g + 0.072175 * b);
  const z = f((0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
};
const deltaE = (a, b) => Math.hypot(...lab(a).map((v, i) => v - lab(b)[i]));

test('the landing page: one title, a primary action and 450 px of map above the fold, short enough', async (t) => {
  for (const site of ['roadmap', 'wide', 'odd']) {
    const { context, page, problems } = await open(site, '');
    const first = await page.evaluate(() => {
      const action = document.querySelector('[data-primary-action]');
      const map = document.querySelector('.mindmap').getBoundingClientRect();
      const r = action.getBoundingClientRect();
      const brand = document.querySelector('.brand > span').getBoundingClientRect();
      return {
        action: action.textContent, actionBottom: r.bottom, mapTop: map.top, mapHeight: map.height, mapShown: Math.min(map.bottom, innerHeight) - map.top,
        height: document.documentElement.scrollHeight, h1: document.querySelectorAll('h1').length, brandShown: brand.width > 1 && brand.height > 1,
        facts: getComputedStyle(document.querySelector('.hero-facts')).borderTopStyle,
      };
    });
    // The odd site is Swiss German (`de-CH`): its interface is the theme's German.
    assert.match(first.action, site === 'odd' ? /^Mit \S.* beginnen$/ : /^Start with \S/, `${site}: the primary action`);
    assert.ok(first.actionBottom <= DESKTOP.height, `${site}: the primary action is above the fold`);
    // A small roadmap's map may be shorter than 450 px: then all of it.
    assert.ok(first.mapShown >= Math.min(450, first.mapHeight), `${site}: ${first.mapShown} px of the map above the fold (top at ${first.mapTop})`);
    assert.ok(first.height <= 4500, `${site}: the landing page is ${first.height} px tall at 1366×900`);
    assert.equal(first.h1, 1);
    assert.equal(first.brandShown, false, `${site}: the title is shown once (the h1), not also as the header's brand`);
    assert.equal(first.facts, 'none', 'facts are text, not pills');
    // Skills are listed once: the section cards count them instead of listing them again.
    assert.equal(await page.locator('.section-card a').count(), await page.locator('.section-card').count());
    await page.setViewportSize(PHONE);
    const phone = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(phone <= 7000, `${site}: the landing page is ${phone} px tall on a phone`);
    t.diagnostic(`${site}: ${first.height} px tall at 1366×900, ${phone} px at 390×844; map from ${Math.round(first.mapTop)} px, ${Math.round(first.mapShown)} px of it above the fold`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the primary action starts with the first skill of the learning order and then continues', async () => {
  const learning = readFileSync(join(built.sites.roadmap.out, 'learning.js'), 'utf8');
  const skills = JSON.parse(learning.slice(learning.indexOf('{'), learning.lastIndexOf('}') + 1)).skills;
  const { context, page, problems } = await open('roadmap', '');
  const action = page.locator('[data-primary-action]');
  assert.equal(await action.textContent(), `Start with ${skills[0][1]}`);
  await context.close();

  const second = await open('roadmap', '', { progress: { [skills[0][0]]: 'done' } });
  const next = second.page.locator('[data-primary-action]');
  await assert.doesNotReject(next.filter({ hasText: /^Continue: / }).waitFor());
  const text = await next.textContent();
  assert.notEqual(text, `Continue: ${skills[0][1]}`, 'a done skill is not offered again');
  assert.equal(text, `Continue: ${await second.page.locator('[data-next-list] li a').first().textContent()}`, 'the same as Next up');
  assert.deepEqual([...problems, ...second.problems], []);
  await second.context.close();
});

test('reset asks on the page, not with a native dialog, and can be cancelled', async () => {
  const { context, page, problems } = await open('good', '', { progress: { hammer: 'done' } });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const done = page.locator('.hero [data-count="done"]');
  assert.equal(await done.textContent(), '1');
  await page.locator('.tm-more-button').click();
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Keep it' }).click();
  assert.equal(await done.textContent(), '1', 'cancelled');
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Forget my progress' }).click();
  assert.equal(await done.textContent(), '0');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every two section hues are at least ΔE 20 apart in both schemes, and each section keeps its hue', async (t) => {
  // The wide roadmap has seven sections: every hue of the palette.
  const sections = nodes('wide').filter((n) => n.kind === 'section');
  assert.equal(sections.length, 7);
  for (const colorScheme of ['light', 'dark']) {
    const { context, page, problems } = await open('wide', '', { colorScheme });
    const hues = await page.evaluate(() => [...document.querySelectorAll('.section-card')].map((card, i) => ({
      card: getComputedStyle(card).borderTopColor,
      map: getComputedStyle(document.querySelectorAll('.mindmap .mm-section > rect')[i]).stroke,
      nav: getComputedStyle(document.querySelectorAll('.site-nav li[class^="s"] > a')[i], '::before').backgroundColor,
    })));
    assert.equal(hues.length, 7);
    const worst = [];
    for (let i = 0; i < hues.length; i += 1) {
      assert.equal(hues[i].card, hues[i].map, `${colorScheme}: section ${i} has one hue on its card and on the map`);
      assert.equal(hues[i].nav, hues[i].map, `${colorScheme}: section ${i}'s mark in the navigation`);
      for (let j = i + 1; j < hues.length; j += 1) worst.push([deltaE(hues[i].map, hues[j].map), i, j]);
    }
    worst.sort((a, b) => a[0] - b[0]);
    assert.ok(worst[0][0] >= 20, `${colorScheme}: sections ${worst[0][1]} and ${worst[0][2]} are ${worst[0][0].toFixed(1)} apart`);
    t.diagnostic(`${colorScheme}: the closest sections are ${worst[0][1]} and ${worst[0][2]}, ΔE ${worst[0][0].toFixed(1)}`);
    // No branch outshines the others: the outlines share one lightness.
    const lightness = hues.map((h) => lab(h.map)[0]);
    assert.ok(Math.max(...lightness) - Math.min(...lightness) <= 4, `${colorScheme}: L* from ${Math.min(...lightness)} to ${Math.max(...lightness)}`);

    // A section page's map is drawn in that section's hue alone.
    for (const [i, section] of sections.entries()) {
      await page.goto(url('wide', pathOf('wide', section)));
      const strokes = await page.evaluate(() => [...new Set([...document.querySelectorAll('.mindmap .mm-skill > rect, .mindmap .mm-edges path')]
        .map((e) => getComputedStyle(e).stroke))]);
      assert.deepEqual(strokes, [hues[i].map], `${colorScheme}: the map of ${section.id}`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// The median number of characters per rendered line of the body text's paragraphs (a paragraph's
// last line, usually short, left out).
const medianLine = (page, selector) => page.evaluate((selector) => {
  const lengths = [];
  for (const p of document.querySelectorAll(selector)) {
    if (!p.getClientRects().length) continue;
    const lines = new Map();
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
      for (let i = 0; i < text.length; i += 1) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        const line = Math.round(rect.bottom);
        lines.set(line, (lines.get(line) || 0) + 1);
      }
    }
    const counts = [...lines.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    lengths.push(...counts.slice(0, -1));
  }
  lengths.sort((a, b) => a - b);
  return { median: lengths[Math.floor(lengths.length / 2)], lines: lengths.length };
}, selector);

test('body text runs 60 to 75 characters a line at every desktop width', async (t) => {
  const kinds = pageKinds(built.sites.roadmap);
  for (const width of [1024, 1366, 1920]) {
    for (const [path, selector] of [[kinds.skill, '.skill-main > .prose > p'], ['', '.landing-prose > p'], [kinds.section, '.page-main > .prose > p']]) {
      const { context, page } = await open('roadmap', path, { viewport: { width, height: 900 } });
      const { median, lines } = await medianLine(page, selector);
      assert.ok(lines >= 5, `/${path} at ${width}: only ${lines} lines measured`);
      assert.ok(median >= 60 && median <= 75, `/${path} at ${width}: median ${median} characters a line`);
      t.diagnostic(`/${path} at ${width}: median ${median} characters over ${lines} lines`);
      await context.close();
    }
  }
  // A phone's column cannot hold 60 characters of text at 16 px: there the text keeps 16 px, takes
  // all the width but a small margin, and stays under 75.
  for (const width of [320, 390]) {
    const { context, page } = await open('roadmap', kinds.skill, { viewport: { width, height: 844 } });
    const { median } = await medianLine(page, '.skill-main > .prose > p');
    const column = await page.evaluate(() => {
      const p = document.querySelector('.skill-main > .prose > p');
      return { size: Number.parseFloat(getComputedStyle(p).fontSize), width: p.getBoundingClientRect().width };
    });
    assert.ok(column.size >= 16, `${width}: body text at ${column.size} px`);
    assert.ok(column.width >= width - 2 * 12.5, `${width}: a column of ${column.width} px`);
    assert.ok(median >= 35 && median <= 75, `${width}: median ${median}`);
    t.diagnostic(`/${kinds.skill} at ${width}: median ${median} characters, ${column.size} px text in a ${Math.round(column.width)} px column`);
    await context.close();
  }
});

// Elements the reader could see that stick out of the page sideways (inside no scrolling box).
const sideways = (page) => page.evaluate(() => {
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue;
    let clipped = false;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    }
    if (!clipped && (r.left < -1 || r.right > innerWidth + 1)) out.push(`${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return { out: out.slice(0, 5), scroll: document.documentElement.scrollWidth - innerWidth };
});

test('right to left: dir="rtl" mirrors the layout (tree, contents, nav, crumbs, ticks, search, panel) with nothing sticking out', async (t) => {
  const kinds = pageKinds(built.sites.roadmap);
  const done = Object.fromEntries(nodes('roadmap').filter((n) => n.kind === 'skill').map((n) => [n.id, 'done']));
  const rtl = (page) => page.evaluate(() => { document.documentElement.dir = 'rtl'; });
  const where = (page) => page.evaluate(() => {
    const box = (sel) => { const e = document.querySelector(sel); const r = e?.getBoundingClientRect(); return r && r.width ? { left: r.left, right: r.right, mid: (r.left + r.right) / 2 } : null; };
    const crumbs = [...document.querySelectorAll('.breadcrumbs li')].map((li) => li.getBoundingClientRect().left);
    const nav = [...document.querySelectorAll('.site-nav li')].map((li) => li.getBoundingClientRect().left);
    const tick = document.querySelector('.section-tree li .tm-state');
    return {
      tree: box('nav.section-tree'), main: box('.skill-main, .page-main'), toc: box('.toc'),
      crumbs: crumbs.length > 1 ? Math.sign(crumbs[1] - crumbs[0]) : 0, nav: Math.sign(nav[1] - nav[0]),
      tick: tick ? Math.sign(tick.getBoundingClientRect().left - tick.parentElement.querySelector('a').getBoundingClientRect().left) : 0,
    };
  });
  for (const path of [kinds.skill, kinds.section]) {
    const { context, page, problems } = await open('roadmap', path, { progress: done });
    await page.locator('.section-tree li .tm-state').first().waitFor();
    const ltr = await where(page);
    await rtl(page);
    const mirrored = await where(page);
    assert.ok(ltr.tree.right <= ltr.main.left && mirrored.tree.left >= mirrored.main.right, `/${path}: the tree moves to the right of the text`);
    if (path === kinds.skill) assert.ok(mirrored.toc.right <= mirrored.main.left, 'the contents move to the left');
    for (const key of ['crumbs', 'nav', 'tick']) assert.equal(mirrored[key], -ltr[key], `/${path}: ${key} run the other way`);
    assert.deepEqual(await sideways(page), { out: [], scroll: 0 }, `/${path}: nothing sticks out`);
    await page.screenshot({ path: join(SHOTS, `design-rtl-${path === kinds.skill ? 'skill' : 'section'}.png`) });
    assert.deepEqual(problems, []);
    await context.close();
  }
  // The search results open under the box, on its side of the header; the map's panel on the left.
  for (const viewport of [DESKTOP, PHONE]) {
    const { context, page, problems } = await open('roadmap', '#map=gradient-descent', { viewport });
    await page.locator('.mm-panel-summary:not(:empty)').waitFor();
    await rtl(page);
    const map = await page.locator('.mindmap').boundingBox();
    const panel = await page.locator('.mm-panel').boundingBox();
    assert.ok(panel.x - map.x < map.x + map.width - (panel.x + panel.width) + 1, `${viewport.width}: the panel sits on the map's left`);
    await page.screenshot({ path: join(SHOTS, `design-rtl-panel-${viewport.width}.png`) });
    await page.keyboard.press('Escape');
    await page.locator('#tm-search').fill('gradient');
    await page.locator('#tm-results [role="option"]').first().waitFor();
    const input = await page.locator('#tm-search').boundingBox();
    const results = await page.locator('.search-panel').boundingBox();
    assert.ok(Math.abs(results.x - input.x) <= 1, `${viewport.width}: the results line up with the box's left (${results.x}, ${input.x})`);
    assert.ok(results.x >= 0 && results.x + results.width <= viewport.width + 1, 'the results stay on screen');
    await page.screenshot({ path: join(SHOTS, `design-rtl-search-${viewport.width}.png`) });
    assert.deepEqual(await sideways(page), { out: [], scroll: 0 }, `landing at ${viewport.width}: nothing sticks out`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  for (const [path, viewport] of [['', PHONE], [kinds.skill, PHONE], ['faq/', DESKTOP], ['faq/', PHONE]]) {
    const { context, page } = await open('roadmap', path, { viewport });
    await rtl(page);
    const start = await page.evaluate(() => {
      const h1 = document.querySelector('h1');
      const range = document.createRange();
      range.selectNodeContents(h1);
      return h1.getBoundingClientRect().right - range.getBoundingClientRect().right;
    });
    assert.ok(Math.abs(start) <= 1, `/${path} at ${viewport.width}: the title starts on the right (${start})`);
    assert.deepEqual(await sideways(page), { out: [], scroll: 0 }, `/${path} at ${viewport.width}: nothing sticks out`);
    await page.screenshot({ path: join(SHOTS, `design-rtl-${path.replace(/\W+/g, '') || 'landing'}-${viewport.width}.png`), fullPage: path === 'faq/' });
    t.diagnostic(`/${path} at ${viewport.width}: mirrored`);
    await context.close();
  }
});

test('only the shipped font weights are asked for, on every kind of page', async () => {
  const kinds = pageKinds(built.sites.roadmap);
  for (const path of Object.values(kinds)) {
    const { context, page } = await open('roadmap', path);
    const weights = await page.evaluate(() => {
      const seen = {};
      for (const el of document.querySelectorAll('body *')) {
        if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
        const w = getComputedStyle(el).fontWeight;
        seen[w] = seen[w] || el.tagName.toLowerCase() + '.' + el.className;
      }
      return seen;
    });
    const unshipped = Object.entries(weights).filter(([w]) => w !== '400' && w !== '600');
    assert.deepEqual(unshipped, [], `/${path}: weights without a font file`);
    await context.close();
  }
});

test('one focus colour, not an error colour; the navigation ring is not clipped; FAQ is marked current', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open('roadmap', 'faq/', { colorScheme });
    const faq = page.locator('.site-nav a', { hasText: 'FAQ' });
    assert.equal(await faq.getAttribute('aria-current'), 'page');
    await page.locator('#tm-search').focus();
    await page.keyboard.press('Escape');
    const search = await page.evaluate(() => getComputedStyle(document.activeElement).outlineColor);
    await faq.focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const nav = await page.evaluate(() => {
      const a = document.activeElement;
      const s = getComputedStyle(a);
      const ring = Number.parseFloat(s.outlineOffset) + Number.parseFloat(s.outlineWidth);
      const r = a.getBoundingClientRect();
      const box = a.closest('ul').getBoundingClientRect();
      return { color: s.outlineColor, inside: r.top - ring >= box.top - 0.5 && r.bottom + ring <= box.bottom + 0.5 };
    });
    assert.equal(nav.color, search, `${colorScheme}: one focus colour`);
    assert.ok(nav.inside, `${colorScheme}: the nav's focus ring is drawn inside its scrolling list`);
    await page.goto(url('roadmap', ''));
    const map = await page.evaluate(() => getComputedStyle(document.querySelector('.mindmap')).getPropertyValue('--mm-focus').trim());
    const [l, a, b] = lab(search);
    const hue = (Math.atan2(b, a) * 180) / Math.PI;
    assert.ok(hue < -20 || hue > 200 || Math.hypot(a, b) < 10, `${colorScheme}: the focus colour (${search}, h ${hue.toFixed(0)}) reads as red or orange`);
    assert.ok(deltaE(search, await page.evaluate((c) => { const d = document.createElement('i'); d.style.color = c; document.body.append(d); const v = getComputedStyle(d).color; d.remove(); return v; }, map)) < 1, `${colorScheme}: the map's focus colour ${map} is the site's ${search} (L* ${l.toFixed(0)})`);
    await context.close();
  }
});

test('wide screens show the current section as a tree with progress; phones do not', async () => {
  const kinds = pageKinds(built.sites.roadmap);
  const id = nodes('roadmap').find((n) => pathOf('roadmap', n) === kinds.skill).id;
  for (const path of [kinds.skill, kinds.section]) {
    const { context, page, problems } = await open('roadmap', path, { progress: { [id]: 'done' } });
    const tree = page.locator('nav.section-tree');
    assert.ok(await tree.isVisible(), `/${path}: the tree is shown at 1366`);
    const box = await tree.boundingBox();
    const main = await page.locator('.skill-main, .page-main').first().boundingBox();
    assert.ok(box.x + box.width <= main.x, 'the tree is beside the text, on its left');
    if (path === kinds.skill) {
      assert.equal(await tree.locator('a[aria-current="page"]').count(), 1, 'the page is marked in the tree');
      assert.equal(await tree.locator(`li[data-skill="${id}"] .tm-state-done`).count(), 1, 'with its progress');
    }
    await page.setViewportSize(PHONE);
    assert.equal(await tree.isVisible(), false, 'no tree on a phone');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('components: connections once each, resources labelled once, no code block wider than its column', async () => {
  for (const site of ['roadmap', 'wide']) {
    const skills = nodes(site).filter((n) => n.kind === 'skill');
    const { context, page } = await open(site, '');
    for (const skill of skills) {
      await page.goto(url(site, pathOf(site, skill)));
      const found = await page.evaluate(() => {
        const ids = [...document.querySelectorAll('.connections li[data-skill]')].map((li) => li.dataset.skill);
        const column = document.querySelector('.skill-main > .prose')?.getBoundingClientRect();
        const wide = [...document.querySelectorAll('.skill-main pre')].filter((pre) => pre.getBoundingClientRect().right > column.right + 0.5).length;
        const home = [...document.querySelectorAll('.connections a')].filter((a) => new URL(a.href).pathname === new URL(document.querySelector('.brand').href).pathname).length;
        return { ids, wide, home, badges: document.querySelectorAll('.resource-list .badge').length };
      });
      assert.equal(new Set(found.ids).size, found.ids.length, `${skill.id}: a connection shown twice`);
      assert.equal(found.home, 0, `${skill.id}: the landing page is not a connection`);
      assert.equal(found.wide, 0, `${skill.id}: a code block overflows the column`);
      assert.equal(found.badges, 0, `${skill.id}: resources are labelled by their group's heading only`);
    }
    await context.close();
  }
});

test('phone: section cards and lists give 44 px targets; the hint names no right-click', async () => {
  const { context, page } = await open('wide', '', { viewport: PHONE, hasTouch: true, isMobile: true });
  const heights = await page.evaluate(() => [...document.querySelectorAll('.section-card h3 a')].map((a) => a.getBoundingClientRect().height));
  assert.ok(heights.length && heights.every((h) => h >= 44), `section card links: ${heights}`);
  // Every hint about the map a phone shows (the page's and the map's own), as the reader sees them.
  const hints = await page.evaluate(() => [...document.querySelectorAll('.map-section .map-hint, .map-section [class*="hint"]')]
    .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
    .map((el) => el.innerText));
  assert.ok(hints.some((hint) => /open a skill|tap/i.test(hint)), `a touch hint shows: ${JSON.stringify(hints)}`);
  for (const hint of hints) assert.doesNotMatch(hint, /right-click|press/i);
  assert.equal(await page.locator('.search-key').isVisible(), false, 'no "/" key hint without a keyboard');
  await page.goto(url('wide', pathOf('wide', nodes('wide').find((n) => n.kind === 'section'))));
  const rows = await page.evaluate(() => [...document.querySelectorAll('.section-skills .skill-list li > a')].map((a) => a.getBoundingClientRect().height));
  assert.ok(rows.every((h) => h >= 40), `skill list links: ${Math.min(...rows)} px`);
  await context.close();
});

test('print: no disclosure controls, the map alone on a landscape page, each section after it with labels of 7 pt', async (t) => {
  const A4 = [841.92, 594.96];
  for (const path of ['', 'print/']) {
    // The viewport of the map's page: A4 landscape less its 8 mm margins, at 96 px to the inch.
    // Without scripts, so that the map is the whole map (mindmap.js keeps the reader's view).
    const { context, page } = await open('roadmap', path, { viewport: { width: 1062, height: 733 }, javaScriptEnabled: false });
    await page.emulateMedia({ media: 'print' });
    const found = await page.evaluate(() => {
      const summaries = [...document.querySelectorAll('summary')].filter((s) => s.getClientRects().length).map((s) => s.textContent.trim());
      const section = document.querySelector('.map-section');
      const s = getComputedStyle(section);
      // A label's size on the page: its font size times its map's scale.
      const size = (t) => t.getScreenCTM().a * Number.parseFloat(getComputedStyle(t).fontSize);
      const parts = [...section.querySelectorAll('.mm-print-parts > svg.mm-part')].map((svg) => ({
        page: getComputedStyle(svg).page,
        before: getComputedStyle(svg).breakBefore,
        shown: svg.getClientRects().length > 0,
        least: Math.min(...[...svg.querySelectorAll('.mm-skill text')].map(size)),
        skills: svg.querySelectorAll('.mm-skill').length,
      }));
      const whole = [...section.querySelectorAll('.mindmap .mm-skill text')].map(size).sort((a, b) => a - b);
      return {
        summaries, parts, page: s.page, before: s.breakBefore, after: s.breakAfter, whole: whole[Math.floor(whole.length / 2)],
        skills: section.querySelectorAll('.mindmap .mm-skill').length, screenHidden: section.querySelector('.mm-print-parts')?.hidden,
      };
    });
    assert.deepEqual(found.summaries, [], `/${path}: disclosure controls printed`);
    assert.equal(found.page, 'map');
    assert.equal(found.before, 'page');
    assert.equal(found.after, 'page');
    // Our roadmap's whole map is too big for 7 pt labels on one page: it prints as an overview,
    // then one page per section holding every skill once, each label at 7 pt (9.33 px) or more.
    const pt = (px) => (px * 0.75).toFixed(2);
    assert.equal(found.parts.length, nodes('roadmap').filter((n) => n.kind === 'section').length, `/${path}: one printed page per section`);
    assert.equal(found.screenHidden, true, 'the copies are hidden on screen');
    assert.equal(found.parts.reduce((n, p) => n + p.skills, 0), found.skills, 'every skill on a section page');
    for (const [i, part] of found.parts.entries()) {
      assert.ok(part.shown, `/${path}: section ${i} printed`);
      assert.equal(part.before, 'page');
      assert.match(part.page, /^map(-tall)?$/);
      assert.ok(part.least >= 9.33, `/${path}: section ${i}'s smallest label is ${pt(part.least)} pt`);
    }
    t.diagnostic(`/${path}: the whole map at ${pt(found.whole)} pt (median label); the section pages' smallest labels ${found.parts.map((p) => pt(p.least)).join(', ')} pt`);
    // Chromium's PDF: the text pages, then the map's landscape page and one A4 page per section,
    // landscape or upright as the section's shape asks.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const boxes = [...pdf.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const a4 = (w, h) => boxes.filter(([x, y]) => Math.abs(x - w) < 0.1 && Math.abs(y - h) < 0.1).length;
    const tall = found.parts.filter((p) => p.page === 'map-tall').length;
    assert.equal(a4(...A4), 1 + found.parts.length - tall, `/${path}: landscape A4 pages`);
    assert.equal(a4(A4[1], A4[0]), tall, `/${path}: upright A4 pages`);
    await context.close();
  }
  // A small roadmap's map prints whole on its page: no copies.
  const { context, page } = await open('good', '', { javaScriptEnabled: false });
  assert.equal(await page.locator('.mm-print-parts').count(), 0);
  await context.close();
});

test('screenshots of the landing, section and skill pages at three sizes in both schemes', async () => {
  const kinds = pageKinds(built.sites.roadmap);
  const sizes = { desktop: DESKTOP, wide: { width: 1920, height: 1080 }, phone: PHONE };
  for (const [size, viewport] of Object.entries(sizes)) {
    for (const colorScheme of ['light', 'dark']) {
      const { context, page, problems } = await open('roadmap', '', { viewport, colorScheme, progress: { 'linear-algebra': 'done', calculus: 'learning' } });
      for (const [kind, path] of [['landing', ''], ['section', kinds.section], ['skill', kinds.skill]]) {
        await page.goto(url('roadmap', path));
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SHOTS, `design-${kind}-${size}-${colorScheme}.png`) });
      }
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
