import type { IpcInvokeEventLike, IpcMainLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { AdminError, parseInput } from '../../src-gateway/lib/admin-error.ts';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import type { ErrorShape, IpcAnswer } from '../../src-shared/contract/error-shape.ts';
import {
  desktopIpcChannel,
  desktopOperationNames,
  desktopOperations,
  type DesktopOperationName,
  type DesktopOutput,
} from '../../src-shared/desktop/desktop-operations.ts';
import type { z } from 'zod';

/** What each desktop operation does, given its validated input. */
export type DesktopHandlers = {
  [Name in DesktopOperationName]: (
    input: z.output<(typeof desktopOperations)[Name]['input']>,
  ) => Promise<DesktopOutput<Name>> | DesktopOutput<Name>;
};

/**
 * The desktop channels (`desktop:<name>`, src-shared/desktop/desktop-operations.ts) bound like the
 * contract's: every call checks its sender, validates its argument (400 naming the field) and
 * answers `{ ok: true, value } | { ok: false, error }`. Returns a function that removes them.
 */
export function registerDesktopIpc(options: {
  ipcMain: IpcMainLike;
  isTrustedSender(event: IpcInvokeEventLike): boolean;
  handlers: DesktopHandlers;
  logger: Logger;
}): () => void {
  const channels: string[] = [];
  for (const name of desktopOperationNames) {
    const channel = desktopIpcChannel(name);
    const handler = options.handlers[name] as (input: unknown) => unknown;
    options.ipcMain.handle(channel, async (event, input): Promise<IpcAnswer<unknown>> => {
      try {
        if (!options.isTrustedSender(event))
          throw new AdminError(403, 'forbidden', 'This window may not use the desktop app');
        const parsed = parseInput(desktopOperations[name].input, input ?? {});
        return { ok: true, value: await handler(parsed) };
      } catch (error) {
        return { ok: false, error: errorShapeOf(error, options.logger, name) };
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels) options.ipcMain.removeHandler(channel);
  };
}

function errorShapeOf(error: unknown, logger: Logger, name: string): ErrorShape {
  if (error instanceof AdminError) return { status: error.status, code: error.code, message: error.message };
  logger.error({ err: error, operation: name }, 'desktop operation failed');
  return { status: 500, code: 'internal_error', message: 'Internal error' };
}
