import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: MockUpstream;
let harness: TestGateway;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

describe('POST /api/providers with a preset', () => {
  it('needs only the preset and a key: name, protocol, base URL, quirks and responsesApi come from it', async () => {
    const created = await harness.api('POST', '/api/providers', {
      preset: 'mistral',
      apiKey: 'mistral-test-key-0001',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Mistral',
      preset: 'mistral',
      protocol: 'openai',
      baseUrl: 'https://api.mistral.ai/v1',
      responsesApi: false,
      quirks: { toolIdNineAlnum: true, noStreamOptions: true },
      apiKeyHint: '0001',
    });
    const anthropic = await harness.api('POST', '/api/providers', {
      preset: 'anthropic',
      apiKey: 'sk-ant-test-0002',
    });
    expect(anthropic.body).toMatchObject({
      name: 'Anthropic',
      protocol: 'anthropic',
      baseUrl: 'https://api.anthropic.com',
    });
    expect(anthropic.body).not.toHaveProperty('responsesApi');
  });

  it('lets the request win over the preset, merging quirks', async () => {
    const created = await harness.api('POST', '/api/providers', {
      preset: 'deepseek',
      name: 'DeepSeek via relay',
      baseUrl: 'https://relay.example.com/v1',
      responsesApi: true,
      quirks: { developerRole: true },
    });
    expect(created.body).toMatchObject({
      name: 'DeepSeek via relay',
      baseUrl: 'https://relay.example.com/v1',
      responsesApi: true,
      quirks: { reasoningContentRoundTrip: true, developerRole: true },
    });
  });

  it('refuses an unknown preset and a preset whose URL must be edited but was not', async () => {
    const unknown = await harness.api('POST', '/api/providers', { preset: 'acme', apiKey: 'k-000000001' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/^preset: /);
    const azure = await harness.api('POST', '/api/providers', {
      preset: 'azure-openai',
      apiKey: 'azure-key-0001',
    });
    expect(azure.status).toBe(400);
    expect(azure.body.error.message).toMatch(/^baseUrl: .*\{resource\}/);
    const ok = await harness.api('POST', '/api/providers', {
      preset: 'azure-openai',
      baseUrl: 'https://my-resource.openai.azure.com/openai/v1',
      apiKey: 'azure-key-0002',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ name: 'Azure OpenAI', responsesApi: true });
  });

  it("routes by the preset's flags: /responses passes through for OpenAI, becomes chat (no stream_options) for Mistral", async () => {
    const key = await harness.addKey();
    const openai = await harness.api('POST', '/api/providers', {
      preset: 'openai',
      name: 'OpenAI local',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'sk-test-openai-0003',
    });
    const mistral = await harness.api('POST', '/api/providers', {
      preset: 'mistral',
      name: 'Mistral local',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'mistral-test-key-0004',
    });
    await harness.api('POST', '/api/models', {
      providerId: openai.body.id,
      name: 'via-openai',
      upstreamModel: 'gpt-x',
    });
    await harness.api('POST', '/api/models', {
      providerId: mistral.body.id,
      name: 'via-mistral',
      upstreamModel: 'mistral-x',
    });
    const send = async (model: string) => {
      upstream.enqueue({ kind: 'text', text: 'ok', usage: { input: 3, output: 1 } });
      const response = await fetch(`${harness.url}/v1/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ model, input: 'hi', stream: true }),
      });
      await response.text();
      expect(response.status).toBe(200);
      return upstream.lastRequest()!;
    };
    expect((await send('via-openai')).path).toBe('/v1/responses');
    const translated = await send('via-mistral');
    expect(translated.path).toBe('/v1/chat/completions');
    expect(translated.body).not.toHaveProperty('stream_options');
    expect(translated.headers.authorization).toBe('Bearer mistral-test-key-0004');
  });
});
