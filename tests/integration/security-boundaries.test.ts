import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * What the outside review (issue 14) checked and found sound, kept under test so it stays so:
 * forged admin tokens, path traversal on the status page's static files, and CORS.
 * (The LAN listener serving nothing but the status routes is in health-public-access.test.ts.)
 */
let harness: TestGateway | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await harness?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  harness = undefined;
  scratch = undefined;
});

const audience = 'llm-gateway-admin';

describe('forged admin tokens', () => {
  it('rejects alg "none", a wrong key, an expired token and a tampered payload with 401', async () => {
    const jwtSecret = randomBytes(32);
    harness = await startTestGateway({ jwtSecret });
    const me = await harness.api('GET', '/api/auth/me');
    expect(me.status).toBe(200);
    const adminId: string = me.body.adminId;
    const now = Math.floor(Date.now() / 1000);
    const claims = { username: 'admin' };

    const unsigned = new UnsecuredJWT(claims)
      .setSubject(adminId)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .encode();
    const wrongKey = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(adminId)
      .setAudience(audience)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(randomBytes(32));
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(adminId)
      .setAudience(audience)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 60)
      .sign(jwtSecret);
    const [header, , signature] = harness.token.split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'adm_someone_else', aud: audience, iat: now, exp: now + 3600 }),
    ).toString('base64url');
    const tampered = `${header}.${payload}.${signature}`;
    // `alg: none` with the real signature appended, and an HS256 header over an unsigned body.
    const noneWithSignature = `${unsigned.split('.')[0]}.${harness.token.split('.')[1]}.${signature}`;

    for (const [name, token] of Object.entries({
      unsigned,
      wrongKey,
      expired,
      tampered,
      noneWithSignature,
    })) {
      const answer = await harness.api('GET', '/api/providers', undefined, token);
      expect([name, answer.status]).toEqual([name, 401]);
      expect(answer.body.error.code).toBe('unauthorized');
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
    }
    // The genuine token still works.
    expect((await harness.api('GET', '/api/providers')).status).toBe(200);
  });
});

describe('status page static files', () => {
  it('never serves a file outside the page directory, however the path is encoded', async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'llm-gateway-static-'));
    const pageDirectory = path.join(scratch, 'status');
    mkdirSync(path.join(pageDirectory, 'assets'), { recursive: true });
    writeFileSync(path.join(pageDirectory, 'index.html'), '<!doctype html><title>Status</title>');
    writeFileSync(path.join(pageDirectory, 'assets', 'app.js'), 'console.log("status");');
    writeFileSync(path.join(scratch, 'secret.txt'), 'TOP-SECRET-CONTENT');
    harness = await startTestGateway({
      monitoring: { statusPageDirectory: pageDirectory, health: { tickMs: 0 } },
    });
    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
    expect((await rawRequest(harness.url, { path: '/status/assets/app.js' })).body).toContain('status');

    const attempts = [
      '/status/../secret.txt',
      '/status/assets/../../secret.txt',
      '/status/..%2fsecret.txt',
      '/status/assets/..%2f..%2fsecret.txt',
      '/status/%2e%2e/secret.txt',
      '/status/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/status/..%5csecret.txt',
      '/status/assets/%252e%252e%252fsecret.txt',
      '/status/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    ];
    for (const attempt of attempts) {
      const answer = await rawRequest(harness.url, { path: attempt });
      const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? '');
      expect([attempt, text.includes('TOP-SECRET-CONTENT')]).toEqual([attempt, false]);
      expect([attempt, text.includes('"devDependencies"')]).toEqual([attempt, false]);
    }
  });
});

describe('CORS', () => {
  it('grants no foreign origin access: no Access-Control-Allow-Origin on preflights or answers', async () => {
    harness = await startTestGateway();
    const key = await harness.addKey();
    const origin = 'https://evil.example';
    for (const route of ['/v1/chat/completions', '/v1/messages', '/api/auth/login', '/api/settings']) {
      const preflight = await rawRequest(harness.url, {
        method: 'OPTIONS',
        path: route,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
      expect([route, preflight.headers['access-control-allow-origin']]).toEqual([route, undefined]);
      expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
    }
    const models = await rawRequest(harness.url, {
      path: '/v1/models',
      headers: { origin, authorization: `Bearer ${key}` },
    });
    expect(models.status).toBe(200);
    expect(models.headers['access-control-allow-origin']).toBeUndefined();
    const settings = await rawRequest(harness.url, {
      path: '/api/settings',
      headers: { origin, authorization: `Bearer ${harness.token}` },
    });
    expect(settings.status).toBe(200);
    expect(settings.headers['access-control-allow-origin']).toBeUndefined();
  });
});
