import type { AdminEventData } from '../../src-shared/contract/events.ts';
import type { Clock } from '../lib/clock.ts';
import type { RequestLogRecord } from '../storage/request-log-record.ts';
import {
  addLatency,
  emptyHistogram,
  histogramQuantile,
  mergeHistogram,
  type LatencyHistogram,
} from '../lib/latency-histogram.ts';

interface Slot {
  /** Start of the slot (epoch ms, a multiple of the slot length). */
  start: number;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latency: LatencyHistogram;
  firstByte: LatencyHistogram;
}

export interface LiveStats {
  /** Count records (the log writer's `account` hook: in batches, off the request path). */
  add(records: readonly RequestLogRecord[]): void;
  /** The window's figures now. */
  read(): AdminEventData<'liveStats'>;
}

/**
 * Traffic of the last `windowSeconds` in memory, in 10-second slots (a ring; nothing grows).
 * Fed from records the log writer accounts anyway, so the request path pays nothing.
 */
export function createLiveStats(options: { clock: Clock; windowSeconds?: number }): LiveStats {
  const windowSeconds = options.windowSeconds ?? 300;
  const slotMs = 10_000;
  const slots: Slot[] = Array.from({ length: Math.ceil((windowSeconds * 1000) / slotMs) }, () => ({
    start: -1,
    requests: 0,
    errors: 0,
    inputTokens: 0,
    outputTokens: 0,
    costUsd: 0,
    latency: emptyHistogram(),
    firstByte: emptyHistogram(),
  }));

  function slotFor(time: number): Slot | undefined {
    const start = time - (time % slotMs);
    if (start <= options.clock.now() - windowSeconds * 1000) return undefined;
    const slot = slots[Math.floor(start / slotMs) % slots.length]!;
    if (slot.start !== start) {
      slot.start = start;
      slot.requests = slot.errors = slot.inputTokens = slot.outputTokens = slot.costUsd = 0;
      slot.latency.fill(0);
      slot.firstByte.fill(0);
    }
    return slot;
  }

  return {
    add(records) {
      for (const record of records) {
        const slot = slotFor(record.startedAt);
        if (!slot) continue;
        slot.requests++;
        if (record.status >= 400) slot.errors++;
        slot.inputTokens += record.inputTokens;
        slot.outputTokens += record.outputTokens;
        slot.costUsd += record.costUsd;
        addLatency(slot.latency, record.latencyMs);
        if (record.ttfbMs !== null) addLatency(slot.firstByte, record.ttfbMs);
      }
    },
    read() {
      const now = options.clock.now();
      const oldest = now - windowSeconds * 1000;
      const latency = emptyHistogram();
      const firstByte = emptyHistogram();
      let requests = 0;
      let errors = 0;
      let inputTokens = 0;
      let outputTokens = 0;
      let costUsd = 0;
      for (const slot of slots) {
        if (slot.start < 0 || slot.start + slotMs <= oldest) continue;
        requests += slot.requests;
        errors += slot.errors;
        inputTokens += slot.inputTokens;
        outputTokens += slot.outputTokens;
        costUsd += slot.costUsd;
        mergeHistogram(latency, slot.latency);
        mergeHistogram(firstByte, slot.firstByte);
      }
      return {
        at: new Date(now).toISOString(),
        windowSeconds,
        requests,
        errors,
        requestsPerMinute: (requests * 60) / windowSeconds,
        errorRate: requests === 0 ? 0 : errors / requests,
        inputTokens,
        outputTokens,
        costUsd,
        latencyMs: { p50: histogramQuantile(latency, 0.5), p95: histogramQuantile(latency, 0.95) },
        timeToFirstByteMs: {
          p50: histogramQuantile(firstByte, 0.5),
          p95: histogramQuantile(firstByte, 0.95),
        },
      };
    },
  };
}
