import type { IpcInvokeEventLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { originOf } from '../window/renderer-origin.ts';

/**
 * Who may call the main process: the app's own window (its `webContents`, as it is now) showing the
 * app's own origin (`app://renderer`, or the dev server in an unpackaged app). Another window, a
 * frame that navigated elsewhere, or a sender without a frame is refused.
 */
export function createSenderCheck(options: {
  windowContentsId(): number | undefined;
  trustedOrigins: readonly string[];
}): (event: IpcInvokeEventLike) => boolean {
  return (event) => {
    const id = options.windowContentsId();
    if (id === undefined || event.sender.id !== id) return false;
    const url = event.senderFrame?.url;
    const origin = url ? originOf(url) : undefined;
    return origin !== undefined && options.trustedOrigins.includes(origin);
  };
}
