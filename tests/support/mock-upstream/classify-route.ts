import type { MockFamily } from './mock-reply.ts';

export type ModelListShape = 'openai' | 'anthropic' | 'gemini';

/** What a request path asks the mock for. */
export type MockRoute =
  | { endpoint: 'generate'; family: MockFamily; model: string; stream: boolean; sse: boolean }
  | { endpoint: 'count-tokens'; family: 'anthropic' | 'gemini' }
  | { endpoint: 'models'; shape: ModelListShape; id?: string }
  | { endpoint: 'embeddings' }
  | { endpoint: 'unknown' };

const geminiGenerate =
  /\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** Gemini when the path or key says so; Anthropic when its headers say so; OpenAI otherwise. */
function listShape(
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
): ModelListShape {
  if (
    /\/(v1beta|v1alpha)\/models/.test(path) ||
    headers['x-goog-api-key'] !== undefined ||
    query.key !== undefined
  )
    return 'gemini';
  if (headers['anthropic-version'] !== undefined || headers['x-api-key'] !== undefined) return 'anthropic';
  return 'openai';
}

/** Map a request onto the real API paths of the four families (prefixes before `/v1` are tolerated). */
export function classifyRoute(
  method: string,
  path: string,
  query: Record<string, string>,
  headers: Record<string, string>,
  body: Record<string, unknown> | undefined,
): MockRoute {
  const model = typeof body?.model === 'string' ? body.model : 'mock-model';
  const stream = body?.stream === true;
  if (method === 'POST') {
    const gemini = geminiGenerate.exec(path);
    if (gemini) {
      if (gemini[3] === 'countTokens') return { endpoint: 'count-tokens', family: 'gemini' };
      const streaming = gemini[3] === 'streamGenerateContent';
      return {
        endpoint: 'generate',
        family: 'gemini',
        model: decodeURIComponent(gemini[2]!),
        stream: streaming,
        sse: streaming && query.alt === 'sse',
      };
    }
    if (path.endsWith('/chat/completions'))
      return { endpoint: 'generate', family: 'openai-chat', model, stream, sse: stream };
    if (path.endsWith('/responses'))
      return { endpoint: 'generate', family: 'openai-responses', model, stream, sse: stream };
    if (path.endsWith('/messages/count_tokens')) return { endpoint: 'count-tokens', family: 'anthropic' };
    if (path.endsWith('/messages'))
      return { endpoint: 'generate', family: 'anthropic', model, stream, sse: stream };
    if (path.endsWith('/embeddings')) return { endpoint: 'embeddings' };
  }
  if (method === 'GET') {
    if (path.endsWith('/models')) return { endpoint: 'models', shape: listShape(path, query, headers) };
    const single = /\/models\/([^/]+)$/.exec(path);
    if (single)
      return {
        endpoint: 'models',
        shape: listShape(path, query, headers),
        id: decodeURIComponent(single[1]!),
      };
  }
  return { endpoint: 'unknown' };
}
