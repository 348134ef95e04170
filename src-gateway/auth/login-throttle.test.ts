import { describe, expect, it } from 'vitest';
import { createLoginThrottle } from './login-throttle.ts';

describe('createLoginThrottle', () => {
  it('locks a key after five reserved attempts in the window and unlocks when they age out', () => {
    let now = 0;
    const throttle = createLoginThrottle({ clock: { now: () => now } });
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(throttle.reserve('admin|1.2.3.4')).toBeUndefined();
      now += 60_000;
    }
    // The first attempt was at 0; it leaves the 15-minute window at 900 s.
    expect(throttle.reserve('admin|1.2.3.4')).toBe(900 - 300);
    expect(throttle.reserve('admin|5.6.7.8')).toBeUndefined();
    now = 900_001;
    expect(throttle.reserve('admin|1.2.3.4')).toBeUndefined();
  });

  it('counts reservations still in flight, so parallel attempts cannot pass the limit', () => {
    const throttle = createLoginThrottle({ clock: { now: () => 0 }, maxFailures: 3 });
    const answers = Array.from({ length: 10 }, () => throttle.reserve('k'));
    expect(answers.filter((answer) => answer === undefined)).toHaveLength(3);
    expect(answers.slice(3)).toEqual(Array(7).fill(900));
  });

  it('forgets attempts after a success', () => {
    const throttle = createLoginThrottle({ clock: { now: () => 0 }, maxFailures: 2 });
    throttle.reserve('k');
    throttle.recordSuccess('k');
    expect(throttle.reserve('k')).toBeUndefined();
    expect(throttle.reserve('k')).toBeUndefined();
    expect(throttle.reserve('k')).toBe(900);
  });
});
