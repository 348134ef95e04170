import { useMessage } from 'naive-ui';
import { watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { z } from 'zod';
import type { Settings } from '../../../../src-shared/schemas/settings.ts';
import { useContractForm } from '../../../components/use-contract-form.ts';
import { useSettingsStore } from '../../../stores/settings.ts';

/**
 * One card of the settings page as a form: its fields are a part of the settings (`schema`, cut
 * from the contract's settings schema, so the same rules apply here as at the gateway), filled
 * from the settings as loaded, saved as a patch of just that part.
 */
export function useSettingsSection<Schema extends z.ZodType<object>>(
  schema: Schema,
  pick: (settings: Settings) => z.input<Schema>,
  fallback: () => z.input<Schema>,
) {
  const store = useSettingsStore();
  const message = useMessage();
  const { t } = useI18n();
  const form = useContractForm(schema, () => (store.settings ? pick(store.settings) : fallback()));
  watch(
    () => store.settings,
    (settings) => {
      if (settings && !form.submitting) Object.assign(form.model as object, pick(settings));
    },
  );

  /** Validate and save; says so, or leaves the errors next to their fields. */
  async function save(
    patch: (value: z.output<Schema>) => Record<string, unknown> = (value) => value as Record<string, unknown>,
  ): Promise<boolean> {
    const saved = await form.submit((value) => store.update(patch(value)));
    if (saved) message.success(t('settings.saved'));
    return saved;
  }

  return { form, save };
}
