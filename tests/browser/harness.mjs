// Shared by the browser tests: builds sites with the real trailmap binary, serves them from a
// tiny static server on a loopback port (under sub-paths, as GitHub Pages serves project sites),
// and starts Debian's Chromium through playwright-core. Nothing is downloaded.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO = resolve(HERE, '..', '..');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** The trailmap binary: the one cargo test built, or a fresh debug build. */
export function trailmapBin() {
  if (process.env.TRAILMAP_BIN) return process.env.TRAILMAP_BIN;
  execFileSync('cargo', ['build', '--quiet', '--bin', 'trailmap'], { cwd: REPO, stdio: 'inherit' });
  const target = process.env.CARGO_TARGET_DIR ? resolve(REPO, process.env.CARGO_TARGET_DIR) : join(REPO, 'target');
  return join(target, 'debug', 'trailmap');
}

/** A roadmap that is not in the repository: odd titles, markup in text, deep nesting, many code languages. */
export function writeOddSite(dir) {
  const files = {
    'trailmap.toml': 'title = "Odd <Roadmap> & \\"Co\\""\nbase_url = "https://example.org/"\ndescription = "Edge cases: </script> & <b>tags</b> in text."\nlanguage = "de-CH"\n',
    'content/_index.md': '+++\ntitle = "Odd <Roadmap> & \\"Co\\""\ndescription = "A roadmap whose text looks like </script> markup."\ntakeaways = ["Titles may hold <b>tags</b> & quotes", "Unicode: Ünïcödé, 日本語"]\n+++\n\nIntro with [[deep-three]] and a `<code>` span.\n',
    'content/faq.md': '+++\ntitle = "Questions </script>"\ndescription = "FAQ with markup"\n+++\n\n## Is \\</script>\\<script>alert(1)\\</script> escaped?\n\nYes: it stays text & the JSON-LD stays valid.\n\n## Does `code` work?\n\nIt does.\n',
    'content/s-one/_index.md': '+++\ntitle = "Section <One>"\nquestion = "What if a title has \\"quotes\\" & <tags>?"\nweight = 1\n+++\n\nSection intro.\n',
    'content/s-one/deep/_index.md': '+++\ntitle = "Deep <img src=x onerror=alert(1)>"\nsummary = "A summary with <script>alert(1)</script>."\nweight = 1\nresources = [\n  { title = "Tool & <Docs>", url = "https://example.org/?a=1&b=2", kind = "tool" },\n  { title = "A podcast", url = "https://example.org/p", kind = "podcast" },\n  { title = "A video", url = "https://example.org/v", kind = "video" },\n]\n+++\n\n## Über uns\n\nText [[deep-two#tiefer]].\n\n```rust\nfn main() { println!("<b>{}</b>", 1); }\n```\n\n```js\nconst x = `</script>`;\n```\n\n```unknownlang\n<raw> & text\n```\n',
    'content/s-one/deep/deep-two/_index.md': '+++\ntitle = "Deep two"\nsummary = "Level two."\nlevel = "optional"\n+++\n\n## Tiefer\n\nMore.[^n]\n\n[^n]: A footnote.\n',
    'content/s-one/deep/deep-two/deep-three.md': '+++\ntitle = "Deep three"\nsummary = "Level three."\nlevel = "alternative"\nprerequisites = ["deep"]\n+++\n\n## Tiefer\n\nSame heading text as its parent.\n\n- [ ] a task\n- [x] a done task\n',
    'content/s-two/_index.md': '+++\ntitle = "Zwei"\nweight = 2\n+++\n',
    'content/s-two/alone.md': '+++\ntitle = "Alone"\n+++\n\nNo summary, no resources.\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * A roadmap shaped like other people's: seven sections (every section colour), long skill lists
 * mixing every level and its badge, sub-skills three deep, long titles, and links inside running
 * text, lists, tables, quotes and footnotes, with resources of every kind.
 */
export function writeWideSite(dir) {
  const levels = ['core', 'optional', 'alternative'];
  const kinds = ['docs', 'course', 'book', 'article', 'paper', 'video', 'podcast', 'tool'];
  const words = ['Lakehouse', 'Streaming joins', 'Change data capture', 'Column stores and the trade-offs of compression in analytic engines', 'Orchestration', 'Data contracts', 'Lineage', 'Cost control'];
  const files = {
    'trailmap.toml': 'title = "Data platform"\nbase_url = "https://example.org/"\n',
    'content/_index.md': '+++\ntitle = "Data platform"\ndescription = "A roadmap written elsewhere."\ntakeaways = ["Start with [[s0-k0]]", "Keep going"]\n+++\n\nBegin with [[s0-k0]], then read [the orchestration part](s1/s1-k4.md) and [an outside guide](https://example.org/guide) before [[s2-k1|the third section]].\n',
    'content/faq.md': '+++\ntitle = "FAQ"\n+++\n\n## Where do I start?\n\nWith [[s0-k0]], or anywhere in [[s1]] if you know the basics.\n\n## Is it free?\n\nMostly: see [[s3-k2]] and the [project site](https://example.org/).\n',
  };
  for (let s = 0; s < 7; s += 1) {
    files[`content/s${s}/_index.md`] = `+++\ntitle = "Section ${s}: ${words[s % words.length]}"\nquestion = "What does part ${s} answer, in a question long enough to wrap?"\nweight = ${s}\n+++\n\nAn introduction that links [[s${s}-k1]] inside a sentence and ends with [[s${(s + 1) % 7}]].\n`;
    for (let k = 0; k < 13; k += 1) {
      const resources = kinds.map((kind, i) => `  { title = "${kind} ${i}", url = "https://example.org/${kind}", kind = "${kind}" },`).join('\n');
      const prereq = k > 0 ? `prerequisites = ["s${s}-k${k - 1}"]\n` : '';
      const body = `## Why\n\nRead [[s${s}-k${(k + 1) % 13}]] and [its neighbour](s${s}-k${(k + 2) % 13}.md) in one sentence, with [a site](https://example.org/x).[^a]\n\n- a list item with [[s${(s + 1) % 7}-k${k}]] inside its text\n- [[s${s}-k0|another]] at the start of an item\n\n| Step | Where |\n|---|---|\n| one | see [[s${s}-k3]] |\n\n> A quote that cites [[s${s}-k2]].\n\n[^a]: A note with [[s${s}-k1]].\n`;
      // Short titles beside long badges ("R" and "alternative"): the link is the lesser part of its line.
      const title = k % 3 === 0 ? `${words[(s + k) % words.length]} ${s}.${k}` : ['R', 'Go', 'SQL', 'dbt'][k % 4];
      files[`content/s${s}/s${s}-k${k}.md`] = `+++\ntitle = "${title}"\nsummary = "Skill ${k} of section ${s}."\nlevel = "${levels[k % 3]}"\nweight = ${k}\n${prereq}${k === 0 ? `resources = [\n${resources}\n]\n` : ''}+++\n\n${body}`;
    }
  }
  // Sub-skills three deep, each level with every badge.
  files['content/s0/tree/_index.md'] = '+++\ntitle = "A skill with sub-skills"\nlevel = "optional"\nweight = 20\n+++\n\nSee [[tree-a]].\n';
  files['content/s0/tree/tree-a/_index.md'] = '+++\ntitle = "Sub-skill A"\nlevel = "alternative"\n+++\n';
  files['content/s0/tree/tree-a/tree-a-1/_index.md'] = '+++\ntitle = "Sub-sub-skill A1"\nlevel = "core"\n+++\n';
  files['content/s0/tree/tree-a/tree-a-1/tree-a-1-x.md'] = '+++\ntitle = "Deepest"\nlevel = "optional"\n+++\n';
  files['content/s0/tree/tree-b.md'] = '+++\ntitle = "Sub-skill B"\n+++\n';
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/**
 * Builds the repository's own roadmap, tests/sites/good and an odd generated roadmap, each under
 * a sub-path. Returns `{ dir, sites: { name: { out, prefix } } }`.
 */
export function buildSites() {
  const bin = trailmapBin();
  const dir = mkdtempSync(join(tmpdir(), 'trailmap-browser-'));
  const odd = join(dir, 'odd-src');
  writeOddSite(odd);
  const wide = join(dir, 'wide-src');
  writeWideSite(wide);
  const specs = {
    roadmap: { root: REPO, prefix: '/roadmap/' },
    good: { root: join(REPO, 'tests', 'sites', 'good'), prefix: '/good/deep/' },
    odd: { root: odd, prefix: '/odd/' },
    wide: { root: wide, prefix: '/wide/' },
  };
  const sites = {};
  for (const [name, spec] of Object.entries(specs)) {
    const out = join(dir, name);
    execFileSync(bin, ['build', '--quiet', '--root', spec.root, '--output', out, '--base-url', `https://example.org${spec.prefix}`], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    sites[name] = { out, prefix: spec.prefix };
  }
  return { dir, sites, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.png': 'image/png',
};

/** Serves each site's output under its prefix; unknown paths get the site's 404.html with status 404. */
export function serve(sites) {
  const requests = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    requests.push(url.pathname);
    const site = Object.values(sites).find((s) => url.pathname.startsWith(s.prefix));
    if (!site) { res.writeHead(404).end('no site here'); return; }
    let rel;
    try { rel = decodeURIComponent(url.pathname.slice(site.prefix.length)); } catch { res.writeHead(400).end(); return; }
    let file = normalize(join(site.out, rel));
    if (file !== site.out && !file.startsWith(site.out + sep)) { res.writeHead(403).end(); return; }
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) { res.writeHead(301, { Location: url.pathname + '/' }).end(); return; }
      file = join(file, 'index.html');
    }
    let status = 200;
    if (!existsSync(file)) { status = 404; file = join(site.out, '404.html'); }
    res.writeHead(status, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      done({ origin, requests, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

/** Debian's Chromium, headless, with a fresh profile (Playwright makes a new user-data-dir per launch). */
export function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}

/** Every HTML file below `dir`, as paths relative to it (with `/`). */
export function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.html')) out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** One page of each kind a site has, as paths below its prefix. */
export function pageKinds(site) {
  const roadmap = JSON.parse(readFileSync(join(site.out, 'roadmap.json'), 'utf8'));
  const path = (node) => new URL(node.url).pathname.slice(site.prefix.length);
  const sections = roadmap.nodes.filter((n) => n.kind === 'section');
  const skills = roadmap.nodes.filter((n) => n.kind === 'skill');
  // The skill with the most text is the one that shows the most features (toc, code, resources).
  const size = (n) => statSync(join(site.out, path(n), 'index.html')).size;
  const richest = skills.reduce((a, b) => (size(b) > size(a) ? b : a), skills[0]);
  const kinds = { landing: '', section: path(sections[0]), skill: path(richest) };
  if (existsSync(join(site.out, 'faq', 'index.html'))) kinds.faq = 'faq/';
  kinds.print = 'print/';
  kinds.notfound = 'no/such/page/';
  return kinds;
}

/** The prefixed console errors and failed requests of a page, to assert there are none. */
export function watch(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/status of 404/.test(m.text())) problems.push(`console: ${m.text()}`); });
  // A request the browser itself cancels because the page navigated away (typically the favicon)
  // is not a broken reference; every other failure is.
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`);
  });
  return problems;
}

export const SHOTS = join(HERE, 'screenshots');

/** The Nu Html Checker's errors on `files`, one `path:line: message` a line ('' when none). */
export function vnuErrors(files) {
  const vnu = createRequire(import.meta.url)('vnu-jar');
  let report;
  try {
    report = execFileSync('java', ['-jar', vnu, '--format', 'json', '--errors-only', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch (e) {
    // vnu exits 1 when it finds errors and writes its report to stderr.
    report = e.stderr || e.stdout;
    if (!report) throw e;
  }
  const messages = JSON.parse(report || '{"messages":[]}').messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  return messages.map((m) => `${m.url.replace(/^file:/, '')}:${m.lastLine}: ${m.message}`).join('\n');
}
