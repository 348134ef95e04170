import { describe, expect, it } from 'vitest';
import { GatewayError } from '../lib/errors.ts';
import type { KeyRuntime } from '../config-snapshot/snapshot.ts';
import { createMemoryAdmission, type BudgetExhaustedEvent } from './create-memory-admission.ts';

function fakeClock(start = Date.UTC(2026, 0, 15, 12, 0, 0)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function key(overrides: Partial<KeyRuntime> = {}): KeyRuntime {
  return {
    id: 'vk_1',
    name: 'team',
    hash: 'h',
    enabled: true,
    allowedModels: null,
    logBodies: false,
    isMonitoring: false,
    ...overrides,
  };
}

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const small = { tokens: 10, costUsd: 0 };

describe('createMemoryAdmission', () => {
  it('admits exactly rpm requests per sliding minute and says when a slot frees', () => {
    const clock = fakeClock();
    const admission = createMemoryAdmission({ clock });
    const limited = key({ rpm: 3 });
    for (let index = 0; index < 3; index++) {
      admission.admit(limited, small).settle(small);
      clock.advance(10_000);
    }
    const error = refusal(() => admission.admit(limited, small));
    expect(error.status).toBe(429);
    expect(error.code).toBe('rate_limit_exceeded');
    // The first request was 30 s ago: its slot frees in 30 s.
    expect(error.retryAfter).toBe(30);
    expect(error.headers['x-ratelimit-remaining-requests']).toBe('0');
    expect(error.headers['x-ratelimit-limit-requests']).toBe('3');
    clock.advance(30_000);
    const ticket = admission.admit(limited, small);
    expect(ticket.headers['x-ratelimit-remaining-requests']).toBe('0');
  });

  it('holds maxConcurrency and frees a slot on settle', () => {
    const admission = createMemoryAdmission({ clock: fakeClock() });
    const limited = key({ maxConcurrency: 2 });
    const first = admission.admit(limited, small);
    admission.admit(limited, small);
    const error = refusal(() => admission.admit(limited, small));
    expect(error.code).toBe('concurrency_limit_exceeded');
    expect(error.headers['x-ratelimit-limit-concurrency']).toBe('2');
    first.settle(small);
    first.settle(small); // a second settle changes nothing
    admission.admit(limited, small);
    expect(() => admission.admit(limited, small)).toThrow(GatewayError);
  });

  it('reserves the estimate for tpm and counts real usage after settle', () => {
    const clock = fakeClock();
    const admission = createMemoryAdmission({ clock });
    const limited = key({ tpm: 1000 });
    const first = admission.admit(limited, { tokens: 600, costUsd: 0 });
    expect(first.headers['x-ratelimit-remaining-tokens']).toBe('400');
    const error = refusal(() => admission.admit(limited, { tokens: 500, costUsd: 0 }));
    expect(error.headers['x-ratelimit-limit-tokens']).toBe('1000');
    expect(error.retryAfter).toBeGreaterThanOrEqual(1);
    first.settle({ tokens: 200, costUsd: 0 });
    // 200 used + 500 reserved fits.
    const second = admission.admit(limited, { tokens: 500, costUsd: 0 });
    expect(second.headers['x-ratelimit-remaining-tokens']).toBe('300');
    second.settle({ tokens: 700, costUsd: 0 });
    expect(admission.view('vk_1')?.tokensInWindow).toBe(900);
    expect(() => admission.admit(limited, { tokens: 101, costUsd: 0 })).toThrow(GatewayError);
    clock.advance(60_001);
    expect(admission.view('vk_1')?.tokensInWindow).toBe(0);
  });

  it('admits one request larger than tpm when nothing else is in the window', () => {
    const admission = createMemoryAdmission({ clock: fakeClock() });
    const limited = key({ tpm: 100 });
    const ticket = admission.admit(limited, { tokens: 5000, costUsd: 0 });
    expect(() => admission.admit(limited, { tokens: 1, costUsd: 0 })).toThrow(GatewayError);
    ticket.settle({ tokens: 80, costUsd: 0 });
    admission.admit(limited, { tokens: 20, costUsd: 0 });
  });

  it('stops a key once the period spend reaches the budget and notifies once', () => {
    const clock = fakeClock();
    const events: BudgetExhaustedEvent[] = [];
    const admission = createMemoryAdmission({
      clock,
      initialSpend: new Map([['vk_1', { day: 0.6, month: 0.9, total: 5 }]]),
      onBudgetExhausted: (event) => events.push(event),
    });
    const limited = key({ budgetUsd: 1, budgetPeriod: 'day' });
    admission.admit(limited, { tokens: 1, costUsd: 0.1 }).settle({ tokens: 1, costUsd: 0.3 });
    admission.admit(limited, { tokens: 1, costUsd: 0.1 }).settle({ tokens: 1, costUsd: 0.15 });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ keyId: 'vk_1', budgetUsd: 1, period: 'day' });
    expect(events[0]!.spentUsd).toBeCloseTo(1.05, 10);
    const error = refusal(() => admission.admit(limited, small));
    expect(error.kind).toBe('budget_exceeded');
    expect(error.message).toMatch(/budget/i);
    expect(error.message).toMatch(/not a rate limit/);
    expect(error.headers['x-should-retry']).toBe('false');
    expect(error.retryAfter).toBe(12 * 3600); // noon UTC: the day ends in 12 hours
    expect(events).toHaveLength(1);
    clock.advance(12 * 3600_000);
    admission.admit(limited, small);
    expect(admission.view('vk_1')?.spend.day).toBe(0);
    expect(admission.view('vk_1')?.spend.total).toBeCloseTo(5.45, 10);
  });

  it('counts in-flight cost reservations against the budget', () => {
    const admission = createMemoryAdmission({ clock: fakeClock() });
    const limited = key({ budgetUsd: 1, budgetPeriod: 'total' });
    const first = admission.admit(limited, { tokens: 1, costUsd: 0.7 });
    admission.admit(limited, { tokens: 1, costUsd: 0.7 });
    const error = refusal(() => admission.admit(limited, small));
    expect(error.kind).toBe('budget_exceeded');
    // 0.1 spent + 0.7 still reserved = 0.8: room again.
    first.settle({ tokens: 1, costUsd: 0.1 });
    admission.admit(limited, { tokens: 1, costUsd: 0.25 });
    expect(() => admission.admit(limited, small)).toThrow(GatewayError);
  });

  it('keeps rpm history when the limit changes', () => {
    const clock = fakeClock();
    const admission = createMemoryAdmission({ clock });
    for (let index = 0; index < 3; index++) admission.admit(key({ rpm: 5 }), small).settle(small);
    expect(() => admission.admit(key({ rpm: 3 }), small)).toThrow(GatewayError);
    admission.admit(key({ rpm: 4 }), small);
  });
});
