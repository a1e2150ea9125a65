// On a site of several roadmaps the same id in two roadmaps is two skills: progress, notes and
// the goal set on `sql` of one roadmap stay with it and do not show on `sql` of the other
// (tests/sites/multi-roadmap has `sql` in both); a one-roadmap site keeps bare ids (trails.test.mjs).

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, launch, serve, trailmapBin, watch } from './harness.mjs';

const PREFIX = '/learn/';
const AI_SQL = 'ai-engineer/foundations/sql/';
const DATA_SQL = 'data-engineer/storage/sql/';

let dir, server, browser, origin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-roadmap-keys-'));
  const site = join(dir, 'site');
  cpSync(join(REPO, 'tests', 'sites', 'multi-roadmap'), site, { recursive: true });
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', site], { stdio: 'ignore' });
  server = await serve({ roadmaps: { out: join(site, 'public'), prefix: PREFIX } });
  origin = server.origin + PREFIX;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('progress, a note and the goal on a skill stay with its roadmap, under `roadmap:id`', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(origin + AI_SQL);
  await page.click('.tm-notes summary');
  await page.fill('.tm-notes textarea', 'Window functions next.');
  await page.waitForTimeout(500);
  const goal = page.locator('[data-goal="sql"]');
  await goal.focus();
  await page.keyboard.press('Enter');
  assert.equal(await goal.getAttribute('aria-pressed'), 'true');
  await page.check('[data-progress-choice="sql"] input[value="done"]');

  const stored = await page.evaluate(() => {
    const get = (name) => JSON.parse(localStorage.getItem(`${name}:${document.documentElement.dataset.base}`));
    return { progress: get('trailmap-progress'), notes: get('trailmap-notes'), goal: get('trailmap-goal') };
  });
  assert.deepEqual(stored.progress, { 'ai-engineer:sql': 'done' });
  assert.deepEqual(stored.notes, { 'ai-engineer:sql': 'Window functions next.' });
  assert.equal(stored.goal, 'ai-engineer:sql');

  // The same id in the other roadmap: nothing of it.
  await page.goto(origin + DATA_SQL);
  assert.equal(await page.locator('[data-goal="sql"]').getAttribute('aria-pressed'), 'false');
  assert.equal(await page.inputValue('.tm-notes textarea'), '');
  assert.equal(await page.isChecked('[data-progress-choice="sql"] input[value=""]'), true);

  // And back: all of it.
  await page.goto(origin + AI_SQL);
  assert.equal(await page.locator('[data-goal="sql"]').getAttribute('aria-pressed'), 'true');
  assert.equal(await page.inputValue('.tm-notes textarea'), 'Window functions next.');
  assert.equal(await page.isChecked('[data-progress-choice="sql"] input[value="done"]'), true);
  assert.deepEqual(problems, []);
  await context.close();
});
