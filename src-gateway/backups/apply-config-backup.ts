import type {
  BackupSecrets,
  ConfigBackup,
  ConfigImportResult,
} from '../../src-shared/schemas/config-backup.ts';
import type { Settings } from '../../src-shared/schemas/settings.ts';
import { keyHint, providerKeyReference } from '../admin/provider-operations.ts';
import { alertSecretReference, secretHeaderMask } from '../alerts/alert-secret.ts';
import { alertWebhookReference, maskWebhookUrl, revealWebhookUrl } from '../alerts/alert-webhook-url.ts';
import {
  headerReference,
  isSensitiveHeader,
  proxyReference,
  secretMask,
} from '../secrets/provider-sensitive-fields.ts';
import type { SecretStore } from '../secrets/secret-store.ts';
import type {
  ConfigBackupRepository,
  StoredConfig,
} from '../storage/repositories/config-backup-repository.ts';
import type { ProviderRecord } from '../storage/repositories/provider-repository.ts';

/** Secret-store references a stored configuration uses (its keys, masked proxy passwords and headers, alerts). */
function referencesOf(config: StoredConfig): Set<string> {
  const references = new Set<string>();
  for (const provider of config.providers) {
    for (const reference of provider.apiKeyRefs) references.add(reference);
    if (provider.proxyUrl?.includes(encodeURIComponent(secretMask)))
      references.add(proxyReference(provider.id));
    for (const [name, value] of Object.entries(provider.headers ?? {}))
      if (value === secretMask && isSensitiveHeader(name)) references.add(headerReference(provider.id, name));
  }
  if (config.settings.alerts.webhookUrl !== undefined) references.add(alertWebhookReference);
  if (config.settings.alerts.secretHeader !== undefined) references.add(alertSecretReference);
  return references;
}

/**
 * The alert settings as they can work after the import: a masked secret stays only when its
 * secret comes with the file or (a file without secrets) the gateway already holds it.
 */
async function alertSettings(
  settings: Settings,
  secrets: BackupSecrets | undefined,
  secretStore: SecretStore,
  writes: Map<string, string>,
): Promise<Settings> {
  const alerts = { ...settings.alerts };
  if (secrets?.alerts.webhookUrl !== undefined) {
    writes.set(alertWebhookReference, secrets.alerts.webhookUrl);
    alerts.webhookUrl = maskWebhookUrl(secrets.alerts.webhookUrl);
  } else if (
    alerts.webhookUrl !== undefined &&
    (secrets !== undefined || (await revealWebhookUrl(secretStore, alerts.webhookUrl)) === undefined)
  ) {
    delete alerts.webhookUrl;
  }
  if (secrets?.alerts.secretHeader !== undefined) {
    writes.set(alertSecretReference, secrets.alerts.secretHeader);
    alerts.secretHeader = secretHeaderMask;
  } else if (
    alerts.secretHeader !== undefined &&
    (secrets !== undefined || (await secretStore.get(alertSecretReference)) === undefined)
  ) {
    delete alerts.secretHeader;
  }
  return { ...settings, alerts };
}

/**
 * Replace the running configuration with a backup's (already read and checked whole by
 * `readConfigBackup`). Secrets from the file are written to the secret store first, with the values
 * they replace kept; then every configuration row is replaced in one SQLite transaction. When the
 * transaction fails, the secret store is put back as it was, so a failed import changes nothing.
 * Only after the commit are the secrets the old configuration used and the new one does not deleted.
 *
 * Without secrets in the file, a provider keeps the keys this gateway holds for the same provider
 * id, and has none otherwise (the answer lists those providers).
 */
export async function applyConfigBackup(options: {
  backup: ConfigBackup;
  secrets?: BackupSecrets;
  current: StoredConfig;
  repository: ConfigBackupRepository;
  secretStore: SecretStore;
  now: string;
}): Promise<ConfigImportResult> {
  const { backup, secrets, current, secretStore } = options;
  const config = backup.config;
  const writes = new Map<string, string>();
  const currentProviders = new Map(current.providers.map((provider) => [provider.id, provider]));
  const providers: ProviderRecord[] = config.providers.map((provider) => {
    if (secrets === undefined) {
      const existing = currentProviders.get(provider.id);
      return {
        ...provider,
        apiKeyRefs: existing?.apiKeyRefs ?? [],
        apiKeyHint: existing?.apiKeyHint ?? null,
        apiKeyCount: existing?.apiKeyCount ?? 0,
      };
    }
    const own = secrets.providers[provider.id];
    const keys = own?.apiKeys ?? [];
    const apiKeyRefs = keys.map((key, index) => {
      const reference = providerKeyReference(provider.id, index);
      writes.set(reference, key);
      return reference;
    });
    if (own?.proxyUrl !== undefined) writes.set(proxyReference(provider.id), own.proxyUrl);
    for (const [name, value] of Object.entries(own?.headers ?? {}))
      if (isSensitiveHeader(name)) writes.set(headerReference(provider.id, name), value);
    return { ...provider, apiKeyRefs, apiKeyHint: keyHint(keys[0]), apiKeyCount: keys.length };
  });
  const next: StoredConfig = {
    settings: await alertSettings(config.settings, secrets, secretStore, writes),
    providers,
    models: config.models,
    virtualModels: config.virtualModels,
    virtualKeys: config.virtualKeys,
    healthTargets: config.healthTargets,
  };

  const replaced = new Map<string, string | undefined>();
  try {
    for (const [reference, value] of writes) {
      replaced.set(reference, await secretStore.get(reference));
      await secretStore.set(reference, value);
    }
    options.repository.replace(next, options.now);
  } catch (error) {
    for (const [reference, value] of replaced) {
      if (value === undefined) await secretStore.delete(reference);
      else await secretStore.set(reference, value);
    }
    throw error;
  }
  const used = referencesOf(next);
  for (const reference of referencesOf(current))
    if (!used.has(reference)) await secretStore.delete(reference);

  return {
    providers: providers.length,
    models: next.models.length,
    virtualModels: next.virtualModels.length,
    virtualKeys: next.virtualKeys.length,
    healthTargets: next.healthTargets.length,
    secrets: secrets === undefined ? 'kept' : 'imported',
    providersWithoutKeys: providers
      .filter((provider) => provider.apiKeyRefs.length === 0)
      .map((provider) => provider.name),
  };
}
