/**
 * The desktop operations' names and channels, without their schemas: what the preload binds
 * (desktop-operations.ts declares each operation against this list, so the two cannot differ).
 */
export const desktopOperationNames = [
  'clientSetup.plan',
  'clientSetup.apply',
  'clientSetup.restore',
  'links.openExternal',
  'endpoint.copy',
  'app.info',
  'preferences.get',
  'preferences.update',
] as const;
export type DesktopOperationName = (typeof desktopOperationNames)[number];

/** The IPC channel of a desktop operation: `desktop:clientSetup.plan`. */
export function desktopIpcChannel(name: DesktopOperationName): string {
  return `desktop:${name}`;
}

/**
 * The preload tells the main process on this channel that the page now listens for events; the
 * main process (re)starts pushing them, the current state first, so a page that subscribes late or
 * reloads never misses it. Used by the preload only, not a page-callable operation.
 */
export const desktopEventsReadyChannel = 'desktop:events.ready';
