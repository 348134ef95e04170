import { emptyUsage, mergeUsage, type StopReason, type StreamEvent } from '../../canonical/types.ts';
import { formatSse } from '../../lib/sse.ts';
import type { EncodeContext, StreamEncoder } from '../types.ts';
import { chatErrorType } from './encode-chat-error.ts';
import { encodeChatUsage } from './encode-chat-usage.ts';
import { toChatFinishReason } from './map-chat-finish-reason.ts';
import { reasoningDetails } from './reasoning-details.ts';
import { createReasoningSealer } from '../create-reasoning-sealer.ts';
import { sealCallSignature, sealReasoning } from '../reasoning-envelope.ts';

interface ToolState {
  index: number;
  sentArguments: boolean;
}

/**
 * Canonical stream events to chat completion chunks, following the grammar in
 * protocols.md 1.1: a role chunk first, tool calls announced with index, id,
 * `type:"function"` and name, one finish chunk, the usage chunk only when the
 * client asked for it, then `[DONE]`. The finish and usage chunks are written
 * at `end()`, because upstream usage may arrive after the finish. Reasoning state
 * (signatures, redacted or encrypted reasoning, Gemini call signatures) is gathered
 * and sent once, as `reasoning_details` envelopes in one chunk before the finish
 * (the SDK's stream helper keeps the last value of a field it does not know).
 */
export function createChatStreamEncoder(context: EncodeContext): StreamEncoder {
  const includeUsage = context.includeUsage === true;
  const usage = emptyUsage();
  const tools = new Map<number, ToolState>();
  const sealer = createReasoningSealer();
  const envelopes: string[] = [];
  let id = `chatcmpl-${context.requestId}`;
  let started = false;
  let closed = false;
  let finishReason: StopReason | undefined;

  function chunk(delta: Record<string, unknown>, finish: string | null = null): string {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created: context.created,
      model: context.model,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    if (includeUsage) body.usage = null;
    return formatSse(JSON.stringify(body));
  }

  /** The role chunk the SDK helper needs before anything else ("missing role for choice 0"). */
  function ensureStarted(): string {
    if (started) return '';
    started = true;
    return chunk({ role: 'assistant', content: '' });
  }

  function encode(event: StreamEvent): string {
    switch (event.type) {
      case 'start':
        if (event.model) sealer.model = event.model;
        if (!started && event.id) id = event.id;
        if (event.usage) mergeUsage(usage, event.usage);
        return ensureStarted();
      case 'text':
        if (event.text === '') return '';
        return ensureStarted() + chunk({ content: event.text });
      case 'reasoning':
        if (event.text === '') return '';
        sealer.text(event.text);
        return ensureStarted() + chunk({ reasoning_content: event.text });
      case 'reasoning_signature':
      case 'reasoning_redacted':
      case 'reasoning_encrypted': {
        const sealed = sealer.seal(event);
        if (sealed) envelopes.push(sealReasoning(sealed));
        return '';
      }
      case 'tool_call_start': {
        if (tools.has(event.toolIndex)) return '';
        if (event.thoughtSignature)
          envelopes.push(sealCallSignature(event.id, event.thoughtSignature, sealer.model));
        const state: ToolState = { index: tools.size, sentArguments: false };
        tools.set(event.toolIndex, state);
        const call = {
          index: state.index,
          id: event.id,
          type: 'function',
          function: { name: event.name, arguments: '' },
        };
        return ensureStarted() + chunk({ tool_calls: [call] });
      }
      case 'tool_call_delta':
      case 'tool_call_done': {
        const state = tools.get(event.toolIndex);
        // A delta for a call never announced would break the client's snapshot; drop it.
        if (!state || !event.arguments) return '';
        // `done` repeats the full arguments; only send them when no deltas did.
        if (event.type === 'tool_call_done' && state.sentArguments) return '';
        state.sentArguments = true;
        return chunk({ tool_calls: [{ index: state.index, function: { arguments: event.arguments } }] });
      }
      case 'usage':
        mergeUsage(usage, event.usage);
        return '';
      case 'finish':
        finishReason = event.reason;
        return '';
      case 'error': {
        closed = true;
        const error = {
          message: event.message,
          type: chatErrorType(event.status),
          param: null,
          code: event.code,
        };
        // The SDK throws on any chunk carrying `error`; nothing may follow it but [DONE].
        return formatSse(JSON.stringify({ error })) + formatSse('[DONE]');
      }
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
      let out = ensureStarted();
      if (envelopes.length > 0) out += chunk({ reasoning_details: reasoningDetails(envelopes) });
      const reason = tools.size > 0 ? 'tool_calls' : toChatFinishReason(finishReason ?? 'end_turn');
      out += chunk({}, reason);
      if (includeUsage) {
        const body = {
          id,
          object: 'chat.completion.chunk',
          created: context.created,
          model: context.model,
          choices: [],
          usage: encodeChatUsage(usage),
        };
        out += formatSse(JSON.stringify(body));
      }
      return out + formatSse('[DONE]');
    },
  };
}
