import { describe, expect, it } from 'vitest';
import { clientIpAllowed } from './client-ip-allowed.ts';

describe('clientIpAllowed', () => {
  it('matches IPv4 ranges, including IPv4-mapped IPv6 peers', () => {
    const ranges = ['10.0.0.0/8', '192.168.1.7'];
    expect(clientIpAllowed(ranges, '10.20.30.40')).toBe(true);
    expect(clientIpAllowed(ranges, '::ffff:10.1.2.3')).toBe(true);
    expect(clientIpAllowed(ranges, '192.168.1.7')).toBe(true);
    expect(clientIpAllowed(ranges, '192.168.1.8')).toBe(false);
    expect(clientIpAllowed(ranges, '11.0.0.1')).toBe(false);
  });

  it('matches IPv6 ranges and refuses unknown peers', () => {
    const ranges = ['::1', 'fd00::/8'];
    expect(clientIpAllowed(ranges, '::1')).toBe(true);
    expect(clientIpAllowed(ranges, 'fd12:3456::1')).toBe(true);
    expect(clientIpAllowed(ranges, '2001:db8::1')).toBe(false);
    expect(clientIpAllowed(ranges, null)).toBe(false);
    expect(clientIpAllowed(['not-an-ip'], '127.0.0.1')).toBe(false);
  });
});
