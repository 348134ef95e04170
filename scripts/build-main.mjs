#!/usr/bin/env node
// Bundle the desktop app's main process and preload into dist-main/ (esbuild, well under a second):
// - index.js: ESM for Electron's Node, every package left in node_modules (electron itself, the
//   native better-sqlite3 and @napi-rs/keyring, electron-store, electron-updater), like the
//   gateway's bundle; the gateway's migrations and catalog snapshot copied beside it.
// - preload.cjs: CommonJS (a sandboxed preload cannot be ESM), everything bundled in except
//   `electron`, the one module a sandboxed preload may require.
import { build, stop } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyGatewayDataFiles, putFile } from './build-gateway.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Build into `outDir` (default dist-main/); answers the main bundle's path. */
export async function buildMain({ outDir = path.join(root, 'dist-main') } = {}) {
  mkdirSync(outDir, { recursive: true });
  try {
    const [main, preload] = await Promise.all([
      build({
        entryPoints: [path.join(root, 'src-main', 'index.ts')],
        outfile: path.join(outDir, 'index.js'),
        bundle: true,
        platform: 'node',
        format: 'esm',
        // Electron 45 runs Node 22.
        target: 'node22',
        packages: 'external',
        sourcemap: 'linked',
        logLevel: 'warning',
        write: false,
      }),
      build({
        entryPoints: [path.join(root, 'src-main', 'preload.ts')],
        outfile: path.join(outDir, 'preload.cjs'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'chrome140',
        external: ['electron'],
        minify: true,
        sourcemap: 'linked',
        logLevel: 'warning',
        write: false,
      }),
    ]);
    for (const file of [...main.outputFiles, ...preload.outputFiles]) putFile(file.path, file.contents);
  } finally {
    await stop();
  }
  copyGatewayDataFiles(outDir);
  return path.join(outDir, 'index.js');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildMain();
}
