import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { providerSchema } from '../../../src-shared/schemas/provider.ts';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** A stored provider: the public shape plus the secret-store references of its keys (never the keys). */
export const providerRecordSchema = providerSchema.extend({ apiKeyRefs: z.array(z.string()) });
export type ProviderRecord = z.infer<typeof providerRecordSchema>;

export interface ProviderRepository extends CrudRepository<ProviderRecord> {
  findByName(name: string): Promise<ProviderRecord | undefined>;
}

/** How the table's rows map to records (the configuration backup reads and replaces them with it too). */
export const providerTable = createTableMapper<ProviderRecord>({
  table: 'providers',
  schema: providerRecordSchema,
  nullable: ['apiKeyHint'],
  columns: {
    id: 'text',
    name: 'text',
    protocol: 'text',
    baseUrl: 'text',
    enabled: 'boolean',
    preset: 'text',
    headers: 'json',
    responsesApi: 'boolean',
    proxyUrl: 'text',
    timeouts: 'json',
    quirks: 'json',
    relayIsolation: 'json',
    apiKeyRefs: 'json',
    apiKeyHint: 'text',
    apiKeyCount: 'integer',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

export function createSqliteProviderRepository(db: BetterSqlite3.Database): ProviderRepository {
  const crud = createSqliteCrud(db, providerTable);
  return {
    ...crud,
    async findByName(name) {
      return crud.findOne('name', name);
    },
  };
}
