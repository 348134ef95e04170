import { afterEach, describe, expect, it } from 'vitest';
import { adminPassword, startAdminTestServer, type AdminTestServer } from './admin-test-server.ts';

let server: AdminTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const credentials = { username: 'admin', password: adminPassword };

describe('admin API: authentication', () => {
  it('runs first-run setup once, then logs in with tokens that open the API', async () => {
    server = await startAdminTestServer();
    expect((await server.request('GET', '/api/auth/status')).body).toEqual({ needsSetup: true });

    const short = await server.request('POST', '/api/auth/setup', {
      body: { username: 'admin', password: 'seven77' },
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('password');

    const setup = await server.request('POST', '/api/auth/setup', { body: credentials });
    expect(setup.status).toBe(201);
    expect(setup.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(Date.parse(setup.body.expiresAt)).toBeGreaterThan(Date.now());
    expect((await server.request('GET', '/api/auth/status')).body).toEqual({ needsSetup: false });

    const again = await server.request('POST', '/api/auth/setup', {
      body: { username: 'other', password: 'another-password' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');

    const wrong = await server.request('POST', '/api/auth/login', {
      body: { ...credentials, password: 'nope-nope' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await server.request('POST', '/api/auth/login', {
      body: { username: 'ghost', password: 'whatever1' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    const login = await server.request('POST', '/api/auth/login', { body: credentials });
    expect(login.status).toBe(200);
    const me = await server.request('GET', '/api/auth/me', { token: login.body.token });
    expect(me.body).toEqual({
      adminId: expect.any(String),
      username: 'admin',
      via: 'login',
      expiresAt: login.body.expiresAt,
    });
    expect((await server.request('GET', '/api/providers', { token: login.body.token })).status).toBe(200);
  });

  it('throttles after five failures for one username and IP with 429 and Retry-After', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    server = await startAdminTestServer({ clock: { now: () => now } });
    await server.login();
    for (let attempt = 1; attempt <= 5; attempt++) {
      const failed = await server.request('POST', '/api/auth/login', {
        body: { ...credentials, password: `bad-${attempt}` },
      });
      expect(failed.status).toBe(401);
    }
    const locked = await server.request('POST', '/api/auth/login', { body: credentials });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.headers.get('retry-after')).toBe('900');

    now += 15 * 60_000 + 1_000;
    expect((await server.request('POST', '/api/auth/login', { body: credentials })).status).toBe(200);
  });

  it('creates, uses, lists and revokes admin API tokens shown once', async () => {
    server = await startAdminTestServer();
    const login = await server.login();
    const created = await server.request('POST', '/api/api-tokens', {
      body: { name: 'ci-script' },
      token: login,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      name: 'ci-script',
      token: expect.stringMatching(/^gw_/),
    });
    const apiToken: string = created.body.token;
    expect(created.body.tokenHint).toBe(apiToken.slice(-4));

    const viaToken = await server.request('GET', '/api/virtual-keys', { token: apiToken });
    expect(viaToken.status).toBe(200);
    expect((await server.request('GET', '/api/auth/me', { token: apiToken })).body.via).toBe('api-token');

    const list = await server.request('GET', '/api/api-tokens', { token: login });
    expect(list.body.data).toHaveLength(1);
    expect(list.body.data[0]).toMatchObject({
      id: created.body.id,
      name: 'ci-script',
      lastUsedAt: expect.any(String),
    });
    expect(list.text).not.toContain(apiToken);
    expect(list.body.data[0]).not.toHaveProperty('tokenHash');

    expect((await server.request('POST', '/api/api-tokens', { body: {}, token: login })).status).toBe(400);
    expect(
      (await server.request('DELETE', `/api/api-tokens/${created.body.id}`, { token: login })).status,
    ).toBe(204);
    expect((await server.request('GET', '/api/virtual-keys', { token: apiToken })).status).toBe(401);
    expect(
      (await server.request('DELETE', `/api/api-tokens/${created.body.id}`, { token: login })).status,
    ).toBe(404);
  });
});
