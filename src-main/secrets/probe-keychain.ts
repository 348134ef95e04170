import { randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.ts';

export interface ProbeKeychainOptions {
  keyring: Keyring;
  service: string;
  /** A locked keychain may show an unlock prompt; past this the keychain counts as unavailable. */
  timeoutMs: number;
}

/** The account of the probe entry: not a shape any secret reference takes. */
export const probeAccount = 'llm-gateway:keychain-probe';

/**
 * Whether the keychain works end to end: writes a random probe value, reads
 * it back and deletes it. Answers undefined when it does, else the reason in
 * one line (no Secret Service, locked, the prompt dismissed, too slow).
 */
export async function probeKeychain(options: ProbeKeychainOptions): Promise<string | undefined> {
  const { keyring, service } = options;
  const value = randomBytes(16).toString('hex');
  let timer: NodeJS.Timeout | undefined;
  // The library takes an AbortSignal but does not honour it (checked with 2.1.2): race a timer instead.
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${options.timeoutMs} ms`), options.timeoutMs);
    timer.unref();
  });
  const probe = (async (): Promise<string | undefined> => {
    await keyring.set(service, probeAccount, value);
    const readBack = await keyring.get(service, probeAccount);
    await keyring.delete(service, probeAccount);
    return readBack === value ? undefined : 'a value written could not be read back';
  })().catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
