import { chmod, mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { backupPath } from './client-setup-backups.ts';
import { clientConfigPath } from './client-config-path.ts';
import { ClientSetupError } from './client-setup-error.ts';
import { clientSetupInputSchema } from './client-setup-input.ts';
import { parseOrRefuse } from './parse-or-refuse.ts';
import { editClientConfig } from './edit-client-config.ts';
import type { ClientSetupPlan } from './plan-client-setup.ts';
import { readTextIfExists } from './read-text-if-exists.ts';
import { writeFileAtomically } from './write-file-atomically.ts';

export interface AppliedClientSetup {
  path: string;
  /** Where the previous file was kept (a `.absent` marker when there was none). */
  backupPath: string;
}

/**
 * Writes a planned change: refuses when the file is no longer what was
 * planned (another program wrote it since; the user approved a diff of the
 * old text), keeps a timestamped backup beside it, then replaces it
 * atomically with the same mode (0600 for a new file; its folder is created).
 * A symlinked file (dotfiles) is written through the link.
 *
 * The new text is computed again from the plan's parsed input rather than
 * taken from `plan.after`, so a plan that crossed a process boundary can only
 * ever point the client at a gateway, never write arbitrary settings.
 */
export async function applyClientSetup(
  plan: ClientSetupPlan,
  options: { now?: () => Date } = {},
): Promise<AppliedClientSetup> {
  const setup = parseOrRefuse(clientSetupInputSchema, plan.options);
  const filePath = clientConfigPath(setup.client, setup.homeDir);
  const current = (await readTextIfExists(filePath)) ?? null;
  if (current !== plan.before) {
    throw new ClientSetupError(
      'changed-since-planning',
      `${filePath} changed after the change was shown (another program wrote it). Look at the new change and apply it again.`,
    );
  }
  const after = editClientConfig(filePath, current ?? undefined, setup).after;
  if (after !== plan.after || filePath !== plan.path) {
    throw new ClientSetupError(
      'invalid-input',
      'This change does not match its own settings; plan it again.',
    );
  }

  const target = current === null ? filePath : await realpath(filePath);
  const mode = current === null ? 0o600 : (await stat(target)).mode & 0o777;
  await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
  const kept = await keepBackup(filePath, current, mode, options.now?.() ?? new Date());
  await writeFileAtomically(target, after, mode);
  return { path: filePath, backupPath: kept };
}

async function keepBackup(filePath: string, text: string | null, mode: number, now: Date): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const candidate = backupPath(filePath, now, attempt, text === null);
    try {
      await writeFile(candidate, text ?? '', { flag: 'wx', mode });
      await chmod(candidate, mode);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
