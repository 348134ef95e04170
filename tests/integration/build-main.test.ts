import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMain } from '../../scripts/build-main.mjs';
import { repositoryRoot } from '../support/build-bundle.ts';

const outDir = mkdtempSync(path.join(tmpdir(), 'dist-main-'));
const packageJson = JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};
// src-main/index.ts imports the keychain store and the client-setup writer (branch issue17/keychain).
const writersLanded = ['src-main/secrets/open-secret-store.ts', 'src-main/client-setup/index.ts'].every(
  (file) => existsSync(path.join(repositoryRoot, file)),
);
if (!writersLanded)
  console.warn(
    'build-main test SKIPPED: src-main/secrets and src-main/client-setup are not merged yet (issue17/keychain)',
  );

/** Package names a bundle imports (`import … from "x"`, `import "x"`, `import("x")`, `require("x")`), without subpaths. */
function importedPackages(text: string): string[] {
  const specifiers = [
    ...text.matchAll(/^\s*(?:import|export)\s[^;'"]*?from\s*["']([^"']+)["']/gm),
    ...text.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
    ...text.matchAll(/\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g),
  ].map((match) => match[1]!);
  const names = new Set<string>();
  for (const specifier of specifiers) {
    if (specifier.startsWith('.') || specifier.startsWith('/')) continue;
    const parts = specifier.split('/');
    names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!);
  }
  return [...names].sort();
}

describe.skipIf(!writersLanded)('the desktop bundles (scripts/build-main.mjs)', () => {
  beforeAll(() => buildMain({ outDir }), 60_000);
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('the preload is CommonJS and needs nothing but electron (a sandboxed preload can require no more)', () => {
    const preload = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
    expect(importedPackages(preload)).toEqual(['electron']);
    expect(preload).toContain('llmGateway');
    expect(preload).not.toMatch(/^\s*import\s/m);
  });

  it('the preload binds operation names only: no zod, no schemas (every window loads it)', () => {
    const preload = readFileSync(path.join(outDir, 'preload.cjs'), 'utf8');
    expect(preload).toContain('admin:');
    expect(preload).toContain('clientSetup.plan');
    expect(preload).not.toContain('ZodError');
    // It was 486 KB with the whole contract; the names and channels are under 2 KB.
    expect(Buffer.byteLength(preload)).toBeLessThan(16 * 1024);
  });

  it('the main bundle imports only what an installer ships: dependencies, Node and Electron', () => {
    const main = readFileSync(path.join(outDir, 'index.js'), 'utf8');
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    const packages = importedPackages(main).filter(
      (name) => !builtins.has(name) && !name.startsWith('node:'),
    );
    expect(packages).toContain('electron');
    expect(packages.filter((name) => name !== 'electron' && !(name in packageJson.dependencies))).toEqual([]);
    // electron-builder.yml leaves these out of the installer: the main process must not need them.
    for (const leftOut of ['vue', 'vue-router', 'vue-i18n', 'pinia', 'naive-ui', 'echarts', 'uqr', 'esbuild'])
      expect(packages).not.toContain(leftOut);
  });

  it('the gateway’s data files sit beside the bundle, where it reads them', () => {
    expect(existsSync(path.join(outDir, 'migrations', '001_initial.sql'))).toBe(true);
    expect(existsSync(path.join(outDir, 'snapshot', 'model-prices.json.gz'))).toBe(true);
  });
});
