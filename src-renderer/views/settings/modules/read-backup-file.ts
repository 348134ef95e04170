import { configBackupKind } from '../../../../src-shared/schemas/config-backup.ts';

/** What the card tells about a picked file before it is sent (the gateway checks the rest). */
export interface BackupFileSummary {
  /** Its provider keys travel encrypted (`secrets` is set): the import needs the passphrase. */
  encrypted: boolean;
  exportedAt?: string;
  appVersion?: string;
}

/**
 * A picked file's text as a configuration backup, or undefined when it is not one (not JSON, or
 * its `kind` says something else). Only the header is looked at: the gateway validates the
 * whole file, its checksum and its passphrase on import, and says what is wrong.
 */
export function readBackupFile(text: string): BackupFileSummary | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const file = parsed as Record<string, unknown>;
  if (file.kind !== configBackupKind) return undefined;
  return {
    encrypted: typeof file.secrets === 'object' && file.secrets !== null,
    ...(typeof file.exportedAt === 'string' ? { exportedAt: file.exportedAt } : {}),
    ...(typeof file.appVersion === 'string' ? { appVersion: file.appVersion } : {}),
  };
}
