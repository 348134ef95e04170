import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import OpenAI from 'openai';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const proxyPassword = 'proxy-SECRET-pass-9f3a';
const headerSecret = 'hdr-SECRET-value-77c1';
const mask = '********';

let upstream: MockUpstream;
let harness: TestGateway;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

function storedBytes(): string {
  harness.database.pragma('wal_checkpoint(PASSIVE)');
  return ['', '-wal', '-shm']
    .map((suffix) => harness.dbPath + suffix)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n');
}

describe('secrets inside provider fields', () => {
  it('keeps a proxy password and credential headers out of answers and SQLite, yet uses them', async () => {
    const created = await harness.api('POST', '/api/providers', {
      name: 'with-secrets',
      protocol: 'openai',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'sk-upstream-test-key-0001',
      proxyUrl: `socks5://alice:${proxyPassword}@127.0.0.1:1080`,
      headers: { 'X-Custom-Api-Key': headerSecret, 'X-Title': 'LLM Gateway' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (const answer of [
      created,
      await harness.api('GET', `/api/providers/${id}`),
      await harness.api('GET', '/api/providers'),
    ]) {
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain(proxyPassword);
      expect(text).not.toContain(headerSecret);
    }
    expect(created.body.proxyUrl).toBe(`socks5://alice:${encodeURIComponent(mask)}@127.0.0.1:1080`);
    expect(created.body.headers).toEqual({ 'X-Custom-Api-Key': mask, 'X-Title': 'LLM Gateway' });

    // The runtime has the real values.
    const runtime = harness.internals.snapshot().providers.get(id)!;
    expect(runtime.proxyUrl).toBe(`socks5://alice:${proxyPassword}@127.0.0.1:1080`);
    expect(runtime.headers['X-Custom-Api-Key']).toBe(headerSecret);

    // Sending the masked object back (an edit form) keeps the secrets; the rest of the URL may change.
    const edited = await harness.api('PATCH', `/api/providers/${id}`, {
      proxyUrl: created.body.proxyUrl.replace('1080', '1081'),
      headers: created.body.headers,
    });
    expect(edited.status).toBe(200);
    const afterEdit = harness.internals.snapshot().providers.get(id)!;
    expect(afterEdit.proxyUrl).toBe(`socks5://alice:${proxyPassword}@127.0.0.1:1081`);
    expect(afterEdit.headers['X-Custom-Api-Key']).toBe(headerSecret);

    // No proxy any more: the request now goes direct and carries the real header.
    await harness.api('PATCH', `/api/providers/${id}`, { proxyUrl: null });
    await harness.api('POST', '/api/models', { providerId: id, name: 'secret-fields-model' });
    const key = (await harness.api('POST', '/api/virtual-keys', { name: 'secret-fields' })).body
      .key as string;
    upstream.enqueue({ kind: 'text', text: 'ok' });
    const client = new OpenAI({ apiKey: key, baseURL: `${harness.url}/v1`, maxRetries: 0 });
    await client.chat.completions.create({
      model: 'secret-fields-model',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(upstream.requests[upstream.requests.length - 1]!.headers['x-custom-api-key']).toBe(headerSecret);

    const bytes = storedBytes();
    expect(bytes).toContain('with-secrets');
    expect(bytes).not.toContain(proxyPassword);
    expect(bytes).not.toContain(headerSecret);
  });

  it('replaces a secret header when a new value is sent, and forgets removed ones', async () => {
    const created = await harness.api('POST', '/api/providers', {
      name: 'rotating-header',
      protocol: 'openai',
      baseUrl: `${upstream.url}/v1`,
      headers: { Authorization: 'Bearer first-SECRET' },
    });
    const id = created.body.id as string;
    await harness.api('PATCH', `/api/providers/${id}`, {
      headers: { Authorization: 'Bearer second-SECRET' },
    });
    expect(harness.internals.snapshot().providers.get(id)!.headers.Authorization).toBe(
      'Bearer second-SECRET',
    );
    await harness.api('PATCH', `/api/providers/${id}`, { headers: {} });
    expect(harness.internals.snapshot().providers.get(id)!.headers).toEqual({});
  });
});
