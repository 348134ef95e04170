import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

/** Build a front-end bundle with Vite when its output is missing (a fresh clone) or older than its sources. */
export function ensureBundle(config: string, output: string, sources: string[] = []): string {
  const outputPath = path.join(repositoryRoot, output);
  const index = path.join(outputPath, 'index.html');
  // Built again when its config or a source is newer than the build (a stale page would be tested).
  let newest = statSync(path.join(repositoryRoot, config)).mtimeMs;
  for (const folder of sources) {
    const root = path.join(repositoryRoot, folder);
    for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }))
      newest = Math.max(newest, statSync(path.join(root, file)).mtimeMs);
  }
  if (existsSync(index) && statSync(index).mtimeMs >= newest) return outputPath;
  const vite = path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'error'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
  return outputPath;
}
