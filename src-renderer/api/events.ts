import {
  subscribeHttpEvents,
  type AdminEvent,
  type ContractCallError,
  type DesktopBridge,
} from '../../src-shared/contract/index.ts';

export interface EventSubscriptionOptions {
  /** Connected (events flow) or not (the browser waits to reconnect). */
  onConnectionChange?: (connected: boolean) => void;
}

/** The contract's events, whatever carries them: `subscribe` returns a function that stops them. */
export interface AdminEventSource {
  subscribe(listener: (event: AdminEvent) => void, options?: EventSubscriptionOptions): () => void;
}

/** In the desktop window: the events the main process pushes through the preload bridge. */
export function createIpcEventSource(bridge: DesktopBridge): AdminEventSource {
  return {
    subscribe(listener, options = {}) {
      const stop = bridge.subscribe(listener);
      options.onConnectionChange?.(true);
      return stop;
    },
  };
}

/** In a browser: `GET /api/events` with the session's token, reconnecting with backoff. */
export function createHttpEventSource(options: {
  baseUrl: string;
  getToken: () => string | undefined;
  onUnauthorized: (error: ContractCallError) => void;
  fetch?: typeof fetch;
}): AdminEventSource {
  return {
    subscribe(listener, subscription = {}) {
      return subscribeHttpEvents(
        {
          baseUrl: options.baseUrl,
          getToken: options.getToken,
          onUnauthorized: options.onUnauthorized,
          onConnectionChange: subscription.onConnectionChange,
          ...(options.fetch ? { fetch: options.fetch } : {}),
        },
        listener,
      );
    },
  };
}
