import type { ProviderPreset } from '../../src-shared/schemas/provider-preset.ts';
import { findProviderPreset, providerPresets } from '../providers/provider-presets.ts';
import { notFound } from '../lib/admin-error.ts';

/** Provider presets: read-only data shipped with the gateway. */
export interface PresetService {
  list(): Promise<ProviderPreset[]>;
  /** 404 for an unknown id. */
  get(id: string): Promise<ProviderPreset>;
}

export function createPresetService(): PresetService {
  return {
    list: async () => [...providerPresets],
    async get(id) {
      const preset = findProviderPreset(id);
      if (!preset) throw notFound('provider preset', id);
      return preset;
    },
  };
}
