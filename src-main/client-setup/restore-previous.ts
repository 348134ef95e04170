import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { listBackups } from './client-setup-backups.ts';
import { clientConfigPath } from './client-config-path.ts';
import { ClientSetupError } from './client-setup-error.ts';
import { clientTargetSchema, type ClientTarget } from './client-setup-input.ts';
import { parseOrRefuse } from './parse-or-refuse.ts';
import { writeFileAtomically } from './write-file-atomically.ts';

export interface RestoredClientSetup {
  path: string;
  /** The backup put back (and then removed, so the next restore goes one step further back). */
  restoredFrom: string;
  /** There was no file before the setup, so the file was removed. */
  removed: boolean;
}

/** "Restore previous" in one call: puts the newest backup back in place, atomically, with its mode. */
export async function restorePrevious(input: ClientTarget): Promise<RestoredClientSetup> {
  const target = parseOrRefuse(clientTargetSchema, input);
  const filePath = clientConfigPath(target.client, target.homeDir);
  const newest = (await listBackups(filePath)).at(-1);
  if (newest === undefined) {
    throw new ClientSetupError(
      'no-backup',
      `There is nothing to restore: this app has kept no backup of ${filePath}.`,
    );
  }
  if (newest.absent) {
    await rm(filePath, { force: true });
  } else {
    const bytes = await readFile(newest.path); // byte for byte, whatever the file held
    const mode = (await stat(newest.path)).mode & 0o777;
    const destination = existsSync(filePath) ? await realpath(filePath) : filePath;
    await mkdir(path.dirname(destination), { recursive: true, mode: 0o700 });
    await writeFileAtomically(destination, bytes, mode);
  }
  await rm(newest.path, { force: true });
  return { path: filePath, restoredFrom: newest.path, removed: newest.absent };
}
