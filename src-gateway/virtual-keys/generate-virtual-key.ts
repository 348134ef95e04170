import { randomBytes } from 'node:crypto';
import { hashKey } from './hash-key.ts';

/** A new virtual key: `sk-` + 256 random bits in base64url (43 characters). */
export function generateVirtualKey(): { key: string; hash: string; hint: string } {
  const key = `sk-${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashKey(key), hint: key.slice(-4) };
}
