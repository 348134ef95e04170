import { describe, expect, it } from 'vitest';
import { createGeminiStreamDecoder } from './gemini-stream-decoder.ts';
import { encodeGeminiRequest } from './encode-gemini-request.ts';
import {
  recallThoughtSignature,
  rememberThoughtSignature,
  requiresThoughtSignatures,
} from './gemini-thought-signatures.ts';
import type { CanonicalRequest } from '../../canonical/types.ts';

function replay(id: string, model: string, signature?: string) {
  const request: CanonicalRequest = {
    model: 'm',
    system: [],
    stream: false,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          {
            type: 'tool_call',
            id,
            name: 'get_weather',
            arguments: '{}',
            ...(signature ? { thoughtSignature: signature } : {}),
          },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', toolCallId: id, content: 'Sunny' }] },
    ],
  };
  const body = encodeGeminiRequest(request, { upstreamModel: model }).body as {
    contents: Array<{ parts: Array<Record<string, unknown>> }>;
  };
  return body.contents[1]!.parts[0]!;
}

describe('Gemini thought signatures across clients that only return the call id', () => {
  it('remembers the signature of a streamed call and puts it back when the id is replayed', () => {
    const decoder = createGeminiStreamDecoder();
    const events = decoder.push({
      data: JSON.stringify({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 'c2lnMQ==' }],
            },
            finishReason: 'STOP',
          },
        ],
      }),
    });
    const start = events.find((event) => event.type === 'tool_call_start');
    if (start?.type !== 'tool_call_start') throw new Error('no tool call');
    expect(recallThoughtSignature(start.id)).toBe('c2lnMQ==');
    expect(replay(start.id, 'gemini-2.5-flash').thoughtSignature).toBe('c2lnMQ==');
  });

  it('prefers the signature the request carries, and falls back to the sentinel only for Gemini 3+', () => {
    rememberThoughtSignature('call_known', 'remembered');
    expect(replay('call_known', 'gemini-3-pro-preview', 'carried').thoughtSignature).toBe('carried');
    expect(replay('call_unknown', 'gemini-3-pro-preview').thoughtSignature).toBe(
      'skip_thought_signature_validator',
    );
    expect(replay('call_unknown', 'gemini-2.5-pro').thoughtSignature).toBeUndefined();
  });

  it('knows which models validate signatures', () => {
    expect(
      ['gemini-3-pro-preview', 'gemini-3.1-flash', 'gemini-4', 'models/gemini-10-ultra'].map(
        requiresThoughtSignatures,
      ),
    ).toEqual([true, true, true, true]);
    expect(['gemini-2.5-pro', 'gemini-1.5-flash', 'gemini-30x'].map(requiresThoughtSignatures)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
