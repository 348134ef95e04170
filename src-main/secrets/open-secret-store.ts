import path from 'node:path';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import { createEncryptedFileSecretStore } from '../../src-gateway/secrets/encrypted-file-secret-store.ts';
import { loadSecretKey } from '../../src-gateway/secrets/load-secret-key.ts';
import type { SecretStore } from '../../src-gateway/secrets/secret-store.ts';
import { createKeychainSecretStore, defaultKeychainService } from './create-keychain-secret-store.ts';
import { createMigratingSecretStore } from './create-migrating-secret-store.ts';
import { createNapiKeyring } from './create-napi-keyring.ts';
import type { Keyring } from './keyring.ts';
import { probeKeychain } from './probe-keychain.ts';
import { readFileSecretReferences } from './read-file-secret-references.ts';

export interface OpenSecretStoreOptions {
  /** The app's data folder: `secrets.enc` and `secret.key` live there (as for the headless gateway). */
  dataDir: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** `GATEWAY_SECRET_KEY` when the composition root has one; else `secret.key` in the data folder. */
  secretKey?: string;
  /** Keychain service name; "LLM Gateway" by default. */
  service?: string;
  /** The keychain; the OS one through @napi-rs/keyring by default. */
  keyring?: Keyring;
  /** How long the probe may wait (an unlock prompt) before the keychain counts as unavailable. */
  probeTimeoutMs?: number;
}

export interface OpenedSecretStore {
  store: SecretStore;
  /** Where new secrets go. */
  kind: 'keychain' | 'file';
  /** One sentence for the UI when something is not as it should be; never contains a secret. */
  warning?: string;
}

/**
 * The desktop app's secret store. Uses the OS keychain when a probe entry can
 * be written, read back and deleted; otherwise the AES-256-GCM file of the
 * headless gateway (never plain text), with a warning saying so. On a data
 * folder whose `secrets.enc` still holds secrets (created headless, or while
 * the keychain was unavailable) every secret is moved to the keychain first;
 * what cannot be moved stays in the file, is read from there, and is moved at
 * the next start (`createMigratingSecretStore` says why nothing is lost).
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<OpenedSecretStore> {
  const service = options.service ?? defaultKeychainService;
  const keyring = options.keyring ?? createNapiKeyring();
  const filePath = path.join(options.dataDir, 'secrets.enc');
  const fromFile = <T>(read: () => T): T => {
    try {
      return read();
    } catch (error) {
      throw new Error(`Cannot open the encrypted secret file ${filePath}: ${messageOf(error)}`, {
        cause: error,
      });
    }
  };
  const openFile = (): SecretStore =>
    fromFile(() => {
      const keyFilePath = path.join(options.dataDir, 'secret.key');
      const key = loadSecretKey({ envValue: options.secretKey, keyFilePath });
      return createEncryptedFileSecretStore({ filePath, key });
    });

  const unavailable = await probeKeychain({ keyring, service, timeoutMs: options.probeTimeoutMs ?? 20_000 });
  if (unavailable !== undefined) {
    options.logger.warn(
      { reason: unavailable },
      'system keychain unavailable: using the encrypted secret file',
    );
    return { store: openFile(), kind: 'file', warning: fallbackWarning(unavailable) };
  }

  const keychain = createKeychainSecretStore({ service, keyring });
  const references = fromFile(() => readFileSecretReferences(filePath));
  if (references.length === 0) return { store: keychain, kind: 'keychain' };

  const migrating = createMigratingSecretStore({ file: openFile(), keychain, references });
  const { moved, failed } = await migrating.migrate();
  options.logger.info(
    { moved, left: failed.length },
    'moved secrets from the encrypted file to the keychain',
  );
  if (failed.length === 0) return { store: keychain, kind: 'keychain' };
  options.logger.warn(
    { references: failed.map((entry) => entry.reference), reason: failed[0]!.reason },
    'some secrets stay in the encrypted file',
  );
  return {
    store: migrating,
    kind: 'keychain',
    warning:
      `${failed.length} of ${references.length} provider keys could not be moved from the encrypted file to the ` +
      `system keychain (${failed[0]!.reason}). They stay in the encrypted file, where the gateway ` +
      `still looks for them, and the move is tried again at the next start.`,
  };
}

function fallbackWarning(reason: string): string {
  const hint =
    process.platform === 'linux'
      ? ' Install and unlock a Secret Service (GNOME Keyring, KWallet) to use it.'
      : '';
  return (
    `The system keychain is not available (${reason}), so provider keys are kept in an encrypted file ` +
    `in the app's data folder instead.${hint} Keys saved in the keychain earlier come back once it is available.`
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
