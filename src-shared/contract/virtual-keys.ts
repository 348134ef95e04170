import {
  createVirtualKeyInput,
  updateVirtualKeyInput,
  virtualKeySchema,
  virtualKeyWithSecretSchema,
} from '../schemas/virtual-key.ts';
import { byId, crudOperations } from './crud-operations.ts';
import { operation } from './define-operation.ts';

/** Virtual keys: what local tools authenticate with; limits, budgets, expiry. */
export const virtualKeys = {
  ...crudOperations({
    noun: 'virtual key',
    item: virtualKeySchema,
    created: virtualKeyWithSecretSchema,
    createInput: createVirtualKeyInput,
    updateInput: updateVirtualKeyInput,
  }),
  rotate: operation({
    summary: 'Replace the secret of a virtual key (same id and settings); answers the new key once',
    input: byId,
    output: virtualKeyWithSecretSchema,
    errors: [404],
  }),
};
