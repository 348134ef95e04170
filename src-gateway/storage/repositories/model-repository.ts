import type BetterSqlite3 from 'better-sqlite3';
import { modelSchema, type Model } from '../../../src-shared/schemas/model.ts';
import {
  createSqliteCrud,
  createTableMapper,
  translateConstraint,
  type CrudRepository,
} from './table-mapper.ts';

export type ModelRecord = Model;

export interface ModelRepository extends CrudRepository<ModelRecord> {
  findByName(name: string): Promise<ModelRecord | undefined>;
  listByProvider(providerId: string): Promise<ModelRecord[]>;
  /**
   * Insert all of them in one transaction (all or none): one commit and one
   * fsync for a provider's 10,000 models instead of one each.
   */
  insertMany(records: readonly ModelRecord[]): Promise<void>;
  /** Which of `names` a model already has: one query for a whole batch, not one per name. */
  takenNames(names: readonly string[]): Promise<string[]>;
}

/** How the table's rows map to records (the configuration backup reads and replaces them with it too). */
export const modelTable = createTableMapper<ModelRecord>({
  table: 'models',
  schema: modelSchema,
  columns: {
    id: 'text',
    providerId: 'text',
    name: 'text',
    upstreamModel: 'text',
    enabled: 'boolean',
    inputCostPerToken: 'real',
    outputCostPerToken: 'real',
    cacheReadCostPerToken: 'real',
    cacheWriteCostPerToken: 'real',
    contextWindow: 'integer',
    maxOutputTokens: 'integer',
    capabilities: 'json',
    catalogId: 'text',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

export function createSqliteModelRepository(db: BetterSqlite3.Database): ModelRepository {
  const crud = createSqliteCrud(db, modelTable);
  const byProvider = db.prepare('SELECT * FROM models WHERE provider_id = ? ORDER BY created_at, id');
  const insert = db.prepare(modelTable.insertSql);
  const taken = db.prepare('SELECT name FROM models WHERE name IN (SELECT value FROM json_each(?))').pluck();
  const insertAll = db.transaction((records: readonly ModelRecord[]) => {
    for (const record of records) insert.run(modelTable.toRow(record));
  });
  return {
    ...crud,
    async findByName(name) {
      return crud.findOne('name', name);
    },
    async listByProvider(providerId) {
      return byProvider.all(providerId).map((row) => modelTable.fromRow(row as Record<string, unknown>));
    },
    async takenNames(names) {
      return taken.all(JSON.stringify(names)) as string[];
    },
    async insertMany(records) {
      translateConstraint(modelTable.table, () => insertAll(records));
    },
  };
}
