export { openSecretStore, type OpenSecretStoreOptions, type OpenedSecretStore } from './open-secret-store.ts';
export {
  createKeychainSecretStore,
  defaultKeychainService,
  type KeychainSecretStoreOptions,
} from './create-keychain-secret-store.ts';
export { createNapiKeyring } from './create-napi-keyring.ts';
export type { Keyring } from './keyring.ts';
