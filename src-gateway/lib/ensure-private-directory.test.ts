import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/open-database.ts';

const directories: string[] = [];
function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-modes-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
const modeOf = (path: string): number => statSync(path).mode & 0o777;

// POSIX modes only: on Windows chmod just toggles the read-only flag.
describe.skipIf(process.platform === 'win32')('data folder and file modes', () => {
  it('tightens a data folder and database files left world-readable by an older version', () => {
    const folder = join(tempDirectory(), 'data');
    mkdirSync(folder, { mode: 0o755 });
    chmodSync(folder, 0o755);
    const filePath = join(folder, 'gateway.db');
    openDatabase(filePath).close();
    for (const file of [filePath, `${filePath}-wal`, `${filePath}-shm`, join(folder, 'secret.key')]) {
      writeFileSync(file, '', { flag: 'a' });
      chmodSync(file, 0o644);
    }
    const db = openDatabase(filePath);
    db.prepare('CREATE TABLE IF NOT EXISTS probe (x)').run();
    expect(modeOf(folder)).toBe(0o700);
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(filePath + suffix)).toBe(0o600);
    db.close();
  });

  it('leaves a shared folder (DB_PATH=/tmp/x.db) alone but still makes the files 0600', () => {
    const shared = join(tempDirectory(), 'shared');
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    writeFileSync(join(shared, 'someone-elses.txt'), 'not ours');
    const filePath = join(shared, 'x.db');
    const db = openDatabase(filePath);
    db.prepare('CREATE TABLE probe (x)').run();
    expect(modeOf(shared)).toBe(0o777);
    expect(statSync(shared).mode & 0o1000).toBe(0o1000);
    for (const suffix of ['', '-wal', '-shm']) expect(modeOf(filePath + suffix)).toBe(0o600);
    db.close();
  });

  it('creates a missing folder, and the parents it needs, 0700', () => {
    const root = tempDirectory();
    const filePath = join(root, 'a', 'b', 'gateway.db');
    openDatabase(filePath).close();
    expect(modeOf(join(root, 'a'))).toBe(0o700);
    expect(modeOf(join(root, 'a', 'b'))).toBe(0o700);
    expect(modeOf(filePath)).toBe(0o600);
  });
});
