import { GatewayError } from '../lib/errors.ts';
import type { BudgetPeriod } from './budget-period.ts';

/** The limit that refused a request. */
export type LimitName = 'rpm' | 'tpm' | 'concurrency' | 'budget';

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A 429 for a rate limit: `retry-after` (seconds) and `retry-after-ms` plus the rate-limit headers. */
export function rateLimitError(
  limit: Exclude<LimitName, 'budget'>,
  message: string,
  retryAfterMs: number,
  headers: Record<string, string>,
): GatewayError {
  return new GatewayError({
    status: 429,
    kind: 'rate_limit',
    code: limit === 'concurrency' ? 'concurrency_limit_exceeded' : 'rate_limit_exceeded',
    message,
    retryable: true,
    retryAfter: seconds(retryAfterMs),
    headers: { ...headers, 'retry-after-ms': String(Math.max(0, Math.ceil(retryAfterMs))) },
  });
}

const periodWords: Record<BudgetPeriod, string> = { day: 'daily', month: 'monthly', total: 'total' };

/** How long a client is told to wait when a `total` budget ran out (it only comes back when raised). */
const totalBudgetRetryMs = 3_600_000;

/**
 * A 429 saying the budget, not a rate, ran out. Carries `x-should-retry: false`
 * (retrying within the period cannot help) and a `retry-after` at the period's end.
 */
export function budgetError(options: {
  budgetUsd: number;
  spentUsd: number;
  period: BudgetPeriod;
  resetsAt: number;
  now: number;
  headers: Record<string, string>;
}): GatewayError {
  const { budgetUsd, spentUsd, period, resetsAt, now } = options;
  const when =
    period === 'total'
      ? 'Raise the budget to continue.'
      : `It resets at ${new Date(resetsAt).toISOString()}.`;
  const retryAfterMs = period === 'total' ? totalBudgetRetryMs : resetsAt - now;
  return new GatewayError({
    status: 429,
    kind: 'budget_exceeded',
    code: 'budget_exceeded',
    message: `Budget exceeded: this API key has spent $${spentUsd.toFixed(4)} of its $${budgetUsd} ${periodWords[period]} budget (a spending budget, not a rate limit). ${when}`,
    retryAfter: seconds(retryAfterMs),
    headers: {
      ...options.headers,
      'x-should-retry': 'false',
      'x-budget-limit-usd': String(budgetUsd),
      'x-budget-remaining-usd': String(Math.max(0, budgetUsd - spentUsd)),
      'x-budget-period': period,
    },
  });
}
