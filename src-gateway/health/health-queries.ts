import type {
  PublicDetail,
  PublicRunsPage,
  PublicSummary,
  PublicTarget,
} from '../../src-shared/schemas/public-health.ts';
import type { HealthTarget } from '../../src-shared/schemas/health-target.ts';
import type { Clock } from '../lib/clock.ts';
import type { HealthRepository } from '../storage/repositories/health-repository.ts';
import { dayMs, overallState } from './health-status.ts';
import { summarizeTarget, toPublicRun } from './summarize-target.ts';

export interface HealthQueries {
  summary(): Promise<PublicSummary>;
  targets(): Promise<PublicTarget[]>;
  /** Undefined for an unknown or disabled target. */
  detail(targetId: string): Promise<PublicDetail | undefined>;
  /** Newest first. Undefined for an unknown or disabled target. */
  runs(
    targetId: string,
    query: { windowMs: number; page: number; pageSize: number },
  ): Promise<PublicRunsPage | undefined>;
}

/** How many recent failures the detail view lists. */
export const recentErrorLimit = 20;

/**
 * The read side of the public health API. Only enabled targets are public;
 * answers carry display names and measurements, nothing else.
 */
export function createHealthQueries(options: { health: HealthRepository; clock: Clock }): HealthQueries {
  const { health, clock } = options;

  async function publicTargets(): Promise<HealthTarget[]> {
    return (await health.targets.list()).filter((target) => target.enabled);
  }

  async function findPublic(targetId: string): Promise<HealthTarget | undefined> {
    const target = await health.targets.get(targetId);
    return target?.enabled ? target : undefined;
  }

  async function targets(now: number): Promise<PublicTarget[]> {
    const list: PublicTarget[] = [];
    for (const target of await publicTargets()) {
      list.push(summarizeTarget(target, await health.runs.listSince(target.id, now - dayMs), now));
    }
    return list;
  }

  return {
    async summary() {
      const now = clock.now();
      const list = await targets(now);
      const counts = { healthy: 0, degraded: 0, down: 0, unknown: 0 };
      for (const target of list) counts[target.state]++;
      return {
        generatedAt: new Date(now).toISOString(),
        overall: overallState(list.map((target) => target.state)),
        counts,
        targets: list.length,
      };
    },
    targets: () => targets(clock.now()),
    async detail(targetId) {
      const target = await findPublic(targetId);
      if (!target) return undefined;
      const now = clock.now();
      const runs = await health.runs.listSince(target.id, now - dayMs);
      const recentErrors = runs
        .filter((run) => !run.success)
        .slice(-recentErrorLimit)
        .reverse()
        .map((run) => ({
          at: new Date(run.startedAt).toISOString(),
          type: run.errorType ?? 'other',
          message: run.errorMessage ?? '',
        }));
      return { target: summarizeTarget(target, runs, now), recentErrors, series: runs.map(toPublicRun) };
    },
    async runs(targetId, query) {
      const target = await findPublic(targetId);
      if (!target) return undefined;
      const since = clock.now() - query.windowMs;
      const { runs, total } = await health.runs.page(
        target.id,
        since,
        (query.page - 1) * query.pageSize,
        query.pageSize,
      );
      return { data: runs.map(toPublicRun), page: query.page, pageSize: query.pageSize, total };
    },
  };
}
