#!/usr/bin/env node
// Bundle the headless gateway into dist-gateway/gateway.cjs, its dependencies included
// (better-sqlite3, a native module, stays in node_modules), with V8's code cache of it beside
// it and dist-gateway/cli.mjs, the entry that runs it (gateway-bundle-loader.mjs). Running the
// bundle instead of the TypeScript sources through tsx saves ~60 MB of resident memory and
// start-up time; one file instead of hundreds of package files saves resolving and compiling
// them at every start (docs/performance.md, "Start-up"). `npm start` rebuilds it when
// anything it is built from changed (gateway-bundle-freshness.mjs), so it is never
// stale; files that did not change are left alone.
import { build, stop } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { markGatewayBundleBuilt } from './gateway-bundle-freshness.mjs';
import { gatewayBundleName, gatewayCodeCacheName } from './gateway-bundle-loader.mjs';

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
 * half-written or missing bundle. The esbuild service process is stopped afterwards, so
 * nothing but the gateway stays resident.
 */
export async function buildGateway() {
  const startedAt = Date.now();
  mkdirSync(outDir, { recursive: true });
  let bundleChanged = false;
  try {
    const result = await build({
      entryPoints: [path.join(root, 'src-gateway', 'cli.ts')],
      outfile: path.join(outDir, gatewayBundleName),
      bundle: true,
      platform: 'node',
      // CommonJS, so that it can be compiled with a code cache (gateway-bundle-loader.mjs); strict,
      // as the ES modules it is built from are. `import.meta.url` is the bundle's own URL.
      format: 'cjs',
      target: 'node20',
      // Native code cannot be bundled; everything else is.
      external: ['better-sqlite3'],
      define: { 'import.meta.url': '__gatewayModuleUrl' },
      banner: {
        js: "'use strict'; const __gatewayModuleUrl = require('node:url').pathToFileURL(__filename).href;",
      },
      // Less source for V8 to read and scan at start; names are kept, so stack traces stay readable.
      minifyWhitespace: true,
      minifySyntax: true,
      // Pure ASCII, so V8 holds the source (kept for lazy compilation) one byte a character, not
      // two: 3 MB less resident. esbuild escapes non-ASCII text; the bundled packages' licence
      // comments (one has a non-ASCII name) go to gateway.cjs.LEGAL.txt beside it.
      charset: 'ascii',
      legalComments: 'external',
      sourcemap: 'linked',
      logLevel: 'warning',
      write: false,
    });
    const bundle = result.outputFiles.find((file) => path.basename(file.path) === gatewayBundleName);
    const cache = path.join(outDir, gatewayCodeCacheName);
    bundleChanged = !existsSync(bundle.path) || !readFileSync(bundle.path).equals(bundle.contents);
    // V8 checks a cache against the source's length only: never a new bundle beside the old cache.
    if (bundleChanged) rmSync(cache, { force: true });
    for (const file of result.outputFiles) putFile(file.path, file.contents);
    bundleChanged ||= !existsSync(cache);
  } finally {
    await stop();
  }
  putFile(
    path.join(outDir, 'gateway-bundle-loader.mjs'),
    readFileSync(path.join(root, 'scripts', 'gateway-bundle-loader.mjs')),
  );
  putFile(
    path.join(outDir, 'cli.mjs'),
    Buffer.from(
      "// The gateway's entry (scripts/build-gateway.mjs).\nimport { runGatewayBundle } from './gateway-bundle-loader.mjs';\n\nrunGatewayBundle(import.meta.dirname);\n",
    ),
  );
  if (bundleChanged) writeCodeCache();
  copyGatewayDataFiles(outDir);
  markGatewayBundleBuilt(startedAt);
  return path.join(outDir, 'cli.mjs');
}

/**
 * V8's code cache of the new bundle, made in a process with the gateway's Node flags: V8 takes a
 * cache only under the flags it was made with. Without one (it failed) the gateway compiles its
 * source at every start, as it did before there was a cache.
 */
function writeCodeCache() {
  const loader = pathToFileURL(path.join(outDir, 'gateway-bundle-loader.mjs')).href;
  const result = spawnSync(
    process.execPath,
    [
      ...gatewayNodeArgs,
      '--input-type=module',
      '-e',
      `(await import(${JSON.stringify(loader)})).writeGatewayCodeCache(${JSON.stringify(outDir)});`,
    ],
    { stdio: 'inherit' },
  );
  if (result.status !== 0)
    process.stderr.write('The gateway bundle has no code cache: it starts a little slower.\n');
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
