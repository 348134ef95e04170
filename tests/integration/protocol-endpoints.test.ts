/**
 * Protocol fidelity of the side endpoints: `GET /v1/models` read by both
 * official SDKs, Anthropic's `?beta=true` and unknown `anthropic-version`,
 * and `POST /v1/embeddings` relayed to OpenAI-protocol upstreams.
 */
import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import Anthropic0 from 'anthropic-sdk-0';
import { validateAnthropicStream } from '../support/stream-validators.ts';
import { useProtocolHarness } from './__fixtures__/use-protocol-harness.ts';
import { streamContent } from './__fixtures__/stream-content.ts';

/** Every stream the SDKs receive is grammar-checked as well. */
const setup = useProtocolHarness();

const allModels = ['via-anthropic', 'via-gemini', 'via-openai', 'via-responses'];

describe('GET /v1/models', () => {
  it('is parsed by openai.models.list() and retrieve()', async () => {
    const page = await setup.openai.models.list();
    expect(page.data.map((model) => model.id).sort()).toEqual(allModels);
    for (const model of page.data) {
      expect(model.object).toBe('model');
      expect(typeof model.created).toBe('number');
      expect(typeof model.owned_by).toBe('string');
    }
    expect((await setup.openai.models.retrieve('via-gemini')).id).toBe('via-gemini');
    await expect(setup.openai.models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('is parsed by anthropic.models.list() and retrieve() in both SDK majors', async () => {
    const legacy = new Anthropic0(setup.anthropicOptions());
    for (const client of [setup.anthropic, legacy as unknown as Anthropic]) {
      const ids: string[] = [];
      for await (const model of client.models.list()) {
        expect(model.type).toBe('model');
        expect(typeof model.display_name).toBe('string');
        expect(Number.isNaN(Date.parse(model.created_at))).toBe(false);
        ids.push(model.id);
      }
      expect(ids.sort()).toEqual(allModels);
      const one = await client.models.retrieve('via-openai');
      expect(one).toMatchObject({ id: 'via-openai', type: 'model' });
    }
    await expect(setup.anthropic.models.retrieve('no-such-model')).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    );
  });

  it('answers a bad key with 401 in the shape of the SDK that asked', async () => {
    const badOpenAi = new OpenAI(setup.openaiOptions('sk-wrong'));
    await expect(badOpenAi.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const badAnthropic = new Anthropic(setup.anthropicOptions('sk-wrong'));
    const error = await badAnthropic.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });
});

describe('Anthropic transport details', () => {
  it('serves POST /v1/messages?beta=true (Claude Code) like /v1/messages, streamed and not', async () => {
    setup.upstream.enqueue({ kind: 'text', text: 'beta ok' });
    const message = await setup.anthropic.beta.messages.create({
      model: 'via-openai',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
      betas: ['interleaved-thinking-2025-05-14'],
    });
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'beta ok' })]);
    expect(setup.upstream.requests.at(-1)!.family).toBe('openai-chat');

    setup.upstream.enqueue({ kind: 'text', text: 'beta stream ok' });
    const raw = await setup.post(
      '/v1/messages?beta=true',
      { model: 'via-gemini', max_tokens: 64, stream: true, messages: [{ role: 'user', content: 'hi' }] },
      { 'anthropic-beta': 'claude-code-20250219,oauth-2025-04-20', 'anthropic-version': '2023-06-01' },
    );
    expect(raw.status).toBe(200);
    expect(validateAnthropicStream(raw.text)).toEqual([]);
    expect(streamContent('messages', raw.text).text).toBe('beta stream ok');
  });

  it('accepts any anthropic-version, and none, and forwards beta flags to an Anthropic upstream', async () => {
    for (const version of ['2099-01-01', 'not-a-date', undefined]) {
      setup.upstream.enqueue({ kind: 'text', text: `version ${version}` });
      const headers: Record<string, string> = { 'x-api-key': setup.key, authorization: '' };
      if (version) headers['anthropic-version'] = version;
      const raw = await setup.post(
        '/v1/messages',
        { model: 'via-anthropic', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
        { ...headers, 'anthropic-beta': 'context-management-2025-06-27' },
      );
      expect(raw.status).toBe(200);
      expect(JSON.parse(raw.text).content[0].text).toBe(`version ${version}`);
      expect(setup.lastGeneration().headers['anthropic-beta']).toBe('context-management-2025-06-27');
      expect(setup.lastGeneration().headers['anthropic-version']).toBeTruthy();
    }
  });
});

describe('POST /v1/embeddings', () => {
  it('relays openai.embeddings.create to an OpenAI-protocol upstream and logs the usage', async () => {
    const result = await setup.openai.embeddings.create({
      model: 'via-openai',
      input: ['first text', 'the second text'],
      encoding_format: 'float',
    });
    expect(result.data.map((item) => item.index)).toEqual([0, 1]);
    expect(result.data[0]!.embedding).toHaveLength(8);
    expect(result.usage.prompt_tokens).toBe(7);
    const received = setup.upstream.lastRequest()!;
    expect(received.path).toBe('/v1/embeddings');
    expect(received.body).toEqual({
      model: 'gpt-upstream',
      input: ['first text', 'the second text'],
      encoding_format: 'float',
    });
    expect(received.headers.authorization).toBe('Bearer sk-upstream-test-key-0001');

    setup.gateway.internals.flushLogs();
    const row = setup.gateway.database
      .prepare(
        "SELECT inbound_protocol, requested_model, input_tokens, status FROM request_logs WHERE inbound_protocol = 'embeddings'",
      )
      .get();
    expect(row).toEqual({
      inbound_protocol: 'embeddings',
      requested_model: 'via-openai',
      input_tokens: 7,
      status: 200,
    });
  });

  it('works with the SDK default (base64) encoding too', async () => {
    const result = await setup.openai.embeddings.create({ model: 'via-responses', input: 'one' });
    expect(result.data).toHaveLength(1);
    expect(setup.upstream.lastRequest()!.body.encoding_format).toBe('base64');
  });

  it('keeps upstream errors in OpenAI shape and refuses models without an OpenAI-protocol target', async () => {
    setup.upstream.enqueue({
      fault: 'status',
      status: 400,
      body: { error: { message: 'input too long', type: 'invalid_request_error', code: null } },
    });
    const tooLong = await setup.openai.embeddings
      .create({ model: 'via-openai', input: 'x' })
      .catch((error: unknown) => error);
    expect(tooLong).toBeInstanceOf(OpenAI.BadRequestError);
    expect((tooLong as Error).message).toContain('input too long');

    const wrongFamily = await setup.openai.embeddings
      .create({ model: 'via-anthropic', input: 'x' })
      .catch((error: unknown) => error);
    expect(wrongFamily).toBeInstanceOf(OpenAI.BadRequestError);
    expect((wrongFamily as Error).message).toMatch(/OpenAI/);
    await expect(setup.openai.embeddings.create({ model: 'missing', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.NotFoundError,
    );
    const bad = new OpenAI(setup.openaiOptions('sk-wrong'));
    await expect(bad.embeddings.create({ model: 'via-openai', input: 'x' })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
  });
});
