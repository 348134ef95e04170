import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type {
  ConfigBackup,
  ConfigImportResult,
  DatabaseBackup,
} from '../../src-shared/schemas/config-backup.ts';
import { useAdminApi } from '../api/index.ts';

/**
 * Backups: the configuration exported as a JSON file (its secrets left out, or encrypted with a
 * passphrase), a file imported over the whole configuration, and an online copy of the database
 * written on the gateway's machine. Keeps the last import's result and the last database copy to
 * show them.
 */
export const useBackupsStore = defineStore('backups', () => {
  const api = useAdminApi();
  const lastImport = shallowRef<ConfigImportResult>();
  const lastDatabaseBackup = shallowRef<DatabaseBackup>();

  const exportConfig = (body: { passphrase?: string }): Promise<ConfigBackup> =>
    api.client.backups.exportConfig({ body });

  /** `backup` is the file's text as read: sent as is, so its checksum still matches. */
  async function importConfig(body: { backup: string; passphrase?: string }): Promise<ConfigImportResult> {
    lastImport.value = undefined;
    lastImport.value = await api.client.backups.importConfig({ body });
    return lastImport.value;
  }

  async function backupDatabase(body: { fileName?: string }): Promise<DatabaseBackup> {
    lastDatabaseBackup.value = await api.client.backups.database({ body });
    return lastDatabaseBackup.value;
  }

  return { lastImport, lastDatabaseBackup, exportConfig, importConfig, backupDatabase };
});
