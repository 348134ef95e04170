import { z } from 'zod';
import { emptyUsage, mergeUsage, type CanonicalResponse } from '../../canonical/types.ts';
import { GatewayError } from '../../lib/errors.ts';
import { randomId } from '../../lib/ids.ts';
import { decodeChatUsage } from './decode-chat-usage.ts';
import { mapChatFinishReason } from './map-chat-finish-reason.ts';

const responseToolCall = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
  custom: z.looseObject({ name: z.string().nullish(), input: z.string().nullish() }).nullish(),
});

const contentPart = z.looseObject({ type: z.string().optional(), text: z.string().optional() });

/** Deliberately lenient: vendors differ in optional fields, but a choice with a message is required. */
const chatResponseSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  choices: z
    .array(
      z.looseObject({
        message: z.looseObject({
          content: z.union([z.string(), z.array(contentPart)]).nullish(),
          refusal: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          reasoning: z.string().nullish(),
          tool_calls: z.array(responseToolCall).nullish(),
          function_call: z.looseObject({ name: z.string(), arguments: z.string().nullish() }).nullish(),
        }),
        finish_reason: z.string().nullish(),
        /** vLLM names the matched stop string here. */
        stop_reason: z.unknown().optional(),
      }),
    )
    .min(1),
  usage: z.unknown().optional(),
});

function badResponse(message: string): GatewayError {
  return new GatewayError({
    status: 502,
    kind: 'upstream',
    code: 'bad_upstream_response',
    message: `Upstream returned an invalid chat completion: ${message}`,
    retryable: true,
  });
}

/** Some vendors answer HTTP 200 with `{error:{message}}` instead of a completion. */
function readEmbeddedError(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('error' in body)) return undefined;
  const error = (body as { error: unknown }).error;
  if (typeof error === 'string') return error;
  if (
    error !== null &&
    typeof error === 'object' &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as { message: string }).message;
  }
  return error === null || error === undefined ? undefined : JSON.stringify(error).slice(0, 500);
}

/** An upstream's non-stream chat completion to a canonical response; throws 502 when it is not one. */
export function decodeChatResponse(body: unknown): CanonicalResponse {
  const upstreamError = readEmbeddedError(body);
  if (upstreamError !== undefined) throw badResponse(`error in a success response: ${upstreamError}`);
  const parsed = chatResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw badResponse(`${where}${issue?.message ?? 'unexpected shape'}`);
  }
  const data = parsed.data;
  const choice = data.choices[0]!;
  const message = choice.message;
  const content: CanonicalResponse['content'] = [];

  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning, origin: 'openai-chat' });
  const text =
    typeof message.content === 'string'
      ? message.content
      : (message.content ?? []).map((part) => part.text ?? '').join('');
  if (text !== '') content.push({ type: 'text', text });
  else if (message.refusal) content.push({ type: 'text', text: message.refusal });

  for (const call of message.tool_calls ?? []) {
    const id = call.id || randomId('call_');
    if (call.type === 'custom' || (call.custom && !call.function)) {
      content.push({
        type: 'tool_call',
        id,
        name: call.custom?.name ?? '',
        arguments: call.custom?.input ?? '',
        custom: true,
      });
    } else {
      content.push({
        type: 'tool_call',
        id,
        name: call.function?.name ?? '',
        arguments: call.function?.arguments ?? '',
      });
    }
  }
  if (message.function_call) {
    const { name, arguments: callArguments } = message.function_call;
    content.push({ type: 'tool_call', id: randomId('call_'), name, arguments: callArguments ?? '' });
  }

  const hasToolCall = content.some((block) => block.type === 'tool_call');
  const response: CanonicalResponse = {
    id: data.id || randomId('chatcmpl-'),
    model: data.model ?? '',
    content,
    stopReason: hasToolCall ? 'tool_use' : mapChatFinishReason(choice.finish_reason),
    usage: mergeUsage(emptyUsage(), decodeChatUsage(data.usage)),
  };
  if (!hasToolCall && choice.finish_reason === 'stop' && typeof choice.stop_reason === 'string') {
    response.stopReason = 'stop_sequence';
    response.stopSequence = choice.stop_reason;
  }
  return response;
}
