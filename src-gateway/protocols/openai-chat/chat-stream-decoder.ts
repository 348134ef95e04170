import type { StreamEvent } from '../../canonical/types.ts';
import type { SseEvent } from '../../lib/sse.ts';
import { randomId } from '../../lib/ids.ts';
import type { StreamDecoder } from '../types.ts';
import { decodeChatUsage } from './decode-chat-usage.ts';
import { mapChatFinishReason } from './map-chat-finish-reason.ts';
import { readChatStreamError } from './read-chat-stream-error.ts';
import { chunkHasUsageObject, chunkIncludes } from '../chunk-bytes.ts';

interface ToolCallState {
  id: string;
  name: string;
  custom: boolean;
  /** Canonical tool index, assigned when the call is announced. */
  toolIndex?: number;
  /** Arguments that arrived before the name did. */
  pending: string;
}

type Json = Record<string, unknown>;

function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const usageObject = /"usage"\s*:\s*\{/;

/** Whether a chunk's text may hold a usage object (OpenAI sends `"usage":null` on every chunk) or an error. */
function mayCarryUsageOrError(data: string): boolean {
  return data.includes('"error"') || usageObject.test(data);
}

/**
 * Chat completion chunks from an upstream to canonical stream events.
 * Tolerates the vendor quirks of protocols.md 2.4: OpenRouter's `choices[].index:1`,
 * LM Studio's `name:""` on continuation deltas, one-api's deltas without `index`,
 * ids repeated on every delta, and usage on the finish chunk or after it.
 */
export function createChatStreamDecoder(): StreamDecoder {
  const callsByIndex = new Map<number, ToolCallState>();
  const calls: ToolCallState[] = [];
  let current: ToolCallState | undefined;
  let announced = 0;
  let started = false;
  let finished = false;
  let failed = false;

  function announce(call: ToolCallState, out: StreamEvent[]): void {
    if (call.toolIndex !== undefined) return;
    call.toolIndex = announced++;
    const start: StreamEvent = {
      type: 'tool_call_start',
      toolIndex: call.toolIndex,
      id: call.id,
      name: call.name,
    };
    if (call.custom) start.custom = true;
    out.push(start);
    if (call.pending !== '')
      out.push({ type: 'tool_call_delta', toolIndex: call.toolIndex, arguments: call.pending });
    call.pending = '';
  }

  function resolveCall(delta: Json): ToolCallState {
    const upstreamIndex = typeof delta.index === 'number' ? delta.index : undefined;
    const id = nonEmptyString(delta.id);
    const body = asObject(delta.function) ?? asObject(delta.custom);
    const name = nonEmptyString(body?.name);
    let call = upstreamIndex === undefined ? current : callsByIndex.get(upstreamIndex);
    // A different id together with a name is a new call, even at a reused index or
    // without any index (one-api); a lone id change on an argument delta is not.
    if (call && id !== undefined && id !== call.id && name !== undefined) call = undefined;
    if (!call) {
      call = {
        id: id ?? randomId('call_'),
        name: '',
        custom: delta.type === 'custom' || (delta.custom !== undefined && delta.function === undefined),
        pending: '',
      };
      calls.push(call);
      if (upstreamIndex !== undefined) callsByIndex.set(upstreamIndex, call);
    }
    current = call;
    return call;
  }

  function decodeToolCall(delta: Json, out: StreamEvent[]): void {
    const call = resolveCall(delta);
    const body = asObject(delta.function) ?? asObject(delta.custom);
    // LM Studio repeats `name:""` on continuation deltas: only a non-empty name counts.
    const name = nonEmptyString(body?.name);
    if (name !== undefined && call.name === '') call.name = name;
    if (call.toolIndex === undefined && call.name !== '') announce(call, out);
    const fragment = body?.arguments ?? body?.input;
    if (typeof fragment !== 'string' || fragment === '') return;
    if (call.toolIndex === undefined) call.pending += fragment;
    else out.push({ type: 'tool_call_delta', toolIndex: call.toolIndex, arguments: fragment });
  }

  function finish(reason: string | undefined, out: StreamEvent[]): void {
    if (finished) return;
    finished = true;
    // A call whose name never arrived is still announced rather than lost.
    for (const call of calls) announce(call, out);
    out.push({ type: 'finish', reason: calls.length > 0 ? 'tool_use' : mapChatFinishReason(reason) });
  }

  function decodeChoice(choice: Json, out: StreamEvent[]): void {
    // Only one choice is ever requested; OpenRouter numbers it 1, so the index is ignored.
    const delta = asObject(choice.delta) ?? {};
    const reasoning = nonEmptyString(delta.reasoning_content) ?? nonEmptyString(delta.reasoning);
    if (reasoning !== undefined) out.push({ type: 'reasoning', text: reasoning });
    const text = nonEmptyString(delta.content) ?? nonEmptyString(delta.refusal);
    if (text !== undefined) out.push({ type: 'text', text });
    if (Array.isArray(delta.tool_calls)) {
      for (const item of delta.tool_calls) {
        const toolDelta = asObject(item);
        if (toolDelta) decodeToolCall(toolDelta, out);
      }
    }
    // Legacy `function_call` deltas: one call, no index.
    const legacy = asObject(delta.function_call);
    if (legacy) decodeToolCall({ index: -1, function: legacy }, out);
    const reason = nonEmptyString(choice.finish_reason);
    if (reason !== undefined) finish(reason, out);
  }

  function fail(out: StreamEvent[], status: number, code: string, message: string): StreamEvent[] {
    failed = true;
    out.push({ type: 'error', status, code, message });
    return out;
  }

  const decoder = {
    /** Chunks without an error or a usage object carry nothing a pass-through relay reports. */
    skippable(chunk: Uint8Array): boolean {
      return started && !chunkIncludes(chunk, 'error') && !chunkHasUsageObject(chunk);
    },
    /** After the first chunk, only chunks with a usage object or an error can matter to a pass-through relay. */
    observe(event: SseEvent): StreamEvent[] {
      if (started && event.event !== 'error' && !mayCarryUsageOrError(event.data)) return [];
      return decoder.push(event);
    },
    push(event: SseEvent) {
      const out: StreamEvent[] = [];
      const data = event.data.trim();
      if (failed || data === '' || data === '[DONE]') return out;
      let chunk: Json | undefined;
      try {
        chunk = asObject(JSON.parse(data));
      } catch {
        chunk = undefined;
      }
      if (chunk === undefined) {
        return fail(out, 502, 'bad_upstream_response', 'Upstream sent a malformed stream chunk');
      }
      const error = readChatStreamError(chunk, event.event);
      if (error) return fail(out, error.status, error.code, error.message);
      // A vendor keepalive such as `event: ping` + `data: {}` is not the stream's first chunk.
      if (chunk.choices === undefined && chunk.usage === undefined && chunk.id === undefined) return out;
      if (!started) {
        started = true;
        const start: StreamEvent = { type: 'start' };
        const id = nonEmptyString(chunk.id);
        const model = nonEmptyString(chunk.model);
        if (id !== undefined) start.id = id;
        if (model !== undefined) start.model = model;
        out.push(start);
      }
      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      // Usage on the finish chunk goes out before the finish, so consumers see both together.
      const usage = asObject(chunk.usage) ? decodeChatUsage(chunk.usage) : {};
      const choiceEvents: StreamEvent[] = [];
      for (const choice of choices) {
        const choiceObject = asObject(choice);
        if (choiceObject) decodeChoice(choiceObject, choiceEvents);
      }
      const finishAt = choiceEvents.findIndex((item) => item.type === 'finish');
      if (Object.keys(usage).length > 0) {
        choiceEvents.splice(finishAt === -1 ? choiceEvents.length : finishAt, 0, { type: 'usage', usage });
      }
      out.push(...choiceEvents);
      return out;
    },
    end() {
      const out: StreamEvent[] = [];
      if (failed) return out;
      if (!started) {
        return fail(out, 502, 'bad_upstream_response', 'Upstream stream ended without sending any chunks');
      }
      finish(undefined, out);
      return out;
    },
  };
  return decoder;
}
