import type { AdminEvent } from './events.ts';

/**
 * What the desktop preload exposes to the renderer as `window.llmGateway` (contextBridge): a call
 * of one contract channel (`admin:<domain>.<operation>`, or the stream channels) and the contract's
 * events. The preload passes only channels of the contract (ipc-channels.ts) and the main
 * process checks the sender of every call, so the renderer holds no `ipcRenderer`.
 */
export interface DesktopBridge {
  /** Answers the IPC binding's `{ ok, value } | { ok: false, error }` (create-ipc-client.ts unwraps it). */
  invoke(channel: string, argument: unknown): Promise<unknown>;
  /** Every contract event the main process pushes, until the returned function is called. */
  subscribe(listener: (event: AdminEvent) => void): () => void;
}

/** The global name the preload exposes the bridge under. */
export const desktopBridgeName = 'llmGateway';
