import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repositoryRoot } from './build-bundle.ts';

export interface GatewayProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process wrote (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null after a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
}

/**
 * The headless gateway (`src-gateway/cli.ts` through tsx) as a child process,
 * configured from the environment like `npm run serve`, on 127.0.0.1 port 0 with
 * its data in `directory`. Tests that must end it abruptly (kill -9) need a
 * process of its own; the sources run directly, so no bundle build races with
 * other tests.
 */
export async function spawnGateway(options: {
  directory: string;
  environment?: Record<string, string>;
}): Promise<GatewayProcess> {
  const environment: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DB_PATH: path.join(options.directory, 'gateway.db'),
    LOG_LEVEL: 'warn',
    // Tests never leave 127.0.0.1: no background price-list download, no proxy.
    CATALOG_AUTO_REFRESH: 'false',
    ...options.environment,
  };
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy']) delete environment[name];
  const tsx = pathToFileURL(path.join(repositoryRoot, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  const child = spawn(
    process.execPath,
    ['--import', tsx, path.join(repositoryRoot, 'src-gateway', 'cli.ts')],
    { cwd: options.directory, env: environment, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start: ${output}`)), 60_000);
    const check = (): void => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`gateway exited early: ${output}`));
    });
  });
  return { url, child, output: () => output, exited };
}
