import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContract, ContractCallError, type ContractClient } from '../../src-shared/contract/index.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import type { AdminContract } from '../../src-shared/contract/admin-contract.ts';
import { registerAdminIpc, type IpcMainLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { readLitellmCatalog, startCatalogSource, type CatalogSourceServer } from './catalog-source-server.ts';

/**
 * The catalog slice of the admin contract through both bindings: HTTP (`/api`, a real gateway)
 * and IPC (`registerAdminIpc` over the same gateway's dispatcher, a fake `ipcMain`). Each
 * operation answers the same values and fails with the same status, code and message.
 */

type Handler = (event: { sender: { id: number } }, argument: unknown) => unknown;

let source: CatalogSourceServer;
let upstream: MockUpstream;
let harness: TestGateway;
let ipc: ContractClient<AdminContract>;
let unregister: () => void;

/** What an IPC failure carries, for comparing with the HTTP error body. */
async function ipcFailure(call: Promise<unknown>) {
  const error = await call.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ContractCallError);
  const { status, code, message, details } = error as ContractCallError;
  return { status, code, message, details };
}

/** Both bindings failed alike: same status, code and message (IPC adds the field details). */
async function expectSameError(
  http: Promise<{ status: number; body: any }>,
  ipcCall: Promise<unknown>,
  status: number,
  code: string,
) {
  const [httpAnswer, ipcError] = await Promise.all([http, ipcFailure(ipcCall)]);
  expect(httpAnswer.status).toBe(status);
  expect(httpAnswer.body.error.code).toBe(code);
  expect(ipcError).toMatchObject({ status, code, message: httpAnswer.body.error.message });
  return { message: httpAnswer.body.error.message as string, details: ipcError.details };
}

/** A created model without what differs between two creations (id, timestamps). */
function withoutIdentity(model: Record<string, unknown>) {
  const { id: _id, createdAt: _createdAt, updatedAt: _updatedAt, ...rest } = model;
  return rest;
}

async function createProvider(name: string, baseUrl: string): Promise<string> {
  const created = await harness.api('POST', '/api/providers', {
    name,
    protocol: 'openai',
    baseUrl,
    apiKey: 'sk-contract-catalog-0001',
  });
  expect(created.status).toBe(201);
  return created.body.id;
}

async function deleteModels(models: Array<{ id: string }>) {
  for (const model of models)
    expect((await harness.api('DELETE', `/api/models/${model.id}`)).status).toBe(204);
}

beforeAll(async () => {
  source = await startCatalogSource({ body: readLitellmCatalog().text, etag: '"v1"' });
  upstream = await startMockUpstream({ models: ['gpt-4o-mini', 'my-finetune-1'] });
  harness = await startTestGateway({ catalog: { url: source.url, bundled: false } });

  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => handlers.set(channel, listener as Handler),
    removeHandler: (channel) => handlers.delete(channel),
  };
  unregister = registerAdminIpc({
    ipcMain,
    dispatcher: harness.gateway.admin,
    isTrustedSender: () => true,
    principal: { adminId: 'adm_desktop', username: 'admin', via: 'login' },
  });
  ipc = createIpcClient(adminContract, async (channel, argument) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler for ${channel}`);
    return handler({ sender: { id: 1 } }, argument);
  });
});

afterAll(async () => {
  unregister?.();
  await harness?.stop();
  await upstream?.close();
  await source?.close();
});

describe('catalog.status and catalog.refresh', () => {
  it('report the same catalog over both bindings, before and after a refresh', async () => {
    const empty = await harness.api('GET', '/api/catalog');
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ source: 'none', entryCount: 0 });
    expect(await ipc.catalog.status({})).toEqual(empty.body);

    const refreshed = await harness.api('POST', '/api/catalog/refresh');
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.outcome).toBe('updated');
    // The source answers 304 to the cached ETag: the IPC refresh confirms the same catalog.
    const again = await ipc.catalog.refresh({});
    expect(again.outcome).toBe('not-modified');
    expect(again.status).toMatchObject({
      source: 'fetched',
      entryCount: refreshed.body.status.entryCount,
      updatedAt: refreshed.body.status.updatedAt,
    });
    expect(await ipc.catalog.status({})).toEqual((await harness.api('GET', '/api/catalog')).body);
  });
});

describe('catalog.search', () => {
  it('answers the same page for the same query, capability comma-separated, repeated or a list', async () => {
    const http = await harness.api(
      'GET',
      '/api/catalog/models?q=gpt-4o&capability=vision,tools&capability=responseSchema&page=2&page_size=5',
    );
    expect(http.status).toBe(200);
    expect(http.body).toMatchObject({ page: 2, pageSize: 5 });
    expect(http.body.data).toHaveLength(5);
    const query = { q: 'gpt-4o', page: 2, page_size: 5 };
    expect(await ipc.catalog.search({ ...query, capability: ['vision', 'tools', 'responseSchema'] })).toEqual(
      http.body,
    );
    expect(await ipc.catalog.search({ ...query, capability: 'vision,tools,responseSchema' })).toEqual(
      http.body,
    );
  });

  it('refuses an unknown capability and an oversized page alike, naming the field', async () => {
    const capability = await expectSameError(
      harness.api('GET', '/api/catalog/models?capability=telepathy'),
      ipc.catalog.search({ capability: 'telepathy' }),
      400,
      'invalid_request',
    );
    expect(capability.message).toMatch(/^capability\.0: /);
    expect(capability.details?.[0]?.path).toBe('capability.0');

    const pageSize = await expectSameError(
      harness.api('GET', '/api/catalog/models?page_size=501'),
      ipc.catalog.search({ page_size: 501 }),
      400,
      'invalid_request',
    );
    expect(pageSize.details?.[0]?.path).toBe('page_size');
  });
});

describe('presets.list and presets.get', () => {
  it('answer the same presets, and 404 for an unknown id', async () => {
    const list = await harness.api('GET', '/api/provider-presets');
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(5);
    expect(await ipc.presets.list({})).toEqual(list.body);

    const groq = await harness.api('GET', '/api/provider-presets/groq');
    expect(groq.body).toMatchObject({ id: 'groq', protocol: 'openai', catalogProvider: 'groq' });
    expect(await ipc.presets.get({ id: 'groq' })).toEqual(groq.body);

    const missing = await expectSameError(
      harness.api('GET', '/api/provider-presets/no-such-vendor'),
      ipc.presets.get({ id: 'no-such-vendor' }),
      404,
      'not_found',
    );
    expect(missing.message).toContain('no-such-vendor');
  });
});

describe('providers.create with a preset', () => {
  it('fills the rest from the preset over both bindings, and refuses an unknown preset alike', async () => {
    const request = { preset: 'groq', apiKey: 'gsk_contract_catalog_0001' };
    const http = await harness.api('POST', '/api/providers', { ...request, name: 'Groq over HTTP' });
    expect(http.status).toBe(201);
    expect(http.body).toMatchObject({ protocol: 'openai', preset: 'groq' });
    // The typed client asks for name, protocol and base URL; a preset stands in for them.
    const overIpc = await ipc.providers.create({ body: { ...request, name: 'Groq over IPC' } as never });
    const comparable = ({ id: _id, name: _name, createdAt: _c, updatedAt: _u, ...rest }: any) => rest;
    expect(comparable(overIpc)).toEqual(comparable(http.body));

    const unknown = await expectSameError(
      harness.api('POST', '/api/providers', { preset: 'no-such-vendor', apiKey: 'sk-x' }),
      ipc.providers.create({ body: { preset: 'no-such-vendor', apiKey: 'sk-x' } as never }),
      400,
      'invalid_request',
    );
    expect(unknown.message).toMatch(/^preset: /);
  });
});

describe('providers.importModels', () => {
  it("creates the upstream's models the same way over both bindings, then skips them alike", async () => {
    const providerId = await createProvider('Import mock', `${upstream.url}/v1`);
    const http = await harness.api('POST', `/api/providers/${providerId}/import-models`);
    expect(http.status).toBe(200);
    expect(http.body.skipped).toEqual([]);
    expect(http.body.data.map((model: any) => [model.name, model.catalogId])).toEqual([
      ['gpt-4o-mini', 'gpt-4o-mini'],
      ['my-finetune-1', undefined],
    ]);
    expect(upstream.lastRequest()).toMatchObject({ method: 'GET', path: '/v1/models' });

    await deleteModels(http.body.data);
    const overIpc = await ipc.providers.importModels({ id: providerId });
    expect(overIpc.data.map(withoutIdentity)).toEqual(http.body.data.map(withoutIdentity));

    const skippedOverHttp = await harness.api('POST', `/api/providers/${providerId}/import-models`);
    const skippedOverIpc = await ipc.providers.importModels({ id: providerId });
    expect(skippedOverHttp.body).toEqual({
      data: [],
      skipped: [
        { id: 'gpt-4o-mini', reason: 'already imported' },
        { id: 'my-finetune-1', reason: 'already imported' },
      ],
    });
    expect(skippedOverIpc).toEqual(skippedOverHttp.body);
  });

  it('fails alike: 404 for an unknown provider, 502 when the upstream cannot be reached', async () => {
    await expectSameError(
      harness.api('POST', '/api/providers/prv_missing/import-models'),
      ipc.providers.importModels({ id: 'prv_missing' }),
      404,
      'not_found',
    );
    const closed = await startMockUpstream();
    await closed.close();
    const downId = await createProvider('Import down', `${closed.url}/v1`);
    const down = await expectSameError(
      harness.api('POST', `/api/providers/${downId}/import-models`),
      ipc.providers.importModels({ id: downId }),
      502,
      'upstream_error',
    );
    expect(down.message).toContain('Import down');
    expect(down.message).not.toContain('sk-contract-catalog-0001');
  });
});

describe('providers.testConnection', () => {
  it('answers ok with the model count over both bindings, creating nothing', async () => {
    const providerId = await createProvider('Test mock', `${upstream.url}/v1`);
    const modelsBefore = (await harness.api('GET', '/api/models')).body.data.length;
    const http = await harness.api('POST', `/api/providers/${providerId}/test`);
    expect(http.status).toBe(200);
    expect(http.body).toEqual({ ok: true, latencyMs: expect.any(Number), modelCount: 2 });
    expect(upstream.lastRequest()).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(await ipc.providers.testConnection({ id: providerId })).toMatchObject({ ok: true, modelCount: 2 });
    expect((await harness.api('GET', '/api/models')).body.data.length).toBe(modelsBefore);
  });

  it('answers ok: false with the reason (no key in it) when the upstream is down, and 404 alike for an unknown provider', async () => {
    const closed = await startMockUpstream();
    await closed.close();
    const downId = await createProvider('Test down', `${closed.url}/v1`);
    const http = await harness.api('POST', `/api/providers/${downId}/test`);
    expect(http.status).toBe(200);
    expect(http.body).toMatchObject({ ok: false, message: expect.stringContaining('Test down') });
    expect(http.body.message).not.toContain('sk-contract-catalog-0001');
    expect(await ipc.providers.testConnection({ id: downId })).toMatchObject({
      ok: false,
      message: http.body.message,
    });
    await expectSameError(
      harness.api('POST', '/api/providers/prv_missing/test'),
      ipc.providers.testConnection({ id: 'prv_missing' }),
      404,
      'not_found',
    );
  });
});

describe('providers.addCatalogModels', () => {
  it('creates the same priced models over both bindings (201 over HTTP)', async () => {
    const providerId = await createProvider('Bulk mock', `${upstream.url}/v1`);
    const catalogIds = ['claude-sonnet-4-5', 'groq/llama-3.1-8b-instant'];
    const http = await harness.api('POST', `/api/providers/${providerId}/catalog-models`, { catalogIds });
    expect(http.status).toBe(201);
    expect(http.body.data.map((model: any) => [model.name, model.catalogId])).toEqual([
      ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
      ['llama-3.1-8b-instant', 'groq/llama-3.1-8b-instant'],
    ]);

    await deleteModels(http.body.data);
    const overIpc = await ipc.providers.addCatalogModels({ id: providerId, body: { catalogIds } });
    expect(overIpc.skipped).toEqual([]);
    expect(overIpc.data.map(withoutIdentity)).toEqual(http.body.data.map(withoutIdentity));
  });

  it('refuses an empty list (400 naming catalogIds), an unknown entry (400) and an unknown provider (404)', async () => {
    const providerId = await createProvider('Bulk refusals', `${upstream.url}/v1`);
    const empty = await expectSameError(
      harness.api('POST', `/api/providers/${providerId}/catalog-models`, { catalogIds: [] }),
      ipc.providers.addCatalogModels({ id: providerId, body: { catalogIds: [] } }),
      400,
      'invalid_request',
    );
    expect(empty.message).toMatch(/^catalogIds: /);
    expect(empty.details).toEqual([{ path: 'catalogIds', message: expect.any(String) }]);

    const unknown = await expectSameError(
      harness.api('POST', `/api/providers/${providerId}/catalog-models`, { catalogIds: ['no-such-model'] }),
      ipc.providers.addCatalogModels({ id: providerId, body: { catalogIds: ['no-such-model'] } }),
      400,
      'invalid_reference',
    );
    expect(unknown.message).toContain('catalogIds.0');

    await expectSameError(
      harness.api('POST', '/api/providers/prv_missing/catalog-models', { catalogIds: ['gpt-4o'] }),
      ipc.providers.addCatalogModels({ id: 'prv_missing', body: { catalogIds: ['gpt-4o'] } }),
      404,
      'not_found',
    );
  });
});

describe('models.applyCatalog', () => {
  it('copies the same entry onto a model over both bindings', async () => {
    const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'apply-target' });
    const http = await harness.api('POST', `/api/models/${modelId}/apply-catalog`, {
      catalogId: 'gpt-4o',
      overrides: { contextWindow: 4096 },
    });
    expect(http.status).toBe(200);
    expect(http.body).toMatchObject({ id: modelId, catalogId: 'gpt-4o', contextWindow: 4096 });
    const overIpc = await ipc.models.applyCatalog({
      id: modelId,
      body: { catalogId: 'gpt-4o', overrides: { contextWindow: 4096 } },
    });
    expect({ ...overIpc, updatedAt: undefined }).toEqual({ ...http.body, updatedAt: undefined });
  });

  it('fails alike: 404 unknown model, 400 unknown catalog entry, 400 naming a missing catalogId', async () => {
    const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'apply-refusals' });
    await expectSameError(
      harness.api('POST', '/api/models/mdl_missing/apply-catalog', { catalogId: 'gpt-4o' }),
      ipc.models.applyCatalog({ id: 'mdl_missing', body: { catalogId: 'gpt-4o' } }),
      404,
      'not_found',
    );
    const unknown = await expectSameError(
      harness.api('POST', `/api/models/${modelId}/apply-catalog`, { catalogId: 'no-such-model' }),
      ipc.models.applyCatalog({ id: modelId, body: { catalogId: 'no-such-model' } }),
      400,
      'invalid_reference',
    );
    expect(unknown.message).toContain('no-such-model');
    const missing = await expectSameError(
      harness.api('POST', `/api/models/${modelId}/apply-catalog`, {}),
      ipc.models.applyCatalog({ id: modelId, body: {} as never }),
      400,
      'invalid_request',
    );
    expect(missing.details?.[0]?.path).toBe('catalogId');
  });
});
