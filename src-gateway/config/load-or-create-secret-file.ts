import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Read a generated secret from `filePath`, creating it (0600, owner only) on
 * first start. Used for the JWT secret when JWT_SECRET is not set, so logins
 * survive restarts without the user configuring anything.
 */
export function loadOrCreateSecretFile(filePath: string, bytes = 48): string {
  if (existsSync(filePath)) return readFileSync(filePath, 'utf8').trim();
  mkdirSync(path.dirname(filePath), { recursive: true });
  const value = randomBytes(bytes).toString('base64url');
  writeFileSync(filePath, `${value}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(filePath, 0o600);
  return value;
}
