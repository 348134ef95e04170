/** Issue 20's soak goals, checked on the gateway's samples (the other contenders are for comparison). */
import type { TargetCheck } from './evaluate-targets.ts';
import type { SoakResult } from './run-soak.ts';

/** The contender the goals are about. */
export const soakGoalContender = 'gateway';
/** Whole-tree RSS after the soak (the last sample), at most. */
export const soakRssGoalMegabytes = 150;
/** Whole-tree RSS slope, MB per 10 minutes, below. */
export const soakSlopeGoalMegabytes = 1;

const megabytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

/** Both goals, or none when the soak had no gateway. */
export function evaluateSoakGoals(soak: SoakResult): TargetCheck[] {
  const last = soak.samples.filter((sample) => sample.contender === soakGoalContender).at(-1);
  if (!last) return [];
  const slope = soak.slopes[soakGoalContender] ?? Number.NaN;
  return [
    {
      goal: `Soak: whole-tree RSS after the soak ≤ ${soakRssGoalMegabytes} MB`,
      measured: `${megabytes(last.treeRssBytes)} MB after ${soak.minutes} min`,
      pass: last.treeRssBytes <= soakRssGoalMegabytes * 1024 * 1024,
    },
    {
      goal: `Soak: whole-tree RSS slope < ${soakSlopeGoalMegabytes} MB per 10 minutes`,
      measured: `${Number.isFinite(slope) ? slope.toFixed(2) : '–'} MB / 10 min over ${soak.minutes} min`,
      // NaN (too few samples) fails: no slope measured is no goal met.
      pass: slope < soakSlopeGoalMegabytes,
    },
  ];
}
