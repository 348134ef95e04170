import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './is-loopback-address.ts';

describe('isLoopbackAddress', () => {
  it('knows this machine from a LAN client, however the socket reports it', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect([address, isLoopbackAddress(address)]).toEqual([address, true]);
    for (const address of ['192.168.1.5', '10.0.0.1', '::ffff:192.168.1.5', 'fe80::1', '::', undefined])
      expect([address, isLoopbackAddress(address)]).toEqual([address, false]);
  });
});
