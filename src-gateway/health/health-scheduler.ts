import type { Clock } from '../lib/clock.ts';

/** What the scheduler needs to know about a target. */
export interface SchedulableTarget {
  id: string;
  enabled: boolean;
  intervalSeconds: number;
}

export interface HealthSchedulerOptions<Target extends SchedulableTarget, Result> {
  clock: Clock;
  /** The current targets; read on every tick, so edits apply at the next one. */
  listTargets(): Promise<readonly Target[]> | readonly Target[];
  /** One check. Aborted on stop(); the scheduler never runs two for one target at once. */
  runCheck(target: Target, signal: AbortSignal): Promise<Result>;
  /** Checks running at once from ticks (default 4). */
  maxConcurrency?: number;
  /** 0..1; injected so tests can pin the jitter. */
  random?: () => number;
  /** Each next run lands up to this share of the interval late (default 0.1). */
  jitterFraction?: number;
  /** A newly seen target's first run lands within min(interval, this) (default 30 s). */
  maxInitialDelayMs?: number;
  /** A check or tick that threw; `target` is absent when listing targets failed. */
  onError?(error: unknown, target?: Target): void;
}

export interface HealthScheduler<Target extends SchedulableTarget, Result> {
  /** Start every due check the concurrency bound allows; resolves once they are started, not finished. */
  tick(now?: number): Promise<void>;
  /** Run one check now; joins the running one when the target is already being checked. */
  runNow(target: Target): Promise<Result>;
  /** Abort running checks, wait for them, forget the schedule. */
  stop(): Promise<void>;
  /** Resolves when no check is running. */
  idle(): Promise<void>;
  /** Ids of the targets being checked right now. */
  running(): string[];
  /** When the target's next run is due (epoch ms), if scheduled. */
  nextDueAt(targetId: string): number | undefined;
}

interface Slot {
  intervalMs: number;
  nextDueAt: number;
  lastStartedAt?: number;
}

/**
 * Runs health checks on a schedule. Pure with respect to time: `tick(now)`
 * decides what is due, so tests drive it with a fake clock and no sleeps; in
 * production a timer calls it. Next runs are `start + interval + jitter` with
 * jitter in `[0, interval * jitterFraction)`, and a new target's first run is
 * spread over `[0, min(interval, maxInitialDelayMs))`, so targets never fire together.
 */
export function createHealthScheduler<Target extends SchedulableTarget, Result>(
  options: HealthSchedulerOptions<Target, Result>,
): HealthScheduler<Target, Result> {
  const maxConcurrency = options.maxConcurrency ?? 4;
  const random = options.random ?? Math.random;
  const jitterFraction = options.jitterFraction ?? 0.1;
  const maxInitialDelayMs = options.maxInitialDelayMs ?? 30_000;
  const slots = new Map<string, Slot>();
  const inFlight = new Map<string, { promise: Promise<Result>; controller: AbortController }>();

  const nextAfter = (startedAt: number, intervalMs: number): number =>
    startedAt + intervalMs + random() * intervalMs * jitterFraction;

  function launch(target: Target, now: number): Promise<Result> {
    const intervalMs = target.intervalSeconds * 1000;
    slots.set(target.id, { intervalMs, nextDueAt: nextAfter(now, intervalMs), lastStartedAt: now });
    const controller = new AbortController();
    const promise = (async () => {
      try {
        return await options.runCheck(target, controller.signal);
      } finally {
        inFlight.delete(target.id);
      }
    })();
    inFlight.set(target.id, { promise, controller });
    return promise;
  }

  async function tick(now = options.clock.now()): Promise<void> {
    const targets = (await options.listTargets()).filter((target) => target.enabled);
    const live = new Set(targets.map((target) => target.id));
    for (const id of slots.keys()) if (!live.has(id)) slots.delete(id);

    const due: Array<{ target: Target; at: number }> = [];
    for (const target of targets) {
      const intervalMs = target.intervalSeconds * 1000;
      let slot = slots.get(target.id);
      if (!slot) {
        slot = { intervalMs, nextDueAt: now + random() * Math.min(intervalMs, maxInitialDelayMs) };
        slots.set(target.id, slot);
      } else if (slot.intervalMs !== intervalMs) {
        // An edited interval counts from the last run, not from the edit.
        slot.intervalMs = intervalMs;
        if (slot.lastStartedAt !== undefined) slot.nextDueAt = nextAfter(slot.lastStartedAt, intervalMs);
      }
      if (slot.nextDueAt <= now && !inFlight.has(target.id)) due.push({ target, at: slot.nextDueAt });
    }
    due.sort((left, right) => left.at - right.at);
    for (const { target } of due) {
      if (inFlight.size >= maxConcurrency) break;
      launch(target, now).catch((error: unknown) => options.onError?.(error, target));
    }
  }

  return {
    tick,
    runNow(target) {
      const running = inFlight.get(target.id);
      return running ? running.promise : launch(target, options.clock.now());
    },
    async stop() {
      const running = [...inFlight.values()];
      for (const { controller } of running) controller.abort();
      await Promise.allSettled(running.map(({ promise }) => promise));
      slots.clear();
    },
    async idle() {
      while (inFlight.size > 0)
        await Promise.allSettled([...inFlight.values()].map(({ promise }) => promise));
    },
    running: () => [...inFlight.keys()],
    nextDueAt: (targetId) => slots.get(targetId)?.nextDueAt,
  };
}
