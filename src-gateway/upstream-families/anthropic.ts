import type { UpstreamFamily } from './upstream-family.ts';

/** The Messages API version the gateway speaks upstream (https://docs.anthropic.com/en/api/versioning). */
export const anthropicApiVersion = '2023-06-01';

/** Anthropic: the base URL has no version segment; the key goes in `x-api-key`. */
export const anthropicFamily = {
  defaultBaseUrl: 'https://api.anthropic.com',
  keyHeader: 'x-api-key',
  keyPrefix: '',
  headers: { 'anthropic-version': anthropicApiVersion },
  paths: {
    messages: '/v1/messages',
    models: '/v1/models',
  },
} as const satisfies UpstreamFamily;
