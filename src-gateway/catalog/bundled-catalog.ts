import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** A price list shipped with the app: the catalog until the first successful download replaces it. */
export interface BundledCatalog {
  /** When the snapshot was taken (ISO-8601). */
  takenAt: string;
  /** The raw JSON, read when the catalog is first used. */
  read(): string;
}

/**
 * The snapshot in `snapshot/` (README there): the file's own `last_updated`, kept here so the status
 * can say it without reading the file (a test checks the two agree). `npm run catalog:snapshot` rewrites both.
 */
export const bundledCatalogTakenAt = '2026-07-24T18:23:43.215Z';

/**
 * The bundled snapshot, read relative to this module: `src-gateway/catalog/snapshot/` when the
 * sources run, `dist-gateway/snapshot/` in the bundle (`scripts/build-gateway.mjs` copies it
 * there, as it does the migrations).
 */
export function defaultBundledCatalog(): BundledCatalog {
  const file = new URL('./snapshot/model-prices.json.gz', import.meta.url);
  return { takenAt: bundledCatalogTakenAt, read: () => gunzipSync(readFileSync(file)).toString('utf8') };
}
