import { z } from 'zod';
import { idSchema, listOf } from '../schemas/common.ts';
import { providerPresetSchema } from '../schemas/provider-preset.ts';
import { operation } from './define-operation.ts';

/** Provider presets: pick a vendor, paste a key. */
export const presets = {
  list: operation({
    summary:
      'List provider presets (protocol, base URL, key format and where to get one, quirks); POST /providers with { preset, apiKey } fills the rest',
    input: z.object({}),
    output: listOf(providerPresetSchema),
    errors: [],
  }),
  get: operation({
    summary: 'Get one provider preset',
    input: z.object({ id: idSchema }),
    output: providerPresetSchema,
    errors: [404],
  }),
};
