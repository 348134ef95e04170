import {
  createVirtualModelInput,
  updateVirtualModelInput,
  virtualModelSchema,
} from '../schemas/virtual-model.ts';
import { crudOperations } from './crud-operations.ts';

/** Virtual models: several targets behind one name, with a strategy and prompt rules. */
export const virtualModels = {
  ...crudOperations({
    noun: 'virtual model',
    item: virtualModelSchema,
    createInput: createVirtualModelInput,
    updateInput: updateVirtualModelInput,
  }),
};
