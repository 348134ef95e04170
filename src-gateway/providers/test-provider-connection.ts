import type { ProviderTestResult } from '../../src-shared/schemas/provider-test-result.ts';
import { AdminError, notFound } from '../lib/admin-error.ts';
import type { DispatcherPool, ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { listUpstreamModels } from './list-upstream-models.ts';

export interface ProviderConnectionTester {
  /** 404 for an unknown provider; an unreachable or refusing upstream is `ok: false`, not an error. */
  testConnection(providerId: string): Promise<ProviderTestResult>;
}

/**
 * "Test connection" on the providers page: the cheapest call that proves the base URL, the key and
 * the proxy all work is the model list (the same request "import models" makes, nothing created).
 * The upstream's failure message is already scrubbed of the provider's keys by listUpstreamModels.
 */
export function createProviderConnectionTester(dependencies: {
  dispatchers: DispatcherPool;
  /** The provider as the hot path sees it (decrypted keys, merged timeouts, proxy). */
  getProvider(id: string): ProviderRuntime | undefined;
  now?: () => number;
}): ProviderConnectionTester {
  const now = dependencies.now ?? (() => performance.now());
  return {
    async testConnection(providerId) {
      const provider = dependencies.getProvider(providerId);
      if (!provider) throw notFound('provider', providerId);
      const started = now();
      const elapsed = () => Math.max(0, Math.round(now() - started));
      try {
        const ids = await listUpstreamModels(provider, await dependencies.dispatchers.get(provider));
        return { ok: true, latencyMs: elapsed(), modelCount: ids.length };
      } catch (error) {
        if (error instanceof AdminError && error.status === 502)
          return { ok: false, latencyMs: elapsed(), message: error.message };
        throw error;
      }
    },
  };
}
