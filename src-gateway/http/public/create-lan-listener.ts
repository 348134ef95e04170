import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../lib/logger.ts';
import { createGuardedServer, type ConnectionLimits } from '../create-guarded-server.ts';

export interface LanListener {
  /** Follow `lanStatus`: open, close or move the listener. Failures (port taken) are logged, not thrown. */
  apply(settings: { enabled: boolean; port: number }): Promise<void>;
  /** Where it listens, e.g. `http://127.0.0.1:3001` (for the local user); undefined when closed. */
  url(): string | undefined;
  close(): Promise<void>;
}

/**
 * The LAN status listener: a separate server, off by default, bound to
 * `0.0.0.0` (all interfaces) on its own port, serving only the LAN app.
 */
export function createLanListener(options: {
  app: RequestListener;
  logger: Logger;
  host?: string;
  /** Header timeout and connection caps, as on the main listener (keep-alive is shorter here). */
  connectionLimits?: ConnectionLimits;
}): LanListener {
  const host = options.host ?? '0.0.0.0';
  let server: Server | undefined;
  let port: number | undefined;

  async function close(): Promise<void> {
    const running = server;
    server = undefined;
    port = undefined;
    if (!running) return;
    const closed = new Promise<void>((resolve) => running.close(() => resolve()));
    running.closeAllConnections();
    await closed;
  }

  async function open(wanted: number): Promise<void> {
    const candidate = createGuardedServer(options.app, {
      keepAliveTimeoutMs: 5000,
      ...options.connectionLimits,
    });
    await new Promise<void>((resolve, reject) => {
      candidate.once('error', reject);
      candidate.listen(wanted, host, () => resolve());
    });
    server = candidate;
    port = (candidate.address() as AddressInfo).port;
    options.logger.info({ host, port }, 'LAN status listener open');
  }

  return {
    async apply(settings) {
      if (!settings.enabled) return close();
      if (server && port === settings.port) return;
      await close();
      try {
        await open(settings.port);
      } catch (error) {
        // A port in use is an expected condition: one line saying what to do; anything else is a bug.
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
          options.logger.warn(
            `The LAN status page could not open: port ${settings.port} is in use. Choose another port (settings lanStatus.port).`,
          );
        else options.logger.error({ err: error, port: settings.port }, 'LAN status listener could not open');
      }
    },
    url() {
      if (port === undefined) return undefined;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      return `http://${shown}:${port}`;
    },
    close,
  };
}
