import type { Database } from 'better-sqlite3';
import type {
  ConfigBackup,
  ConfigImportResult,
  DatabaseBackup,
} from '../../src-shared/schemas/config-backup.ts';
import type { Clock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { ConfigBackupRepository } from '../storage/repositories/config-backup-repository.ts';
import { applyConfigBackup } from './apply-config-backup.ts';
import { backupDatabase } from './backup-database.ts';
import { exportConfigBackup } from './export-config-backup.ts';
import { readConfigBackup } from './read-config-backup.ts';

/** The `backups` domain of the admin contract. */
export interface BackupService {
  exportConfig(input: { passphrase?: string }): Promise<ConfigBackup>;
  importConfig(input: {
    backup: string | Record<string, unknown>;
    passphrase?: string;
  }): Promise<ConfigImportResult>;
  backupDatabase(input: { fileName?: string }): Promise<DatabaseBackup>;
}

export function createBackupService(options: {
  repository: ConfigBackupRepository;
  secretStore: SecretStore;
  database: Database;
  /** Where database copies go; undefined when there is none (an in-memory database). */
  directory: string | undefined;
  clock: Clock;
  logger: Logger;
  appVersion?: string;
  /** After an import committed: rebuild the snapshot from storage, follow the health targets. */
  onConfigReplaced(): Promise<void>;
}): BackupService {
  const now = () => new Date(options.clock.now());
  // One import at a time: each reads the configuration it replaces (to keep or delete its secrets).
  let importing: Promise<unknown> = Promise.resolve();

  return {
    exportConfig: ({ passphrase }) =>
      exportConfigBackup({
        stored: options.repository.read(),
        secretStore: options.secretStore,
        passphrase,
        now: now().toISOString(),
        appVersion: options.appVersion ?? 'unknown',
      }),
    importConfig({ backup: raw, passphrase }) {
      const run = async (): Promise<ConfigImportResult> => {
        const { backup, secrets } = await readConfigBackup(raw, passphrase);
        const result = await applyConfigBackup({
          backup,
          secrets,
          current: options.repository.read(),
          repository: options.repository,
          secretStore: options.secretStore,
          now: now().toISOString(),
        });
        options.logger.info(
          { ...result, providersWithoutKeys: result.providersWithoutKeys.length },
          'configuration replaced from a backup',
        );
        await options.onConfigReplaced();
        return result;
      };
      const result = importing.then(run, run);
      importing = result.catch(() => undefined);
      return result;
    },
    async backupDatabase({ fileName }) {
      const backup = await backupDatabase({
        database: options.database,
        directory: options.directory,
        fileName,
        now: now(),
      });
      options.logger.info({ path: backup.path, bytes: backup.bytes }, 'database backed up');
      return backup;
    },
  };
}
