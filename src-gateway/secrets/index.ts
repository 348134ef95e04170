export type { SecretStore } from './secret-store.ts';
export {
  createEncryptedFileSecretStore,
  type EncryptedFileSecretStoreOptions,
} from './encrypted-file-secret-store.ts';
export { loadSecretKey, type LoadSecretKeyOptions } from './load-secret-key.ts';
export { createMemorySecretStore } from './memory-secret-store.ts';
