import { z } from 'zod';
import {
  configBackupSchema,
  configImportResultSchema,
  databaseBackupFileName,
  databaseBackupSchema,
} from '../schemas/config-backup.ts';
import { operation } from './define-operation.ts';

/** Backups: the configuration as a JSON file (export, import) and an online copy of the database. */
export const backups = {
  exportConfig: operation({
    summary:
      'Export the whole configuration as a JSON backup; provider keys and alert secrets are left out, or encrypted with the passphrase given (at least 8 characters)',
    input: z.object({
      body: z.object({ passphrase: z.string().min(8).max(1024).optional() }).prefault({}),
    }),
    output: configBackupSchema,
    errors: [],
  }),
  importConfig: operation({
    summary:
      "Replace the whole configuration with a backup's (the file's JSON, as an object or as its text), in one transaction; a damaged, foreign or wrong-passphrase file is refused and nothing changes",
    input: z.object({
      body: z.object({
        backup: z.union([z.string().max(64 * 1024 * 1024), z.record(z.string(), z.unknown())]),
        passphrase: z.string().max(1024).optional(),
      }),
    }),
    output: configImportResultSchema,
    errors: [400, 409],
  }),
  database: operation({
    summary:
      "Copy the database (online: requests keep being served) to a new file in the gateway's backup folder; restore by stopping the gateway and copying it over the database file",
    input: z.object({
      body: z.object({ fileName: databaseBackupFileName.optional() }).prefault({}),
    }),
    output: databaseBackupSchema,
    errors: [409, 503],
  }),
};
