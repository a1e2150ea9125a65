// Trails as a learner meets them: the trail on a skill page is the prerequisite closure from
// roadmap.json in a valid order; marking steps done shows on the trail, in Next up and on the
// map alike; a goal chosen by keyboard drives Next up; a note is kept and marked; export carries
// the goal and the notes; axe stays clean with the trail, the goal control and an open note.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, launch, serve, trailmapBin, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PREFIX = '/trails/';

let dir, server, browser, roadmap, origin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-trails-'));
  const out = join(dir, 'out');
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', REPO, '--output', out, '--base-url', `https://example.org${PREFIX}`]);
  roadmap = JSON.parse(readFileSync(join(out, 'roadmap.json'), 'utf8'));
  server = await serve({ roadmap: { out, prefix: PREFIX } });
  origin = server.origin + PREFIX;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Each skill's prerequisites, from roadmap.json. */
const prerequisitesOf = () => {
  const before = new Map(roadmap.nodes.map((n) => [n.id, []]));
  for (const e of roadmap.edges) if (e.kind === 'prerequisite') before.get(e.to).push(e.from);
  return before;
};
const closure = (id) => {
  const before = prerequisitesOf();
  const seen = new Set();
  const stack = [...before.get(id)];
  while (stack.length) {
    const p = stack.pop();
    if (!seen.has(p)) { seen.add(p); stack.push(...before.get(p)); }
  }
  return seen;
};
const pathOf = (id) => new URL(roadmap.nodes.find((n) => n.id === id).url).pathname.slice(PREFIX.length);

test('every trail on the site is the prerequisite closure, in an order a learner can follow', async () => {
  const page = await browser.newPage();
  const before = prerequisitesOf();
  let checked = 0;
  for (const node of roadmap.nodes.filter((n) => n.kind === 'skill' && before.get(n.id).length)) {
    await page.goto(origin + pathOf(node.id));
    const steps = await page.$$eval('[data-trail] ol > li[data-skill]', (lis) => lis.map((li) => li.dataset.skill));
    const expected = closure(node.id);
    assert.deepEqual(new Set(steps), expected, `${node.id}: the same skills`);
    assert.equal(steps.length, expected.size, `${node.id}: each once`);
    steps.forEach((step, i) => {
      for (const p of before.get(step)) assert.ok(steps.indexOf(p) < i, `${node.id}: ${step} comes before its prerequisite ${p}`);
    });
    const links = await page.$$eval('[data-trail] ol > li[data-skill] > a', (as) => as.length);
    assert.equal(links, steps.length, 'each step holds a link');
    checked += 1;
  }
  assert.ok(checked > 60, `only ${checked} skills with prerequisites`);
  await page.close();
});

test('progress on the steps shows on the trail, in Next up and on the map, and a goal set by keyboard drives Next up', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  const goal = 'rag';
  const trail = [...closure(goal)];
  // Mark the first half of the trail done (a valid prefix: the trail page's own order).
  await page.goto(origin + pathOf(goal));
  const order = await page.$$eval('[data-trail] ol > li[data-skill]', (lis) => lis.map((li) => li.dataset.skill));
  assert.deepEqual(new Set(order), new Set(trail));
  const done = order.slice(0, Math.floor(order.length / 2));
  await page.evaluate(({ done, key }) => {
    localStorage.setItem(key, JSON.stringify(Object.fromEntries(done.map((id) => [id, 'done']))));
  }, { done, key: 'trailmap-progress:' + PREFIX });
  await page.reload();
  const counted = await page.textContent('[data-trail] [data-count="done"]');
  assert.equal(Number(counted), done.length, 'N of M done on the trail');
  const marked = await page.$$eval('[data-trail] li.tm-done', (lis) => lis.map((li) => li.dataset.skill));
  assert.deepEqual(new Set(marked), new Set(done));

  // The goal, by keyboard: focus the button and press Enter.
  const button = page.locator(`[data-goal="${goal}"]`);
  await button.focus();
  await page.keyboard.press('Enter');
  assert.equal(await button.getAttribute('aria-pressed'), 'true');

  // Next up on the landing page: steps of the goal's trail (or the goal) whose prerequisites are all done.
  await page.goto(origin);
  await page.waitForSelector('[data-next-list] li[data-next]');
  const before = prerequisitesOf();
  const next = await page.$$eval('[data-next-list] li[data-next]', (lis) => lis.map((li) => li.dataset.next));
  assert.ok(next.length > 0);
  for (const id of next) {
    assert.ok(trail.includes(id) || id === goal, `${id} is on the goal's trail`);
    assert.ok(!done.includes(id), `${id} is not done yet`);
    for (const p of before.get(id)) assert.ok(done.includes(p), `${id} is ready: ${p} is done`);
  }
  const goalText = await page.textContent('[data-next-goal]');
  assert.match(goalText, new RegExp(`${done.length} of ${trail.length + 1} steps done`));
  // The map agrees: the done steps are marked on it.
  const onMap = await page.$$eval('.mindmap svg a.tm-done[data-id]', (as) => as.map((a) => a.dataset.id));
  assert.deepEqual(new Set(onMap), new Set(done.filter((id) => onMap.includes(id))));
  assert.ok(onMap.length >= done.length * 0.9, `the map marks the done steps: ${onMap.length} of ${done.length}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a note is kept in the browser, marked in lists, and exported with the goal', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(origin + pathOf('numpy'));
  await page.click('.tm-notes summary');
  await page.fill('.tm-notes textarea', 'Broadcasting: align shapes from the right.');
  await page.waitForTimeout(500);
  await page.click('[data-goal="numpy"]');
  await page.reload();
  assert.equal(await page.inputValue('.tm-notes textarea'), 'Broadcasting: align shapes from the right.');
  // Marked where the skill is listed (its section's list) and on the map.
  await page.goto(origin + pathOf('python-libraries'));
  assert.equal(await page.locator('li[data-skill="numpy"].tm-has-note').count() > 0, true);
  await page.goto(origin + pathOf('programming'));
  assert.equal(await page.locator('.mindmap svg a[data-id="numpy"] .tm-note-dot').count(), 1, 'a mark on the map');
  // Exported with the progress.
  await page.goto(origin);
  await page.click('.hero .tm-more-button');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-progress-export]')]);
  const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(data.version, 2);
  assert.equal(data.goal, 'numpy');
  assert.equal(data.notes.numpy, 'Broadcasting: align shapes from the right.');
  await context.close();
});

test('axe finds nothing on a page with a trail, the goal control and an open note, in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto(origin + pathOf('rag'));
    await page.click('.tm-notes summary');
    await page.evaluate(AXE);
    const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
    assert.deepEqual(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], colorScheme);
    await page.goto(origin);
    await page.waitForSelector('[data-next-list] li');
    await page.evaluate(AXE);
    const landing = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
    assert.deepEqual(landing.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], `landing ${colorScheme}`);
    await context.close();
  }
});

test('the page of the learning order narrows itself to the whole trail of one skill', async () => {
  const page = await browser.newPage();
  await page.goto(origin + 'trail/');
  const all = await page.$$eval('[data-learning-order] li[data-skill]', (lis) => lis.map((li) => li.dataset.skill));
  assert.equal(all.length, roadmap.nodes.filter((n) => n.kind === 'skill').length, 'every skill, without a target');
  await page.goto(origin + 'trail/?to=agents-tool-use');
  const steps = await page.$$eval('[data-learning-order] li[data-skill]', (lis) => lis.map((li) => li.dataset.skill));
  assert.deepEqual(new Set(steps), closure('agents-tool-use'));
  assert.match(await page.textContent('h1'), /The trail to Agents/);
  assert.equal(await page.textContent('[data-learning-order] [data-count="total"]'), String(steps.length));
  await page.close();
});

test('on the map, a control lights up the trail of the focused skill and says so', async () => {
  const page = await browser.newPage();
  await page.goto(origin);
  const toggle = page.locator('.mm-trail-toggle button').first();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.waitForFunction(() => Boolean(window.trailmapLearning));
  // The first view may be folded: unfold every branch so that the node can take focus.
  await page.locator('.mm-tools button', { hasText: 'Expand all' }).first().click();
  await page.locator('.mindmap svg a[data-id="rag"]').first().focus();
  const lit = await page.$$eval('.mindmap svg a.tm-trail-on[data-id]', (as) => as.map((a) => a.dataset.id));
  const drawn = await page.$$eval('.mindmap svg a[data-id]', (as) => as.map((a) => a.dataset.id));
  const expected = [...closure('rag')].filter((id) => drawn.includes(id));
  assert.deepEqual(new Set(lit), new Set(expected), 'the trail, and only the trail, lights up');
  assert.equal(await page.$eval('.mindmap svg', (svg) => svg.classList.contains('tm-trail-dim')), true);
  assert.match(await page.textContent('#tm-live'), /Trail to Retrieval Augmented Generation \(RAG\): \d+ steps/);
  await page.keyboard.press('Escape');
  await toggle.click();
  assert.equal(await page.$$eval('.mindmap svg a.tm-trail-on', (as) => as.length), 0, 'off again: nothing lit');
  await page.close();
});
