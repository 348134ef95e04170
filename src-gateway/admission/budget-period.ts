export type BudgetPeriod = 'day' | 'month' | 'total';

const dayMs = 86_400_000;

/** Start of the UTC day or month holding `now` (epoch ms); 0 for `total`. Budgets use UTC periods. */
export function periodStart(period: BudgetPeriod, now: number): number {
  if (period === 'total') return 0;
  if (period === 'day') return Math.floor(now / dayMs) * dayMs;
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** End (exclusive) of the UTC day or month holding `now`; Infinity for `total`. */
export function periodEnd(period: BudgetPeriod, now: number): number {
  if (period === 'total') return Number.POSITIVE_INFINITY;
  if (period === 'day') return periodStart('day', now) + dayMs;
  const date = new Date(now);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
