/**
 * Where provider keys live. The database only keeps a reference and a hint.
 * Implementations: an AES-256-GCM encrypted file (headless) and the OS keychain
 * (desktop, via @napi-rs/keyring). Async so a keychain can back it.
 */
export interface SecretStore {
  get(reference: string): Promise<string | undefined>;
  set(reference: string, value: string): Promise<void>;
  delete(reference: string): Promise<void>;
}
