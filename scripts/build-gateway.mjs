#!/usr/bin/env node
// Bundle the headless gateway into dist-gateway/cli.mjs, its dependencies included
// (better-sqlite3, a native module, stays in node_modules). Running the bundle instead
// of the TypeScript sources through tsx saves ~60 MB of resident memory and start-up
// time; one file instead of hundreds of package files saves resolving and compiling
// them at every start (docs/performance.md, "Start-up"). `npm start` rebuilds it when
// anything it is built from changed (gateway-bundle-freshness.mjs), so it is never
// stale; files that did not change are left alone.
import { build, stop } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { markGatewayBundleBuilt } from './gateway-bundle-freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-gateway');

/**
 * How the gateway process is started (npm start, npm run serve, npm run bench),
 * measured on the bench (docs/benchmarks.md):
 * - An 8 MB young generation: a scavenge (about 1 ms here) every ~150 requests
 *   instead of every ~70, so fewer than 1% of requests meet one (p99), less GC
 *   CPU, and fewer short-lived request objects promoted to the old generation.
 * - The old generation may grow to twice its live size before a full GC (V8
 *   otherwise lets a busy heap grow to four times): RSS under load stays near
 *   140 MB instead of swinging between 140 and 200, at no measurable cost in
 *   throughput. (A V8 flag: the `npm run serve` test fails at once if a Node
 *   release ever drops it.)
 * - glibc: two malloc arenas (every allocating thread would get its own), and a
 *   fixed trim threshold. By default glibc raises its trim and mmap thresholds
 *   after large blocks are freed and then keeps freed memory forever: under
 *   load that held ~30 MB of RSS outside the JavaScript heap.
 */
export const gatewayNodeArgs = ['--max-semi-space-size=8', '--heap-growing-percent=100'];
export function gatewayEnvironment(environment = process.env) {
  return {
    ...environment,
    MALLOC_ARENA_MAX: environment.MALLOC_ARENA_MAX ?? '2',
    MALLOC_TRIM_THRESHOLD_: environment.MALLOC_TRIM_THRESHOLD_ ?? '131072',
  };
}

/**
 * Build the bundle and put each file in place atomically (written beside it, then renamed), and
 * only when it changed: a second `npm start` or a test run beside a running gateway never sees a
 * half-written or missing `cli.mjs`. The esbuild service process is stopped afterwards, so
 * nothing but the gateway stays resident.
 */
export async function buildGateway() {
  const startedAt = Date.now();
  mkdirSync(outDir, { recursive: true });
  try {
    const result = await build({
      entryPoints: [path.join(root, 'src-gateway', 'cli.ts')],
      outfile: path.join(outDir, 'cli.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Native code cannot be bundled; everything else is, and CommonJS packages' own `require`s
      // of Node's modules go through a real `require` (esbuild's ESM output has none).
      external: ['better-sqlite3'],
      banner: {
        js: "import { createRequire as __gatewayCreateRequire } from 'node:module'; const require = __gatewayCreateRequire(import.meta.url);",
      },
      // Less source for V8 to read and scan at start; names are kept, so stack traces stay readable.
      minifyWhitespace: true,
      minifySyntax: true,
      // Pure ASCII, so V8 holds the source (kept for lazy compilation) one byte a character, not
      // two: 3 MB less resident. esbuild escapes non-ASCII text; the bundled packages' licence
      // comments (one has a non-ASCII name) go to cli.mjs.LEGAL.txt beside it.
      charset: 'ascii',
      legalComments: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
      write: false,
    });
    for (const file of result.outputFiles) putFile(file.path, file.contents);
  } finally {
    await stop();
  }
  copyGatewayDataFiles(outDir);
  markGatewayBundleBuilt(startedAt);
  return path.join(outDir, 'cli.mjs');
}

/**
 * The files the gateway reads at run time relative to its bundle (the migrations and the bundled
 * catalog snapshot), copied beside a bundle in `outDir` (dist-gateway/, dist-main/).
 */
export function copyGatewayDataFiles(outDir) {
  for (const [from, to] of [
    [['storage', 'migrations'], 'migrations'],
    [['catalog', 'snapshot'], 'snapshot'],
  ]) {
    const source = path.join(root, 'src-gateway', ...from);
    mkdirSync(path.join(outDir, to), { recursive: true });
    for (const name of readdirSync(source)) {
      putFile(path.join(outDir, to, name), readFileSync(path.join(source, name)));
    }
  }
}

/** Write a file atomically (beside it, then renamed), and only when its contents changed. */
export function putFile(target, contents) {
  if (existsSync(target) && readFileSync(target).equals(contents)) return;
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, target);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildGateway();
}
