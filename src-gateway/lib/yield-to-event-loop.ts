/**
 * Let the event loop run (timers, sockets, other requests) before going on:
 * long admin work (a 10,000-model import) does it between slices so traffic
 * is never held up for the whole of it. Awaiting a resolved promise does not:
 * it runs before anything else.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
