import type { Dispatcher } from 'undici';
import type { EnvironmentProxy } from '../upstream/create-dispatcher-pool.ts';
import type { CatalogFetch } from './download-catalog.ts';

/**
 * The catalog's own HTTP client: undici fetch over the environment proxy when
 * one is configured (like upstream calls), else a direct connection.
 */
export function createCatalogFetch(environmentProxy: EnvironmentProxy = {}): {
  fetch: CatalogFetch;
  close(): Promise<void>;
} {
  const useProxy = Boolean(environmentProxy.httpProxy || environmentProxy.httpsProxy);
  let dispatcher: Dispatcher | undefined;
  return {
    fetch: async (url, init) => {
      // Imported at the first download, not at start (create-dispatcher-pool.ts says why).
      const { Agent, EnvHttpProxyAgent, fetch } = await import('undici');
      dispatcher ??= useProxy
        ? new EnvHttpProxyAgent({ ...environmentProxy, connect: { timeout: 10_000 } })
        : new Agent({ connect: { timeout: 10_000 } });
      const response = await fetch(url, { ...init, dispatcher });
      return response as unknown as Awaited<ReturnType<CatalogFetch>>;
    },
    async close() {
      await dispatcher?.close();
    },
  };
}
