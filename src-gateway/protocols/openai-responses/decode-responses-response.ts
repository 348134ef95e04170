import { z } from 'zod';
import type { CanonicalResponse, ReasoningBlock, StopReason } from '../../canonical/types.ts';
import { emptyUsage, mergeUsage } from '../../canonical/types.ts';
import { GatewayError } from '../../lib/errors.ts';
import { statusForResponsesCode } from './responses-failure-code.ts';
import { decodeResponsesUsage } from './responses-usage.ts';

const partSchema = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  refusal: z.string().optional(),
});

const itemSchema = z.looseObject({
  type: z.string(),
  id: z.string().nullish(),
  call_id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.string().nullish(),
  input: z.string().nullish(),
  content: z.array(partSchema).nullish(),
  summary: z.array(partSchema).nullish(),
  encrypted_content: z.string().nullish(),
});

const responseSchema = z.looseObject({
  id: z.string(),
  model: z.string().nullish(),
  status: z.string().nullish(),
  output: z.array(itemSchema),
  usage: z.unknown().optional(),
  incomplete_details: z.looseObject({ reason: z.string().nullish() }).nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

type Part = z.infer<typeof partSchema>;

const joinParts = (parts: Part[] | null | undefined, types: string[], separator: string): string =>
  (parts ?? [])
    .filter((part) => types.includes(part.type))
    .map((part) => part.text ?? part.refusal ?? '')
    .join(separator);

/**
 * An upstream's non-stream Responses object -> canonical. A `failed` response
 * becomes the GatewayError it reports; anything that is not a response object is a 502.
 */
export function decodeResponsesResponse(body: unknown): CanonicalResponse {
  const parsed = responseSchema.safeParse(body);
  if (!parsed.success) {
    throw new GatewayError({
      status: 502,
      kind: 'upstream',
      code: 'bad_upstream_response',
      message: 'The upstream answered with something that is not a Responses object',
      retryable: true,
    });
  }
  const response = parsed.data;
  if (response.status === 'failed') {
    const code = response.error?.code ?? 'upstream_error';
    const status = statusForResponsesCode(code);
    throw new GatewayError({
      status,
      kind: status === 429 ? 'rate_limit' : status === 400 ? 'invalid_request' : 'upstream',
      code,
      message: response.error?.message ?? 'The upstream reported a failed response',
      retryable: status === 429 || status >= 500,
    });
  }

  const content: CanonicalResponse['content'] = [];
  let hasToolCall = false;
  for (const item of response.output) {
    if (item.type === 'message') {
      const text = joinParts(item.content, ['output_text', 'refusal'], '');
      if (text !== '') content.push({ type: 'text', text });
    } else if (item.type === 'reasoning') {
      const summary = joinParts(item.summary, ['summary_text'], '\n\n');
      const block: ReasoningBlock = {
        type: 'reasoning',
        text: summary !== '' ? summary : joinParts(item.content, ['reasoning_text'], '\n\n'),
        origin: 'openai',
      };
      if (item.encrypted_content) block.encryptedContent = item.encrypted_content;
      if (item.id) block.itemId = item.id;
      if (block.text !== '' || block.encryptedContent !== undefined) content.push(block);
    } else if (item.type === 'function_call' || item.type === 'custom_tool_call') {
      hasToolCall = true;
      const custom = item.type === 'custom_tool_call';
      content.push({
        type: 'tool_call',
        id: item.call_id ?? item.id ?? `call_${content.length}`,
        name: item.name ?? '',
        arguments: (custom ? item.input : item.arguments) ?? '',
        ...(custom ? { custom: true } : {}),
      });
    }
  }

  let stopReason: StopReason = 'end_turn';
  if (hasToolCall) stopReason = 'tool_use';
  else if (response.status === 'incomplete') {
    stopReason = response.incomplete_details?.reason === 'content_filter' ? 'content_filter' : 'max_tokens';
  }
  return {
    id: response.id,
    model: response.model ?? '',
    content,
    stopReason,
    usage: mergeUsage(emptyUsage(), decodeResponsesUsage(response.usage) ?? {}),
  };
}
