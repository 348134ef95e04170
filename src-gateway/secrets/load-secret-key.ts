import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDirectory, restrictToOwner } from '../lib/ensure-private-directory.ts';

export interface LoadSecretKeyOptions {
  /** `GATEWAY_SECRET_KEY`: 32 bytes as 64 hex digits or base64. */
  envValue?: string;
  /** Used (and created with mode 0600 on first start) when no environment value is given. */
  keyFilePath: string;
}

function decodeKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  if (key.length !== 32)
    throw new Error(`${source} must hold 32 bytes as hex or base64 (got ${key.length} bytes)`);
  return key;
}

/**
 * The AES-256 key for the encrypted secret file: from the environment when
 * set, else from a key file, which is generated (random, mode 0600) the first time.
 */
export function loadSecretKey(options: LoadSecretKeyOptions): Buffer {
  if (options.envValue !== undefined && options.envValue.trim() !== '') {
    return decodeKey(options.envValue, 'GATEWAY_SECRET_KEY');
  }
  if (existsSync(options.keyFilePath)) {
    restrictToOwner(options.keyFilePath);
    return decodeKey(readFileSync(options.keyFilePath, 'utf8'), `The key file ${options.keyFilePath}`);
  }
  const key = randomBytes(32);
  ensurePrivateDirectory(dirname(options.keyFilePath));
  // 'wx' refuses to overwrite a key file created meanwhile by another process.
  writeFileSync(options.keyFilePath, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(options.keyFilePath, 0o600);
  return key;
}
