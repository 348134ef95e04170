import type { KeyRuntime } from '../config-snapshot/snapshot.ts';

/** What a request is expected to cost, reserved up front and settled on real usage. */
export interface UsageEstimate {
  tokens: number;
  costUsd: number;
}

export interface AdmissionTicket {
  /** Rate-limit headers for the answer (`x-ratelimit-*`). */
  headers: Record<string, string>;
  /** Settle the reservation with what the request really used; call exactly once. */
  settle(actual: UsageEstimate): void;
}

/**
 * Per-key limits: rpm, tpm, concurrency, budgets. `admit` throws a 429
 * GatewayError (with `retry-after` and rate-limit headers) when over a limit.
 * Behind an interface so a shared store (Redis) can back it for several instances.
 */
export interface Admission {
  admit(key: KeyRuntime, estimate: UsageEstimate): AdmissionTicket;
}

export const unlimitedAdmission: Admission = {
  admit: () => ({ headers: {}, settle: () => undefined }),
};
