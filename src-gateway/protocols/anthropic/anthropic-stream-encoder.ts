import { estimateTextTokens } from '../../canonical/estimate-tokens.ts';
import { emptyUsage, mergeUsage, type StopReason, type StreamEvent } from '../../canonical/types.ts';
import { formatSse } from '../../lib/sse.ts';
import type { EncodeContext, StreamEncoder } from '../types.ts';
import { anthropicErrorTypeForStatus, isAnthropicErrorType } from './anthropic-error-types.ts';
import { estimateAnthropicInputTokens, toAnthropicUsage } from './anthropic-usage.ts';
import { createJsonObjectTracker, type JsonObjectTracker } from './json-object-tracker.ts';
import { toAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { createReasoningSealer } from '../create-reasoning-sealer.ts';
import { sealCallSignature, sealReasoning } from '../reasoning-envelope.ts';

interface ToolState {
  id: string;
  name: string;
  started: boolean;
  opened: boolean;
  closed: boolean;
  /** Argument text that arrived before the call's block could open. */
  pending: string[];
  emitted: boolean;
  done: boolean;
  doneArguments?: string;
  tracker: JsonObjectTracker;
}

interface OpenBlock {
  kind: 'text' | 'thinking' | 'tool';
  index: number;
  toolIndex?: number;
  /** A thinking block whose signature was sent: later thinking opens a new block. */
  signed?: boolean;
}

/**
 * Canonical stream events -> Anthropic SSE that obeys the strict grammar of
 * protocols.md 1.3 whatever order the upstream produced things in:
 * - one `message_start` (with non-zero input usage: real, or the local estimate) then `ping`;
 * - blocks indexed 0, 1, 2 …, each started before its deltas and stopped before the next;
 * - every delta matches its block: reasoning after text opens a NEW thinking block
 *   (litellm#33224), never a thinking_delta into a text block;
 * - a tool block stays open until its arguments form a complete JSON object (or the call
 *   is done); anything meant for another block meanwhile (interleaved parallel calls, text)
 *   is queued and replayed in order, so each block's partial_json parses to an object;
 * - `message_delta` with cumulative usage, then `message_stop`; or `error` and nothing after.
 * Anthropic's signatures go as they are; another family's reasoning state is sent as the
 * gateway's envelope in `signature_delta` (reasoning-envelope.ts), a Gemini call's
 * signature in an empty thinking block right before the call.
 */
export function createAnthropicStreamEncoder(context: EncodeContext): StreamEncoder {
  const usage = emptyUsage();
  const tools = new Map<number, ToolState>();
  const queue: StreamEvent[] = [];
  const sealer = createReasoningSealer();
  let open: OpenBlock | undefined;
  let nextIndex = 0;
  let started = false;
  let ended = false;
  let messageId = `msg_${context.requestId}`;
  let finishReason: StopReason | undefined;
  let stopSequence: string | undefined;
  let sawToolCall = false;
  let outputCharacters = '';
  let out = '';

  function emit(data: Record<string, unknown>): void {
    out += formatSse(JSON.stringify(data), String(data.type));
  }

  let estimate: number | undefined;
  function inputFallback(): number | undefined {
    estimate ??= context.estimatedInputTokens ?? estimateAnthropicInputTokens(context.clientBody);
    return estimate;
  }

  function ensureStarted(): void {
    if (started) return;
    started = true;
    const startUsage = toAnthropicUsage(usage, inputFallback());
    emit({
      type: 'message_start',
      message: {
        id: messageId,
        type: 'message',
        role: 'assistant',
        model: context.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: startUsage.input_tokens,
          cache_creation_input_tokens: startUsage.cache_creation_input_tokens,
          cache_read_input_tokens: startUsage.cache_read_input_tokens,
          output_tokens: startUsage.output_tokens,
        },
      },
    });
    emit({ type: 'ping' });
  }

  function tool(toolIndex: number): ToolState {
    let state = tools.get(toolIndex);
    if (!state) {
      state = {
        id: '',
        name: '',
        started: false,
        opened: false,
        closed: false,
        pending: [],
        emitted: false,
        done: false,
        tracker: createJsonObjectTracker(),
      };
      tools.set(toolIndex, state);
    }
    return state;
  }

  function openTool(): ToolState | undefined {
    return open?.kind === 'tool' ? tools.get(open.toolIndex!) : undefined;
  }

  function blocking(): boolean {
    const state = openTool();
    return state !== undefined && !state.done && !state.tracker.complete;
  }

  function closeOpen(): void {
    if (!open) return;
    const state = openTool();
    if (state) {
      // A call without arguments still needs an object for the client to parse.
      if (!state.emitted) emitArguments(state, '{}');
      state.closed = true;
    }
    emit({ type: 'content_block_stop', index: open.index });
    open = undefined;
  }

  function ensureBlock(kind: 'text' | 'thinking'): void {
    if (open?.kind === kind && !open.signed) return;
    closeOpen();
    open = { kind, index: nextIndex++ };
    const block =
      kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' };
    emit({ type: 'content_block_start', index: open.index, content_block: block });
  }

  /** Send `signature` for the thinking block (a new, empty one when none is open) and seal it. */
  function signThinking(signature: string): void {
    ensureBlock('thinking');
    emit({
      type: 'content_block_delta',
      index: open!.index,
      delta: { type: 'signature_delta', signature },
    });
    open!.signed = true;
  }

  function emitArguments(state: ToolState, text: string): void {
    if (text === '' || !open) return;
    state.emitted = true;
    state.tracker.feed(text);
    outputCharacters += text;
    emit({
      type: 'content_block_delta',
      index: open.index,
      delta: { type: 'input_json_delta', partial_json: text },
    });
  }

  function startTool(toolIndex: number, state: ToolState): void {
    closeOpen();
    open = { kind: 'tool', index: nextIndex++, toolIndex };
    state.opened = true;
    emit({
      type: 'content_block_start',
      index: open.index,
      content_block: {
        type: 'tool_use',
        id: state.id || `toolu_${context.requestId}_${toolIndex}`,
        name: state.name,
        input: {},
      },
    });
    for (const text of state.pending.splice(0)) emitArguments(state, text);
    if (!state.emitted && state.doneArguments) emitArguments(state, state.doneArguments);
  }

  function targetsOpenTool(event: StreamEvent): boolean {
    return (
      (event.type === 'tool_call_delta' || event.type === 'tool_call_done') &&
      event.toolIndex === open?.toolIndex
    );
  }

  function drain(): void {
    for (const event of queue.splice(0)) process(event);
  }

  /** Route one content event: live into the open block, or queued behind an unfinished tool call. */
  function process(event: StreamEvent): void {
    if (blocking() && !targetsOpenTool(event)) {
      queue.push(event);
      return;
    }
    switch (event.type) {
      case 'text':
        if (event.text === '') return;
        ensureBlock('text');
        outputCharacters += event.text;
        emit({
          type: 'content_block_delta',
          index: open!.index,
          delta: { type: 'text_delta', text: event.text },
        });
        return;
      case 'reasoning':
        if (event.text === '') return;
        sealer.text(event.text);
        ensureBlock('thinking');
        outputCharacters += event.text;
        emit({
          type: 'content_block_delta',
          index: open!.index,
          delta: { type: 'thinking_delta', thinking: event.text },
        });
        return;
      case 'reasoning_signature':
      case 'reasoning_encrypted': {
        if (event.type === 'reasoning_signature' && event.signature === '') return;
        const sealed = sealer.seal(event);
        // Anthropic's own signature goes as it is; another family's state in the gateway's envelope.
        const signature =
          event.type === 'reasoning_signature' && event.origin === 'anthropic'
            ? event.signature
            : sealed && sealReasoning(sealed);
        if (!signature) return;
        signThinking(signature);
        return;
      }
      case 'reasoning_redacted': {
        closeOpen();
        const index = nextIndex++;
        emit({
          type: 'content_block_start',
          index,
          content_block: { type: 'redacted_thinking', data: event.data },
        });
        emit({ type: 'content_block_stop', index });
        return;
      }
      case 'tool_call_start': {
        const state = tool(event.toolIndex);
        if (state.started) return;
        state.started = true;
        state.id = event.id;
        state.name = event.name;
        sawToolCall = true;
        if (event.thoughtSignature) {
          const id = event.id || `toolu_${context.requestId}_${event.toolIndex}`;
          closeOpen();
          signThinking(sealCallSignature(id, event.thoughtSignature, sealer.model));
        }
        startTool(event.toolIndex, state);
        break;
      }
      case 'tool_call_delta': {
        const state = tool(event.toolIndex);
        if (open?.toolIndex === event.toolIndex && open.kind === 'tool')
          emitArguments(state, event.arguments);
        else if (!state.opened) state.pending.push(event.arguments);
        // else: the call's block is closed; a late fragment cannot be placed anywhere valid.
        break;
      }
      case 'tool_call_done': {
        const state = tool(event.toolIndex);
        if (state.closed) return;
        if (!state.opened) {
          state.done = true;
          if (event.arguments !== undefined && state.pending.length === 0)
            state.doneArguments = event.arguments;
          return;
        }
        if (!state.emitted && event.arguments !== undefined) emitArguments(state, event.arguments);
        state.done = true;
        break;
      }
      default:
        return;
    }
    if (!blocking() && queue.length > 0) drain();
  }

  function finishMessage(): void {
    // Flush calls that never completed, then whatever waited behind them.
    while (blocking() || queue.length > 0) {
      const state = openTool();
      if (state && blocking()) state.done = true;
      drain();
    }
    closeOpen();
    const reason = toAnthropicStopReason(finishReason ?? 'end_turn', sawToolCall);
    const final = toAnthropicUsage(usage, inputFallback());
    if (final.output_tokens === 0 && outputCharacters !== '') {
      final.output_tokens = Math.ceil(estimateTextTokens(outputCharacters));
    }
    emit({
      type: 'message_delta',
      delta: {
        stop_reason: reason,
        stop_sequence: reason === 'stop_sequence' ? (stopSequence ?? null) : null,
      },
      usage: final,
    });
    emit({ type: 'message_stop' });
  }

  function errorType(event: Extract<StreamEvent, { type: 'error' }>): string {
    return isAnthropicErrorType(event.code) ? event.code : anthropicErrorTypeForStatus(event.status);
  }

  return {
    push(event) {
      if (ended) return '';
      out = '';
      switch (event.type) {
        case 'start':
          if (event.model) sealer.model = event.model;
          if (event.usage) mergeUsage(usage, event.usage);
          if (!started && event.id) messageId = event.id;
          ensureStarted();
          break;
        case 'usage':
          mergeUsage(usage, event.usage);
          break;
        case 'finish':
          finishReason = event.reason;
          stopSequence = event.stopSequence;
          break;
        case 'error':
          ensureStarted();
          ended = true;
          emit({ type: 'error', error: { type: errorType(event), message: event.message } });
          break;
        default:
          ensureStarted();
          process(event);
      }
      return out;
    },
    end() {
      if (ended) return '';
      ended = true;
      out = '';
      ensureStarted();
      finishMessage();
      return out;
    },
  };
}
