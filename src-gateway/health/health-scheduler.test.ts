import { describe, expect, it } from 'vitest';
import { createHealthScheduler, type SchedulableTarget } from './health-scheduler.ts';

interface Pending {
  targetId: string;
  startedAt: number;
  signal: AbortSignal;
  finish(): void;
}

/** A scheduler over a fake clock whose checks finish only when the test says so. */
function setup(options: { targets: SchedulableTarget[]; random?: () => number; maxConcurrency?: number }) {
  let time = Date.parse('2026-03-01T00:00:00Z');
  const pending: Pending[] = [];
  const started: Array<{ targetId: string; at: number }> = [];
  const scheduler = createHealthScheduler({
    clock: { now: () => time },
    listTargets: () => options.targets,
    random: options.random ?? (() => 0),
    maxConcurrency: options.maxConcurrency,
    runCheck: (target, signal) =>
      new Promise<string>((resolve) => {
        started.push({ targetId: target.id, at: time });
        const finish = () => resolve(`${target.id}@${time}`);
        pending.push({ targetId: target.id, startedAt: time, signal, finish });
        signal.addEventListener('abort', finish);
      }),
  });
  const finishAll = async () => {
    for (const check of pending.splice(0)) check.finish();
    await scheduler.idle();
  };
  return {
    scheduler,
    started,
    pending,
    finishAll,
    now: () => time,
    advance: async (ms: number) => {
      time += ms;
      await scheduler.tick(time);
    },
  };
}

const target = (id: string, intervalSeconds = 60, enabled = true): SchedulableTarget => ({
  id,
  intervalSeconds,
  enabled,
});

describe('createHealthScheduler', () => {
  it('runs each target on its interval and skips disabled ones', async () => {
    const { started, finishAll, advance } = setup({ targets: [target('a', 60), target('off', 60, false)] });
    await advance(0);
    expect(started.map((run) => run.targetId)).toEqual(['a']);
    await finishAll();
    await advance(59_999);
    expect(started).toHaveLength(1);
    await advance(1);
    expect(started).toHaveLength(2);
    expect(started[1]!.at - started[0]!.at).toBe(60_000);
  });

  it('never starts a second check of a target while one is running', async () => {
    const { started, pending, finishAll, advance, scheduler } = setup({ targets: [target('slow', 10)] });
    await advance(0);
    await advance(10_000);
    await advance(25_000);
    expect(started).toHaveLength(1);
    expect(scheduler.running()).toEqual(['slow']);
    // An admin "run now" joins the running check instead of starting another.
    const joined = scheduler.runNow(target('slow', 10));
    expect(started).toHaveLength(1);
    pending[0]!.finish();
    expect(await joined).toMatch(/^slow@/);
    await finishAll();
    // Overdue: runs at the next tick after it finished.
    await advance(1);
    expect(started).toHaveLength(2);
  });

  it('bounds concurrency and starts the most overdue first', async () => {
    const targets = ['a', 'b', 'c', 'd', 'e'].map((id) => target(id, 60));
    let value = 0.9;
    const { started, finishAll, advance } = setup({
      targets,
      maxConcurrency: 2,
      // Initial delays: a=27s, b=24s, c=21s, d=18s, e=15s.
      random: () => (value -= 0.1),
    });
    await advance(0);
    expect(started).toHaveLength(0);
    await advance(30_000);
    expect(started.map((run) => run.targetId)).toEqual(['e', 'd']);
    await advance(1000);
    expect(started).toHaveLength(2);
    await finishAll();
    await advance(1000);
    expect(started.map((run) => run.targetId)).toEqual(['e', 'd', 'c', 'b']);
  });

  it('keeps jitter within [0, 10%) of the interval and spreads first runs', async () => {
    for (const randomValue of [0, 0.5, 0.999]) {
      const { scheduler, finishAll, advance, now, started } = setup({
        targets: [target('a', 300)],
        random: () => randomValue,
      });
      const seenAt = now();
      await scheduler.tick(seenAt);
      // With no delay the first run starts in this very tick.
      const first = started[0]?.at ?? scheduler.nextDueAt('a')!;
      expect(first - seenAt).toBe(randomValue * 30_000);
      expect(first - seenAt).toBeLessThan(30_000);
      if (started.length === 0) await advance(first - now());
      expect(started).toHaveLength(1);
      const startedAt = started[0]!.at;
      await finishAll();
      const next = scheduler.nextDueAt('a')!;
      expect(next - startedAt).toBeGreaterThanOrEqual(300_000);
      expect(next - startedAt).toBeLessThan(330_000);
      expect(next - startedAt).toBe(300_000 + randomValue * 30_000);
    }
  });

  it('stop aborts running checks, waits for them and forgets the schedule', async () => {
    const { scheduler, pending, advance } = setup({ targets: [target('a', 60)] });
    await advance(0);
    const signal = pending[0]!.signal;
    await scheduler.stop();
    expect(signal.aborted).toBe(true);
    expect(scheduler.running()).toEqual([]);
    expect(scheduler.nextDueAt('a')).toBeUndefined();
  });

  it('forgets removed targets and applies a shorter interval at once', async () => {
    const targets = [target('a', 600), target('b', 600)];
    const { scheduler, finishAll, advance, started } = setup({ targets });
    await advance(0);
    await finishAll();
    targets.splice(1, 1);
    targets[0] = target('a', 60);
    await advance(60_000);
    expect(scheduler.nextDueAt('b')).toBeUndefined();
    await advance(1);
    expect(started.map((run) => run.targetId)).toEqual(['a', 'b', 'a']);
  });
});
