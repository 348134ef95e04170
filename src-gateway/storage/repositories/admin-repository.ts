import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** An administrator; `passwordHash` is an scrypt hash string (see auth/password-hash.ts). */
export const adminRecordSchema = z.object({
  id: z.string(),
  username: z.string(),
  passwordHash: z.string(),
  /** Carried in every login JWT; a JWT with an older generation is refused. */
  tokenGeneration: z.number().int().nonnegative(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AdminRecord = z.infer<typeof adminRecordSchema>;

export interface AdminRepository extends CrudRepository<AdminRecord> {
  count(): Promise<number>;
  /** Case-insensitive. */
  findByUsername(username: string): Promise<AdminRecord | undefined>;
  /** Revoke every login JWT of the admin; answers the new generation (undefined: no such admin). */
  bumpTokenGeneration(id: string, updatedAt: string): Promise<number | undefined>;
  /** Store a new password hash and bump the token generation in the same write. */
  changePassword(id: string, passwordHash: string, updatedAt: string): Promise<number | undefined>;
  /** Store the same password hashed again (new parameters): sessions stay valid. */
  replacePasswordHash(id: string, passwordHash: string): Promise<void>;
}

const mapper = createTableMapper<AdminRecord>({
  table: 'admins',
  schema: adminRecordSchema,
  columns: {
    id: 'text',
    username: 'text',
    passwordHash: 'text',
    tokenGeneration: 'integer',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

export function createSqliteAdminRepository(db: BetterSqlite3.Database): AdminRepository {
  const crud = createSqliteCrud(db, mapper);
  const countStatement = db.prepare('SELECT COUNT(*) AS total FROM admins').pluck();
  // One statement each: the increment happens in SQLite, so two concurrent bumps never collapse into one.
  const bumpStatement = db
    .prepare(
      'UPDATE admins SET token_generation = token_generation + 1, updated_at = ? WHERE id = ? RETURNING token_generation',
    )
    .pluck();
  const changePasswordStatement = db
    .prepare(
      'UPDATE admins SET password_hash = ?, token_generation = token_generation + 1, updated_at = ? WHERE id = ? RETURNING token_generation',
    )
    .pluck();
  const replaceHashStatement = db.prepare('UPDATE admins SET password_hash = ? WHERE id = ?');
  return {
    ...crud,
    async count() {
      return countStatement.get() as number;
    },
    async findByUsername(username) {
      return crud.findOne('username', username);
    },
    async bumpTokenGeneration(id, updatedAt) {
      return bumpStatement.get(updatedAt, id) as number | undefined;
    },
    async changePassword(id, passwordHash, updatedAt) {
      return changePasswordStatement.get(passwordHash, updatedAt, id) as number | undefined;
    },
    async replacePasswordHash(id, passwordHash) {
      replaceHashStatement.run(passwordHash, id);
    },
  };
}
