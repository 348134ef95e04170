/**
 * The little of an OS keychain the secret store needs: one password per
 * (service, account). `createNapiKeyring` is the real one; tests wrap it to
 * make a chosen call fail and so play an interrupted migration for real.
 */
export interface Keyring {
  /** The stored value, or undefined when there is none. Rejects when the keychain cannot be read. */
  get(service: string, account: string): Promise<string | undefined>;
  set(service: string, account: string, value: string): Promise<void>;
  /** Removes the entry; a missing entry is not an error. */
  delete(service: string, account: string): Promise<void>;
}
