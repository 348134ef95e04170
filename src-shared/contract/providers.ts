import { createProviderRequest, providerSchema, updateProviderInput } from '../schemas/provider.ts';
import { crudOperations } from './crud-operations.ts';

/** Upstream providers: a base URL, a protocol family and (write-only) keys. */
export const providers = {
  ...crudOperations({
    noun: 'provider',
    item: providerSchema,
    createInput: createProviderRequest,
    updateInput: updateProviderInput,
    deleteConflict: 'models use it',
  }),
};
