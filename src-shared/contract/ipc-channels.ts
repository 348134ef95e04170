/** The IPC channel of one operation: `admin:providers.create`. */
export function adminIpcChannel(operationName: string): string {
  return `admin:${operationName}`;
}

/** Pulling a streaming operation's items, and giving up on them. */
export const adminStreamChannels = { next: 'admin:stream.next', cancel: 'admin:stream.cancel' } as const;

/** Where the main process pushes contract events to the window. */
export const adminEventChannel = 'admin:event';
