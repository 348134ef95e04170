import type BetterSqlite3 from 'better-sqlite3';
import { settingsSchema, type Settings } from '../../../src-shared/schemas/settings.ts';

/** Settings are one JSON document (one row), stored whole after validation. */
export interface SettingsRepository {
  /** Undefined until settings are first saved. */
  get(): Promise<Settings | undefined>;
  save(settings: Settings, updatedAt: string): Promise<void>;
  /**
   * Save, then rewrite the database file (VACUUM) and empty the WAL, so no
   * earlier version of the row survives in free page space or old WAL frames.
   * For the one-time move of a secret out of the settings; it costs a full rewrite.
   */
  saveScrubbed(settings: Settings, updatedAt: string): Promise<void>;
}

export function createSqliteSettingsRepository(db: BetterSqlite3.Database): SettingsRepository {
  const select = db.prepare('SELECT data FROM settings WHERE id = 1').pluck();
  const upsert = db.prepare(
    'INSERT INTO settings (id, data, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
  );
  return {
    async get() {
      const data = select.get() as string | undefined;
      // Parsing also fills defaults for fields added after the row was written.
      return data === undefined ? undefined : settingsSchema.parse(JSON.parse(data));
    },
    async save(settings, updatedAt) {
      upsert.run(JSON.stringify(settings), updatedAt);
    },
    async saveScrubbed(settings, updatedAt) {
      upsert.run(JSON.stringify(settings), updatedAt);
      // An UPDATE leaves the old row's bytes in the page's free space (and earlier versions in
      // earlier free blocks); only rebuilding the file drops them. TRUNCATE also empties the WAL.
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
