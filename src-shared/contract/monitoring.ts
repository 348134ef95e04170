import { z } from 'zod';
import { monitoringStatusSchema } from '../schemas/monitoring-status.ts';
import { operation } from './define-operation.ts';

/** Persistent monitoring as it runs now (turned on and off through settings). */
export const monitoring = {
  status: operation({
    summary: 'Whether monitoring runs, where the status page is, and the LAN status listener',
    input: z.object({}),
    output: monitoringStatusSchema,
    errors: [],
  }),
};
