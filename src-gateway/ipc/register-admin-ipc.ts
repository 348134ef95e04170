import type { Principal } from '../../src-shared/schemas/auth.ts';
import type { IpcAnswer } from '../../src-shared/contract/index.ts';
import { adminIpcChannel, adminStreamChannels } from '../../src-shared/contract/ipc-channels.ts';
import { AdminError } from '../lib/admin-error.ts';
import type { ContractDispatcher } from '../admin/create-contract-dispatcher.ts';

/** What the binding needs of Electron's `ipcMain` (the real one fits; tests pass a fake). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** What the binding reads of Electron's `IpcMainInvokeEvent`. */
export interface IpcInvokeEventLike {
  sender: { id: number };
  senderFrame?: { url: string } | null;
}

export interface AdminIpcOptions {
  ipcMain: IpcMainLike;
  dispatcher: ContractDispatcher;
  /** The app's own window and origin only (checked on every call, streams included). */
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  /**
   * Who the desktop window acts as: the local admin the main process resolved, as
   * `{ adminId, username, via: 'login' }` without `expiresAt` (the window holds no token; its
   * session is the app's lifetime). Per-admin operations use it: `auth.me` answers it,
   * `apiTokens.create` records tokens for this admin (no expiry cap), `auth.changePassword`
   * checks this admin's current password, `auth.logout` ends this admin's browser sessions.
   */
  principal: Principal;
  /** Items per `next` of a stream (default 200). */
  streamBatch?: number;
}

/**
 * The IPC binding: one `ipcMain.handle` per contract operation (`admin:<domain>.<operation>`),
 * each checking its sender, validating the argument with the operation's schema (in the
 * dispatcher) and answering `{ ok: true, value }` or `{ ok: false, error }` — errors cross as
 * data because Electron drops custom error properties. Streaming operations answer a stream
 * id; the renderer pulls batches with `admin:stream.next` and may `admin:stream.cancel`.
 * Returns a function that removes every handler.
 */
export function registerAdminIpc(options: AdminIpcOptions): () => void {
  const { ipcMain, dispatcher } = options;
  const batch = options.streamBatch ?? 200;
  const streams = new Map<number, { owner: number; iterator: AsyncIterator<unknown> }>();
  let nextStreamId = 1;
  const context = { principal: options.principal, clientIp: 'ipc', transport: 'ipc' as const };

  async function answer<Value>(
    event: IpcInvokeEventLike,
    work: () => Promise<Value> | Value,
  ): Promise<IpcAnswer<Value>> {
    try {
      if (!options.isTrustedSender(event))
        throw new AdminError(403, 'forbidden', 'This window may not manage the gateway');
      return { ok: true, value: await work() };
    } catch (error) {
      return { ok: false, error: dispatcher.toErrorShape(error) };
    }
  }

  const channels: string[] = [];
  for (const operation of dispatcher.operations) {
    const channel = adminIpcChannel(operation.name);
    channels.push(channel);
    ipcMain.handle(channel, (event, input) =>
      answer(event, () => {
        if (!operation.stream) return dispatcher.call(operation.name, input, context);
        const iterator = dispatcher.stream(operation.name, input, context)[Symbol.asyncIterator]();
        const streamId = nextStreamId++;
        streams.set(streamId, { owner: event.sender.id, iterator });
        return { streamId };
      }),
    );
  }

  function ownStream(event: IpcInvokeEventLike, streamId: unknown) {
    const stream = typeof streamId === 'number' ? streams.get(streamId) : undefined;
    if (!stream || stream.owner !== event.sender.id)
      throw new AdminError(404, 'not_found', `No open stream ${String(streamId)}`);
    return stream;
  }

  ipcMain.handle(adminStreamChannels.next, (event, streamId) =>
    answer(event, async () => {
      const stream = ownStream(event, streamId);
      const items: unknown[] = [];
      while (items.length < batch) {
        const step = await stream.iterator.next();
        if (step.done) {
          streams.delete(streamId as number);
          return { items, done: true };
        }
        items.push(step.value);
      }
      return { items, done: false };
    }),
  );
  ipcMain.handle(adminStreamChannels.cancel, (event, streamId) =>
    answer(event, async () => {
      const stream = ownStream(event, streamId);
      streams.delete(streamId as number);
      await stream.iterator.return?.();
      return null;
    }),
  );
  channels.push(adminStreamChannels.next, adminStreamChannels.cancel);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
    // A stream whose cleanup fails has nobody left to answer; it must not become an unhandled
    // rejection in the main process.
    for (const stream of streams.values()) stream.iterator.return?.().catch(() => undefined);
    streams.clear();
  };
}
