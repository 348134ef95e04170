import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalRequest } from '../../src-gateway/canonical/types.ts';
import { modelListPath } from '../../src-gateway/providers/list-upstream-models.ts';
import { providerPresetSchema, type ProviderPreset } from '../../src-gateway/providers/provider-preset.ts';
import { upstreamCodecs } from '../../src-gateway/protocols/registry.ts';
import { authHeaders, familyOf } from '../../src-gateway/upstream-families/index.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * For every preset, the URLs the vendor's own documentation shows (with `{resource}`
 * = `my-resource` and model `gemini-2.5-flash` where a URL names one). `models: null`:
 * the vendor documents no OpenAI-style model list.
 */
const documented: Record<string, { chat: string; models: string | null }> = {
  openai: { chat: 'https://api.openai.com/v1/chat/completions', models: 'https://api.openai.com/v1/models' },
  anthropic: { chat: 'https://api.anthropic.com/v1/messages', models: 'https://api.anthropic.com/v1/models' },
  gemini: {
    chat: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    models: 'https://generativelanguage.googleapis.com/v1beta/models',
  },
  'azure-openai': {
    chat: 'https://my-resource.openai.azure.com/openai/v1/chat/completions',
    models: 'https://my-resource.openai.azure.com/openai/v1/models',
  },
  // DeepSeek documents https://api.deepseek.com/v1 as its OpenAI-compatible base URL.
  deepseek: {
    chat: 'https://api.deepseek.com/v1/chat/completions',
    models: 'https://api.deepseek.com/v1/models',
  },
  mistral: { chat: 'https://api.mistral.ai/v1/chat/completions', models: 'https://api.mistral.ai/v1/models' },
  groq: {
    chat: 'https://api.groq.com/openai/v1/chat/completions',
    models: 'https://api.groq.com/openai/v1/models',
  },
  xai: { chat: 'https://api.x.ai/v1/chat/completions', models: 'https://api.x.ai/v1/models' },
  openrouter: {
    chat: 'https://openrouter.ai/api/v1/chat/completions',
    models: 'https://openrouter.ai/api/v1/models',
  },
  together: {
    chat: 'https://api.together.xyz/v1/chat/completions',
    models: 'https://api.together.xyz/v1/models',
  },
  fireworks: {
    chat: 'https://api.fireworks.ai/inference/v1/chat/completions',
    models: 'https://api.fireworks.ai/inference/v1/models',
  },
  perplexity: { chat: 'https://api.perplexity.ai/chat/completions', models: null },
  cohere: { chat: 'https://api.cohere.ai/compatibility/v1/chat/completions', models: null },
  moonshot: {
    chat: 'https://api.moonshot.ai/v1/chat/completions',
    models: 'https://api.moonshot.ai/v1/models',
  },
  zhipu: { chat: 'https://open.bigmodel.cn/api/paas/v4/chat/completions', models: null },
  zai: { chat: 'https://api.z.ai/api/paas/v4/chat/completions', models: null },
  dashscope: {
    chat: 'https://dashscope.aliyuncs.com/compatible-mode/v1/chat/completions',
    models: 'https://dashscope.aliyuncs.com/compatible-mode/v1/models',
  },
  minimax: { chat: 'https://api.minimax.io/v1/chat/completions', models: null },
  siliconflow: {
    chat: 'https://api.siliconflow.cn/v1/chat/completions',
    models: 'https://api.siliconflow.cn/v1/models',
  },
  volcengine: { chat: 'https://ark.cn-beijing.volces.com/api/v3/chat/completions', models: null },
  cerebras: {
    chat: 'https://api.cerebras.ai/v1/chat/completions',
    models: 'https://api.cerebras.ai/v1/models',
  },
  ollama: { chat: 'http://localhost:11434/v1/chat/completions', models: 'http://localhost:11434/v1/models' },
  'lm-studio': {
    chat: 'http://localhost:1234/v1/chat/completions',
    models: 'http://localhost:1234/v1/models',
  },
  vllm: { chat: 'http://localhost:8000/v1/chat/completions', models: 'http://localhost:8000/v1/models' },
  'openai-compatible': {
    chat: 'http://localhost:8080/v1/chat/completions',
    models: 'http://localhost:8080/v1/models',
  },
};

/** The vendors the issue names; each must have a preset. */
const requiredVendors = [
  'openai',
  'anthropic',
  'gemini',
  'azure-openai',
  'deepseek',
  'mistral',
  'groq',
  'xai',
  'openrouter',
  'together',
  'fireworks',
  'perplexity',
  'cohere',
  'moonshot',
  'zhipu',
  'dashscope',
  'minimax',
  'siliconflow',
  'volcengine',
  'cerebras',
  'ollama',
  'lm-studio',
  'vllm',
];

const request: CanonicalRequest = {
  model: 'gemini-2.5-flash',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
  maxTokens: 16,
  stream: false,
};

/** The chat URL the gateway builds: base URL + the path the protocol's codec asks for. */
function chatUrl(preset: ProviderPreset, baseUrl: string): string {
  const codec = upstreamCodecs[preset.protocol === 'openai' ? 'openai-chat' : preset.protocol];
  const { path } = codec.encodeRequest(request, { upstreamModel: 'gemini-2.5-flash', quirks: preset.quirks });
  return baseUrl + path;
}

/** The header each vendor documents for its key. */
function expectedAuthHeader(preset: ProviderPreset): string {
  if (preset.protocol === 'anthropic') return 'x-api-key';
  if (preset.protocol === 'gemini') return 'x-goog-api-key';
  return preset.id === 'azure-openai' ? 'api-key' : 'authorization';
}

let harness: TestGateway;
let presets: ProviderPreset[];

beforeAll(async () => {
  harness = await startTestGateway();
  const answer = await harness.api('GET', '/api/provider-presets');
  expect(answer.status).toBe(200);
  presets = answer.body.data.map((preset: unknown) => providerPresetSchema.parse(preset));
});

afterAll(async () => {
  await harness?.stop();
});

describe('GET /api/provider-presets', () => {
  it('lists a preset for every vendor the issue names, each documented in the table', () => {
    const ids = presets.map((preset) => preset.id);
    expect(ids.length).toBeGreaterThanOrEqual(20);
    expect(new Set(ids).size).toBe(ids.length);
    for (const vendor of requiredVendors) expect(ids).toContain(vendor);
    expect(Object.keys(documented).sort()).toEqual([...ids].sort());
  });

  it("builds exactly the vendor's documented chat and model-list URLs from base URL + protocol path", () => {
    for (const preset of presets) {
      const baseUrl = preset.baseUrl.replace('{resource}', 'my-resource');
      const expected = documented[preset.id]!;
      expect({ id: preset.id, chat: chatUrl(preset, baseUrl) }).toEqual({
        id: preset.id,
        chat: expected.chat,
      });
      expect({ id: preset.id, models: preset.modelList }).toEqual({
        id: preset.id,
        models: expected.models !== null,
      });
      if (expected.models !== null) {
        expect({ id: preset.id, models: baseUrl + modelListPath(preset.protocol, preset.quirks) }).toEqual({
          id: preset.id,
          models: expected.models,
        });
      }
    }
  });

  it("sends each preset's key in the header its vendor documents", () => {
    for (const preset of presets) {
      const family = familyOf({ protocol: preset.protocol, preset: preset.id });
      expect({ id: preset.id, auth: Object.keys(authHeaders(family, 'key-0001')) }).toEqual({
        id: preset.id,
        auth: [expectedAuthHeader(preset)],
      });
    }
  });

  it('states protocol flags consistently: stream_options, /responses, keys', () => {
    for (const preset of presets) {
      if (preset.protocol === 'openai') {
        expect({ id: preset.id, noStreamOptions: preset.quirks.noStreamOptions === true }).toEqual({
          id: preset.id,
          noStreamOptions: !preset.streamOptions,
        });
      } else {
        expect(preset.responsesApi).toBe(false);
      }
      expect(preset.keyRequired).toBe(
        !/^http:\/\/localhost/.test(preset.baseUrl) && preset.id !== 'openai-compatible',
      );
      if (preset.keyRequired) expect(preset.keyUrl).toMatch(/^https:\/\//);
      expect(preset.docsUrl).toMatch(/^https:\/\//);
      expect(preset.baseUrl).not.toMatch(/\/$/);
    }
    const byId = new Map(presets.map((preset) => [preset.id, preset]));
    expect(byId.get('openai')!.responsesApi).toBe(true);
    expect(byId.get('mistral')!.quirks).toMatchObject({ toolIdNineAlnum: true, noStreamOptions: true });
    expect(byId.get('deepseek')!.quirks).toMatchObject({ reasoningContentRoundTrip: true });
  });

  it('answers one preset by id, 404 for an unknown one, and documents both routes', async () => {
    expect((await harness.api('GET', '/api/provider-presets/groq')).body).toMatchObject({
      id: 'groq',
      baseUrl: 'https://api.groq.com/openai/v1',
    });
    expect((await harness.api('GET', '/api/provider-presets/nope')).status).toBe(404);
    const document = (await harness.api('GET', '/api/openapi.json')).body;
    for (const path of [
      '/provider-presets',
      '/provider-presets/{id}',
      '/providers/{id}/import-models',
      '/providers/{id}/catalog-models',
      '/models/{id}/apply-catalog',
      '/catalog',
      '/catalog/refresh',
      '/catalog/models',
    ]) {
      expect(document.paths).toHaveProperty([path]);
    }
  });
});
