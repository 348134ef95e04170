import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, startRefusingPort, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { readLitellmCatalog, startCatalogSource, type CatalogSourceServer } from './catalog-source-server.ts';

const { text: catalogText, json: catalogJson } = readLitellmCatalog();
const price = (id: string) => (catalogJson[id] as Record<string, number>).input_cost_per_token;

let source: CatalogSourceServer;
let harness: TestGateway;
const upstreams: MockUpstream[] = [];

async function mock(models: string[]): Promise<MockUpstream> {
  const upstream = await startMockUpstream({ models });
  upstreams.push(upstream);
  return upstream;
}

async function createProvider(body: Record<string, unknown>): Promise<string> {
  const created = await harness.api('POST', '/api/providers', body);
  expect(created.status).toBe(201);
  return created.body.id;
}

async function importModels(providerId: string, body?: unknown) {
  return harness.api('POST', `/api/providers/${providerId}/import-models`, body);
}

beforeAll(async () => {
  source = await startCatalogSource({ body: catalogText });
  harness = await startTestGateway({ catalog: { url: source.url } });
  expect((await harness.api('POST', '/api/catalog/refresh')).body.outcome).toBe('updated');
});

afterAll(async () => {
  await harness?.stop();
  await Promise.all(upstreams.map((upstream) => upstream.close()));
  await source?.close();
});

describe('POST /api/providers/:id/import-models', () => {
  it('OpenAI family: GET {baseUrl}/models with the Bearer key; creates missing models, priced from the catalog', async () => {
    const upstream = await mock(['gpt-4o-mini', 'my-finetune-1']);
    const providerId = await createProvider({
      preset: 'openai',
      name: 'OpenAI mock',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'sk-test-import-0001',
    });
    const imported = await importModels(providerId);
    expect(imported.status).toBe(200);
    const received = upstream.lastRequest()!;
    expect([received.method, received.path]).toEqual(['GET', '/v1/models']);
    expect(received.headers.authorization).toBe('Bearer sk-test-import-0001');
    expect(
      imported.body.data.map((model: any) => [model.name, model.upstreamModel, model.catalogId]),
    ).toEqual([
      ['gpt-4o-mini', 'gpt-4o-mini', 'gpt-4o-mini'],
      ['my-finetune-1', 'my-finetune-1', undefined],
    ]);
    expect(imported.body.data[0].inputCostPerToken).toBe(price('gpt-4o-mini'));
    expect(imported.body.data[1]).not.toHaveProperty('inputCostPerToken');

    upstream.setModels(['gpt-4o-mini', 'my-finetune-1', 'my-finetune-2']);
    const again = await importModels(providerId);
    expect(again.body.data.map((model: any) => model.name)).toEqual(['my-finetune-2']);
    expect(again.body.skipped).toEqual([
      { id: 'gpt-4o-mini', reason: 'already imported' },
      { id: 'my-finetune-1', reason: 'already imported' },
    ]);
  });

  it('names a model <provider>/<id> when another provider already uses the id', async () => {
    const upstream = await mock(['gpt-4o-mini']);
    const providerId = await createProvider({
      preset: 'openai-compatible',
      name: 'Relay',
      baseUrl: `${upstream.url}/v1`,
    });
    const imported = await importModels(providerId);
    expect(imported.body.data[0]).toMatchObject({
      name: 'Relay/gpt-4o-mini',
      upstreamModel: 'gpt-4o-mini',
      catalogId: 'gpt-4o-mini',
    });
    expect(upstream.lastRequest()!.headers.authorization).toBeUndefined();
  });

  it('Anthropic family: GET {baseUrl}/v1/models with x-api-key and anthropic-version', async () => {
    const upstream = await mock(['claude-sonnet-4-5', 'claude-haiku-4-5']);
    const providerId = await createProvider({
      preset: 'anthropic',
      baseUrl: upstream.url,
      apiKey: 'sk-ant-test-0002',
    });
    const imported = await importModels(providerId);
    expect(imported.status).toBe(200);
    const received = upstream.lastRequest()!;
    expect(received.path).toBe('/v1/models');
    expect(received.headers['x-api-key']).toBe('sk-ant-test-0002');
    expect(received.headers['anthropic-version']).toBeDefined();
    expect(received.headers.authorization).toBeUndefined();
    expect(imported.body.data.map((model: any) => model.catalogId)).toEqual([
      'claude-sonnet-4-5',
      'claude-haiku-4-5',
    ]);
    expect(imported.body.data[0].inputCostPerToken).toBe(price('claude-sonnet-4-5'));
  });

  it('Gemini family: GET {baseUrl}/v1beta/models with x-goog-api-key; ids lose "models/", match gemini/ entries', async () => {
    const upstream = await mock(['gemini-2.5-flash']);
    const providerId = await createProvider({
      preset: 'gemini',
      baseUrl: upstream.url,
      apiKey: 'AIza-test-key-0003',
    });
    const imported = await importModels(providerId);
    expect(imported.status).toBe(200);
    const received = upstream.lastRequest()!;
    expect(received.path).toBe('/v1beta/models');
    expect(received.headers['x-goog-api-key']).toBe('AIza-test-key-0003');
    expect(imported.body.data[0]).toMatchObject({
      name: 'gemini-2.5-flash',
      upstreamModel: 'gemini-2.5-flash',
      catalogId: 'gemini/gemini-2.5-flash',
      inputCostPerToken: price('gemini/gemini-2.5-flash'),
    });
  });

  it("prefers the preset vendor's own catalog entry and sends Azure's api-key header", async () => {
    const groq = await mock(['llama-3.1-8b-instant']);
    const groqId = await createProvider({
      preset: 'groq',
      baseUrl: `${groq.url}/openai/v1`,
      apiKey: 'gsk_test_0004',
    });
    const imported = await importModels(groqId);
    expect(groq.lastRequest()!.path).toBe('/openai/v1/models');
    expect(imported.body.data[0]).toMatchObject({
      catalogId: 'groq/llama-3.1-8b-instant',
      inputCostPerToken: price('groq/llama-3.1-8b-instant'),
    });

    const azure = await mock(['my-deployment']);
    const azureId = await createProvider({
      preset: 'azure-openai',
      baseUrl: `${azure.url}/openai/v1`,
      apiKey: 'azure-key-0005',
    });
    expect((await importModels(azureId)).status).toBe(200);
    expect(azure.lastRequest()!.path).toBe('/openai/v1/models');
    expect(azure.lastRequest()!.headers['api-key']).toBe('azure-key-0005');
    expect(azure.lastRequest()!.headers.authorization).toBeUndefined();
  });

  it('lists models with the key, version and configured headers a model call sends, in every family', async () => {
    const key = await harness.addKey({ name: 'import-parity' });
    const watched = [
      'authorization',
      'x-api-key',
      'x-goog-api-key',
      'api-key',
      'anthropic-version',
      'x-org-id',
    ];
    const pick = (headers: Record<string, unknown>) =>
      Object.fromEntries(
        watched.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]),
      );
    const families = [
      { preset: 'openai', path: '/v1', keyHeader: 'authorization' },
      { preset: 'azure-openai', path: '/openai/v1', keyHeader: 'api-key' },
      { preset: 'anthropic', path: '', keyHeader: 'x-api-key' },
      { preset: 'gemini', path: '', keyHeader: 'x-goog-api-key' },
    ];
    for (const { preset, path, keyHeader } of families) {
      const upstream = await mock(['parity-model']);
      const providerId = await createProvider({
        preset,
        name: `Parity ${preset}`,
        baseUrl: `${upstream.url}${path}`,
        apiKey: `key-${preset}-0007`,
        headers: { 'X-Org-Id': 'org-7' },
      });
      const imported = await importModels(providerId);
      expect(imported.status).toBe(200);
      const listed = pick(upstream.lastRequest()!.headers);
      const response = await fetch(`${harness.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({
          model: imported.body.data[0].name,
          messages: [{ role: 'user', content: 'Hello' }],
        }),
      });
      expect(response.status, await response.text()).toBe(200);
      const called = pick(upstream.lastRequest()!.headers);
      expect({ preset, listed }).toEqual({ preset, listed: called });
      expect(called[keyHeader]).toContain(`key-${preset}-0007`);
      expect(called['x-org-id']).toBe('org-7');
      expect(called['anthropic-version'] !== undefined).toBe(preset === 'anthropic');
    }
  });

  it('only ever calls the configured base URL, whatever the request body says', async () => {
    const upstream = await mock(['only-model']);
    const elsewhere = await mock(['other-model']);
    const providerId = await createProvider({ preset: 'vllm', name: 'vLLM', baseUrl: `${upstream.url}/v1` });
    const imported = await importModels(providerId, {
      url: `${elsewhere.url}/v1`,
      baseUrl: `${elsewhere.url}/v1`,
    });
    expect(imported.body.data.map((model: any) => model.name)).toEqual(['only-model']);
    expect(elsewhere.requests).toHaveLength(0);
  });

  it('answers 502 naming the provider (never the key) when the list fails, and 404 for an unknown provider', async () => {
    const server = createServer((request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: `bad key ${request.headers.authorization}` } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const providerId = await createProvider({
        preset: 'openai',
        name: 'Rejecting',
        baseUrl: `http://127.0.0.1:${port}/v1`,
        apiKey: 'sk-secret-never-shown-0006',
      });
      const rejected = await importModels(providerId);
      expect(rejected.status).toBe(502);
      expect(rejected.body.error.message).toContain('"Rejecting"');
      expect(rejected.body.error.message).toContain('401');
      expect(JSON.stringify(rejected.body)).not.toContain('sk-secret-never-shown-0006');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    const port = await startRefusingPort();
    const downId = await createProvider({
      preset: 'ollama',
      name: 'Down',
      baseUrl: `http://127.0.0.1:${port}/v1`,
    });
    expect((await importModels(downId)).status).toBe(502);
    expect((await importModels('prv_missing')).status).toBe(404);
    const models = (await harness.api('GET', '/api/models')).body.data;
    expect(models.some((model: any) => model.providerId === downId)).toBe(false);
  });
});
