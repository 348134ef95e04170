import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// The management UI on the main listener (src-gateway/http/create-renderer-router.ts), over a
// stand-in build so this test needs no Vite run: `/` and client-side routes answer the app with a
// strict CSP; APIs keep their own 404s; the LAN listener serves none of it.

let harness: TestGateway;
let directory: string;
const indexHtml =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="app"></div></body></html>';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'renderer-build-'));
  mkdirSync(path.join(directory, 'assets'));
  writeFileSync(path.join(directory, 'index.html'), indexHtml);
  writeFileSync(path.join(directory, 'assets', 'index-abc123.js'), 'console.log("app");\n');
  writeFileSync(path.join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  harness = await startTestGateway({ rendererDirectory: directory, monitoring: { lanHost: '127.0.0.1' } });
});

afterAll(async () => {
  await harness?.stop();
  rmSync(directory, { recursive: true, force: true });
});

function expectStrictHeaders(headers: Headers): void {
  const policy = headers.get('content-security-policy') ?? '';
  const directives = Object.fromEntries(
    policy.split(';').map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );
  expect(directives['default-src']).toBe("'self'");
  expect(directives['script-src']).toBe("'self'");
  expect(directives['frame-ancestors']).toBe("'none'");
  expect(directives['connect-src']).toBe("'self'");
  // No remote origin anywhere, and inline code only for styles (Naive UI injects them).
  expect(policy).not.toMatch(/https?:|\*|'unsafe-eval'/);
  expect(policy.match(/'unsafe-inline'/g)).toHaveLength(1);
  expect(directives['style-src']).toContain("'unsafe-inline'");
  expect(headers.get('x-content-type-options')).toBe('nosniff');
  expect(headers.get('referrer-policy')).toBe('no-referrer');
}

describe('the management UI on the main listener', () => {
  it('answers / with the app and a strict Content-Security-Policy', async () => {
    const answer = await fetch(`${harness.url}/`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await answer.text()).toBe(indexHtml);
    expectStrictHeaders(answer.headers);
    expect(answer.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers a client-side route asked for as HTML with the app (a reload of /providers works)', async () => {
    for (const route of ['/providers', '/virtual-keys/abc', '/login?redirect=%2Flogs']) {
      const answer = await fetch(harness.url + route, { headers: html });
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(indexHtml);
      expectStrictHeaders(answer.headers);
    }
  });

  it('serves hashed assets for a year, with the same headers', async () => {
    const answer = await fetch(`${harness.url}/assets/index-abc123.js`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/javascript/);
    expect(answer.headers.get('cache-control')).toContain('immutable');
    expectStrictHeaders(answer.headers);
    expect((await fetch(`${harness.url}/favicon.svg`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('keeps the APIs’ own JSON 404s, even for a browser asking for HTML', async () => {
    const admin = await fetch(`${harness.url}/api/no-such-route`, {
      headers: { ...html, authorization: `Bearer ${harness.token}` },
    });
    expect(admin.status).toBe(404);
    expect(admin.headers.get('content-type')).toMatch(/json/);
    expect((await admin.json()).error.code).toBe('not_found');
    const v1 = await fetch(`${harness.url}/v1/no-such-route`, { headers: html });
    expect(v1.status).toBe(404);
    expect(v1.headers.get('content-type')).toMatch(/json/);
    expect(await v1.json()).toMatchObject({
      error: { message: expect.stringContaining('Unknown endpoint') },
    });
    const missingAsset = await fetch(`${harness.url}/assets/gone-123.js`);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toMatch(/json/);
  });

  it('answers an unknown path asked for as JSON (a script, curl) with the JSON 404, not the app', async () => {
    const answer = await fetch(`${harness.url}/providers`, { headers: { accept: 'application/json' } });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
  });

  it('leaves /status and /public to the status routes (off here: their 404, not the app)', async () => {
    for (const route of ['/status', '/status/history', '/public/health/summary']) {
      const answer = await fetch(harness.url + route, { headers: html });
      expect(await answer.text()).not.toContain('index-abc123');
    }
  });

  it('serves none of it on the LAN listener', async () => {
    const patched = await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port: await freePort() },
    });
    expect(patched.status).toBe(200);
    const lan = harness.gateway.lanUrl()!;
    expect(lan).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (const route of ['/', '/providers', '/assets/index-abc123.js', '/index.html']) {
      const answer = await fetch(lan + route, { headers: html });
      expect(answer.status).toBe(404);
      expect(await answer.text()).not.toContain('index-abc123');
    }
    expect((await fetch(`${lan}/status`)).status).toBe(200);
  });
});

describe('without a build', () => {
  it('answers / with a short note on how to build the UI, under the same CSP', async () => {
    const bare = await startTestGateway({ rendererDirectory: path.join(directory, 'missing') });
    try {
      const answer = await fetch(`${bare.url}/`);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toContain('vite.renderer.config.ts');
      expectStrictHeaders(answer.headers);
    } finally {
      await bare.stop();
    }
  });
});
