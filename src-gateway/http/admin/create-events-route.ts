import type { Request, Response } from 'express';
import type { AdminEvent } from '../../../src-shared/contract/events.ts';
import type { EventBus } from '../../events/create-event-bus.ts';

/** The state a newcomer needs before the next push (the gateway's state, traffic so far). */
export type InitialEvents = () => AdminEvent[];

function frame(event: AdminEvent): string {
  return `event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * `GET /api/events`: the contract's events as Server-Sent Events, for the browser UI (an admin
 * token is required, as for every `/api` route). The current state goes first; a comment every
 * 15 s keeps proxies from closing a quiet stream. A client that cannot keep up is dropped rather
 * than buffered without bound.
 */
export function createEventsRoute(events: EventBus, initial: InitialEvents, heartbeatMs = 15_000) {
  return function streamEvents(request: Request, response: Response): void {
    response.status(200);
    response.setHeader('content-type', 'text/event-stream; charset=utf-8');
    response.setHeader('cache-control', 'no-store');
    response.setHeader('x-accel-buffering', 'no');
    response.flushHeaders();
    for (const event of initial()) response.write(frame(event));
    const unsubscribe = events.subscribe((event) => {
      // Over a megabyte queued: the reader is gone or stuck.
      if (response.writableLength > 1024 * 1024) response.destroy();
      else response.write(frame(event));
    });
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), heartbeatMs);
    heartbeat.unref();
    request.socket.setTimeout(0);
    response.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
  };
}
