import type { AdminService } from './admin-service.ts';
import {
  createVirtualModelInput,
  updateVirtualModelInput,
  virtualModelSchema,
  type RoutingTarget,
  type VirtualModel,
} from '../../src-shared/schemas/virtual-model.ts';
import { randomId } from '../lib/ids.ts';
import {
  applyPatch,
  assertModelNameFree,
  assertNoHealthTargets,
  getOrNotFound,
  withUniqueConflict,
  type AdminContext,
} from './admin-context.ts';
import { AdminError, invalidReference, parseInput } from '../lib/admin-error.ts';
import { describePromptRuleProblems } from '../prompts/check-prompt-rules.ts';

type VirtualModelOperations = Pick<
  AdminService,
  'listVirtualModels' | 'getVirtualModel' | 'createVirtualModel' | 'updateVirtualModel' | 'deleteVirtualModel'
>;

export function createVirtualModelOperations(context: AdminContext): VirtualModelOperations {
  const { repositories } = context;

  const load = (id: string): Promise<VirtualModel> =>
    getOrNotFound(repositories.virtualModels, 'virtual model', id);

  async function assertTargetsExist(targets: RoutingTarget[]): Promise<void> {
    for (const [index, target] of targets.entries()) {
      if (!(await repositories.models.get(target.modelId))) {
        throw invalidReference(`targets.${index}.modelId: no model with id "${target.modelId}"`);
      }
    }
  }

  /** Regexes are checked when saved, so a bad one is a clear 400 now, not a failure per request later. */
  function assertRulesValid(rules: VirtualModel['promptRules'] | undefined): void {
    const problems = describePromptRuleProblems(rules ?? []);
    if (problems.length > 0) throw new AdminError(400, 'invalid_request', problems.join('; '));
  }

  return {
    async listVirtualModels() {
      return repositories.virtualModels.list();
    },
    async getVirtualModel(id) {
      return load(id);
    },
    async createVirtualModel(raw) {
      const input = parseInput(createVirtualModelInput, raw);
      assertRulesValid(input.promptRules);
      await assertTargetsExist(input.targets);
      await assertModelNameFree(context, input.name);
      const now = context.now();
      const record = virtualModelSchema.parse({
        ...input,
        id: randomId('vm_', 16),
        createdAt: now,
        updatedAt: now,
      });
      await withUniqueConflict('virtual model', record.name, () => repositories.virtualModels.insert(record));
      await context.changed();
      return record;
    },
    async updateVirtualModel(id, raw) {
      const patch = parseInput(updateVirtualModelInput, raw);
      assertRulesValid(patch.promptRules);
      const existing = await load(id);
      if (patch.targets !== undefined) await assertTargetsExist(patch.targets);
      if (patch.name !== undefined) await assertModelNameFree(context, patch.name, id);
      const record = virtualModelSchema.parse({ ...applyPatch(existing, patch), updatedAt: context.now() });
      await withUniqueConflict('virtual model', record.name, () => repositories.virtualModels.update(record));
      await context.changed();
      return record;
    },
    async deleteVirtualModel(id) {
      const existing = await load(id);
      await assertNoHealthTargets(context, 'virtual-model', id, `Virtual model "${existing.name}"`);
      await repositories.virtualModels.delete(id);
      await context.changed();
    },
  };
}
