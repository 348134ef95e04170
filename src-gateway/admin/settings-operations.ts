import type { AdminService } from './admin-service.ts';
import { settingsPatchSchema, settingsSchema, type Settings } from '../../src-shared/schemas/settings.ts';
import { alertSecretReference, secretHeaderMask } from '../alerts/alert-secret.ts';
import { storeWebhookUrl } from '../alerts/alert-webhook-url.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError, fieldIssuesOf, invalidInput, parseInput } from '../lib/admin-error.ts';
import { deepMerge } from './deep-merge.ts';

type SettingsOperations = Pick<AdminService, 'getSettings' | 'updateSettings'>;

/**
 * The alert secret header is never answered: only a mask shows that one is set.
 * (`alerts.webhookUrl` needs nothing here: settings only ever hold its mask.)
 */
function toPublic(settings: Settings): Settings {
  if (settings.alerts.secretHeader === undefined) return settings;
  return { ...settings, alerts: { ...settings.alerts, secretHeader: secretHeaderMask } };
}

export function createSettingsOperations(context: AdminContext): SettingsOperations {
  async function current(): Promise<Settings> {
    return (await context.repositories.settings.get()) ?? settingsSchema.parse({});
  }

  return {
    getSettings: async () => toPublic(await current()),
    async updateSettings(raw) {
      const patch = parseInput(settingsPatchSchema, raw);
      const before = await current();
      const merged = settingsSchema.safeParse(deepMerge(before, patch));
      if (!merged.success) throw invalidInput(fieldIssuesOf(merged.error));
      const settings = merged.data;
      const next = settings.alerts;
      if (
        next.webhookUrl !== undefined &&
        next.webhookUrl !== before.alerts.webhookUrl &&
        !/^https?:$/.test(new URL(next.webhookUrl).protocol)
      ) {
        throw new AdminError(400, 'invalid_request', 'alerts.webhookUrl: must be an http or https URL');
      }
      // `alerts.secretHeader` goes to the secret store; SQLite keeps only the mask.
      // Sending the mask back (a client echoing the settings) keeps the stored secret.
      const header = settings.alerts.secretHeader;
      if (header === undefined) {
        if (before.alerts.secretHeader !== undefined) await context.secretStore.delete(alertSecretReference);
      } else if (header === secretHeaderMask) {
        if (before.alerts.secretHeader === undefined) delete settings.alerts.secretHeader;
      } else {
        await context.secretStore.set(alertSecretReference, header);
        settings.alerts = { ...settings.alerts, secretHeader: secretHeaderMask };
      }
      // The webhook URL is a credential too (Slack, Discord): the store keeps it, settings its mask.
      const webhookUrl = await storeWebhookUrl(
        context.secretStore,
        next.webhookUrl,
        before.alerts.webhookUrl,
      );
      if (webhookUrl === undefined) delete settings.alerts.webhookUrl;
      else settings.alerts = { ...settings.alerts, webhookUrl };
      await context.repositories.settings.save(settings, context.now());
      await context.changed();
      return toPublic(settings);
    },
  };
}
