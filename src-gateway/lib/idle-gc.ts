import v8 from 'node:v8';
import vm from 'node:vm';

export interface IdleGc {
  /** A sign of traffic (a request finishing or starting its upstream call): postpones the idle moment. */
  activity(): void;
  stop(): void;
}

/**
 * Young-generation collections taken while traffic pauses, the way browsers
 * schedule GC in idle time. A scavenge stops the event loop for about half a
 * millisecond, and one comes every ~200 requests (each allocates ~40 KB of
 * short-lived objects): left to V8, it lands inside a request. A desktop
 * gateway's traffic comes in bursts with pauses in between, so when traffic has
 * paused for `idleMs` and the young generation is at least `minFill` full, it is
 * collected then, and the next burst starts with room to spare. Under load
 * without pauses nothing changes. Node has no API for a minor GC, so the
 * `gc` function is taken from a fresh context after `--expose-gc` is set (the
 * gateway's own global gets no `gc`); where that is refused, this does nothing.
 */
export function createIdleGc(
  options: {
    /** false: a no-op (no flag is set). */
    enabled?: boolean;
    idleMs?: number;
    minFill?: number;
    /** Tests: stand-ins for the collection and the young generation's fill (0..1). */
    collect?: () => void;
    youngFill?: () => number;
  } = {},
): IdleGc {
  const collect = options.enabled === false ? undefined : (options.collect ?? minorGc());
  if (!collect) return { activity() {}, stop() {} };
  const idleMs = options.idleMs ?? 2;
  const minFill = options.minFill ?? 0.5;
  const youngFill = options.youngFill ?? youngGenerationFill;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    activity() {
      if (stopped) return;
      // One timer for the process's life, re-armed: no allocation per request.
      if (timer) timer.refresh();
      else {
        timer = setTimeout(() => {
          if (youngFill() >= minFill) collect();
        }, idleMs);
        timer.unref();
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** A function that runs a minor GC (scavenge), or undefined where V8 does not allow one. */
export function minorGc(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    if (typeof gc !== 'function') return undefined;
    return () => (gc as (options: { type: 'minor' }) => void)({ type: 'minor' });
  } catch {
    return undefined;
  }
}

/** How full the young generation's allocation space is, 0..1. */
export function youngGenerationFill(): number {
  const space = v8.getHeapSpaceStatistics().find((entry) => entry.space_name === 'new_space');
  if (!space) return 0;
  const capacity = space.space_used_size + space.space_available_size;
  return capacity === 0 ? 0 : space.space_used_size / capacity;
}
