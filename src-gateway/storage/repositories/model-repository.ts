import type BetterSqlite3 from 'better-sqlite3';
import { modelSchema, type Model } from '../../../src-shared/schemas/model.ts';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

export type ModelRecord = Model;

export interface ModelRepository extends CrudRepository<ModelRecord> {
  findByName(name: string): Promise<ModelRecord | undefined>;
  listByProvider(providerId: string): Promise<ModelRecord[]>;
}

const mapper = createTableMapper<ModelRecord>({
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
  const crud = createSqliteCrud(db, mapper);
  const byProvider = db.prepare('SELECT * FROM models WHERE provider_id = ? ORDER BY created_at, id');
  return {
    ...crud,
    async findByName(name) {
      return crud.findOne('name', name);
    },
    async listByProvider(providerId) {
      return byProvider.all(providerId).map((row) => mapper.fromRow(row as Record<string, unknown>));
    },
  };
}
