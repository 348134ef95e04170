import type { StopReason, StreamEvent } from '../../canonical/types.ts';
import type { SseEvent } from '../../lib/sse.ts';
import type { StreamDecoder } from '../types.ts';
import { statusForResponsesCode } from './responses-failure-code.ts';
import { decodeResponsesUsage } from './responses-usage.ts';

type Json = Record<string, unknown>;

interface ToolState {
  toolIndex: number;
  sawDelta: boolean;
  done: boolean;
}

const asObject = (value: unknown): Json | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Concatenated `text` of an item's parts of the given types. */
function partsText(parts: unknown, types: string[], separator: string): string {
  return asArray(parts)
    .map(asObject)
    .filter((part): part is Json => part !== undefined && types.includes(String(part['type'])))
    .map((part) => asString(part['text']) ?? asString(part['refusal']) ?? '')
    .join(separator);
}

/**
 * Upstream Responses SSE -> canonical stream events. Works from deltas when the
 * upstream streams them and from `.done` / `output_item.done` / `response.completed`
 * items when it does not (Codex-backend models sending arguments only in `.done`,
 * litellm#27144). Unknown event types are ignored (litellm#29254).
 */
export function createResponsesStreamDecoder(): StreamDecoder {
  let started = false;
  let terminated = false;
  let toolCount = 0;
  let hasToolCall = false;
  const toolsById = new Map<string, ToolState>();
  const toolsByIndex = new Map<number, ToolState>();
  const seenItems = new Set<string>();
  const streamedText = new Set<string>();
  const summaryIndexByItem = new Map<string, number>();

  function startEvents(response: Json | undefined): StreamEvent[] {
    if (started) return [];
    started = true;
    const event: Extract<StreamEvent, { type: 'start' }> = { type: 'start' };
    const id = asString(response?.['id']);
    const model = asString(response?.['model']);
    const usage = decodeResponsesUsage(response?.['usage']);
    if (id !== undefined) event.id = id;
    if (model !== undefined) event.model = model;
    if (usage !== undefined) event.usage = usage;
    return [event];
  }

  function findTool(data: Json): ToolState | undefined {
    const itemId = asString(data['item_id']);
    if (itemId !== undefined && toolsById.has(itemId)) return toolsById.get(itemId);
    const outputIndex = data['output_index'];
    return typeof outputIndex === 'number' ? toolsByIndex.get(outputIndex) : undefined;
  }

  function startTool(item: Json, outputIndex: unknown, out: StreamEvent[]): ToolState {
    const custom = item['type'] === 'custom_tool_call';
    const state: ToolState = { toolIndex: toolCount++, sawDelta: false, done: false };
    hasToolCall = true;
    const itemId = asString(item['id']);
    if (itemId !== undefined) toolsById.set(itemId, state);
    if (typeof outputIndex === 'number') toolsByIndex.set(outputIndex, state);
    const start: Extract<StreamEvent, { type: 'tool_call_start' }> = {
      type: 'tool_call_start',
      toolIndex: state.toolIndex,
      id: asString(item['call_id']) ?? itemId ?? `call_${state.toolIndex}`,
      name: asString(item['name']) ?? '',
    };
    if (custom) start.custom = true;
    out.push(start);
    return state;
  }

  function finishTool(state: ToolState, argumentsText: string | undefined, out: StreamEvent[]): void {
    if (state.done) return;
    state.done = true;
    const done: Extract<StreamEvent, { type: 'tool_call_done' }> = {
      type: 'tool_call_done',
      toolIndex: state.toolIndex,
    };
    if (!state.sawDelta && argumentsText !== undefined) done.arguments = argumentsText;
    out.push(done);
  }

  function itemAdded(item: Json, outputIndex: unknown, out: StreamEvent[]): void {
    const itemId = asString(item['id']);
    if (itemId !== undefined) seenItems.add(itemId);
    const type = item['type'];
    if (type !== 'function_call' && type !== 'custom_tool_call') return;
    const state = startTool(item, outputIndex, out);
    // Some backends put the whole call in `added`; treat it like a single delta.
    const initial = asString(item[type === 'function_call' ? 'arguments' : 'input']);
    if (initial) {
      state.sawDelta = true;
      out.push({ type: 'tool_call_delta', toolIndex: state.toolIndex, arguments: initial });
    }
  }

  /** A finished item: fills in whatever its deltas did not deliver. */
  function itemDone(item: Json, outputIndex: unknown, out: StreamEvent[]): void {
    const itemId = asString(item['id']);
    if (itemId !== undefined) seenItems.add(itemId);
    const type = item['type'];
    if (type === 'function_call' || type === 'custom_tool_call') {
      const known =
        itemId !== undefined
          ? toolsById.get(itemId)
          : typeof outputIndex === 'number'
            ? toolsByIndex.get(outputIndex)
            : undefined;
      const state = known ?? startTool(item, outputIndex, out);
      finishTool(state, asString(item[type === 'function_call' ? 'arguments' : 'input']), out);
    } else if (type === 'message') {
      const text = partsText(item['content'], ['output_text', 'refusal'], '');
      if (text !== '' && (itemId === undefined || !streamedText.has(itemId)))
        out.push({ type: 'text', text });
    } else if (type === 'reasoning') {
      const summary = partsText(item['summary'], ['summary_text'], '\n\n');
      const text = summary !== '' ? summary : partsText(item['content'], ['reasoning_text'], '\n\n');
      if (text !== '' && (itemId === undefined || !streamedText.has(itemId)))
        out.push({ type: 'reasoning', text });
      const encryptedContent = asString(item['encrypted_content']);
      if (encryptedContent) {
        const event: Extract<StreamEvent, { type: 'reasoning_encrypted' }> = {
          type: 'reasoning_encrypted',
          encryptedContent,
        };
        if (itemId !== undefined) event.itemId = itemId;
        out.push(event);
      }
    }
  }

  function reasoningDelta(data: Json, out: StreamEvent[]): void {
    const delta = asString(data['delta']);
    if (!delta) return;
    const itemId = asString(data['item_id']);
    const summaryIndex = typeof data['summary_index'] === 'number' ? data['summary_index'] : 0;
    if (itemId !== undefined) {
      const previous = summaryIndexByItem.get(itemId);
      // Separate summary parts the way non-stream decoding joins them.
      if (previous !== undefined && previous !== summaryIndex) out.push({ type: 'reasoning', text: '\n\n' });
      summaryIndexByItem.set(itemId, summaryIndex);
      streamedText.add(itemId);
    }
    out.push({ type: 'reasoning', text: delta });
  }

  function finishEvents(response: Json | undefined, reason: StopReason, out: StreamEvent[]): void {
    // Codex's backend may send `output: []`; items already seen are not repeated, unseen ones are recovered.
    for (const value of asArray(response?.['output'])) {
      const item = asObject(value);
      if (item === undefined) continue;
      const itemId = asString(item['id']);
      if (itemId === undefined ? seenItems.size === 0 : !seenItems.has(itemId))
        itemDone(item, undefined, out);
    }
    const usage = decodeResponsesUsage(response?.['usage']);
    if (usage !== undefined) out.push({ type: 'usage', usage });
    out.push({ type: 'finish', reason: hasToolCall ? 'tool_use' : reason });
    terminated = true;
  }

  function failure(code: string | undefined, message: string | undefined, out: StreamEvent[]): void {
    out.push({
      type: 'error',
      status: statusForResponsesCode(code),
      code: code || 'upstream_error',
      message: message || 'The upstream reported a failure',
    });
    terminated = true;
  }

  function handle(type: string, data: Json, out: StreamEvent[]): void {
    const response = asObject(data['response']);
    switch (type) {
      case 'response.created':
      case 'response.in_progress':
      case 'response.queued':
        out.push(...startEvents(response));
        return;
      case 'response.output_item.added': {
        const item = asObject(data['item']);
        if (item !== undefined) itemAdded(item, data['output_index'], out);
        return;
      }
      case 'response.output_item.done': {
        const item = asObject(data['item']);
        if (item !== undefined) itemDone(item, data['output_index'], out);
        return;
      }
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = asString(data['delta']);
        const itemId = asString(data['item_id']);
        if (itemId !== undefined) streamedText.add(itemId);
        if (delta) out.push({ type: 'text', text: delta });
        return;
      }
      case 'response.reasoning_summary_text.delta':
      case 'response.reasoning_text.delta':
        reasoningDelta(data, out);
        return;
      case 'response.function_call_arguments.delta':
      case 'response.custom_tool_call_input.delta': {
        const state = findTool(data);
        const delta = asString(data['delta']);
        if (state === undefined || state.done || !delta) return;
        state.sawDelta = true;
        out.push({ type: 'tool_call_delta', toolIndex: state.toolIndex, arguments: delta });
        return;
      }
      case 'response.function_call_arguments.done':
      case 'response.custom_tool_call_input.done': {
        const state = findTool(data);
        const key = type === 'response.function_call_arguments.done' ? 'arguments' : 'input';
        if (state !== undefined) finishTool(state, asString(data[key]), out);
        return;
      }
      case 'response.completed':
        finishEvents(response, 'end_turn', out);
        return;
      case 'response.incomplete': {
        const reason = asString(asObject(response?.['incomplete_details'])?.['reason']);
        finishEvents(response, reason === 'content_filter' ? 'content_filter' : 'max_tokens', out);
        return;
      }
      case 'response.failed': {
        const error = asObject(response?.['error']);
        failure(asString(error?.['code']), asString(error?.['message']), out);
        return;
      }
      case 'error': {
        const error = asObject(data['error']);
        failure(
          asString(error?.['code']) ?? asString(data['code']) ?? asString(error?.['type']),
          asString(error?.['message']) ?? asString(data['message']),
          out,
        );
        return;
      }
      default:
        return;
    }
  }

  return {
    push(event: SseEvent) {
      if (terminated) return [];
      let data: Json | undefined;
      try {
        data = asObject(JSON.parse(event.data));
      } catch {
        return [];
      }
      if (data === undefined) return [];
      const type = asString(data['type']) ?? event.event;
      if (type === undefined) return [];
      const out: StreamEvent[] = [];
      if (!started && type !== 'error' && type !== 'response.failed')
        out.push(...startEvents(asObject(data['response'])));
      handle(type, data, out);
      return out;
    },
    end() {
      if (terminated) return [];
      terminated = true;
      return [
        {
          type: 'error',
          status: 502,
          code: 'bad_upstream_response',
          message: 'The upstream stream ended before response.completed',
        },
      ];
    },
  };
}
