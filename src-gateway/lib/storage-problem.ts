/**
 * Why the storage refused a write, in words a person can act on. `full`: the disk (or the
 * database's size limit) is full; `read-only`: the file, its folder or the mount is read-only;
 * `io`: the disk failed a read or write; `busy`: another process holds the database locked;
 * `corrupt`: the file is damaged.
 */
export type StorageProblem = 'full' | 'read-only' | 'io' | 'busy' | 'corrupt';

const problems: ReadonlyArray<[RegExp, StorageProblem]> = [
  [/^(SQLITE_FULL|ENOSPC|EDQUOT|EFBIG)$/, 'full'],
  [/^(SQLITE_READONLY(_\w+)?|EROFS|EACCES|EPERM|SQLITE_PERM|SQLITE_CANTOPEN(_\w+)?)$/, 'read-only'],
  [/^(SQLITE_IOERR(_\w+)?|EIO)$/, 'io'],
  [/^(SQLITE_BUSY(_\w+)?|SQLITE_LOCKED(_\w+)?)$/, 'busy'],
  [/^(SQLITE_CORRUPT(_\w+)?|SQLITE_NOTADB)$/, 'corrupt'],
];

/** The storage problem behind an error thrown by better-sqlite3 or node:fs, or undefined for any other error. */
export function storageProblemOf(error: unknown): StorageProblem | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return undefined;
  return problems.find(([pattern]) => pattern.test(code))?.[1];
}

/** One sentence for a storage problem (admin errors, the status, the log). */
export function describeStorageProblem(problem: StorageProblem): string {
  switch (problem) {
    case 'full':
      return 'the disk holding the database is full';
    case 'read-only':
      return 'the database file or its folder is read-only';
    case 'io':
      return 'the disk reported an input/output error';
    case 'busy':
      return 'another process holds the database locked';
    case 'corrupt':
      return 'the database file is damaged';
  }
}
