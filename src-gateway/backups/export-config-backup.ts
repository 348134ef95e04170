import { createHash } from 'node:crypto';
import {
  configBackupKind,
  configBackupVersion,
  type BackupSecrets,
  type ConfigBackup,
  type ConfigBackupContent,
} from '../../src-shared/schemas/config-backup.ts';
import { providerSchema } from '../../src-shared/schemas/provider.ts';
import { alertSecretReference } from '../alerts/alert-secret.ts';
import { alertWebhookReference } from '../alerts/alert-webhook-url.ts';
import {
  headerReference,
  isSensitiveHeader,
  proxyReference,
  secretMask,
} from '../secrets/provider-sensitive-fields.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type { StoredConfig } from '../storage/repositories/config-backup-repository.ts';
import { sealBackupSecrets } from './seal-backup-secrets.ts';

/** JSON with every object's keys sorted: the same text whatever order a client kept the keys in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const fields = Object.entries(value)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, field]) => `${JSON.stringify(name)}:${canonicalJson(field)}`);
    return `{${fields.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `sha256:<hex>` of a configuration: what a backup's `checksum` holds. Over canonical JSON (keys
 * sorted), so a client that reorders keys on the way (a schema parse, a pretty-printer) keeps it valid.
 */
export function configChecksum(config: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(config)).digest('hex')}`;
}

/** Read every secret the configuration refers to out of the secret store. */
async function collectSecrets(stored: StoredConfig, secretStore: SecretStore): Promise<BackupSecrets> {
  const secrets: BackupSecrets = { providers: {}, alerts: {} };
  for (const provider of stored.providers) {
    const apiKeys: string[] = [];
    for (const reference of provider.apiKeyRefs) {
      const key = await secretStore.get(reference);
      if (key !== undefined && key !== '') apiKeys.push(key);
    }
    const entry: BackupSecrets['providers'][string] = { apiKeys };
    if (provider.proxyUrl !== undefined && provider.proxyUrl.includes(encodeURIComponent(secretMask))) {
      const proxyUrl = await secretStore.get(proxyReference(provider.id));
      if (proxyUrl !== undefined) entry.proxyUrl = proxyUrl;
    }
    for (const [name, value] of Object.entries(provider.headers ?? {})) {
      if (value !== secretMask || !isSensitiveHeader(name)) continue;
      const stored = await secretStore.get(headerReference(provider.id, name));
      if (stored !== undefined) entry.headers = { ...entry.headers, [name]: stored };
    }
    secrets.providers[provider.id] = entry;
  }
  if (stored.settings.alerts.webhookUrl !== undefined) {
    const webhookUrl = await secretStore.get(alertWebhookReference);
    if (webhookUrl !== undefined) secrets.alerts.webhookUrl = webhookUrl;
  }
  if (stored.settings.alerts.secretHeader !== undefined) {
    const secretHeader = await secretStore.get(alertSecretReference);
    if (secretHeader !== undefined) secrets.alerts.secretHeader = secretHeader;
  }
  return secrets;
}

/**
 * The configuration as a backup document: the records as the admin API shows them (secrets
 * masked, provider key references left out), virtual keys with their hashes, and the secrets
 * themselves only when a passphrase seals them.
 */
export async function exportConfigBackup(options: {
  stored: StoredConfig;
  secretStore: SecretStore;
  passphrase?: string;
  now: string;
  appVersion: string;
}): Promise<ConfigBackup> {
  const { stored } = options;
  const config: ConfigBackupContent = {
    settings: stored.settings,
    providers: stored.providers.map((provider) => providerSchema.parse(provider)),
    models: stored.models,
    virtualModels: stored.virtualModels,
    virtualKeys: stored.virtualKeys,
    healthTargets: stored.healthTargets,
  };
  return {
    kind: configBackupKind,
    version: configBackupVersion,
    exportedAt: options.now,
    appVersion: options.appVersion,
    checksum: configChecksum(config),
    secrets:
      options.passphrase === undefined
        ? null
        : await sealBackupSecrets(await collectSecrets(stored, options.secretStore), options.passphrase),
    config,
  };
}
