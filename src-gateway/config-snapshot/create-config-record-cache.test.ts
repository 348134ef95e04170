import { describe, expect, it } from 'vitest';
import { createAdminService } from '../admin/create-admin-service.ts';
import { createMemorySecretStore } from '../secrets/memory-secret-store.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import { buildConfigSnapshot, createConfigSnapshotBuilder } from './build-config-snapshot.ts';
import { createConfigRecordCache } from './create-config-record-cache.ts';
import type { ConfigSnapshot } from './snapshot.ts';

/**
 * What the hot path can observe, as plain data (runtime objects compared by their fields).
 * Sorted: models created in the same millisecond are stored in id order, kept in write order.
 */
function observable(snapshot: ConfigSnapshot) {
  const sorted = <T>(entries: Array<[string, T]>) =>
    entries.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const model = (runtime: { id: string; provider: { id: string; apiKeys: string[] } } & object) => ({
    ...runtime,
    provider: `${runtime.provider.id} ${runtime.provider.apiKeys.join(',')}`,
  });
  return {
    providers: [...snapshot.providers.values()],
    modelsById: sorted([...snapshot.modelsById].map(([id, runtime]) => [id, model(runtime)])),
    modelsByName: sorted([...snapshot.modelsByName].map(([name, runtime]) => [name, model(runtime)])),
    virtualModels: sorted(
      [...snapshot.virtualModelsByName].map(([name, runtime]) => [
        name,
        { ...runtime, targets: runtime.targets.map((target) => ({ ...target, model: model(target.model) })) },
      ]),
    ),
    keys: [...snapshot.keysByHash.keys()],
    settings: snapshot.settings,
  };
}

async function setup() {
  const storage = createRepositories(openDatabase(':memory:'));
  const records = createConfigRecordCache(storage);
  const secretStore = createMemorySecretStore();
  const builder = createConfigSnapshotBuilder({ secretStore });
  let version = 0;
  let current = await builder.build(await records.read(), ++version);
  const admin = createAdminService({
    repositories: records.repositories,
    secretStore,
    clock: { now: () => Date.now() },
    onConfigChanged: async () => {
      current = await builder.build(await records.read(), ++version);
    },
  });
  /** The kept-current snapshot must equal one built from scratch from the database. */
  const expectCurrent = async () => {
    const fresh = await buildConfigSnapshot({ repositories: storage, secretStore, version });
    expect(observable(current)).toEqual(observable(fresh));
    return current;
  };
  return { admin, storage, records, expectCurrent, snapshot: () => current };
}

describe('snapshot kept current from noted writes', () => {
  it('equals a snapshot built from the database after every kind of admin write', async () => {
    const { admin, expectCurrent } = await setup();
    const one = await admin.createProvider({
      name: 'one',
      protocol: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
      apiKey: 'sk-one-0000000001',
    });
    const two = await admin.createProvider({
      name: 'two',
      protocol: 'anthropic',
      baseUrl: 'http://127.0.0.1:9',
    });
    const created = await admin.createModels(
      Array.from({ length: 50 }, (_, index) => ({
        providerId: index % 2 ? one.id : two.id,
        name: `m${index}`,
      })),
    );
    await expectCurrent();
    const a = created[0]!;
    const b = created[1]!;
    await admin.createVirtualModel({
      name: 'auto',
      strategy: 'priority',
      targets: [{ modelId: a.id }, { modelId: b.id }],
    });
    await admin.createVirtualKey({ name: 'dev' });
    await expectCurrent();

    // Two models swap names through a third: byName must follow each step.
    await admin.updateModel(a.id, { name: 'swap' });
    await admin.updateModel(b.id, { name: 'm0', inputCostPerToken: 0.000001 });
    await admin.updateModel(a.id, { name: 'm1', upstreamModel: 'up-1' });
    let snapshot = await expectCurrent();
    expect(snapshot.modelsByName.get('m1')?.id).toBe(a.id);
    expect(snapshot.virtualModelsByName.get('auto')?.targets[0]?.model.upstreamModel).toBe('up-1');

    await admin.updateModel(created[2]!.id, { providerId: one.id, enabled: false });
    await admin.deleteModel(created[3]!.id);
    await expectCurrent();

    // A provider's new key reaches its models; settings reach every provider.
    await admin.updateProvider(one.id, { apiKey: 'sk-one-0000000002' });
    snapshot = await expectCurrent();
    expect(snapshot.modelsById.get(b.id)?.provider.apiKeys).toEqual(['sk-one-0000000002']);
    await admin.updateSettings({ timeouts: { connectMs: 1234 } });
    snapshot = await expectCurrent();
    expect(snapshot.modelsById.get(b.id)?.provider.timeouts.connectMs).toBe(1234);

    await admin.createModels(
      Array.from({ length: 300 }, (_, index) => ({ providerId: two.id, name: `n${index}` })),
    );
    await expectCurrent();
    await admin.updateModel(a.id, { enabled: false });
    await expectCurrent();
  });

  it('reuses the runtime of every model that was not written', async () => {
    const { admin, snapshot } = await setup();
    const provider = await admin.createProvider({
      name: 'p',
      protocol: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    const [a, b] = await admin.createModels([
      { providerId: provider.id, name: 'a' },
      { providerId: provider.id, name: 'b' },
    ]);
    const before = snapshot();
    await admin.updateModel(a!.id, { enabled: false });
    const after = snapshot();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.modelsById.get(b!.id)).toBe(before.modelsById.get(b!.id));
    expect(after.modelsById.get(a!.id)).not.toBe(before.modelsById.get(a!.id));
    expect(before.modelsById.get(a!.id)?.enabled).toBe(true);
  });

  it('reads everything again after invalidate (writes made straight to the database)', async () => {
    const { admin, storage, records } = await setup();
    const provider = await admin.createProvider({
      name: 'p',
      protocol: 'openai',
      baseUrl: 'http://127.0.0.1:9/v1',
    });
    const model = await admin.createModel({ providerId: provider.id, name: 'a' });
    await storage.models.update({ ...model, name: 'renamed behind its back' });
    expect((await records.read()).models.get(model.id)?.name).toBe('a');
    records.invalidate();
    expect((await records.read()).models.get(model.id)?.name).toBe('renamed behind its back');
  });
});
