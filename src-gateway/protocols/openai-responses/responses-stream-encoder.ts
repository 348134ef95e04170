import type { StopReason, StreamEvent } from '../../canonical/types.ts';
import { emptyUsage, mergeUsage } from '../../canonical/types.ts';
import { formatSse } from '../../lib/sse.ts';
import { createJsonObjectTracker, type JsonObjectTracker } from '../anthropic/json-object-tracker.ts';
import type { EncodeContext, StreamEncoder } from '../types.ts';
import { customToolNames, unwrapCustomInput } from './custom-tool-input.ts';
import { openaiErrorType } from './openai-error-type.ts';
import { buildResponseEnvelope, responseIdFor, statusForStop } from './responses-envelope.ts';
import type { EnvelopeFields } from './responses-envelope.ts';
import { responsesFailureCode } from './responses-failure-code.ts';
import {
  customToolCallItem,
  functionCallItem,
  gatewayItemId,
  messageItem,
  outputTextPart,
  reasoningItem,
  summaryPart,
} from './responses-output-items.ts';
import { encodeResponsesUsage } from './responses-usage.ts';
import { createReasoningSealer } from '../create-reasoning-sealer.ts';
import { sealCallSignature, sealReasoning } from '../reasoning-envelope.ts';

interface OpenMessage {
  kind: 'message';
  id: string;
  outputIndex: number;
  text: string;
}

interface OpenReasoning {
  kind: 'reasoning';
  id: string;
  outputIndex: number;
  text: string;
  summaryOpen: boolean;
  encryptedContent?: string;
}

interface OpenTool {
  kind: 'tool';
  id: string;
  outputIndex: number;
  toolIndex: number;
  callId: string;
  name: string;
  custom: boolean;
  /** A custom tool that reached a function-only upstream: arguments are `{"input":…}` JSON, unwrapped at the end. */
  unwrap: boolean;
  arguments: string;
  sawDelta: boolean;
  /** Says when the streamed arguments form a whole JSON object. */
  tracker: JsonObjectTracker;
  /** The upstream said the call is complete. */
  done: boolean;
}

type OpenItem = OpenMessage | OpenReasoning | OpenTool;

/**
 * Canonical stream events -> Responses SSE (protocols.md 1.2). One item is open at a
 * time and is fully closed (`.done` events, `output_item.done`) before the next is
 * added; `output_index` follows arrival order; `response.completed` carries every
 * finished item and the usage, since SDKs and Codex build the result from it.
 * OpenAI-compatible upstreams may interleave parallel calls' argument deltas or resume
 * text while a call streams: whatever arrives for another item while the open call's
 * arguments are not yet a whole JSON object is queued and replayed in order after it,
 * so no call is closed early with half its arguments.
 * OpenAI's `encrypted_content` goes as it is; another family's reasoning state (an
 * Anthropic signature or redacted thinking, a Gemini thought or call signature) goes in
 * `encrypted_content` as the gateway's envelope (reasoning-envelope.ts).
 */
export function createResponsesStreamEncoder(context: EncodeContext): StreamEncoder {
  const customNames = customToolNames(context.clientBody);
  const usage = emptyUsage();
  const output: Array<Record<string, unknown>> = [];
  const closedTools = new Set<number>();
  let sequence = 0;
  let started = false;
  let finished = false;
  let responseId = responseIdFor(undefined, context.requestId);
  let finishReason: StopReason | undefined;
  let hasToolCall = false;
  let open: OpenItem | null = null;
  /** Content events waiting behind a call whose arguments are still streaming. */
  const queue: StreamEvent[] = [];
  const sealer = createReasoningSealer();

  const emit = (type: string, payload: Record<string, unknown>): string =>
    formatSse(JSON.stringify({ type, sequence_number: sequence++, ...payload }), type);

  const envelope = (fields: Omit<EnvelopeFields, 'id'>): Record<string, unknown> =>
    buildResponseEnvelope(context, { id: responseId, ...fields });

  function start(upstreamId?: string): string {
    if (started) return '';
    started = true;
    responseId = responseIdFor(upstreamId, context.requestId);
    const response = envelope({ status: 'in_progress', output: [], usage: null });
    return emit('response.created', { response }) + emit('response.in_progress', { response });
  }

  function closeOpen(): string {
    const item = open;
    if (item === null) return '';
    open = null;
    const where = { item_id: item.id, output_index: item.outputIndex };
    let out = '';
    let done: Record<string, unknown>;
    if (item.kind === 'message') {
      out += emit('response.output_text.done', { ...where, content_index: 0, text: item.text, logprobs: [] });
      out += emit('response.content_part.done', {
        ...where,
        content_index: 0,
        part: outputTextPart(item.text),
      });
      done = messageItem(item.id, item.text, 'completed');
    } else if (item.kind === 'reasoning') {
      if (item.summaryOpen) {
        out += emit('response.reasoning_summary_text.done', { ...where, summary_index: 0, text: item.text });
        out += emit('response.reasoning_summary_part.done', {
          ...where,
          summary_index: 0,
          part: summaryPart(item.text),
        });
      }
      done = reasoningItem(item.id, item.text, item.encryptedContent);
    } else {
      closedTools.add(item.toolIndex);
      if (item.custom) {
        const input = item.unwrap ? unwrapCustomInput(item.arguments) : item.arguments;
        // Unwrapped input could not stream as it arrived; deliver it as one delta.
        if (item.unwrap && input !== '')
          out += emit('response.custom_tool_call_input.delta', { ...where, delta: input });
        out += emit('response.custom_tool_call_input.done', { ...where, input });
        done = customToolCallItem(item.id, item.callId, item.name, input, 'completed');
      } else {
        out += emit('response.function_call_arguments.done', {
          ...where,
          name: item.name,
          arguments: item.arguments,
        });
        done = functionCallItem(item.id, item.callId, item.name, item.arguments, 'completed');
      }
    }
    output.push(done);
    return out + emit('response.output_item.done', { output_index: item.outputIndex, item: done });
  }

  function openMessage(): string {
    const outputIndex = output.length;
    const item: OpenMessage = {
      kind: 'message',
      id: gatewayItemId('msg', context.requestId, outputIndex),
      outputIndex,
      text: '',
    };
    open = item;
    return (
      emit('response.output_item.added', {
        output_index: outputIndex,
        item: messageItem(item.id, null, 'in_progress'),
      }) +
      emit('response.content_part.added', {
        item_id: item.id,
        output_index: outputIndex,
        content_index: 0,
        part: outputTextPart(''),
      })
    );
  }

  function openReasoning(itemId?: string): string {
    const outputIndex = output.length;
    const id = itemId ?? gatewayItemId('rs', context.requestId, outputIndex);
    open = { kind: 'reasoning', id, outputIndex, text: '', summaryOpen: false };
    return emit('response.output_item.added', {
      output_index: outputIndex,
      item: { id, type: 'reasoning', summary: [] },
    });
  }

  function onText(text: string): string {
    if (text === '') return '';
    let out = '';
    if (open?.kind !== 'message') out += closeOpen() + openMessage();
    const item = open as OpenMessage;
    item.text += text;
    return (
      out +
      emit('response.output_text.delta', {
        item_id: item.id,
        output_index: item.outputIndex,
        content_index: 0,
        delta: text,
        logprobs: [],
      })
    );
  }

  function onReasoning(text: string): string {
    if (text === '') return '';
    let out = '';
    // Encrypted content arrives when an upstream reasoning item is done, so text after it starts a new item.
    if (open?.kind !== 'reasoning' || open.encryptedContent !== undefined)
      out += closeOpen() + openReasoning();
    const item = open as OpenReasoning;
    const where = { item_id: item.id, output_index: item.outputIndex, summary_index: 0 };
    if (!item.summaryOpen) {
      item.summaryOpen = true;
      out += emit('response.reasoning_summary_part.added', { ...where, part: summaryPart('') });
    }
    item.text += text;
    return out + emit('response.reasoning_summary_text.delta', { ...where, delta: text });
  }

  function onEncrypted(itemId: string | undefined, encryptedContent: string): string {
    let out = '';
    if (open?.kind !== 'reasoning' || open.encryptedContent !== undefined)
      out += closeOpen() + openReasoning(itemId);
    (open as OpenReasoning).encryptedContent = encryptedContent;
    return out;
  }

  function onToolStart(event: Extract<StreamEvent, { type: 'tool_call_start' }>): string {
    if (closedTools.has(event.toolIndex) || (open?.kind === 'tool' && open.toolIndex === event.toolIndex))
      return '';
    const out = closeOpen();
    hasToolCall = true;
    const outputIndex = output.length;
    const declaredCustom = customNames.has(event.name);
    const custom = event.custom === true || declaredCustom;
    const id = gatewayItemId(custom ? 'ctc' : 'fc', context.requestId, outputIndex);
    open = {
      kind: 'tool',
      id,
      outputIndex,
      toolIndex: event.toolIndex,
      callId: event.id,
      name: event.name,
      custom,
      unwrap: custom && event.custom !== true,
      arguments: '',
      sawDelta: false,
      tracker: createJsonObjectTracker(),
      done: false,
    };
    const item = custom
      ? customToolCallItem(id, event.id, event.name, '', 'in_progress')
      : functionCallItem(id, event.id, event.name, '', 'in_progress');
    return out + emit('response.output_item.added', { output_index: outputIndex, item });
  }

  function appendArguments(item: OpenTool, text: string): string {
    item.arguments += text;
    item.tracker.feed(text);
    if (item.unwrap || text === '') return '';
    const where = { item_id: item.id, output_index: item.outputIndex, delta: text };
    return emit(
      item.custom ? 'response.custom_tool_call_input.delta' : 'response.function_call_arguments.delta',
      where,
    );
  }

  function onToolDelta(toolIndex: number, text: string): string {
    // A delta for a call that is not open (already closed, or never started) has no item to go to.
    if (open?.kind !== 'tool' || open.toolIndex !== toolIndex) return '';
    open.sawDelta = true;
    return appendArguments(open, text);
  }

  function onToolDone(toolIndex: number, argumentsText: string | undefined): string {
    if (open?.kind !== 'tool' || open.toolIndex !== toolIndex) return '';
    let out = '';
    // Some upstreams send the arguments only at the end (litellm#27144).
    if (!open.sawDelta && argumentsText !== undefined) out += appendArguments(open, argumentsText);
    else if (argumentsText !== undefined && argumentsText !== '') open.arguments = argumentsText;
    return out + closeOpen();
  }

  function onError(event: Extract<StreamEvent, { type: 'error' }>): string {
    const code = responsesFailureCode(event.status, event.code, event.message);
    const error = { type: openaiErrorType(event.status), code, message: event.message, param: null };
    finished = true;
    return (
      emit('error', { code, message: event.message, param: null, error }) +
      emit('response.failed', {
        response: envelope({
          status: 'failed',
          output,
          usage: encodeResponsesUsage(usage),
          error: { code, message: event.message },
        }),
      })
    );
  }

  function blocking(): boolean {
    return open?.kind === 'tool' && !open.done && !open.tracker.complete;
  }

  /** A content event: live, or queued behind a call whose arguments are still incomplete. */
  function route(event: StreamEvent): string {
    const forOpenTool =
      (event.type === 'tool_call_delta' || event.type === 'tool_call_done') &&
      open?.kind === 'tool' &&
      event.toolIndex === open.toolIndex;
    if (blocking() && !forOpenTool) {
      queue.push(event);
      return '';
    }
    let out = content(event);
    if (!blocking() && queue.length > 0) out += drain();
    return out;
  }

  function drain(): string {
    let out = '';
    for (const event of queue.splice(0)) out += route(event);
    return out;
  }

  /** At the end, calls that never completed are closed as they are and the queue is replayed. */
  function flushQueue(): string {
    let out = '';
    while (queue.length > 0 || blocking()) {
      if (open?.kind === 'tool') open.done = true;
      out += drain();
    }
    return out;
  }

  function content(event: StreamEvent): string {
    switch (event.type) {
      case 'text':
        return onText(event.text);
      case 'reasoning':
        sealer.text(event.text);
        return onReasoning(event.text);
      case 'reasoning_encrypted':
        sealer.seal(event);
        return onEncrypted(event.itemId, event.encryptedContent);
      case 'reasoning_signature':
      case 'reasoning_redacted': {
        const sealed = sealer.seal(event);
        return sealed ? onEncrypted(undefined, sealReasoning(sealed)) : '';
      }
      case 'tool_call_start': {
        const repeated =
          closedTools.has(event.toolIndex) || (open?.kind === 'tool' && open.toolIndex === event.toolIndex);
        const signature =
          event.thoughtSignature && !repeated
            ? onEncrypted(undefined, sealCallSignature(event.id, event.thoughtSignature, sealer.model))
            : '';
        return signature + onToolStart(event);
      }
      case 'tool_call_delta':
        return onToolDelta(event.toolIndex, event.arguments);
      case 'tool_call_done':
        return onToolDone(event.toolIndex, event.arguments);
      default:
        return '';
    }
  }

  function handle(event: StreamEvent): string {
    switch (event.type) {
      case 'start':
        if (event.model) sealer.model = event.model;
        if (event.usage) mergeUsage(usage, event.usage);
        return '';
      case 'text':
      case 'reasoning':
      case 'reasoning_encrypted':
      case 'reasoning_signature':
      case 'reasoning_redacted':
      case 'tool_call_start':
      case 'tool_call_delta':
      case 'tool_call_done':
        return route(event);
      case 'usage':
        mergeUsage(usage, event.usage);
        return '';
      case 'finish':
        finishReason = event.reason;
        return '';
      case 'error':
        return onError(event);
    }
  }

  return {
    push(event) {
      if (finished) return '';
      const prefix = start(event.type === 'start' ? event.id : undefined);
      return prefix + handle(event);
    },
    end() {
      if (finished) return '';
      let out = start() + flushQueue() + closeOpen();
      finished = true;
      const { status, incompleteDetails } = statusForStop(finishReason, hasToolCall);
      const response = envelope({ status, output, usage: encodeResponsesUsage(usage), incompleteDetails });
      out += emit(status === 'completed' ? 'response.completed' : 'response.incomplete', { response });
      return out;
    },
  };
}
