import { existsSync, readFileSync } from 'node:fs';

/**
 * The references held by the encrypted secret file (`secrets.enc`, written by
 * src-gateway/secrets/encrypted-file-secret-store.ts as `{ version, entries:
 * { reference: sealed } }`). The references are not secret; the values stay
 * sealed. Read beside the store because its interface has no listing.
 */
export function readFileSecretReferences(filePath: string): string[] {
  if (!existsSync(filePath)) return [];
  const parsed: unknown = JSON.parse(readFileSync(filePath, 'utf8'));
  const entries = (parsed as { entries?: unknown } | null)?.entries;
  if (typeof entries !== 'object' || entries === null) {
    throw new Error(`${filePath} is not an encrypted secret file (no "entries")`);
  }
  return Object.keys(entries);
}
