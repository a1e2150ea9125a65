// Where the long tasks of the map viewer go: a Chromium trace (devtools.timeline) of a map page
// while it loads and fits, expands all, folds one branch and pans; for every main-thread task
// over 50 ms (OVER=ms to change), its wall and CPU time, split by what the renderer did (parse
// HTML, script, style, layout, paint), its direct steps, and the layouts a script forced (where).
//
//   node profile-map.mjs PUBLIC_DIR [PATH] [nojs]
//
// `nojs` loads the page without mindmap.js (the page's own share); WARM=PATH first loads another
// page in the same renderer (the first page a renderer lays out also pays for its fonts).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serve } from './harness.mjs';

const [dir, path = '', block] = process.argv.slice(2);
const prefix = /data-base="([^"]*)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1] || '/';
const server = await serve({ site: { out: dir, prefix } });
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await context.newPage();
if (block === 'nojs') await page.route('**/mindmap.js', (r) => r.fulfill({ body: '', contentType: 'text/javascript' }));

let pid = -1;
async function traced(name, act) {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink', 'toplevel', 'loading', 'disabled-by-default-devtools.timeline.stack'] });
  await act();
  await page.waitForTimeout(700);
  const events = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
  const threads = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args.name);
  // The renderer of our page: the one that parsed a document from our server.
  const pids = new Set(events.filter((e) => e.name === 'ParseHTML' && JSON.stringify(e.args).includes(server.origin)).map((e) => e.pid));
  const ours = pids.size ? pids : new Set([pid]);
  if (pids.size) pid = [...pids][0];
  const onMain = events.filter((e) => ours.has(e.pid) && threads.get(`${e.pid}:${e.tid}`) === 'CrRendererMain');
  // Begin/end pairs as complete events.
  const main = onMain.filter((e) => e.ph === 'X'), open = [];
  for (const e of onMain.sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'B') open.push(e);
    else if (e.ph === 'E') { const b = open.pop(); if (b) main.push({ ...b, ph: 'X', dur: e.ts - b.ts }); }
  }
  main.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let last = -1;
  const tasks = main.filter((e) => {
    if (!/RunTask$/.test(e.name) || e.dur <= (+process.env.OVER || 50) * 1000 || e.ts < last) return false;
    last = e.ts + e.dur;
    return true;
  });
  console.log(`${name}: ${tasks.length} tasks over 50 ms`);
  for (const t of tasks) {
    const inside = main.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur);
    // Self time per event name: each event's duration less its children's.
    const self = new Map(), stack = [];
    const close = (until) => {
      while (stack.length && stack[stack.length - 1].end <= until) stack.pop();
    };
    for (const e of inside) {
      close(e.ts);
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) || 0) - e.dur);
      self.set(e.name, (self.get(e.name) || 0) + e.dur);
      stack.push({ name: e.name, end: e.ts + e.dur });
    }
    const parts = [...self].filter(([, d]) => d > 2000).sort((a, b) => b[1] - a[1]).map(([n, d]) => `${n} ${(d / 1000).toFixed(0)}`);
    console.log(`  ${(t.dur / 1000).toFixed(0)} ms (${t.tdur ? (t.tdur / 1000).toFixed(0) : '?'} ms CPU): ${parts.join(', ')}`);
    // The task's direct steps: events inside it with no other event around them but the task.
    const steps = inside.filter((e) => !/RunTask$/.test(e.name));
    const top = steps.filter((e) => !steps.some((o) => o !== e && o.ts <= e.ts && o.ts + o.dur >= e.ts + e.dur && o.dur > e.dur));
    // Layouts and style recalculations a script forced, with where.
    for (const e of inside) {
      const st = e.args?.beginData?.stackTrace || e.args?.data?.stackTrace;
      if ((e.name === 'Layout' || e.name === 'UpdateLayoutTree') && st && e.dur > 1000) {
        console.log(`    forced ${e.name} ${JSON.stringify(e.args?.beginData?.dirtyObjects !== undefined ? [e.args.beginData.dirtyObjects, e.args.beginData.totalObjects] : e.args?.elementCount ?? "")} ${(e.dur / 1000).toFixed(1)} ms (${((e.tdur || 0) / 1000).toFixed(1)} CPU) at ${st.slice(0, 3).map((f) => `${f.functionName || '?'}:${f.lineNumber + 1}`).join(' < ')}`);
      }
    }
    console.log(`    top level: ${top.filter((e) => e.dur > 1000).map((e) => `${e.name}${e.args?.data?.url ? '(' + e.args.data.url.split('/').pop() + ')' : ''}${e.args?.data?.functionName ? '(' + e.args.data.functionName + ')' : ''} ${(e.dur / 1000).toFixed(0)}`).join(', ')}`);
  }
}

// A warm renderer: the first page a renderer process lays out pays for its font setup.
if (process.env.WARM) await page.goto(server.origin + prefix + process.env.WARM);
await traced('load and fit', async () => { await page.goto(server.origin + prefix + path); });
const expand = page.locator('.mm-tools button', { hasText: 'Expand all' });
if (await expand.count()) {
  await traced('expand all', () => expand.click());
  await traced('collapse all', () => page.locator('.mm-tools button', { hasText: 'Collapse all' }).click());
  await traced('unfold one', async () => {
    await page.locator('.mindmap svg a[aria-expanded="false"]').first().focus();
    await page.keyboard.press(' ');
  });
}
const box = await page.locator('.mindmap svg').boundingBox();
await traced('pan', async () => {
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) await page.mouse.move(box.x + box.width / 2 + i * 8, box.y + box.height / 2 + i * 3);
  await page.mouse.up();
});
await browser.close();
await server.close();
