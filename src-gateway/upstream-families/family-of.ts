import type { ProviderProtocol } from '../../src-shared/schemas/provider.ts';
import { anthropicFamily } from './anthropic.ts';
import { azureOpenAiFamily } from './azure-openai.ts';
import { geminiFamily } from './gemini.ts';
import { openAiFamily } from './openai.ts';
import type { UpstreamFamily } from './upstream-family.ts';

/** The family a provider's requests follow: its protocol, and for `openai` its preset (Azure's key header). */
export function familyOf(provider: { protocol: ProviderProtocol; preset?: string }): UpstreamFamily {
  switch (provider.protocol) {
    case 'anthropic':
      return anthropicFamily;
    case 'gemini':
      return geminiFamily;
    default:
      return provider.preset === 'azure-openai' ? azureOpenAiFamily : openAiFamily;
  }
}
