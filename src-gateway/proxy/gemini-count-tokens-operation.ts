import { estimateRequestTokens } from '../canonical/estimate-tokens.ts';
import type { InboundCodec } from '../protocols/types.ts';
import { sendLocalAnswer } from './respond.ts';
import type { LocalOperation } from './v1-operation.ts';

/**
 * `POST /{v1beta|v1}/models/{model}:countTokens`: the body (`{contents, ...}`
 * or a whole `{generateContentRequest}`, both as `@google/genai` sends them) is
 * checked as a Gemini request and its input tokens estimated locally, like
 * Anthropic's count_tokens: nothing goes upstream, nothing is admitted. Logged
 * as `count-tokens` with the model from the path.
 */
export function createGeminiCountTokensOperation(gemini: InboundCodec): LocalOperation {
  return {
    kind: 'local',
    logAs: 'count-tokens',
    readsBody: true,
    acceptsQueryKey: true,
    errorCodec: () => gemini,
    answer(exchange, body, request, response) {
      const target = gemini.readTarget?.(request.url ?? '');
      if (target) exchange.requestedModel = target.model;
      const inner = body?.generateContentRequest;
      const generateRequest = inner !== null && typeof inner === 'object' ? inner : (body ?? {});
      const canonical = gemini.decodeRequest(generateRequest);
      sendLocalAnswer(response, exchange, { totalTokens: estimateRequestTokens(canonical) });
    },
  };
}
