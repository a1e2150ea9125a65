// Formulas and callouts in the browser: tests/sites/math (every construct) built with the real
// binary and read in Chromium. MathML is laid out as math where formulas are and nowhere else, a
// wide display formula scrolls in its own block on a phone instead of widening the page, callouts
// are labelled regions, print shows the math, and axe and the Nu checker find nothing.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, htmlFiles, launch, serve, trailmapBin, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU = require('vnu-jar');
const PREFIX = '/math/';
const PAGE = `${PREFIX}algebra/formulas/`;

let dir, site, server, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-math-'));
  site = { out: join(dir, 'out'), prefix: PREFIX };
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', join(REPO, 'tests', 'sites', 'math'), '--output', site.out,
    '--base-url', `https://example.org${PREFIX}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  server = await serve({ math: site });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(options, path = PAGE) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.origin + path);
  return { context, page, problems };
}

test('formulas are laid out as math, and dollars in prose and code are not', async () => {
  const { context, page, problems } = await open({ viewport: { width: 1280, height: 900 } });
  const facts = await page.evaluate(() => {
    const maths = [...document.querySelectorAll('main math')];
    const prose = document.getElementById('dollars-that-are-not-math').nextElementSibling;
    return {
      count: maths.length,
      // Chromium lays out MathML as math (`display: inline math` / `block math`) only where it knows it.
      notLaidOut: maths.filter((m) => !getComputedStyle(m).display.includes('math') || m.getBoundingClientRect().height < 8).map((m) => m.outerHTML.slice(0, 60)),
      fractions: document.querySelectorAll('main mfrac').length,
      prose: prose.textContent,
      inProse: prose.querySelectorAll('math').length,
      inCode: document.querySelectorAll('main code math, main pre math').length,
    };
  });
  assert.equal(facts.count, 18);
  assert.deepEqual(facts.notLaidOut, [], 'every formula is laid out as math');
  assert.equal(facts.fractions, 7);
  assert.equal(facts.inProse, 0);
  assert.equal(facts.inCode, 0);
  assert.match(facts.prose, /A course costs \$5 and a book \$10; a bundle is \$5-\$10 cheaper\. Write \$x\$ for/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone a wide formula scrolls in its block, and the keyboard reaches it', async () => {
  const { context, page } = await open({ viewport: { width: 360, height: 800 }, isMobile: true });
  const facts = await page.evaluate(() => ({
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    wide: [...document.querySelectorAll('.math-display')]
      .filter((d) => d.scrollWidth > d.clientWidth + 1)
      .map((d) => ({ tabIndex: d.tabIndex, overflow: getComputedStyle(d).overflowX, scrolls: d.scrollHeight <= d.clientHeight })),
  }));
  assert.equal(facts.page[0], facts.page[1], 'the page itself does not scroll sideways');
  assert.ok(facts.wide.length >= 2, 'the fixture has formulas wider than a phone');
  for (const wide of facts.wide) assert.deepEqual(wide, { tabIndex: 0, overflow: 'auto', scrolls: true });
  await context.close();
});

test('callouts are regions named by their kind, with the kind in words beside the icon', async () => {
  const { context, page } = await open({ viewport: { width: 1280, height: 900 } });
  const callouts = await page.evaluate(() => [...document.querySelectorAll('.callout')].map((c) => ({
    role: c.getAttribute('role'),
    name: c.getAttribute('aria-label'),
    title: c.querySelector('.callout-title').textContent,
    iconHidden: c.querySelector('svg').getAttribute('aria-hidden'),
    border: getComputedStyle(c).borderLeftWidth,
  })));
  assert.deepEqual(callouts.map((c) => c.name), ['Note', 'Tip', 'Important', 'Warning', 'Caution']);
  for (const c of callouts) {
    assert.deepEqual({ role: c.role, title: c.title, iconHidden: c.iconHidden, border: c.border },
      { role: 'note', title: c.name, iconHidden: 'true', border: '4px' });
  }
  const snapshot = await page.locator('.callout-warning').ariaSnapshot();
  assert.match(snapshot, /note "Warning"/);
  await context.close();
});

test('printed, the page and the print edition show the math and the callouts', async () => {
  for (const path of [PAGE, `${PREFIX}print/`]) {
    const { context, page } = await open({ viewport: { width: 900, height: 900 }, colorScheme: 'dark' }, path);
    await page.emulateMedia({ media: 'print' });
    const facts = await page.evaluate(() => ({
      math: [...document.querySelectorAll('main math')].filter((m) => m.getBoundingClientRect().width > 0).length,
      clipped: [...document.querySelectorAll('.math-display')].filter((d) => getComputedStyle(d).overflowX !== 'visible').length,
      callouts: [...document.querySelectorAll('.callout')].filter((c) => c.getBoundingClientRect().height > 0).length,
    }));
    assert.ok(facts.math >= 18, `${path}: ${facts.math} formulas shown`);
    assert.equal(facts.clipped, 0, `${path}: printed formulas are not cut off`);
    assert.equal(facts.callouts, 5, path);
    await context.close();
  }
});

test('axe finds nothing on pages with math and callouts, in both themes and on a phone', async () => {
  const failures = [];
  for (const path of [PAGE, PREFIX, `${PREFIX}faq/`, `${PREFIX}print/`]) {
    for (const options of [
      { colorScheme: 'light', viewport: { width: 1280, height: 900 } },
      { colorScheme: 'dark', viewport: { width: 1280, height: 900 } },
      { colorScheme: 'dark', viewport: { width: 360, height: 800 } },
    ]) {
      const { context, page } = await open(options, path);
      await page.evaluate(AXE);
      const violations = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
      for (const v of violations) failures.push(`${path} ${options.colorScheme} ${options.viewport.width}px: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      await context.close();
    }
  }
  assert.equal(failures.join('\n'), '');
});

test('the Nu Html Checker finds no error in pages with MathML', () => {
  const files = htmlFiles(site.out).map((f) => join(site.out, f));
  let report;
  try {
    report = execFileSync('java', ['-jar', VNU, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    report = e.stderr || e.stdout;
    if (!report) throw e;
  }
  const messages = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  assert.equal(messages.map((m) => `${m.url}:${m.lastLine}: ${m.message}`).join('\n'), '');
});
