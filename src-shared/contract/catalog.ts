import { z } from 'zod';
import {
  catalogPageSchema,
  catalogRefreshResultSchema,
  catalogSearchQuery,
  catalogStatusSchema,
} from '../schemas/catalog.ts';
import { operation } from './define-operation.ts';

/** The model catalog (LiteLLM's price list): how fresh it is, a refresh, a search. */
export const catalog = {
  status: operation({
    summary: 'Catalog status: source URL, entry count, when it was last updated and checked, last error',
    input: z.object({}),
    output: catalogStatusSchema,
    errors: [],
  }),
  refresh: operation({
    summary:
      'Fetch the catalog now (conditional on the cached ETag / Last-Modified); a failure keeps the cache',
    input: z.object({}),
    output: catalogRefreshResultSchema,
    errors: [],
  }),
  search: operation({
    summary:
      'Search the catalog: ?q= (exact > prefix > substring), &provider=, &mode=, &capability=tools,vision,reasoning,promptCaching,pdf,audioInput,audioOutput,responseSchema, &page=, &page_size=',
    input: catalogSearchQuery,
    output: catalogPageSchema,
    errors: [400],
  }),
};
