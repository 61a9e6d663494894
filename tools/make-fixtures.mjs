#!/usr/bin/env node
// Regenerates tests/fixtures/<case>/page.html from tests/fixtures/<case>/spec.json with the
// markup builder www/sim/x-markup.js. Deterministic: the same spec always gives the same bytes.
//
//   node tools/make-fixtures.mjs            rewrite every page.html (prints what changed)
//   node tools/make-fixtures.mjs --check    write nothing; exit 1 if a page is out of date
//   node tools/make-fixtures.mjs CASE…      only these cases
//
// The expected outputs (expected.json, expected.md) come from the extractor, not from here:
// bless them with `UNSPOOL_BLESS=1 cargo test --test fixtures`.

import { readFileSync, writeFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderConversationPage } from '../www/sim/x-markup.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = join(root, 'tests', 'fixtures');

const args = process.argv.slice(2);
const check = args.includes('--check');
const only = args.filter((a) => !a.startsWith('--'));

const cases = readdirSync(fixtures)
  .filter((name) => statSync(join(fixtures, name)).isDirectory())
  .filter((name) => existsSync(join(fixtures, name, 'spec.json')))
  // Bluesky and Mastodon pages come from tools/make-bluesky-fixtures.mjs and make-mastodon-fixtures.mjs.
  .filter((name) => !name.startsWith('bluesky-') && !name.startsWith('mastodon-'))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

let stale = 0;
for (const name of cases) {
  const spec = JSON.parse(readFileSync(join(fixtures, name, 'spec.json'), 'utf8'));
  if (!spec.page) throw new Error(`${name}: spec.json has no "page"`);
  const html = renderConversationPage(spec.page);
  const out = join(fixtures, name, 'page.html');
  const old = existsSync(out) ? readFileSync(out, 'utf8') : null;
  if (old === html) continue;
  stale++;
  if (check) {
    console.error(`stale: tests/fixtures/${name}/page.html (run: node tools/make-fixtures.mjs ${name})`);
  } else {
    writeFileSync(out, html);
    console.log(`wrote tests/fixtures/${name}/page.html (${(html.length / 1024).toFixed(0)} KB)`);
  }
}
if (check && stale) process.exit(1);
if (!check && !stale) console.log(`${cases.length} pages up to date`);
