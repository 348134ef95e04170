import type { UpstreamFamily } from './upstream-family.ts';

/**
 * OpenAI and every OpenAI-compatible vendor: the base URL includes the version
 * segment (`https://api.openai.com/v1`), the key is a Bearer token
 * (https://platform.openai.com/docs/api-reference/authentication).
 */
export const openAiFamily = {
  defaultBaseUrl: 'https://api.openai.com/v1',
  keyHeader: 'authorization',
  keyPrefix: 'Bearer ',
  headers: {},
  paths: {
    chat: '/chat/completions',
    responses: '/responses',
    embeddings: '/embeddings',
    models: '/models',
  },
} as const satisfies UpstreamFamily;
