import { describe, expect, it } from 'vitest';
import type { CanonicalResponse, StreamEvent } from '../../canonical/types.ts';
import { GatewayError } from '../../lib/errors.ts';
import { createSseParser } from '../../lib/sse.ts';
import type { EncodeContext } from '../types.ts';
import { encodeGeminiError } from './encode-gemini-error.ts';
import { geminiInbound } from './index.ts';

const context: EncodeContext = { requestId: 'req_1', model: 'my-model', created: 1_700_000_000 };
const usage = {
  inputTokens: 40,
  outputTokens: 30,
  cacheReadTokens: 10,
  cacheWriteTokens: 0,
  reasoningTokens: 12,
};

function chunks(text: string): Array<Record<string, any>> {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()].map((event) => JSON.parse(event.data));
}

describe('encodeGeminiResponse', () => {
  it('answers one candidate with thoughts, text and function calls, and Gemini usage', () => {
    const response: CanonicalResponse = {
      id: 'msg_1',
      model: 'claude-x',
      content: [
        { type: 'reasoning', text: 'Think.', signature: 'anthropic-sig', origin: 'anthropic' },
        { type: 'text', text: 'Checking.' },
        { type: 'tool_call', id: 'toolu_1', name: 'get_weather', arguments: '{"location":"Paris"}' },
      ],
      stopReason: 'tool_use',
      usage,
    };
    expect(geminiInbound.encodeResponse(response, context)).toEqual({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              // A foreign signature never reaches a Gemini client as one: the next part carries
              // it in the gateway's envelope, where Gemini puts its own signatures.
              { text: 'Think.', thought: true },
              { text: 'Checking.', thoughtSignature: expect.stringMatching(/^llmgw\.v1\./) },
              { functionCall: { id: 'toolu_1', name: 'get_weather', args: { location: 'Paris' } } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
      usageMetadata: {
        promptTokenCount: 40,
        candidatesTokenCount: 18,
        thoughtsTokenCount: 12,
        cachedContentTokenCount: 10,
        totalTokenCount: 70,
      },
      modelVersion: 'my-model',
      responseId: 'msg_1',
    });
  });

  it('maps stop reasons to finish reasons', () => {
    const finish = (stopReason: CanonicalResponse['stopReason']) =>
      (geminiInbound.encodeResponse({ id: 'x', model: '', content: [], stopReason, usage }, context) as any)
        .candidates[0].finishReason;
    expect(
      ['end_turn', 'max_tokens', 'content_filter', 'stop_sequence'].map((reason) => finish(reason as never)),
    ).toEqual(['STOP', 'MAX_TOKENS', 'SAFETY', 'STOP']);
  });
});

describe('Gemini stream encoder', () => {
  it('streams text and thoughts as they come and each call whole, with finish and usage last', () => {
    const encoder = geminiInbound.createStreamEncoder(context);
    const events: StreamEvent[] = [
      { type: 'start', id: 'resp_9' },
      { type: 'reasoning', text: 'Hmm.' },
      { type: 'text', text: 'Let me ' },
      { type: 'text', text: 'check.' },
      { type: 'tool_call_start', toolIndex: 0, id: 'call_a', name: 'get_weather' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: '{"loca' },
      { type: 'tool_call_delta', toolIndex: 0, arguments: 'tion":"Paris"}' },
      { type: 'tool_call_start', toolIndex: 1, id: 'call_b', name: 'get_time' },
      { type: 'tool_call_done', toolIndex: 1, arguments: '{"zone":"CET"}' },
      { type: 'finish', reason: 'end_turn' },
      { type: 'usage', usage },
    ];
    let text = '';
    for (const event of events) text += encoder.push(event);
    text += encoder.end();
    expect(text).not.toContain('event:');
    const parsed = chunks(text);
    expect(parsed.map((chunk) => chunk.candidates[0].content.parts)).toEqual([
      [{ text: 'Hmm.', thought: true }],
      [{ text: 'Let me ' }],
      [{ text: 'check.' }],
      [
        { functionCall: { id: 'call_a', name: 'get_weather', args: { location: 'Paris' } } },
        { functionCall: { id: 'call_b', name: 'get_time', args: { zone: 'CET' } } },
      ],
    ]);
    expect(parsed.every((chunk) => chunk.responseId === 'resp_9' && chunk.modelVersion === 'my-model')).toBe(
      true,
    );
    expect(parsed.slice(0, -1).some((chunk) => chunk.candidates[0].finishReason || chunk.usageMetadata)).toBe(
      false,
    );
    expect(parsed.at(-1)).toMatchObject({
      candidates: [{ finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 18, totalTokenCount: 70 },
    });
  });

  it('ends a stream without content with one finishing chunk, and a failure with Google’s error object', () => {
    const empty = geminiInbound.createStreamEncoder(context);
    empty.push({ type: 'finish', reason: 'max_tokens' });
    expect(chunks(empty.end())[0]).toMatchObject({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'MAX_TOKENS' }],
    });

    const failing = geminiInbound.createStreamEncoder(context);
    failing.push({ type: 'text', text: 'partial' });
    const frames = failing.push({ type: 'error', status: 529, code: 'overloaded', message: 'Busy' });
    expect(failing.push({ type: 'text', text: 'late' }) + failing.end()).toBe('');
    const error = { code: 503, message: 'Busy', status: 'UNAVAILABLE' };
    expect(chunks(frames)).toEqual([
      { error: { ...error, details: [expect.objectContaining({ reason: 'overloaded' })] } },
    ]);
    // The bare line @google/genai throws on (googleapis/js-genai#461).
    expect(JSON.parse(frames.trim().split('\n').at(-1)!).error).toMatchObject(error);
  });
});

describe('encodeGeminiError', () => {
  it('answers every failure in Google’s shape with the matching status name', () => {
    const encode = (status: number, kind: GatewayError['kind'], retryAfter?: number) =>
      encodeGeminiError(
        new GatewayError({ status, kind, code: 'some_code', message: 'Nope', retryAfter }),
        'req_1',
      );
    expect(encode(401, 'authentication')).toEqual({
      status: 401,
      body: {
        error: {
          code: 401,
          message: 'Nope',
          status: 'UNAUTHENTICATED',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
              reason: 'some_code',
              domain: 'llm-gateway',
            },
          ],
        },
      },
    });
    const statuses = [
      [400, 'invalid_request', 'INVALID_ARGUMENT'],
      [403, 'permission', 'PERMISSION_DENIED'],
      [404, 'not_found', 'NOT_FOUND'],
      [500, 'internal', 'INTERNAL'],
      [529, 'overloaded', 'UNAVAILABLE'],
      [504, 'timeout', 'DEADLINE_EXCEEDED'],
    ] as const;
    for (const [status, kind, name] of statuses) expect(encode(status, kind).body.error.status).toBe(name);
    const limited = encode(429, 'rate_limit', 2.5);
    expect(limited.headers).toEqual({ 'retry-after': '3' });
    expect(limited.body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(limited.body.error.details).toContainEqual({
      '@type': 'type.googleapis.com/google.rpc.RetryInfo',
      retryDelay: '3s',
    });
    expect(encode(402, 'budget_exceeded').status).toBe(429);
  });
});
