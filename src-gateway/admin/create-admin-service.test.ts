import { describe, expect, it } from 'vitest';
import { createMemorySecretStore } from '../secrets/memory-secret-store.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import { AdminError } from '../lib/admin-error.ts';
import { createAdminService } from './create-admin-service.ts';
import { hashKey } from '../virtual-keys/hash-key.ts';

function setup() {
  const repositories = createRepositories(openDatabase(':memory:'));
  const secretStore = createMemorySecretStore();
  let changes = 0;
  let time = Date.parse('2026-03-01T10:00:00Z');
  const admin = createAdminService({
    repositories,
    secretStore,
    clock: { now: () => time },
    onConfigChanged: async () => {
      changes++;
    },
  });
  return {
    admin,
    repositories,
    secretStore,
    changes: () => changes,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

async function rejection(promise: Promise<unknown>): Promise<AdminError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AdminError);
  return error as AdminError;
}

const providerInput = { name: 'OpenAI', protocol: 'openai' as const, baseUrl: 'https://api.openai.com/v1' };

describe('createAdminService: providers', () => {
  it('keeps keys in the secret store and answers only a hint and a count', async () => {
    const { admin, repositories, secretStore, changes } = setup();
    const provider = await admin.createProvider({ ...providerInput, apiKey: 'sk-first-key-1111' });
    expect(provider).toMatchObject({ name: 'OpenAI', enabled: true, apiKeyHint: '1111', apiKeyCount: 1 });
    expect(provider).not.toHaveProperty('apiKey');
    expect(provider).not.toHaveProperty('apiKeyRefs');
    expect(provider.createdAt).toBe('2026-03-01T10:00:00.000Z');
    expect([...secretStore.entries]).toEqual([[`provider:${provider.id}:0`, 'sk-first-key-1111']]);
    expect(changes()).toBe(1);

    const updated = await admin.updateProvider(provider.id, { apiKeys: ['sk-a-key-aaaa', 'sk-b-key-bbbb'] });
    expect(updated).toMatchObject({ apiKeyHint: 'aaaa', apiKeyCount: 2, name: 'OpenAI' });
    expect(secretStore.entries.get(`provider:${provider.id}:1`)).toBe('sk-b-key-bbbb');

    const cleared = await admin.updateProvider(provider.id, { apiKey: null, headers: { 'X-A': 'b' } });
    expect(cleared).toMatchObject({ apiKeyHint: null, apiKeyCount: 0, headers: { 'X-A': 'b' } });
    expect(secretStore.entries.size).toBe(0);
    expect((await repositories.providers.get(provider.id))?.apiKeyRefs).toEqual([]);
    expect(await admin.updateProvider(provider.id, { headers: null })).not.toHaveProperty('headers');
  });

  it('refuses duplicate names, unknown ids and deleting a provider that has models', async () => {
    const { admin, secretStore } = setup();
    const provider = await admin.createProvider({ ...providerInput, apiKey: 'sk-provider-key-9999' });
    expect((await rejection(admin.createProvider(providerInput))).status).toBe(409);
    expect((await rejection(admin.getProvider('prv_missing'))).status).toBe(404);
    await admin.createModel({ providerId: provider.id, name: 'gpt-4o' });
    const inUse = await rejection(admin.deleteProvider(provider.id));
    expect(inUse.status).toBe(409);
    expect(inUse.message).toContain('"gpt-4o"');
    const model = (await admin.listModels())[0]!;
    await admin.deleteModel(model.id);
    await admin.deleteProvider(provider.id);
    expect(secretStore.entries.size).toBe(0);
    expect(await admin.listProviders()).toEqual([]);
  });

  it('answers 400 naming the field for invalid input', async () => {
    const { admin } = setup();
    const error = await rejection(admin.createProvider({ ...providerInput, baseUrl: 'ftp://x' }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^baseUrl: /);
  });
});

describe('createAdminService: models and virtual models', () => {
  it('defaults upstreamModel, checks references and shares names across models and virtual models', async () => {
    const { admin } = setup();
    const provider = await admin.createProvider(providerInput);
    const model = await admin.createModel({ providerId: provider.id, name: 'fast' });
    expect(model.upstreamModel).toBe('fast');
    expect((await rejection(admin.createModel({ providerId: 'prv_nope', name: 'x' }))).status).toBe(400);
    expect((await rejection(admin.createVirtualModel({ name: 'fast' }))).status).toBe(409);
    const missingTarget = await rejection(
      admin.createVirtualModel({ name: 'v', targets: [{ modelId: 'mdl_x' }] }),
    );
    expect(missingTarget.status).toBe(400);
    expect(missingTarget.message).toContain('targets.0.modelId');

    const virtualModel = await admin.createVirtualModel({ name: 'smart', targets: [{ modelId: model.id }] });
    expect(virtualModel).toMatchObject({ strategy: 'priority', promptRules: [], enabled: true });
    expect((await rejection(admin.createModel({ providerId: provider.id, name: 'smart' }))).status).toBe(409);
    expect((await rejection(admin.updateModel(model.id, { name: 'smart' }))).status).toBe(409);

    const inUse = await rejection(admin.deleteModel(model.id));
    expect(inUse.status).toBe(409);
    expect(inUse.message).toContain('"smart"');
    await admin.updateVirtualModel(virtualModel.id, { targets: [] });
    await admin.deleteModel(model.id);
    expect(await admin.listModels()).toEqual([]);
  });

  it('patches only the given fields and clears nullable ones', async () => {
    const { admin, advance } = setup();
    const provider = await admin.createProvider(providerInput);
    const model = await admin.createModel({
      providerId: provider.id,
      name: 'm',
      inputCostPerToken: 0.000001,
    });
    advance(1000);
    const updated = await admin.updateModel(model.id, { inputCostPerToken: null, contextWindow: 8192 });
    expect(updated).not.toHaveProperty('inputCostPerToken');
    expect(updated).toMatchObject({ name: 'm', contextWindow: 8192, createdAt: model.createdAt });
    expect(updated.updatedAt).toBe('2026-03-01T10:00:01.000Z');
    expect(await admin.getModel(model.id)).toEqual(updated);
  });
});

describe('createAdminService: virtual keys', () => {
  it('shows the key once, stores its hash, and rotates to a new secret', async () => {
    const { admin, repositories } = setup();
    const created = await admin.createVirtualKey({ name: 'dev', expiresAt: '2027-01-01T02:00:00+02:00' });
    expect(created.key).toMatch(/^sk-[A-Za-z0-9_-]{43}$/);
    expect(created.keyHint).toBe(created.key.slice(-4));
    expect(created).toMatchObject({ enabled: true, allowedModels: [], isMonitoring: false });
    expect(created.expiresAt).toBe('2027-01-01T00:00:00.000Z');
    expect((await repositories.virtualKeys.get(created.id))?.keyHash).toBe(hashKey(created.key));
    const listed = await admin.listVirtualKeys();
    expect(listed[0]).not.toHaveProperty('key');
    expect(listed[0]).not.toHaveProperty('keyHash');

    const rotated = await admin.rotateVirtualKey(created.id);
    expect(rotated.id).toBe(created.id);
    expect(rotated.key).not.toBe(created.key);
    expect(await repositories.virtualKeys.findByHash(hashKey(created.key))).toBeUndefined();
    expect((await repositories.virtualKeys.findByHash(hashKey(rotated.key)))?.id).toBe(created.id);
    expect((await rejection(admin.createVirtualKey({ name: 'dev' }))).status).toBe(409);
  });
});

describe('createAdminService: settings', () => {
  it('deep-merges a patch, validates the result and stores it whole', async () => {
    const { admin, changes } = setup();
    const defaults = await admin.getSettings();
    expect(defaults.lanStatus).toEqual({ enabled: false, port: 3001 });
    const updated = await admin.updateSettings({
      lanStatus: { port: 4000 },
      routing: { breaker: { cooldownMs: 500 } },
    });
    expect(updated.lanStatus).toEqual({ enabled: false, port: 4000 });
    expect(updated.routing.breaker).toEqual({ failureThreshold: 5, cooldownMs: 500, halfOpenProbes: 1 });
    expect(await admin.getSettings()).toEqual(updated);
    const before = changes();
    const invalid = await rejection(admin.updateSettings({ lanStatus: { port: 70000 } }));
    expect(invalid.status).toBe(400);
    expect(invalid.message).toContain('lanStatus.port');
    expect(changes()).toBe(before);
    expect((await admin.getSettings()).lanStatus.port).toBe(4000);
  });
});
