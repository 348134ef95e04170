import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import {
  backupSecretsSchema,
  configBackupKind,
  type BackupSecrets,
  type SealedSecrets,
} from '../../src-shared/schemas/config-backup.ts';
import { AdminError } from '../lib/admin-error.ts';

/** scrypt's cost for new backups: 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per export or import. */
const cost = { N: 2 ** 15, r: 8, p: 1 };
/** Binds the ciphertext to the format: secrets sealed for something else do not open as a backup's. */
const associatedData = Buffer.from(`${configBackupKind}/secrets`);

/** The AES key behind a passphrase, in the thread pool (never on the event loop the requests use). */
function deriveKey(passphrase: string, salt: Buffer, parameters: { N: number; r: number; p: number }) {
  return new Promise<Buffer>((resolve, reject) =>
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      // scrypt needs 128 × N × r bytes; the file's parameters are bounded by its schema.
      { ...parameters, maxmem: 256 * parameters.N * parameters.r + 1024 * 1024 },
      (error, key) => (error ? reject(error) : resolve(key)),
    ),
  );
}

/** Encrypt a backup's secrets with a passphrase (scrypt + AES-256-GCM). */
export async function sealBackupSecrets(secrets: BackupSecrets, passphrase: string): Promise<SealedSecrets> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = await deriveKey(passphrase, salt, cost);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData);
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return {
    kdf: 'scrypt',
    ...cost,
    salt: salt.toString('base64'),
    cipher: 'aes-256-gcm',
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

/**
 * Decrypt a backup's secrets. A wrong passphrase and a changed byte look the same to GCM: both are
 * refused with `wrong_passphrase`, and nothing of the plaintext is used.
 */
export async function openBackupSecrets(sealed: SealedSecrets, passphrase: string): Promise<BackupSecrets> {
  const iv = Buffer.from(sealed.iv, 'base64');
  const tag = Buffer.from(sealed.tag, 'base64');
  if (iv.length !== 12 || tag.length !== 16)
    throw new AdminError(400, 'invalid_backup', 'backup.secrets: the iv or tag has the wrong length');
  const key = await deriveKey(passphrase, Buffer.from(sealed.salt, 'base64'), sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(associatedData);
  decipher.setAuthTag(tag);
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new AdminError(
      400,
      'wrong_passphrase',
      "The passphrase does not open this backup's secrets (or the encrypted part was changed)",
    );
  }
  let parsed;
  try {
    parsed = backupSecretsSchema.safeParse(JSON.parse(plain));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success)
    throw new AdminError(
      400,
      'invalid_backup',
      'backup.secrets: the decrypted secrets are not in the expected shape',
    );
  return parsed.data;
}
