import type { Gateway } from '../../src-gateway/index.ts';
import { desktopCaller } from '../ipc/desktop-caller.ts';

/** Requests since local midnight (the tray's first line), from the usage rollups. */
export async function countRequestsToday(gateway: Gateway, now = new Date()): Promise<number> {
  const midnight = new Date(now);
  midnight.setHours(0, 0, 0, 0);
  const summary = (await gateway.admin.call(
    'usage.summary',
    { from: midnight.toISOString(), granularity: 'day' },
    desktopCaller,
  )) as { totals: { requests: number } };
  return summary.totals.requests;
}
