import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { anthropicBody, hostileBody } from '../../../tests/fuzz/support/request-arbitraries.ts';
import { anthropicRequestSchema } from './anthropic-request-schema.ts';
import { decodeAnthropicRequest } from './decode-anthropic-request.ts';
import { passesAnthropicRequestSchema } from './passes-anthropic-request-schema.ts';

/** A body as the gateway reads it: what JSON.parse makes of the client's bytes. */
const asRead = (body: unknown): unknown => JSON.parse(JSON.stringify(body ?? null));

/**
 * The same body with a null prototype: the quick check leaves it to zod (which takes it), so
 * decoding it is the decode through zod's copy.
 */
const throughZod = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.assign(Object.create(null) as Record<string, unknown>, body);

/** A decode's result or the message it refused with (the decoder checks a little more than the schema). */
function decoded(body: unknown): unknown {
  try {
    return decodeAnthropicRequest(body);
  } catch (error) {
    return { refused: (error as Error).message };
  }
}

const agentBody = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32000,
  stream: true,
  metadata: { user_id: 'user_abc' },
  system: [
    { type: 'text', text: 'x-anthropic-billing-header: cc_version=2.1.3;' },
    { type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } },
  ],
  messages: [
    {
      role: 'user',
      content: [{ type: 'text', text: 'List files', cache_control: { type: 'ephemeral', ttl: '1h' } }],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Use ls.', signature: 'EqQBsig' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } },
      ],
    },
    {
      role: 'user',
      content: [
        {
          type: 'tool_result',
          tool_use_id: 'toolu_01',
          content: [
            { type: 'text', text: 'a.txt' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
          ],
        },
        { type: 'tool_result', tool_use_id: 'toolu_02', content: 'denied', is_error: true },
        { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: {} },
      ],
    },
    { role: 'system', content: 'Reminder.' },
  ],
  tools: [{ name: 'Bash', description: 'Run a command', input_schema: { type: 'object' } }, { name: 'Noop' }],
  tool_choice: { type: 'auto', disable_parallel_tool_use: true },
  thinking: { type: 'enabled', budget_tokens: 10000 },
  output_config: { effort: 'high', format: { type: 'json_schema', schema: { type: 'object' } } },
  temperature: null,
  context_management: { edits: [] },
};

describe('passesAnthropicRequestSchema', () => {
  it('passes what agents send, and the decode is the one through zod', () => {
    expect(passesAnthropicRequestSchema(agentBody)).toBe(true);
    expect(anthropicRequestSchema.safeParse(agentBody).success).toBe(true);
    expect(decodeAnthropicRequest(agentBody)).toEqual(decodeAnthropicRequest(throughZod(agentBody)));
  });

  it('leaves to zod what zod alone decides or names', () => {
    const variants: Array<(body: Record<string, any>) => void> = [
      (body) => (body.model = ''),
      (body) => (body.max_tokens = 0),
      (body) => (body.max_tokens = 1.5),
      (body) => (body.max_tokens = 2 ** 60),
      (body) => (body.messages[0].role = 'robot'),
      (body) => (body.messages[0].content[0].text = 1),
      (body) => (body.messages[0].content[0].cache_control = { type: 'persistent' }),
      (body) => delete body.messages[1].content[2].input,
      (body) => (body.messages[2].content[0].content = [{ text: 'no type' }]),
      (body) => (body.messages[2].content[1].is_error = 'yes'),
      (body) => (body.messages[2].content[2].type = 'constructor'),
      (body) => body.messages[0].content.push({ type: 'document', source: { type: 'text', data: 'x' } }),
      (body) => body.tools.push({ type: 'web_search_20250305', name: 'web_search' }),
      (body) => (body.tools[0].input_schema = []),
      (body) => (body.tool_choice = { type: 'tool', name: null }),
      (body) => (body.thinking = { type: 'enabled', budget_tokens: -1 }),
      (body) => (body.output_config.effort = 'extreme'),
      (body) => (body.stop_sequences = ['a', 1]),
      (body) => (body.top_k = 1.5),
      (body) => (body.stream = 'yes'),
      (body) => (body.metadata = { user_id: 1 }),
      (body) => (body.system = [{ type: 'image' }]),
      (body) => (body.messages = {}),
    ];
    for (const change of variants) {
      const body = structuredClone(agentBody) as Record<string, any>;
      change(body);
      expect(passesAnthropicRequestSchema(body), change.toString()).toBe(false);
    }
    expect(passesAnthropicRequestSchema([agentBody])).toBe(false);
    expect(passesAnthropicRequestSchema(null)).toBe(false);
  });

  it('never passes a generated body zod refuses, and decodes the ones it passes as zod would', () => {
    fc.assert(
      fc.property(fc.oneof(anthropicBody, hostileBody(anthropicBody)), (generated) => {
        const body = asRead(generated);
        if (!passesAnthropicRequestSchema(body)) return;
        expect(anthropicRequestSchema.safeParse(body).success).toBe(true);
        expect(decoded(body)).toEqual(decoded(throughZod(body as Record<string, unknown>)));
      }),
      { numRuns: 1000 },
    );
  });

  it('passes most generated valid bodies (the quick check is the usual path)', () => {
    const bodies = fc.sample(anthropicBody, { numRuns: 300, seed: 7 }).map(asRead);
    const passed = bodies.filter((body) => passesAnthropicRequestSchema(body)).length;
    expect(passed).toBeGreaterThan(bodies.length * 0.8);
  });
});
