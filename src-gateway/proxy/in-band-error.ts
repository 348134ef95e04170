import type { GatewayError } from '../lib/errors.ts';
import { formatSse } from '../lib/sse.ts';
import type { InboundProtocol } from '../protocols/types.ts';
import { responsesFailureCode } from '../protocols/openai-responses/responses-failure-code.ts';
import { geminiStreamErrorFrames } from '../protocols/gemini/index.ts';

/**
 * The terminal error frames for a pass-through stream that fails after bytes
 * reached the client (translated streams get theirs from the stream encoder).
 */
export function inBandErrorFrames(
  protocol: InboundProtocol,
  error: GatewayError,
  state: { responseId?: string; nextSequence: number },
): string {
  switch (protocol) {
    case 'openai-chat':
      return (
        formatSse(
          JSON.stringify({
            error: { message: error.message, type: 'server_error', param: null, code: error.code },
          }),
        ) + formatSse('[DONE]')
      );
    case 'anthropic': {
      const type =
        error.status === 529 ? 'overloaded_error' : error.kind === 'timeout' ? 'timeout_error' : 'api_error';
      return formatSse(JSON.stringify({ type: 'error', error: { type, message: error.message } }), 'error');
    }
    case 'gemini':
      return geminiStreamErrorFrames(error.status, error.code, error.message);
    case 'openai-responses': {
      const sequence = state.nextSequence;
      // Codex acts on `response.failed.response.error.code` (rate limit, context length, quota): same codes as translated streams.
      const code = responsesFailureCode(error.status, error.code, error.message);
      const errorEvent = {
        type: 'error',
        code,
        message: error.message,
        param: null,
        error: { type: 'server_error', code, message: error.message },
        sequence_number: sequence,
      };
      const failed = {
        type: 'response.failed',
        sequence_number: sequence + 1,
        response: {
          id: state.responseId ?? 'resp_failed',
          object: 'response',
          status: 'failed',
          error: { code, message: error.message },
          incomplete_details: null,
          output: [],
        },
      };
      return (
        formatSse(JSON.stringify(errorEvent), 'error') + formatSse(JSON.stringify(failed), 'response.failed')
      );
    }
  }
}
