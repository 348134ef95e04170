/**
 * Usage semantics across families (protocols.md 2.7): cache writes, cache reads
 * and reasoning tokens reported by one upstream family arrive in every client
 * protocol with that protocol's own meaning, streamed and not, and in the log.
 */
import { describe, expect, it } from 'vitest';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';

/** Every stream the SDKs receive is grammar-checked as well. */
const setup = useProtocolHarness();

/** Canonical: 100 input of which 10 cache reads and 20 cache writes; 30 output of which 12 reasoning. */
const usage = { input: 100, output: 30, cacheRead: 10, cacheWrite: 20, reasoning: 12 };
const question = [{ role: 'user' as const, content: 'How many tokens?' }];

/** Which fields each upstream family can report at all. */
const families = [
  { model: 'via-anthropic', cacheWrite: true, reasoning: false },
  { model: 'via-gemini', cacheWrite: false, reasoning: true },
  { model: 'via-openai', cacheWrite: false, reasoning: true },
];

describe.each(families)('usage from $model', ({ model, cacheWrite, reasoning }) => {
  const scenario = () =>
    setup.upstream.enqueue({
      kind: 'reasoning',
      reasoning: 'Counting.',
      text: 'Many.',
      usage: { ...usage, cacheWrite: cacheWrite ? 20 : 0 },
    });
  const reasoningTokens = reasoning ? 12 : 0;

  it.each([false, true])('reaches a chat client as prompt/completion tokens (stream: %s)', async (stream) => {
    scenario();
    const completion = stream
      ? await setup.openai.chat.completions
          .stream({ model, messages: question, stream_options: { include_usage: true } })
          .finalChatCompletion()
      : await setup.openai.chat.completions.create({ model, messages: question });
    // OpenAI prompt_tokens include cached (read and written) tokens; completion_tokens include reasoning.
    expect(completion.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 30, total_tokens: 130 });
    expect(completion.usage?.prompt_tokens_details?.cached_tokens).toBe(10);
    if (reasoning)
      expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(reasoningTokens);
  });

  it.each([false, true])('reaches a Responses client as input/output tokens (stream: %s)', async (stream) => {
    scenario();
    const response = stream
      ? await setup.openai.responses.stream({ model, input: 'How many tokens?' }).finalResponse()
      : await setup.openai.responses.create({ model, input: 'How many tokens?' });
    expect(response.usage).toMatchObject({ input_tokens: 100, output_tokens: 30, total_tokens: 130 });
    expect(response.usage?.input_tokens_details.cached_tokens).toBe(10);
    if (reasoning) expect(response.usage?.output_tokens_details.reasoning_tokens).toBe(reasoningTokens);
  });

  it.each([false, true])(
    'reaches an Anthropic client with cache excluded from input_tokens (stream: %s)',
    async (stream) => {
      scenario();
      const request = { model, max_tokens: 256, messages: question };
      const message = stream
        ? await setup.anthropic.messages.stream(request).finalMessage()
        : await setup.anthropic.messages.create(request);
      expect(message.usage).toMatchObject({
        input_tokens: cacheWrite ? 70 : 90,
        cache_read_input_tokens: 10,
        cache_creation_input_tokens: cacheWrite ? 20 : 0,
        output_tokens: 30,
      });
      setup.gateway.internals.flushLogs();
      const row = setup.gateway.database
        .prepare(
          'SELECT input_tokens, output_tokens, cache_read_tokens, cache_write_tokens FROM request_logs ORDER BY started_at DESC, rowid DESC LIMIT 1',
        )
        .get();
      expect(row).toEqual({
        input_tokens: 100,
        output_tokens: 30,
        cache_read_tokens: 10,
        cache_write_tokens: cacheWrite ? 20 : 0,
      });
    },
  );
});
