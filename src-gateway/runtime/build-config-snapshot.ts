import { settingsSchema } from '../../src-shared/schemas/settings.ts';
import { revealSensitiveFields } from '../secrets/provider-sensitive-fields.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { ProviderRecord } from '../storage/repositories/provider-repository.ts';
import type { VirtualKeyRecord } from '../storage/repositories/virtual-key-repository.ts';
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

/**
 * Read the whole configuration once and build the immutable snapshot the hot
 * path reads: provider keys decrypted, provider timeouts over the global ones,
 * models linked to their providers, virtual model targets linked to models.
 * Disabled objects are included; the hot path checks `enabled`.
 */
export async function buildConfigSnapshot(options: BuildConfigSnapshotOptions): Promise<ConfigSnapshot> {
  const { repositories, secretStore } = options;
  const settings = (await repositories.settings.get()) ?? settingsSchema.parse({});

  const providers = new Map<string, ProviderRuntime>();
  for (const record of await repositories.providers.list()) {
    providers.set(record.id, await providerRuntime(record, settings, secretStore));
  }

  const modelsById = new Map<string, ModelRuntime>();
  const modelsByName = new Map<string, ModelRuntime>();
  for (const record of await repositories.models.list()) {
    const provider = providers.get(record.providerId);
    if (!provider) continue; // impossible with the foreign key; keeps the types honest
    const {
      providerId: _providerId,
      createdAt: _createdAt,
      updatedAt: _updatedAt,
      capabilities: _capabilities,
      catalogId: _catalogId,
      ...fields
    } = record;
    const model: ModelRuntime = { ...fields, provider };
    modelsById.set(model.id, model);
    modelsByName.set(model.name, model);
  }

  const virtualModelsByName = new Map<string, VirtualModelRuntime>();
  for (const record of await repositories.virtualModels.list()) {
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
    virtualModelsByName.set(runtime.name, runtime);
  }

  const keysByHash = new Map<string, KeyRuntime>();
  for (const record of await repositories.virtualKeys.list())
    keysByHash.set(record.keyHash, keyRuntime(record));

  return {
    version: options.version,
    providers,
    modelsById,
    modelsByName,
    virtualModelsByName,
    keysByHash,
    settings,
  };
}
