// A site of several roadmaps in the browser (tests/sites/multi-roadmap: AI Engineer and Data
// Engineer, in English and German, under a sub-path): the home page's cards (their maps load,
// their links work, each counts the progress of its own roadmap only), and one search over all
// roadmaps from every page: results labelled with their roadmap, the page's own first, a select
// that keeps them to the page's roadmap (by keyboard, remembered), links into the right edition,
// from a server and from a file:// copy; axe and the Nu checker on the home page and on a page
// with results open.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { REPO, launch, serve, trailmapBin, vnuErrors, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PREFIX = '/learn/';

let dir, out, server, browser, origin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-roadmaps-'));
  out = join(dir, 'out');
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', join(REPO, 'tests', 'sites', 'multi-roadmap'), '--output', out],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  server = await serve({ roadmaps: { out, prefix: PREFIX } });
  origin = server.origin + PREFIX;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The options of the open results: title, what the line below says, the roadmap's label, link. */
const shown = (page) => page.evaluate(() => [...document.querySelectorAll('#tm-results [role="option"]')].map((o) => ({
  title: o.querySelector('.result-title').textContent,
  where: o.querySelector('.result-where').textContent,
  roadmap: o.querySelector('.result-roadmap')?.textContent,
  name: o.textContent,
  href: o.dataset.href,
})));

/** Types `query` into the search box from the keyboard (`/` first) and waits for its results. */
async function search(page, query) {
  await page.locator('body').press('/');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query);
  await page.waitForFunction((q) => {
    const note = document.getElementById('tm-search-note').textContent;
    return document.getElementById('tm-search').value === q && note && !/…$/.test(note) && !document.querySelector('.search-panel').hidden;
  }, query);
  await page.waitForTimeout(150);
  return shown(page);
}

test('the home page: a card per roadmap whose map loads, whose links work, with its own progress', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(origin);
  const cards = page.locator('.roadmap-card');
  assert.equal(await cards.count(), 2);
  const thumbs = await page.evaluate(async () => Promise.all([...document.querySelectorAll('.roadmap-thumb img')].map(async (img) => {
    img.loading = 'eager';
    await img.decode();
    return { src: new URL(img.src).pathname, width: img.naturalWidth };
  })));
  assert.deepEqual(thumbs.map((t) => t.src), [`${PREFIX}ai-engineer/mindmap.svg`, `${PREFIX}data-engineer/mindmap.svg`]);
  assert.ok(thumbs.every((t) => t.width > 0), JSON.stringify(thumbs));

  // Progress on the AI Engineer's `sql` counts on its card, not on the Data Engineer's (which has an `sql` too).
  await page.locator('.roadmap-card h3 a', { hasText: 'AI Engineer' }).click();
  await page.waitForURL(`${origin}ai-engineer/`);
  await page.goto(`${origin}ai-engineer/foundations/sql/`);
  await page.locator('.tm-options label:has(input[value="done"])').click();
  await page.goto(origin);
  const done = (name) => page.locator(`.roadmap-card[data-roadmap="${name}"] [data-count="done"]`);
  await page.waitForFunction(() => document.querySelector('.roadmap-card[data-roadmap="ai-engineer"] [data-count="done"]').textContent.trim() === '1');
  assert.equal((await done('data-engineer').textContent()).trim(), '0');
  await page.locator('.roadmap-card h3 a', { hasText: 'Data Engineer' }).click();
  await page.waitForURL(`${origin}data-engineer/`);
  assert.equal(await page.locator('h1').first().textContent(), 'Data Engineer');
  assert.deepEqual(problems, []);
  await context.close();
});

test('search from the home page finds every roadmap\'s skills, labelled, and opens them from the keyboard', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(origin);
  const results = await search(page, 'sql');
  const titles = results.map((r) => `${r.title} (${r.roadmap})`);
  assert.ok(titles.includes('SQL (Data Engineer)') && titles.includes('SQL for AI (AI Engineer)'), titles.join(', '));
  assert.equal(await page.locator('#tm-search-scope, .search-scope select').count(), 0, 'no roadmap of its own: nothing to filter');
  // The label is text of the option, so a screen reader reads it with the title.
  assert.ok(results.every((r) => r.name.includes(r.roadmap)));
  const etl = await search(page, 'etl');
  assert.equal(etl[0].title, 'ETL');
  assert.equal(etl[0].roadmap, 'Data Engineer');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}data-engineer/pipelines/etl/`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a roadmap\'s page its own results come first, and a select keeps them to it, remembered', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(`${origin}ai-engineer/foundations/python/`);
  let results = await search(page, 'sql');
  const roadmaps = results.map((r) => r.roadmap);
  const mine = roadmaps.lastIndexOf('AI Engineer');
  assert.ok(mine >= 0 && roadmaps.indexOf('Data Engineer') === mine + 1, `this roadmap's first: ${roadmaps}`);
  const link = (title) => new URL(results.find((r) => r.title === title).href).pathname;
  assert.equal(results[0].title, 'SQL for AI');
  assert.equal(link('SQL for AI'), `${PREFIX}ai-engineer/foundations/sql/`);
  assert.equal(link('SQL'), `${PREFIX}data-engineer/storage/sql/`);
  const count = results.filter((r) => r.roadmap === 'AI Engineer').length;

  // Keyboard only: Tab from the box reaches the select (the results stay open), arrows change it.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SELECT');
  const scope = page.getByLabel('Search in');
  assert.equal(await scope.inputValue(), '');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((n) => document.querySelectorAll('#tm-results [role="option"]').length === n, count);
  assert.equal(await scope.inputValue(), 'this');
  results = await shown(page);
  assert.ok(results.every((r) => r.roadmap === 'AI Engineer'));
  assert.equal(results[0].title, 'SQL for AI');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tm-search');
  assert.equal(await page.locator('.search-panel').isHidden(), false, 'the results stay open');
  // Another roadmap's skill is not found while the search keeps to this one.
  results = await search(page, 'etl');
  assert.deepEqual(results, []);

  // Remembered on the next page; back to all roadmaps, ETL is found with its label.
  await page.goto(`${origin}ai-engineer/models/training/`);
  results = await search(page, 'etl');
  assert.deepEqual(results, [], 'still this roadmap only');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction(() => document.querySelectorAll('#tm-results [role="option"]').length > 0);
  results = await shown(page);
  assert.equal(results[0].title, 'ETL');
  assert.equal(results[0].roadmap, 'Data Engineer');
  // Escape on the select closes the results and returns to the box.
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tm-search');
  assert.equal(await page.locator('.search-panel').isHidden(), true);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(`${origin}data-engineer/pipelines/etl/`);
  // On the Data Engineer's pages, its SQL comes first.
  results = await search(page, 'sql');
  assert.equal(results[0].title, 'SQL');
  assert.equal(results.at(-1).roadmap, 'AI Engineer');
  assert.ok(results.findIndex((r) => r.roadmap === 'AI Engineer') > results.findLastIndex((r) => r.roadmap === 'Data Engineer'));
  // A standalone page belongs to every roadmap: kept to this one (the second in the index), the
  // search still finds it, and it opens in this roadmap.
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.getByLabel('Search in').inputValue(), 'this');
  await page.keyboard.press('Shift+Tab');
  results = await search(page, 'about');
  const about = results.find((r) => r.title === 'About');
  assert.ok(about, `About among ${results.map((r) => r.title)}`);
  assert.equal(new URL(about.href).pathname, `${PREFIX}data-engineer/about/`);
  assert.ok(results.every((r) => r === about || r.roadmap === 'Data Engineer'), 'only this roadmap\'s pages besides');
  assert.deepEqual(problems, []);
  await context.close();
});

test('in German under a sub-path, results link to the German edition of their roadmap, also from a file:// copy', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  for (const base of [origin, pathToFileURL(out).href + '/']) {
    const file = base.startsWith('file:');
    const at = (path) => base + path + (file && path.endsWith('/') ? 'index.html' : '');
    await page.goto(at('de/ai-engineer/foundations/python/'));
    const results = await search(page, 'etl');
    assert.equal(results.length, 1, `${base}: ${JSON.stringify(results)}`);
    assert.equal(results[0].href, at('de/data-engineer/pipelines/etl/'));
    // The German title of the AI Engineer roadmap labels its results.
    const own = await search(page, 'python');
    assert.equal(own[0].roadmap, 'KI-Ingenieur');
    await page.goto(at('de/'));
    const home = await search(page, 'training');
    assert.equal(home[0].href, at('de/ai-engineer/models/training/'));
    await page.keyboard.press('Enter');
    await page.waitForURL(at('de/ai-engineer/models/training/'));
  }
  // The pages' absolute script URLs fail from disk before base.html's script loads them from the
  // copy (see flows.test.mjs); nothing else may.
  assert.deepEqual(problems.filter((p) => !/ERR_FILE_NOT_FOUND|request failed: file:/.test(p)), []);
  await context.close();
});

test('axe and the Nu checker find nothing on the home page and on a page with results open', async () => {
  const failures = [];
  const files = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    for (const [path, query] of [['', ''], ['', 'sql'], ['ai-engineer/foundations/python/', 'sql'], ['de/data-engineer/', 'python']]) {
      await page.goto(origin + path);
      if (query) await search(page, query);
      await page.evaluate(AXE);
      const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
      for (const v of violations) failures.push(`/${path} ${query} (${colorScheme}): ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      if (colorScheme === 'light') {
        const html = join(dir, `open-${files.length}.html`);
        writeFileSync(html, '<!DOCTYPE html>\n' + await page.evaluate(() => document.documentElement.outerHTML));
        files.push(html);
      }
    }
    failures.push(...problems);
    await context.close();
  }
  assert.deepEqual(failures, []);
  assert.equal(vnuErrors(files), '');
});
