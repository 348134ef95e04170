/**
 * What a client gets out of a stream, independent of ids, timestamps and
 * chunking: text, reasoning, tool calls (name + parsed arguments), stop reason
 * and usage. Two streams with equal content tell a user the same thing.
 */
import { parseSseText } from '../../support/stream-validators.ts';

export interface StreamContent {
  text: string;
  reasoning: string;
  tools: Array<{ name: string; arguments: unknown }>;
  stop?: string;
  usage?: unknown;
  errors: number;
}

/** Inbound protocol names as the gateway routes them. */
export type ClientProtocol = 'chat' | 'responses' | 'messages';

function frames(text: string): Array<Record<string, any>> {
  return parseSseText(text)
    .filter((event) => event.data !== '[DONE]')
    .map((event) => JSON.parse(event.data) as Record<string, any>);
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { unparsable: text };
  }
}

/** Read the content out of a raw SSE stream in `protocol`'s grammar. */
export function streamContent(protocol: ClientProtocol, text: string): StreamContent {
  const content: StreamContent = { text: '', reasoning: '', tools: [], errors: 0 };
  const pending: Array<{ name: string; arguments: string }> = [];
  for (const frame of frames(text)) {
    if (frame.error !== undefined || frame.type === 'error') content.errors++;
    if (protocol === 'chat') {
      const choice = frame.choices?.[0];
      if (frame.usage) content.usage = frame.usage;
      if (!choice) continue;
      content.text += choice.delta?.content ?? '';
      content.reasoning += choice.delta?.reasoning_content ?? '';
      for (const call of choice.delta?.tool_calls ?? []) {
        pending[call.index] ??= { name: '', arguments: '' };
        pending[call.index]!.name += call.function?.name ?? '';
        pending[call.index]!.arguments += call.function?.arguments ?? '';
      }
      if (choice.finish_reason) content.stop = choice.finish_reason;
    } else if (protocol === 'responses') {
      if (frame.type === 'response.output_text.delta') content.text += frame.delta;
      if (frame.type === 'response.reasoning_summary_text.delta' || frame.type === 'response.reasoning_text.delta')
        content.reasoning += frame.delta;
      if (frame.type === 'response.output_item.added' && frame.item.type === 'function_call')
        pending.push({ name: frame.item.name, arguments: '' });
      if (frame.type === 'response.function_call_arguments.delta') pending.at(-1)!.arguments += frame.delta;
      if (frame.type === 'response.completed' || frame.type === 'response.incomplete' || frame.type === 'response.failed') {
        content.stop = frame.response.status;
        content.usage = frame.response.usage;
      }
    } else {
      if (frame.type === 'message_start') content.usage = { ...frame.message.usage };
      if (frame.type === 'content_block_start' && frame.content_block.type === 'tool_use')
        pending[frame.index] = { name: frame.content_block.name, arguments: '' };
      if (frame.type === 'content_block_delta') {
        const delta = frame.delta;
        if (delta.type === 'text_delta') content.text += delta.text;
        if (delta.type === 'thinking_delta') content.reasoning += delta.thinking;
        if (delta.type === 'input_json_delta') pending[frame.index]!.arguments += delta.partial_json;
      }
      if (frame.type === 'message_delta') {
        content.stop = frame.delta.stop_reason;
        content.usage = { ...(content.usage as object), ...frame.usage };
      }
    }
  }
  content.tools = pending
    .filter((call) => call !== undefined)
    .map((call) => ({ name: call.name, arguments: parseArguments(call.arguments) }));
  return content;
}
