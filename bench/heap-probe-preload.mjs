/**
 * Loaded with `node --expose-gc --import` ahead of the gateway bundle by `npm run bench:leak` only:
 * on SIGUSR2 it runs two full collections and writes one JSON line to the file named by
 * `HEAP_PROBE_FILE`: resident memory, the JavaScript heap left alive, memory held outside it, and
 * each heap space's live size. What survives a full collection is what the process keeps; RSS
 * alone also moves with the heap's sawtooth and the allocator's free lists.
 */
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.HEAP_PROBE_FILE;
process.on('SIGUSR2', () => {
  if (!file || typeof globalThis.gc !== 'function') return;
  globalThis.gc();
  globalThis.gc();
  const memory = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map((space) => [space.space_name, space.space_used_size]),
  );
  appendFileSync(
    file,
    `${JSON.stringify({ rss: memory.rss, heapUsed: memory.heapUsed, external: memory.external, spaces })}\n`,
  );
});
