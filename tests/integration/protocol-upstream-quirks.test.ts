/**
 * OpenAI-compatible vendors' stream quirks (protocols.md 2.4), normalized on
 * the way to Anthropic and Responses clients (a chat client of a chat upstream
 * gets the vendor's bytes by pass-through).
 */
import { describe, expect, it } from 'vitest';
import { validateAnthropicStream, validateResponsesStream } from '../support/stream-validators.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import { chatVendorQuirks, rawChat } from './__fixtures__/raw-upstream-streams.ts';
import { streamContent } from './__fixtures__/stream-content.ts';

const setup = useProtocolHarness();

const clients = [
  {
    client: 'messages' as const,
    path: '/v1/messages',
    body: { max_tokens: 64, messages: [{ role: 'user', content: 'Weather?' }] },
    validate: (text: string) => validateAnthropicStream(text),
    stop: 'tool_use',
  },
  {
    client: 'responses' as const,
    path: '/v1/responses',
    body: { input: 'Weather?' },
    validate: validateResponsesStream,
    stop: 'completed',
  },
];

describe.each(Object.keys(chatVendorQuirks))('%s', (quirk) => {
  it.each(clients)(
    'reaches a $client client as a valid stream with the whole call',
    async ({ client, path, body, validate, stop }) => {
      setup.upstream.enqueue(rawChat(chatVendorQuirks[quirk]!));
      const raw = await setup.post(path, { model: 'via-openai', stream: true, ...body });
      expect(raw.status).toBe(200);
      expect(validate(raw.text)).toEqual([]);
      const content = streamContent(client, raw.text);
      expect(content.text).toBe('Checking. ');
      expect(content.tools).toEqual([{ name: 'get_weather', arguments: { location: 'Paris' } }]);
      expect(content.stop).toBe(stop);
    },
  );
});
