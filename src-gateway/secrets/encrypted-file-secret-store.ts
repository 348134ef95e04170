import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ensurePrivateDirectory } from '../lib/ensure-private-directory.ts';
import { z } from 'zod';
import type { SecretStore } from './secret-store.ts';

const ivLength = 12;
const tagLength = 16;

const secretFileSchema = z.object({
  version: z.literal(1),
  /** reference -> base64(iv | tag | ciphertext) */
  entries: z.record(z.string(), z.string()),
});

export interface EncryptedFileSecretStoreOptions {
  filePath: string;
  /** 32 bytes (AES-256); see loadSecretKey. */
  key: Buffer;
}

/**
 * Headless secret store: each value is sealed with AES-256-GCM under its own
 * random IV, with the reference as associated data (a sealed value cannot be
 * moved to another reference). The file is rewritten atomically (temp file +
 * rename) with mode 0600. A wrong key makes `get` reject.
 */
export function createEncryptedFileSecretStore(options: EncryptedFileSecretStoreOptions): SecretStore {
  if (options.key.length !== 32) throw new Error('The secret key must be 32 bytes');
  const key = Buffer.from(options.key);
  const entries = new Map<string, string>(
    existsSync(options.filePath)
      ? Object.entries(secretFileSchema.parse(JSON.parse(readFileSync(options.filePath, 'utf8'))).entries)
      : [],
  );
  // Writes are serialised so two quick changes cannot interleave their renames.
  let pending: Promise<void> = Promise.resolve();

  function seal(reference: string, value: string): string {
    const iv = randomBytes(ivLength);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(reference, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
  }

  function open(reference: string, sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivLength));
    decipher.setAAD(Buffer.from(reference, 'utf8'));
    decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(ivLength + tagLength)),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new Error(`Cannot decrypt secret "${reference}": wrong secret key or damaged file`, {
        cause: error,
      });
    }
  }

  async function persist(): Promise<void> {
    const body = JSON.stringify({ version: 1, entries: Object.fromEntries(entries) });
    const temporary = `${options.filePath}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    ensurePrivateDirectory(dirname(options.filePath));
    try {
      await writeFile(temporary, body, { mode: 0o600 });
      await chmod(temporary, 0o600);
      await rename(temporary, options.filePath);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  function enqueue(change: () => void): Promise<void> {
    const run = pending.then(() => {
      change();
      return persist();
    });
    pending = run.catch(() => undefined);
    return run;
  }

  return {
    async get(reference) {
      const sealed = entries.get(reference);
      return sealed === undefined ? undefined : open(reference, sealed);
    },
    set(reference, value) {
      return enqueue(() => entries.set(reference, seal(reference, value)));
    },
    delete(reference) {
      return enqueue(() => entries.delete(reference));
    },
  };
}
