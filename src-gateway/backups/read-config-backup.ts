import {
  configBackupKind,
  configBackupSchema,
  configBackupVersion,
  type BackupSecrets,
  type ConfigBackup,
} from '../../src-shared/schemas/config-backup.ts';
import { AdminError, fieldIssuesOf } from '../lib/admin-error.ts';
import { exceedsJsonDepth, maxJsonDepth } from '../lib/exceeds-json-depth.ts';
import { checkConfigBackup } from './check-config-backup.ts';
import { configChecksum } from './export-config-backup.ts';
import { openBackupSecrets } from './seal-backup-secrets.ts';

function refused(code: string, message: string, details?: { path: string; message: string }[]): AdminError {
  return new AdminError(400, code, message, details ? { details } : {});
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Read an uploaded backup (the file's text, or its JSON already parsed) all the way through before
 * anything is applied: JSON, header, checksum, schema, references, secrets. Each refusal is a 400
 * whose code and message say what is wrong with the file:
 * `invalid_backup` (not JSON, cut short, fields wrong: `details` names each), `not_a_backup` (some
 * other file), `unsupported_backup_version`, `corrupted_backup` (the configuration does not match
 * its checksum), `passphrase_required`, `wrong_passphrase`.
 */
export async function readConfigBackup(
  raw: string | Record<string, unknown>,
  passphrase: string | undefined,
): Promise<{ backup: ConfigBackup; secrets?: BackupSecrets }> {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw refused(
        'invalid_backup',
        `The backup is not valid JSON (cut short or damaged?): ${(error as Error).message}`,
      );
    }
  }
  if (exceedsJsonDepth(value))
    throw refused('invalid_backup', `The backup nests deeper than ${maxJsonDepth} levels`);
  if (!isObject(value) || value.kind !== configBackupKind)
    throw refused(
      'not_a_backup',
      `This is not an LLM Gateway configuration backup (its "kind" should be "${configBackupKind}")`,
    );
  if (value.version !== configBackupVersion)
    throw refused(
      'unsupported_backup_version',
      `This backup is in format version ${JSON.stringify(value.version)}; this gateway reads version ${configBackupVersion}`,
    );
  if (typeof value.checksum === 'string' && isObject(value.config)) {
    if (configChecksum(value.config) !== value.checksum)
      throw refused(
        'corrupted_backup',
        'The configuration in this backup does not match its checksum: the file was damaged or edited (to import an edited file on purpose, remove its "checksum" field)',
      );
  }
  const parsed = configBackupSchema.safeParse(value);
  if (!parsed.success) {
    const details = fieldIssuesOf(parsed.error).map((issue) => ({ ...issue, path: `backup.${issue.path}` }));
    throw refused(
      'invalid_backup',
      `The backup is not valid: ${details.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      details,
    );
  }
  const backup = parsed.data;
  const problems = checkConfigBackup(backup.config).map((issue) => ({
    ...issue,
    path: `backup.${issue.path}`,
  }));
  if (problems.length > 0)
    throw refused(
      'invalid_backup',
      `The backup's configuration does not hold together: ${problems.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
      problems,
    );
  if (backup.secrets === null) return { backup };
  if (passphrase === undefined || passphrase === '')
    throw refused(
      'passphrase_required',
      "This backup's provider keys and alert secrets are encrypted: give the passphrase it was exported with",
    );
  return { backup, secrets: await openBackupSecrets(backup.secrets, passphrase) };
}
