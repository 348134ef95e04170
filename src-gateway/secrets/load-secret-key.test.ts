import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecretKey } from './load-secret-key.ts';

const directories: string[] = [];
function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-key-'));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('loadSecretKey', () => {
  it('accepts 32 bytes as hex or base64 from the environment', () => {
    const key = randomBytes(32);
    const keyFilePath = join(tempDirectory(), 'secret.key');
    expect(loadSecretKey({ envValue: key.toString('hex'), keyFilePath }).equals(key)).toBe(true);
    expect(loadSecretKey({ envValue: ` ${key.toString('base64')}\n`, keyFilePath }).equals(key)).toBe(true);
    expect(() => loadSecretKey({ envValue: randomBytes(16).toString('base64'), keyFilePath })).toThrow(
      /32 bytes/,
    );
  });

  it('generates a 0600 key file once and reads it back', () => {
    const keyFilePath = join(tempDirectory(), 'nested', 'secret.key');
    const first = loadSecretKey({ keyFilePath });
    expect(first.length).toBe(32);
    expect(statSync(keyFilePath).mode & 0o777).toBe(0o600);
    expect(loadSecretKey({ keyFilePath, envValue: '' }).equals(first)).toBe(true);
  });

  it('refuses a key file of the wrong size', () => {
    const keyFilePath = join(tempDirectory(), 'secret.key');
    writeFileSync(keyFilePath, 'c2hvcnQ=');
    expect(() => loadSecretKey({ keyFilePath })).toThrow(/32 bytes/);
  });
});
