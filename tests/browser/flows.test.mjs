// What a reader does, by keyboard and by mouse, in real Chromium: mark progress and see it
// everywhere after a reload, carry it over an alias, export and import it; search and open a
// result; switch the theme with no flash; tab through the map; read a copy from file://.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { buildSites, launch, serve, watch } from './harness.mjs';

let built, server, browser, good, roadmap, odd;
before(async () => {
  built = buildSites();
  server = await serve(built.sites);
  browser = await launch();
  good = server.origin + built.sites.good.prefix;
  roadmap = server.origin + built.sites.roadmap.prefix;
  odd = server.origin + built.sites.odd.prefix;
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

async function fresh(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const problems = watch(page);
  return { context, page, problems };
}
const live = (page) => page.locator('#tm-live');

test('progress is marked on a skill page, kept over a reload and shown in lists and counters', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(good + 'basics/first-steps/');
  const choice = page.locator('[data-progress-choice]');
  await assert.doesNotReject(choice.waitFor({ state: 'visible' }));
  // By keyboard: Tab into the radio group, arrows move and choose.
  await page.locator('input[name="tm-state"][value=""]').focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('input[name="tm-state"]:checked').getAttribute('value'), 'learning');
  await assert.doesNotReject(live(page).filter({ hasText: 'First Steps: learning' }).waitFor());
  // By mouse: the visible label.
  await page.getByRole('radio', { name: 'Done', exact: true }).click();
  assert.equal(await page.locator('input[name="tm-state"]:checked').getAttribute('value'), 'done');
  await page.reload();
  assert.equal(await page.locator('input[name="tm-state"]:checked').getAttribute('value'), 'done', 'kept after a reload');

  await page.goto(good + 'basics/');
  const item = page.locator('.section-skills li[data-skill="first-steps"]');
  assert.match(await item.getAttribute('class'), /\btm-done\b/);
  assert.equal(await item.locator('.tm-state').textContent(), 'Done');
  const total = await page.locator('.section-skills li[data-skill]').count();
  const counter = page.locator('.tm-panel [data-progress-counter]');
  assert.equal(await counter.locator('[data-count="done"]').textContent(), '1');
  assert.equal(await counter.locator('[data-count="total"]').textContent(), String(total));
  assert.equal(await counter.locator('[data-count="pct"]').textContent(), String(Math.round(100 / total)));

  await page.goto(good);
  const all = JSON.parse(readFileSync(join(built.sites.good.out, 'roadmap.json'), 'utf8')).nodes.filter((n) => n.kind === 'skill').length;
  const hero = page.locator('.hero [data-progress-counter]');
  assert.equal(await hero.locator('[data-count="done"]').textContent(), '1');
  assert.equal(await hero.locator('[data-count="total"]').textContent(), String(all), 'the landing counter counts every skill');
  assert.equal(await page.locator('.section-card [data-count="done"]').first().textContent(), '1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a skill is marked from a list or the map by keyboard (M) and by right-click, and back', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(good);
  const map = page.locator('.mindmap a.mm-skill[data-id]');
  const target = (await map.count()) ? map.first() : page.locator('.section-card li[data-skill] > a').first();
  const id = (await target.getAttribute('data-id')) || (await target.locator('xpath=..').getAttribute('data-skill'));
  await target.focus();
  await page.keyboard.press('m');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.type), 'radio', 'focus moves into the dialog');
  await page.keyboard.press('ArrowDown'); // Not started -> Learning
  await page.keyboard.press('ArrowDown'); // -> Done
  await assert.doesNotReject(live(page).filter({ hasText: ': done.' }).waitFor());
  await page.keyboard.press('Escape');
  assert.equal(await dialog.count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.closest('a')?.outerHTML.includes('data-')), true, 'focus returns to the link');
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('trailmap-progress:' + document.documentElement.dataset.base)));
  assert.equal(stored[id], 'done');
  if (await map.count()) {
    const node = page.locator(`.mindmap a.mm-skill[data-id="${id}"]`);
    assert.match(await node.getAttribute('class'), /\btm-done\b/, 'the map node shows it');
    assert.match(await node.getAttribute('aria-label'), /\(Done\)$/);
  }
  // The landing page lists each skill once, on the map: the list to mark it from is its section's.
  await page.goto(good + 'basics/');
  const item = page.locator(`.section-skills li[data-skill="${id}"]`);
  assert.match(await item.getAttribute('class'), /\btm-done\b/);
  // By mouse: right-click, choose "Not started".
  await item.locator(':scope > a').click({ button: 'right' });
  await dialog.getByText('Not started').click();
  await page.mouse.click(5, 5);
  assert.equal(await dialog.count(), 0, 'a click outside closes it');
  assert.doesNotMatch(await item.getAttribute('class'), /\btm-done\b/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('progress saved under an old id (an alias) carries over to the skill', async () => {
  const { context, page } = await fresh();
  // second-steps has `aliases = ["next-steps"]` in tests/sites/good.
  await page.goto(good);
  await page.evaluate(() => localStorage.setItem('trailmap-progress:' + document.documentElement.dataset.base, '{"next-steps":"learning","gone-for-good":"done"}'));
  await page.goto(good + 'basics/');
  assert.match(await page.locator('.section-skills li[data-skill="second-steps"]').getAttribute('class'), /\btm-learning\b/);
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('trailmap-progress:' + document.documentElement.dataset.base)));
  assert.deepEqual(stored, { 'second-steps': 'learning', 'gone-for-good': 'done' });
  assert.equal(await page.locator('.tm-panel [data-count="done"]').textContent(), '0', 'unknown ids are not counted');
  await context.close();
});

test('progress is exported and imported as a JSON file, and reset', async () => {
  const { context, page, problems } = await fresh({ acceptDownloads: true });
  await page.goto(good + 'basics/tools/hammer/');
  await page.getByRole('radio', { name: 'Skipped', exact: true }).click();
  await page.goto(good);
  // The rare tools sit in the progress line's menu.
  await page.locator('.hero .tm-more-button').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
  assert.equal(download.suggestedFilename(), 'trailmap-progress.json');
  const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(exported.progress, { hammer: 'skipped' });
  assert.equal(exported.format, 'trailmap-progress');

  // Reset asks on the page (design.test.mjs checks that it can be cancelled).
  await page.getByRole('button', { name: 'Reset progress…' }).click();
  await page.getByRole('button', { name: 'Forget my progress' }).click();
  assert.equal(await page.locator('.hero [data-count="skipped"]').textContent(), '0');

  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import progress' }).click()]);
  await chooser.setFiles({ name: 'p.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, progress: { ...exported.progress, saw: 'done', evil: '<b>x</b>' } })) });
  await assert.doesNotReject(page.locator('.tm-note').filter({ hasText: 'Imported progress on 2 skills' }).waitFor());
  assert.equal(await page.locator('.hero [data-count="skipped"]').textContent(), '1');
  assert.equal(await page.locator('.hero [data-count="done"]').textContent(), '1');

  const [bad] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import progress' }).click()]);
  await bad.setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('not json') });
  await assert.doesNotReject(page.locator('.tm-note').filter({ hasText: 'no progress' }).waitFor());
  assert.deepEqual(problems, []);
  await context.close();
});

test('search: / focuses the box, arrow keys and Enter open a result, matches are marked', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(roadmap);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tm-search');
  await page.keyboard.type('gradient desc');
  const options = page.getByRole('option');
  await options.first().waitFor();
  assert.equal(await page.locator('#tm-search').getAttribute('aria-expanded'), 'true');
  assert.match(await options.first().locator('mark').first().textContent(), /gradient/i);
  await page.keyboard.press('ArrowDown');
  const active = await page.locator('#tm-search').getAttribute('aria-activedescendant');
  assert.equal(await page.locator('#' + active).getAttribute('aria-selected'), 'true');
  const title = (await page.locator('#' + active + ' .result-title').textContent()).trim();
  await Promise.all([page.waitForURL((u) => u.pathname.startsWith('/roadmap/')), page.keyboard.press('Enter')]);
  assert.equal((await page.locator('h1').textContent()).trim(), title);
  assert.match(new URL(page.url()).pathname, /^\/roadmap\/[a-z0-9-]+\/[a-z0-9-]+\//, 'result URLs keep the sub-path');

  // Escape closes, a second Escape clears; a query that finds nothing says so. (The shortcut
  // works once the page's deferred scripts have run.)
  await page.waitForLoadState('load');
  await page.keyboard.press('/');
  await page.keyboard.type('zzqqxx');
  await assert.doesNotReject(page.locator('.search-note').filter({ hasText: 'No results' }).waitFor());
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.search-panel').isHidden(), true);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#tm-search').inputValue(), '');
  // By mouse.
  await page.locator('#tm-search').fill('backprop');
  await options.first().waitFor();
  await Promise.all([page.waitForNavigation(), options.first().click()]);
  assert.match(page.url(), /backpropagation/);
  // Only the pages' own files were requested.
  assert.ok(server.requests.every((p) => p.startsWith('/roadmap/') || p.startsWith('/good/') || p.startsWith('/odd/')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('the live region keeps the newest message: a closed search does not announce, a waiting message is replaced', async () => {
  const { context, page, problems } = await fresh();
  // The page's timers run only when the test moves the clock: no race with a slow machine.
  await page.clock.install();
  await page.goto(good + 'basics/first-steps/');
  await page.waitForLoadState('load');
  await page.evaluate(() => {
    window.saidTexts = [];
    new MutationObserver(() => window.saidTexts.push(document.getElementById('tm-live').textContent))
      .observe(document.getElementById('tm-live'), { childList: true, characterData: true, subtree: true });
  });
  const said = () => page.evaluate(() => window.saidTexts.filter((t) => t));
  const box = page.locator('#tm-search');

  // A search left open announces its count once the typing pauses.
  await box.fill('zzqqxx');
  await page.locator('.search-note').filter({ hasText: 'No results' }).waitFor();
  await page.clock.runFor(1000);
  assert.deepEqual(await said(), ['No results.']);

  // Closed before the pause: nothing is announced for a list no longer shown.
  await box.fill('zzqqxy');
  await page.locator('.search-note').filter({ hasText: 'zzqqxy' }).waitFor();
  await box.press('Escape');
  assert.equal(await page.locator('.search-panel').isHidden(), true);
  await page.clock.runFor(1000);
  assert.deepEqual(await said(), ['No results.']);

  // Two messages in one moment: only the newer is said.
  await page.evaluate(() => { window.trailmap.announce('older'); window.trailmap.announce('newer'); });
  await page.clock.runFor(200);
  assert.deepEqual(await said(), ['No results.', 'newer']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('search results are text, never markup, and headings are found and linked', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(odd);
  await page.locator('#tm-search').fill('<img');
  await page.getByRole('option').first().waitFor();
  assert.equal(await page.locator('.search-results img, .search-results script').count(), 0);
  assert.match(await page.getByRole('option').first().textContent(), /<img src=x onerror=alert\(1\)>/);
  await page.locator('#tm-search').fill('über');
  // The options of the previous query (the same page, by its title) stay until this one's arrive
  // (its index files load first): wait for the list to show the heading, not merely an option.
  await page.waitForFunction(() => /§ Über uns/.test(document.querySelector('[role="option"]')?.textContent ?? ''), null, { timeout: 10000 })
    .catch(() => {});
  const first = page.getByRole('option').first();
  assert.match(await first.textContent(), /§ Über uns/);
  await page.keyboard.press('Enter');
  await page.waitForURL(/#%C3%BCber-uns$|#über-uns$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the theme toggle switches, is remembered, and the page never flashes the other theme', async () => {
  const { context, page, problems } = await fresh({ colorScheme: 'light' });
  await page.goto(good + 'basics/first-steps/');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  const toggle = page.locator('[data-theme-toggle]');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.notEqual(await bg(), 'rgb(255, 255, 255)');
  assert.equal(await page.evaluate(() => localStorage.getItem('trailmap-theme')), 'dark');

  // On the next page the choice is in place before the body is parsed: no flash.
  await context.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      window.themeAtFirstBody = document.documentElement.dataset.theme || 'none';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(good);
  assert.equal(await page.evaluate(() => window.themeAtFirstBody), 'dark');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await toggle.click();
  assert.equal(await page.evaluate(() => localStorage.getItem('trailmap-theme')), 'light');
  await context.close();

  // With no choice, the system's preference rules.
  const dark = await fresh({ colorScheme: 'dark' });
  await dark.page.goto(good);
  assert.equal(await dark.page.locator('[data-theme-toggle]').getAttribute('aria-pressed'), 'true');
  assert.notEqual(await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  assert.deepEqual([...problems, ...dark.problems], []);
  await dark.context.close();
});

test('Tab reaches the skip link first, and the map is one tab stop, not one per node', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(roadmap);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  assert.ok(await page.locator('.skip-link').isVisible(), 'the skip link shows when focused');
  const nodes = await page.locator('.mindmap svg a[data-id]').count();
  if (!nodes) {
    console.log('# no mind map on the landing page: map tabbing not checked');
    await context.close();
    return;
  }
  // Arrow keys move inside the map (checked node by node in mapview.test.mjs).
  const stops = await page.$$eval('.mindmap svg a[data-id]', (as) => as.filter((a) => a.tabIndex >= 0).length);
  assert.equal(stops, 1, `one of the ${nodes} nodes is a tab stop`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('code blocks are highlighted at build time and copied with one click', async () => {
  const { context, page, problems } = await fresh();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await page.goto(odd + 's-one/deep/');
  const rust = page.locator('pre.hl code.language-rust');
  assert.ok(await rust.locator('span.k').count(), 'keywords have a class');
  assert.equal(await page.locator('pre code.language-unknownlang span').count(), 0, 'unknown languages stay plain');
  assert.match(await page.locator('pre code.language-unknownlang').textContent(), /<raw> & text/);
  await page.locator('.code-wrap').first().hover();
  await page.locator('.copy-code').first().click();
  // The button says "Copied" for a moment only; the live region keeps the message longer.
  // (In German: the odd site is `de-CH`.)
  await assert.doesNotReject(live(page).filter({ hasText: 'Code in die Zwischenablage kopiert' }).waitFor());
  assert.match(await page.evaluate(() => navigator.clipboard.readText()), /fn main\(\)/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the print edition holds every section and skill, and print hides the controls', async () => {
  const { context, page, problems } = await fresh();
  await page.goto(roadmap + 'print/');
  const nodes = JSON.parse(readFileSync(join(built.sites.roadmap.out, 'roadmap.json'), 'utf8')).nodes;
  assert.equal(await page.locator('.print-skill').count(), nodes.filter((n) => n.kind === 'skill').length);
  assert.equal(await page.locator('.print-section').count(), nodes.filter((n) => n.kind === 'section').length);
  const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
  assert.equal(new Set(ids).size, ids.length, 'ids on the print page are unique');
  const broken = await page.evaluate(() => [...document.querySelectorAll('main a[href^="#"]')]
    .filter((a) => !document.getElementById(decodeURIComponent(a.hash.slice(1)))).map((a) => a.getAttribute('href')));
  assert.deepEqual(broken, [], 'every link within the print page has its target');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.site-header').isVisible(), false);
  assert.equal(await page.locator('[data-print]').isVisible(), false);
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10000);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a copy opened from file:// has its styles, links and search', async () => {
  const { context, page, problems } = await fresh();
  const out = built.sites.good.out;
  await page.goto(pathToFileURL(join(out, 'basics', 'index.html')).href);
  assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.site-header')).borderBottomStyle), 'solid', 'style.css applies');
  const link = await page.locator('.section-skills li[data-skill="first-steps"] > a').getAttribute('href');
  assert.equal(link, '../basics/first-steps/index.html');
  await page.locator('#tm-search').fill('hammer');
  await page.getByRole('option').first().waitFor();
  // The scripts' text came with them (strings.js ran first, though the copy loads the scripts
  // itself): words, not keys, both in what a script writes late and what one reads as it starts.
  assert.match(await page.locator('#tm-search-note').textContent(), /^\d+ results?: ↑ ↓ to choose, Enter to open$/);
  await page.locator('.mm-tools').first().waitFor();
  assert.equal(await page.locator('.mm-tools select option').first().textContent(), 'All levels');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForURL(/hammer\/index\.html$/);
  assert.equal((await page.locator('h1').textContent()).trim(), 'Hammer');
  await page.getByRole('radio', { name: 'Done', exact: true }).click();
  assert.equal(await page.evaluate(() => Object.values(localStorage).join()), '{"hammer":"done"}', 'progress is kept from file:// too');
  // The pages' absolute script URLs fail from disk before base.html's script loads them from the
  // copy; those failed loads are expected, nothing else is.
  assert.deepEqual(problems.filter((p) => !/ERR_FILE_NOT_FOUND|request failed: file:/.test(p)), []);
  await context.close();
});
