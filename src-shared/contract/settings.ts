import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../schemas/settings.ts';
import { operation } from './define-operation.ts';

/** The gateway's settings: one nested object. */
export const settings = {
  get: operation({ summary: 'Get the settings', input: z.object({}), output: settingsSchema, errors: [] }),
  update: operation({
    summary: 'Deep-merge the given fields into the settings (null removes a field); answers the whole object',
    input: z.object({ body: settingsPatchSchema }),
    output: settingsSchema,
    errors: [400],
  }),
};
