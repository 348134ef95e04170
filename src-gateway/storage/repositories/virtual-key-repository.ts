import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { virtualKeySchema } from '../../../src-shared/schemas/virtual-key.ts';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** A stored virtual key: the public shape plus the hex SHA-256 of the key (never the key). */
export const virtualKeyRecordSchema = virtualKeySchema.extend({
  keyHash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type VirtualKeyRecord = z.infer<typeof virtualKeyRecordSchema>;

export interface VirtualKeyRepository extends CrudRepository<VirtualKeyRecord> {
  findByName(name: string): Promise<VirtualKeyRecord | undefined>;
  findByHash(keyHash: string): Promise<VirtualKeyRecord | undefined>;
}

/** How the table's rows map to records (the configuration backup reads and replaces them with it too). */
export const virtualKeyTable = createTableMapper<VirtualKeyRecord>({
  table: 'virtual_keys',
  schema: virtualKeyRecordSchema,
  columns: {
    id: 'text',
    name: 'text',
    keyHash: 'text',
    keyHint: 'text',
    enabled: 'boolean',
    allowedModels: 'json',
    rpm: 'integer',
    tpm: 'integer',
    maxConcurrency: 'integer',
    budgetUsd: 'real',
    budgetPeriod: 'text',
    expiresAt: 'text',
    allowedIps: 'json',
    logBodies: 'boolean',
    defaultModel: 'text',
    isMonitoring: 'boolean',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

export function createSqliteVirtualKeyRepository(db: BetterSqlite3.Database): VirtualKeyRepository {
  const crud = createSqliteCrud(db, virtualKeyTable);
  return {
    ...crud,
    async findByName(name) {
      return crud.findOne('name', name);
    },
    async findByHash(keyHash) {
      return crud.findOne('key_hash', keyHash);
    },
  };
}
