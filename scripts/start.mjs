#!/usr/bin/env node
// `npm start`: the desktop app where Electron's binary and a display exist,
// otherwise the headless gateway. `npm run serve` (--headless) always runs headless.
// Never require('electron') here: from plain Node that would try to download its binary.
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const headless = process.argv.includes('--headless');

function electronBinary() {
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = path.join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

// Front-end bundles are built on first start, so a fresh clone works after `npm install`.
const bundles = [{ name: 'status page', config: 'vite.status.config.ts', output: 'dist-status/index.html' }];
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

const hasDisplay =
  process.platform === 'darwin' ||
  process.platform === 'win32' ||
  Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const desktopEntry = path.join(root, 'dist-main', 'index.js');
const binary = headless ? undefined : electronBinary();

let command;
let args;
if (binary && hasDisplay && existsSync(desktopEntry)) {
  command = binary;
  args = [root];
} else {
  if (!headless) {
    const why = !binary
      ? 'Electron binary not installed'
      : !hasDisplay
        ? 'no display'
        : 'desktop bundle not built';
    process.stdout.write(`Starting headless (${why}).\n`);
  }
  command = process.execPath;
  const { buildGateway, gatewayNodeArgs } = await import('./build-gateway.mjs');
  args = [...gatewayNodeArgs, await buildGateway()];
}
const { gatewayEnvironment } = await import('./build-gateway.mjs');
const child = spawn(command, args, { stdio: 'inherit', cwd: process.cwd(), env: gatewayEnvironment() });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
