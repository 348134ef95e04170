import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DatabaseBackup } from '../../src-shared/schemas/config-backup.ts';
import { AdminError, conflict } from '../lib/admin-error.ts';
import { ensurePrivateDirectory, restrictToOwner } from '../lib/ensure-private-directory.ts';

/** `gateway-20250102-030405.db`: a default name that sorts by time (UTC). */
export function defaultBackupFileName(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `gateway-${stamp}.db`;
}

/**
 * Copy the live database into `directory` with SQLite's online backup (better-sqlite3's
 * `db.backup`): pages are copied a batch per event-loop turn, so requests keep being served, and
 * writes made meanwhile by this connection are carried into the copy. The copy is written under a
 * temporary name and renamed when complete, so a file with the final name is always whole; it is
 * 0600 in a 0700 folder (it holds captured prompts and password hashes). An existing file is never
 * overwritten (409).
 */
export async function backupDatabase(options: {
  database: Database;
  /** Undefined: the database lives in memory and there is no folder to put a copy in. */
  directory: string | undefined;
  fileName?: string;
  now: Date;
}): Promise<DatabaseBackup> {
  if (options.directory === undefined)
    throw new AdminError(
      409,
      'backups_unavailable',
      'This gateway has no backup folder (its database is in memory); nothing to copy',
    );
  const fileName = options.fileName ?? defaultBackupFileName(options.now);
  const target = path.resolve(options.directory, fileName);
  ensurePrivateDirectory(options.directory);
  if (existsSync(target)) throw conflict(`A backup named "${fileName}" already exists`);
  const partial = `${target}.${randomBytes(6).toString('hex')}.partial`;
  const started = performance.now();
  try {
    await options.database.backup(partial);
    restrictToOwner(partial);
    if (existsSync(target)) throw conflict(`A backup named "${fileName}" already exists`);
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return {
    path: target,
    bytes: statSync(target).size,
    createdAt: options.now.toISOString(),
    durationMs: Math.round(performance.now() - started),
  };
}
