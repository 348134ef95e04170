import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { createRendererProtocolHandler } from './create-renderer-protocol-handler.ts';

const root = mkdtempSync(path.join(tmpdir(), 'renderer-protocol-'));
const build = path.join(root, 'dist-renderer');
mkdirSync(path.join(build, 'assets'), { recursive: true });
writeFileSync(path.join(build, 'index.html'), '<!doctype html><div id="app"></div>');
writeFileSync(path.join(build, 'assets', 'index-abc.js'), 'console.log(1)');
writeFileSync(path.join(root, 'secret.txt'), 'outside the build');
afterAll(() => rmSync(root, { recursive: true, force: true }));

const csp = contentSecurityPolicy();
const handler = createRendererProtocolHandler({ directory: build, contentSecurityPolicy: csp });
const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

describe('the renderer protocol (app://renderer)', () => {
  it('serves the build with its type, the CSP and nosniff', async () => {
    const page = await get('app://renderer/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(csp);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<div id="app">');
    const script = await get('app://renderer/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('answers index.html for app routes, 404 for a missing asset', async () => {
    expect(await (await get('app://renderer/providers/abc')).text()).toContain('<div id="app">');
    expect((await get('app://renderer/assets/missing.js')).status).toBe(404);
  });

  it('never serves a file outside the build', async () => {
    for (const url of [
      'app://renderer/../secret.txt',
      'app://renderer/%2e%2e/secret.txt',
      'app://renderer/..%2fsecret.txt',
      'app://renderer/assets/..%2f..%2fsecret.txt',
      'app://renderer/..%5csecret.txt',
      'app://renderer/%00index.html',
      'app://renderer/%E0%A4%A.txt',
    ]) {
      const answer = await get(url);
      expect(await answer.text(), url).not.toContain('outside the build');
      expect([200, 404], url).toContain(answer.status);
    }
    expect((await get('app://renderer/..%2fsecret.txt')).status).toBe(404);
  });

  it('answers only GET and HEAD on its own host', async () => {
    expect((await get('app://renderer/', 'POST')).status).toBe(404);
    expect((await get('app://elsewhere/index.html')).status).toBe(404);
    const head = await get('app://renderer/', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('says how to build the UI when there is no build', async () => {
    const missing = createRendererProtocolHandler({
      directory: path.join(root, 'nothing'),
      contentSecurityPolicy: csp,
    });
    expect(await (await missing(new Request('app://renderer/'))).text()).toMatch(/npm run build:renderer/);
  });
});

describe('the content security policy', () => {
  it('allows only the app itself, no inline or eval’d script, no frames', () => {
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline|https?:/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
  });

  it('adds a dev server and its hot-reload socket only when given', () => {
    expect(contentSecurityPolicy('http://localhost:5173')).toContain(
      "connect-src 'self' http://localhost:5173 ws://localhost:5173",
    );
  });
});
