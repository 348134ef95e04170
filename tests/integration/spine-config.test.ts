import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../../src-gateway/config/load-config.ts';
import { loadOrCreateSecretFile } from '../../src-gateway/config/load-or-create-secret-file.ts';

/**
 * Configuration (issue 2): environment variables with safe defaults, an
 * optional `.env` (and a shipped `.env.example` naming every variable), a
 * generated JWT secret persisted owner-only.
 */

const repo = path.resolve(import.meta.dirname, '../..');
const documented = [
  'PORT',
  'HOST',
  'DB_PATH',
  'LOG_LEVEL',
  'JWT_SECRET',
  'GATEWAY_SECRET_KEY',
  'ADMIN_USERNAME',
  'ADMIN_PASSWORD',
  'BODY_LIMIT_MB',
  'SHUTDOWN_GRACE_MS',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'NO_PROXY',
];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-config-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:3000, ./data/gateway.db, info logs and a 32 MB body limit', () => {
    const config = loadConfig({}, '/srv/gateway');
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dbPath: path.resolve('/srv/gateway', 'data/gateway.db'),
      dataDir: path.resolve('/srv/gateway', 'data'),
      logLevel: 'info',
      bodyLimitBytes: 32 * 1024 * 1024,
      shutdownGraceMs: 10_000,
    });
    expect(config.jwtSecret).toBeUndefined();
    expect(config.environmentProxy).toEqual({});
  });

  it('reads every variable, the lower-case proxy forms too, and treats blanks as unset', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        HOST: '0.0.0.0',
        DB_PATH: 'state/g.db',
        LOG_LEVEL: 'debug',
        BODY_LIMIT_MB: '0.5',
        JWT_SECRET: '',
        ADMIN_USERNAME: 'root',
        ADMIN_PASSWORD: 'long-enough-password',
        https_proxy: 'http://127.0.0.1:7890',
        HTTP_PROXY: 'http://127.0.0.1:7891',
        no_proxy: 'localhost,127.0.0.1',
      },
      '/srv/gateway',
    );
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dbPath: path.resolve('/srv/gateway', 'state/g.db'),
      logLevel: 'debug',
      bodyLimitBytes: 512 * 1024,
      adminUsername: 'root',
      adminPassword: 'long-enough-password',
      environmentProxy: {
        httpsProxy: 'http://127.0.0.1:7890',
        httpProxy: 'http://127.0.0.1:7891',
        noProxy: 'localhost,127.0.0.1',
      },
    });
    expect(config.jwtSecret).toBeUndefined();
  });

  it('refuses bad values naming the variable, without echoing a secret', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, '/srv')).toThrow(/PORT/);
    expect(() => loadConfig({ LOG_LEVEL: 'chatty' }, '/srv')).toThrow(/LOG_LEVEL/);
    const secret = 'short-jwt-secret';
    expect(() => loadConfig({ JWT_SECRET: secret }, '/srv')).toThrow(/JWT_SECRET/);
    let failure: unknown;
    try {
      loadConfig({ JWT_SECRET: secret, ADMIN_PASSWORD: 'tiny' }, '/srv');
    } catch (error) {
      failure = error;
    }
    expect(String(failure)).toMatch(/JWT_SECRET.*ADMIN_PASSWORD|ADMIN_PASSWORD.*JWT_SECRET/);
    expect(String(failure)).not.toContain(secret);
    expect(String(failure)).not.toContain('tiny');
  });
});

describe('generated secrets', () => {
  it('creates the file owner-only (0600) once and reads the same value afterwards', () => {
    const file = path.join(tempDir(), 'nested', 'jwt-secret');
    const first = loadOrCreateSecretFile(file);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadOrCreateSecretFile(file)).toBe(first);
    expect(loadOrCreateSecretFile(path.join(path.dirname(file), 'other'))).not.toBe(first);
  });
});

describe('.env', () => {
  it('.env.example names every variable the gateway reads', () => {
    const example = readFileSync(path.join(repo, '.env.example'), 'utf8');
    const named = new Set([...example.matchAll(/^#?\s*([A-Z_]+)=/gm)].map((match) => match[1]!));
    expect(documented.filter((name) => !named.has(name))).toEqual([]);
  });

  it('is loaded by the headless CLI from its working directory; the real environment wins', async () => {
    const dir = tempDir();
    writeFileSync(
      path.join(dir, '.env'),
      [
        'PORT=0',
        'DB_PATH=./from-dotenv/gateway.db',
        'LOG_LEVEL=warn',
        'ADMIN_USERNAME=dotenv-admin',
        'ADMIN_PASSWORD=dotenv-password-1',
        'HOST=0.0.0.0',
      ].join('\n'),
    );
    const environment: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1' };
    for (const name of documented) if (name !== 'HOST') delete environment[name];
    for (const name of ['http_proxy', 'https_proxy', 'no_proxy']) delete environment[name];
    const loader = pathToFileURL(path.join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawn(process.execPath, ['--import', loader, path.join(repo, 'src-gateway/cli.ts')], {
      cwd: dir,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/[^\s]+)/.exec(output);
          if (match) resolve(match[1]!);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      // HOST from the real environment, not the .env's 0.0.0.0.
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(path.join(dir, 'from-dotenv', 'gateway.db'))).toBe(true);
      expect(statSync(path.join(dir, 'from-dotenv', 'jwt-secret')).mode & 0o777).toBe(0o600);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'dotenv-admin', password: 'dotenv-password-1' }),
      });
      expect(login.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
