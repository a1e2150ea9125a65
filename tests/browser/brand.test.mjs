// An author's first hour, in the browser: a site made with `trailmap init`, made its own with
// [brand] and extra_css, and an About page of pages/ linked from the navigation.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { launch, serve, trailmapBin, watch } from './harness.mjs';

const PREFIX = '/brand/';
let dir, server, browser;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-brand-'));
  const site = join(dir, 'site');
  const bin = trailmapBin();
  execFileSync(bin, ['init', site, '--no-workflow'], { stdio: 'ignore' });
  appendFileSync(join(site, 'trailmap.toml'), [
    'extra_css = ["custom.css"]',
    '[brand]',
    'accent = "#7c3aed"',
    'logo = "logo.svg"',
    'footer = "Made by **the accessibility club** · [About](/about/)"',
    '',
  ].join('\n'));
  writeFileSync(join(site, 'static', 'logo.svg'),
    '<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24"><circle cx="12" cy="12" r="10" fill="#7c3aed"/></svg>');
  writeFileSync(join(site, 'static', 'custom.css'), '.site-footer { border-top-width: 5px; }\n');
  mkdirSync(join(site, 'pages'));
  writeFileSync(join(site, 'pages', 'about.md'), [
    '+++', 'title = "About"', 'menu = true', '+++', '',
    'We teach. Start with [[first-principles]].', '',
    '<video width="1200" height="600" controls></video>', '',
    '<iframe width="1200" height="675" title="A wide embed"></iframe>', '',
  ].join('\n'));
  const out = join(dir, 'out');
  execFileSync(bin, ['build', '--quiet', '--root', site, '--output', out, '--base-url', `https://example.net${PREFIX}`],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  server = await serve({ brand: { out, prefix: PREFIX } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the accent, logo, footer and extra CSS of trailmap.toml are what readers see', async () => {
  for (const [colorScheme, accent] of [['light', 'rgb(124, 58, 237)'], ['dark', 'rgb(163, 117, 242)']]) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(server.origin + PREFIX + 'about/');
    const seen = await page.evaluate(() => {
      const logo = document.querySelector('.site-header img.brand-logo');
      return {
        link: getComputedStyle(document.querySelector('.prose a')).color,
        logo: logo && logo.complete && logo.naturalWidth > 0,
        footer: document.querySelector('.site-footer-text')?.textContent.trim(),
        footerLink: document.querySelector('.site-footer-text a')?.getAttribute('href'),
        border: getComputedStyle(document.querySelector('.site-footer')).borderTopWidth,
      };
    });
    assert.equal(seen.link, accent, `${colorScheme}: links take the accent (derived for the dark scheme)`);
    assert.ok(seen.logo, 'the logo loads');
    assert.equal(seen.footer, 'Made by the accessibility club · About');
    assert.equal(seen.footerLink, `${PREFIX}about/`, 'a root link in the footer starts at the base path');
    assert.equal(seen.border, '5px', 'the extra stylesheet applies after the theme');
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('the About page is linked from the navigation and its media stay within the column on a phone', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(server.origin + PREFIX);
  await page.click('.site-nav a:text-is("About")');
  await page.waitForURL(`**${PREFIX}about/`);
  assert.equal(await page.textContent('h1'), 'About');
  assert.equal(await page.getAttribute('.site-nav a:text-is("About")', 'aria-current'), 'page');
  const widths = await page.evaluate(() => {
    const column = document.querySelector('.prose').getBoundingClientRect().width;
    const media = [...document.querySelectorAll('.prose video, .prose iframe')].map((e) => e.getBoundingClientRect().width);
    return { column, media, page: document.documentElement.scrollWidth };
  });
  assert.equal(widths.media.length, 2);
  for (const width of widths.media) assert.ok(width <= widths.column + 0.5, `${width} > ${widths.column}`);
  assert.ok(widths.page <= 390, `the page scrolls sideways: ${widths.page}`);
  assert.deepEqual(problems, []);
  await context.close();
});
