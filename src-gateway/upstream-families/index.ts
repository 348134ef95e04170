export type { KeyHeader, UpstreamFamily } from './upstream-family.ts';
export { openAiFamily } from './openai.ts';
export { azureOpenAiFamily } from './azure-openai.ts';
export { anthropicFamily, anthropicApiVersion } from './anthropic.ts';
export { geminiFamily, geminiDefaultApiVersion } from './gemini.ts';
export { familyOf } from './family-of.ts';
export { authHeaders } from './auth-headers.ts';
