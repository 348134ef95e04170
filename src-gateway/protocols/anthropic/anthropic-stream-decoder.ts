import { chunkIncludes } from '../chunk-bytes.ts';
import type { StopReason, StreamEvent } from '../../canonical/types.ts';
import type { SseEvent } from '../../lib/sse.ts';
import type { StreamDecoder } from '../types.ts';
import { fromAnthropicUsage, type AnthropicUsage } from './anthropic-usage.ts';
import { statusForAnthropicErrorType } from './anthropic-error-types.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';

type Json = Record<string, unknown>;

interface OpenBlock {
  kind: 'text' | 'thinking' | 'tool' | 'other';
  toolIndex?: number;
  /** A tool_use start that already carried its full input (some compatible vendors). */
  startInput?: string;
  sawDelta?: boolean;
}

function asRecord(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Events a pass-through relay need not decode: they carry no usage, message id or error. */
const contentEvents = new Set(['content_block_start', 'content_block_delta', 'content_block_stop', 'ping']);

/**
 * Anthropic SSE -> canonical stream events. Blocks are tracked by their `index`;
 * `toolIndex` counts tool_use blocks only. Usage is kept in Anthropic's own terms and
 * re-emitted whole after every report, because `message_delta.usage` is cumulative and
 * overwrites only the fields it carries.
 */
export function createAnthropicStreamDecoder(): StreamDecoder {
  const blocks = new Map<number, OpenBlock>();
  const usage: AnthropicUsage = {};
  let toolCount = 0;
  let sawToolCall = false;
  let finished = false;
  let failed = false;
  let stopped = false;

  function mergeUsage(update: unknown): StreamEvent | undefined {
    const record = asRecord(update);
    if (!record) return undefined;
    for (const key of [
      'input_tokens',
      'output_tokens',
      'cache_creation_input_tokens',
      'cache_read_input_tokens',
    ] as const) {
      const value = record[key];
      if (typeof value === 'number') usage[key] = value;
    }
    const details = asRecord(record.output_tokens_details);
    if (details && typeof details.thinking_tokens === 'number') {
      usage.output_tokens_details = { thinking_tokens: details.thinking_tokens };
    }
    return { type: 'usage', usage: fromAnthropicUsage(usage) };
  }

  function blockStart(index: number, block: Json, out: StreamEvent[]): void {
    switch (block.type) {
      case 'text':
        blocks.set(index, { kind: 'text' });
        if (typeof block.text === 'string' && block.text !== '') out.push({ type: 'text', text: block.text });
        return;
      case 'thinking':
        blocks.set(index, { kind: 'thinking' });
        if (typeof block.thinking === 'string' && block.thinking !== '') {
          out.push({ type: 'reasoning', text: block.thinking });
        }
        if (typeof block.signature === 'string' && block.signature !== '') {
          out.push({ type: 'reasoning_signature', signature: block.signature, origin: 'anthropic' });
        }
        return;
      case 'redacted_thinking':
        blocks.set(index, { kind: 'other' });
        out.push({ type: 'reasoning_redacted', data: String(block.data ?? '') });
        return;
      case 'tool_use': {
        const toolIndex = toolCount++;
        sawToolCall = true;
        const input = asRecord(block.input);
        const open: OpenBlock = { kind: 'tool', toolIndex };
        if (input && Object.keys(input).length > 0) open.startInput = JSON.stringify(input);
        blocks.set(index, open);
        out.push({
          type: 'tool_call_start',
          toolIndex,
          id: String(block.id ?? ''),
          name: String(block.name ?? ''),
        });
        return;
      }
      default:
        // server_tool_use, web_search_tool_result, …: run upstream, nothing to relay.
        blocks.set(index, { kind: 'other' });
    }
  }

  function blockDelta(index: number, delta: Json, out: StreamEvent[]): void {
    const block = blocks.get(index);
    if (!block) return;
    switch (delta.type) {
      case 'text_delta':
        if (block.kind === 'text' && typeof delta.text === 'string' && delta.text !== '') {
          out.push({ type: 'text', text: delta.text });
        }
        return;
      case 'thinking_delta':
        if (block.kind === 'thinking' && typeof delta.thinking === 'string' && delta.thinking !== '') {
          out.push({ type: 'reasoning', text: delta.thinking });
        }
        return;
      case 'signature_delta':
        if (block.kind === 'thinking' && typeof delta.signature === 'string' && delta.signature !== '') {
          out.push({ type: 'reasoning_signature', signature: delta.signature, origin: 'anthropic' });
        }
        return;
      case 'input_json_delta':
        if (block.kind === 'tool' && typeof delta.partial_json === 'string' && delta.partial_json !== '') {
          block.sawDelta = true;
          out.push({ type: 'tool_call_delta', toolIndex: block.toolIndex!, arguments: delta.partial_json });
        }
        return;
      default:
        return;
    }
  }

  function blockStop(index: number, out: StreamEvent[]): void {
    const block = blocks.get(index);
    blocks.delete(index);
    if (!block || block.kind !== 'tool') return;
    const done: StreamEvent = { type: 'tool_call_done', toolIndex: block.toolIndex! };
    if (!block.sawDelta && block.startInput !== undefined) done.arguments = block.startInput;
    out.push(done);
  }

  function error(data: Json): StreamEvent {
    // musistudio/llms sends `{type:"error",message:{type,message}}`; read both shapes.
    const inner = asRecord(data.error) ?? asRecord(data.message) ?? {};
    const code = typeof inner.type === 'string' ? inner.type : 'api_error';
    // An empty message tells the client nothing; say at least what kind of error it was.
    const message =
      typeof inner.message === 'string' && inner.message !== ''
        ? inner.message
        : `Upstream stream error (${code})`;
    return { type: 'error', status: statusForAnthropicErrorType(code), code, message };
  }

  const decoder = {
    /** Without `message_*` events (start, usage, stop) or errors, a chunk is content only. */
    skippable(chunk: Uint8Array): boolean {
      return !chunkIncludes(chunk, 'message_') && !chunkIncludes(chunk, 'error');
    },
    /** Content blocks and pings carry no usage, id or error: a pass-through relay skips decoding them. */
    observe(event: SseEvent): StreamEvent[] {
      return event.event !== undefined && contentEvents.has(event.event) ? [] : decoder.push(event);
    },
    push(event: SseEvent): StreamEvent[] {
      if (failed || stopped) return [];
      let data: Json | undefined;
      try {
        data = asRecord(JSON.parse(event.data));
      } catch {
        return [];
      }
      if (!data) return [];
      const type = typeof data.type === 'string' ? data.type : event.event;
      const out: StreamEvent[] = [];
      switch (type) {
        case 'message_start': {
          const message = asRecord(data.message) ?? {};
          const start: StreamEvent = { type: 'start' };
          if (typeof message.id === 'string') start.id = message.id;
          if (typeof message.model === 'string') start.model = message.model;
          if (asRecord(message.usage)) {
            const update = mergeUsage(message.usage);
            if (update?.type === 'usage') start.usage = update.usage;
          }
          out.push(start);
          break;
        }
        case 'content_block_start': {
          const block = asRecord(data.content_block);
          if (typeof data.index === 'number' && block) blockStart(data.index, block, out);
          break;
        }
        case 'content_block_delta': {
          const delta = asRecord(data.delta);
          if (typeof data.index === 'number' && delta) blockDelta(data.index, delta, out);
          break;
        }
        case 'content_block_stop':
          if (typeof data.index === 'number') blockStop(data.index, out);
          break;
        case 'message_delta': {
          const update = mergeUsage(data.usage);
          if (update) out.push(update);
          const delta = asRecord(data.delta);
          if (delta && typeof delta.stop_reason === 'string') {
            let reason: StopReason = mapAnthropicStopReason(delta.stop_reason);
            if (sawToolCall && reason !== 'max_tokens' && reason !== 'context_window_exceeded')
              reason = 'tool_use';
            const finish: StreamEvent = { type: 'finish', reason };
            if (typeof delta.stop_sequence === 'string') finish.stopSequence = delta.stop_sequence;
            out.push(finish);
            finished = true;
          }
          break;
        }
        case 'message_stop':
          stopped = true;
          if (!finished) {
            out.push({ type: 'finish', reason: sawToolCall ? 'tool_use' : 'end_turn' });
            finished = true;
          }
          break;
        case 'error':
          failed = true;
          out.push(error(data));
          break;
        default:
          // ping and event types newer than this code
          break;
      }
      return out;
    },
    end(): StreamEvent[] {
      if (failed || finished) return [];
      failed = true;
      return [
        {
          type: 'error',
          status: 502,
          code: 'bad_upstream_response',
          message: 'Upstream stream ended before message_stop',
        },
      ];
    },
  };
  return decoder;
}
