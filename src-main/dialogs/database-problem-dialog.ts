import type { MessageBoxOptions } from 'electron';
import type { DatabaseProblem } from '../gateway/database-problem.ts';
import type { TrayLanguage } from '../tray/tray-labels.ts';

/** What the user chose; the buttons are listed in this order. */
export type DatabaseChoice = 'retry' | 'start-fresh' | 'restore' | 'quit';

/**
 * The database could not be opened: the dialog names the file and offers what fits the problem.
 * Locked: try again or quit. Damaged: keep a copy and start with an empty database, restore a
 * backup file, or quit. Anything else: try again or quit (the logs say more).
 */
export function databaseProblemDialog(options: {
  problem: DatabaseProblem;
  databasePath: string;
  message: string;
  language: TrayLanguage;
}): { dialog: MessageBoxOptions; choices: DatabaseChoice[] } {
  const zh = options.language === 'zh-CN';
  const label: Record<DatabaseChoice, string> = zh
    ? { retry: '重试', 'start-fresh': '保留副本并新建数据库', restore: '从备份恢复…', quit: '退出' }
    : {
        retry: 'Try again',
        'start-fresh': 'Keep a copy and start fresh',
        restore: 'Restore a backup…',
        quit: 'Quit',
      };
  const { problem, databasePath } = options;
  const choices: DatabaseChoice[] =
    problem === 'corrupt' ? ['start-fresh', 'restore', 'quit'] : ['retry', 'quit'];
  const headline: Record<DatabaseProblem, string> = zh
    ? {
        locked: '数据库正被其他程序使用',
        corrupt: '数据库已损坏',
        'native-module': '数据库模块与此版本的 Electron 不匹配',
        other: '无法打开数据库',
      }
    : {
        locked: 'The database is in use by another program',
        corrupt: 'The database is damaged',
        'native-module': "The database module does not match this Electron's version",
        other: 'The database could not be opened',
      };
  const advice: Record<DatabaseProblem, string> = zh
    ? {
        locked: '请关闭正在使用该文件的其他网关（例如无界面模式的 npm run serve），然后重试。',
        corrupt: '“保留副本并新建”会把旧文件改名保留在同一文件夹；也可以选择一个备份文件恢复。',
        'native-module': '开发环境需要为 Electron 重新编译 better-sqlite3（见 docs/desktop.md）。',
        other: '详细信息见日志文件夹。',
      }
    : {
        locked:
          'Close the other gateway using this file (for example a headless `npm run serve`) and try again.',
        corrupt:
          '"Keep a copy and start fresh" renames the damaged file beside it; or pick a backup file to restore.',
        'native-module':
          'A development checkout needs better-sqlite3 rebuilt for Electron (see docs/desktop.md).',
        other: 'The logs folder has the details.',
      };
  return {
    choices,
    dialog: {
      type: 'error',
      title: 'LLM Gateway',
      message: headline[problem],
      detail: `${databasePath}\n\n${options.message}\n\n${advice[problem]}`,
      buttons: choices.map((choice) => label[choice]),
      defaultId: 0,
      cancelId: choices.length - 1,
      noLink: true,
    },
  };
}
