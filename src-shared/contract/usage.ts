import { z } from 'zod';
import { listOf } from '../schemas/common.ts';
import { keyBudgetSchema, usageQuerySchema, usageSummarySchema } from '../schemas/usage.ts';
import { operation } from './define-operation.ts';

/** Usage from the rollups (dashboard charts) and each key's live spend against its budget. */
export const usage = {
  summary: operation({
    summary:
      'Usage totals and time series. Query: from, to (ISO or epoch ms; default the last 24 h), granularity (minute|hour|day; picked from the range when absent), groupBy (key|model|provider|none), keyId, model, providerId',
    input: usageQuerySchema,
    output: usageSummarySchema,
    errors: [400],
  }),
  budgets: operation({
    summary:
      'Per key: spend in the current UTC day and month and in total, the budget left, and live limiter state',
    input: z.object({}),
    output: listOf(keyBudgetSchema),
    errors: [],
  }),
};
