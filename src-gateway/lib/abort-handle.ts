import { EventEmitter } from 'node:events';

/**
 * A request's abort signal: a plain EventEmitter with `aborted` and `reason`.
 * On Node 20 an AbortController per request, plus the EventTarget listeners
 * hung on it, cost a few percent of a proxied request's CPU; an emitter costs
 * a fraction of that. The reason given to `abort` is what an upstream call
 * rejects (or fails its body) with: a GatewayError stays one.
 */
export class AbortHandle extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason?: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason ?? new DOMException('This operation was aborted', 'AbortError');
    this.emit('abort');
  }
}
