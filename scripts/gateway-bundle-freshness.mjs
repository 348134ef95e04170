// Whether dist-gateway/cli.mjs is newer than everything it is built from, so `npm start` and
// `npm run serve` skip the rebuild (about half a second of a second-long start) when nothing
// changed. Kept apart from build-gateway.mjs: checking must not load esbuild into the gateway's
// process. Edits, `git checkout`, `git pull` and `npm install` all leave a newer mtime behind
// (directories too, when a file is added or removed), which is what this compares.
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampOf = (root) => path.join(root, 'dist-gateway', '.build-stamp');

/** What the bundle is built from: sources, their data files, the build script and the installed packages. */
const inputs = [
  'src-gateway',
  'src-shared',
  'scripts/build-gateway.mjs',
  'scripts/gateway-bundle-loader.mjs',
  'scripts/gateway-bundle-freshness.mjs',
  'package.json',
  'package-lock.json',
  // Rewritten by every `npm install`: bundled dependencies that changed.
  'node_modules/.package-lock.json',
];

/** The newest mtime (ms) under `target`: files and directories, walked; 0 when it is missing. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stats = statSync(target);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    // Tests are not in the bundle.
    if (entry.isFile() && /\.test\.ts$/.test(entry.name)) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** What the stamp says besides the time: the code cache beside the bundle is for this V8 only. */
const builtWith = `V8 ${process.versions.v8}`;

/** True when the last build began after every input last changed, under this Node's V8. */
export function gatewayBundleIsFresh(root = repositoryRoot) {
  const stampPath = stampOf(root);
  if (!existsSync(stampPath) || !existsSync(path.join(root, 'dist-gateway', 'cli.mjs'))) return false;
  if (!readFileSync(stampPath, 'utf8').includes(builtWith)) return false;
  const built = statSync(stampPath).mtimeMs;
  return inputs.every((input) => newestMtime(path.join(root, input)) < built);
}

/**
 * Record a finished build that began at `startedAt` (ms since the epoch): the stamp's mtime is
 * the start, so a source saved while the build ran still counts as newer than the bundle.
 */
export function markGatewayBundleBuilt(startedAt, root = repositoryRoot) {
  const stampPath = stampOf(root);
  writeFileSync(stampPath, `${new Date(startedAt).toISOString()} ${builtWith}\n`);
  utimesSync(stampPath, startedAt / 1000, startedAt / 1000);
}
