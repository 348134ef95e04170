import { rememberThoughtSignature } from './gemini-thought-signatures.ts';
import type { StreamEvent } from '../../canonical/types.ts';
import { randomId } from '../../lib/ids.ts';
import type { SseEvent } from '../../lib/sse.ts';
import type { StreamDecoder } from '../types.ts';
import { type GeminiUsageMetadata, geminiResponseSchema } from './gemini-response-schema.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';

/**
 * Decoder for `streamGenerateContent?alt=sse`: every `data:` is a whole
 * `GenerateContentResponse` chunk, with no `event:` line and no `[DONE]`.
 * Function calls arrive whole, so each becomes a `tool_call_start` and one
 * `tool_call_delta`. Usage and the finish are held back to the end of the
 * stream: `usageMetadata` is cumulative (the last one wins) and may follow the
 * chunk that carried `finishReason`.
 */
export function createGeminiStreamDecoder(): StreamDecoder {
  let started = false;
  let done = false;
  let toolCount = 0;
  let finishReason: string | undefined;
  let blocked = false;
  let usage: GeminiUsageMetadata | undefined;

  function fail(out: StreamEvent[], status: number, code: string, message: string): StreamEvent[] {
    done = true;
    out.push({ type: 'error', status, code, message });
    return out;
  }

  return {
    push(event: SseEvent): StreamEvent[] {
      const out: StreamEvent[] = [];
      if (done || event.data.trim() === '') return out;
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        return fail(
          out,
          502,
          'invalid_upstream_chunk',
          'Gemini upstream sent a stream chunk that is not JSON',
        );
      }
      const parsed = geminiResponseSchema.safeParse(json);
      if (!parsed.success)
        return fail(out, 502, 'invalid_upstream_chunk', 'Gemini upstream sent an unreadable stream chunk');
      const chunk = parsed.data;
      if (chunk.error) {
        // The code becomes the client's HTTP status: only an error status counts (never 200 or 0).
        const code = chunk.error.code;
        return fail(
          out,
          code !== undefined && Number.isInteger(code) && code >= 400 && code <= 599 ? code : 502,
          chunk.error.status || 'upstream_error',
          chunk.error.message || 'Gemini upstream reported an error',
        );
      }

      if (!started) {
        started = true;
        const start: StreamEvent = { type: 'start' };
        if (chunk.responseId !== undefined) start.id = chunk.responseId;
        if (chunk.modelVersion !== undefined) start.model = chunk.modelVersion;
        out.push(start);
      }
      if (chunk.usageMetadata) usage = chunk.usageMetadata;
      if (chunk.promptFeedback?.blockReason && !chunk.candidates?.length) blocked = true;

      const candidate = chunk.candidates?.find((entry) => (entry.index ?? 0) === 0);
      for (const part of candidate?.content?.parts ?? []) {
        if (part.functionCall) {
          const toolIndex = toolCount++;
          const start: StreamEvent = {
            type: 'tool_call_start',
            toolIndex,
            id: part.functionCall.id ?? randomId('call_'),
            name: part.functionCall.name,
          };
          if (part.thoughtSignature) start.thoughtSignature = part.thoughtSignature;
          // Clients of other protocols return only the id; the signature must come back too.
          rememberThoughtSignature(start.id, part.thoughtSignature);
          out.push(start, {
            type: 'tool_call_delta',
            toolIndex,
            arguments: JSON.stringify(part.functionCall.args ?? {}),
          });
        } else if (part.thought) {
          if (part.text) out.push({ type: 'reasoning', text: part.text });
          if (part.thoughtSignature)
            out.push({ type: 'reasoning_signature', signature: part.thoughtSignature, origin: 'gemini' });
        } else if (part.text) {
          out.push({ type: 'text', text: part.text });
        }
      }
      if (candidate?.finishReason !== undefined) {
        finishReason = candidate.finishReason;
        const finish = mapGeminiFinishReason(finishReason, toolCount > 0);
        if (finish.kind === 'error')
          return fail(out, 502, finish.code, candidate.finishMessage || finish.message);
      }
      return out;
    },

    end(): StreamEvent[] {
      if (done) return [];
      const out: StreamEvent[] = [];
      if (!started)
        return fail(
          out,
          502,
          'empty_upstream_stream',
          'Gemini upstream closed the stream without sending a chunk',
        );
      if (usage) out.push({ type: 'usage', usage: mapGeminiUsage(usage) });
      const finish = mapGeminiFinishReason(finishReason, toolCount > 0);
      done = true;
      // Errors were reported in push(); here the finish is always a stop reason.
      out.push({
        type: 'finish',
        reason: blocked ? 'content_filter' : finish.kind === 'stop' ? finish.reason : 'end_turn',
      });
      return out;
    },
  };
}
