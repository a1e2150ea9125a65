// The mind map as a reader's browser draws it, with the real font: no two node boxes overlap,
// every label's rendered text lies inside its box, every skill has exactly one node whose link
// opens its page, and the nodes come in outline (pre-)order, which is the order Tab follows.
// Checked on our roadmap, the fixture sites, and a generated roadmap that is not in the
// repository: 300+ nodes, deep trees, long and non-Latin labels.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { after, before, test } from 'node:test';
import { buildSites, launch, serve, trailmapBin } from './harness.mjs';

const LABELS = [
  'Tokenization', 'Gradient Descent', 'A very long label that has to wrap onto several lines to fit in its box at all',
  '日本語の機械学習', 'التعلم العميق', 'Ünïcödé & <markup>', 'Статистика', 'x', 'Reinforcement Learning from Human Feedback',
];

/** A roadmap of 6 sections, 370 nodes (all drawn on the landing page), nested 5 deep, with long and non-Latin labels. */
function writeBigSite(dir) {
  const write = (path, text) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('trailmap.toml', 'title = "Generated"\nbase_url = "https://example.org/"\n');
  write('content/_index.md', '+++\ntitle = "A generated roadmap with a long title"\n+++\n\nBody.\n');
  let n = 0;
  const skill = (path, depth) => {
    const label = LABELS[n % LABELS.length] + ` ${n}`;
    const id = `n${n++}`;
    const level = ['core', 'optional', 'alternative'][n % 3];
    if (depth > 0 && n % 7 === 0) {
      write(`${path}/${id}/_index.md`, `+++\ntitle = ${JSON.stringify(label)}\nlevel = "${level}"\n+++\n`);
      for (let c = 0; c < 3; c++) skill(`${path}/${id}`, depth - 1);
    } else {
      write(`${path}/${id}.md`, `+++\ntitle = ${JSON.stringify(label)}\nlevel = "${level}"\n+++\n`);
    }
  };
  for (let s = 0; s < 6; s++) {
    write(`content/s${s}/_index.md`, `+++\ntitle = "Section ${s} ${LABELS[s]}"\nweight = ${s}\n+++\n`);
    for (let k = 0; k < 35; k++) skill(`content/s${s}`, 4);
  }
  return n;
}

let built, server, browser;
before(async () => {
  built = buildSites();
  const big = join(built.dir, 'big-src');
  writeBigSite(big);
  const out = join(built.dir, 'big');
  execFileSync(trailmapBin(), ['build', '--quiet', '--root', big, '--output', out, '--base-url', 'https://example.org/big/'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  built.sites.big = { out, prefix: '/big/' };
  server = await serve(built.sites);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  built?.cleanup();
});

/** The geometry of every node of every map on a page, measured by the browser. */
async function measure(page) {
  await page.evaluate(() => document.fonts.ready);
  return page.evaluate(() => [...document.querySelectorAll('.mindmap svg')].map((svg) =>
    [...svg.querySelectorAll('a[data-id]')].map((a) => {
      const rect = a.querySelector('rect').getBBox();
      const text = a.querySelector('text').getBBox();
      return {
        id: a.dataset.id,
        href: a.getAttribute('href'),
        box: { x: rect.x, y: rect.y, w: rect.width, h: rect.height },
        text: { x: text.x, y: text.y, w: text.width, h: text.height },
      };
    })));
}

function checkGeometry(nodes, where) {
  const eps = 0.5;
  for (const n of nodes) {
    const { box, text } = n;
    assert.ok(text.x >= box.x - eps && text.x + text.w <= box.x + box.w + eps,
      `${where}: the label of ${n.id} is ${text.w.toFixed(1)} wide and sticks out of its ${box.w.toFixed(1)} box`);
    assert.ok(text.y >= box.y - eps && text.y + text.h <= box.y + box.h + eps, `${where}: the label of ${n.id} sticks out vertically`);
  }
  // Sweep by x so that big maps stay fast; any two boxes that meet on both axes overlap.
  const sorted = [...nodes].sort((a, b) => a.box.x - b.box.x);
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i].box;
    for (let j = i + 1; j < sorted.length && sorted[j].box.x < a.x + a.w; j++) {
      const b = sorted[j].box;
      const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
      assert.ok(!overlap, `${where}: ${sorted[i].id} and ${sorted[j].id} overlap`);
    }
  }
}

for (const name of ['roadmap', 'good', 'odd', 'big']) {
  test(`the map of ${name} draws every node once, in outline order, without overlap, labels inside`, async () => {
    const site = built.sites[name];
    const roadmap = JSON.parse(readFileSync(join(site.out, 'roadmap.json'), 'utf8'));
    // The drawing as built (mindmap.js folds and moves boxes: mapview.test.mjs checks that).
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled: false });
    const page = await context.newPage();
    const base = server.origin + site.prefix;
    await page.goto(base);
    const [landing] = await measure(page);
    assert.ok(landing && landing.length > 0, `${name}: a map on the landing page`);
    checkGeometry(landing, `${name} landing`);

    const byId = new Map(roadmap.nodes.map((n) => [n.id, n]));
    const preorder = roadmap.nodes.map((n) => n.id);
    const overview = landing.length < roadmap.nodes.length;
    if (name === 'big') assert.ok(!overview && landing.length > 300, `big: the whole map of ${landing.length} nodes`);
    if (!overview) {
      // Exactly one node per page of the roadmap, in reading order, each linking to its page.
      assert.deepEqual(landing.map((n) => n.id), preorder, `${name}: nodes in outline order`);
    } else {
      const shown = preorder.filter((id) => landing.some((n) => n.id === id));
      assert.deepEqual(landing.map((n) => n.id), shown, `${name}: overview nodes in outline order`);
    }
    for (const n of landing) {
      assert.equal(n.href, new URL(byId.get(n.id).url).pathname, `${name}: ${n.id} links to its page`);
    }
    // Links open the right page: follow a few.
    for (const n of landing.filter((_, i) => i % Math.max(1, Math.floor(landing.length / 5)) === 1).slice(0, 5)) {
      await page.goto(server.origin + n.href);
      assert.equal(await page.locator('h1').first().textContent(), byId.get(n.id).title, `${name}: ${n.id} opens its page`);
    }

    // Each section page maps its own subtree, again without overlap.
    for (const section of roadmap.nodes.filter((n) => n.kind === 'section')) {
      await page.goto(server.origin + new URL(section.url).pathname);
      const [map] = await measure(page);
      assert.ok(map && map[0].id === section.id, `${name}: the map of ${section.id} is centred on it`);
      checkGeometry(map, `${name} ${section.id}`);
    }
    await context.close();
  });
}
