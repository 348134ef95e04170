import type { StopReason } from '../../canonical/types.ts';
import type { EncodeContext } from '../types.ts';
import type { ResponsesUsage } from './responses-usage.ts';

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface EnvelopeFields {
  id: string;
  status: ResponseStatus;
  output: unknown[];
  usage: ResponsesUsage | null;
  incompleteDetails?: { reason: string } | null;
  error?: { code: string; message: string } | null;
}

/** Keep an upstream Responses id (`resp_…`); anything else is replaced by one derived from the request id. */
export function responseIdFor(upstreamId: string | undefined, requestId: string): string {
  return upstreamId !== undefined && upstreamId.startsWith('resp_') ? upstreamId : `resp_${requestId}`;
}

/**
 * Final status for a stop reason. A tool call never changes the status (no
 * `requires_action`, protocols.md 1.2); truncation and filtering make it `incomplete`.
 */
export function statusForStop(
  reason: StopReason | undefined,
  hasToolCall: boolean,
): { status: 'completed' | 'incomplete'; incompleteDetails: { reason: string } | null } {
  if (!hasToolCall && (reason === 'max_tokens' || reason === 'context_window_exceeded')) {
    return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  }
  if (!hasToolCall && reason === 'content_filter') {
    return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  }
  return { status: 'completed', incompleteDetails: null };
}

/**
 * The Responses `response` object. Request fields are echoed from what the client
 * sent (never from what the gateway injected: `instructions` must be the client's,
 * protocols.md 5), with the API's defaults where the client sent nothing.
 */
export function buildResponseEnvelope(
  context: EncodeContext,
  fields: EnvelopeFields,
): Record<string, unknown> {
  const body = context.clientBody ?? {};
  return {
    id: fields.id,
    object: 'response',
    created_at: context.created,
    status: fields.status,
    error: fields.error ?? null,
    incomplete_details: fields.incompleteDetails ?? null,
    instructions: body['instructions'] ?? null,
    max_output_tokens: body['max_output_tokens'] ?? null,
    model: context.model,
    output: fields.output,
    parallel_tool_calls: body['parallel_tool_calls'] ?? true,
    previous_response_id: body['previous_response_id'] ?? null,
    reasoning: body['reasoning'] ?? { effort: null, summary: null },
    store: body['store'] ?? false,
    temperature: body['temperature'] ?? 1,
    text: body['text'] ?? { format: { type: 'text' } },
    tool_choice: body['tool_choice'] ?? 'auto',
    tools: body['tools'] ?? [],
    top_p: body['top_p'] ?? 1,
    truncation: body['truncation'] ?? 'disabled',
    usage: fields.usage,
    metadata: body['metadata'] ?? {},
  };
}
