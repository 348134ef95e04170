import { z } from 'zod';
import { addCatalogModelsInput, bulkAddResultSchema } from '../schemas/catalog.ts';
import { idSchema } from '../schemas/common.ts';
import { createProviderRequest, providerSchema, updateProviderInput } from '../schemas/provider.ts';
import { providerTestResultSchema } from '../schemas/provider-test-result.ts';
import { byId, crudOperations } from './crud-operations.ts';
import { operation } from './define-operation.ts';

/** Upstream providers: a base URL, a protocol family and (write-only) keys. */
export const providers = {
  ...crudOperations({
    noun: 'provider',
    item: providerSchema,
    createInput: createProviderRequest,
    updateInput: updateProviderInput,
    deleteConflict: 'models use it',
  }),
  importModels: operation({
    summary:
      "Call the provider's model-list endpoint (at its configured base URL) and create the missing models, matched to catalog entries",
    input: byId,
    output: bulkAddResultSchema,
    errors: [404, 502],
  }),
  testConnection: operation({
    summary:
      "Test a provider: fetch its model list with its first key (over its proxy, within its timeouts); answers ok with the model count and latency, or the failure's message",
    input: byId,
    output: providerTestResultSchema,
    errors: [404],
  }),
  addCatalogModels: operation({
    summary:
      'Create models on a provider from catalog entries (prices and limits applied); answers the created models',
    input: z.object({ id: idSchema, body: addCatalogModelsInput }),
    output: bulkAddResultSchema,
    errors: [400, 404],
  }),
};
