import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from './encrypted-file-secret-store.ts';

const directories: string[] = [];
function tempFile(): string {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-secrets-'));
  directories.push(directory);
  return join(directory, 'sub', 'secrets.json');
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

const plaintext = 'sk-provider-SECRET-123456789';

describe('createEncryptedFileSecretStore', () => {
  it('round-trips values across instances without storing the plaintext', async () => {
    const filePath = tempFile();
    const key = randomBytes(32);
    const store = createEncryptedFileSecretStore({ filePath, key });
    await store.set('provider:a:0', plaintext);
    await store.set('provider:a:1', 'second ✓');
    expect(await store.get('provider:a:0')).toBe(plaintext);

    const reopened = createEncryptedFileSecretStore({ filePath, key });
    expect(await reopened.get('provider:a:0')).toBe(plaintext);
    expect(await reopened.get('provider:a:1')).toBe('second ✓');
    expect(await reopened.get('missing')).toBeUndefined();

    const bytes = readFileSync(filePath);
    expect(bytes.includes(Buffer.from(plaintext))).toBe(false);
    expect(bytes.includes(Buffer.from('SECRET'))).toBe(false);
  });

  it('writes the file with mode 0600 and leaves no temp files', async () => {
    const filePath = tempFile();
    const store = createEncryptedFileSecretStore({ filePath, key: randomBytes(32) });
    await Promise.all([store.set('a', '1'), store.set('b', '2'), store.delete('a')]);
    expect(statSync(filePath).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(filePath, '..'))).toEqual(['secrets.json']);
    const reopened = createEncryptedFileSecretStore({ filePath, key: Buffer.alloc(32, 0) });
    await expect(reopened.get('b')).rejects.toThrow(/wrong secret key/);
    expect(JSON.parse(readFileSync(filePath, 'utf8')).entries).not.toHaveProperty('a');
  });

  it('uses a fresh IV per value and fails with a wrong key', async () => {
    const filePath = tempFile();
    const store = createEncryptedFileSecretStore({ filePath, key: randomBytes(32) });
    await store.set('x', 'same');
    await store.set('y', 'same');
    const entries = JSON.parse(readFileSync(filePath, 'utf8')).entries;
    expect(entries.x).not.toBe(entries.y);

    const wrong = createEncryptedFileSecretStore({ filePath, key: randomBytes(32) });
    await expect(wrong.get('x')).rejects.toThrow(/Cannot decrypt secret "x"/);
  });

  it('binds a sealed value to its reference', async () => {
    const filePath = tempFile();
    const key = randomBytes(32);
    const store = createEncryptedFileSecretStore({ filePath, key });
    await store.set('x', 'value');
    await store.set('y', 'other');
    const file = JSON.parse(readFileSync(filePath, 'utf8'));
    file.entries.y = file.entries.x;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(filePath, JSON.stringify(file));
    const tampered = createEncryptedFileSecretStore({ filePath, key });
    await expect(tampered.get('y')).rejects.toThrow();
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => createEncryptedFileSecretStore({ filePath: tempFile(), key: randomBytes(16) })).toThrow(
      /32 bytes/,
    );
  });
});
