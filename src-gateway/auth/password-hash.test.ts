import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

describe('password hashing', () => {
  it('verifies the right password, rejects others, salts every hash', async () => {
    const first = await hashPassword('correct horse');
    const second = await hashPassword('correct horse');
    expect(first).not.toBe(second);
    expect(first).not.toContain('correct horse');
    // Over 32 MiB of scrypt memory: glibc keeps its malloc thresholds (password-hash.ts).
    expect(first.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(needsRehash(first)).toBe(false);
    expect(needsRehash(first.replace('scrypt$32768$', 'scrypt$16384$'))).toBe(true);
    expect(await verifyPassword('correct horse', first)).toBe(true);
    expect(await verifyPassword('correct horse', second)).toBe(true);
    expect(await verifyPassword('Correct horse', first)).toBe(false);
    expect(await verifyPassword('correct horse', 'plain-text')).toBe(false);
  });
});
