import type { BudgetPeriod } from './budget-period.ts';
import { periodEnd, periodStart } from './budget-period.ts';

/** Spend of one key in USD for the current UTC day and month and in total. */
export interface SpendTotals {
  day: number;
  month: number;
  total: number;
}

/**
 * One key's spend, kept in memory. Day and month roll over on their UTC
 * boundaries (checked lazily, on read and write), so a new day starts at zero
 * without a timer.
 */
export class PeriodSpend {
  private dayStart: number;
  private dayEnd: number;
  private monthStart: number;
  private monthEnd: number;
  private totals: SpendTotals;

  constructor(now: number, initial: SpendTotals = { day: 0, month: 0, total: 0 }) {
    this.dayStart = periodStart('day', now);
    this.dayEnd = periodEnd('day', now);
    this.monthStart = periodStart('month', now);
    this.monthEnd = periodEnd('month', now);
    this.totals = { ...initial };
  }

  private roll(now: number): void {
    if (now >= this.dayEnd || now < this.dayStart) {
      this.dayStart = periodStart('day', now);
      this.dayEnd = periodEnd('day', now);
      this.totals.day = 0;
    }
    if (now >= this.monthEnd || now < this.monthStart) {
      this.monthStart = periodStart('month', now);
      this.monthEnd = periodEnd('month', now);
      this.totals.month = 0;
    }
  }

  spent(period: BudgetPeriod, now: number): number {
    this.roll(now);
    return this.totals[period];
  }

  add(costUsd: number, now: number): void {
    if (!(costUsd > 0)) return;
    this.roll(now);
    this.totals.day += costUsd;
    this.totals.month += costUsd;
    this.totals.total += costUsd;
  }

  snapshot(now: number): SpendTotals {
    this.roll(now);
    return { ...this.totals };
  }
}
