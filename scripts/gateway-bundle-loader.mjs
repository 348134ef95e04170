// Runs the gateway bundle (dist-gateway/gateway.cjs) from V8's code cache (gateway.cjs.v8-cache),
// both written by build-gateway.mjs, which copies this file beside them. Node 20 has no compile
// cache for modules (module.enableCompileCache is Node 22), so the bundle is CommonJS compiled
// through vm.Script, which takes one: with it V8 skips scanning the 3 MB of source at every start
// (~60 ms of CPU here, docs/performance.md, "Start-up").
//
// V8 uses the cache only when it was made by the same V8 with the same flags (gatewayNodeArgs)
// for a source of the same length, and otherwise compiles the source as it would without one:
// another Node or other flags cost nothing but the read. The source itself is not compared, so
// the build deletes the cache before it writes a new bundle, and writes the new cache after.
// Nothing writes here at run time: the folder may be read-only (the Docker image, the systemd unit).
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Script, constants } from 'node:vm';

export const gatewayBundleName = 'gateway.cjs';
export const gatewayCodeCacheName = 'gateway.cjs.v8-cache';

/** The bundle compiled as Node compiles a CommonJS file (the same wrapper), from `cachedData` if V8 takes it. */
export function compileGatewayBundle(directory, cachedData, source = readGatewayBundle(directory)) {
  const file = path.join(directory, gatewayBundleName);
  return new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
    // import() inside the bundle resolves as it would in a module file.
    importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
}

/** Run the bundle in `directory`: the gateway starts. */
export function runGatewayBundle(directory) {
  const file = path.join(directory, gatewayBundleName);
  // A build running beside this start replaces the bundle (a rename) after deleting the cache and
  // writes the new cache after: read between the two, an old bundle could meet the new cache, which
  // V8 would take if the lengths matched. So the cache is used only if the bundle read is still the
  // one in place once the cache has been read.
  const before = statSync(file);
  const source = readGatewayBundle(directory);
  let cachedData;
  try {
    cachedData = readFileSync(path.join(directory, gatewayCodeCacheName));
  } catch {
    // No cache (never built, or being rebuilt): compiled from the source.
  }
  const after = statSync(file);
  if (after.ino !== before.ino || after.mtimeMs !== before.mtimeMs || after.size !== before.size)
    cachedData = undefined;
  const module = { exports: {} };
  compileGatewayBundle(directory, cachedData, source).runInThisContext()(
    module.exports,
    createRequire(file),
    module,
    file,
    directory,
  );
}

/** The bundle's source. esbuild writes it as ASCII: read as Latin-1, it becomes a one-byte string without UTF-8 decoding. */
function readGatewayBundle(directory) {
  return readFileSync(path.join(directory, gatewayBundleName), 'latin1');
}

/**
 * Write the code cache of the bundle in `directory` (build time, in a process started with the
 * gateway's Node flags). Compiled, not run: it holds what V8 compiles up front (the whole file
 * scanned, the top level compiled); functions compile on their first call, as without a cache.
 */
export function writeGatewayCodeCache(directory) {
  const target = path.join(directory, gatewayCodeCacheName);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, compileGatewayBundle(directory).createCachedData());
  renameSync(temporary, target);
}
