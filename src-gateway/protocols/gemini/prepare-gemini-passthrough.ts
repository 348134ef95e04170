import { geminiDefaultApiVersion, geminiFamily } from '../../upstream-families/index.ts';
import type { UpstreamTarget } from '../types.ts';
import { requiresThoughtSignatures, skipSignatureSentinel } from './gemini-thought-signatures.ts';
import { restoreGeminiReasoning } from './restore-gemini-reasoning.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Gemini client to Gemini upstream: the client's body goes as it is (safety
 * settings, cached content, built-in tools and all); only the path changes, to
 * the target's model and API version, streams always as SSE. One surgical
 * edit: Gemini 3 rejects a replayed function call without its
 * `thoughtSignature`, which a conversation begun on another target never got,
 * so a model turn whose calls carry none gets Google's documented sentinel on
 * its first call (as the translated path does, convert-to-gemini-contents.ts).
 * Before that, the gateway's reasoning envelopes an earlier turn on another
 * family left in the body are taken out (restore-gemini-reasoning.ts).
 * The client's objects are never mutated.
 */
export function prepareGeminiPassthrough(
  clientBody: Json,
  target: UpstreamTarget,
  stream: boolean,
): { path: string; body: Json } {
  const body = restoreGeminiReasoning(clientBody);
  const version = target.quirks?.geminiApiVersion ?? geminiDefaultApiVersion;
  const model = target.upstreamModel.replace(/^models\//, '');
  const path = stream
    ? geminiFamily.paths.streamGenerateContent(version, model)
    : geminiFamily.paths.generateContent(version, model);
  if (!requiresThoughtSignatures(model) || !Array.isArray(body.contents)) return { path, body };
  let contents: unknown[] | undefined;
  body.contents.forEach((content: unknown, index) => {
    if (!isObject(content) || content.role !== 'model' || !Array.isArray(content.parts)) return;
    const parts = content.parts as unknown[];
    const calls = parts.flatMap((part, partIndex) =>
      isObject(part) && part.functionCall !== undefined ? [partIndex] : [],
    );
    if (calls.length === 0 || calls.some((partIndex) => (parts[partIndex] as Json).thoughtSignature)) return;
    const first = calls[0]!;
    const edited = parts.slice();
    edited[first] = { ...(parts[first] as Json), thoughtSignature: skipSignatureSentinel };
    contents ??= (body.contents as unknown[]).slice();
    contents[index] = { ...content, parts: edited };
  });
  return { path, body: contents ? { ...body, contents } : body };
}
