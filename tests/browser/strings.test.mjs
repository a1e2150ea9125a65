// A German site in real Chromium: what the scripts write (the search box and its notes, the
// progress counter and its announcements, the map's controls, hints and panel, the theme toggle)
// is German, read from the page's `trailmap-strings` blob; none of the English of en.toml's
// [script] table shows.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, launch, serve, trailmapBin, watch } from './harness.mjs';

let dir, server, browser, german;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-strings-'));
  const out = join(dir, 'de');
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', join(REPO, 'tests', 'sites', 'german'), '--output', out,
    '--base-url', 'https://example.org/de/'], { stdio: ['ignore', 'ignore', 'inherit'] });
  server = await serve({ german: { out, prefix: '/de/' } });
  browser = await launch();
  german = server.origin + '/de/';
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The English texts of the theme's [script] table that are more than one word. */
function englishScriptTexts() {
  const toml = readFileSync(join(REPO, 'themes', 'default', 'i18n', 'en.toml'), 'utf8');
  const table = toml.slice(toml.indexOf('\n[script]\n'));
  const end = table.indexOf('\n[', 2);
  return [...(end < 0 ? table : table.slice(0, end)).matchAll(/^\w+ = "(.*)"$/gm)]
    .flatMap((m) => m[1].split(/\{\w+\}/))
    .map((s) => s.replace(/^[\s,.:;()—]+|[\s,.:;()—]+$/g, ''))
    .filter((s) => s.split(/\s+/).length >= 2);
}

test('the scripts speak German on a German site', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(german);

  // Search: the box, a query with results, one without.
  const box = page.locator('#tm-search');
  assert.equal(await box.getAttribute('placeholder'), 'Skills suchen …');
  await box.pressSequentially('Hammer');
  await page.getByRole('option').first().waitFor();
  await page.waitForFunction(() => /Ergebnis/.test(document.getElementById('tm-search-note').textContent));
  assert.match(await page.locator('#tm-search-note').textContent(), /^\d+ Ergebnis(se)?: ↑ ↓ zum Auswählen, Enter zum Öffnen$/);
  assert.match(await page.getByRole('option').first().textContent(), /Skill/);
  await box.fill('');
  await box.pressSequentially('xyzzyq');
  await assert.doesNotReject(page.locator('#tm-search-note').filter({ hasText: 'Keine Ergebnisse für „xyzzyq“.' }).waitFor());
  await box.press('Escape');

  // The map's controls, levels and hint.
  const tools = page.locator('.mm-tools').first();
  await tools.waitFor();
  for (const label of ['Vergrößern', 'Verkleinern', 'Karte in den Rahmen einpassen']) {
    assert.equal(await tools.getByRole('button', { name: label, exact: true }).count(), 1, label);
  }
  assert.equal(await tools.getByRole('button', { name: 'Vollbild', exact: true }).count(), 1);
  assert.equal(await tools.getByRole('combobox', { name: 'Angezeigte Stufen' }).count(), 1);
  assert.deepEqual(await tools.locator('select option').allTextContents(), ['Alle Stufen', 'Nur Kern', 'Optionale abblenden']);
  assert.match(await page.locator('.mm-hint').first().textContent(), /Klick auf einen Knoten/);
  assert.ok(await page.locator('[aria-label="Mindmap"]').count() > 0, 'the map is named in German');

  // The map's panel for a skill: its kind, its section, the progress choices, the link.
  await page.locator('.mindmap a.mm-skill[data-id="hammer"]').first().click();
  const panel = page.locator('.mm-panel');
  await panel.waitFor();
  assert.equal(await panel.locator('.mm-panel-meta').textContent(), 'Alternativer Skill in Grundlagen');
  assert.equal(await panel.locator('legend').textContent(), 'Dein Fortschritt');
  assert.deepEqual((await panel.locator('fieldset label').allTextContents()).map((s) => s.trim()),
    ['Nicht begonnen', 'In Arbeit', 'Erledigt', 'Übersprungen']);
  assert.equal(await panel.locator('.mm-panel-open a').textContent(), 'Skill öffnen →');
  assert.equal(await panel.locator('.mm-panel-close').getAttribute('aria-label'), 'Schließen');

  // Progress: marked from the panel, counted and said in German.
  await panel.locator('fieldset label').filter({ hasText: 'Erledigt' }).locator('input').check();
  await assert.doesNotReject(page.locator('#tm-live').filter({ hasText: /^Hammer: erledigt\. 1 von \d+ erledigt\.$/ }).waitFor());
  const counter = page.locator('.tm-counter-text').first();
  assert.match(await counter.textContent(), /^1 von \d+ Skills erledigt \(\d+\u202f%\)/);

  // The theme toggle announces the theme in German. Every text the live region is given is
  // recorded: a message still on its way from the progress above may replace it at once.
  await page.evaluate(() => {
    window.saidTexts = [];
    new MutationObserver(() => window.saidTexts.push(document.getElementById('tm-live').textContent))
      .observe(document.getElementById('tm-live'), { childList: true, characterData: true, subtree: true });
  });
  await page.locator('[data-theme-toggle]').first().click();
  await assert.doesNotReject(page.waitForFunction(() => window.saidTexts.some((t) => /^(Dunkles|Helles) Design$/.test(t))));

  // Nothing the scripts wrote is English.
  const shown = await page.evaluate(() => document.body.innerText + ' ' + [...document.querySelectorAll('[aria-label], [title], [placeholder]')]
    .map((e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')].join(' ')).join(' '));
  for (const english of englishScriptTexts()) assert.ok(!shown.includes(english), `English on the page: “${english}”`);

  // A skill page: the goal button and the copy button.
  await page.goto(german + 'grundlagen/erste-schritte/');
  const goal = page.locator('[data-goal]');
  assert.equal(await goal.textContent(), 'Als mein Ziel setzen');
  await goal.click();
  assert.equal(await goal.textContent(), 'Das ist dein Ziel (klicken, um es aufzugeben)');
  await assert.doesNotReject(page.locator('#tm-live').filter({ hasText: 'Erste Schritte ist jetzt dein Ziel' }).waitFor());
  assert.equal(await page.locator('.copy-code').first().getAttribute('aria-label'), 'Code kopieren');
  assert.deepEqual(problems, []);
  await context.close();
});
