import { z } from 'zod';
import { applyCatalogInput } from '../schemas/catalog.ts';
import { idSchema } from '../schemas/common.ts';
import { createModelInput, modelSchema, updateModelInput } from '../schemas/model.ts';
import { crudOperations } from './crud-operations.ts';
import { operation } from './define-operation.ts';

/** Models: what clients put in `model`, on a provider. */
export const models = {
  ...crudOperations({
    noun: 'model',
    item: modelSchema,
    createInput: createModelInput,
    updateInput: updateModelInput,
    deleteConflict: 'a virtual model or health target uses it',
  }),
  applyCatalog: operation({
    summary:
      "Copy a catalog entry's prices, context window, max output and capabilities onto a model (overrides win); answers the model",
    input: z.object({ id: idSchema, body: applyCatalogInput }),
    output: modelSchema,
    errors: [400, 404],
  }),
};
