import { readdirSync, readFileSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

/** The bundled migrations, read relative to this module so any working directory works. */
export const defaultMigrationsDirectory = new URL('./migrations/', import.meta.url);

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_name.sql` files in ascending version order; versions must be unique. */
export function readMigrations(directory: URL = defaultMigrationsDirectory): Migration[] {
  const migrations: Migration[] = [];
  for (const fileName of readdirSync(directory)) {
    const match = /^(\d+)_([\w-]+)\.sql$/.exec(fileName);
    if (!match) continue;
    const version = Number(match[1]);
    if (migrations.some((migration) => migration.version === version)) {
      throw new Error(`Two migrations share version ${version}`);
    }
    migrations.push({ version, name: match[2]!, sql: readFileSync(new URL(fileName, directory), 'utf8') });
  }
  return migrations.sort((left, right) => left.version - right.version);
}

/**
 * Apply every migration newer than `PRAGMA user_version`, each in its own
 * transaction together with the version bump, so a failed migration leaves
 * the database at the previous version. Returns the versions applied.
 */
export function runMigrations(
  db: BetterSqlite3.Database,
  directory: URL = defaultMigrationsDirectory,
): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  const applied: number[] = [];
  for (const migration of readMigrations(directory)) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer we parsed.
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}
