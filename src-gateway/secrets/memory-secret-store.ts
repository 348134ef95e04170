import type { SecretStore } from './secret-store.ts';

/** A secret store in memory (tests, throwaway instances). `entries` lets tests look inside. */
export function createMemorySecretStore(): SecretStore & { readonly entries: ReadonlyMap<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    async get(reference) {
      return entries.get(reference);
    },
    async set(reference, value) {
      entries.set(reference, value);
    },
    async delete(reference) {
      entries.delete(reference);
    },
  };
}
