import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { MessageBoxOptions } from 'electron';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { openDatabase } from '../../src-gateway/storage/index.ts';
import { classifyDatabaseError } from './database-problem.ts';
import { openDesktopDatabase } from './open-desktop-database.ts';

let directory: string;
let databasePath: string;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'desktop-db-'));
  databasePath = path.join(directory, 'gateway.db');
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function open(answers: number[], backup?: string) {
  const dialogs: MessageBoxOptions[] = [];
  const opened = openDesktopDatabase({
    databasePath,
    logger: createSilentLogger(),
    language: 'en',
    showMessageBox: async (dialog) => {
      dialogs.push(dialog);
      return { response: answers.shift() ?? (dialog.cancelId as number) ?? 0 };
    },
    pickBackup: async () => backup,
    now: () => new Date('2026-03-01T10:00:00Z'),
  });
  return { opened, dialogs };
}

describe('opening the desktop database', () => {
  it('opens a healthy one without a word', async () => {
    const { opened, dialogs } = open([]);
    const database = await opened;
    expect(database).toBeDefined();
    database!.close();
    expect(dialogs).toEqual([]);
  });

  it('damaged: names the file; "keep a copy and start fresh" keeps it aside and opens a new one', async () => {
    writeFileSync(databasePath, 'this is not a database, it is a poem '.repeat(200));
    const { opened, dialogs } = open([0]);
    const database = await opened;
    expect(dialogs[0]).toMatchObject({ message: 'The database is damaged' });
    expect(dialogs[0]!.detail).toContain(databasePath);
    expect(dialogs[0]!.buttons).toEqual(['Keep a copy and start fresh', 'Restore a backup…', 'Quit']);
    expect(database!.prepare('SELECT COUNT(*) AS n FROM admins').get()).toEqual({ n: 0 });
    database!.close();
    expect(readdirSync(directory)).toContain('gateway.db.damaged-2026-03-01T10-00-00-000Z');
  });

  it('damaged: restoring a real backup puts it in place (the damaged file kept)', async () => {
    const backup = path.join(directory, 'backup.db');
    const source = openDatabase(backup);
    source
      .prepare(
        'INSERT INTO admins (id, username, password_hash, token_generation, created_at, updated_at) VALUES (?,?,?,?,?,?)',
      )
      .run('adm_1', 'ada', 'x', 0, 'now', 'now');
    source.close();
    writeFileSync(databasePath, 'garbage '.repeat(1000));
    const { opened } = open([1], backup);
    const database = await opened;
    expect(database!.prepare('SELECT username FROM admins').get()).toEqual({ username: 'ada' });
    database!.close();
    expect(readdirSync(directory).some((name) => name.startsWith('gateway.db.damaged-'))).toBe(true);
  });

  it('damaged: a "backup" that is not a database is refused and nothing moves', async () => {
    const notBackup = path.join(directory, 'notes.txt');
    writeFileSync(notBackup, 'hello');
    writeFileSync(databasePath, 'garbage '.repeat(1000));
    const { opened, dialogs } = open([1, 2], notBackup);
    expect(await opened).toBeUndefined();
    expect(dialogs[1]!.message).toMatch(/notes\.txt is not an SQLite database; nothing was changed/);
    expect(readdirSync(directory).sort()).toEqual(['gateway.db', 'notes.txt']);
  });

  it('locked by another program: says so; "try again" opens it once it is free', async () => {
    openDatabase(databasePath).close();
    // Exclusive locking mode keeps the lock from the first write until the connection closes.
    const holder = new BetterSqlite3(databasePath);
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE; COMMIT');
    const dialogs: MessageBoxOptions[] = [];
    const database = await openDesktopDatabase({
      databasePath,
      logger: createSilentLogger(),
      language: 'en',
      showMessageBox: async (dialog) => {
        dialogs.push(dialog);
        holder.close();
        return { response: 0 };
      },
      pickBackup: async () => undefined,
    });
    expect(dialogs).toHaveLength(1);
    expect(dialogs[0]).toMatchObject({
      message: 'The database is in use by another program',
      buttons: ['Try again', 'Quit'],
    });
    expect(dialogs[0]!.detail).toContain(databasePath);
    expect(database).toBeDefined();
    database!.close();
  });

  it('quit: answers nothing and leaves the file as it was', async () => {
    writeFileSync(databasePath, 'garbage '.repeat(1000));
    const { opened } = open([2]);
    expect(await opened).toBeUndefined();
    expect(existsSync(databasePath)).toBe(true);
  });

  it('sorts SQLite’s errors into what the user can do', () => {
    expect(
      classifyDatabaseError(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })),
    ).toBe('locked');
    expect(
      classifyDatabaseError(Object.assign(new Error('file is not a database'), { code: 'SQLITE_NOTADB' })),
    ).toBe('corrupt');
    expect(
      classifyDatabaseError(
        new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'),
      ),
    ).toBe('native-module');
    expect(classifyDatabaseError(new Error('EACCES'))).toBe('other');
  });
});
