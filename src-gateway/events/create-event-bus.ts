import type { AdminEvent, AdminEventData, AdminEventName } from '../../src-shared/contract/events.ts';

export type AdminEventListener = (event: AdminEvent) => void;

/** The gateway's events (src-shared/contract/events.ts), to whoever listens: the SSE route, the IPC binding. */
export interface EventBus {
  emit<Name extends AdminEventName>(name: Name, data: AdminEventData<Name>): void;
  /** Every event from now on; returns the unsubscribe function. */
  subscribe(listener: AdminEventListener): () => void;
  /** How many listen (background producers such as live stats run only while someone does). */
  listenerCount(): number;
  /** Called when the first listener arrives and after the last one left. */
  onListenersChanged(callback: (count: number) => void): void;
}

/** A synchronous fan-out; a listener that throws is dropped from that emit, never breaks the emitter. */
export function createEventBus(): EventBus {
  const listeners = new Set<AdminEventListener>();
  const watchers: Array<(count: number) => void> = [];
  const changed = () => {
    for (const watcher of watchers) watcher(listeners.size);
  };
  return {
    emit(name, data) {
      if (listeners.size === 0) return;
      const event = { name, data } as AdminEvent;
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A broken listener (a closed socket) must not stop the others.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) changed();
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) changed();
      };
    },
    listenerCount: () => listeners.size,
    onListenersChanged(callback) {
      watchers.push(callback);
    },
  };
}
