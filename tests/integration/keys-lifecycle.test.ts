import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: MockUpstream;
let harness: TestGateway;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  const { providerId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'model-a' });
  const second = await harness.api('POST', '/api/models', {
    providerId,
    name: 'model-b',
    upstreamModel: 'b',
  });
  expect(second.status).toBe(201);
  const virtualModel = await harness.api('POST', '/api/virtual-models', {
    name: 'smart',
    strategy: 'priority',
    targets: [{ modelId: second.body.id }],
  });
  expect(virtualModel.status).toBe(201);
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function chat(key: string, model = 'model-a'): Promise<{ status: number; body: any }> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  return { status: response.status, body: await response.json() };
}

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string; body: any }> {
  const created = await harness.api('POST', '/api/virtual-keys', body);
  expect(created.status).toBe(201);
  return { id: created.body.id, key: created.body.key, body: created.body };
}

describe('virtual key lifecycle', () => {
  it('shows an sk- key with 256 random bits once and stores only its SHA-256', async () => {
    const { id, key, body } = await createKey({ name: 'lifecycle-create' });
    expect(key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(3), 'base64url')).toHaveLength(32);
    expect(body.keyHint).toBe(key.slice(-4));
    const read = await harness.api('GET', `/api/virtual-keys/${id}`);
    expect(JSON.stringify(read.body)).not.toContain(key);
    const row = harness.database.prepare('SELECT key_hash FROM virtual_keys WHERE id = ?').get(id) as {
      key_hash: string;
    };
    expect(row.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    harness.database.pragma('wal_checkpoint(TRUNCATE)');
    expect(readFileSync(harness.dbPath).includes(Buffer.from(key))).toBe(false);
    expect((await chat(key)).status).toBe(200);
  });

  it('refuses a disabled key at once and accepts it again when re-enabled', async () => {
    const { id, key } = await createKey({ name: 'lifecycle-disable' });
    expect((await chat(key)).status).toBe(200);
    await harness.api('PATCH', `/api/virtual-keys/${id}`, { enabled: false });
    const refused = await chat(key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('key_disabled');
    await harness.api('PATCH', `/api/virtual-keys/${id}`, { enabled: true });
    expect((await chat(key)).status).toBe(200);
  });

  it('refuses a key from the moment it expires, without a restart', async () => {
    const { id, key } = await createKey({
      name: 'lifecycle-expiry',
      expiresAt: new Date(Date.now() + 800).toISOString(),
    });
    expect((await chat(key)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 900));
    const refused = await chat(key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('key_expired');
    await harness.api('PATCH', `/api/virtual-keys/${id}`, { expiresAt: null });
    expect((await chat(key)).status).toBe(200);
  });

  it('rotation issues a new secret, kills the old one at once and keeps settings and history', async () => {
    const { id, key } = await createKey({ name: 'lifecycle-rotate', rpm: 1000, allowedModels: ['model-a'] });
    expect((await chat(key)).status).toBe(200);
    const rotated = await harness.api('POST', `/api/virtual-keys/${id}/rotate`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.key as string;
    expect(fresh).toMatch(/^sk-/);
    expect(fresh).not.toBe(key);
    expect(rotated.body).toMatchObject({
      id,
      name: 'lifecycle-rotate',
      rpm: 1000,
      allowedModels: ['model-a'],
    });
    expect((await chat(key)).status).toBe(401);
    expect((await chat(fresh)).status).toBe(200);
    harness.internals.flushLogs();
    const usage = await harness.api('GET', `/api/usage?groupBy=key&keyId=${id}`);
    expect(usage.body.groups[0].totals.requests).toBe(2);
  });

  it('refuses a deleted key', async () => {
    const { id, key } = await createKey({ name: 'lifecycle-delete' });
    expect((await harness.api('DELETE', `/api/virtual-keys/${id}`)).status).toBe(204);
    expect((await chat(key)).status).toBe(401);
  });

  it('restricts clients by IP range', async () => {
    const outside = await createKey({ name: 'lifecycle-ip-outside', allowedIps: ['10.0.0.0/8', 'fd00::/8'] });
    const refused = await chat(outside.key);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ip_not_allowed');
    // Every key-authenticated endpoint applies the range, not only the model calls.
    for (const [method, route, body] of [
      ['GET', '/v1/models', undefined],
      [
        'POST',
        '/v1/messages/count_tokens',
        { model: 'model-a', messages: [{ role: 'user', content: 'hi' }] },
      ],
      ['POST', '/v1/embeddings', { model: 'model-a', input: 'hi' }],
    ] as const) {
      const answer = await fetch(`${harness.url}${route}`, {
        method,
        headers: { authorization: `Bearer ${outside.key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      expect([route, answer.status]).toEqual([route, 403]);
    }
    const inside = await createKey({ name: 'lifecycle-ip-inside', allowedIps: ['127.0.0.0/8'] });
    expect((await chat(inside.key)).status).toBe(200);
    await harness.api('PATCH', `/api/virtual-keys/${inside.id}`, { allowedIps: ['192.168.0.0/16'] });
    expect((await chat(inside.key)).status).toBe(403);
  });

  it('limits models and lists only the allowed ones in /v1/models', async () => {
    const { key } = await createKey({ name: 'lifecycle-models', allowedModels: ['model-b', 'smart'] });
    const denied = await chat(key, 'model-a');
    expect(denied.status).toBe(403);
    expect((await chat(key, 'smart')).status).toBe(200);
    const listed = await fetch(`${harness.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });
    const ids = ((await listed.json()) as any).data.map((entry: { id: string }) => entry.id);
    expect(ids).toEqual(['model-b', 'smart']);
    const all = await createKey({ name: 'lifecycle-models-all' });
    const everything = await fetch(`${harness.url}/v1/models`, {
      headers: { authorization: `Bearer ${all.key}` },
    });
    expect(((await everything.json()) as any).data.map((entry: { id: string }) => entry.id)).toEqual([
      'model-a',
      'model-b',
      'smart',
    ]);
  });
});
