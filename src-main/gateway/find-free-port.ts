import { createServer } from 'node:net';

/** Whether `port` on `host` can be listened on right now. */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The first port after `from` that is free on `host` (up to `attempts` tried), for the "port in
 * use" dialog. Undefined when none is; the caller then offers nothing rather than a guess.
 */
export async function findFreePort(options: {
  host: string;
  from: number;
  attempts?: number;
}): Promise<number | undefined> {
  const attempts = options.attempts ?? 50;
  for (let port = options.from + 1; port <= Math.min(65535, options.from + attempts); port++) {
    if (await isPortFree(options.host, port)) return port;
  }
  return undefined;
}
