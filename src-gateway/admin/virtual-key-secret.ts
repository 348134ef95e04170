import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256: how virtual keys and API tokens are stored and looked up. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** A new virtual key: `sk-` + 256 random bits in base64url (43 characters). */
export function generateVirtualKey(): { key: string; hash: string; hint: string } {
  const key = `sk-${randomBytes(32).toString('base64url')}`;
  return { key, hash: sha256Hex(key), hint: key.slice(-4) };
}
