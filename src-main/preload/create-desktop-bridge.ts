// Names and channels only (no zod, no schemas): the preload bundle stays small.
import type { BridgeMethod, DesktopBridge } from '../../src-shared/contract/desktop-bridge.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import {
  adminEventChannel,
  adminIpcChannel,
  adminStreamChannels,
} from '../../src-shared/contract/ipc-channels.ts';
import { adminOperationNames } from '../../src-shared/contract/operation-names.ts';
import {
  desktopEventsReadyChannel,
  desktopIpcChannel,
  desktopOperationNames,
} from '../../src-shared/desktop/desktop-operation-names.ts';

export type { DesktopBridge } from '../../src-shared/contract/desktop-bridge.ts';

/** The part of Electron's `ipcRenderer` the bridge uses (never handed to the page itself). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Events that describe a current state: a listener that subscribes later gets the last one at once. */
const stateEvents = new Set<AdminEvent['name']>(['gatewayState', 'liveStats']);

/**
 * The bridge the preload exposes: one method per contract operation (`admin.providers.list`), the
 * stream pulls, one method per desktop operation, each bound to its own channel (the page names
 * no channel), and `subscribe` to the contract's events with Electron's event object kept back
 * (its `sender` is a way into the main process). The first subscriber asks the main process to
 * start pushing (the current state first).
 */
export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  const call =
    (channel: string): BridgeMethod =>
    (argument) =>
      ipc.invoke(channel, argument);
  const admin: Record<string, Record<string, BridgeMethod>> = {};
  for (const [domainName, operationNames] of Object.entries(adminOperationNames)) {
    const methods: Record<string, BridgeMethod> = {};
    for (const operationName of operationNames)
      methods[operationName] = call(adminIpcChannel(`${domainName}.${operationName}`));
    admin[domainName] = methods;
  }
  const desktop: Record<string, BridgeMethod> = {};
  for (const name of desktopOperationNames) desktop[name] = call(desktopIpcChannel(name));

  const listeners = new Set<(event: AdminEvent) => void>();
  const latest = new Map<AdminEvent['name'], AdminEvent>();
  const receive = (_event: unknown, payload: unknown) => {
    const event = payload as AdminEvent;
    if (stateEvents.has(event.name)) latest.set(event.name, event);
    for (const listener of listeners) listener(event);
  };
  return {
    admin,
    streams: { next: call(adminStreamChannels.next), cancel: call(adminStreamChannels.cancel) },
    desktop,
    subscribe(listener) {
      if (typeof listener !== 'function') throw new TypeError('subscribe needs a function');
      listeners.add(listener);
      if (listeners.size === 1) {
        ipc.on(adminEventChannel, receive);
        void ipc.invoke(desktopEventsReadyChannel).catch(() => undefined);
      } else {
        for (const event of latest.values()) listener(event);
      }
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) {
          ipc.removeListener(adminEventChannel, receive);
          latest.clear();
        }
      };
    },
  };
}
