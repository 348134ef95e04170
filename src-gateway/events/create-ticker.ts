/** A repeating timer that can be started and stopped many times; it never keeps the process alive. */
export interface Ticker {
  start(): void;
  stop(): void;
}

export function createTicker(intervalMs: number, tick: () => void): Ticker {
  let timer: NodeJS.Timeout | undefined;
  return {
    start() {
      if (timer) return;
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}
