import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './open-database.ts';
import { readMigrations, runMigrations } from './run-migrations.ts';

const directories: string[] = [];
function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-db-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('openDatabase', () => {
  it('creates the folder, applies every migration and tunes the connection', () => {
    const filePath = join(tempDirectory(), 'nested', 'deeper', 'gateway.db');
    const db = openDatabase(filePath);
    const latest = readMigrations().at(-1)!.version;
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[];
    expect(tables).toEqual(
      expect.arrayContaining([
        'admins',
        'api_tokens',
        'models',
        'providers',
        'request_logs',
        'settings',
        'virtual_keys',
        'virtual_models',
      ]),
    );
    db.close();
  });

  it('is idempotent on reopen and keeps the data', () => {
    const filePath = join(tempDirectory(), 'gateway.db');
    const first = openDatabase(filePath);
    first.prepare("INSERT INTO settings (id, data, updated_at) VALUES (1, '{}', 'now')").run();
    const version = first.pragma('user_version', { simple: true });
    first.close();
    const second = openDatabase(filePath);
    expect(second.pragma('user_version', { simple: true })).toBe(version);
    expect(second.prepare('SELECT COUNT(*) FROM settings').pluck().get()).toBe(1);
    expect(runMigrations(second)).toEqual([]);
    second.close();
  });
});

describe('runMigrations', () => {
  it('applies only newer files in order and rolls a failing one back', () => {
    const directory = tempDirectory();
    const migrations = join(directory, 'migrations');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '002_more.sql'), 'CREATE TABLE second (id INTEGER);');
    writeFileSync(join(migrations, '001_first.sql'), 'CREATE TABLE first (id INTEGER);');
    writeFileSync(join(migrations, 'notes.txt'), 'ignored');
    const url = pathToFileURL(`${migrations}/`);
    const db = openDatabase(':memory:');
    db.pragma('user_version = 0');
    expect(runMigrations(db, url)).toEqual([1, 2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);

    writeFileSync(join(migrations, '003_broken.sql'), 'CREATE TABLE third (id INTEGER); NOT SQL;');
    expect(() => runMigrations(db, url)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'third'").pluck().get()).toBe(0);
    db.close();
  });
});
