// Accessibility and validity of every kind of page: axe-core in both themes (and with scripts
// off), the Nu Html Checker on every page of every site, and the structure axe does not judge
// (one h1, landmarks, JSON-LD that parses).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { buildSites, htmlFiles, launch, pageKinds, serve, vnuErrors, watch } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let built, server, browser;
before(async () => {
  built = buildSites();
  server = await serve(built.sites);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

const describe = (violations) => violations
  .map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1, 3).join(' ')}`).join('\n')}`)
  .join('\n');

async function axe(page) {
  // Evaluated from outside, so that it runs on pages whose own scripts are off too.
  await page.evaluate(AXE);
  // Every rule axe runs by default: WCAG 2.0/2.1 A and AA and the best practices.
  return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations));
}

test('axe finds nothing on a roadmap not in this repository: every section, level badges, long lists', async () => {
  // Every section page (each has its own colour) and the landing page, whose cards mix links with
  // level badges: axe's link-in-text-block fails where links differ from text by colour alone.
  const site = built.sites.wide;
  const roadmap = JSON.parse(readFileSync(join(site.out, 'roadmap.json'), 'utf8'));
  const paths = ['', ...roadmap.nodes.filter((n) => n.kind === 'section' || n.id === 'tree' || n.id === 's3-k0')
    .map((n) => new URL(n.url).pathname.slice(site.prefix.length))];
  assert.ok(paths.length >= 10, `only ${paths.length} pages`);
  const failures = [];
  for (const colorScheme of ['light', 'dark']) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    for (const path of paths) {
      await page.goto(server.origin + site.prefix + path);
      const violations = await axe(page);
      if (violations.length) failures.push(`wide /${path} (${colorScheme}):\n${describe(violations)}`);
    }
    if (problems.length) failures.push(`wide (${colorScheme}): ${problems.join('; ')}`);
    await context.close();
  }
  assert.equal(failures.join('\n\n'), '', 'axe violations');
});

for (const name of ['roadmap', 'good', 'odd', 'wide']) {
  test(`axe finds nothing on any kind of page of ${name}, in both themes`, async () => {
    const site = built.sites[name];
    const failures = [];
    let checked = 0;
    for (const [kind, path] of Object.entries(pageKinds(site))) {
      const runs = [
        { theme: 'light', colorScheme: 'light' },
        { theme: 'dark (system)', colorScheme: 'dark' },
        { theme: 'dark (chosen)', colorScheme: 'light', stored: 'dark' },
      ];
      for (const { theme, colorScheme, stored } of runs) {
        const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
        if (stored) await context.addInitScript((t) => localStorage.setItem('trailmap-theme', t), stored);
        const page = await context.newPage();
        const problems = watch(page);
        await page.goto(server.origin + site.prefix + path);
        if (kind === 'skill') {
          // The progress menu is part of the page too.
          await page.locator('.tm-options label').nth(2).click();
        }
        const violations = await axe(page);
        if (violations.length) failures.push(`${name} ${kind} (${theme}):\n${describe(violations)}`);
        if (problems.length) failures.push(`${name} ${kind} (${theme}): ${problems.join('; ')}`);
        checked += 1;
        await context.close();
      }
    }
    assert.equal(failures.join('\n\n'), '', 'axe violations');
    assert.ok(checked >= 15, `only ${checked} pages checked`);
  });

  test(`the page structure of ${name} holds: one h1, landmarks, skip link, JSON-LD`, async () => {
    const site = built.sites[name];
    const context = await browser.newContext();
    const page = await context.newPage();
    for (const [kind, path] of Object.entries(pageKinds(site))) {
      await page.goto(server.origin + site.prefix + path);
      const facts = await page.evaluate(() => ({
        h1: document.querySelectorAll('h1').length,
        main: document.querySelectorAll('main').length,
        banner: document.querySelectorAll('body > header').length,
        footer: document.querySelectorAll('body > footer').length,
        skip: document.querySelector('a.skip-link')?.getAttribute('href'),
        description: document.querySelector('meta[name="description"]')?.content ?? null,
        title: document.title,
        ld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
        canonical: document.querySelector('link[rel="canonical"]')?.href ?? null,
        og: document.querySelector('meta[property="og:title"]')?.content ?? null,
      }));
      assert.equal(facts.h1, 1, `${name} ${kind}: exactly one h1`);
      assert.equal(facts.main, 1, `${name} ${kind}: one main`);
      assert.equal(facts.banner, 1, `${name} ${kind}: a banner`);
      assert.equal(facts.footer, 1, `${name} ${kind}: a content info`);
      assert.equal(facts.skip, '#main', `${name} ${kind}: skip link`);
      assert.ok(facts.title.length > 0, `${name} ${kind}: a title`);
      assert.notEqual(facts.description, null, `${name} ${kind}: a description`);
      for (const text of facts.ld) {
        assert.ok(!/<\/script/i.test(text), `${name} ${kind}: JSON-LD could close its script`);
        const data = JSON.parse(text);
        assert.equal(data['@context'], 'https://schema.org');
      }
      if (kind === 'skill') {
        assert.ok(facts.ld.some((t) => JSON.parse(t)['@type'] === 'BreadcrumbList'), `${name}: breadcrumbs JSON-LD`);
      }
      if (kind === 'faq') {
        const faq = facts.ld.map((t) => JSON.parse(t)).find((d) => d['@type'] === 'FAQPage');
        assert.ok(faq && faq.mainEntity.length > 0, `${name}: FAQPage JSON-LD`);
        const questions = await page.locator('.faq-entry h2').allTextContents();
        assert.deepEqual(faq.mainEntity.map((q) => q.name), questions);
      }
      if (kind !== 'notfound') {
        assert.ok(facts.canonical?.startsWith('https://example.org' + site.prefix), `${name} ${kind}: canonical ${facts.canonical}`);
      }
      if (['landing', 'section', 'skill', 'faq'].includes(kind)) assert.ok(facts.og, `${name} ${kind}: Open Graph`);
    }
    await context.close();
  });

  test(`without scripts, ${name} shows no dead controls and axe still finds nothing`, async () => {
    const site = built.sites[name];
    // The pages' own scripts are taken out (axe needs scripts, so they cannot be switched off).
    const context = await browser.newContext();
    await context.route('**/*', async (route) => {
      const type = route.request().resourceType();
      if (type === 'script') return route.abort();
      if (type !== 'document') return route.continue();
      const response = await route.fetch();
      const body = (await response.text()).replace(/<script\b[\s\S]*?<\/script>/gi, '');
      return route.fulfill({ response, body });
    });
    const page = await context.newPage();
    const failures = [];
    for (const [kind, path] of Object.entries(pageKinds(site))) {
      await page.goto(server.origin + site.prefix + path);
      const shown = await page.evaluate(() => [...document.querySelectorAll('button, input:not(:disabled), .js-only')]
        .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
        .map((el) => el.outerHTML.slice(0, 80)));
      assert.deepEqual(shown, [], `${name} ${kind}: controls that need a script show without one`);
      const violations = await axe(page);
      if (violations.length) failures.push(`${name} ${kind} (no JS):\n${describe(violations)}`);
    }
    assert.equal(failures.join('\n\n'), '');
    await context.close();
  });
}

test('the Nu Html Checker finds no error on any page', () => {
  const files = Object.values(built.sites).flatMap((site) => htmlFiles(site.out).map((f) => join(site.out, f)));
  assert.ok(files.length > 100, `only ${files.length} pages`);
  assert.equal(vnuErrors(files), '', `errors in ${files.length} pages`);
  console.log(`# vnu: ${files.length} pages, no errors`);
});
