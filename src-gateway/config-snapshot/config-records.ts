import { settingsSchema, type Settings } from '../../src-shared/schemas/settings.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { ModelRecord } from '../storage/repositories/model-repository.ts';
import type { ProviderRecord } from '../storage/repositories/provider-repository.ts';
import type { VirtualKeyRecord } from '../storage/repositories/virtual-key-repository.ts';
import type { VirtualModelRecord } from '../storage/repositories/virtual-model-repository.ts';

/**
 * The stored configuration the snapshot is built from, by id in storage order.
 * A record object is replaced, never changed, when its row is written: the
 * snapshot builder reuses what it built from an unchanged record.
 */
export interface ConfigRecords {
  settings: Settings;
  providers: Map<string, ProviderRecord>;
  models: Map<string, ModelRecord>;
  virtualModels: Map<string, VirtualModelRecord>;
  virtualKeys: Map<string, VirtualKeyRecord>;
  /** The models written since the previous read; absent when everything was read from storage. */
  changedModelIds?: ReadonlySet<string>;
}

function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  return new Map(records.map((record) => [record.id, record]));
}

/** Read the whole configuration from storage. */
export async function readConfigRecords(repositories: Repositories): Promise<ConfigRecords> {
  return {
    settings: (await repositories.settings.get()) ?? settingsSchema.parse({}),
    providers: byId(await repositories.providers.list()),
    models: byId(await repositories.models.list()),
    virtualModels: byId(await repositories.virtualModels.list()),
    virtualKeys: byId(await repositories.virtualKeys.list()),
  };
}
