import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort, isPortFree } from './find-free-port.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function occupy(port = 0): Promise<number> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

describe('the next free port', () => {
  it('skips a port in use and finds one that can be listened on', async () => {
    const taken = await occupy();
    expect(await isPortFree('127.0.0.1', taken)).toBe(false);
    const free = await findFreePort({ host: '127.0.0.1', from: taken });
    expect(free).toBeGreaterThan(taken);
    expect(await isPortFree('127.0.0.1', free!)).toBe(true);
    await occupy(free);
  });

  it('skips several taken in a row', async () => {
    const first = await occupy();
    // The two ports after it, if the system lets us have them; otherwise they are taken anyway.
    await occupy(first + 1).catch(() => undefined);
    await occupy(first + 2).catch(() => undefined);
    const free = await findFreePort({ host: '127.0.0.1', from: first });
    expect(free).toBeGreaterThan(first + 2);
  });

  it('answers undefined when none is free in the range', async () => {
    const taken = await occupy();
    expect(await findFreePort({ host: '127.0.0.1', from: taken - 1, attempts: 1 })).toBeUndefined();
  });
});
