import { describe, expect, it } from 'vitest';
import { GatewayError } from '../lib/errors.ts';
import { AbortHandle } from '../lib/abort-handle.ts';
import { abortAfter, providerTimeout } from './abort-after.ts';

const reason = () =>
  new GatewayError({ status: 504, kind: 'timeout', code: 'deadline_exceeded', message: 'late' });

describe('abortAfter', () => {
  it('aborts with the built reason once the time is up', async () => {
    const linked = abortAfter(20, reason);
    expect(linked.signal.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(linked.signal.aborted).toBe(true);
    expect(linked.signal.reason).toMatchObject({ code: 'deadline_exceeded' });
  });

  it("aborts with a parent's reason, at once when the parent already aborted", () => {
    const parent = new AbortHandle();
    const linked = abortAfter(10_000, reason, parent);
    parent.abort('client gone');
    expect(linked.signal.reason).toBe('client gone');
    linked.clear();

    const early = abortAfter(10_000, reason, parent);
    expect(early.signal.reason).toBe('client gone');
    early.clear();
  });

  it('stops the timer and unhooks the parents when cleared', async () => {
    const parent = new AbortHandle();
    const linked = abortAfter(20, reason, parent);
    linked.clear();
    parent.abort('later');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(linked.signal.aborted).toBe(false);
    expect(parent.listenerCount('abort')).toBe(0);
  });

  it('aborts once, with an AbortError when no reason is given', () => {
    const handle = new AbortHandle();
    let events = 0;
    handle.on('abort', () => events++);
    handle.abort();
    handle.abort(new Error('second'));
    expect(events).toBe(1);
    expect(handle.reason).toMatchObject({ name: 'AbortError' });
  });
});

describe('providerTimeout', () => {
  it('aborts with a retryable 504 naming the provider and its limit', async () => {
    const linked = providerTimeout({ name: 'slow', timeouts: { totalMs: 20 } }, new AbortHandle());
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(linked.signal.reason).toMatchObject({
      status: 504,
      code: 'upstream_timeout',
      retryable: true,
      message: 'Provider "slow" did not finish within 20 ms',
    });
  });
});
