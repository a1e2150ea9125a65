// The map as a viewer (mindmap.js), as a reader meets it at a desktop and a phone size, on our
// roadmap, a wide one and a generated deep one with long and non-Latin labels: the first view
// fits the tree in its box with legible labels (folded where it must be, saying so); folds,
// expand all and collapse all by keyboard; one tab stop with arrow keys; the node panel (a
// labelled dialog, Escape closes, progress marks the node); find on the map (`#map=ID`); full
// screen; the level filter; the view kept across a reload; no scroll trap on a phone; axe in
// both themes. Screenshots of each state go to tests/browser/screenshots/mapview-*.png.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { SHOTS, buildSites, launch, serve, trailmapBin, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
// Smallest label size on screen (px) for the root and the sections at first view.
const LEGIBLE = 9;

const LABELS = ['Tokenization', 'A label long enough that it has to wrap onto several lines of its box', '日本語の機械学習とその応用',
  'التعلم العميق والشبكات', 'Статистика и вероятность', 'x', 'Reinforcement Learning from Human Feedback (RLHF)'];

/** Six sections, about 250 nodes nested five deep, long and non-Latin labels. */
function writeDeepSite(dir) {
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('trailmap.toml', 'title = "Deep"\nbase_url = "https://example.org/"\n');
  write('content/_index.md', '+++\ntitle = "Eine sehr tiefe Landkarte mit einem langen Titel"\n+++\n\nBody.\n');
  let n = 0;
  const skill = (path, depth) => {
    const label = `${LABELS[n % LABELS.length]} ${n}`;
    const id = `d${n++}`;
    const level = ['core', 'optional', 'alternative'][n % 3];
    if (depth > 0 && n % 4 === 0) {
      write(`${path}/${id}/_index.md`, `+++\ntitle = ${JSON.stringify(label)}\nlevel = "${level}"\nsummary = "About ${id}."\n+++\n`);
      for (let c = 0; c < 3; c++) skill(`${path}/${id}`, depth - 1);
    } else {
      write(`${path}/${id}.md`, `+++\ntitle = ${JSON.stringify(label)}\nlevel = "${level}"\nsummary = "About ${id}."\n+++\n`);
    }
  };
  for (let s = 0; s < 6; s++) {
    write(`content/s${s}/_index.md`, `+++\ntitle = "${['Grundlagen', 'Section with a rather long name', '数学', 'Données', 'Ψ', 'Operations'][s]}"\nweight = ${s}\n+++\n`);
    for (let k = 0; k < 22; k++) skill(`content/s${s}`, 4);
  }
}

let built, server, browser;
before(async () => {
  built = buildSites();
  const src = join(built.dir, 'deep-src');
  writeDeepSite(src);
  const out = join(built.dir, 'deep');
  // Its many lint warnings are not the point here: an error still throws, with its message.
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', src, '--output', out, '--base-url', 'https://example.org/deep/'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  built.sites.deep = { out, prefix: '/deep/' };
  server = await serve(built.sites);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

const roadmapOf = (name) => JSON.parse(readFileSync(join(built.sites[name].out, 'roadmap.json'), 'utf8'));
const url = (name, node = null) => server.origin + (node ? new URL(node.url).pathname : built.sites[name].prefix);

async function open(size, { colorScheme = 'light', js = true } = {}) {
  const phone = size === 'phone';
  const context = await browser.newContext({ viewport: SIZES[size], colorScheme, isMobile: phone, hasTouch: phone, javaScriptEnabled: js });
  const page = await context.newPage();
  return { context, page, problems: watch(page) };
}

/** The first map's box, its shown nodes with their rectangles on screen and label sizes. */
function firstView(page) {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const box = document.querySelector('.mindmap');
    const svg = box.querySelector('svg');
    const r = svg.getBoundingClientRect();
    const nodes = [...svg.querySelectorAll('a[data-id]')].filter((a) => getComputedStyle(a).display !== 'none').map((a) => {
      const b = a.querySelector('rect').getBoundingClientRect(), t = a.querySelector('text');
      return {
        id: a.dataset.id, top: !a.dataset.parent || a.dataset.parent === '0',
        inside: b.left >= r.left - 0.5 && b.right <= r.right + 0.5 && b.top >= r.top - 0.5 && b.bottom <= r.bottom + 0.5,
        px: parseFloat(t.getAttribute('font-size')) * t.getScreenCTM().a,
      };
    });
    const note = box.querySelector('.mm-note');
    return { nodes, total: svg.querySelectorAll('a[data-id]').length, note: note && !note.hidden ? note.textContent : '', box: [r.width, r.height] };
  });
}

for (const name of ['roadmap', 'wide', 'deep']) {
  for (const size of Object.keys(SIZES)) {
    test(`first view of ${name} at ${size}: every map fits its box with legible labels, folded where it must be`, async () => {
      const roadmap = roadmapOf(name);
      const { context, page, problems } = await open(size);
      const pages = [null, ...roadmap.nodes.filter((n) => n.kind === 'section')];
      for (const node of pages) {
        await page.goto(url(name, node));
        const where = `${name} ${node ? node.id : 'landing'} at ${size}`;
        const view = await firstView(page);
        const top = view.nodes.filter((n) => n.top);
        assert.ok(top.length >= 1 && view.nodes[0].top, `${where}: the centre is shown`);
        for (const n of view.nodes) assert.ok(n.inside, `${where}: ${n.id} lies inside the map's box`);
        for (const n of top) assert.ok(n.px >= LEGIBLE, `${where}: ${n.id} is ${n.px.toFixed(1)} px on screen`);
        const least = Math.min(...view.nodes.map((n) => n.px));
        if (view.nodes.length < view.total) {
          assert.match(view.note, /Showing (the sections|the first level|\d+ levels)/, `${where}: a folded first view says so`);
          assert.ok(least >= LEGIBLE, `${where}: folded, yet labels of ${least.toFixed(1)} px`);
        }
        if (!node) await page.locator('.mindmap').screenshot({ path: join(SHOTS, `mapview-${name}-landing-${size}.png`) });
      }
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}

test('without scripts every map shows whole, with its text list', async () => {
  const { context, page } = await open('desktop', { js: false });
  for (const name of ['roadmap', 'deep']) {
    const roadmap = roadmapOf(name);
    await page.goto(url(name));
    // A big roadmap's landing map is an overview (sections and their skills); mindmap.svg has all.
    const overview = roadmap.nodes.filter((n) => n.kind !== 'skill' || roadmap.nodes.find((p) => p.id === n.parent)?.kind !== 'skill');
    const expected = roadmap.nodes.length > 400 ? overview.length : roadmap.nodes.length;
    const drawn = await page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => getComputedStyle(a).display !== 'none').length);
    const listed = await page.$$eval('.map-outline a[data-id]', (as) => as.length);
    assert.equal(drawn, expected, `${name}: every node drawn`);
    assert.equal(listed, expected, `${name}: every node listed`);
  }
  await context.close();
});

const shown = (page) => page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => getComputedStyle(a).display !== 'none').map((a) => a.dataset.id));
const focused = (page) => page.evaluate(() => (document.activeElement.closest('.mindmap svg') ? document.activeElement.dataset.id : null));

test('one tab stop into the map; arrow keys move; Space folds and unfolds; expand and collapse all by keyboard', async () => {
  const { context, page, problems } = await open('desktop');
  const roadmap = roadmapOf('roadmap');
  await page.goto(url('roadmap'));
  const stops = await page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => a.tabIndex >= 0).length);
  assert.equal(stops, 1, 'one node of the map is a tab stop');
  // Tab from the toolbar's last control lands on the centre, and the next Tab leaves the map.
  await page.locator('.mm-tools button').last().focus();
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), roadmap.nodes[0].id, 'Tab enters the map at the centre');
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(ring, 'none', 'the focused node shows its focus');
  await page.keyboard.press('ArrowRight');
  const section = await focused(page);
  assert.equal(roadmap.nodes.find((n) => n.id === section)?.kind, 'section', 'ArrowRight goes to a section');
  const node = page.locator(`.mindmap svg a[data-id="${section}"]`);
  const kids = roadmap.nodes.filter((n) => n.parent === section).map((n) => n.id);
  assert.ok(kids.length > 0);
  if ((await node.getAttribute('aria-expanded')) === 'false') await page.keyboard.press(' ');
  assert.equal(await node.getAttribute('aria-expanded'), 'true');
  assert.ok((await shown(page)).includes(kids[0]), 'unfolded: its skills show');
  await page.keyboard.press(' ');
  assert.equal(await node.getAttribute('aria-expanded'), 'false', 'Space folds');
  assert.ok(!(await shown(page)).some((id) => kids.includes(id)), 'folded: its skills are hidden');
  await page.waitForTimeout(400);
  await page.locator('.mindmap').screenshot({ path: join(SHOTS, 'mapview-folded-desktop.png') });
  await page.keyboard.press(' ');
  assert.ok((await shown(page)).includes(kids[0]), 'Space unfolds');
  await page.keyboard.press('ArrowRight');
  assert.equal(await focused(page), kids[0], 'ArrowRight goes to the first skill');
  await page.keyboard.press('ArrowDown');
  assert.equal(await focused(page), kids[1], 'ArrowDown goes to the next sibling');
  await page.keyboard.press('Tab');
  assert.equal(await focused(page), null, 'the next Tab leaves the map');

  await page.locator('.mm-tools button', { hasText: 'Expand all' }).focus();
  await page.keyboard.press('Enter');
  assert.equal((await shown(page)).length, roadmap.nodes.length, 'Expand all shows every node');
  await page.waitForTimeout(400);
  const moved = await page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => {
    const [x, y] = (a.getAttribute('transform') || 'translate(0 0)').match(/-?[\d.]+/g).map(Number);
    return Math.abs(x) > 0.2 || Math.abs(y) > 0.2;
  }).map((a) => a.dataset.id));
  assert.deepEqual(moved, [], 'unfolded, the layout in the browser is the build\'s (tidy.rs and its port in mindmap.js agree)');
  await page.locator('.mindmap').screenshot({ path: join(SHOTS, 'mapview-expanded-desktop.png') });
  await page.locator('.mm-tools button', { hasText: 'Collapse all' }).focus();
  await page.keyboard.press('Enter');
  const sections = roadmap.nodes.filter((n) => n.kind === 'section').length;
  assert.equal((await shown(page)).length, 1 + sections, 'Collapse all shows the sections');
  const stop = await page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => a.tabIndex >= 0).map((a) => [a.dataset.id, getComputedStyle(a).display]));
  assert.deepEqual(stop, [[section, 'inline']], 'the tab stop moves from a hidden skill to its shown section');
  assert.deepEqual(problems, []);
  await context.close();
});

test('arrow keys reach every node of an unfolded map, each with a visible focus', async () => {
  const { context, page, problems } = await open('desktop');
  const roadmap = roadmapOf('roadmap');
  await page.goto(url('roadmap'));
  await page.locator('.mm-tools button', { hasText: 'Expand all' }).click();
  // Breadth-first over the moves each key makes from each node reached.
  const seen = new Set([roadmap.nodes[0].id]), queue = [roadmap.nodes[0].id];
  while (queue.length) {
    const from = queue.shift();
    for (const key of ['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown']) {
      await page.locator(`.mindmap svg a[data-id="${from}"]`).focus();
      await page.keyboard.press(key);
      const to = await focused(page);
      if (to && !seen.has(to)) { seen.add(to); queue.push(to); }
    }
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(ring, 'none', `${from} shows its focus`);
  }
  assert.equal(seen.size, roadmap.nodes.length, 'every node is reached');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a node opens a labelled panel in place: Escape closes it, progress marks the node, ctrl+click still opens the page', async () => {
  const { context, page, problems } = await open('desktop');
  await page.goto(url('roadmap') + '#map=gradient-descent');
  const node = page.locator('.mindmap svg a[data-id="gradient-descent"]');
  const panel = page.getByRole('dialog', { name: 'Gradient Descent' });
  await panel.waitFor();
  await page.keyboard.press('Escape'); // nothing focused in it yet: the page stays
  await node.focus();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  await page.keyboard.press('Enter');
  await panel.waitFor();
  assert.equal(await page.evaluate(() => location.hash), '#map=gradient-descent', 'the URL records the selection');
  assert.ok(await page.evaluate(() => document.activeElement.closest('.mm-panel') !== null), 'focus moves into the panel');
  await page.locator('.mm-panel-summary:not(:empty)').waitFor();
  assert.equal(await page.locator('.mm-panel-open a').getAttribute('href'), await node.getAttribute('href'), '"Open" links to the page');
  await panel.getByLabel('Done').check();
  assert.match(await node.getAttribute('class'), /\btm-done\b/, 'the node shows it is done');
  await page.locator('.mindmap').screenshot({ path: join(SHOTS, 'mapview-panel-desktop.png') });
  await panel.getByLabel('Done').focus();
  await page.keyboard.press('Escape');
  await panel.waitFor({ state: 'hidden' });
  assert.equal(await focused(page), 'gradient-descent', 'Escape returns focus to the node');
  assert.equal(await page.evaluate(() => location.hash), '');
  // A modified click is the browser's: it opens the page in a new tab.
  const [popup] = await Promise.all([context.waitForEvent('page'), node.locator('rect').click({ modifiers: ['Control'] })]);
  await popup.waitForLoadState();
  assert.match(popup.url(), /gradient-descent\/$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('find on the map: #map=ID unfolds the branch, centres and highlights the node', async () => {
  for (const size of Object.keys(SIZES)) {
    const { context, page, problems } = await open(size);
    await page.goto(url('roadmap') + '#map=attention-mechanism');
    const node = page.locator('.mindmap svg a[data-id="attention-mechanism"]');
    await page.waitForTimeout(400);
    assert.match(await node.getAttribute('class'), /\bmm-found\b/);
    const [r, b] = await Promise.all([node.locator('rect').boundingBox(), page.locator('.mindmap svg').boundingBox()]);
    const cx = r.x + r.width / 2, cy = r.y + r.height / 2;
    assert.ok(Math.abs(cx - (b.x + b.width / 2)) < b.width / 4 && cy > b.y && cy < b.y + b.height, `${size}: the node is near the centre of the box`);
    await page.locator('.mindmap').screenshot({ path: join(SHOTS, `mapview-found-${size}.png`) });
    // Another script (search) can ask for a node too.
    assert.equal(await page.evaluate(() => window.trailmap.findOnMap('linear-algebra')), true);
    assert.equal(await page.evaluate(() => window.trailmap.findOnMap('no-such-skill')), false);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('full screen opens by keyboard, covers the window, and Escape closes it; on a phone one finger scrolls the page', async () => {
  for (const size of Object.keys(SIZES)) {
    const { context, page, problems } = await open(size);
    await page.goto(url('roadmap'));
    const box = page.locator('.mindmap');
    const toggle = page.locator('.mm-full-toggle');
    assert.equal(await box.evaluate((b) => getComputedStyle(b).touchAction), 'pan-y', `${size}: no scroll trap`);
    await toggle.focus();
    await page.keyboard.press('Enter');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    // Against what shows of the window (a page wider than a phone is zoomed out: the layout
    // viewport is then bigger than the visual one).
    const [x, y, w, h, vw, vh] = await box.evaluate((b) => {
      const r = b.getBoundingClientRect(), v = visualViewport;
      return [r.left - v.offsetLeft, r.top - v.offsetTop, r.width, r.height, v.width, v.height];
    });
    assert.ok(Math.abs(x) < 1 && Math.abs(y) < 1 && w >= vw - 1 && h >= vh - 1, `${size}: the map covers the window (${[x, y, w, h]})`);
    assert.equal(await box.evaluate((b) => getComputedStyle(b).touchAction), 'none', `${size}: in full screen fingers pan the map`);
    await page.screenshot({ path: join(SHOTS, `mapview-full-${size}.png`) });
    await page.keyboard.press('Escape');
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false', `${size}: Escape closes full screen`);
    const hint = await page.evaluate(() => [...document.querySelectorAll('.mm-hint span')].filter((s) => getComputedStyle(s).display !== 'none').map((s) => s.className));
    assert.deepEqual(hint, [size === 'phone' ? 'mm-hint-touch' : 'mm-hint-fine'], `${size}: the hint for this kind of screen`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the level filter hides or fades optional skills, and the view survives a reload', async () => {
  const { context, page, problems } = await open('desktop');
  const roadmap = roadmapOf('deep');
  await page.goto(url('deep'));
  await page.locator('.mm-tools button', { hasText: 'Expand all' }).click();
  await page.locator('.mm-tools select').selectOption('core');
  const core = new Set(roadmap.nodes.filter((n) => n.level === 'core' || n.kind !== 'skill').map((n) => n.id));
  const seen = await shown(page);
  assert.ok(seen.length > 1 && seen.every((id) => core.has(id)), 'core only');
  await page.locator('.mm-tools select').selectOption('fade');
  const total = await page.locator('.mindmap svg a[data-id]').count();
  assert.equal((await shown(page)).length, total, 'fade shows every node');
  assert.equal(await page.locator('.mindmap svg.mm-fade').count(), 1);
  await page.locator('.mm-tools select').selectOption('all');
  // Fold one section, zoom in, reload: the same view.
  const section = roadmap.nodes.find((n) => n.kind === 'section').id;
  await page.locator(`.mindmap svg a[data-id="${section}"]`).focus();
  await page.keyboard.press(' ');
  await page.locator('.mm-tools button[aria-label="Zoom in"]').click();
  await page.waitForTimeout(600);
  // The view is the transform of the drawing's layers (the viewBox is the box's size).
  const view = () => page.$eval('.mindmap svg', (s) => `${s.getAttribute('viewBox')} ${s.querySelector('.mm-nodes').getAttribute('transform')}`);
  const before = await view();
  const hidden = total - (await shown(page)).length;
  await page.reload();
  assert.equal(await view(), before, 'the same zoom and pan');
  assert.equal(total - (await shown(page)).length, hidden, 'the same folds');
  assert.equal(await page.locator(`.mindmap svg a[data-id="${section}"]`).getAttribute('aria-expanded'), 'false');
  assert.deepEqual(problems, []);
  await context.close();
});

test('axe finds nothing on the map viewer in both themes, panel open or not', async () => {
  const failures = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const size of Object.keys(SIZES)) {
      const { context, page } = await open(size, { colorScheme });
      for (const [path, what] of [['', 'landing'], ['#map=gradient-descent', 'panel'], ['mathematics/', 'section']]) {
        await page.goto(url('roadmap') + path);
        if (what === 'panel') await page.locator('.mm-panel-summary:not(:empty)').waitFor();
        await page.evaluate(AXE);
        const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
        for (const v of violations) failures.push(`${what} ${size} ${colorScheme}: ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
        if (what === 'panel' && size === 'phone') await page.locator('.mindmap').screenshot({ path: join(SHOTS, `mapview-panel-phone-${colorScheme}.png`) });
      }
      await context.close();
    }
  }
  assert.deepEqual(failures, []);
});

/** 2,000 skills shaped like examples/synth.rs: ten sections of 200, every tenth skill a folder of four sub-skills. */
function writeBigSite(dir) {
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  const words = ['model', 'data', 'gradient', 'layer', 'vector', 'training', 'loss', 'feature', 'matrix', 'signal'];
  write('trailmap.toml', 'title = "Big"\nbase_url = "https://example.org/"\npreview_images = "none"\n');
  write('content/_index.md', '+++\ntitle = "Synthetic roadmap"\n+++\n\nGenerated.\n');
  for (let s = 0; s < 10; s++) {
    write(`content/section-${s}/_index.md`, `+++\ntitle = "Section ${s}"\nweight = ${s}\n+++\n`);
    let folder = null;
    for (let k = 0; k < 200; k++) {
      const n = s * 200 + k;
      let path;
      if (k % 10 === 0 && k + 4 < 200) { folder = `content/section-${s}/skill-${n}`; path = `${folder}/_index.md`; }
      else if (k % 10 >= 1 && k % 10 <= 4 && folder) path = `${folder}/skill-${n}.md`;
      else { folder = null; path = `content/section-${s}/skill-${n}.md`; }
      write(path, `+++\ntitle = "Skill ${n}: ${words[n % words.length]}"\nsummary = "About skill ${n}."\nweight = ${k}\nlevel = "${['core', 'core', 'optional', 'alternative'][n % 4]}"\n+++\n\nBody of skill ${n}.\n`);
    }
  }
}

// The longest task the reader's main thread may run (PerformanceObserver 'longtask'), on a
// machine that gives the renderer a core of its own.
const BUDGET = 100;
// Each step is tried this many times and judged by its middle try: a renderer stalled by a busy
// machine spoils some tries, code over the budget most.
const TRIES = 5;
// In the page: the long tasks so far, and a probe of how fast the renderer runs right now (a
// fixed piece of work, in ms).
const OBSERVE = () => {
  window.__long = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
    .observe({ type: 'longtask', buffered: true });
  window.__probe = () => {
    const t = performance.now();
    let x = 0;
    for (let i = 0; i < 2e6; i++) x += Math.sqrt(i) % 7;
    return x < 0 ? 0 : performance.now() - t;
  };
};

test('a 2,000-skill roadmap loads, fits, folds, expands and pans without a long task over 100 ms', async () => {
  const src = join(built.dir, 'big-src'), out = join(built.dir, 'big');
  writeBigSite(src);
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', src, '--output', out, '--base-url', 'https://example.org/big/'], { stdio: ['ignore', 'ignore', 'pipe'] });
  built.sites.big = { out, prefix: '/big/' };
  const roadmap = roadmapOf('big');
  assert.equal(roadmap.nodes.filter((n) => n.kind === 'skill').length, 2000);
  // The section with the most map nodes, and that number.
  const sections = roadmap.nodes.filter((n) => n.kind === 'section');
  const mapNodes = (node) => readFileSync(join(out, new URL(node.url).pathname.slice('/big/'.length), 'index.html'), 'utf8').split('<div class="mindmap">')[1].split('</svg>')[0].split(' data-id="').length - 1;
  const biggest = sections.reduce((a, b) => (mapNodes(b) > mapNodes(a) ? b : a));
  assert.ok(mapNodes(biggest) > 200, `the biggest section map has ${mapNodes(biggest)} nodes`);

  // A busy machine (the tests share it) stretches every task by how little of a core the
  // renderer gets. The probe measures that stretch: its fastest run in this test is the
  // unstretched time, and a try's long tasks are divided by the stretch measured around it (the
  // lesser of the two probes, before and after). On a machine of its own the stretch is 1.
  let fastest = Infinity;
  const probe = async (page) => {
    const times = [];
    for (let i = 0; i < 3; i++) times.push(await page.evaluate(() => window.__probe()));
    fastest = Math.min(fastest, ...times);
    return times.sort((a, b) => a - b)[1];
  };
  const figures = [], failures = [];
  /** The longest task of `act`, unstretched, in the middle of TRIES tries; `reset` undoes it. */
  const step = async (name, page, act, reset = async () => {}) => {
    const tries = [];
    for (let i = 0; i < TRIES; i++) {
      const before = await probe(page);
      await page.evaluate(() => window.__long.splice(0));
      await act();
      // Animations (250 ms) and the observer's report.
      await page.waitForTimeout(450);
      const longest = Math.max(0, ...await page.evaluate(() => window.__long.splice(0)));
      const stretch = Math.max(1, Math.min(before, await probe(page)) / fastest);
      tries.push({ longest, stretch });
      await reset();
    }
    const middle = tries.map((t) => t.longest / t.stretch).sort((a, b) => a - b)[TRIES >> 1];
    figures.push(`${name}: ${middle.toFixed(0)} ms (${tries.map((t) => `${t.longest} ms x${t.stretch.toFixed(1)}`).join(', ')})`);
    if (middle > BUDGET) failures.push(name);
  };
  for (const node of [null, biggest]) {
    const where = node ? `section ${node.id}` : 'landing page';
    const context = await browser.newContext({ viewport: SIZES.desktop });
    await context.addInitScript(OBSERVE);
    const page = await context.newPage();
    const problems = watch(page);
    // A renderer that has drawn a page of this site before: the first page a renderer ever
    // lays out also pays for starting it up (fonts), which is not the map's cost.
    const other = url('big') + 'faq/';
    await page.goto(other);
    for (let i = 0; i < 5; i++) await probe(page);
    await step(`${where}, load and fit`, page, () => page.goto(url('big', node)), () => page.goto(other));
    await page.goto(url('big', node));
    await page.locator('.mindmap').scrollIntoViewIfNeeded();
    const expand = page.locator('.mm-tools button', { hasText: 'Expand all' });
    if (node) {
      // The big section offers all that is measured: nothing is skipped there.
      assert.equal(await expand.count(), 1, `${where}: expand all is offered`);
      const folded = page.locator('.mindmap svg a[aria-expanded="false"]').first();
      assert.equal(await folded.count(), 1, `${where}: the first view has a folded branch`);
      const fold = page.locator(`.mindmap svg a[data-id="${await folded.getAttribute('data-id')}"]`);
      const space = async () => { await fold.focus(); await page.keyboard.press(' '); };
      await step(`${where}, unfold one`, page, space, space);
      await space();
      await step(`${where}, fold one`, page, space, space);
      await space();
      await step(`${where}, expand all`, page, () => expand.click(), () => page.locator('.mm-tools button', { hasText: 'Collapse all' }).click());
      // What was measured is the real work: every node drawn.
      await expand.click();
      assert.equal((await shown(page)).length, mapNodes(biggest), `${where}: expand all shows every node`);
    }
    const box = await page.locator('.mindmap svg').boundingBox();
    const drag = async () => {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + i * 3);
      await page.mouse.up();
    };
    const view = () => page.$eval('.mindmap svg', (s) => `${s.getAttribute('viewBox')} ${s.querySelector('.mm-nodes').getAttribute('transform')}`);
    const before = await view();
    await step(`${where}, pan`, page, drag);
    assert.notEqual(await view(), before, `${where}: the drag pans the map`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  console.log(`longest task, unstretched, of the middle try (each try: longest task, stretch), probe ${fastest.toFixed(1)} ms:\n  ${figures.join('\n  ')}`);
  assert.deepEqual(failures, [], figures.join('; '));
});
