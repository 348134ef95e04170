#!/usr/bin/env node
// `npm run catalog:snapshot [url-or-file]`: refresh the price list the app bundles
// (src-gateway/catalog/snapshot/). Downloads LiteLLM's current list (or reads a local file),
// checks that it is a price list, gzips it and records its `last_updated` in bundled-catalog.ts.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source =
  process.argv[2] ??
  'https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json';

const text = /^https?:\/\//.test(source)
  ? await fetch(source).then((response) => {
      if (!response.ok) throw new Error(`${source} answered HTTP ${response.status}`);
      return response.text();
    })
  : readFileSync(source, 'utf8');
const json = JSON.parse(text);
const models = Object.values(json).filter((entry) => typeof entry === 'object' && entry !== null);
if (models.length < 1000) throw new Error(`Only ${models.length} models: not LiteLLM's price list`);
const takenAt = new Date(
  typeof json.last_updated === 'string' ? json.last_updated : Date.now(),
).toISOString();

const target = path.join(root, 'src-gateway', 'catalog', 'snapshot', 'model-prices.json.gz');
writeFileSync(`${target}.tmp`, gzipSync(text, { level: 9 }));
renameSync(`${target}.tmp`, target);
const module = path.join(root, 'src-gateway', 'catalog', 'bundled-catalog.ts');
writeFileSync(
  module,
  readFileSync(module, 'utf8').replace(
    /export const bundledCatalogTakenAt = '[^']*';/,
    `export const bundledCatalogTakenAt = '${takenAt}';`,
  ),
);
process.stdout.write(`Bundled ${models.length - 1} models, last updated ${takenAt}.\n`);
