// Search as readers type, in real Chromium: misspellings (in the first letters too), unfinished
// words, other word forms and the site's abbreviations find the right page first on our own
// roadmap; word forms are found in German and Spanish sites by their own stemmers; results show an
// excerpt around a match in the body; and on a roadmap of 10,000 skills, the first query downloads
// only the pieces of the index it needs.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, launch, serve, trailmapBin, watch } from './harness.mjs';

/** The budget of the issue: a first query on 10,000 skills downloads at most this much index. */
const FIRST_QUERY_BUDGET = 400 * 1024;
/** A word only in the body of one page of our roadmap. */
const EXCERPT_QUERY = 'jacobian';

/** A roadmap of `sections` × `skills` skills, in the manner of examples/synth.rs. */
function writeBigSite(dir, sections, skills) {
  const words = ['model', 'data', 'gradient', 'layer', 'vector', 'training', 'loss', 'feature', 'matrix', 'signal',
    'network', 'sample', 'metric', 'pipeline', 'tensor', 'weight', 'batch', 'kernel', 'token', 'query'];
  let seed = 42;
  const next = (below) => { seed = (seed * 48271) % 2147483647; return seed % below; };
  const sentence = (n) => Array.from({ length: n }, () => words[next(words.length)]).join(' ');
  mkdirSync(join(dir, 'content'), { recursive: true });
  // No preview images: this site is about the search index, and 10,000 cards take minutes in a debug build.
  writeFileSync(join(dir, 'trailmap.toml'), 'title = "Big"\nbase_url = "https://example.org/"\npreview_images = "none"\n');
  writeFileSync(join(dir, 'content', '_index.md'), '+++\ntitle = "Big"\ndescription = "A generated roadmap."\n+++\n');
  for (let s = 0; s < sections; s++) {
    const folder = join(dir, 'content', `section-${s}`);
    mkdirSync(folder);
    writeFileSync(join(folder, '_index.md'), `+++\ntitle = "Section ${s}"\nweight = ${s}\n+++\n\n${sentence(30)}.\n`);
    for (let k = 0; k < skills; k++) {
      const n = s * skills + k;
      writeFileSync(join(folder, `skill-${n}.md`),
        `+++\ntitle = "Skill ${n}: ${words[n % words.length]}"\nsummary = "${sentence(10)}"\nweight = ${k}\n+++\n\n` +
        `## Overview\n\n${sentence(40)}.\n\n## What to learn first\n\n- ${sentence(8)}\n- ${sentence(8)}\n\n## Pitfalls\n\n${sentence(50)}.\n`);
    }
  }
}

/** A small roadmap in Chinese, with accents in a heading: searchable without spaces or accents. */
function writeCjkSite(dir) {
  const files = {
    'trailmap.toml': 'title = "路线图"\nbase_url = "https://example.org/"\nlanguage = "zh"\n',
    'content/_index.md': '+++\ntitle = "路线图"\n+++\n',
    'content/ji-chu/_index.md': '+++\ntitle = "基础"\nweight = 1\n+++\n',
    'content/ji-chu/ji-qi-xue-xi.md': '+++\ntitle = "机器学习入门"\nsummary = "监督学习与无监督学习"\n+++\n\n## Café à la française\n\nTexte.\n',
    'content/ji-chu/shen-du.md': '+++\ntitle = "深度神经网络"\nsummary = "网络的层"\n+++\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Small roadmaps in German and in Spanish: word forms meet by the language's stemmer. */
function writeSite(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}
const GERMAN = {
  'trailmap.toml': 'title = "Lernpfad"\nbase_url = "https://example.org/"\nlanguage = "de-DE"\n',
  'content/_index.md': '+++\ntitle = "Lernpfad"\n+++\n',
  'content/grundlagen/_index.md': '+++\ntitle = "Grundlagen"\nweight = 1\n+++\n',
  'content/grundlagen/datenbanken.md': '+++\ntitle = "Relationale Datenbanken"\nsummary = "Tabellen, Schlüssel und Abfragen"\n+++\n\n' +
    'Tabellen bestehen aus Zeilen und Spalten. Indizes beschleunigen häufige Abfragen über große Tabellen, ' +
    'kosten aber Speicher und verlangsamen das Schreiben.\n\n## Normalisierung\n\nKeine Daten doppelt speichern.\n',
  'content/grundlagen/netze.md': '+++\ntitle = "Neuronale Netze"\nsummary = "Schichten und Gewichte"\n+++\n\nEin Netz lernt aus Beispielen.\n',
  'content/grundlagen/uebersetzung.md': '+++\ntitle = "Maschinelle Übersetzung"\nsummary = "Von einer Sprache in die andere"\n+++\n',
};
const SPANISH = {
  'trailmap.toml': 'title = "Ruta"\nbase_url = "https://example.org/"\nlanguage = "es"\n',
  'content/_index.md': '+++\ntitle = "Ruta"\n+++\n',
  'content/bases/_index.md': '+++\ntitle = "Fundamentos"\nweight = 1\n+++\n',
  'content/bases/datos.md': '+++\ntitle = "Bases de datos"\nsummary = "Tablas y consultas"\n+++\n\n' +
    'Una tabla guarda filas. La normalización evita datos duplicados en las tablas y facilita las consultas.\n',
  'content/bases/redes.md': '+++\ntitle = "Redes neuronales"\nsummary = "Capas y pesos"\n+++\n',
  'content/bases/aprendizaje.md': '+++\ntitle = "Aprendizaje automático"\nsummary = "Modelos que aprenden de ejemplos"\n+++\n',
};

let dir, server, browser, roadmap, big, cjk, german, spanish;
before(async () => {
  const bin = trailmapBin();
  dir = mkdtempSync(join(tmpdir(), 'trailmap-search-'));
  writeBigSite(join(dir, 'big-src'), 100, 100);
  writeCjkSite(join(dir, 'cjk-src'));
  writeSite(join(dir, 'de-src'), GERMAN);
  writeSite(join(dir, 'es-src'), SPANISH);
  const sites = {
    roadmap: { root: REPO, prefix: '/roadmap/' },
    big: { root: join(dir, 'big-src'), prefix: '/big/' },
    cjk: { root: join(dir, 'cjk-src'), prefix: '/cjk/' },
    german: { root: join(dir, 'de-src'), prefix: '/de/' },
    spanish: { root: join(dir, 'es-src'), prefix: '/es/' },
  };
  for (const [name, site] of Object.entries(sites)) {
    site.out = join(dir, name);
    execFileSync(bin, ['build', '--quiet', '--root', site.root, '--output', site.out, '--base-url', `https://example.org${site.prefix}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  server = await serve(sites);
  browser = await launch();
  roadmap = server.origin + sites.roadmap.prefix;
  big = server.origin + sites.big.prefix;
  cjk = server.origin + sites.cjk.prefix;
  german = server.origin + sites.german.prefix;
  spanish = server.origin + sites.spanish.prefix;
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The first result's title for `query`, typed into the box as a reader would. */
async function first(page, query) {
  await page.locator('#tm-search').fill('');
  await page.locator('#tm-search').pressSequentially(query);
  const option = page.getByRole('option').first();
  await option.waitFor();
  // Typing is done when the note counts the results of the whole query.
  await page.waitForFunction(() => /result|Ergebnis|结果/.test(document.getElementById('tm-search-note').textContent));
  await page.waitForTimeout(50);
  return (await option.locator('.result-title').textContent()).trim();
}

test('misspellings, unfinished words, word forms and abbreviations find the right page first', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(roadmap);
  const cases = [
    ['transfomer', /^Transformers/],
    ['pandsa', /^pandas/i],
    ['kubernets', /^Kubernetes/],
    ['retreival augmented', /Retrieval-Augmented|RAG/],
    ['vector db', /^Vector Databases/],
    ['tokenizer', /^Tokeni[sz]ation/],
    ['tokeniz', /^Tokeni[sz]ation/],
    ['vector datab', /^Vector Databases/],
    ['k8s', /^Kubernetes/],
    ['Transformers', /^Transformers/],
    // Typos in the first two letters: the word is in another shard than the one typed.
    ['tarnsformer', /^Transformers/],
    ['rtansformer', /^Transformers/],
    ['kubrenetes', /^Kubernetes/],
    ['oandas', /^pandas/i],
    ['ptorch', /^PyTorch/],
    ['dcoker', /^Docker/],
  ];
  const wrong = [];
  for (const [query, title] of cases) {
    const got = await first(page, query);
    if (!title.test(got)) wrong.push(`${query} → ${got}`);
  }
  assert.deepEqual(wrong, []);
  // The match is marked, and a result opens its page.
  await first(page, 'kubernets');
  assert.match(await page.getByRole('option').first().locator('mark').first().textContent(), /kubernet/i);
  await Promise.all([page.waitForURL(/kubernetes/), page.keyboard.press('Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Chinese is found without spaces, and accents need not be typed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(cjk);
  assert.equal(await first(page, '学习'), '机器学习入门');
  assert.equal(await first(page, '神经网络'), '深度神经网络');
  assert.equal(await first(page, 'cafe a la francaise'), '机器学习入门');
  assert.match(await page.getByRole('option').first().textContent(), /§ Café à la française/);
  // Words that name JavaScript's own properties are words like any other.
  await page.locator('#tm-search').fill('constructor tostring');
  await assert.doesNotReject(page.locator('.search-note').filter({ hasText: '没有找到' }).waitFor());
  assert.deepEqual(problems, []);
  await context.close();
});

/** The first result for `query`: its title and the text under it (summary, heading or excerpt). */
async function firstResult(page, query) {
  const title = await first(page, query);
  const option = page.getByRole('option').first();
  const text = await option.locator('.result-text').textContent().catch(() => '');
  const marks = await option.locator('.result-text mark').allTextContents();
  return { title, text: text.trim(), marks, excerpt: await option.locator('.result-excerpt').count() > 0 };
}

test('a German site finds word forms by its German stemmer, and excerpts show the match', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(german);
  assert.equal(await page.evaluate(() => window.trailmapSearch?.stem ?? null), null, 'the index loads on first use');
  const cases = [
    ['Datenbank', 'Relationale Datenbanken'],
    ['neuronales Netz', 'Neuronale Netze'],
    ['ubersetzen', 'Maschinelle Übersetzung'],
    ['maschineller', 'Maschinelle Übersetzung'],
    ['relationaler datenbanken', 'Relationale Datenbanken'],
  ];
  const wrong = [];
  for (const [query, title] of cases) {
    const got = await first(page, query);
    if (got !== title) wrong.push(`${query} → ${got}`);
  }
  assert.deepEqual(wrong, []);
  assert.equal(await page.evaluate(() => window.trailmapSearch.stem), 'de');
  // A word of the body: an excerpt around it, the word marked.
  const found = await firstResult(page, 'Spalten');
  assert.equal(found.title, 'Relationale Datenbanken');
  assert.ok(found.excerpt, 'an excerpt');
  assert.match(found.text, /^Tabellen bestehen aus Zeilen und Spalten\. Indizes beschleunigen/);
  assert.deepEqual(found.marks, ['Spalten']);
  // A heading: the heading, and the result links to it.
  const heading = await firstResult(page, 'Normalisierung');
  assert.equal(heading.text, '§ Normalisierung');
  await Promise.all([page.waitForURL(/datenbanken\/#normalisierung$/), page.keyboard.press('Enter')]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a Spanish site finds word forms by its Spanish stemmer', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(spanish);
  const cases = [
    ['red neuronal', 'Redes neuronales'],
    ['base de dato', 'Bases de datos'],
    ['automaticos', 'Aprendizaje automático'],
    ['aprendizajes automáticas', 'Aprendizaje automático'],
  ];
  const wrong = [];
  for (const [query, title] of cases) {
    const got = await first(page, query);
    if (got !== title) wrong.push(`${query} → ${got}`);
  }
  assert.deepEqual(wrong, []);
  const found = await firstResult(page, 'normalizacion');
  assert.equal(found.title, 'Bases de datos');
  assert.ok(found.excerpt, 'an excerpt');
  assert.match(found.text, /La normalización evita datos duplicados/);
  assert.deepEqual(found.marks, ['normalización']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('excerpts on our roadmap are cut around the match and inserted as text', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watch(page);
  await page.goto(roadmap);
  const found = await firstResult(page, EXCERPT_QUERY);
  assert.ok(found.excerpt, `an excerpt for ${EXCERPT_QUERY}: ${JSON.stringify(found)}`);
  assert.ok(found.marks.length > 0, 'the match is marked');
  assert.ok(found.text.length < 220, found.text);
  // Only text and <mark> in the results: nothing of the pages' text is parsed as HTML.
  const tags = await page.locator('#tm-results .result-text *').evaluateAll((els) => [...new Set(els.map((e) => e.tagName))]);
  assert.deepEqual(tags, ['MARK']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a first query on 10,000 skills downloads at most 400 KB of index', async () => {
  // The words of the generated roadmap are in every page: the largest term lists there are.
  // The second query has a typo in its first two letters, which looks in the near lists too.
  for (const query of ['gradient tensr', 'rgadient tensr']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems = watch(page);
    const fetched = [];
    page.on('response', async (response) => {
      if (/search-index/.test(response.url())) fetched.push(response.body().then((b) => [response.url(), b.length]));
    });
    await page.goto(big);
    const title = await first(page, query);
    assert.match(title, /gradient|tensor/i);
    const sizes = await Promise.all(fetched);
    const total = sizes.reduce((sum, [, n]) => sum + n, 0);
    console.log(`first query "${query}" on 10,000 skills: ${total} bytes in ${sizes.length} files`);
    for (const [url, n] of sizes) console.log(`  ${n}\t${new URL(url).pathname}`);
    assert.ok(sizes.some(([url]) => url.endsWith('/big/search-index.js')), 'the index was loaded');
    assert.ok(total <= FIRST_QUERY_BUDGET, `${query}: ${total} bytes`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});
