import type { GatewayError } from '../lib/errors.ts';
import type { ModelRuntime } from '../config-snapshot/snapshot.ts';
import type { ModelResolution } from './resolve-model.ts';

/** What the router knows about the request when it orders the targets. */
export interface PlanContext {
  /** Sticky-session id (`x-session-id` header or request metadata), when the client sent one. */
  sessionId?: string;
  /** Estimated input tokens, for the context-window guard. */
  estimatedTokens: number;
}

export interface AttemptReport {
  model: ModelRuntime;
  apiKey: string | undefined;
  ok: boolean;
  /**
   * The failure, when `ok` is false. Only upstream failures count against a target: client-caused
   * errors (400/404/422) do not, and `ok: false` without an error (the client went away before the
   * attempt finished) moves neither the breaker nor the latency estimate; it only frees a probe slot.
   */
  error?: GatewayError;
  latencyMs: number;
  /** Time to the first upstream byte, when known. */
  ttfbMs?: number;
  sessionId?: string;
  /** The virtual model the request named, so sticky sessions are kept per virtual model. */
  virtualModelId?: string;
}

/** Why one target was left out of a request. */
export interface SkippedTarget {
  model: ModelRuntime;
  /** `breaker_open`, `breaker_probe_busy`, `context_window`. */
  reason: string;
}

/** The router's decision for one request: the order to try, what was left out and why. */
export interface RoutePlan {
  candidates: ModelRuntime[];
  skipped: SkippedTarget[];
  /** Why the first candidate leads: the strategy name, `sticky` or `probe`. */
  reason: string;
  /** Seconds until a skipped target may serve again, when no candidate is left. */
  retryAfter?: number;
}

/**
 * Chooses and orders targets and learns from outcomes: strategies, circuit
 * breakers, sticky sessions, provider-key rotation with cooldowns. The hot path
 * calls it synchronously; state lives in memory.
 */
export interface TargetRouter {
  plan(resolution: ModelResolution, context: PlanContext): ModelRuntime[];
  /** Like `plan`, with the reasons the request log records. */
  route(resolution: ModelResolution, context: PlanContext): RoutePlan;
  /** The provider key for one attempt at `model` (several keys are used in turn, skipping those resting for it). */
  pickKey(model: ModelRuntime): string | undefined;
  /** Whether the model's provider has more than one key and one of them is not cooling down for `model`. */
  hasUsableKey(model: ModelRuntime): boolean;
  report(report: AttemptReport): void;
}
