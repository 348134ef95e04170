import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface BenchScriptRun {
  code: number | null;
  /** What it printed on stdout (its tables). */
  output: string;
  /** Its progress lines and any error. */
  errors: string;
}

/**
 * Run a bench script (`bench/<script>`) through tsx as `npm run bench*` runs it, with the caller's
 * settings only: any `BENCH_*` variable and NODE_OPTIONS from the test's own environment are left out.
 */
export async function runBenchScript(
  script: string,
  options: { args?: string[]; settings?: Record<string, string> } = {},
): Promise<BenchScriptRun> {
  const environment = { ...process.env };
  delete environment.NODE_OPTIONS;
  for (const name of Object.keys(environment)) if (name.startsWith('BENCH_')) delete environment[name];
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'bench', script), ...(options.args ?? [])],
    { cwd: root, env: { ...environment, ...options.settings }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { code, output, errors };
}
