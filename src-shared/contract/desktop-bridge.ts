import type { IpcInvoke } from './create-ipc-client.ts';
import type { AdminEvent } from './events.ts';
import { adminStreamChannels } from './ipc-channels.ts';

/** One exposed method: its one argument in, the IPC binding's `{ ok, value } | { ok: false, error }` out. */
export type BridgeMethod = (argument: unknown) => Promise<unknown>;

/**
 * What the desktop preload exposes to the renderer as `window.llmGateway` (contextBridge): exactly
 * the contract's methods (`admin.providers.list(input)`), the pulls of a streamed answer, the
 * desktop operations (`desktop['clientSetup.plan'](input)`) and the contract's events. No
 * `ipcRenderer` and no generic `invoke(channel)`: a page can call nothing the contract does not
 * declare, and the main process still checks the sender of every call.
 */
export interface DesktopBridge {
  /** `admin[domain][operation](input)`, one per contract operation. */
  admin: Readonly<Record<string, Readonly<Record<string, BridgeMethod>>>>;
  /** A streaming operation answers `{ streamId }`; its items are pulled page by page. */
  streams: { next: BridgeMethod; cancel: BridgeMethod };
  /** `desktop[name](input)`, one per desktop operation (src-shared/desktop/desktop-operations.ts). */
  desktop: Readonly<Record<string, BridgeMethod>>;
  /** Every contract event the main process pushes, until the returned function is called. */
  subscribe(listener: (event: AdminEvent) => void): () => void;
}

/** The global name the preload exposes the bridge under. */
export const desktopBridgeName = 'llmGateway';

/**
 * The renderer's side: the typed clients (create-ipc-client.ts, create-desktop-client.ts) speak in
 * channels; this turns a channel back into the bridge method of that name. A name the bridge does
 * not have answers the usual error shape.
 */
export function invokeThroughBridge(bridge: DesktopBridge): IpcInvoke {
  return (channel, argument) => {
    const method = bridgeMethodFor(bridge, channel);
    if (method) return method(argument);
    return Promise.resolve({
      ok: false,
      error: { status: 404, code: 'unknown_channel', message: `No desktop operation "${channel}"` },
    });
  };
}

function bridgeMethodFor(bridge: DesktopBridge, channel: string): BridgeMethod | undefined {
  if (channel === adminStreamChannels.next) return bridge.streams.next;
  if (channel === adminStreamChannels.cancel) return bridge.streams.cancel;
  const separator = channel.indexOf(':');
  const scope = channel.slice(0, separator);
  const name = channel.slice(separator + 1);
  if (scope === 'desktop') return Object.hasOwn(bridge.desktop, name) ? bridge.desktop[name] : undefined;
  if (scope !== 'admin') return undefined;
  const [domain = '', operation = ''] = name.split('.');
  const methods = Object.hasOwn(bridge.admin, domain) ? bridge.admin[domain] : undefined;
  return methods && Object.hasOwn(methods, operation) ? methods[operation] : undefined;
}
