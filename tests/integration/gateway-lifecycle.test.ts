import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import OpenAI from 'openai';
import Database from 'better-sqlite3';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let upstream: MockUpstream | undefined;

afterEach(async () => {
  await harness?.stop();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

describe('gateway lifecycle', () => {
  it('refuses a body over the limit with 413 and keeps serving', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway({ bodyLimitBytes: 2048 });
    await harness.addModel({ upstreamUrl: upstream.url, name: 'm' });
    const key = await harness.addKey();
    const big = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x'.repeat(5000) }] }),
    });
    expect(big.status).toBe(413);
    expect((await big.json()).error.message).toMatch(/limit/);
    upstream.enqueue({ kind: 'text', text: 'fine' });
    const client = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    const ok = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(ok.choices[0]!.message.content).toBe('fine');
  });

  it('keeps providers, models and keys across a restart', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'persisted',
      upstreamModel: 'up-1',
      apiKey: 'sk-persisted-provider-key',
    });
    const key = await harness.addKey({ name: 'survivor' });
    await harness.restart();
    upstream.enqueue({ kind: 'text', text: 'after restart' });
    const client = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'persisted',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(answer.choices[0]!.message.content).toBe('after restart');
    const received = upstream.requests[upstream.requests.length - 1]!;
    expect(received.body.model).toBe('up-1');
    expect(received.headers.authorization).toBe('Bearer sk-persisted-provider-key');
  });

  it('writes one request-log row per request, off the request path', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({ upstreamUrl: upstream.url, name: 'logged' });
    const key = await harness.addKey({ name: 'log-key' });
    const client = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    upstream.enqueue({ kind: 'text', text: 'a', usage: { input: 11, output: 2 } });
    await client.chat.completions.create({ model: 'logged', messages: [{ role: 'user', content: 'x' }] });
    await client.chat.completions
      .create({ model: 'missing', messages: [{ role: 'user', content: 'x' }] })
      .catch(() => undefined);
    harness.internals.flushLogs();
    const rows = harness.database
      .prepare(
        'SELECT key_name, requested_model, status, input_tokens, output_tokens, request_body FROM request_logs ORDER BY started_at',
      )
      .all();
    expect(rows).toEqual([
      {
        key_name: 'log-key',
        requested_model: 'logged',
        status: 200,
        input_tokens: 11,
        output_tokens: 2,
        request_body: null,
      },
      {
        key_name: 'log-key',
        requested_model: 'missing',
        status: 404,
        input_tokens: 0,
        output_tokens: 0,
        request_body: null,
      },
    ]);
  });

  it('finishes an in-flight stream on shutdown before closing', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway();
    await harness.addModel({ upstreamUrl: upstream.url, name: 'slow' });
    const key = await harness.addKey();
    upstream.enqueue({ fault: 'delay', ms: 300, then: { kind: 'text', text: 'made it' } });
    const pending = fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'x' }] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = harness.gateway.stop();
    const response = await pending;
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('made it');
    await stopping;
  });
});

describe('headless CLI', () => {
  it('`npm run serve` starts from the environment, serves and logs a request, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-cli-'));
    upstream = await startMockUpstream();
    const { child, url: started, output: printed } = spawnServe(dir);
    try {
      const url = await started;
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'env-password-123' }),
      });
      expect(login.status).toBe(200);
      expect(statSync(path.join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
      // A real request through the bundle, so what only the bundle does (the log-insert worker) is exercised.
      const { token } = (await login.json()) as { token: string };
      const admin = (route: string, body: unknown) =>
        fetch(`${url}/api${route}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        }).then((answer) => answer.json() as Promise<{ id: string; key: string }>);
      const provider = await admin('/providers', {
        name: 'cli-mock',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
      });
      await admin('/models', { providerId: provider.id, name: 'cli-model' });
      const { key } = await admin('/virtual-keys', { name: 'cli-key' });
      upstream.enqueue({ kind: 'text', text: 'from the bundle' });
      const client = new OpenAI({ apiKey: key, baseURL: `${url}/v1`, maxRetries: 0 });
      const answer = await client.chat.completions.create({
        model: 'cli-model',
        messages: [{ role: 'user', content: 'x' }],
      });
      expect(answer.choices[0]!.message.content).toBe('from the bundle');
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // Shutdown flushed the log through the worker; nothing was logged at error level.
      const database = new Database(path.join(dir, 'gateway.db'), { readonly: true });
      const rows = database.prepare('SELECT requested_model, status FROM request_logs').all();
      database.close();
      expect(rows).toEqual([{ requested_model: 'cli-model', status: 200 }]);
      expect(printed()).not.toContain('"level":50');
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a port in use is one readable line saying what to do, not a stack trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-cli-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const { child, url, output } = spawnServe(dir, { PORT: String(port) });
    url.catch(() => undefined);
    try {
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code).not.toBe(0);
      expect(output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(output()).toContain(`PORT=${port + 1}`);
      expect(output()).not.toMatch(/^\s+at /m);
    } finally {
      child.kill('SIGKILL');
      taken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('after start the gateway is the only process: no launcher waiting on it, no esbuild service', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-cli-'));
    const { child, url: started } = spawnServe(dir);
    try {
      const url = await started;
      expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
      // The process npm started is the one serving, with the Node flags of package.json, and it has no children.
      expect(childrenOf(child.pid!)).toEqual([]);
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(commandLine).toContain('--max-semi-space-size=8');
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('two starts at once both come up: the bundle is replaced atomically, never half-built', async () => {
    const dirs = [1, 2].map(() => mkdtempSync(path.join(tmpdir(), 'llm-gateway-cli-')));
    const starts = dirs.map((dir) => spawnServe(dir));
    try {
      const urls = await Promise.all(starts.map((start) => start.url));
      for (const url of urls) expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok' });
    } finally {
      for (const start of starts) start.child.kill('SIGKILL');
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/** The process ids of a process's children (Linux /proc). */
function childrenOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).flatMap((task) =>
    readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

/** The arguments `npm run serve` gives Node (package.json), the script's path made absolute. */
function serveArguments(): string[] {
  const root = path.resolve(import.meta.dirname, '../..');
  const scripts = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const [node, ...args] = scripts.serve!.split(' ');
  expect(node).toBe('node');
  return args.map((arg) => (arg.startsWith('scripts/') ? path.join(root, arg) : arg));
}

/** Exactly what `npm run serve` runs, from another working directory (the data folder follows DB_PATH). */
function spawnServe(
  dir: string,
  environment: Record<string, string> = {},
): {
  child: ChildProcessWithoutNullStreams;
  url: Promise<string>;
  output(): string;
} {
  const child = spawn(process.execPath, serveArguments(), {
    cwd: dir,
    env: {
      ...process.env,
      PORT: '0',
      DB_PATH: path.join(dir, 'gateway.db'),
      LOG_LEVEL: 'warn',
      ADMIN_USERNAME: 'admin',
      ADMIN_PASSWORD: 'env-password-123',
      // Tests never leave 127.0.0.1: no background price-list download.
      CATALOG_AUTO_REFRESH: 'false',
      // The status page bundle is the browser test's business; building it here too would race.
      LLM_GATEWAY_SKIP_FRONTEND_BUILD: '1',
      ...environment,
    },
  });
  let output = '';
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', () => reject(new Error(`exited early: ${output}`)));
  });
  return { child, url, output: () => output };
}
