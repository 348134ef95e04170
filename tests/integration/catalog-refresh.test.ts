import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledCatalogTakenAt } from '../../src-gateway/catalog/bundled-catalog.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import type { CatalogStatus } from '../../src-shared/schemas/catalog.ts';
import { readLitellmCatalog, startCatalogSource, type CatalogSourceServer } from './catalog-source-server.ts';

const { text: catalogText, json: catalogJson } = readLitellmCatalog();
// Every model object but the spec (the file also holds a `last_updated` string).
const modelCount = Object.entries(catalogJson).filter(
  ([id, entry]) => id !== 'sample_spec' && typeof entry === 'object' && entry !== null,
).length;
const etag = '"litellm-v1"';
const lastModified = 'Wed, 26 Nov 2025 10:00:00 GMT';

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('catalog: fetch, revalidate, keep the cache through failures', () => {
  let source: CatalogSourceServer;
  let harness: TestGateway;
  let time = Date.now();

  beforeAll(async () => {
    source = await startCatalogSource({ body: catalogText, etag, lastModified });
    harness = await startTestGateway({
      clock: { now: () => time },
      catalog: { maxBytes: catalogText.length + 100_000 },
    });
    const patched = await harness.api('PATCH', '/api/settings', { catalog: { url: source.url } });
    expect(patched.status).toBe(200);
  });

  afterAll(async () => {
    await harness?.stop();
    await source?.close();
  });

  it('starts offline on the bundled snapshot: a full catalog, marked as such with its date, nothing fetched', async () => {
    const status = await harness.api('GET', '/api/catalog');
    expect(status.body).toMatchObject({
      url: source.url,
      entryCount: modelCount,
      source: 'bundled',
      fetchedAt: bundledCatalogTakenAt,
      refreshing: false,
      autoRefresh: false,
    });
    expect(status.body).not.toHaveProperty('updatedAt');
    const found = await harness.api('GET', '/api/catalog/models?q=gpt-4o-mini&page_size=1');
    expect(found.body.data[0]).toMatchObject({
      id: 'gpt-4o-mini',
      inputCostPerToken: catalogJson['gpt-4o-mini']!.input_cost_per_token,
    });
    expect(source.requests).toHaveLength(0);
  });

  it('starts empty when the gateway ships no snapshot', async () => {
    const bare = await startTestGateway({ catalog: { bundled: false } });
    try {
      expect((await bare.api('GET', '/api/catalog')).body).toMatchObject({ entryCount: 0, source: 'none' });
      expect((await bare.api('GET', '/api/catalog/models?q=gpt-4o')).body.total).toBe(0);
    } finally {
      await bare.stop();
    }
  });

  it('downloads the price list, caches it and says when', async () => {
    const refreshed = await harness.api('POST', '/api/catalog/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.outcome).toBe('updated');
    expect(refreshed.body.status).toMatchObject({
      entryCount: modelCount,
      source: 'fetched',
      fetchedAt: new Date(time).toISOString(),
      updatedAt: new Date(time).toISOString(),
      checkedAt: new Date(time).toISOString(),
    });
    expect(refreshed.body.status).not.toHaveProperty('lastError');
    expect(source.requests[0]!.headers['if-none-match']).toBeUndefined();
    const found = await harness.api('GET', '/api/catalog/models?q=gpt-4o-mini&page_size=1');
    expect(found.body.data[0]).toMatchObject({
      id: 'gpt-4o-mini',
      provider: 'openai',
      inputCostPerToken: catalogJson['gpt-4o-mini']!.input_cost_per_token,
    });
  });

  it('revalidates with If-None-Match / If-Modified-Since and takes a 304 without downloading', async () => {
    const firstUpdate = (await harness.api('GET', '/api/catalog')).body.updatedAt;
    time += 60_000;
    const refreshed = await harness.api('POST', '/api/catalog/refresh');
    expect(refreshed.body.outcome).toBe('not-modified');
    const request = source.requests.at(-1)!;
    expect(request.headers['if-none-match']).toBe(etag);
    expect(request.headers['if-modified-since']).toBe(lastModified);
    expect(refreshed.body.status).toMatchObject({
      entryCount: modelCount,
      updatedAt: firstUpdate,
      checkedAt: new Date(time).toISOString(),
    });
  });

  it('refuses malformed JSON and keeps the previous catalog', async () => {
    source.serve({ body: catalogText.slice(0, 5000), etag: '"broken"' });
    const refreshed = await harness.api('POST', '/api/catalog/refresh');
    expect(refreshed.body.outcome).toBe('failed');
    expect(refreshed.body.error).toMatch(/not valid JSON/);
    expect(refreshed.body.status).toMatchObject({ entryCount: modelCount });
    expect(refreshed.body.status.lastError).toMatch(/not valid JSON/);
    source.serve({ body: JSON.stringify({ sample_spec: {}, nothing: 'here' }), etag: '"empty"' });
    expect((await harness.api('POST', '/api/catalog/refresh')).body.outcome).toBe('failed');
    source.serve({ body: '[1, 2, 3]', etag: '"array"' });
    expect((await harness.api('POST', '/api/catalog/refresh')).body.outcome).toBe('failed');
    expect((await harness.api('GET', '/api/catalog/models?q=gpt-4o-mini')).body.data[0].id).toBe(
      'gpt-4o-mini',
    );
  });

  it('refuses a body over the size limit, with or without Content-Length, keeping the cache', async () => {
    const oversized = `${catalogText.trimEnd().slice(0, -1)}, "padding": {"note": "${'x'.repeat(200_000)}"}}`;
    expect(() => JSON.parse(oversized)).not.toThrow();
    for (const chunked of [false, true]) {
      source.serve({ body: oversized, etag: `"big-${chunked}"`, chunked });
      const refreshed = await harness.api('POST', '/api/catalog/refresh');
      expect(refreshed.body.outcome).toBe('failed');
      expect(refreshed.body.error).toMatch(/larger than/);
      expect(refreshed.body.status.entryCount).toBe(modelCount);
    }
    // The validators still belong to the cached copy: a later 304 keeps it.
    source.serve({ body: catalogText, etag, lastModified });
    expect((await harness.api('POST', '/api/catalog/refresh')).body.outcome).toBe('not-modified');
  });

  it('works from the cache when the source is down, across a restart', async () => {
    source.serve({ body: '', status: 503 });
    const refreshed = await harness.api('POST', '/api/catalog/refresh');
    expect(refreshed.body.outcome).toBe('failed');
    expect(refreshed.body.error).toMatch(/HTTP 503/);
    await source.close();
    const unreachable = await harness.api('POST', '/api/catalog/refresh');
    expect(unreachable.body.outcome).toBe('failed');
    const updatedAt = unreachable.body.status.updatedAt;

    await harness.restart();
    const status = await harness.api('GET', '/api/catalog');
    expect(status.body).toMatchObject({ entryCount: modelCount, updatedAt });
    const found = await harness.api('GET', '/api/catalog/models?q=claude-sonnet-4-5&page_size=1');
    expect(found.body.data[0].id).toBe('claude-sonnet-4-5');
  });
});

describe('catalog: background refresh', () => {
  it('never fires unless the gateway is asked to refresh in the background', async () => {
    const source = await startCatalogSource({ body: catalogText, etag });
    const harness = await startTestGateway({
      catalog: { url: source.url, startDelayMs: 0, checkIntervalMs: 10 },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(source.requests).toHaveLength(0);
    } finally {
      await harness.stop();
      await source.close();
    }
  });

  it('fetches at start, then again only once a day has passed, and honours settings catalog.autoRefresh', async () => {
    const source = await startCatalogSource({ body: catalogText, etag });
    let time = Date.now();
    const harness = await startTestGateway({
      clock: { now: () => time },
      catalog: { autoRefresh: true, url: source.url, startDelayMs: 0, checkIntervalMs: 20 },
    });
    try {
      // Through the contract in process: the pinned clock jumps a day, past the login token's lifetime.
      const admin = {
        principal: { adminId: 'test', username: 'test', via: 'login' as const },
        clientIp: '127.0.0.1',
        transport: 'local' as const,
      };
      const catalogStatus = async () =>
        (await harness.gateway.admin.call('catalog.status', {}, admin)) as CatalogStatus;
      await waitFor(async () => (await catalogStatus()).entryCount === modelCount);
      const afterFirst = source.requests.length;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(source.requests.length).toBe(afterFirst);

      time += 24 * 3_600_000 + 1;
      await waitFor(() => source.requests.length > afterFirst);
      expect(source.requests.at(-1)!.headers['if-none-match']).toBe(etag);
      await waitFor(async () => (await catalogStatus()).checkedAt === new Date(time).toISOString());

      await harness.gateway.admin.call(
        'settings.update',
        { body: { catalog: { autoRefresh: false } } },
        admin,
      );
      const beforeDisabled = source.requests.length;
      time += 48 * 3_600_000;
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(source.requests.length).toBe(beforeDisabled);
    } finally {
      await harness.stop();
      await source.close();
    }
  });
});
