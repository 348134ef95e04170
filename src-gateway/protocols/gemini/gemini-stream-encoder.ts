import { emptyUsage, mergeUsage, type StopReason, type StreamEvent } from '../../canonical/types.ts';
import { formatSse } from '../../lib/sse.ts';
import type { EncodeContext, StreamEncoder } from '../types.ts';
import { functionCallPart, thoughtPart } from './encode-gemini-response.ts';
import { geminiErrorBody } from './encode-gemini-error.ts';
import { encodeGeminiUsage } from './encode-gemini-usage.ts';
import { toGeminiFinishReason } from './to-gemini-finish-reason.ts';
import { createReasoningSealer } from '../create-reasoning-sealer.ts';
import { mergeSealed, sealReasoning, type SealedReasoning } from '../reasoning-envelope.ts';

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
  custom?: boolean;
  thoughtSignature?: string;
}

/**
 * Canonical stream events to `streamGenerateContent?alt=sse` chunks
 * (protocols.md 3): every `data:` is a whole `GenerateContentResponse` with no
 * `event:` line and no `[DONE]`. Text and thoughts go out as they come;
 * function calls arrive whole in Gemini, so a call's argument deltas are
 * gathered and the call sent in one part once it is complete (before the next
 * text, or in the last chunk). The last chunk carries the finish reason and the
 * usage, which upstreams may report after their finish. Another family's reasoning
 * state is gathered and sent as the gateway's envelope in the `thoughtSignature` of
 * the next part (text or call, where Gemini puts its own), or of an empty thought
 * part in the last chunk (reasoning-envelope.ts).
 */
export function createGeminiStreamEncoder(context: EncodeContext): StreamEncoder {
  const usage = emptyUsage();
  /** Calls still being gathered, by `toolIndex`, in the order they started. */
  const calls = new Map<number, PendingCall>();
  let responseId = context.requestId;
  let finishReason: StopReason | undefined;
  let sawToolCall = false;
  let closed = false;
  const sealer = createReasoningSealer();
  let pending: SealedReasoning | undefined;

  function chunk(parts: Array<Record<string, unknown>>, last = false): string {
    if (pending && parts[0] && parts[0].thoughtSignature === undefined && parts[0].thought !== true) {
      parts[0] = { ...parts[0], thoughtSignature: sealReasoning(pending) };
      pending = undefined;
    }
    const candidate: Record<string, unknown> = { content: { role: 'model', parts }, index: 0 };
    const body: Record<string, unknown> = { candidates: [candidate] };
    if (last) {
      const reason = sawToolCall ? 'tool_use' : (finishReason ?? 'end_turn');
      candidate.finishReason = toGeminiFinishReason(reason);
      body.usageMetadata = encodeGeminiUsage(usage);
    }
    body.modelVersion = context.model;
    body.responseId = responseId;
    return formatSse(JSON.stringify(body));
  }

  /** Complete calls as parts (sent before anything that follows them). */
  function takeCalls(): Array<Record<string, unknown>> {
    const parts = [...calls.values()].map((call) => functionCallPart(call));
    calls.clear();
    return parts;
  }

  function flushCalls(): string {
    return calls.size > 0 ? chunk(takeCalls()) : '';
  }

  function encode(event: StreamEvent): string {
    switch (event.type) {
      case 'start':
        if (event.model) sealer.model = event.model;
        if (event.id) responseId = event.id;
        if (event.usage) mergeUsage(usage, event.usage);
        return '';
      case 'text':
        return event.text === '' ? '' : flushCalls() + chunk([{ text: event.text }]);
      case 'reasoning': {
        sealer.text(event.text);
        const part = thoughtPart({ text: event.text });
        return part ? flushCalls() + chunk([part]) : '';
      }
      case 'reasoning_signature':
      case 'reasoning_redacted':
      case 'reasoning_encrypted': {
        if (event.type === 'reasoning_signature' && event.origin === 'gemini') {
          const part = thoughtPart({ text: '', signature: event.signature, origin: event.origin });
          return part ? flushCalls() + chunk([part]) : '';
        }
        // Another family's state is gathered for an envelope.
        const sealed = sealer.seal(event);
        if (sealed) pending = mergeSealed(pending, sealed);
        return '';
      }
      case 'tool_call_start': {
        sawToolCall = true;
        const call: PendingCall = { id: event.id, name: event.name, arguments: '' };
        if (event.custom) call.custom = true;
        if (event.thoughtSignature) call.thoughtSignature = event.thoughtSignature;
        calls.set(event.toolIndex, call);
        return '';
      }
      case 'tool_call_delta': {
        const call = calls.get(event.toolIndex);
        if (call) call.arguments += event.arguments;
        return '';
      }
      case 'tool_call_done': {
        // `done` repeats the whole arguments for upstreams that sent no deltas.
        const call = calls.get(event.toolIndex);
        if (call && call.arguments === '' && event.arguments) call.arguments = event.arguments;
        return '';
      }
      case 'usage':
        mergeUsage(usage, event.usage);
        return '';
      case 'finish':
        finishReason = event.reason;
        return '';
      case 'error':
        closed = true;
        return geminiStreamErrorFrames(event.status, event.code, event.message);
      default:
        return '';
    }
  }

  return {
    push(event) {
      return closed ? '' : encode(event);
    },
    end() {
      if (closed) return '';
      closed = true;
      const parts = takeCalls();
      if (parts.length === 0)
        parts.push(
          pending ? { text: '', thought: true, thoughtSignature: sealReasoning(pending) } : { text: '' },
        );
      return chunk(parts, true);
    },
  };
}

/**
 * A failure after the stream began: Google's error object as an SSE `data:` event
 * (what SSE parsers read), then the same object as a bare line, which is how the
 * Gemini API itself sends it and the only form `@google/genai` turns into a thrown
 * `ApiError` (googleapis/js-genai#461); SSE parsers ignore a line without a field.
 */
export function geminiStreamErrorFrames(status: number, code: string, message: string): string {
  const httpStatus = status === 529 ? 503 : status;
  const body = JSON.stringify(geminiErrorBody(httpStatus, code, message));
  return formatSse(body) + body + '\n';
}
