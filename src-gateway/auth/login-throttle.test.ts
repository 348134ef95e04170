import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

describe('createLoginThrottle', () => {
  it('locks a key after five failures in the window and unlocks when they age out', () => {
    let now = 0;
    const throttle = createLoginThrottle({ clock: { now: () => now } });
    for (let attempt = 0; attempt < 4; attempt++) {
      throttle.recordFailure('admin|1.2.3.4');
      now += 60_000;
    }
    expect(throttle.retryAfter('admin|1.2.3.4')).toBeUndefined();
    throttle.recordFailure('admin|1.2.3.4');
    // The first failure was at 0; it leaves the 15-minute window at 900 s.
    expect(throttle.retryAfter('admin|1.2.3.4')).toBe(900 - 240);
    expect(throttle.retryAfter('admin|5.6.7.8')).toBeUndefined();
    now = 900_001;
    expect(throttle.retryAfter('admin|1.2.3.4')).toBeUndefined();
  });

  it('forgets failures after a success', () => {
    const throttle = createLoginThrottle({ clock: { now: () => 0 }, maxFailures: 2 });
    throttle.recordFailure('k');
    throttle.recordSuccess('k');
    throttle.recordFailure('k');
    expect(throttle.retryAfter('k')).toBeUndefined();
    throttle.recordFailure('k');
    expect(throttle.retryAfter('k')).toBe(900);
  });
});
