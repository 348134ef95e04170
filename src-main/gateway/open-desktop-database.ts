import type { MessageBoxOptions } from 'electron';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import { openDatabase, type Database } from '../../src-gateway/storage/index.ts';
import { databaseProblemDialog } from '../dialogs/database-problem-dialog.ts';
import type { TrayLanguage } from '../tray/tray-labels.ts';
import { classifyDatabaseError, restoreDatabase, setDatabaseAside } from './database-problem.ts';

/**
 * Open the app's database; when that fails, say so with the file's path and offer what fits
 * (try again, keep a copy and start fresh, restore a backup, quit) until it opens or the user quits
 * (undefined). Nothing is ever deleted: a damaged or replaced database is renamed beside it.
 */
export async function openDesktopDatabase(options: {
  databasePath: string;
  logger: Logger;
  language: TrayLanguage;
  showMessageBox(dialog: MessageBoxOptions): Promise<{ response: number }>;
  /** Ask for a backup file to restore; undefined when the user cancels. */
  pickBackup(): Promise<string | undefined>;
  now?: () => Date;
}): Promise<Database | undefined> {
  const now = options.now ?? (() => new Date());
  for (;;) {
    try {
      return openDatabase(options.databasePath);
    } catch (error) {
      const problem = classifyDatabaseError(error);
      const message = error instanceof Error ? error.message : String(error);
      options.logger.error(
        { err: error, path: options.databasePath, problem },
        'the database could not be opened',
      );
      const { dialog, choices } = databaseProblemDialog({
        problem,
        databasePath: options.databasePath,
        message,
        language: options.language,
      });
      const choice = choices[(await options.showMessageBox(dialog)).response] ?? 'quit';
      if (choice === 'quit') return undefined;
      if (choice === 'start-fresh') {
        const aside = setDatabaseAside(options.databasePath, now());
        options.logger.warn({ keptAs: aside }, 'damaged database kept aside; starting with a new one');
      }
      if (choice === 'restore') {
        const source = await options.pickBackup();
        if (source === undefined) continue;
        try {
          const aside = restoreDatabase({ databasePath: options.databasePath, source, now: now() });
          options.logger.warn({ source, keptAs: aside }, 'database restored from a backup');
        } catch (restoreError) {
          await options.showMessageBox({
            type: 'error',
            title: 'LLM Gateway',
            message: restoreError instanceof Error ? restoreError.message : String(restoreError),
            buttons: ['OK'],
          });
        }
      }
    }
  }
}
