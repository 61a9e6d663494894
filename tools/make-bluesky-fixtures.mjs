// Writes tests/fixtures/bluesky-*/page.html from each folder's spec.json ("page" block), with
// the Bluesky-like markup of www/sim/bluesky-markup.js (shared with the live simulation).
//   node tools/make-bluesky-fixtures.mjs            regenerate every page
//   node tools/make-bluesky-fixtures.mjs --check    write nothing; exit 1 if a page is stale
import { readFileSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { page } from '../www/sim/bluesky-markup.js';

const fixtures = new URL('../tests/fixtures/', import.meta.url).pathname;
const check = process.argv.includes('--check');

let stale = 0;
for (const name of readdirSync(fixtures).filter((n) => n.startsWith('bluesky-')).sort()) {
  const specPath = join(fixtures, name, 'spec.json');
  if (!existsSync(specPath)) continue;
  const html = page(JSON.parse(readFileSync(specPath, 'utf8')).page);
  const out = join(fixtures, name, 'page.html');
  const old = existsSync(out) ? readFileSync(out, 'utf8') : null;
  if (old === html) continue;
  stale++;
  if (check) console.log(`stale: ${name}`);
  else writeFileSync(out, html);
}
if (check && stale) process.exit(1);
