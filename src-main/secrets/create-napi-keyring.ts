import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import type { Keyring } from './keyring.ts';

/**
 * On Linux the library would fall back, silently, from the Secret Service to
 * the kernel keyring, which is memory only and forgets every key at reboot
 * (@napi-rs/keyring README, "Linux backend selection"). Pinning the Secret
 * Service makes "no keychain" an error, so the caller falls back to the
 * encrypted file instead of losing keys. Other platforms ignore the option.
 */
const entryOptions: EntryOptions = { linux: { store: 'secret-service' } };

/** The OS keychain through `@napi-rs/keyring`: macOS Keychain, Windows Credential Manager, Secret Service. */
export function createNapiKeyring(): Keyring {
  return {
    async get(service, account) {
      return (await new AsyncEntry(service, account, entryOptions).getPassword()) ?? undefined;
    },
    async set(service, account, value) {
      await new AsyncEntry(service, account, entryOptions).setPassword(value);
    },
    async delete(service, account) {
      await new AsyncEntry(service, account, entryOptions).deleteCredential();
    },
  };
}
