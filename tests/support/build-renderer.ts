import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { repositoryRoot } from './build-bundle.ts';

export const rendererDirectory = path.join(repositoryRoot, 'dist-renderer');
export const rendererManifest = path.join(rendererDirectory, '.vite', 'manifest.json');

/** The newest modification time among the files the renderer is built from. */
function newestSource(): number {
  let newest = statSync(path.join(repositoryRoot, 'vite.renderer.config.ts')).mtimeMs;
  for (const folder of ['src-renderer', 'src-shared']) {
    const root = path.join(repositoryRoot, folder);
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
      newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  return newest;
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The management UI built from the current sources into `dist-renderer/` (what the gateway
 * serves): built again when a source is newer than the build. Test files that run at once share
 * one build: a lock folder lets one of them build while the others wait for it.
 */
export function ensureRendererBuild(): string {
  const lock = `${rendererDirectory}.lock`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (existsSync(rendererManifest) && statSync(rendererManifest).mtimeMs >= newestSource())
      return rendererDirectory;
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another test file is building (or a stale lock from a killed run, which the deadline clears).
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
      sleep(250);
    }
  }
  try {
    const vite = path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const result = spawnSync(
      process.execPath,
      [vite, 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'error'],
      { cwd: repositoryRoot, encoding: 'utf8' },
    );
    if (result.status !== 0) throw new Error(`vite build of the renderer failed: ${result.stderr}`);
    return rendererDirectory;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
