import { z } from 'zod';
import { apiTokenSchema, apiTokenWithSecretSchema, createApiTokenInput } from '../schemas/api-token.ts';
import { listOf } from '../schemas/common.ts';
import { byId } from './crud-operations.ts';
import { operation } from './define-operation.ts';

/** Long-lived admin API tokens for scripts: stored hashed, the token itself answered once. */
export const apiTokens = {
  list: operation({
    summary: 'List admin API tokens (never the tokens themselves)',
    input: z.object({}),
    output: listOf(apiTokenSchema),
    errors: [],
  }),
  create: operation({
    summary: 'Create an admin API token for scripts; the token (gw_...) is answered once',
    input: z.object({ body: createApiTokenInput }),
    output: apiTokenWithSecretSchema,
    errors: [400],
  }),
  revoke: operation({
    summary: 'Revoke an admin API token',
    input: byId,
    output: z.void(),
    errors: [404],
  }),
};
