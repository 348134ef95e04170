/**
 * Builders for Responses output items and parts, shared by the non-stream encoder and
 * the stream encoder so `output_item.done` and `response.completed` carry identical items.
 */

export type ItemStatus = 'in_progress' | 'completed';

/** A gateway-minted item id, e.g. `msg_<requestId>_1`: stable within one response. */
export function gatewayItemId(
  prefix: 'msg' | 'rs' | 'fc' | 'ctc',
  requestId: string,
  outputIndex: number,
): string {
  return `${prefix}_${requestId}_${outputIndex}`;
}

export function outputTextPart(text: string): Record<string, unknown> {
  return { type: 'output_text', text, annotations: [], logprobs: [] };
}

export function messageItem(id: string, text: string | null, status: ItemStatus): Record<string, unknown> {
  return {
    id,
    type: 'message',
    status,
    role: 'assistant',
    content: text === null ? [] : [outputTextPart(text)],
  };
}

export function summaryPart(text: string): Record<string, unknown> {
  return { type: 'summary_text', text };
}

/** `summary` is empty when the reasoning carried no visible text (Codex often sends only `encrypted_content`). */
export function reasoningItem(id: string, text: string, encryptedContent?: string): Record<string, unknown> {
  const item: Record<string, unknown> = {
    id,
    type: 'reasoning',
    summary: text === '' ? [] : [summaryPart(text)],
  };
  if (encryptedContent !== undefined) item['encrypted_content'] = encryptedContent;
  return item;
}

export function functionCallItem(
  id: string,
  callId: string,
  name: string,
  argumentsText: string,
  status: ItemStatus,
): Record<string, unknown> {
  return { id, type: 'function_call', status, call_id: callId, name, arguments: argumentsText };
}

export function customToolCallItem(
  id: string,
  callId: string,
  name: string,
  input: string,
  status: ItemStatus,
): Record<string, unknown> {
  return { id, type: 'custom_tool_call', status, call_id: callId, name, input };
}
