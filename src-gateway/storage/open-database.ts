import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { runMigrations } from './run-migrations.ts';

/** A better-sqlite3 connection. Only the storage layer touches it directly. */
export type Database = BetterSqlite3.Database;

/**
 * Open (or create) the gateway database, tune it for a single writer with
 * concurrent readers, and bring its schema up to date.
 * `':memory:'` gives a throwaway database (tests).
 */
export function openDatabase(filePath: string): Database {
  if (filePath !== ':memory:') mkdirSync(dirname(filePath), { recursive: true });
  const db = new BetterSqlite3(filePath);
  try {
    db.pragma('journal_mode = WAL');
    // Waits out a concurrent writer instead of failing with SQLITE_BUSY at once.
    db.pragma('busy_timeout = 5000');
    // Safe with WAL: a power loss may drop the last commits but never corrupts the file.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    runMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
