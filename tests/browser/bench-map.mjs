// Prints what the map viewer (mindmap.js) costs on a built site, in real Chromium: the long tasks
// (over 50 ms, from PerformanceObserver 'longtask') while a map page loads and fits, while it
// expands and collapses every branch, folds one, and pans, on the landing page and on the
// section page with the biggest map. Not a test: figures for the README and the integrator
// (timings on a shared machine are noisy: compare runs on a quiet one).
//
//   cargo run --release --example synth -- /tmp/s2k 10 200
//   trailmap build --root /tmp/s2k --output /tmp/s2k/public
//   node bench-map.mjs /tmp/s2k/public

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serve } from './harness.mjs';

const [dir] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench-map.mjs PUBLIC_DIR');
  process.exit(2);
}
const prefix = /data-base="([^"]*)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1] || '/';
const server = await serve({ site: { out: dir, prefix } });
const browser = await launch();

// The section page whose map has the most nodes.
const roadmap = JSON.parse(readFileSync(join(dir, 'roadmap.json'), 'utf8'));
const count = (file) => (readFileSync(file, 'utf8').split('<div class="mindmap">')[1] || '').split('</svg>')[0].split('class="mm-node').length - 1;
const sections = roadmap.nodes.filter((n) => n.kind === 'section').map((n) => new URL(n.url).pathname.slice(prefix.length));
const biggest = sections.reduce((a, b) => (count(join(dir, b, 'index.html')) > count(join(dir, a, 'index.html')) ? b : a));

async function measure(path) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(Math.round(e.duration)); })
      .observe({ type: 'longtask', buffered: true });
  });
  const page = await context.newPage();
  const take = async () => { await page.waitForTimeout(600); return page.evaluate(() => window.__long.splice(0)); };
  const started = Date.now();
  await page.goto(server.origin + prefix + path);
  const nodes = await page.locator('.mindmap svg a[data-id]').count();
  const rows = [['load and fit', await take(), Date.now() - started]];
  await page.locator('.mindmap').scrollIntoViewIfNeeded();
  await take();
  const step = async (name, act) => { const t = Date.now(); await act(); rows.push([name, await take(), Date.now() - t - 600]); };
  // The script's own share: the synchronous work of a click (layout and DOM writes, before the
  // browser's style and paint), less noisy than long tasks on a busy machine.
  const sync = (text) => page.evaluate((t) => {
    const b = [...document.querySelectorAll('.mm-tools button')].find((x) => x.textContent === t);
    const s = performance.now();
    b.click();
    return Math.round((performance.now() - s) * 10) / 10;
  }, text);
  const expand = page.locator('.mm-tools button', { hasText: 'Expand all' });
  if (await expand.count()) {
    const times = [];
    for (let i = 0; i < 3; i++) { times.push(await sync('Expand all'), await sync('Collapse all')); await page.waitForTimeout(300); }
    rows.push(['script: expand/collapse', [], 0, times.join(', ') + ' ms']);
    await take();
  }
  if (await expand.count()) {
    await step('expand all', () => expand.click());
    await step('collapse all', () => page.locator('.mm-tools button', { hasText: 'Collapse all' }).click());
    await step('unfold one, fold it', async () => {
      await page.locator('.mindmap svg a[aria-expanded="false"]').first().focus();
      await page.keyboard.press(' ');
      await page.keyboard.press(' ');
    });
  }
  const box = await page.locator('.mindmap svg').boundingBox();
  await step('pan (drag 30 steps)', async () => {
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + i * 3);
    await page.mouse.up();
  });
  await context.close();
  console.log(`/${path} (${nodes} map nodes, ${(statSync(join(dir, path, 'index.html')).size / 1024).toFixed(0)} KB)`);
  for (const [name, long, ms, note] of rows) {
    if (note) { console.log(`  ${name.padEnd(22)} ${note}`); continue; }
    console.log(`  ${name.padEnd(22)} long tasks: ${long.length ? long.join(', ') + ' ms' : 'none'} (longest ${Math.max(0, ...long)} ms; ${ms} ms wall)`);
  }
}

await measure('');
await measure(biggest);
await browser.close();
await server.close();
