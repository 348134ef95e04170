import { listOf } from '../../../src-shared/schemas/common.ts';
import { AdminError } from '../../admin/admin-error.ts';
import { providerPresetSchema } from '../../providers/provider-preset.ts';
import { findProviderPreset, providerPresets } from '../../providers/provider-presets.ts';
import type { AdminRoute } from './admin-route.ts';

/** `GET /api/provider-presets` (and one by id): pick a vendor, paste a key. */
export function createProviderPresetRoutes(): AdminRoute[] {
  return [
    {
      method: 'get',
      path: '/provider-presets',
      tag: 'providers',
      summary:
        'List provider presets (protocol, base URL, key format and where to get one, quirks); POST /providers with { preset, apiKey } fills the rest',
      status: 200,
      response: listOf(providerPresetSchema),
      handle: async () => ({ data: providerPresets }),
    },
    {
      method: 'get',
      path: '/provider-presets/:id',
      tag: 'providers',
      summary: 'Get one provider preset',
      status: 200,
      response: providerPresetSchema,
      errors: [404],
      handle: async ({ params }) => {
        const preset = findProviderPreset(params.id!);
        if (!preset) throw new AdminError(404, 'not_found', `No provider preset with id "${params.id}"`);
        return preset;
      },
    },
  ];
}
