import type { SecretStore } from '../../src-gateway/secrets/secret-store.ts';

export interface MigratingSecretStoreOptions {
  /** The encrypted file the secrets come from. */
  file: SecretStore;
  /** The keychain they go to. */
  keychain: SecretStore;
  /** The references in the file when the move starts. */
  references: readonly string[];
}

export interface MigrationResult {
  moved: number;
  /** References still in the file, each with why it could not be moved. */
  failed: { reference: string; reason: string }[];
}

export interface MigratingSecretStore extends SecretStore {
  /** Moves every listed secret still in the file to the keychain; safe to call again. */
  migrate(): Promise<MigrationResult>;
}

/**
 * A secret store while secrets move from the encrypted file to the keychain.
 *
 * The file is the source of truth for a reference as long as it holds it: a
 * secret is removed from the file only after the keychain holds the same value
 * and a read-back proved it. A crash between any two steps leaves the value in
 * the file (maybe also in the keychain, which the next move overwrites with the
 * file's value), so nothing is lost and a duplicate never wins over the truth.
 *
 * Reads look in the file first, then in the keychain. Writes go to the keychain
 * and then drop the file's copy the same way, so an interrupted write leaves the
 * previous value, never none. Operations run one at a time.
 */
export function createMigratingSecretStore(options: MigratingSecretStoreOptions): MigratingSecretStore {
  const { file, keychain } = options;
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run);
    queue = next.catch(() => undefined);
    return next;
  };

  async function moveToKeychain(reference: string, value: string): Promise<void> {
    await keychain.set(reference, value);
    if ((await keychain.get(reference)) !== value) {
      throw new Error(`The system keychain returned a different value for secret "${reference}"`);
    }
    await file.delete(reference);
  }

  return {
    get: (reference) =>
      serialised(async () => (await file.get(reference)) ?? (await keychain.get(reference))),
    set: (reference, value) => serialised(() => moveToKeychain(reference, value)),
    delete: (reference) =>
      serialised(async () => {
        // Keychain first: if the file's delete does not happen, the file's value still wins, as before.
        await keychain.delete(reference);
        await file.delete(reference);
      }),
    migrate: () =>
      serialised(async () => {
        const result: MigrationResult = { moved: 0, failed: [] };
        for (const reference of options.references) {
          try {
            const value = await file.get(reference);
            if (value === undefined) continue; // moved or deleted already
            await moveToKeychain(reference, value);
            result.moved += 1;
          } catch (error) {
            // One bad entry (a value the key cannot open) must not keep the others in the file.
            result.failed.push({ reference, reason: error instanceof Error ? error.message : String(error) });
          }
        }
        return result;
      }),
  };
}
