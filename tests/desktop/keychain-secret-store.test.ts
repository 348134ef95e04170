import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeychainSecretStore, createNapiKeyring } from '../../src-main/secrets/index.ts';
import {
  keyringSessionUnavailable,
  startKeyringSession,
  type KeyringSession,
} from './support/keyring-session.ts';
import { uniqueService } from './support/keyring-test-kit.ts';

/**
 * The keychain store against a real Secret Service: gnome-keyring in a private
 * D-Bus session started here (support/keyring-session.ts). This process talks
 * to that session only: the address is set before the first keyring call.
 */
const unavailable = keyringSessionUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the real keychain tests: ${unavailable} ***\n`);

it.runIf(process.env.CI && unavailable)('CI has gnome-keyring and dbus for the keychain tests', () => {
  expect(unavailable).toBeUndefined();
});

describe.skipIf(unavailable !== undefined)('createKeychainSecretStore (real gnome-keyring)', () => {
  let session: KeyringSession;
  beforeAll(async () => {
    session = await startKeyringSession();
    session.useInThisProcess();
  });
  afterAll(async () => {
    await session?.stop();
  });

  it('sets, gets, overwrites and deletes one entry per reference, under its service', async () => {
    const service = uniqueService();
    const store = createKeychainSecretStore({ service });
    const keyring = createNapiKeyring();
    await store.set('provider:a:0', 'sk-first');
    await store.set('provider:b:0', 'sk-other');
    expect(await store.get('provider:a:0')).toBe('sk-first');
    // One entry per secret: service and account are what another keychain client sees.
    expect(await keyring.get(service, 'provider:a:0')).toBe('sk-first');
    expect(await keyring.get('LLM Gateway other', 'provider:a:0')).toBeUndefined();

    await store.set('provider:a:0', 'sk-second');
    expect(await store.get('provider:a:0')).toBe('sk-second');

    await store.delete('provider:a:0');
    expect(await store.get('provider:a:0')).toBeUndefined();
    expect(await store.get('provider:b:0')).toBe('sk-other');
    await store.delete('provider:b:0');
  });

  it('answers undefined for a missing entry and deletes a missing entry without error', async () => {
    const store = createKeychainSecretStore({ service: uniqueService() });
    expect(await store.get('provider:none:0')).toBeUndefined();
    await expect(store.delete('provider:none:0')).resolves.toBeUndefined();
  });

  it('keeps unicode, long and JSON-shaped values exactly', async () => {
    const store = createKeychainSecretStore({ service: uniqueService() });
    const values = {
      unicode: 'clé-密钥-ключ-🔑-\u00e9\u0301',
      long: `sk-${'0123456789abcdef'.repeat(4096)}`, // 64 KiB, a service-account JSON is ~2 KiB
      json: JSON.stringify({ type: 'service_account', private_key: '-----BEGIN\nKEY\n-----END\n' }),
      spaces: '  leading and trailing  ',
    };
    for (const [reference, value] of Object.entries(values)) await store.set(reference, value);
    for (const [reference, value] of Object.entries(values)) expect(await store.get(reference)).toBe(value);
    for (const reference of Object.keys(values)) await store.delete(reference);
  });

  it('says which secret failed and why, never its value', async () => {
    const store = createKeychainSecretStore({
      service: uniqueService(),
      keyring: {
        ...createNapiKeyring(),
        set: async () => {
          throw new Error('Couldn\u2019t access platform storage: locked');
        },
      },
    });
    const failure = store.set('provider:a:0', 'sk-must-not-appear');
    await expect(failure).rejects.toThrow(/could not store secret "provider:a:0": .*locked/);
    await expect(failure).rejects.not.toThrow(/sk-must-not-appear/);
  });
});
