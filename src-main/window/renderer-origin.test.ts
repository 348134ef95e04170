import { describe, expect, it } from 'vitest';
import { devServerOrigin, originOf } from './renderer-origin.ts';

describe('origins', () => {
  it('of the custom scheme are built by hand (URL.origin says "null")', () => {
    expect(originOf('app://renderer/index.html')).toBe('app://renderer');
    expect(originOf('http://localhost:5173/x')).toBe('http://localhost:5173');
    expect(originOf('no url')).toBeUndefined();
  });

  it('a dev server is honoured only unpackaged and on loopback', () => {
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173');
    expect(devServerOrigin('http://127.0.0.1:5173', false)).toBe('http://127.0.0.1:5173');
    expect(devServerOrigin('http://localhost:5173/', true)).toBeUndefined();
    expect(devServerOrigin('https://evil.example/', false)).toBeUndefined();
    expect(devServerOrigin('file:///tmp/x', false)).toBeUndefined();
    expect(devServerOrigin(undefined, false)).toBeUndefined();
  });
});
