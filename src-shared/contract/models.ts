import { createModelInput, modelSchema, updateModelInput } from '../schemas/model.ts';
import { crudOperations } from './crud-operations.ts';

/** Models: what clients put in `model`, on a provider. */
export const models = {
  ...crudOperations({
    noun: 'model',
    item: modelSchema,
    createInput: createModelInput,
    updateInput: updateModelInput,
    deleteConflict: 'a virtual model or health target uses it',
  }),
};
