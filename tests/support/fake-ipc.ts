import { adminContract } from '../../src-shared/contract/admin-contract.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import type { ContractClient } from '../../src-shared/contract/define-operation.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import { subscribeIpcEvents } from '../../src-shared/contract/subscribe-ipc-events.ts';
import type { ContractDispatcher } from '../../src-gateway/admin/create-contract-dispatcher.ts';
import type { EventBus } from '../../src-gateway/events/create-event-bus.ts';
import { forwardAdminEvents } from '../../src-gateway/ipc/forward-admin-events.ts';
import {
  registerAdminIpc,
  type IpcInvokeEventLike,
  type IpcMainLike,
} from '../../src-gateway/ipc/register-admin-ipc.ts';

type Handler = (event: IpcInvokeEventLike, ...args: unknown[]) => unknown;

export type FakeIpcMain = IpcMainLike & {
  invoke(sender: IpcInvokeEventLike, channel: string, argument?: unknown): Promise<unknown>;
  channels(): string[];
};

/** Electron's `ipcMain.handle`/`invoke` pair without Electron: a channel map, arguments cloned like IPC does. */
export function createFakeIpcMain(): FakeIpcMain {
  const handlers = new Map<string, Handler>();
  return {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
    async invoke(sender, channel, argument) {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Structured clone: what crosses IPC is data, never class instances or functions.
      return structuredClone(await handler(sender, structuredClone(argument)));
    },
    channels: () => [...handlers.keys()],
  };
}

export const trustedWindow: IpcInvokeEventLike = {
  sender: { id: 1 },
  senderFrame: { url: 'app://renderer/index.html' },
};
export const strangerWindow: IpcInvokeEventLike = {
  sender: { id: 2 },
  senderFrame: { url: 'https://evil.example/' },
};

/** The desktop wiring over a gateway, in memory: the IPC binding, the renderer's typed client and its events. */
export function connectFakeRenderer(options: {
  dispatcher: ContractDispatcher;
  events: EventBus;
  initialEvents: () => AdminEvent[];
  sender?: IpcInvokeEventLike;
}): { client: ContractClient<typeof adminContract>; received: AdminEvent[]; close(): void } {
  const ipcMain = createFakeIpcMain();
  const dispose = registerAdminIpc({
    ipcMain,
    dispatcher: options.dispatcher,
    isTrustedSender: (event) => event.senderFrame?.url.startsWith('app://') === true,
    principal: { adminId: 'desktop', username: 'desktop', via: 'login' },
  });
  const client = createIpcClient(adminContract, (channel, argument) =>
    ipcMain.invoke(options.sender ?? trustedWindow, channel, argument),
  );
  // The preload's `on(channel, listener)` over the window's webContents.send.
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const received: AdminEvent[] = [];
  const stopListening = subscribeIpcEvents(
    (channel, listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return () => set.delete(listener);
    },
    (event) => received.push(event),
  );
  const stopForwarding = forwardAdminEvents({
    events: options.events,
    initial: options.initialEvents,
    send: (channel, event) => {
      for (const listener of listeners.get(channel) ?? []) listener(structuredClone(event));
    },
  });
  return {
    client,
    received,
    close() {
      stopForwarding();
      stopListening();
      dispose();
    },
  };
}
