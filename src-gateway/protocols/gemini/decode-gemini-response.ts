import { rememberThoughtSignature } from './gemini-thought-signatures.ts';
import type { CanonicalResponse, ReasoningBlock, TextBlock, ToolCallBlock } from '../../canonical/types.ts';
import { emptyUsage } from '../../canonical/types.ts';
import { GatewayError } from '../../lib/errors.ts';
import { randomId } from '../../lib/ids.ts';
import { geminiResponseSchema } from './gemini-response-schema.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';

function badResponse(message: string, code = 'invalid_upstream_response', retryable = false): GatewayError {
  return new GatewayError({ status: 502, kind: 'upstream', code, message, retryable, provider: 'gemini' });
}

/**
 * Gemini non-stream `GenerateContentResponse` -> canonical response. Only the
 * first candidate is read. Gemini usually gives function calls no id, so one
 * is synthesized (`call_…`) and the call's `thoughtSignature` is kept with it.
 */
export function decodeGeminiResponse(body: unknown): CanonicalResponse {
  const parsed = geminiResponseSchema.safeParse(Array.isArray(body) ? body[0] : body);
  if (!parsed.success) throw badResponse('Gemini upstream returned an unreadable response');
  const response = parsed.data;
  if (response.error) {
    throw new GatewayError({
      status: 502,
      kind: 'upstream',
      code: response.error.status ?? 'upstream_error',
      message: response.error.message ?? 'Gemini upstream reported an error',
      provider: 'gemini',
    });
  }

  const candidate = response.candidates?.[0];
  const content: CanonicalResponse['content'] = [];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.functionCall) {
      const call: ToolCallBlock = {
        type: 'tool_call',
        id: part.functionCall.id ?? randomId('call_'),
        name: part.functionCall.name,
        arguments: JSON.stringify(part.functionCall.args ?? {}),
      };
      if (part.thoughtSignature) call.thoughtSignature = part.thoughtSignature;
      // Clients of other protocols return only the id; the signature must come back too.
      rememberThoughtSignature(call.id, part.thoughtSignature);
      content.push(call);
    } else if (part.thought) {
      const reasoning: ReasoningBlock = { type: 'reasoning', text: part.text ?? '', origin: 'gemini' };
      if (part.thoughtSignature) reasoning.signature = part.thoughtSignature;
      content.push(reasoning);
    } else if (part.text !== undefined && part.text !== '') {
      const previous = content.at(-1);
      if (previous?.type === 'text') (previous as TextBlock).text += part.text;
      else content.push({ type: 'text', text: part.text });
    }
  }

  const hasToolCalls = content.some((block) => block.type === 'tool_call');
  let stopReason: CanonicalResponse['stopReason'];
  if (!candidate && response.promptFeedback?.blockReason) {
    stopReason = 'content_filter';
  } else {
    const finish = mapGeminiFinishReason(candidate?.finishReason, hasToolCalls);
    if (finish.kind === 'error')
      throw badResponse(candidate?.finishMessage ?? finish.message, finish.code, true);
    stopReason = finish.reason;
  }

  return {
    id: response.responseId ?? randomId('gen_'),
    model: response.modelVersion ?? '',
    content,
    stopReason,
    usage: response.usageMetadata ? mapGeminiUsage(response.usageMetadata) : emptyUsage(),
  };
}
