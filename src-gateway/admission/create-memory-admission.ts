import type { Clock } from '../lib/clock.ts';
import type { KeyRuntime } from '../config-snapshot/snapshot.ts';
import { periodEnd, periodStart, type BudgetPeriod } from './budget-period.ts';
import { budgetError, rateLimitError, type LimitName } from './limit-errors.ts';
import { PeriodSpend, type SpendTotals } from './period-spend.ts';
import { rateLimitHeaders, type LimitReading } from './rate-limit-headers.ts';
import { RequestWindow, TokenWindow } from './request-window.ts';
import type { Admission, AdmissionTicket, UsageEstimate } from './types.ts';

/** Sent once per key and budget period, when the spend reaches the budget. */
export interface BudgetExhaustedEvent {
  keyId: string;
  keyName: string;
  budgetUsd: number;
  spentUsd: number;
  period: BudgetPeriod;
  /** Epoch ms when the period ends; null for `total`. */
  resetsAt: number | null;
}

export interface MemoryAdmissionOptions {
  clock: Clock;
  /** Each key's spend (by key id) loaded from storage at start, so budgets survive restarts. */
  initialSpend?: ReadonlyMap<string, SpendTotals>;
  /** Seam for alerts (webhooks come with the health feature). Must not throw or block. */
  onBudgetExhausted?: (event: BudgetExhaustedEvent) => void;
  /** Seam for metrics: a limit refused a request. */
  onRejected?: (key: KeyRuntime, limit: LimitName) => void;
}

/** One key's limiter state, for metrics and the admin API. */
export interface KeyLimiterView {
  inFlight: number;
  requestsInWindow: number;
  tokensInWindow: number;
  reservedTokens: number;
  reservedCostUsd: number;
  spend: SpendTotals;
}

/** The in-memory limiter, plus read access to its state. */
export interface MemoryAdmission extends Admission {
  view(keyId: string): KeyLimiterView | undefined;
  keyIds(): string[];
}

interface KeyState {
  inFlight: number;
  requests?: RequestWindow;
  tokens: TokenWindow;
  reservedTokens: number;
  reservedCost: number;
  spend: PeriodSpend;
  /** Start of the budget period an exhaustion event was last sent for. */
  notifiedPeriod?: number;
}

/**
 * Per-key limits in one process: `rpm` and `maxConcurrency` are exact (check
 * and increment happen in one synchronous step, so concurrent requests cannot
 * race past them). `tpm` and budgets reserve the request's estimate at
 * admission and settle on real usage: a request is refused when the tokens
 * used in the last minute plus in-flight reservations plus its own estimate
 * (capped at `tpm`) exceed `tpm`, or when the period's spend plus in-flight
 * cost reservations has reached the budget. Overshoot is therefore bounded by
 * what requests already in flight use beyond their reservations. Periods are
 * UTC days and months. State lives in memory; a shared store (Redis) would
 * implement `Admission` the same way for several instances.
 */
export function createMemoryAdmission(options: MemoryAdmissionOptions): MemoryAdmission {
  const { clock } = options;
  const states = new Map<string, KeyState>();

  function stateFor(key: KeyRuntime, now: number): KeyState {
    let state = states.get(key.id);
    if (!state) {
      state = {
        inFlight: 0,
        tokens: new TokenWindow(),
        reservedTokens: 0,
        reservedCost: 0,
        spend: new PeriodSpend(now, options.initialSpend?.get(key.id)),
      };
      states.set(key.id, state);
    }
    // Limits can change on any reload: keep the history, adopt the new size.
    if (key.rpm === undefined) state.requests = undefined;
    else if (state.requests === undefined) state.requests = new RequestWindow(key.rpm);
    else if (state.requests.limit !== key.rpm) state.requests = state.requests.resized(key.rpm, now);
    return state;
  }

  function readings(key: KeyRuntime, state: KeyState, now: number) {
    const requests: LimitReading | undefined = state.requests && {
      limit: state.requests.limit,
      remaining: state.requests.limit - state.requests.count(now),
      resetMs: state.requests.msUntilSlot(now),
    };
    let tokens: LimitReading | undefined;
    if (key.tpm !== undefined) {
      const used = state.tokens.used(now) + state.reservedTokens;
      tokens = {
        limit: key.tpm,
        remaining: key.tpm - used,
        resetMs: state.tokens.msUntilFreed(now, Math.max(1, used - key.tpm + 1)),
      };
    }
    return rateLimitHeaders(requests, tokens);
  }

  function notifyExhausted(key: KeyRuntime, state: KeyState, now: number): void {
    if (key.budgetUsd === undefined || !options.onBudgetExhausted) return;
    const period = key.budgetPeriod ?? 'total';
    const start = periodStart(period, now);
    if (state.notifiedPeriod === start) return;
    state.notifiedPeriod = start;
    const end = periodEnd(period, now);
    options.onBudgetExhausted({
      keyId: key.id,
      keyName: key.name,
      budgetUsd: key.budgetUsd,
      spentUsd: state.spend.spent(period, now),
      period,
      resetsAt: Number.isFinite(end) ? end : null,
    });
  }

  function refuse(key: KeyRuntime, limit: LimitName, error: Error): never {
    options.onRejected?.(key, limit);
    throw error;
  }

  function admit(key: KeyRuntime, estimate: UsageEstimate): AdmissionTicket {
    const now = clock.now();
    const state = stateFor(key, now);
    if (key.budgetUsd !== undefined) {
      const period = key.budgetPeriod ?? 'total';
      const spent = state.spend.spent(period, now);
      if (spent + state.reservedCost >= key.budgetUsd) {
        notifyExhausted(key, state, now);
        refuse(
          key,
          'budget',
          budgetError({
            budgetUsd: key.budgetUsd,
            spentUsd: spent,
            period,
            resetsAt: periodEnd(period, now),
            now,
            headers: readings(key, state, now),
          }),
        );
      }
    }
    if (key.maxConcurrency !== undefined && state.inFlight >= key.maxConcurrency) {
      const headers = {
        ...readings(key, state, now),
        'x-ratelimit-limit-concurrency': String(key.maxConcurrency),
        'x-ratelimit-remaining-concurrency': '0',
      };
      const message = `Too many concurrent requests: this API key allows ${key.maxConcurrency} at a time.`;
      refuse(key, 'concurrency', rateLimitError('concurrency', message, 1000, headers));
    }
    if (state.requests && !state.requests.hasRoom(now)) {
      const message = `Rate limit reached: this API key allows ${key.rpm} requests per minute.`;
      const wait = state.requests.msUntilSlot(now);
      refuse(key, 'rpm', rateLimitError('rpm', message, wait, readings(key, state, now)));
    }
    let reservedTokens = 0;
    if (key.tpm !== undefined) {
      reservedTokens = Math.min(Math.max(0, Math.ceil(estimate.tokens)), key.tpm);
      const used = state.tokens.used(now);
      if (used + state.reservedTokens + reservedTokens > key.tpm) {
        const message = `Rate limit reached: this API key allows ${key.tpm} tokens per minute.`;
        const excess = used + state.reservedTokens + reservedTokens - key.tpm;
        // Reservations in flight free on settle; tokens already used free as they age out.
        const wait = Math.max(1000, state.tokens.msUntilFreed(now, excess));
        refuse(key, 'tpm', rateLimitError('tpm', message, wait, readings(key, state, now)));
      }
    }
    const reservedCost = Math.max(0, estimate.costUsd);
    state.inFlight++;
    state.requests?.add(now);
    state.reservedTokens += reservedTokens;
    state.reservedCost += reservedCost;
    const headers = readings(key, state, now);
    let settled = false;
    return {
      headers,
      settle(actual) {
        if (settled) return;
        settled = true;
        const at = clock.now();
        state.inFlight--;
        state.reservedTokens -= reservedTokens;
        state.reservedCost -= reservedCost;
        if (state.inFlight === 0) {
          state.reservedTokens = 0;
          state.reservedCost = 0;
        }
        state.tokens.add(at, actual.tokens);
        state.spend.add(actual.costUsd, at);
        if (key.budgetUsd !== undefined) {
          const spent = state.spend.spent(key.budgetPeriod ?? 'total', at);
          if (spent >= key.budgetUsd) notifyExhausted(key, state, at);
        }
      },
    };
  }

  return {
    admit,
    view(keyId) {
      const state = states.get(keyId);
      if (!state) return undefined;
      const now = clock.now();
      return {
        inFlight: state.inFlight,
        requestsInWindow: state.requests?.count(now) ?? 0,
        tokensInWindow: state.tokens.used(now),
        reservedTokens: state.reservedTokens,
        reservedCostUsd: state.reservedCost,
        spend: state.spend.snapshot(now),
      };
    },
    keyIds: () => [...states.keys()],
  };
}
