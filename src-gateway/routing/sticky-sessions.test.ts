import { describe, expect, it } from 'vitest';
import { createStickySessions } from './sticky-sessions.ts';

describe('createStickySessions', () => {
  it('remembers a session target until the entry has been idle for the TTL', () => {
    let now = 0;
    const sessions = createStickySessions({ clock: { now: () => now }, ttlMs: 1000 });
    sessions.set('s1', 'model-a');
    now = 999;
    expect(sessions.get('s1')).toBe('model-a');
    // The read refreshed the entry.
    now = 1998;
    expect(sessions.get('s1')).toBe('model-a');
    now = 2998;
    expect(sessions.get('s1')).toBeUndefined();
    expect(sessions.size()).toBe(0);
  });

  it('moves a session to a new target', () => {
    const sessions = createStickySessions({ clock: { now: () => 0 } });
    sessions.set('s1', 'model-a');
    sessions.set('s1', 'model-b');
    expect(sessions.get('s1')).toBe('model-b');
  });

  it('evicts the least recently used session when full', () => {
    const sessions = createStickySessions({ clock: { now: () => 0 }, maxEntries: 2 });
    sessions.set('s1', 'a');
    sessions.set('s2', 'b');
    expect(sessions.get('s1')).toBe('a');
    sessions.set('s3', 'c');
    expect(sessions.get('s2')).toBeUndefined();
    expect(sessions.get('s1')).toBe('a');
    expect(sessions.get('s3')).toBe('c');
    expect(sessions.size()).toBe(2);
  });
});
