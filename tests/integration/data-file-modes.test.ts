import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * Review finding 10: the database (captured prompts, password hashes, the
 * webhook URL), its WAL and SHM files and the generated secrets must not be
 * readable by other users. Starts the real headless composition root (cli.ts)
 * on a fresh temp dir, as `npm run serve` would, and reads the modes on disk.
 */
const repository = path.resolve(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(path.join(repository, 'node_modules/tsx/dist/loader.mjs')).href;
const cliPath = path.join(repository, 'src-gateway/cli.ts');
const modeOf = (file: string): number => statSync(file).mode & 0o777;

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe.skipIf(process.platform === 'win32')('data file modes', () => {
  it('creates the data folder 0700 and the database, WAL, SHM and secret files 0600', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'gateway-file-modes-'));
    const data = path.join(root, 'data');
    const child = spawn(process.execPath, ['--import', tsxLoader, cliPath], {
      cwd: root,
      // The usual umask: without the fix, files come out 0644 and the folder 0755.
      env: {
        ...process.env,
        PORT: '0',
        DB_PATH: path.join(data, 'gateway.db'),
        LOG_LEVEL: 'warn',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: 'env-password-123',
        CATALOG_AUTO_REFRESH: 'false',
        GATEWAY_SECRET_KEY: '',
        JWT_SECRET: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanup = () => {
      child.kill('SIGKILL');
      rmSync(root, { recursive: true, force: true });
    };
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match) resolve(match[1]!);
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', () => reject(new Error(`exited early: ${output}`)));
    });
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'env-password-123' }),
    });
    const { token } = (await login.json()) as { token: string };
    // A provider key goes to the encrypted secret file; the write goes through the WAL.
    const created = await fetch(`${url}/api/providers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        name: 'p',
        protocol: 'openai',
        baseUrl: 'http://127.0.0.1:9/v1',
        apiKey: 'sk-file-mode-test',
      }),
    });
    expect(created.status).toBe(201);

    expect(modeOf(data)).toBe(0o700);
    const files = [
      'gateway.db',
      'gateway.db-wal',
      'gateway.db-shm',
      'secret.key',
      'jwt-secret',
      'secrets.enc',
    ];
    for (const file of files) expect(existsSync(path.join(data, file)), file).toBe(true);
    expect(
      Object.fromEntries(files.map((file) => [file, modeOf(path.join(data, file)).toString(8)])),
    ).toEqual(Object.fromEntries(files.map((file) => [file, '600'])));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
