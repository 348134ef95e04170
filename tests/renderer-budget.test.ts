import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuild, rendererDirectory, rendererManifest } from './support/build-renderer.ts';

// Issue 16's budget: the JavaScript a first visit must load (the entry and everything it imports
// statically) stays within 400 KB gzip; every view is a chunk of its own, loaded when opened.

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const budgetBytes = 400 * 1024;
let manifest: Record<string, ManifestChunk>;

beforeAll(() => {
  ensureRendererBuild();
  manifest = JSON.parse(readFileSync(rendererManifest, 'utf8'));
}, 180_000);

/** The entry chunk and its static imports, transitively. */
function initialChunks(): ManifestChunk[] {
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const seen = new Map<string, ManifestChunk>();
  const visit = (chunk: ManifestChunk) => {
    if (seen.has(chunk.file)) return;
    seen.set(chunk.file, chunk);
    for (const key of chunk.imports ?? []) visit(manifest[key]!);
  };
  visit(entry);
  return [...seen.values()];
}

describe('the management UI bundle', () => {
  it('loads at most 400 KB of JavaScript (gzip) before the first page', () => {
    const sizes = initialChunks().map((chunk) => ({
      file: chunk.file,
      gzip: gzipSync(readFileSync(path.join(rendererDirectory, chunk.file))).length,
    }));
    const total = sizes.reduce((sum, chunk) => sum + chunk.gzip, 0);
    expect(total, JSON.stringify(sizes, null, 1)).toBeLessThanOrEqual(budgetBytes);
    expect(total).toBeGreaterThan(10 * 1024);
  });

  it('loads every view, the layout and ECharts only when needed (chunks of their own)', () => {
    const views = Object.keys(manifest).filter((key) => /^views\/[\w-]+\/index\.vue$/.test(key));
    expect(views.sort()).toEqual(
      [
        'dashboard',
        'connect',
        'providers',
        'models',
        'virtual-models',
        'virtual-keys',
        'logs',
        'health',
        'settings',
        'login',
        'not-found',
        'welcome',
      ]
        .map((name) => `views/${name}/index.vue`)
        .sort(),
    );
    for (const view of [...views, 'layouts/app-layout.vue'])
      expect(manifest[view]!.isDynamicEntry, view).toBe(true);
    const initial = initialChunks().map((chunk) => chunk.file);
    for (const view of views) expect(initial).not.toContain(manifest[view]!.file);
    // ECharts (it marks its charts with this attribute) comes with the views that chart, not first.
    const withCharts = Object.values(manifest)
      .map((chunk) => chunk.file)
      .filter((file) => file.endsWith('.js'))
      .filter((file) =>
        readFileSync(path.join(rendererDirectory, file), 'utf8').includes('_echarts_instance_'),
      );
    expect(withCharts.length).toBeGreaterThan(0);
    expect(withCharts.filter((file) => initial.includes(file))).toEqual([]);
  });
});
