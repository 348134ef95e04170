import { estimateRequestTokens } from '../canonical/estimate-tokens.ts';
import type { InboundCodec } from '../protocols/types.ts';
import { sendLocalAnswer } from './respond.ts';
import type { LocalOperation } from './v1-operation.ts';

/**
 * `POST /v1/messages/count_tokens` (Claude Code calls it, also with `?beta=true`):
 * the body is checked as a Messages request and its input tokens estimated
 * locally (tools, tool_use/tool_result and thinking blocks included), so it
 * costs nothing upstream. Logged as `count-tokens` with the model asked for and no usage.
 */
export function createCountTokensOperation(anthropic: InboundCodec): LocalOperation {
  return {
    kind: 'local',
    logAs: 'count-tokens',
    readsBody: true,
    errorCodec: () => anthropic,
    answer(exchange, body, _request, response) {
      if (typeof body?.model === 'string') exchange.requestedModel = body.model;
      // count_tokens has no `max_tokens`; the Messages decoder requires one.
      const canonical = anthropic.decodeRequest({ max_tokens: 1, ...body });
      sendLocalAnswer(response, exchange, { input_tokens: estimateRequestTokens(canonical) });
    },
  };
}
