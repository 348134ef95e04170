import { z } from 'zod';
import {
  createModelInput,
  modelSchema,
  updateModelInput,
  type Model,
} from '../../src-shared/schemas/model.ts';
import { randomId } from '../lib/ids.ts';
import { yieldToEventLoop } from '../lib/yield-to-event-loop.ts';
import { UniqueViolationError } from '../storage/repositories/table-mapper.ts';
import {
  applyPatch,
  assertModelNameFree,
  assertNoHealthTargets,
  describeUsers,
  getOrNotFound,
  withUniqueConflict,
  type AdminContext,
} from './admin-context.ts';
import { conflict, fieldIssuesOf, invalidInput, invalidReference, parseInput } from '../lib/admin-error.ts';
import type { GatewayAdminService } from './create-admin-service.ts';

type ModelOperations = Pick<
  GatewayAdminService,
  'listModels' | 'getModel' | 'createModel' | 'createModels' | 'updateModel' | 'deleteModel'
>;

const createModelsInput = z.array(createModelInput);
const parseSlice = 1000;

/** The input is parsed already and the rest is ours: no second parse (10,000 of them in an import). */
function newRecord(input: z.infer<typeof createModelInput>, now: string): Model {
  return {
    ...input,
    upstreamModel: input.upstreamModel ?? input.name,
    id: randomId('mdl_', 16),
    createdAt: now,
    updatedAt: now,
  };
}

export function createModelOperations(context: AdminContext): ModelOperations {
  const { repositories } = context;

  const load = (id: string): Promise<Model> => getOrNotFound(repositories.models, 'model', id);

  async function assertProviderExists(providerId: string): Promise<void> {
    if (!(await repositories.providers.get(providerId))) {
      throw invalidReference(`providerId: no provider with id "${providerId}"`);
    }
  }

  return {
    async listModels() {
      return repositories.models.list();
    },
    async getModel(id) {
      return load(id);
    },
    async createModel(raw) {
      const input = parseInput(createModelInput, raw);
      await assertProviderExists(input.providerId);
      await assertModelNameFree(context, input.name);
      const record = newRecord(input, context.now());
      await withUniqueConflict('model', record.name, () => repositories.models.insert(record));
      await context.changed();
      return record;
    },
    async createModels(raw) {
      if (!Array.isArray(raw)) parseInput(createModelsInput, raw);
      // Validated in slices with the event loop let run between them; the checks and the write below are one stretch.
      const inputs: Array<z.infer<typeof createModelInput>> = [];
      for (let start = 0; start < raw.length; start += parseSlice) {
        if (start > 0) await yieldToEventLoop();
        const result = createModelsInput.safeParse(raw.slice(start, start + parseSlice));
        if (!result.success) {
          for (const issue of result.error.issues) issue.path[0] = Number(issue.path[0]) + start;
          throw invalidInput(fieldIssuesOf(result.error));
        }
        inputs.push(...result.data);
      }
      for (const providerId of new Set(inputs.map((input) => input.providerId)))
        await assertProviderExists(providerId);
      const names = new Set<string>();
      for (const input of inputs) {
        if (names.has(input.name)) throw conflict(`The name "${input.name}" is given to two of the models`);
        names.add(input.name);
      }
      // Two queries for the batch, not two per model.
      const [taken] = await repositories.models.takenNames([...names]);
      if (taken !== undefined) throw conflict(`The name "${taken}" is already used by a model`);
      for (const virtualModel of await repositories.virtualModels.list()) {
        if (names.has(virtualModel.name))
          throw conflict(
            `The name "${virtualModel.name}" is already used by virtual model ${virtualModel.id}`,
          );
      }
      const now = context.now();
      const records = inputs.map((input) => newRecord(input, now));
      try {
        await repositories.models.insertMany(records);
      } catch (error) {
        // A name taken between the checks and the write: nothing was written.
        if (error instanceof UniqueViolationError)
          throw conflict('A model with one of these names already exists');
        throw error;
      }
      if (records.length === 0) return records;
      // The write and the rebuild are two stretches of work, not one.
      await yieldToEventLoop();
      await context.changed();
      return records;
    },
    async updateModel(id, raw) {
      const patch = parseInput(updateModelInput, raw);
      const existing = await load(id);
      if (patch.providerId !== undefined && patch.providerId !== existing.providerId) {
        await assertProviderExists(patch.providerId);
      }
      if (patch.name !== undefined) await assertModelNameFree(context, patch.name, id);
      const record = modelSchema.parse({ ...applyPatch(existing, patch), updatedAt: context.now() });
      await withUniqueConflict('model', record.name, () => repositories.models.update(record));
      await context.changed();
      return record;
    },
    async deleteModel(id) {
      const existing = await load(id);
      const users = (await repositories.virtualModels.list()).filter((virtualModel) =>
        virtualModel.targets.some((target) => target.modelId === id),
      );
      if (users.length > 0) {
        throw conflict(
          `Model "${existing.name}" is used by ${describeUsers('virtual model', users)}; remove it from their targets first`,
        );
      }
      await assertNoHealthTargets(context, 'model', id, `Model "${existing.name}"`);
      await repositories.models.delete(id);
      await context.changed();
    },
  };
}
