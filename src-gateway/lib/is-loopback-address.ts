/**
 * Is `address` (a socket's `remoteAddress`) this machine's loopback: 127.0.0.0/8, `::1`,
 * or 127.x as a dual-stack socket reports it (`::ffff:127.0.0.1`)? Loopback peers are the
 * user's own processes, which share one address however many of them there are.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false;
  if (address === '::1' || address.startsWith('127.')) return true;
  return address.startsWith('::ffff:127.') || address.startsWith('::FFFF:127.');
}
