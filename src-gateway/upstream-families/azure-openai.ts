import { openAiFamily } from './openai.ts';
import type { UpstreamFamily } from './upstream-family.ts';

/**
 * Azure OpenAI's v1 API: OpenAI's paths below the resource's URL, the key in
 * `api-key` (https://learn.microsoft.com/azure/ai-foundry/openai/reference#authentication).
 * Chosen by the `azure-openai` preset on an `openai`-protocol provider.
 */
export const azureOpenAiFamily = {
  defaultBaseUrl: 'https://{resource}.openai.azure.com/openai/v1',
  keyHeader: 'api-key',
  keyPrefix: '',
  headers: {},
  paths: openAiFamily.paths,
} as const satisfies UpstreamFamily;
