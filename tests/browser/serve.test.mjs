// `trailmap serve` in a real browser: a dozen open tabs of the preview all load and all reload
// after an edit, over one live-reload connection shared by the tabs (browsers allow about six
// connections per host, so a stream per tab made the seventh tab hang).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, launch, trailmapBin } from './harness.mjs';

let dir, server, url, browser;

/** Threads of a process (each live-reload stream holds one), from /proc. */
function threads(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^Threads:\s+(\d+)/m.exec(status)[1]);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trailmap-serve-'));
  cpSync(join(REPO, 'tests', 'sites', 'serve-basic'), dir, { recursive: true });
  server = spawn(trailmapBin(), ['serve', '--port', '0', '--root', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /Serving .* at (http:\/\/\S+)/.exec(out);
      if (found) resolve(found[1]);
    });
    server.on('exit', (code) => reject(new Error(`trailmap serve exited with ${code}: ${out}`)));
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('twelve tabs of the preview load, share one live-reload stream, and all reload after an edit', async () => {
  const idle = threads(server.pid);
  const context = await browser.newContext();
  const paths = ['', 'basics/', 'basics/alpha/', 'basics/beta/', 'advanced/', 'advanced/gamma/', 'faq/'];
  const pages = [];
  for (let i = 0; i < 12; i++) {
    const page = await context.newPage();
    // Each load must finish: with a stream per tab, the seventh tab's load never did.
    await page.goto(url + paths[i % paths.length], { waitUntil: 'load', timeout: 15000 });
    await page.evaluate(() => { window.__before = true; });
    pages.push(page);
  }
  // Let the worker connect and the tabs' own requests end, then count the streams.
  await sleep(1500);
  const streams = threads(server.pid) - idle;
  assert.ok(streams <= 2, `one shared stream for 12 tabs, but the server holds ${streams} more threads`);

  // An edit every page shows (the site's title is in every header) reloads every tab.
  const settings = join(dir, 'trailmap.toml');
  writeFileSync(settings, readFileSync(settings, 'utf8').replace('title = "Serve Fixture"', 'title = "Served Anew"'));
  for (const [i, page] of pages.entries()) {
    await page.waitForFunction(() => !window.__before && document.readyState === 'complete', null, { timeout: 20000 })
      .catch(() => assert.fail(`tab ${i} (${page.url()}) did not reload`));
    assert.equal(await page.textContent('.brand span'), 'Served Anew', `tab ${i} shows the new build`);
  }

  // An edit of one page reloads only the tabs that show it (or load it).
  for (const page of pages) await page.evaluate(() => { window.__before = true; });
  const alpha = join(dir, 'content', 'basics', 'alpha.md');
  writeFileSync(alpha, readFileSync(alpha, 'utf8') + '\nA sentence added while twelve tabs watch.\n');
  const alphaTab = pages[2];
  await alphaTab.waitForFunction(() => !window.__before && document.readyState === 'complete', null, { timeout: 20000 });
  assert.match(await alphaTab.content(), /A sentence added while twelve tabs watch/);
  await sleep(1000);
  const untouched = pages[3];
  assert.equal(await untouched.evaluate(() => window.__before), true, 'a tab showing another page keeps its state');
  await context.close();
});
