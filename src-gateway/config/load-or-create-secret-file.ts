import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirectory, restrictToOwner } from '../lib/ensure-private-directory.ts';

/**
 * Read a generated secret from `filePath`, creating it (0600, owner only, in
 * an owner-only folder) on first start; an existing file is tightened to 0600.
 * Used for the JWT secret when JWT_SECRET is not set, so logins survive
 * restarts without the user configuring anything.
 */
export function loadOrCreateSecretFile(filePath: string, bytes = 48): string {
  if (existsSync(filePath)) {
    restrictToOwner(filePath);
    return readFileSync(filePath, 'utf8').trim();
  }
  ensurePrivateDirectory(path.dirname(filePath));
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(filePath, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(filePath, 0o600);
  return value;
}
