import type BetterSqlite3 from 'better-sqlite3';
import type { HealthTarget } from '../../../src-shared/schemas/health-target.ts';
import { settingsSchema, type Settings } from '../../../src-shared/schemas/settings.ts';
import { healthTargetTable } from './health-repository.ts';
import { modelTable, type ModelRecord } from './model-repository.ts';
import { providerTable, type ProviderRecord } from './provider-repository.ts';
import type { TableMapper } from './table-mapper.ts';
import { virtualKeyTable, type VirtualKeyRecord } from './virtual-key-repository.ts';
import { virtualModelTable, type VirtualModelRecord } from './virtual-model-repository.ts';

/** The whole stored configuration, as its rows' records. */
export interface StoredConfig {
  settings: Settings;
  providers: ProviderRecord[];
  models: ModelRecord[];
  virtualModels: VirtualModelRecord[];
  virtualKeys: VirtualKeyRecord[];
  healthTargets: HealthTarget[];
}

/** Reads the configuration whole and replaces it whole (configuration backups). */
export interface ConfigBackupRepository {
  /** Every configuration row, in one read transaction (a consistent picture while admin writes go on). */
  read(): StoredConfig;
  /**
   * Replace the configuration in one transaction: all of it or, when anything fails (a constraint,
   * a full disk), none of it. Health targets are updated in place where their id stays, so their
   * run history (which cascades with a deleted target) survives a restore of the same gateway.
   */
  replace(config: StoredConfig, updatedAt: string): void;
}

export function createSqliteConfigBackupRepository(db: BetterSqlite3.Database): ConfigBackupRepository {
  const selectAll = (mapper: TableMapper<unknown>) =>
    db.prepare(`SELECT * FROM ${mapper.table} ORDER BY created_at, id`);
  const selectSettings = db.prepare('SELECT data FROM settings WHERE id = 1').pluck();
  const upsertSettings = db.prepare(
    'INSERT INTO settings (id, data, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
  );
  const tables = {
    providers: { mapper: providerTable, insert: db.prepare(providerTable.insertSql) },
    models: { mapper: modelTable, insert: db.prepare(modelTable.insertSql) },
    virtualModels: { mapper: virtualModelTable, insert: db.prepare(virtualModelTable.insertSql) },
    virtualKeys: { mapper: virtualKeyTable, insert: db.prepare(virtualKeyTable.insertSql) },
  };
  const reads = {
    providers: selectAll(providerTable as TableMapper<unknown>),
    models: selectAll(modelTable as TableMapper<unknown>),
    virtualModels: selectAll(virtualModelTable as TableMapper<unknown>),
    virtualKeys: selectAll(virtualKeyTable as TableMapper<unknown>),
    healthTargets: selectAll(healthTargetTable as TableMapper<unknown>),
  };
  const insertTarget = db.prepare(healthTargetTable.insertSql);
  const updateTarget = db.prepare(healthTargetTable.updateSql);
  const deleteTargetsExcept = db.prepare(
    'DELETE FROM health_targets WHERE id NOT IN (SELECT value FROM json_each(?))',
  );
  // Models reference providers (ON DELETE RESTRICT): the referrers go first.
  const clear = ['virtual_models', 'models', 'providers', 'virtual_keys'].map((table) =>
    db.prepare(`DELETE FROM ${table}`),
  );
  const rowsOf = <T>(statement: BetterSqlite3.Statement, mapper: TableMapper<T>): T[] =>
    statement.all().map((row) => mapper.fromRow(row as Record<string, unknown>));

  const read = db.transaction((): StoredConfig => ({
    settings: settingsSchema.parse(JSON.parse((selectSettings.get() as string | undefined) ?? '{}')),
    providers: rowsOf(reads.providers, providerTable),
    models: rowsOf(reads.models, modelTable),
    virtualModels: rowsOf(reads.virtualModels, virtualModelTable),
    virtualKeys: rowsOf(reads.virtualKeys, virtualKeyTable),
    healthTargets: rowsOf(reads.healthTargets, healthTargetTable),
  }));

  const replace = db.transaction((config: StoredConfig, updatedAt: string) => {
    deleteTargetsExcept.run(JSON.stringify(config.healthTargets.map((target) => target.id)));
    for (const statement of clear) statement.run();
    const insertAll = <T>(
      table: { mapper: TableMapper<T>; insert: BetterSqlite3.Statement },
      records: T[],
    ) => {
      for (const record of records) table.insert.run(table.mapper.toRow(record));
    };
    insertAll(tables.providers, config.providers);
    insertAll(tables.models, config.models);
    insertAll(tables.virtualModels, config.virtualModels);
    insertAll(tables.virtualKeys, config.virtualKeys);
    for (const target of config.healthTargets) {
      const row = healthTargetTable.toRow(target);
      if (updateTarget.run(row).changes === 0) insertTarget.run(row);
    }
    upsertSettings.run(JSON.stringify(config.settings), updatedAt);
  });

  return {
    read: () => read(),
    replace: (config, updatedAt) => replace(config, updatedAt),
  };
}
