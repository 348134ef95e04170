import type BetterSqlite3 from 'better-sqlite3';
import { virtualModelSchema, type VirtualModel } from '../../../src-shared/schemas/virtual-model.ts';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

export type VirtualModelRecord = VirtualModel;

export interface VirtualModelRepository extends CrudRepository<VirtualModelRecord> {
  findByName(name: string): Promise<VirtualModelRecord | undefined>;
}

/** How the table's rows map to records (the configuration backup reads and replaces them with it too). */
export const virtualModelTable = createTableMapper<VirtualModelRecord>({
  table: 'virtual_models',
  schema: virtualModelSchema,
  columns: {
    id: 'text',
    name: 'text',
    strategy: 'text',
    targets: 'json',
    promptRules: 'json',
    enabled: 'boolean',
    paramOverrides: 'json',
    maxAttempts: 'integer',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

export function createSqliteVirtualModelRepository(db: BetterSqlite3.Database): VirtualModelRepository {
  const crud = createSqliteCrud(db, virtualModelTable);
  return {
    ...crud,
    async findByName(name) {
      return crud.findOne('name', name);
    },
  };
}
