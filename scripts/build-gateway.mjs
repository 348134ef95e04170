#!/usr/bin/env node
// Bundle the headless gateway into dist-gateway/cli.mjs (dependencies stay in
// node_modules). Running the bundle instead of the TypeScript sources through
// tsx saves ~60 MB of resident memory and start-up time; it takes well under a
// second, so `npm start` rebuilds it every time and it is never stale.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-gateway');

/**
 * How the gateway process is started (npm start, npm run serve, npm run bench).
 * glibc gives every thread that allocates its own malloc arena; V8's GC helper
 * threads then leave RSS at 2-3x the live heap under load. Two arenas and a
 * smaller young generation keep a busy gateway near 150 MB, with no measurable
 * throughput cost (docs/benchmarks.md).
 */
export const gatewayNodeArgs = ['--max-semi-space-size=4'];
export function gatewayEnvironment(environment = process.env) {
  return { ...environment, MALLOC_ARENA_MAX: environment.MALLOC_ARENA_MAX ?? '2' };
}

export async function buildGateway() {
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(root, 'src-gateway', 'cli.ts')],
    outfile: path.join(outDir, 'cli.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  // Migrations are read at run time relative to the module that applies them.
  cpSync(path.join(root, 'src-gateway', 'storage', 'migrations'), path.join(outDir, 'migrations'), {
    recursive: true,
  });
  return path.join(outDir, 'cli.mjs');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildGateway();
}
