import { BlockList, isIP } from 'node:net';

const lists = new WeakMap<readonly string[], BlockList>();

/** `::ffff:10.0.0.1` (how dual-stack sockets report IPv4 peers) as `10.0.0.1`. */
function unmapIpv4(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

function buildList(ranges: readonly string[]): BlockList {
  const list = new BlockList();
  for (const range of ranges) {
    const [rawAddress, rawPrefix] = range.split('/');
    const address = unmapIpv4(rawAddress!.trim());
    const family = isIP(address);
    if (family === 0) continue; // not an address: matches nothing rather than everything
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const maximum = family === 4 ? 32 : 128;
    const prefix = rawPrefix === undefined ? maximum : Number(rawPrefix);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > maximum) continue;
    list.addSubnet(address, prefix, type);
  }
  return list;
}

/**
 * Is `address` inside one of `ranges` (IPv4 or IPv6 addresses or CIDR ranges)?
 * The parsed list is cached per array, and snapshot arrays are replaced on
 * every reload, so the cache never serves stale ranges.
 */
export function clientIpAllowed(ranges: readonly string[], address: string | null | undefined): boolean {
  if (!address) return false;
  let list = lists.get(ranges);
  if (!list) {
    list = buildList(ranges);
    lists.set(ranges, list);
  }
  const plain = unmapIpv4(address);
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}
