import type { AdminEvent } from './events.ts';
import { adminEventChannel } from './ipc-channels.ts';

/** What the preload bridge offers for pushed messages: listen on one channel, get an unsubscribe. */
export type IpcListen = (channel: string, listener: (payload: unknown) => void) => () => void;

/** The renderer's side of the events over IPC: every contract event the main process pushes. */
export function subscribeIpcEvents(listen: IpcListen, listener: (event: AdminEvent) => void): () => void {
  return listen(adminEventChannel, (payload) => listener(payload as AdminEvent));
}
