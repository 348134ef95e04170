import { revealSensitiveFields } from '../secrets/provider-sensitive-fields.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { ModelRecord } from '../storage/repositories/model-repository.ts';
import type { ProviderRecord } from '../storage/repositories/provider-repository.ts';
import type { VirtualKeyRecord } from '../storage/repositories/virtual-key-repository.ts';
import type { VirtualModelRecord } from '../storage/repositories/virtual-model-repository.ts';
import { readConfigRecords, type ConfigRecords } from './config-records.ts';
import { OverlayMap } from './overlay-map.ts';
import type {
  ConfigSnapshot,
  KeyRuntime,
  ModelRuntime,
  ProviderRuntime,
  VirtualModelRuntime,
} from './snapshot.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';

export interface BuildConfigSnapshotOptions {
  repositories: Repositories;
  secretStore: SecretStore;
  version: number;
}

/** Keep only the fields that are set, so they can be spread over defaults. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(
    Object.entries(value ?? {}).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}

async function providerRuntime(
  record: ProviderRecord,
  settings: Settings,
  secretStore: SecretStore,
): Promise<ProviderRuntime> {
  const apiKeys: string[] = [];
  for (const reference of record.apiKeyRefs) {
    // A wrong secret key rejects here: better to fail loudly than call upstreams without keys.
    const key = await secretStore.get(reference);
    if (key !== undefined && key !== '') apiKeys.push(key);
  }
  // Proxy passwords and credential headers live in the secret store; the record holds masks.
  const revealed = await revealSensitiveFields(secretStore, record.id, record);
  const runtime: ProviderRuntime = {
    id: record.id,
    name: record.name,
    protocol: record.protocol,
    baseUrl: record.baseUrl.replace(/\/+$/, ''),
    enabled: record.enabled,
    apiKeys,
    headers: revealed.headers,
    responsesApi: record.responsesApi ?? record.preset === 'openai',
    quirks: { ...record.quirks },
    timeouts: { ...settings.timeouts, ...definedOnly(record.timeouts) },
  };
  if (record.preset !== undefined) runtime.preset = record.preset;
  if (revealed.proxyUrl !== undefined) runtime.proxyUrl = revealed.proxyUrl;
  if (record.relayIsolation !== undefined) runtime.relayIsolation = { ...record.relayIsolation };
  return runtime;
}

function keyRuntime(record: VirtualKeyRecord): KeyRuntime {
  const runtime: KeyRuntime = {
    id: record.id,
    name: record.name,
    hash: record.keyHash,
    enabled: record.enabled,
    allowedModels: record.allowedModels.length === 0 ? null : new Set(record.allowedModels),
    logBodies: record.logBodies ?? false,
    isMonitoring: record.isMonitoring,
  };
  if (record.rpm !== undefined) runtime.rpm = record.rpm;
  if (record.tpm !== undefined) runtime.tpm = record.tpm;
  if (record.maxConcurrency !== undefined) runtime.maxConcurrency = record.maxConcurrency;
  if (record.budgetUsd !== undefined) runtime.budgetUsd = record.budgetUsd;
  if (record.budgetPeriod !== undefined) runtime.budgetPeriod = record.budgetPeriod;
  if (record.expiresAt !== undefined) runtime.expiresAt = Date.parse(record.expiresAt);
  if (record.allowedIps !== undefined) runtime.allowedIps = [...record.allowedIps];
  if (record.defaultModel !== undefined) runtime.defaultModel = record.defaultModel;
  return runtime;
}

function modelRuntime(record: ModelRecord, provider: ProviderRuntime): ModelRuntime {
  const runtime: ModelRuntime = {
    id: record.id,
    name: record.name,
    upstreamModel: record.upstreamModel,
    enabled: record.enabled,
    provider,
  };
  if (record.inputCostPerToken !== undefined) runtime.inputCostPerToken = record.inputCostPerToken;
  if (record.outputCostPerToken !== undefined) runtime.outputCostPerToken = record.outputCostPerToken;
  if (record.cacheReadCostPerToken !== undefined)
    runtime.cacheReadCostPerToken = record.cacheReadCostPerToken;
  if (record.cacheWriteCostPerToken !== undefined)
    runtime.cacheWriteCostPerToken = record.cacheWriteCostPerToken;
  if (record.contextWindow !== undefined) runtime.contextWindow = record.contextWindow;
  if (record.maxOutputTokens !== undefined) runtime.maxOutputTokens = record.maxOutputTokens;
  return runtime;
}

function virtualModelRuntime(
  record: VirtualModelRecord,
  modelsById: ReadonlyMap<string, ModelRuntime>,
): VirtualModelRuntime {
  const targets: VirtualModelRuntime['targets'] = [];
  for (const [index, target] of record.targets.entries()) {
    const model = modelsById.get(target.modelId);
    // Without an explicit priority, list order is the failover order.
    if (model) targets.push({ model, weight: target.weight ?? 1, priority: target.priority ?? index });
  }
  const runtime: VirtualModelRuntime = {
    id: record.id,
    name: record.name,
    enabled: record.enabled,
    strategy: record.strategy,
    targets,
    promptRules: record.promptRules,
  };
  if (record.paramOverrides !== undefined) runtime.paramOverrides = record.paramOverrides;
  if (record.maxAttempts !== undefined) runtime.maxAttempts = record.maxAttempts;
  return runtime;
}

/** Builds snapshots, reusing what it built before from the same record objects. */
export interface ConfigSnapshotBuilder {
  build(records: ConfigRecords, version: number): Promise<ConfigSnapshot>;
}

interface ModelMaps {
  providers: ReadonlyMap<string, ProviderRuntime>;
  modelsById: OverlayMap<string, ModelRuntime>;
  modelsByName: OverlayMap<string, ModelRuntime>;
}

function sameEntries<K, V>(left: ReadonlyMap<K, V>, right: ReadonlyMap<K, V>): boolean {
  if (left.size !== right.size) return false;
  for (const [key, value] of left) if (right.get(key) !== value) return false;
  return true;
}

/**
 * The snapshot builder the gateway keeps. Runtime objects are reused for
 * record objects seen before (unchanged since, see create-config-record-cache.ts):
 * a provider is rebuilt (its keys decrypted again) only when its record or the
 * settings changed, a model only when its record or its provider's runtime did.
 * When only models were written and every provider runtime is the one before,
 * the model maps are the previous ones with those models changed (OverlayMap),
 * so editing one model among 10,000 costs about as much as among ten. Anything
 * else (a provider or the settings changed, a first or full read) walks every model.
 */
export function createConfigSnapshotBuilder(options: { secretStore: SecretStore }): ConfigSnapshotBuilder {
  const providerCache = new WeakMap<ProviderRecord, { settings: Settings; runtime: ProviderRuntime }>();
  const modelCache = new WeakMap<ModelRecord, ModelRuntime>();
  const keyCache = new WeakMap<VirtualKeyRecord, KeyRuntime>();
  let previous: ModelMaps | undefined;
  // Models written but not yet in a built snapshot: kept until a build succeeds.
  const unbuilt = new Set<string>();
  let walkAll = true;

  function model(record: ModelRecord, provider: ProviderRuntime): ModelRuntime {
    let runtime = modelCache.get(record);
    if (runtime?.provider !== provider) {
      runtime = modelRuntime(record, provider);
      modelCache.set(record, runtime);
    }
    return runtime;
  }

  function allModels(records: ConfigRecords, providers: ReadonlyMap<string, ProviderRuntime>): ModelMaps {
    const modelsById = new Map<string, ModelRuntime>();
    const modelsByName = new Map<string, ModelRuntime>();
    for (const record of records.models.values()) {
      const provider = providers.get(record.providerId);
      if (!provider) continue; // impossible with the foreign key; keeps the types honest
      const runtime = model(record, provider);
      modelsById.set(runtime.id, runtime);
      modelsByName.set(runtime.name, runtime);
    }
    return { providers, modelsById: OverlayMap.of(modelsById), modelsByName: OverlayMap.of(modelsByName) };
  }

  function changedModels(records: ConfigRecords, before: ModelMaps): ModelMaps {
    const byId: Array<[string, ModelRuntime | undefined]> = [];
    const byName = new Map<string, ModelRuntime | undefined>();
    // Old names go first: within one batch a model may take a name another one gave up.
    for (const id of unbuilt) {
      const old = before.modelsById.get(id);
      if (old) byName.set(old.name, undefined);
    }
    for (const id of unbuilt) {
      const record = records.models.get(id);
      const provider = record && before.providers.get(record.providerId);
      const runtime = record && provider ? model(record, provider) : undefined;
      byId.push([id, runtime]);
      if (runtime) byName.set(runtime.name, runtime);
    }
    return {
      providers: before.providers,
      modelsById: before.modelsById.with(byId),
      modelsByName: before.modelsByName.with(byName),
    };
  }

  return {
    async build(records, version) {
      const { settings } = records;
      if (records.changedModelIds === undefined) walkAll = true;
      else for (const id of records.changedModelIds) unbuilt.add(id);

      const providers = new Map<string, ProviderRuntime>();
      for (const record of records.providers.values()) {
        let cached = providerCache.get(record);
        if (cached?.settings !== settings) {
          cached = { settings, runtime: await providerRuntime(record, settings, options.secretStore) };
          providerCache.set(record, cached);
        }
        providers.set(record.id, cached.runtime);
      }

      // Past a sixteenth of the models, one walk is cheaper than that many overlay changes.
      const incremental =
        !walkAll &&
        previous !== undefined &&
        unbuilt.size <= 64 + previous.modelsById.size / 16 &&
        sameEntries(previous.providers, providers);
      const maps = incremental ? changedModels(records, previous!) : allModels(records, providers);
      const { modelsById, modelsByName } = maps;

      // Few, and each links to model runtimes that may be new: rebuilt every time.
      const virtualModelsByName = new Map<string, VirtualModelRuntime>();
      for (const record of records.virtualModels.values())
        virtualModelsByName.set(record.name, virtualModelRuntime(record, modelsById));

      const keysByHash = new Map<string, KeyRuntime>();
      for (const record of records.virtualKeys.values()) {
        let key = keyCache.get(record);
        if (!key) {
          key = keyRuntime(record);
          keyCache.set(record, key);
        }
        keysByHash.set(key.hash, key);
      }

      previous = maps;
      unbuilt.clear();
      walkAll = false;
      return {
        version,
        providers: maps.providers,
        modelsById,
        modelsByName,
        virtualModelsByName,
        keysByHash,
        settings,
      };
    },
  };
}

/**
 * Read the whole configuration once and build the immutable snapshot the hot
 * path reads: provider keys decrypted, provider timeouts over the global ones,
 * models linked to their providers, virtual model targets linked to models.
 * Disabled objects are included; the hot path checks `enabled`.
 */
export async function buildConfigSnapshot(options: BuildConfigSnapshotOptions): Promise<ConfigSnapshot> {
  const builder = createConfigSnapshotBuilder({ secretStore: options.secretStore });
  return builder.build(await readConfigRecords(options.repositories), options.version);
}
