import { ipcMain } from 'electron';
import { forwardAdminEvents } from '../../src-gateway/ipc/forward-admin-events.ts';
import { registerAdminIpc, type IpcInvokeEventLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import { desktopEventsReadyChannel } from '../../src-shared/desktop/desktop-operations.ts';
import type { GatewaySupervisor } from '../gateway/create-gateway-supervisor.ts';
import { createDesktopDispatcher } from './create-desktop-dispatcher.ts';
import { desktopPlaceholderPrincipal } from './desktop-caller.ts';
import { registerDesktopIpc, type DesktopHandlers } from './register-desktop-ipc.ts';

export interface WindowIpc {
  /** The window closed: stop pushing events to it. */
  stopEvents(): void;
  /** Remove every handler (quitting). */
  dispose(): void;
}

/**
 * Everything the window may ask the main process, each call checked against `isTrustedSender`:
 * the admin contract (to whichever gateway runs now), the desktop operations, and the events
 * (pushed once the page's preload says it listens, the current state first).
 */
export function registerWindowIpc(options: {
  supervisor: GatewaySupervisor;
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  handlers: DesktopHandlers;
  logger: Logger;
}): WindowIpc {
  const { supervisor, isTrustedSender } = options;
  const removeAdminIpc = registerAdminIpc({
    ipcMain,
    dispatcher: createDesktopDispatcher({
      gateway: () => supervisor.gateway(),
      unavailableReason: () => supervisor.state().error ?? 'The gateway is not running',
    }),
    isTrustedSender,
    principal: desktopPlaceholderPrincipal,
  });
  const removeDesktopIpc = registerDesktopIpc({
    ipcMain,
    isTrustedSender,
    logger: options.logger,
    handlers: options.handlers,
  });

  let stopForwarding: (() => void) | undefined;
  const stopEvents = () => {
    stopForwarding?.();
    stopForwarding = undefined;
  };
  ipcMain.handle(desktopEventsReadyChannel, (event) => {
    if (!isTrustedSender(event)) return false;
    stopEvents();
    const contents = event.sender;
    stopForwarding = forwardAdminEvents({
      events: supervisor.events,
      initial: () => supervisor.initialEvents(),
      send: (channel, adminEvent) => {
        if (!contents.isDestroyed()) contents.send(channel, adminEvent);
      },
    });
    return true;
  });

  return {
    stopEvents,
    dispose() {
      stopEvents();
      removeAdminIpc();
      removeDesktopIpc();
      ipcMain.removeHandler(desktopEventsReadyChannel);
    },
  };
}
