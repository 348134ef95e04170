import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway, type GatewayOptions } from '../../src-gateway/index.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { createEncryptedFileSecretStore } from '../../src-gateway/secrets/index.ts';
import { openDatabase } from '../../src-gateway/storage/index.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

/** A gateway with no admin yet, as a fresh headless install starts. */
async function startUnconfiguredGateway(
  options: Partial<GatewayOptions> = {},
): Promise<{ gateway: Gateway; url: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-host-'));
  const database = openDatabase(path.join(dir, 'gateway.db'));
  const gateway = await createGateway({
    database,
    secretStore: createEncryptedFileSecretStore({
      filePath: path.join(dir, 'secrets.enc'),
      key: randomBytes(32),
    }),
    logger: createSilentLogger(),
    jwtSecret: randomBytes(32),
    port: 0,
    shutdownGraceMs: 200,
    catalog: { autoRefresh: false },
    ...options,
  });
  const { url } = await gateway.start();
  cleanups.push(async () => {
    await gateway.stop();
    database.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { gateway, url };
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether the first admin is still to be created, asked through the contract (no Host header involved). */
async function needsSetup(gateway: Gateway): Promise<boolean> {
  const status = await gateway.admin.call('auth.status', {}, { clientIp: 'local', transport: 'local' });
  return (status as { needsSetup: boolean }).needsSetup;
}

const credentials = { username: 'admin', password: 'correct-horse-battery' };
const attacker = { host: 'attacker.example' };

describe('DNS rebinding: the Host header', () => {
  it('answers 421 to a foreign Host on an unconfigured gateway, so a rebound page cannot create the admin', async () => {
    const { gateway, url } = await startUnconfiguredGateway({ setupCode: false });
    const setup = await rawRequest(url, {
      method: 'POST',
      path: '/api/auth/setup',
      headers: attacker,
      body: credentials,
    });
    expect(setup.status).toBe(421);
    expect(setup.body).toEqual({
      error: { code: 'misdirected_request', message: expect.stringContaining('attacker.example') },
    });
    expect(JSON.stringify(setup.body)).not.toContain('token');
    const login = await rawRequest(url, {
      method: 'POST',
      path: '/api/auth/login',
      headers: { host: 'attacker.example:3000' },
      body: credentials,
    });
    expect(login.status).toBe(421);
    expect(await needsSetup(gateway)).toBe(true);
  });

  it('answers 421 on /v1 in the protocol error shape and on /status, /healthz and the LAN listener', async () => {
    const upstream: MockUpstream = await startMockUpstream();
    cleanups.push(() => upstream.close());
    const harness: TestGateway = await startTestGateway({
      monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0 } },
    });
    cleanups.push(() => harness.stop());
    await harness.addModel({ upstreamUrl: upstream.url, name: 'guarded-model' });
    const key = await harness.addKey();
    const lanPort = await freePort();
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port: lanPort },
    });
    const auth = { ...attacker, authorization: `Bearer ${key}`, 'x-api-key': key };
    const chatBody = { model: 'guarded-model', messages: [{ role: 'user', content: 'hi' }] };

    const chat = await rawRequest(harness.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: auth,
      body: chatBody,
    });
    expect(chat.status).toBe(421);
    expect(chat.body.error).toMatchObject({ code: 'misdirected_request', message: expect.any(String) });
    const messages = await rawRequest(harness.url, {
      method: 'POST',
      path: '/v1/messages',
      headers: { ...auth, 'anthropic-version': '2023-06-01' },
      body: { ...chatBody, max_tokens: 16 },
    });
    expect(messages.status).toBe(421);
    expect(messages.body).toMatchObject({ type: 'error', error: { type: expect.any(String) } });
    const models = await rawRequest(harness.url, { path: '/v1/models', headers: auth });
    expect(models.status).toBe(421);
    expect(upstream.requests).toHaveLength(0);

    for (const route of ['/status', '/public/health/summary', '/healthz', '/api/settings']) {
      const answer = await rawRequest(harness.url, { path: route, headers: attacker });
      expect([route, answer.status]).toEqual([route, 421]);
      expect(answer.body.error.code).toBe('misdirected_request');
    }
    const lanUrl = harness.gateway.lanUrl()!;
    const lanForeign = await rawRequest(lanUrl, { path: '/public/health/summary', headers: attacker });
    expect(lanForeign.status).toBe(421);
    // Other machines reach the LAN listener by this machine's address: that keeps working.
    const lanByAddress = await rawRequest(lanUrl, {
      path: '/public/health/summary',
      headers: { host: `192.168.1.20:${lanPort}` },
    });
    expect(lanByAddress.status).toBe(200);

    // The same requests with the gateway's own name succeed.
    const allowed = await rawRequest(harness.url, {
      method: 'POST',
      path: '/v1/chat/completions',
      headers: { ...auth, host: `localhost:${new URL(harness.url).port}` },
      body: chatBody,
    });
    expect(allowed.status).toBe(200);
  });

  it('accepts loopback names and addresses, IP literals, HOST and ALLOWED_HOSTS', async () => {
    const { url } = await startUnconfiguredGateway({
      setupCode: false,
      allowedHosts: ['gateway.lan', '.corp.example'],
    });
    const port = new URL(url).port;
    const accepted = [
      'localhost',
      `localhost:${port}`,
      'LOCALHOST.',
      'app.localhost:8080',
      '127.0.0.1',
      `127.0.0.1:${port}`,
      '127.5.6.7:1',
      '[::1]',
      `[::1]:${port}`,
      '192.168.1.20:3000',
      'gateway.lan',
      'gateway.lan:443',
      'corp.example',
      'llm.corp.example:3000',
    ];
    for (const host of accepted) {
      const answer = await rawRequest(url, { path: '/api/auth/status', headers: { host } });
      expect([host, answer.status]).toEqual([host, 200]);
    }
    const refused = [
      'attacker.example',
      'localhost.attacker.example',
      '127.0.0.1.nip.io',
      'gateway.lan.attacker.example',
      'evilcorp.example',
      'lan',
    ];
    for (const host of refused) {
      const answer = await rawRequest(url, { path: '/api/auth/status', headers: { host } });
      expect([host, answer.status]).toEqual([host, 421]);
    }
  });
});

describe('first-run setup code', () => {
  it('refuses setup without or with a wrong code (403) and accepts the right one (201)', async () => {
    const { gateway, url } = await startUnconfiguredGateway({ setupCode: '4821-0937-5562' });
    const setup = (body: Record<string, unknown>) =>
      rawRequest(url, { method: 'POST', path: '/api/auth/setup', body: { ...credentials, ...body } });

    const missing = await setup({});
    expect(missing.status).toBe(403);
    expect(missing.body.error).toEqual({
      status: 403,
      code: 'setup_code_required',
      message: expect.stringContaining('setup code'),
    });
    const wrong = await setup({ setupCode: '4821-0937-5563' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('invalid_setup_code');
    expect(await needsSetup(gateway)).toBe(true);

    // Typed without the dashes, as people do.
    const right = await setup({ setupCode: '482109375562' });
    expect(right.status).toBe(201);
    expect(right.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect((await setup({ setupCode: '4821-0937-5562' })).status).toBe(409);
  });

  it('needs no code for ADMIN_USERNAME/ADMIN_PASSWORD provisioning, nor with setupCode false', async () => {
    const provisioned = await startUnconfiguredGateway({
      adminUsername: 'ops',
      adminPassword: 'env-password-123',
    });
    const login = await rawRequest(provisioned.url, {
      method: 'POST',
      path: '/api/auth/login',
      body: { username: 'ops', password: 'env-password-123' },
    });
    expect(login.status).toBe(200);

    const desktop = await startUnconfiguredGateway({ setupCode: false });
    const setup = await rawRequest(desktop.url, {
      method: 'POST',
      path: '/api/auth/setup',
      body: credentials,
    });
    expect(setup.status).toBe(201);
  });

  it('the headless CLI prints a setup code that opens setup', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'llm-gateway-cli-setup-'));
    const child = spawn(
      process.execPath,
      [path.resolve(import.meta.dirname, '../../scripts/start.mjs'), '--headless'],
      {
        cwd: dir,
        env: {
          ...process.env,
          PORT: '0',
          DB_PATH: path.join(dir, 'gateway.db'),
          LOG_LEVEL: 'warn',
          ADMIN_USERNAME: '',
          ADMIN_PASSWORD: '',
          CATALOG_AUTO_REFRESH: 'false',
          LLM_GATEWAY_SKIP_FRONTEND_BUILD: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    try {
      const [url, code] = await new Promise<[string, string]>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const address = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
          const setupCode = /setup code (\d{4}-\d{4}-\d{4})/.exec(output);
          if (address && setupCode) resolve([address[1]!, setupCode[1]!]);
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.on('exit', () => reject(new Error(`exited early: ${output}`)));
      });
      const without = await rawRequest(url, { method: 'POST', path: '/api/auth/setup', body: credentials });
      expect(without.status).toBe(403);
      const withCode = await rawRequest(url, {
        method: 'POST',
        path: '/api/auth/setup',
        body: { ...credentials, setupCode: code },
      });
      expect(withCode.status).toBe(201);
      const exited = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
