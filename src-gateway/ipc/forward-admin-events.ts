import type { AdminEvent } from '../../src-shared/contract/events.ts';
import { adminEventChannel } from '../../src-shared/contract/ipc-channels.ts';
import type { EventBus } from '../events/create-event-bus.ts';

/**
 * Push the contract's events to the desktop window: `send` is the window's
 * `webContents.send` (only the app's own window is given one). The current state goes first.
 * Returns the function that stops forwarding (when the window closes).
 */
export function forwardAdminEvents(options: {
  events: EventBus;
  initial: () => AdminEvent[];
  send: (channel: string, event: AdminEvent) => void;
}): () => void {
  for (const event of options.initial()) options.send(adminEventChannel, event);
  return options.events.subscribe((event) => options.send(adminEventChannel, event));
}
