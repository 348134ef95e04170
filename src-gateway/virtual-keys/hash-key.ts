import { createHash } from 'node:crypto';

/** Hex SHA-256: how virtual keys and admin API tokens are stored and looked up (never the key itself). */
export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
