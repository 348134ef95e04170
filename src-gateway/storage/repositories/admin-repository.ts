import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** An administrator; `passwordHash` is an scrypt hash string (see auth/password-hash.ts). */
export const adminRecordSchema = z.object({
  id: z.string(),
  username: z.string(),
  passwordHash: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminRecord = z.infer<typeof adminRecordSchema>;

export interface AdminRepository extends CrudRepository<AdminRecord> {
  count(): Promise<number>;
  /** Case-insensitive. */
  findByUsername(username: string): Promise<AdminRecord | undefined>;
}

const mapper = createTableMapper<AdminRecord>({
  table: 'admins',
  schema: adminRecordSchema,
  columns: { id: 'text', username: 'text', passwordHash: 'text', createdAt: 'text', updatedAt: 'text' },
});

export function createSqliteAdminRepository(db: BetterSqlite3.Database): AdminRepository {
  const crud = createSqliteCrud(db, mapper);
  const countStatement = db.prepare('SELECT COUNT(*) AS total FROM admins').pluck();
  return {
    ...crud,
    async count() {
      return countStatement.get() as number;
    },
    async findByUsername(username) {
      return crud.findOne('username', username);
    },
  };
}
