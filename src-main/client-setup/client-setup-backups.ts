import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Backups sit beside the file they keep: `settings.json.llm-gateway-backup-20261207T153000Z`
 * (UTC, a `-2`, `-3` ... suffix when two land in the same second). A backup
 * ending in `.absent` records that there was no file: restoring it removes the file.
 */
const backupInfix = '.llm-gateway-backup-';

export interface ClientSetupBackup {
  path: string;
  /** There was no file before the change. */
  absent: boolean;
}

/** The name stem for a backup taken at `now`; the caller adds a counter if it is taken. */
export function backupPath(filePath: string, now: Date, attempt: number, absent: boolean): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${filePath}${backupInfix}${stamp}${attempt > 1 ? `-${attempt}` : ''}${absent ? '.absent' : ''}`;
}

/** The backups of `filePath`, oldest first. */
export async function listBackups(filePath: string): Promise<ClientSetupBackup[]> {
  const directory = path.dirname(filePath);
  const prefix = `${path.basename(filePath)}${backupInfix}`;
  let names: string[];
  try {
    names = await readdir(directory);
  } catch {
    return [];
  }
  const backups = names.flatMap((name) => {
    if (!name.startsWith(prefix)) return [];
    const match = /^(\d{8}T\d{6}Z)(?:-(\d+))?(\.absent)?$/.exec(name.slice(prefix.length));
    if (!match) return [];
    return [{ name, stamp: match[1]!, counter: Number(match[2] ?? 1), absent: match[3] !== undefined }];
  });
  backups.sort((left, right) => left.stamp.localeCompare(right.stamp) || left.counter - right.counter);
  return backups.map((backup) => ({ path: path.join(directory, backup.name), absent: backup.absent }));
}
