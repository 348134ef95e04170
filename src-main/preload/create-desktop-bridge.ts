import { adminContract, operationsOf } from '../../src-shared/contract/index.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import type { IpcAnswer } from '../../src-shared/contract/error-shape.ts';
import {
  adminEventChannel,
  adminIpcChannel,
  adminStreamChannels,
} from '../../src-shared/contract/ipc-channels.ts';
import {
  desktopEventsReadyChannel,
  desktopIpcChannel,
  desktopOperationNames,
} from '../../src-shared/desktop/desktop-operations.ts';

/** What the window gets as `window.llmGateway`: calls on the app's own channels, and its events. */
export interface DesktopBridge {
  invoke(channel: string, argument: unknown): Promise<unknown>;
  subscribe(listener: (event: AdminEvent) => void): () => void;
}

/** The part of Electron's `ipcRenderer` the bridge uses (never handed to the page itself). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Every channel the page may invoke: the contract's operations, its stream pulls, the desktop operations. */
export const allowedChannels: ReadonlySet<string> = new Set([
  ...operationsOf(adminContract).map((operation) => adminIpcChannel(operation.name)),
  adminStreamChannels.next,
  adminStreamChannels.cancel,
  ...desktopOperationNames.map(desktopIpcChannel),
]);

/** Events that describe a current state: a listener that subscribes later gets the last one at once. */
const stateEvents = new Set<AdminEvent['name']>(['gatewayState', 'liveStats']);

/**
 * The bridge the preload exposes: `invoke` on the allowed channels only (anything else answers the
 * usual error shape without reaching the main process), and `subscribe` to the contract's events
 * with Electron's event object kept back (its `sender` is a way into the main process). The first
 * subscriber asks the main process to start pushing (the current state first).
 */
export function createDesktopBridge(ipc: IpcRendererLike): DesktopBridge {
  const listeners = new Set<(event: AdminEvent) => void>();
  const latest = new Map<AdminEvent['name'], AdminEvent>();
  const receive = (_event: unknown, payload: unknown) => {
    const event = payload as AdminEvent;
    if (stateEvents.has(event.name)) latest.set(event.name, event);
    for (const listener of listeners) listener(event);
  };
  return {
    invoke(channel, argument) {
      if (typeof channel !== 'string' || !allowedChannels.has(channel)) {
        const answer: IpcAnswer<never> = {
          ok: false,
          error: {
            status: 404,
            code: 'unknown_channel',
            message: `No desktop operation "${String(channel)}"`,
          },
        };
        return Promise.resolve(answer);
      }
      return ipc.invoke(channel, argument);
    },
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
