import { describe, expect, it } from 'vitest';
import { createAdminService } from '../admin/create-admin-service.ts';
import { hashKey } from '../virtual-keys/hash-key.ts';
import { createMemorySecretStore } from '../secrets/memory-secret-store.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import { buildConfigSnapshot } from './build-config-snapshot.ts';

async function setup() {
  const repositories = createRepositories(openDatabase(':memory:'));
  const secretStore = createMemorySecretStore();
  const admin = createAdminService({
    repositories,
    secretStore,
    clock: { now: () => 0 },
    onConfigChanged: async () => undefined,
  });
  return { repositories, secretStore, admin };
}

describe('buildConfigSnapshot', () => {
  it('links providers, models, virtual models and keys with decrypted keys and merged timeouts', async () => {
    const { repositories, secretStore, admin } = await setup();
    await admin.updateSettings({ timeouts: { connectMs: 1111, idleMs: 2222 } });
    const openai = await admin.createProvider({
      name: 'OpenAI',
      protocol: 'openai',
      preset: 'openai',
      baseUrl: 'https://api.openai.com/v1/',
      apiKeys: ['sk-one-000000001', 'sk-two-000000002'],
      timeouts: { connectMs: 500 },
    });
    const local = await admin.createProvider({
      name: 'Local',
      protocol: 'openai',
      baseUrl: 'http://127.0.0.1:11434/v1',
      enabled: false,
    });
    const fast = await admin.createModel({
      providerId: openai.id,
      name: 'fast',
      upstreamModel: 'gpt-4o-mini',
    });
    const slow = await admin.createModel({ providerId: local.id, name: 'slow', inputCostPerToken: 0.000002 });
    await admin.createVirtualModel({
      name: 'auto',
      strategy: 'priority',
      targets: [
        { modelId: slow.id, weight: 3 },
        { modelId: fast.id, priority: 0 },
      ],
    });
    const key = await admin.createVirtualKey({
      name: 'dev',
      allowedModels: ['auto'],
      expiresAt: '2030-01-01T00:00:00Z',
    });
    const open = await admin.createVirtualKey({ name: 'open', rpm: 10 });

    const snapshot = await buildConfigSnapshot({ repositories, secretStore, version: 7 });
    expect(snapshot.version).toBe(7);
    const provider = snapshot.providers.get(openai.id)!;
    expect(provider).toMatchObject({
      baseUrl: 'https://api.openai.com/v1',
      apiKeys: ['sk-one-000000001', 'sk-two-000000002'],
      responsesApi: true,
      preset: 'openai',
      timeouts: { connectMs: 500, firstByteMs: 120_000, idleMs: 2222, totalMs: 1_800_000 },
    });
    expect(snapshot.providers.get(local.id)).toMatchObject({
      enabled: false,
      apiKeys: [],
      responsesApi: false,
    });
    expect(snapshot.providers.get(local.id)!.timeouts.connectMs).toBe(1111);

    expect(snapshot.modelsByName.get('fast')).toMatchObject({ upstreamModel: 'gpt-4o-mini', provider });
    expect(snapshot.modelsById.get(slow.id)).toMatchObject({ name: 'slow', inputCostPerToken: 0.000002 });
    const auto = snapshot.virtualModelsByName.get('auto')!;
    expect(auto.targets.map((target) => [target.model.name, target.weight, target.priority])).toEqual([
      ['slow', 3, 0],
      ['fast', 1, 0],
    ]);

    const keyRuntime = snapshot.keysByHash.get(hashKey(key.key))!;
    expect(keyRuntime).toMatchObject({ id: key.id, logBodies: false, isMonitoring: false });
    expect([...keyRuntime.allowedModels!]).toEqual(['auto']);
    expect(keyRuntime.expiresAt).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(snapshot.keysByHash.get(hashKey(open.key))).toMatchObject({ allowedModels: null, rpm: 10 });
    expect(snapshot.settings.timeouts.connectMs).toBe(1111);
  });

  it('builds an empty snapshot with default settings on a fresh database', async () => {
    const { repositories, secretStore } = await setup();
    const snapshot = await buildConfigSnapshot({ repositories, secretStore, version: 1 });
    expect(snapshot.providers.size + snapshot.modelsByName.size + snapshot.keysByHash.size).toBe(0);
    expect(snapshot.settings.monitoring.enabled).toBe(false);
  });
});
