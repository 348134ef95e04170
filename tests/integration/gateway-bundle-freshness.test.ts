import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewayBundleIsFresh, markGatewayBundleBuilt } from '../../scripts/gateway-bundle-freshness.mjs';

/** A tree shaped like the repository: sources, a lockfile and a built bundle. */
let root: string;
const at = (relative: string) => path.join(root, relative);
/** Set a path's mtime `seconds` from the build's start. */
const age = (relative: string, seconds: number, built: number) =>
  utimesSync(at(relative), (built + seconds * 1000) / 1000, (built + seconds * 1000) / 1000);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'bundle-freshness-'));
  for (const folder of ['src-gateway/proxy', 'src-shared', 'dist-gateway', 'node_modules'])
    mkdirSync(at(folder), { recursive: true });
  for (const file of [
    'src-gateway/cli.ts',
    'src-gateway/proxy/relay.ts',
    'src-shared/types.ts',
    'package.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
    'dist-gateway/cli.mjs',
  ])
    writeFileSync(at(file), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Build "now", with every input an hour older. */
function builtAfterEverything(): number {
  const built = Date.now();
  for (const input of [
    'src-gateway',
    'src-gateway/proxy',
    'src-gateway/cli.ts',
    'src-gateway/proxy/relay.ts',
    'src-shared',
    'src-shared/types.ts',
    'package.json',
    'package-lock.json',
    'node_modules/.package-lock.json',
  ])
    age(input, -3600, built);
  markGatewayBundleBuilt(built, root);
  return built;
}

describe('whether npm start may skip rebuilding the gateway bundle', () => {
  it('never built, or the bundle gone: rebuild', () => {
    expect(gatewayBundleIsFresh(root)).toBe(false);
    builtAfterEverything();
    rmSync(at('dist-gateway/cli.mjs'));
    expect(gatewayBundleIsFresh(root)).toBe(false);
  });

  it('nothing changed since the build: skip', () => {
    builtAfterEverything();
    expect(gatewayBundleIsFresh(root)).toBe(true);
  });

  it('a source saved after the build, even deep in a folder, or while it ran: rebuild', () => {
    const built = builtAfterEverything();
    age('src-gateway/proxy/relay.ts', 1, built);
    expect(gatewayBundleIsFresh(root)).toBe(false);
    age('src-gateway/proxy/relay.ts', -3600, built);
    // Saved during the build (after it began): the stamp is the start, so this still counts.
    age('src-shared/types.ts', 0.2, built);
    expect(gatewayBundleIsFresh(root)).toBe(false);
  });

  it('a source added or removed (only its folder changes): rebuild', () => {
    const built = builtAfterEverything();
    rmSync(at('src-gateway/proxy/relay.ts'));
    age('src-gateway/proxy', 2, built);
    expect(gatewayBundleIsFresh(root)).toBe(false);
  });

  it('another Node (its code cache is for the V8 it was built with): rebuild', () => {
    const built = builtAfterEverything();
    writeFileSync(at('dist-gateway/.build-stamp'), `${new Date(built).toISOString()} V8 1.0.0\n`);
    utimesSync(at('dist-gateway/.build-stamp'), built / 1000, built / 1000);
    expect(gatewayBundleIsFresh(root)).toBe(false);
  });

  it('packages installed or updated (bundled into the bundle): rebuild', () => {
    const built = builtAfterEverything();
    age('node_modules/.package-lock.json', 5, built);
    expect(gatewayBundleIsFresh(root)).toBe(false);
  });

  it('a test file changed: skip (tests are not in the bundle)', () => {
    const built = builtAfterEverything();
    writeFileSync(at('src-gateway/proxy/relay.test.ts'), '');
    age('src-gateway/proxy/relay.test.ts', 5, built);
    age('src-gateway/proxy', -3600, built);
    expect(gatewayBundleIsFresh(root)).toBe(true);
  });
});
