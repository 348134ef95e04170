import { describe, expect, it } from 'vitest';
import type { AdminEvent } from './events.ts';
import { subscribeHttpEvents } from './subscribe-http-events.ts';

const gatewayState = { state: 'listening', url: 'http://127.0.0.1:1', lanUrl: null, startedAt: null };

/** A fetch that fails, then answers one event and ends the stream, then fails again: the reconnect path. */
function flakyFetch(log: { at: number; outcome: string }[]): typeof fetch {
  let calls = 0;
  return async (_input, init) => {
    calls++;
    const at = Date.now();
    if (calls === 1 || calls >= 3) {
      log.push({ at, outcome: 'refused' });
      throw new TypeError('fetch failed');
    }
    log.push({ at, outcome: 'stream' });
    expect(new Headers(init?.headers).get('authorization')).toBe('Bearer session-token');
    const frames = [
      `event: gatewayState\ndata: ${JSON.stringify(gatewayState)}\n\n`,
      'event: noSuchEvent\ndata: {}\n\n',
      'event: configChanged\ndata: {"version":"not a number"}\n\n',
    ].join('');
    return new Response(frames, { headers: { 'content-type': 'text/event-stream' } });
  };
}

describe('subscribeHttpEvents', () => {
  it('reconnects with backoff after a failure or an ended stream, passing only valid contract events', async () => {
    const log: { at: number; outcome: string }[] = [];
    const received: AdminEvent[] = [];
    const connected: boolean[] = [];
    const stop = subscribeHttpEvents(
      {
        baseUrl: 'http://gateway.test',
        getToken: () => 'session-token',
        onConnectionChange: (up) => connected.push(up),
        retryMs: 20,
        maxRetryMs: 80,
        fetch: flakyFetch(log),
      },
      (event) => received.push(event),
    );
    await expect.poll(() => log.length, { timeout: 2000 }).toBeGreaterThanOrEqual(5);
    stop();
    const calls = log.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(log.length).toBe(calls);
    expect(received).toEqual([{ name: 'gatewayState', data: gatewayState }]);
    expect(connected).toEqual([true, false]);
    // Waits: 20 ms after the first failure; reset to 20 after a connection; then 40, 80, 80 (capped).
    const waits = log.slice(1).map((entry, index) => entry.at - log[index]!.at);
    expect(waits[0]).toBeGreaterThanOrEqual(18);
    expect(waits[2]).toBeGreaterThanOrEqual(38);
    expect(waits[3]).toBeGreaterThanOrEqual(78);
  });
});
