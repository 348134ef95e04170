import type { Settings } from '../../src-shared/schemas/settings.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { ModelRecord } from '../storage/repositories/model-repository.ts';
import type { ProviderRecord } from '../storage/repositories/provider-repository.ts';
import type { CrudRepository } from '../storage/repositories/table-mapper.ts';
import type { VirtualKeyRecord } from '../storage/repositories/virtual-key-repository.ts';
import type { VirtualModelRecord } from '../storage/repositories/virtual-model-repository.ts';
import { readConfigRecords, type ConfigRecords } from './config-records.ts';

/**
 * The configuration records, kept in memory between snapshot builds. Reading
 * 10,000 models back from SQLite after every admin write took 80-200 ms of
 * blocked event loop (row decoding and a zod parse per row); instead, every
 * committed write through `repositories` is noted here and applied to the
 * records on the next `read`.
 */
export interface ConfigRecordCache {
  /** Write configuration through these (they are the storage repositories, with writes noted). */
  readonly repositories: Repositories;
  /** The configuration: read whole the first time and after `invalidate`, then kept current from the noted writes. */
  read(): Promise<ConfigRecords>;
  /** The next `read` reads storage whole again (for writes made around these repositories). */
  invalidate(): void;
}

/** Written records by id; `undefined` is a delete. */
type Writes<T> = Map<string, T | undefined>;

/** The repository, noting each committed insert, update and delete in `writes`. */
function noting<T extends { id: string }, R extends CrudRepository<T>>(repository: R, writes: Writes<T>): R {
  return {
    ...repository,
    async insert(record: T) {
      await repository.insert(record);
      writes.set(record.id, record);
    },
    async update(record: T) {
      const found = await repository.update(record);
      if (found) writes.set(record.id, record);
      return found;
    },
    async delete(id: string) {
      const found = await repository.delete(id);
      if (found) writes.set(id, undefined);
      return found;
    },
  };
}

function apply<T>(records: Map<string, T>, writes: Writes<T>): void {
  for (const [id, record] of writes) {
    // A new id goes last, as it does in storage order (created_at).
    if (record === undefined) records.delete(id);
    else records.set(id, record);
  }
  writes.clear();
}

export function createConfigRecordCache(storage: Repositories): ConfigRecordCache {
  const writes = {
    providers: new Map() as Writes<ProviderRecord>,
    models: new Map() as Writes<ModelRecord>,
    virtualModels: new Map() as Writes<VirtualModelRecord>,
    virtualKeys: new Map() as Writes<VirtualKeyRecord>,
    settings: undefined as Settings | undefined,
  };
  const models = noting(storage.models, writes.models);
  const repositories: Repositories = {
    ...storage,
    providers: noting(storage.providers, writes.providers),
    models: {
      ...models,
      async insertMany(records) {
        await storage.models.insertMany(records);
        for (const record of records) writes.models.set(record.id, record);
      },
    },
    virtualModels: noting(storage.virtualModels, writes.virtualModels),
    virtualKeys: noting(storage.virtualKeys, writes.virtualKeys),
    settings: {
      ...storage.settings,
      async save(settings, updatedAt) {
        await storage.settings.save(settings, updatedAt);
        writes.settings = settings;
      },
    },
  };
  let cached: ConfigRecords | undefined;

  return {
    repositories,
    async read() {
      if (!cached) {
        // Forget the writes first: one landing while the tables are read is applied next time.
        for (const kind of ['providers', 'models', 'virtualModels', 'virtualKeys'] as const)
          writes[kind].clear();
        writes.settings = undefined;
        cached = await readConfigRecords(storage);
        return cached;
      }
      const changedModelIds = new Set(writes.models.keys());
      if (writes.settings !== undefined) {
        cached.settings = writes.settings;
        writes.settings = undefined;
      }
      apply(cached.providers, writes.providers);
      apply(cached.models, writes.models);
      apply(cached.virtualModels, writes.virtualModels);
      apply(cached.virtualKeys, writes.virtualKeys);
      return { ...cached, changedModelIds };
    },
    invalidate() {
      cached = undefined;
    },
  };
}
