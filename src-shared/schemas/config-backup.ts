import { z } from 'zod';
import { idSchema, isoTimestamp } from './common.ts';
import { healthTargetSchema } from './health-target.ts';
import { modelSchema } from './model.ts';
import { providerSchema } from './provider.ts';
import { settingsSchema } from './settings.ts';
import { virtualKeySchema } from './virtual-key.ts';
import { virtualModelSchema } from './virtual-model.ts';

/** What the first field of a configuration backup says: a file that says anything else is not one. */
export const configBackupKind = 'llm-gateway.config-backup';
/** The format this version writes and reads. A later format bumps it (and reads this one). */
export const configBackupVersion = 1;

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');

/**
 * The secrets of a backup, encrypted with a passphrase the user gives: scrypt derives a 256-bit key
 * from the passphrase and `salt`, AES-256-GCM encrypts the JSON of the secrets (`data`) and
 * authenticates it (`tag`), so a wrong passphrase or a changed byte is refused, never half-read.
 * The cost parameters are bounded so a crafted file cannot make the import allocate gigabytes.
 */
export const sealedSecretsSchema = z.object({
  kdf: z.literal('scrypt'),
  /** CPU/memory cost: a power of two. */
  N: z
    .number()
    .int()
    .min(1024)
    .max(2 ** 20)
    .refine((value) => (value & (value - 1)) === 0, 'must be a power of two'),
  r: z.number().int().min(1).max(16),
  p: z.number().int().min(1).max(4),
  salt: base64,
  cipher: z.literal('aes-256-gcm'),
  iv: base64,
  tag: base64,
  data: base64,
});
export type SealedSecrets = z.infer<typeof sealedSecretsSchema>;

/**
 * The secrets a backup carries (only ever encrypted, as `SealedSecrets`): per provider id its API
 * keys, the full proxy URL when it has a password, and the values of its credential headers; the
 * alert webhook URL and secret header.
 */
export const backupSecretsSchema = z.object({
  providers: z.record(
    idSchema,
    z.object({
      apiKeys: z.array(z.string().min(1)),
      proxyUrl: z.string().optional(),
      headers: z.record(z.string(), z.string()).optional(),
    }),
  ),
  alerts: z.object({
    webhookUrl: z.string().optional(),
    secretHeader: z.string().optional(),
  }),
});
export type BackupSecrets = z.infer<typeof backupSecretsSchema>;

/** A virtual key as a backup keeps it: its settings and the SHA-256 of the key (never the key). */
export const backupVirtualKeySchema = virtualKeySchema.extend({
  keyHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a hex SHA-256'),
});

/**
 * Everything a restore needs, as the admin API shows it (secrets masked): settings, providers,
 * models, virtual models with their routing and prompt rules, virtual keys with their limits, and
 * health targets. Admins, API tokens, request logs, usage and the model catalog are not
 * configuration: the database backup (`backups.database`) keeps those.
 */
export const configBackupContentSchema = z.object({
  settings: settingsSchema,
  providers: z.array(providerSchema),
  models: z.array(modelSchema),
  virtualModels: z.array(virtualModelSchema),
  virtualKeys: z.array(backupVirtualKeySchema),
  healthTargets: z.array(healthTargetSchema),
});
export type ConfigBackupContent = z.infer<typeof configBackupContentSchema>;

/** The header every backup starts with; read first, so a foreign file is named as such. */
export const configBackupHeaderSchema = z.object({
  kind: z.literal(configBackupKind),
  version: z.number().int(),
});

/** A configuration backup file (`backups.exportConfig` answers it, `backups.importConfig` takes it). */
export const configBackupSchema = z.object({
  kind: z.literal(configBackupKind),
  version: z.literal(configBackupVersion),
  exportedAt: isoTimestamp,
  /** The version of the gateway that wrote it. */
  appVersion: z.string(),
  /**
   * `sha256:<hex>` of the JSON text of `config` as written. An import refuses a file whose
   * configuration no longer matches it (damaged, or edited: remove the field to import an edited file).
   */
  checksum: z
    .string()
    .regex(/^sha256:[0-9a-f]{64}$/)
    .optional(),
  /** The secrets, encrypted with the export's passphrase; null when the export left them out. */
  secrets: sealedSecretsSchema.nullable(),
  config: configBackupContentSchema,
});
export type ConfigBackup = z.infer<typeof configBackupSchema>;

/** What `backups.importConfig` answers: what the gateway runs with now. */
export const configImportResultSchema = z.object({
  providers: z.number().int(),
  models: z.number().int(),
  virtualModels: z.number().int(),
  virtualKeys: z.number().int(),
  healthTargets: z.number().int(),
  /** `imported`: from the file; `kept`: the file had none, the gateway's own were kept where the same provider exists. */
  secrets: z.enum(['imported', 'kept']),
  /** Names of the providers that have no API key now (the file carried none, and the gateway had none for them). */
  providersWithoutKeys: z.array(z.string()),
});
export type ConfigImportResult = z.infer<typeof configImportResultSchema>;

/** What `backups.database` answers: the file written. */
export const databaseBackupSchema = z.object({
  /** Absolute path of the copy on the gateway's machine. */
  path: z.string(),
  bytes: z.number().int(),
  createdAt: isoTimestamp,
  durationMs: z.number().int(),
});
export type DatabaseBackup = z.infer<typeof databaseBackupSchema>;

/** A file name for `backups.database`: letters, digits, `.`, `_`, `-`; no folders. */
export const databaseBackupFileName = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.(db|sqlite|sqlite3)$/,
    'must be a plain file name ending in .db, .sqlite or .sqlite3 (no folders)',
  );
