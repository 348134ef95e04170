import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** A long-lived admin API token: only its SHA-256 hash and last 4 characters are kept. */
export const apiTokenRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenHash: z.string(),
  tokenHint: z.string(),
  adminId: z.string(),
  expiresAt: z.string().optional(),
  lastUsedAt: z.string().optional(),
  createdAt: z.string(),
});
export type ApiTokenRecord = z.infer<typeof apiTokenRecordSchema>;

export interface ApiTokenRepository extends CrudRepository<ApiTokenRecord> {
  findByHash(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  markUsed(id: string, usedAt: string): Promise<void>;
}

const mapper = createTableMapper<ApiTokenRecord>({
  table: 'api_tokens',
  schema: apiTokenRecordSchema,
  columns: {
    id: 'text',
    name: 'text',
    tokenHash: 'text',
    tokenHint: 'text',
    adminId: 'text',
    expiresAt: 'text',
    lastUsedAt: 'text',
    createdAt: 'text',
  },
});

export function createSqliteApiTokenRepository(db: BetterSqlite3.Database): ApiTokenRepository {
  const crud = createSqliteCrud(db, mapper);
  const markUsedStatement = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');
  return {
    ...crud,
    async findByHash(tokenHash) {
      return crud.findOne('token_hash', tokenHash);
    },
    async markUsed(id, usedAt) {
      markUsedStatement.run(usedAt, id);
    },
  };
}
