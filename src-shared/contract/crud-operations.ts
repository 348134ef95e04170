import { z } from 'zod';
import { idSchema, listOf } from '../schemas/common.ts';
import { operation, type Operation } from './define-operation.ts';

const byId = z.object({ id: idSchema });

/**
 * The five operations every resource has (admin-api.md): list, get, create, update, remove.
 * `update` takes only the given fields; `null` clears an optional field.
 */
export function crudOperations<
  Item extends z.ZodType,
  CreateInput extends z.ZodType,
  UpdateInput extends z.ZodType,
  Created extends z.ZodType = Item,
>(resource: {
  noun: string;
  item: Item;
  createInput: CreateInput;
  updateInput: UpdateInput;
  /** The create answer when it differs from `item` (virtual keys show the secret once). */
  created?: Created;
  /** What can still block a delete (documented). */
  deleteConflict?: string;
}) {
  const { noun } = resource;
  return {
    list: operation({
      summary: `List ${noun}s`,
      input: z.object({}),
      output: listOf(resource.item),
      errors: [],
    }),
    get: operation({ summary: `Get a ${noun}`, input: byId, output: resource.item, errors: [404] }),
    create: operation({
      summary: `Create a ${noun}`,
      input: z.object({ body: resource.createInput }),
      output: (resource.created ?? resource.item) as Created,
      errors: [400, 409],
    }),
    update: operation({
      summary: `Update a ${noun} (only the given fields; null clears an optional field)`,
      input: z.object({ id: idSchema, body: resource.updateInput }),
      output: resource.item,
      errors: [400, 404, 409],
    }),
    remove: operation({
      summary: `Delete a ${noun}${resource.deleteConflict ? ` (409 while ${resource.deleteConflict})` : ''}`,
      input: byId,
      output: z.void(),
      errors: resource.deleteConflict ? [404, 409] : [404],
    }),
  } satisfies Record<string, Operation>;
}

export { byId };
