import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';

const openAiHost = /^https?:\/\/(?:api\.openai\.com|[a-z0-9-]+\.openai\.azure\.com)(?::\d+)?(?:\/|$)/i;

/**
 * Whether a provider is OpenAI's own API (or Azure OpenAI): its preset says so, or its
 * base URL does. Only then do OpenAI-only parameters (`prompt_cache_key`, `service_tier`)
 * go upstream; other OpenAI-compatible vendors may reject fields they do not know.
 */
export function isOpenAiPlatform(provider: ProviderRuntime): boolean {
  if (provider.protocol !== 'openai') return false;
  if (provider.preset === 'openai' || provider.preset === 'azure-openai') return true;
  return openAiHost.test(provider.baseUrl);
}
