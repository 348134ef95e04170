import type { SecretStore } from '../../src-gateway/secrets/secret-store.ts';
import { createNapiKeyring } from './create-napi-keyring.ts';
import type { Keyring } from './keyring.ts';

/** The service name every entry is filed under (the account is the secret's reference). */
export const defaultKeychainService = 'LLM Gateway';

export interface KeychainSecretStoreOptions {
  service?: string;
  keyring?: Keyring;
}

/**
 * Secrets in the OS keychain, one entry per secret: service "LLM Gateway",
 * account = the reference (`provider:<id>:0`, ...). Errors say which secret
 * and why, never its value.
 */
export function createKeychainSecretStore(options: KeychainSecretStoreOptions = {}): SecretStore {
  const service = options.service ?? defaultKeychainService;
  const keyring = options.keyring ?? createNapiKeyring();

  async function attempt<T>(action: string, reference: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new Error(`The system keychain could not ${action} secret "${reference}": ${describe(error)}`, {
        cause: error,
      });
    }
  }

  return {
    get: (reference) => attempt('read', reference, () => keyring.get(service, reference)),
    set: (reference, value) => attempt('store', reference, () => keyring.set(service, reference, value)),
    delete: (reference) => attempt('delete', reference, () => keyring.delete(service, reference)),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
