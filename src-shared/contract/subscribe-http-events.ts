import type { ContractCallError } from './error-shape.ts';
import { adminEvents, type AdminEvent, type AdminEventName } from './events.ts';
import { contractErrorOf } from './http-error.ts';
import { parseSseStream } from './parse-sse-stream.ts';

export interface HttpEventsOptions {
  /** The gateway's origin; `''` in the browser app. */
  baseUrl: string;
  /** `GET /api/events` needs a login, so it is read with fetch (EventSource cannot send the header). */
  getToken: () => string | undefined;
  /** The token was refused: the subscription stops (a new login subscribes again). */
  onUnauthorized?: (error: ContractCallError) => void;
  /** Connected (the stream is open) or not (waiting to reconnect). */
  onConnectionChange?: (connected: boolean) => void;
  /** First wait before reconnecting, doubled after each failure up to `maxRetryMs` (defaults 1 s, 30 s). */
  retryMs?: number;
  maxRetryMs?: number;
  fetch?: typeof fetch;
}

/** Whether a name is one of the contract's events, and its data has the contract's shape. */
function toAdminEvent(name: string, data: string): AdminEvent | undefined {
  if (!Object.hasOwn(adminEvents, name)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  const checked = adminEvents[name as AdminEventName].safeParse(parsed);
  return checked.success ? ({ name, data: checked.data } as AdminEvent) : undefined;
}

/**
 * The browser's side of the contract's events: `GET /api/events` (Server-Sent Events) read with
 * fetch and a stream parser, every event checked against its schema, reconnecting with backoff
 * when the stream fails or ends. Returns a function that stops it.
 */
export function subscribeHttpEvents(
  options: HttpEventsOptions,
  listener: (event: AdminEvent) => void,
): () => void {
  const fetchImplementation = options.fetch ?? globalThis.fetch.bind(globalThis);
  const firstRetry = options.retryMs ?? 1000;
  const maxRetry = options.maxRetryMs ?? 30_000;
  let stopped = false;
  let retry = firstRetry;
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  async function connect(): Promise<void> {
    controller = new AbortController();
    const token = options.getToken();
    let response: Response;
    try {
      response = await fetchImplementation(`${options.baseUrl}/api/events`, {
        headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: controller.signal,
      });
    } catch {
      // Not reachable (the gateway may be restarting) or stopped: try again later unless stopped.
      scheduleReconnect();
      return;
    }
    if (response.status === 401) {
      stopped = true;
      options.onUnauthorized?.(await contractErrorOf(response));
      return;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      scheduleReconnect();
      return;
    }
    options.onConnectionChange?.(true);
    retry = firstRetry;
    try {
      for await (const message of parseSseStream(response.body)) {
        const event = toAdminEvent(message.event, message.data);
        if (event) listener(event);
      }
    } catch {
      // A cut connection: reconnect below, unless stopped.
    }
    options.onConnectionChange?.(false);
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (stopped) return;
    timer = setTimeout(() => void connect(), retry);
    retry = Math.min(retry * 2, maxRetry);
  }

  void connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller?.abort();
  };
}
