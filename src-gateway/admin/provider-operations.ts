import {
  createProviderInput,
  providerSchema,
  updateProviderInput,
  type Provider,
} from '../../src-shared/schemas/provider.ts';
import type { AdminService } from './admin-service.ts';
import { randomId } from '../lib/ids.ts';
import { applyProviderPreset } from '../providers/apply-provider-preset.ts';
import { providerRecordSchema, type ProviderRecord } from '../storage/repositories/provider-repository.ts';
import {
  applyPatch,
  assertNameFree,
  describeUsers,
  getOrNotFound,
  withUniqueConflict,
  type AdminContext,
} from './admin-context.ts';
import { conflict, parseInput } from '../lib/admin-error.ts';
import { deleteSensitiveFields, storeSensitiveFields } from '../secrets/provider-sensitive-fields.ts';

type ProviderOperations = Pick<
  AdminService,
  'listProviders' | 'getProvider' | 'createProvider' | 'updateProvider' | 'deleteProvider'
>;

/** Where a provider's n-th key lives in the secret store. */
export function providerKeyReference(providerId: string, index: number): string {
  return `provider:${providerId}:${index}`;
}

/** Whitelist the public fields: references and anything internal never leave. */
function toPublic(record: ProviderRecord): Provider {
  return providerSchema.parse(record);
}

/** The hint shown for a provider's keys: the first key's last 4 characters. */
export function keyHint(key: string | undefined): string | null {
  if (key === undefined) return null;
  // A hint must not give away most of a short key.
  return key.length >= 8 ? key.slice(-4) : '';
}

export function createProviderOperations(context: AdminContext): ProviderOperations {
  const { repositories, secretStore } = context;

  const load = (id: string): Promise<ProviderRecord> => getOrNotFound(repositories.providers, 'provider', id);

  /** Write the keys under fresh-index references and drop the references no longer used. */
  async function storeKeys(providerId: string, keys: string[], previous: string[]): Promise<string[]> {
    const references = keys.map((_, index) => providerKeyReference(providerId, index));
    for (const [index, key] of keys.entries()) await secretStore.set(references[index]!, key);
    for (const reference of previous)
      if (!references.includes(reference)) await secretStore.delete(reference);
    return references;
  }

  return {
    async listProviders() {
      return (await repositories.providers.list()).map(toPublic);
    },
    async getProvider(id) {
      return toPublic(await load(id));
    },
    async createProvider(raw) {
      // A preset fills protocol, base URL, quirks and responsesApi the request left out.
      const { apiKey, apiKeys, ...fields } = parseInput(createProviderInput, applyProviderPreset(raw));
      await assertNameFree(repositories.providers, 'provider', fields.name);
      const id = randomId('prv_', 16);
      const keys = [...(apiKey === undefined ? [] : [apiKey]), ...(apiKeys ?? [])];
      const now = context.now();
      const references = await storeKeys(id, keys, []);
      const sensitive = await storeSensitiveFields(secretStore, id, fields);
      const record = providerRecordSchema.parse({
        ...fields,
        ...sensitive,
        id,
        apiKeyRefs: references,
        apiKeyHint: keyHint(keys[0]),
        apiKeyCount: keys.length,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await withUniqueConflict('provider', fields.name, () => repositories.providers.insert(record));
      } catch (error) {
        await storeKeys(id, [], references);
        await deleteSensitiveFields(secretStore, id, sensitive);
        throw error;
      }
      await context.changed();
      return toPublic(record);
    },
    async updateProvider(id, raw) {
      const patch = parseInput(updateProviderInput, raw);
      const existing = await load(id);
      if (patch.name !== undefined) await assertNameFree(repositories.providers, 'provider', patch.name, id);
      let record = applyPatch(existing, patch, ['apiKey', 'apiKeys']);
      // `apiKeys` replaces the list; `apiKey` alone replaces it with one key (or none, when empty or null).
      let keys: string[] | undefined;
      if (patch.apiKeys !== undefined) keys = [...(patch.apiKey ? [patch.apiKey] : []), ...patch.apiKeys];
      else if (patch.apiKey !== undefined) keys = patch.apiKey ? [patch.apiKey] : [];
      if (keys !== undefined) {
        const references = await storeKeys(id, keys, existing.apiKeyRefs);
        record = {
          ...record,
          apiKeyRefs: references,
          apiKeyHint: keyHint(keys[0]),
          apiKeyCount: keys.length,
        };
      }
      const sensitive = await storeSensitiveFields(
        secretStore,
        id,
        { proxyUrl: record.proxyUrl, headers: record.headers },
        { proxyUrl: existing.proxyUrl, headers: existing.headers },
      );
      record = { ...record, ...sensitive };
      record = providerRecordSchema.parse({ ...record, updatedAt: context.now() });
      await withUniqueConflict('provider', record.name, () => repositories.providers.update(record));
      await context.changed();
      return toPublic(record);
    },
    async deleteProvider(id) {
      const existing = await load(id);
      const models = await repositories.models.listByProvider(id);
      if (models.length > 0) {
        throw conflict(`Provider "${existing.name}" is used by ${describeUsers('model', models)}`);
      }
      await repositories.providers.delete(id);
      await storeKeys(id, [], existing.apiKeyRefs);
      await deleteSensitiveFields(secretStore, id, existing);
      await context.changed();
    },
  };
}
