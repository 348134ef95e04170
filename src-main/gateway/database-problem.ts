import { copyFileSync, existsSync, openSync, readSync, closeSync, renameSync } from 'node:fs';

/** What kind of trouble opening the database was, for the dialog that offers what to do. */
export type DatabaseProblem = 'locked' | 'corrupt' | 'native-module' | 'other';

/** Sort an error from opening the database (better-sqlite3 errors carry SQLite's code). */
export function classifyDatabaseError(error: unknown): DatabaseProblem {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY_SNAPSHOT') return 'locked';
  if (
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    /file is not a database|malformed/i.test(message)
  )
    return 'corrupt';
  // better-sqlite3 built for Node instead of Electron (an unpackaged app without a rebuild).
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message))
    return 'native-module';
  return 'other';
}

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether a file starts like an SQLite database (a restore must not copy just anything over it). */
export function looksLikeSqlite(file: string): boolean {
  const header = Buffer.alloc(sqliteHeader.length);
  let descriptor: number | undefined;
  try {
    descriptor = openSync(file, 'r');
    return readSync(descriptor, header, 0, header.length, 0) === header.length && header.equals(sqliteHeader);
  } catch {
    return false;
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

const companions = ['', '-wal', '-shm', '-journal'];

/**
 * Keep the database (and its WAL and shared-memory files) under a dated name beside it, so the
 * gateway can start afresh and nothing is lost. Answers the kept copy's path.
 */
export function setDatabaseAside(databasePath: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const aside = `${databasePath}.damaged-${stamp}`;
  for (const suffix of companions) {
    if (existsSync(databasePath + suffix)) renameSync(databasePath + suffix, aside + suffix);
  }
  return aside;
}

/**
 * Replace the database with a copy of `source` (a backup the user picked). The current one is set
 * aside first, never deleted; a file that is not an SQLite database is refused and nothing moves.
 */
export function restoreDatabase(options: { databasePath: string; source: string; now: Date }): string {
  if (!looksLikeSqlite(options.source))
    throw new Error(`${options.source} is not an SQLite database; nothing was changed`);
  const aside = setDatabaseAside(options.databasePath, options.now);
  copyFileSync(options.source, options.databasePath);
  return aside;
}
