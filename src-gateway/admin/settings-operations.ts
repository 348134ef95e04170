import type { AdminService } from '../../src-shared/admin-contract.ts';
import { settingsPatchSchema, settingsSchema, type Settings } from '../../src-shared/schemas/settings.ts';
import type { AdminContext } from './admin-context.ts';
import { AdminError, describeZodError, parseInput } from './admin-error.ts';
import { deepMerge } from './deep-merge.ts';

type SettingsOperations = Pick<AdminService, 'getSettings' | 'updateSettings'>;

export function createSettingsOperations(context: AdminContext): SettingsOperations {
  async function current(): Promise<Settings> {
    return (await context.repositories.settings.get()) ?? settingsSchema.parse({});
  }

  return {
    getSettings: current,
    async updateSettings(raw) {
      const patch = parseInput(settingsPatchSchema, raw);
      const merged = settingsSchema.safeParse(deepMerge(await current(), patch));
      if (!merged.success) throw new AdminError(400, 'invalid_request', describeZodError(merged.error));
      await context.repositories.settings.save(merged.data, context.now());
      await context.changed();
      return merged.data;
    },
  };
}
