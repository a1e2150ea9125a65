// A site in several languages, in the browser (tests/sites/multilingual: English, German, Arabic
// and Japanese, under a sub-path): the switcher keeps the reader on the same page, search finds
// words in the page's language and stays in its edition, progress is the same in every language,
// the Arabic edition reads right to left without overflowing, and axe and the Nu checker find
// nothing on translated and untranslated pages.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, SHOTS, htmlFiles, launch, serve, trailmapBin, vnuErrors, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const PREFIX = '/learn/';

let dir, out, server, browser, origin;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-languages-'));
  out = join(dir, 'out');
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', join(REPO, 'tests', 'sites', 'multilingual'), '--output', out,
    '--base-url', `https://example.org${PREFIX}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  server = await serve({ multilingual: { out, prefix: PREFIX } });
  origin = server.origin + PREFIX;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the language switcher keeps the reader on the same page, in every language', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(origin + 'de/basics/mean/');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  for (const [name, path, lang] of [['日本語', 'ja/basics/mean/', 'ja'], ['العربية', 'ar/basics/mean/', 'ar'],
    ['English', 'basics/mean/', 'en'], ['Deutsch', 'de/basics/mean/', 'de']]) {
    // The menu is a disclosure: keyboard first, as a reader without a mouse would use it.
    await page.locator('.language-menu summary').focus();
    await page.keyboard.press('Enter');
    await page.locator(`.language-menu a:text-is("${name}")`).click();
    await page.waitForURL(origin + path);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    const current = await page.locator('.language-menu a[aria-current="page"]').getAttribute('hreflang');
    assert.equal(current, lang, `${name}: the current language is marked`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

/** The results' titles and links for `query`, typed into the search box. */
async function search(page, query) {
  await page.locator('#tm-search').fill('');
  await page.locator('#tm-search').pressSequentially(query);
  await page.getByRole('option').first().waitFor();
  await page.waitForTimeout(300);
  return page.evaluate(() => [...document.querySelectorAll('#tm-results [role="option"]')].map((o) => ({
    title: o.querySelector('.result-title')?.textContent.trim(),
    href: o.dataset.href,
  })));
}

test('search finds words in the reader\'s language and stays in its edition', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  const cases = [
    ['', 'variance', 'Variance', 'basics/variance/'],
    ['de/', 'Mittelwerte', 'Der Mittelwert', 'de/basics/mean/'],
    ['de/', 'streuen', 'Varianz', 'de/basics/variance/'],
    ['ja/', '平均', '平均値', 'ja/basics/mean/'],
    ['ar/', 'المتوسط', 'المتوسط الحسابي', 'ar/basics/mean/'],
  ];
  for (const [edition, query, title, path] of cases) {
    await page.goto(origin + edition);
    const results = await search(page, query);
    assert.ok(results.length > 0, `${edition}${query}: results`);
    assert.equal(results[0].title, title, `${edition}: "${query}" finds ${title} first (${JSON.stringify(results)})`);
    assert.ok(results.every((r) => new URL(r.href).pathname.startsWith(PREFIX + edition)), `${edition}: results stay in the edition`);
    await page.keyboard.press('Enter');
    // A match in a heading opens the page at the heading.
    await page.waitForURL((url) => url.href === origin + path || url.href.startsWith(origin + path + '#'));
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('progress is per skill, not per language: switching language keeps it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(origin + 'de/basics/variance/');
  const done = page.locator('.tm-options input[value="done"]');
  await page.locator('.tm-options label:has(input[value="done"])').click();
  assert.ok(await done.isChecked());
  for (const edition of ['', 'ja/', 'ar/']) {
    await page.goto(origin + edition + 'basics/variance/');
    assert.ok(await page.locator('.tm-options input[value="done"]').isChecked(), `${edition || 'en'}: still done`);
  }
  await page.goto(origin + 'ja/');
  await page.waitForFunction(() => document.querySelector('[data-count="done"]')?.textContent.trim() === '1');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Arabic edition reads right to left and nothing overflows, on a phone and a desktop', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 1366, height: 900 }]) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    const problems = watch(page);
    for (const path of ['ar/', 'ar/basics/mean/', 'ar/practice/ab-testing/']) {
      await page.goto(origin + path);
      const facts = await page.evaluate(() => ({
        dir: getComputedStyle(document.body).direction,
        overflow: document.scrollingElement.scrollWidth - window.innerWidth,
        h1: getComputedStyle(document.querySelector('h1')).direction,
      }));
      assert.equal(facts.dir, 'rtl', `${path}: the page is right to left`);
      await page.screenshot({ path: join(SHOTS, `languages-${path.replace(/\W+/g, "-")}${viewport.width}.png`) });
      assert.ok(facts.overflow <= 0, `${path} at ${viewport.width}px: ${facts.overflow}px of horizontal overflow`);
      await page.screenshot({ path: join(SHOTS, `languages-${path.replace(/\W+/g, '-')}${viewport.width}.png`) });
    }
    // An untranslated page in the Arabic edition: its English text is marked and reads left to right.
    await page.goto(origin + 'ar/practice/ab-testing/');
    assert.equal(await page.locator('h1').getAttribute('lang'), 'en');
    assert.ok(await page.locator('.untranslated').isVisible(), 'the notice shows');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('axe finds nothing on translated, untranslated and right-to-left pages, in both themes', async () => {
  const failures = [];
  const paths = ['de/', 'de/basics/mean/', 'de/practice/ab-testing/', 'ar/', 'ar/basics/mean/', 'ja/basics/',
    'ja/faq/', 'de/about/'];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    for (const path of paths) {
      await page.goto(origin + path);
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
      for (const v of violations) failures.push(`${path} (${colorScheme}): ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
    }
    await context.close();
  }
  assert.equal(failures.join('\n'), '');
});

test('the Nu Html Checker finds no error on any page of any language', () => {
  const files = htmlFiles(out).map((f) => join(out, f));
  assert.ok(files.length >= 40, `only ${files.length} pages`);
  assert.equal(vnuErrors(files), '');
});
