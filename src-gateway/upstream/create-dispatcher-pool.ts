import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import type { DispatcherPool, ProviderRuntime } from '../config-snapshot/snapshot.ts';

/** Proxy settings read from the environment by the composition root (`HTTPS_PROXY`, `NO_PROXY`, ...). */
export interface EnvironmentProxy {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

const keepAlive = {
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  // Upstream calls are long-lived streams; undici's own timeouts are set per request.
  headersTimeout: 0,
  bodyTimeout: 0,
};

/**
 * Options that bound reaching an HTTP(S) proxy by the connect timeout: the TCP
 * (and TLS) connection to the proxy, the proxy's answer to `CONNECT`, and the
 * TLS handshake through the tunnel. undici's `connect` option covers none of
 * these for a proxy, so a proxy that accepts and then hangs would hold the
 * request until the total deadline.
 */
function proxyConnectOptions(undici: typeof Undici, timeout: number) {
  return {
    proxyTls: { timeout },
    requestTls: { timeout },
    clientFactory: (origin: URL, options: object): Dispatcher =>
      new undici.Pool(origin, { ...options, headersTimeout: timeout }),
  };
}

/**
 * Pooled keep-alive connections, one dispatcher per distinct egress
 * (direct, an HTTP(S) proxy, a SOCKS proxy) and connect timeout. A provider's
 * config change does not drop the pool unless its egress changed.
 *
 * undici (and fetch-socks over it) are imported when the first dispatcher is made, not at start:
 * evaluating them took ~50 ms of the gateway's start-up (docs/performance.md, "Start-up"). In the
 * bundle the dynamic import stays inside the one file and only defers evaluating the package.
 * `preload` starts it early (the gateway does once it listens), so the first request usually finds
 * it loaded.
 */
export function createDispatcherPool(options: { environmentProxy?: EnvironmentProxy } = {}): DispatcherPool {
  // Promises, one per egress, settled once: every request after the first awaits a settled one.
  const dispatchers = new Map<string, Promise<Dispatcher>>();
  const environmentProxy = options.environmentProxy ?? {};
  const useEnvironmentProxy = Boolean(environmentProxy.httpProxy || environmentProxy.httpsProxy);

  async function create(provider: ProviderRuntime): Promise<Dispatcher> {
    const undici = await import('undici');
    const connect = { timeout: provider.timeouts.connectMs };
    const proxyUrl = provider.proxyUrl;
    if (proxyUrl) {
      const url = new URL(proxyUrl);
      if (url.protocol.startsWith('socks')) {
        const { socksDispatcher } = await import('fetch-socks');
        return socksDispatcher(
          {
            type: url.protocol.startsWith('socks4') ? 4 : 5,
            host: url.hostname,
            port: Number(url.port || 1080),
            userId: url.username ? decodeURIComponent(url.username) : undefined,
            password: url.password ? decodeURIComponent(url.password) : undefined,
          },
          { ...keepAlive, connect },
        );
      }
      return new undici.ProxyAgent({
        uri: proxyUrl,
        ...keepAlive,
        connect,
        ...proxyConnectOptions(undici, connect.timeout),
      });
    }
    if (useEnvironmentProxy) {
      return new undici.EnvHttpProxyAgent({
        ...environmentProxy,
        ...keepAlive,
        connect,
        ...proxyConnectOptions(undici, connect.timeout),
      });
    }
    // No cap on sockets per origin: each in-flight request holds one (HTTP/1.1), and a cap queues the
    // rest behind whole streams (with 256, the 257th stream waited minutes for its first byte). The
    // listener's MAX_CONNECTIONS already bounds how many requests can be in flight.
    return new undici.Agent({ ...keepAlive, connect });
  }

  return {
    get(provider) {
      const key = `${provider.proxyUrl ?? ''}|${provider.timeouts.connectMs}`;
      let dispatcher = dispatchers.get(key);
      if (!dispatcher) {
        dispatcher = create(provider);
        dispatchers.set(key, dispatcher);
      }
      return dispatcher;
    },
    preload() {
      void import('undici');
    },
    async close() {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(all.map(async (dispatcher) => (await dispatcher).close()));
    },
  };
}
