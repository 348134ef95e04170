import { Agent, EnvHttpProxyAgent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { socksDispatcher } from 'fetch-socks';
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
 * Pooled keep-alive connections, one dispatcher per distinct egress
 * (direct, an HTTP(S) proxy, a SOCKS proxy) and connect timeout. A provider's
 * config change does not drop the pool unless its egress changed.
 */
/**
 * Options that bound reaching an HTTP(S) proxy by the connect timeout: the TCP
 * (and TLS) connection to the proxy, the proxy's answer to `CONNECT`, and the
 * TLS handshake through the tunnel. undici's `connect` option covers none of
 * these for a proxy, so a proxy that accepts and then hangs would hold the
 * request until the total deadline.
 */
function proxyConnectOptions(timeout: number) {
  return {
    proxyTls: { timeout },
    requestTls: { timeout },
    clientFactory: (origin: URL, options: object): Dispatcher =>
      new Pool(origin, { ...options, headersTimeout: timeout }),
  };
}

export function createDispatcherPool(options: { environmentProxy?: EnvironmentProxy } = {}): DispatcherPool {
  const dispatchers = new Map<string, Dispatcher>();
  const environmentProxy = options.environmentProxy ?? {};
  const useEnvironmentProxy = Boolean(environmentProxy.httpProxy || environmentProxy.httpsProxy);

  function create(provider: ProviderRuntime): Dispatcher {
    const connect = { timeout: provider.timeouts.connectMs };
    const proxyUrl = provider.proxyUrl;
    if (proxyUrl) {
      const url = new URL(proxyUrl);
      if (url.protocol.startsWith('socks')) {
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
      return new ProxyAgent({
        uri: proxyUrl,
        ...keepAlive,
        connect,
        ...proxyConnectOptions(connect.timeout),
      });
    }
    if (useEnvironmentProxy) {
      return new EnvHttpProxyAgent({
        ...environmentProxy,
        ...keepAlive,
        connect,
        ...proxyConnectOptions(connect.timeout),
      });
    }
    // No cap on sockets per origin: each in-flight request holds one (HTTP/1.1), and a cap queues the
    // rest behind whole streams (with 256, the 257th stream waited minutes for its first byte). The
    // listener's MAX_CONNECTIONS already bounds how many requests can be in flight.
    return new Agent({ ...keepAlive, connect });
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
    async close() {
      const all = [...dispatchers.values()];
      dispatchers.clear();
      await Promise.allSettled(all.map((dispatcher) => dispatcher.close()));
    },
  };
}
