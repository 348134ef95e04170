import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';

/**
 * Names of the files the gateway keeps in its data folder: the SQLite database
 * with its journal files, the generated key and JWT secret, the encrypted
 * secret store and its temp files while it is rewritten.
 */
const gatewayFileNames = [
  /\.(db|sqlite|sqlite3)(-wal|-shm|-journal)?$/,
  /^secret\.key$/,
  /^jwt-secret$/,
  // Database backups (backups.database) go in their own folder inside the data folder.
  /^backups$/,
  /^secrets\.enc(\.\d+\.[0-9a-f]+\.tmp)?$/,
];

/** POSIX modes mean nothing on Windows (chmod only toggles read-only there). */
const posix = process.platform !== 'win32';

/**
 * Make sure `directory` exists and only its owner can list or enter it (0700):
 * it holds captured prompts, password hashes and keys. A folder the gateway
 * creates is made 0700. An existing folder is tightened only when it is the
 * gateway's own: owned by this user and holding nothing but gateway files
 * (plus `ownFiles`, e.g. a database named without a `.db` suffix). A shared
 * folder such as `/tmp` (DB_PATH=/tmp/x.db) or a home directory is left
 * alone; the files in it are still 0600 (`restrictToOwner`).
 */
export function ensurePrivateDirectory(directory: string, ownFiles: readonly string[] = []): void {
  let existing;
  try {
    existing = statSync(directory);
  } catch {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    restrictToOwner(directory, 0o700); // The umask may have taken bits away, never added: this is belt and braces.
    return;
  }
  if (!posix || !existing.isDirectory() || (existing.mode & 0o077) === 0) return;
  if (existing.uid !== process.getuid?.()) return;
  const onlyGatewayFiles = readdirSync(directory).every(
    (name) => ownFiles.includes(name) || gatewayFileNames.some((pattern) => pattern.test(name)),
  );
  if (onlyGatewayFiles) restrictToOwner(directory, 0o700);
}

/**
 * Set an owner-only mode (0600 for files) when the file exists. Failures are
 * ignored: a read-only mount or a filesystem without modes must not stop the
 * gateway from starting, and the file was readable before this call anyway.
 */
export function restrictToOwner(filePath: string, mode = 0o600): void {
  if (!posix) return;
  try {
    chmodSync(filePath, mode);
  } catch {
    // Missing, read-only or modeless filesystem: nothing more to do.
  }
}
