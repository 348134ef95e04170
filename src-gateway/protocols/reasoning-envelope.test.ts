import { describe, expect, it } from 'vitest';
import { restoreAnthropicReasoning } from './anthropic/restore-anthropic-reasoning.ts';
import { restoreGeminiReasoning } from './gemini/restore-gemini-reasoning.ts';
import { stripReasoningEnvelopes } from './openai-chat/strip-reasoning-envelopes.ts';
import { restoreResponsesReasoning } from './openai-responses/restore-responses-reasoning.ts';
import { openReasoning, sealReasoning, type SealedReasoning } from './reasoning-envelope.ts';

const anthropicState: SealedReasoning = {
  family: 'anthropic',
  model: 'claude-x',
  blocks: [
    {
      type: 'reasoning',
      text: 'Zürich — 晴れ\n"quoted"',
      origin: 'anthropic',
      signature: 'EqQBCkYIBxgCKkA=',
    },
    { type: 'reasoning', text: '', origin: 'anthropic', redactedData: 'RVJST1I=' },
  ],
};
const openaiState: SealedReasoning = {
  family: 'openai',
  blocks: [{ type: 'reasoning', text: 'Sum', origin: 'openai', encryptedContent: 'gAAAAB', itemId: 'rs_1' }],
};

describe('the reasoning envelope', () => {
  it('gives back exactly what was sealed, and is clearly the gateway’s', () => {
    const sealed = sealReasoning(anthropicState);
    expect(sealed).toMatch(/^llmgw\.v1\.[A-Za-z0-9_-]+$/);
    expect(openReasoning(sealed)).toEqual(anthropicState);
    const withCalls: SealedReasoning = { family: 'gemini', blocks: [], calls: { call_1: 'c2ln' } };
    expect(openReasoning(sealReasoning(withCalls))).toEqual(withCalls);
  });

  it.each([
    ['a vendor signature', 'EqQBCkYIBxgCKkA='],
    ['an OpenAI blob', 'gAAAAABo'],
    ['not base64 JSON', 'llmgw.v1.%%%'],
    ['an unknown family', 'llmgw.v1.' + Buffer.from('{"family":"x","blocks":[]}').toString('base64url')],
    [
      'a block without text',
      'llmgw.v1.' + Buffer.from('{"family":"openai","blocks":[{}]}').toString('base64url'),
    ],
    ['another version', 'llmgw.v2.' + Buffer.from('{"family":"openai","blocks":[]}').toString('base64url')],
    ['not a string', 42],
  ])('reads %s as no envelope', (_name, value) => {
    expect(openReasoning(value)).toBeUndefined();
  });
});

describe('same-protocol pass-through', () => {
  const toolLoop = (assistant: unknown[]) => [
    { role: 'user', content: 'Weather?' },
    { role: 'assistant', content: assistant },
    { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '18' }] },
  ];
  const toolUse = { type: 'tool_use', id: 't1', name: 'w', input: {} };

  it('Anthropic: puts Anthropic state back, drops another family’s and then turns thinking off', () => {
    const own = restoreAnthropicReasoning({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: toolLoop([
        { type: 'thinking', thinking: '', signature: sealReasoning(anthropicState) },
        toolUse,
      ]),
    });
    expect(own.thinking).toEqual({ type: 'enabled', budget_tokens: 2048 });
    expect((own.messages as Array<{ content: unknown }>)[1]!.content).toEqual([
      { type: 'thinking', thinking: 'Zürich — 晴れ\n"quoted"', signature: 'EqQBCkYIBxgCKkA=' },
      { type: 'redacted_thinking', data: 'RVJST1I=' },
      toolUse,
    ]);

    const foreign = restoreAnthropicReasoning({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: toolLoop([
        { type: 'thinking', thinking: 'Sum', signature: sealReasoning(openaiState) },
        toolUse,
      ]),
    });
    expect(foreign.thinking).toBeUndefined();
    expect((foreign.messages as Array<{ content: unknown }>)[1]!.content).toEqual([toolUse]);

    const untouched = {
      messages: toolLoop([{ type: 'thinking', thinking: 'x', signature: 'EqQB' }, toolUse]),
    };
    expect(restoreAnthropicReasoning(untouched)).toBe(untouched);
  });

  it('Responses: puts OpenAI state back without the id, drops another family’s', () => {
    const body = {
      input: [
        { type: 'reasoning', id: 'rs_gw', summary: [], encrypted_content: sealReasoning(openaiState) },
        { type: 'reasoning', id: 'rs_gw2', summary: [], encrypted_content: sealReasoning(anthropicState) },
        { type: 'reasoning', id: 'rs_own', summary: [], encrypted_content: 'gAAAAC' },
      ],
    };
    expect(restoreResponsesReasoning(body).input).toEqual([
      { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Sum' }], encrypted_content: 'gAAAAB' },
      { type: 'reasoning', id: 'rs_own', summary: [], encrypted_content: 'gAAAAC' },
    ]);
    const untouched = { input: [body.input[2]] };
    expect(restoreResponsesReasoning(untouched)).toBe(untouched);
  });

  it('Chat: removes only the gateway’s reasoning_details entries', () => {
    const other = { type: 'reasoning.text', text: 'x', format: 'anthropic-claude-v1' };
    const body = {
      messages: [
        {
          role: 'assistant',
          content: 'a',
          reasoning_content: 'Sum',
          reasoning_details: [{ type: 'reasoning.encrypted', data: sealReasoning(openaiState) }],
        },
        {
          role: 'assistant',
          content: 'b',
          reasoning_details: [other, { type: 'reasoning.encrypted', data: sealReasoning(openaiState) }],
        },
      ],
    };
    expect(stripReasoningEnvelopes(body).messages).toEqual([
      { role: 'assistant', content: 'a', reasoning_content: 'Sum' },
      { role: 'assistant', content: 'b', reasoning_details: [other] },
    ]);
  });

  it('Gemini: drops another family’s envelope and the thoughts that only showed it', () => {
    const body = {
      contents: [
        {
          role: 'model',
          parts: [
            { text: 'Sum', thought: true },
            { text: 'Checking.', thoughtSignature: sealReasoning(openaiState) },
            { functionCall: { id: 'c1', name: 'w', args: {} } },
          ],
        },
      ],
    };
    expect(restoreGeminiReasoning(body).contents).toEqual([
      { role: 'model', parts: [{ text: 'Checking.' }, { functionCall: { id: 'c1', name: 'w', args: {} } }] },
    ]);
    const own = restoreGeminiReasoning({
      contents: [
        {
          role: 'model',
          parts: [
            {
              text: '',
              thought: true,
              thoughtSignature: sealReasoning({
                family: 'gemini',
                blocks: [{ type: 'reasoning', text: 'T', origin: 'gemini', signature: 'c2ln' }],
                calls: { c1: 'Y2FsbA==' },
              }),
            },
            { functionCall: { id: 'c1', name: 'w', args: {} } },
          ],
        },
      ],
    });
    expect(own.contents).toEqual([
      {
        role: 'model',
        parts: [
          { text: 'T', thought: true, thoughtSignature: 'c2ln' },
          { functionCall: { id: 'c1', name: 'w', args: {} }, thoughtSignature: 'Y2FsbA==' },
        ],
      },
    ]);
  });
});
