import { isDeepStrictEqual } from 'node:util';
import { createSseParser } from '../../lib/sse.ts';

type Json = Record<string, unknown>;

export interface ResponsesStreamCheck {
  /** The parsed `data` objects, in order. */
  events: Json[];
  /** Grammar violations; empty when the stream is well formed. */
  violations: string[];
}

interface OpenItem {
  id: string;
  outputIndex: number;
  type: string;
  text: string;
  partOpen: boolean;
  partDone: boolean;
  sawDelta: boolean;
}

/**
 * A strict validator for Responses SSE as the gateway emits it (protocols.md 1.2), used
 * by tests: stricter than the OpenAI SDK, and covering what Codex needs (items closed
 * by `output_item.done`, a terminal event carrying the full output and integer usage).
 */
export function checkResponsesStream(text: string): ResponsesStreamCheck {
  const parser = createSseParser();
  const frames = [...parser.push(text), ...parser.end()];
  const violations: string[] = [];
  const events: Json[] = [];
  const doneItems: unknown[] = [];
  let added = 0;
  let open: OpenItem | null = null;
  let terminal: string | null = null;

  const fail = (index: number, message: string): void => {
    violations.push(`#${index}: ${message}`);
  };

  frames.forEach((frame, index) => {
    let data: Json;
    try {
      data = JSON.parse(frame.data) as Json;
    } catch {
      fail(index, `data is not JSON: ${frame.data.slice(0, 40)}`);
      return;
    }
    events.push(data);
    const type = String(data['type']);
    if (frame.event !== type) fail(index, `event line ${frame.event} differs from data.type ${type}`);
    if (data['sequence_number'] !== index) fail(index, `sequence_number ${String(data['sequence_number'])}`);
    if (terminal !== null && terminal !== 'error') fail(index, `${type} after ${terminal}`);
    if (index === 0 && type !== 'response.created') fail(index, `first event is ${type}`);
    if (index === 1 && type !== 'response.in_progress') fail(index, `second event is ${type}`);

    const matchesOpen = (): boolean => {
      if (open === null) {
        fail(index, `${type} with no open item`);
        return false;
      }
      if (data['item_id'] !== undefined && data['item_id'] !== open.id)
        fail(index, `${type} item_id mismatch`);
      if (data['output_index'] !== open.outputIndex) fail(index, `${type} output_index mismatch`);
      return true;
    };

    switch (type) {
      case 'response.output_item.added': {
        const item = data['item'] as Json;
        if (open !== null) fail(index, `item ${open.id} still open when another is added`);
        if (data['output_index'] !== added)
          fail(index, `output_index ${String(data['output_index'])}, expected ${added}`);
        open = {
          id: String(item['id']),
          outputIndex: added,
          type: String(item['type']),
          text: '',
          partOpen: false,
          partDone: false,
          sawDelta: false,
        };
        added++;
        break;
      }
      case 'response.content_part.added':
      case 'response.reasoning_summary_part.added':
        if (matchesOpen() && open !== null) open.partOpen = true;
        break;
      case 'response.output_text.delta':
      case 'response.reasoning_summary_text.delta':
        if (matchesOpen() && open !== null) {
          if (!open.partOpen) fail(index, `${type} before its part was added`);
          open.text += String(data['delta']);
        }
        break;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta':
        if (matchesOpen() && open !== null) {
          open.text += String(data['delta']);
          open.sawDelta = true;
        }
        break;
      case 'response.output_text.done':
      case 'response.reasoning_summary_text.done':
        if (matchesOpen() && open !== null && data['text'] !== open.text)
          fail(index, `${type} text differs from deltas`);
        break;
      case 'response.content_part.done':
      case 'response.reasoning_summary_part.done':
        if (matchesOpen() && open !== null) open.partDone = true;
        break;
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const full = type === 'response.function_call_arguments.done' ? data['arguments'] : data['input'];
        if (matchesOpen() && open !== null && full !== open.text)
          fail(index, `${type} differs from its deltas`);
        break;
      }
      case 'response.output_item.done': {
        const item = data['item'] as Json;
        if (matchesOpen() && open !== null) {
          if (item['id'] !== open.id) fail(index, `output_item.done id ${String(item['id'])} != ${open.id}`);
          if (open.partOpen && !open.partDone) fail(index, 'item done with its part still open');
        }
        doneItems.push(item);
        open = null;
        break;
      }
      case 'error':
        terminal = 'error';
        break;
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        // A failure may cut an item short; a normal ending must have closed every item.
        if (open !== null && type !== 'response.failed')
          fail(index, `${type} with item ${open.id} still open`);
        terminal = type;
        const response = data['response'] as Json;
        const expectedStatus = type.slice('response.'.length);
        if (response['status'] !== expectedStatus)
          fail(index, `${type} status ${String(response['status'])}`);
        if (!isDeepStrictEqual(response['output'], doneItems))
          fail(index, `${type} output differs from the done items`);
        const usage = response['usage'] as Json | null;
        for (const key of ['input_tokens', 'output_tokens', 'total_tokens']) {
          if (!Number.isInteger(usage?.[key])) fail(index, `${type} usage.${key} is not an integer`);
        }
        break;
      }
      default:
        break;
    }
  });
  if (terminal === null || terminal === 'error') violations.push('stream has no terminal response event');
  return { events, violations };
}
