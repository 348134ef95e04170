import { emptyUsage, type CanonicalResponse, type StopReason } from '../../canonical/types.ts';
import { GatewayError } from '../../lib/errors.ts';
import { anthropicMessageSchema } from './anthropic-response-schema.ts';
import { fromAnthropicUsage } from './anthropic-usage.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

/** The 502 for an upstream answer that is not an Anthropic message. */
export function badUpstreamResponse(message: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: 'upstream',
    code: 'bad_upstream_response',
    message: `Upstream returned an invalid Anthropic response: ${message}`,
    retryable: true,
  });
}

/**
 * Upstream Anthropic message -> canonical response. Server-tool blocks have no
 * canonical form and are skipped; any tool_use makes the stop reason `tool_use`.
 */
export function decodeAnthropicResponse(body: unknown): CanonicalResponse {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badUpstreamResponse(
      issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unexpected shape',
    );
  }
  const message = parsed.data;
  const content: CanonicalResponse['content'] = [];
  for (const block of message.content as Array<Record<string, unknown>>) {
    switch (block.type) {
      case 'text':
        content.push({ type: 'text', text: typeof block.text === 'string' ? block.text : '' });
        break;
      case 'thinking': {
        const signature =
          typeof block.signature === 'string' && block.signature !== '' ? block.signature : undefined;
        content.push({
          type: 'reasoning',
          text: typeof block.thinking === 'string' ? block.thinking : '',
          origin: 'anthropic',
          ...(signature === undefined ? {} : { signature }),
        });
        break;
      }
      case 'redacted_thinking':
        content.push({
          type: 'reasoning',
          text: '',
          redactedData: String(block.data ?? ''),
          origin: 'anthropic',
        });
        break;
      case 'tool_use':
        content.push({
          type: 'tool_call',
          id: String(block.id ?? ''),
          name: String(block.name ?? ''),
          arguments: JSON.stringify(block.input ?? {}),
        });
        break;
      default:
        break;
    }
  }
  const sawToolCall = content.some((block) => block.type === 'tool_call');
  let stopReason: StopReason = mapAnthropicStopReason(message.stop_reason);
  if (sawToolCall && stopReason !== 'max_tokens' && stopReason !== 'context_window_exceeded')
    stopReason = 'tool_use';
  const response: CanonicalResponse = {
    id: message.id ?? '',
    model: message.model ?? '',
    content,
    stopReason,
    usage: message.usage ? fromAnthropicUsage(message.usage) : emptyUsage(),
  };
  if (message.stop_sequence) response.stopSequence = message.stop_sequence;
  return response;
}
