import {
  createHealthTargetInput,
  healthTargetSchema,
  updateHealthTargetInput,
  type HealthRun,
  type HealthTarget,
} from '../../src-shared/schemas/health-target.ts';
import { applyPatch, assertNameFree, getOrNotFound, withUniqueConflict } from '../admin/admin-context.ts';
import { AdminError, invalidReference, parseInput } from '../lib/admin-error.ts';
import type { Clock } from '../lib/clock.ts';
import { randomId } from '../lib/ids.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { HealthRunRecord } from '../storage/repositories/health-repository.ts';
import type { HealthMonitor } from './create-health-monitor.ts';

/** Health target CRUD and run-now: what the `healthTargets` domain of the admin contract calls. */
export interface HealthTargetService {
  listHealthTargets(): Promise<HealthTarget[]>;
  getHealthTarget(id: string): Promise<HealthTarget>;
  createHealthTarget(input: unknown): Promise<HealthTarget>;
  updateHealthTarget(id: string, input: unknown): Promise<HealthTarget>;
  deleteHealthTarget(id: string): Promise<void>;
  /** Check now; 409 while monitoring is off (there is no monitoring identity to check with). */
  runHealthTarget(id: string): Promise<HealthRun>;
}

export function toHealthRun(run: HealthRunRecord): HealthRun {
  return { ...run, startedAt: new Date(run.startedAt).toISOString() };
}

/** Admin CRUD for health targets, validated like the rest of the admin service. */
export function createHealthTargetService(options: {
  repositories: Repositories;
  monitor: HealthMonitor;
  clock: Clock;
}): HealthTargetService {
  const { repositories, monitor } = options;
  const targets = repositories.health.targets;
  const now = () => new Date(options.clock.now()).toISOString();

  const load = (id: string): Promise<HealthTarget> => getOrNotFound(targets, 'health target', id);

  async function assertTargetExists(target: Pick<HealthTarget, 'type' | 'targetId'>): Promise<void> {
    const found =
      target.type === 'model'
        ? await repositories.models.get(target.targetId)
        : await repositories.virtualModels.get(target.targetId);
    if (!found)
      throw invalidReference(`targetId: no ${target.type.replace('-', ' ')} with id "${target.targetId}"`);
  }

  return {
    listHealthTargets: () => targets.list(),
    getHealthTarget: load,
    async createHealthTarget(raw) {
      const input = parseInput(createHealthTargetInput, raw);
      await assertTargetExists(input);
      await assertNameFree(targets, 'health target', input.name);
      const stamp = now();
      const record = healthTargetSchema.parse({
        ...input,
        id: randomId('ht_', 16),
        createdAt: stamp,
        updatedAt: stamp,
      });
      await withUniqueConflict('health target', record.name, () => targets.insert(record));
      await monitor.targetsChanged();
      return record;
    },
    async updateHealthTarget(id, raw) {
      const patch = parseInput(updateHealthTargetInput, raw);
      const existing = await load(id);
      if (patch.name !== undefined) await assertNameFree(targets, 'health target', patch.name, id);
      const record = healthTargetSchema.parse({ ...applyPatch(existing, patch), updatedAt: now() });
      if (record.type !== existing.type || record.targetId !== existing.targetId)
        await assertTargetExists(record);
      await withUniqueConflict('health target', record.name, () => targets.update(record));
      await monitor.targetsChanged();
      return record;
    },
    async deleteHealthTarget(id) {
      await load(id);
      await targets.delete(id);
      await monitor.targetsChanged();
    },
    async runHealthTarget(id) {
      const target = await load(id);
      if (!monitor.enabled())
        throw new AdminError(
          409,
          'monitoring_off',
          'Turn on monitoring (settings monitoring.enabled) to run checks',
        );
      return toHealthRun(await monitor.runNow(target));
    },
  };
}
