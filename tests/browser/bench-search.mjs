// Prints what a first search query costs on a built site, in real Chromium: the bytes of index
// it downloads and its first results, for trailmap's own search and, when the site also has a
// Pagefind index (`pagefind --site DIR`), for Pagefind's. Not a test: figures for the README.
//
//   node bench-search.mjs PUBLIC_DIR QUERY…
//
// Each query runs in a fresh browser context (nothing cached), typed as a reader types it.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, serve } from './harness.mjs';

const [dir, ...queries] = process.argv.slice(2);
if (!dir || !queries.length) {
  console.error('usage: node bench-search.mjs PUBLIC_DIR QUERY…');
  process.exit(2);
}
// Served under the base path it was built for.
const prefix = /data-base="([^"]*)"/.exec(readFileSync(join(dir, 'index.html'), 'utf8'))?.[1] || '/';
const server = await serve({ site: { out: dir, prefix } });
const browser = await launch();
const home = server.origin + prefix;

async function measure(query, run, pattern) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const sizes = [];
  page.on('response', (r) => { if (pattern.test(r.url())) sizes.push(r.body().then((b) => b.length, () => 0)); });
  // The smallest page with the search box: the landing page of a huge roadmap is large.
  await page.goto(home + '404.html');
  const titles = await run(page, query);
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { bytes, files: sizes.length, titles };
}

const trailmap = async (page, query) => {
  await page.locator('#tm-search').pressSequentially(query);
  await page.waitForFunction(() => /result/i.test(document.getElementById('tm-search-note').textContent));
  await page.waitForTimeout(300);
  return page.locator('.result-title').allTextContents();
};
const pagefind = async (page, query) => page.evaluate(async (q) => {
  const pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
  const search = await pf.search(q);
  const data = await Promise.all(search.results.slice(0, 12).map((r) => r.data()));
  return data.map((d) => d.meta.title);
}, query);

console.log(`site\tquery\tbytes\tfiles\tfirst result`);
for (const query of queries) {
  const t = await measure(query, trailmap, /search-index/);
  console.log(`trailmap\t${query}\t${t.bytes}\t${t.files}\t${(t.titles[0] || '(none)').trim()}`);
  if (existsSync(join(dir, 'pagefind'))) {
    const p = await measure(query, pagefind, /\/pagefind\//);
    console.log(`pagefind\t${query}\t${p.bytes}\t${p.files}\t${(p.titles[0] || '(none)').trim()}`);
  }
}
await browser.close();
await server.close();
