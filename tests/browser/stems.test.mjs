// The stemmers of search.js stem every word of src/render/search/stems.json to the stem written
// there, as the build's stemmers do (the Rust test `words_stem_as_the_shared_vectors_say` reads
// the same file): what a reader types meets what the index holds, in every language we stem.
// No browser needed: search.js runs in a bare context, where it finds no search box.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { REPO } from './harness.mjs';

const vectors = JSON.parse(readFileSync(join(REPO, 'src/render/search/stems.json'), 'utf8'));
const script = readFileSync(join(REPO, 'themes/default/static/search.js'), 'utf8');
const words = vm.runInNewContext(`${script}\ntrailmapWords`, { document: { getElementById: () => null }, window: {} });

test('search.js stems words as stems.json says, in every language', () => {
  const wrong = [];
  let checked = 0;
  for (const [language, pairs] of Object.entries(vectors)) {
    const stem = words.stemmer(language);
    for (const [word, expected] of Object.entries(pairs)) {
      const got = words.terms(words.fold(word), stem).map((t) => t.t).join(' ');
      checked++;
      if (got !== expected) wrong.push(`${language}: ${word} → ${got}, not ${expected}`);
    }
  }
  assert.deepEqual(wrong, []);
  assert.ok(checked > 100, `${checked} words`);
  // A language without a stemmer keeps words whole.
  assert.equal(words.terms('datenbanken', words.stemmer('fi'))[0].t, 'datenbanken');
  assert.equal(words.terms('datenbanken', words.stemmer('constructor'))[0].t, 'datenbanken');
});
