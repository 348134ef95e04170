import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAdminTestServer, type AdminTestServer } from './admin-test-server.ts';

let server: AdminTestServer;
let token: string;

beforeEach(async () => {
  server = await startAdminTestServer();
  token = await server.login();
});
afterEach(async () => {
  await server.close();
});

const call = (method: string, path: string, body?: unknown) => server.request(method, path, { body, token });

/**
 * An error answer in the contract's error shape (the object IPC sends too): the status repeated in
 * the body and, for invalid input, `details` naming each field that failed.
 */
function expectError(
  answer: { status: number; body: unknown },
  status: number,
  code?: string,
  fields?: string[],
) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    error: {
      status,
      code: code ?? expect.any(String),
      message: expect.any(String),
      ...(fields ? { details: fields.map((path) => ({ path, message: expect.any(String) })) } : {}),
    },
  });
}

async function createProvider(name = 'OpenAI') {
  const answer = await call('POST', '/api/providers', {
    name,
    protocol: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    apiKey: 'sk-test-provider-key-7777',
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('admin API: providers', () => {
  it('creates, lists, reads, patches and deletes with the documented statuses and shapes', async () => {
    const before = server.configChanges();
    const created = await createProvider();
    expect(created).toMatchObject({
      id: expect.any(String),
      name: 'OpenAI',
      protocol: 'openai',
      enabled: true,
      apiKeyHint: '7777',
      apiKeyCount: 1,
    });
    expect(created).not.toHaveProperty('apiKey');
    expect(server.configChanges()).toBe(before + 1);

    const list = await call('GET', '/api/providers');
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [created] });

    const read = await call('GET', `/api/providers/${created.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created);

    const patched = await call('PATCH', `/api/providers/${created.id}`, {
      enabled: false,
      responsesApi: true,
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      ...created,
      enabled: false,
      responsesApi: true,
      updatedAt: expect.any(String),
    });

    const removed = await call('DELETE', `/api/providers/${created.id}`);
    expect(removed.status).toBe(204);
    expect(removed.text).toBe('');
    expectError(await call('GET', `/api/providers/${created.id}`), 404, 'not_found');
    expectError(await call('PATCH', `/api/providers/${created.id}`, { enabled: true }), 404, 'not_found');
    expectError(await call('DELETE', `/api/providers/${created.id}`), 404, 'not_found');
  });

  it('answers 400 naming the field, 400 invalid_json and 409 on a duplicate name', async () => {
    const invalid = await call('POST', '/api/providers', {
      name: 'x',
      protocol: 'smtp',
      baseUrl: 'https://a.example',
    });
    expectError(invalid, 400, 'invalid_request', ['protocol']);
    expect(invalid.body.error.message).toContain('protocol');

    const broken = await server.request('POST', '/api/providers', { raw: '{"name": ', token });
    expectError(broken, 400, 'invalid_json');

    await createProvider('Same');
    const duplicate = await call('POST', '/api/providers', {
      name: 'Same',
      protocol: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
    });
    expectError(duplicate, 409, 'conflict');
    expect(duplicate.body.error.message).toContain('Same');
  });
});

describe('admin API: models and virtual models', () => {
  it('enforces references, shared names and delete conflicts naming the referrer', async () => {
    const provider = await createProvider();
    expectError(
      await call('POST', '/api/models', { providerId: 'prv_unknown', name: 'm' }),
      400,
      'invalid_reference',
    );

    const model = await call('POST', '/api/models', { providerId: provider.id, name: 'gpt-4o' });
    expect(model.status).toBe(201);
    expect(model.body).toMatchObject({ name: 'gpt-4o', upstreamModel: 'gpt-4o', enabled: true });
    expectError(await call('POST', '/api/models', { providerId: provider.id, name: 'gpt-4o' }), 409);

    const badTarget = await call('POST', '/api/virtual-models', {
      name: 'smart',
      targets: [{ modelId: 'mdl_none' }],
    });
    expectError(badTarget, 400, 'invalid_reference');
    expectError(await call('POST', '/api/virtual-models', { name: 'gpt-4o' }), 409, 'conflict');

    const virtualModel = await call('POST', '/api/virtual-models', {
      name: 'smart',
      strategy: 'weighted',
      targets: [{ modelId: model.body.id, weight: 2 }],
      promptRules: [{ type: 'system', mode: 'prepend', text: 'Be brief. {{date}}' }],
    });
    expect(virtualModel.status).toBe(201);
    expect((await call('GET', '/api/virtual-models')).body.data).toEqual([virtualModel.body]);

    const blockedModel = await call('DELETE', `/api/models/${model.body.id}`);
    expectError(blockedModel, 409, 'conflict');
    expect(blockedModel.body.error.message).toContain('smart');
    const blockedProvider = await call('DELETE', `/api/providers/${provider.id}`);
    expectError(blockedProvider, 409, 'conflict');
    expect(blockedProvider.body.error.message).toContain('gpt-4o');

    const renamed = await call('PATCH', `/api/virtual-models/${virtualModel.body.id}`, {
      name: 'clever',
      targets: [],
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'clever', targets: [], strategy: 'weighted' });
    expect((await call('DELETE', `/api/models/${model.body.id}`)).status).toBe(204);
    expect((await call('DELETE', `/api/virtual-models/${virtualModel.body.id}`)).status).toBe(204);
    expect((await call('GET', '/api/models')).body).toEqual({ data: [] });
  });

  it('rejects an invalid prompt rule with the field path', async () => {
    const answer = await call('POST', '/api/virtual-models', {
      name: 'v',
      promptRules: [{ type: 'system', mode: 'sideways', text: 'x' }],
    });
    expectError(answer, 400, 'invalid_request', ['promptRules.0.mode']);
    expect(answer.body.error.message).toContain('promptRules.0');
  });
});

describe('admin API: virtual keys', () => {
  it('shows the key on create and rotate only', async () => {
    const created = await call('POST', '/api/virtual-keys', {
      name: 'laptop',
      allowedModels: ['gpt-4o'],
      rpm: 60,
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^sk-/);
    expect(created.body.keyHint).toBe(created.body.key.slice(-4));

    const read = await call('GET', `/api/virtual-keys/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.body).not.toHaveProperty('key');
    const { key: _key, ...withoutKey } = created.body;
    expect(read.body).toEqual(withoutKey);

    const patched = await call('PATCH', `/api/virtual-keys/${created.body.id}`, {
      rpm: null,
      budgetUsd: 5,
      budgetPeriod: 'month',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).not.toHaveProperty('rpm');
    expect(patched.body).not.toHaveProperty('key');
    expect(patched.body).toMatchObject({
      budgetUsd: 5,
      budgetPeriod: 'month',
      keyHint: created.body.keyHint,
    });

    const rotated = await call('POST', `/api/virtual-keys/${created.body.id}/rotate`);
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ id: created.body.id, name: 'laptop', budgetUsd: 5 });
    expect(rotated.body.key).toMatch(/^sk-/);
    expect(rotated.body.key).not.toBe(created.body.key);
    expectError(await call('POST', '/api/virtual-keys/vk_missing/rotate'), 404, 'not_found');
    expectError(await call('POST', '/api/virtual-keys', { name: 'laptop' }), 409, 'conflict');
    expectError(
      await call('POST', '/api/virtual-keys', { name: 'x', budgetPeriod: 'week' }),
      400,
      'invalid_request',
      ['budgetPeriod'],
    );
    expect((await call('DELETE', `/api/virtual-keys/${created.body.id}`)).status).toBe(204);
  });
});

describe('admin API: settings', () => {
  it('deep-merges PATCH and answers the whole object', async () => {
    const initial = await call('GET', '/api/settings');
    expect(initial.status).toBe(200);
    expect(initial.body.monitoring).toEqual({ enabled: false });

    const patched = await call('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { port: 3555 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...initial.body,
      monitoring: { enabled: true },
      lanStatus: { enabled: false, port: 3555 },
    });
    const second = await call('PATCH', '/api/settings', { lanStatus: { enabled: true } });
    expect(second.body.lanStatus).toEqual({ enabled: true, port: 3555 });
    expect(second.body.monitoring).toEqual({ enabled: true });
    expect((await call('GET', '/api/settings')).body).toEqual(second.body);

    const invalid = await call('PATCH', '/api/settings', { logging: { retentionDays: 0 } });
    expectError(invalid, 400, 'invalid_request', ['logging.retentionDays']);
    expect(invalid.body.error.message).toContain('logging.retentionDays');
    expectError(await call('PATCH', '/api/settings', [1, 2]), 400, 'invalid_request', ['body']);
  });
});

describe('admin API: authentication boundary and OpenAPI', () => {
  it('answers 401 without a valid bearer token on every protected route, and 404 for unknown routes', async () => {
    for (const [method, path] of [
      ['GET', '/api/providers'],
      ['POST', '/api/models'],
      ['GET', '/api/settings'],
      ['PATCH', '/api/settings'],
      ['GET', '/api/api-tokens'],
      ['GET', '/api/virtual-keys/x'],
      ['GET', '/api/nothing-here'],
    ] as const) {
      const anonymous = await server.request(method, path);
      expectError(anonymous, 401, 'unauthorized');
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
      expectError(await server.request(method, path, { token: 'not-a-token' }), 401);
    }
    expectError(await call('GET', '/api/nothing-here'), 404, 'not_found');
  });

  it('publishes OpenAPI 3.1 without login, listing every route with its schemas', async () => {
    const answer = await server.request('GET', '/api/openapi.json');
    expect(answer.status).toBe(200);
    const document = answer.body;
    expect(document.openapi).toBe('3.1.0');
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const expected = [
      'GET /openapi.json',
      'GET /auth/status',
      'POST /auth/setup',
      'POST /auth/login',
      'GET /auth/me',
      'POST /auth/logout',
      'POST /auth/password',
      'GET /api-tokens',
      'POST /api-tokens',
      'DELETE /api-tokens/{id}',
      'POST /virtual-keys/{id}/rotate',
      'GET /settings',
      'PATCH /settings',
      'POST /health-targets/{id}/run',
      'GET /monitoring',
      'GET /system',
      'POST /backups/config/export',
      'POST /backups/config/import',
      'POST /backups/database',
      'GET /routing/state',
      'POST /routing/targets/{modelId}/reset',
      'POST /virtual-models/{id}/preview',
      'GET /catalog',
      'POST /catalog/refresh',
      'GET /catalog/models',
      'GET /provider-presets',
      'GET /provider-presets/{id}',
      'POST /providers/{id}/import-models',
      'POST /providers/{id}/test',
      'POST /providers/{id}/catalog-models',
      'POST /models/{id}/apply-catalog',
      'GET /usage',
      'GET /usage/budgets',
      'GET /request-logs',
      'GET /request-logs/export',
      'GET /request-logs/{id}',
      'POST /request-logs/prune',
    ];
    for (const resource of ['providers', 'models', 'virtual-models', 'virtual-keys', 'health-targets']) {
      expected.push(`GET /${resource}`, `POST /${resource}`);
      expected.push(`GET /${resource}/{id}`, `PATCH /${resource}/{id}`, `DELETE /${resource}/{id}`);
    }
    expect(operations.sort()).toEqual(expected.sort());

    const createProvider = document.paths['/providers'].post;
    expect(createProvider.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/CreateProviderRequest',
    });
    const providerInput = document.components.schemas.CreateProviderRequest;
    // name, protocol and baseUrl may come from a preset, so the request itself requires none of them.
    expect(providerInput.properties).toHaveProperty('preset');
    expect(providerInput.required ?? []).not.toContain('name');
    expect(providerInput.required ?? []).not.toContain('enabled');
    expect(providerInput.properties.protocol.enum).toEqual(['openai', 'anthropic', 'gemini']);
    expect(document.components.schemas.Provider.properties).not.toHaveProperty('apiKey');
    expect(createProvider.responses['201']).toBeDefined();
    expect(createProvider.responses['409']).toBeDefined();
    expect(document.paths['/auth/login'].post.security).toEqual([]);
    expect(document.paths['/providers/{id}'].delete.parameters[0]).toMatchObject({ name: 'id', in: 'path' });
  });
});
