import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../../src-gateway/lib/logger.ts';
import type { Keyring } from '../../../src-main/secrets/keyring.ts';

/** A service name of its own per test, so tests sharing one keyring never see each other's entries. */
export function uniqueService(): string {
  return `LLM Gateway test ${randomBytes(6).toString('hex')}`;
}

/** A real logger whose lines are kept, to check that no secret ever reaches a log. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

/**
 * The real keyring, except that one kind of call fails from its (k+1)-th use
 * on, until `heal()`: `set` plays a crash before a secret reaches the keychain,
 * `get` (the read-back) one after it was written but before the file let go of
 * it. The probe's own calls are let through so the keychain counts as working.
 */
export function failingAfter(
  keyring: Keyring,
  method: 'set' | 'get',
  k: number,
): { keyring: Keyring; heal(): void } {
  let calls = 0;
  let healed = false;
  const gate = (account: string): void => {
    if (healed || account.includes('keychain-probe')) return;
    calls += 1;
    if (calls > k) throw new Error(`injected ${method} failure after ${k}`);
  };
  return {
    keyring: {
      get: async (service, account) => {
        if (method === 'get') gate(account);
        return keyring.get(service, account);
      },
      set: async (service, account, value) => {
        if (method === 'set') gate(account);
        return keyring.set(service, account, value);
      },
      delete: (service, account) => keyring.delete(service, account),
    },
    heal: () => {
      healed = true;
    },
  };
}
