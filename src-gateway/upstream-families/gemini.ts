import type { UpstreamFamily } from './upstream-family.ts';

/** The API version in Gemini paths unless the provider's `geminiApiVersion` quirk names another. */
export const geminiDefaultApiVersion = 'v1beta';

/**
 * Google Gemini (the Generative Language API): the base URL has no version
 * segment, each path starts with the API version; the key goes in `x-goog-api-key`
 * (https://ai.google.dev/api#authentication).
 */
export const geminiFamily = {
  defaultBaseUrl: 'https://generativelanguage.googleapis.com',
  keyHeader: 'x-goog-api-key',
  keyPrefix: '',
  headers: {},
  paths: {
    generateContent: (version: string, model: string) => `/${version}/models/${model}:generateContent`,
    streamGenerateContent: (version: string, model: string) =>
      `/${version}/models/${model}:streamGenerateContent?alt=sse`,
    models: (version: string) => `/${version}/models`,
  },
} as const satisfies UpstreamFamily;
