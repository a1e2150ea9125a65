// Screenshots of every kind of page, at desktop and phone widths, in both themes, into
// tests/browser/screenshots/ (git-ignored) for a person to look at. The test checks only that
// each page draws without errors and without sideways scrolling on a phone.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SHOTS, buildSites, launch, pageKinds, serve, watch } from './harness.mjs';

let built, server, browser;
before(async () => {
  built = buildSites();
  server = await serve(built.sites);
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

const WIDTHS = { desktop: { width: 1280, height: 900 }, phone: { width: 390, height: 844 } };

for (const name of ['roadmap', 'good', 'odd']) {
  test(`screenshots of ${name}`, async () => {
    const site = built.sites[name];
    for (const [kind, path] of Object.entries(pageKinds(site))) {
      for (const [size, viewport] of Object.entries(WIDTHS)) {
        for (const theme of ['light', 'dark']) {
          const context = await browser.newContext({ viewport, colorScheme: theme, deviceScaleFactor: 1, isMobile: size === 'phone', hasTouch: size === 'phone' });
          const page = await context.newPage();
          const problems = watch(page);
          await page.goto(server.origin + site.prefix + path);
          await page.evaluate(() => document.fonts.ready);
          // A long page is cut at 8000px: enough to judge, small enough to look at.
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          const file = join(SHOTS, `${name}-${kind}-${size}-${theme}.png`);
          if (height <= 8000) {
            await page.screenshot({ path: file, fullPage: true });
          } else {
            await page.setViewportSize({ width: viewport.width, height: 8000 });
            await page.screenshot({ path: file });
            await page.setViewportSize(viewport);
          }
          if (size === 'phone') {
            const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
            assert.ok(wide <= 0, `${name} ${kind}: the phone layout scrolls sideways by ${wide}px`);
          }
          assert.deepEqual(problems, [], `${name} ${kind} ${size} ${theme}`);
          await context.close();
        }
      }
    }
  });
}
