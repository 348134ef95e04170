import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const repositoryRoot = path.resolve(import.meta.dirname, '../..');

/** Build a front-end bundle with Vite when its output is missing (a fresh clone). */
export function ensureBundle(config: string, output: string): string {
  const outputPath = path.join(repositoryRoot, output);
  if (existsSync(path.join(outputPath, 'index.html'))) return outputPath;
  const vite = path.join(repositoryRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'error'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
  return outputPath;
}
