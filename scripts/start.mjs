#!/usr/bin/env node
// `npm start`: the desktop app where Electron's binary and a display exist,
// otherwise the headless gateway, saying in one line why. `npm run serve`
// (--headless) always runs headless.
// Never require('electron') here: from plain Node that would try to download its binary.
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const headless = process.argv.includes('--headless');
const electronPackage = path.join(root, 'node_modules', 'electron');

/** The Electron executable, if its binary is installed (Electron ≥ 42 fetches it on first use, not at install). */
function installedElectron() {
  const pathFile = path.join(electronPackage, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(electronPackage, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/**
 * Fetch Electron's binary the way `npx install-electron` does, bounded in time and quiet: offline
 * (or behind a proxy that blocks GitHub) this fails fast and the gateway runs headless instead.
 */
function downloadElectron() {
  const installer = path.join(electronPackage, 'install.js');
  if (!existsSync(installer)) return undefined;
  process.stdout.write("Downloading Electron's binary (first desktop start)...\n");
  const result = spawnSync(process.execPath, [installer], {
    cwd: electronPackage,
    stdio: 'ignore',
    timeout: 180_000,
  });
  return result.status === 0 ? installedElectron() : undefined;
}

// Front-end bundles are built on first start, so a fresh clone works after `npm install`.
const bundles = [
  { name: 'status page', config: 'vite.status.config.ts', output: 'dist-status/index.html' },
  { name: 'management UI', config: 'vite.renderer.config.ts', output: 'dist-renderer/index.html' },
];
for (const bundle of process.env.LLM_GATEWAY_SKIP_FRONTEND_BUILD === '1' ? [] : bundles) {
  if (existsSync(path.join(root, bundle.output)) || !existsSync(path.join(root, bundle.config))) continue;
  process.stdout.write(`Building the ${bundle.name}...\n`);
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(
    process.execPath,
    [vite, 'build', '--config', bundle.config, '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0)
    process.stdout.write(`Could not build the ${bundle.name}; continuing without it.\n`);
}

/** Why the desktop app cannot start here, or undefined with the Electron binary to run. */
async function desktop() {
  const hasDisplay =
    process.platform === 'darwin' ||
    process.platform === 'win32' ||
    Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay) return { reason: 'No display (DISPLAY and WAYLAND_DISPLAY are unset)' };
  const binary = installedElectron() ?? downloadElectron();
  if (!binary) return { reason: "Electron's binary is not installed and could not be downloaded" };
  // The main process is bundled on first start, like the front-end bundles (`npm run build:main` rebuilds it).
  if (!existsSync(path.join(root, 'dist-main', 'index.js'))) {
    process.stdout.write('Building the desktop app...\n');
    const { buildMain } = await import('./build-main.mjs');
    const built = await buildMain().then(
      () => true,
      () => false,
    );
    if (!built) return { reason: 'The desktop app could not be built (`npm run build:main` shows why)' };
  }
  return { binary };
}

const choice = headless ? { reason: undefined } : await desktop();
if (choice.binary) {
  // Electron is its own executable: it runs as a child, and this process forwards signals to it.
  const { gatewayEnvironment } = await import('./build-gateway.mjs');
  const child = spawn(choice.binary, [root], {
    stdio: 'inherit',
    cwd: process.cwd(),
    env: gatewayEnvironment(),
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  // Headless, the gateway runs in this very process: nothing stays resident beside it (no launcher
  // waiting on a child, no esbuild service: buildGateway stops it). Node has no exec, so the Node
  // flags come from the npm script's command line (package.json) and the malloc settings of
  // gatewayEnvironment only from the caller's environment (docs/performance.md, "Process settings").
  // Built in a child process that exits: esbuild's module, its service and the build's buffers
  // never touch the heap the gateway then runs in.
  // Skipped when nothing it is built from changed since the last build (a few milliseconds to check).
  const { gatewayBundleIsFresh } = await import('./gateway-bundle-freshness.mjs');
  if (!gatewayBundleIsFresh()) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-gateway.mjs')], {
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const bundle = path.join(root, 'dist-gateway', 'cli.mjs');
  // The gateway prints it with its URL once it listens.
  if (choice.reason) process.env.LLM_GATEWAY_HEADLESS_REASON = choice.reason;
  await import(pathToFileURL(bundle).href);
}
