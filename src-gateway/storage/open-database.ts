import { closeSync, openSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { ensurePrivateDirectory, restrictToOwner } from '../lib/ensure-private-directory.ts';
import { runMigrations } from './run-migrations.ts';

/** A better-sqlite3 connection. Only the storage layer touches it directly. */
export type Database = BetterSqlite3.Database;

/**
 * Open (or create) the gateway database, tune it for a single writer with
 * concurrent readers, and bring its schema up to date.
 * `':memory:'` gives a throwaway database (tests).
 *
 * The database holds captured prompts, password hashes and the webhook URL:
 * its folder is 0700 (see ensurePrivateDirectory) and the file 0600. SQLite
 * gives the `-wal` and `-shm` files the database file's mode, so creating the
 * file 0600 before SQLite opens it covers them too; files left by an older
 * version are tightened on open.
 */
export function openDatabase(filePath: string): Database {
  if (filePath !== ':memory:') {
    const suffixes = ['', '-wal', '-shm', '-journal'];
    ensurePrivateDirectory(
      dirname(filePath),
      suffixes.map((suffix) => basename(filePath) + suffix),
    );
    // 'a' creates the file if missing and never truncates; an empty file is a new SQLite database.
    closeSync(openSync(filePath, 'a', 0o600));
    for (const suffix of suffixes) restrictToOwner(filePath + suffix);
  }
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
