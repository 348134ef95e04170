import { describe, expect, it } from 'vitest';
import { createCatalogIndex } from './catalog-index.ts';
import { CatalogFormatError, parseCatalog } from './parse-catalog.ts';

describe('parseCatalog', () => {
  it("maps LiteLLM's fields, skips sample_spec and non-objects, drops values of the wrong type", () => {
    const entries = parseCatalog(
      JSON.stringify({
        sample_spec: { input_cost_per_token: 0, litellm_provider: 'one of ...' },
        last_updated: '2026-01-01',
        'vendor/model-a': {
          litellm_provider: 'vendor',
          mode: 'chat',
          input_cost_per_token: 0.000002,
          output_cost_per_token: 0.000008,
          cache_read_input_token_cost: 5e-7,
          cache_creation_input_token_cost: 0.0000025,
          max_input_tokens: 200000,
          max_output_tokens: 32000,
          supports_function_calling: true,
          supports_vision: false,
          supports_reasoning: true,
          supports_prompt_caching: true,
          supports_pdf_input: true,
          supports_audio_input: false,
          supports_audio_output: true,
          supports_response_schema: true,
        },
        'model-b': {
          litellm_provider: 'other',
          input_cost_per_token: -1,
          output_cost_per_token: 5,
          max_input_tokens: 'max input tokens',
          max_output_tokens: 12.5,
          supports_vision: 'yes',
        },
      }),
    );
    expect(entries).toEqual([
      {
        id: 'vendor/model-a',
        provider: 'vendor',
        mode: 'chat',
        inputCostPerToken: 0.000002,
        outputCostPerToken: 0.000008,
        cacheReadCostPerToken: 5e-7,
        cacheWriteCostPerToken: 0.0000025,
        contextWindow: 200000,
        maxOutputTokens: 32000,
        capabilities: {
          tools: true,
          vision: false,
          reasoning: true,
          promptCaching: true,
          pdf: true,
          audioInput: false,
          audioOutput: true,
          responseSchema: true,
        },
      },
      { id: 'model-b', provider: 'other', capabilities: {} },
    ]);
  });

  it('refuses what is not a usable price list', () => {
    for (const text of ['{"a": ', '[]', '"text"', 'null', '{"sample_spec": {}, "x": {"mode": "chat"}}']) {
      expect(() => parseCatalog(text)).toThrow(CatalogFormatError);
    }
  });
});

describe('createCatalogIndex', () => {
  const entries = Array.from({ length: 3000 }, (_, index) => ({
    id: index % 2 === 0 ? `vendor${index % 7}/model-${index}` : `model-${index}-chat`,
    provider: `vendor${index % 7}`,
    capabilities: { tools: index % 3 === 0 },
  }));
  const index = createCatalogIndex(entries);

  it('ranks exact, then prefix (of the id or its last segment), then substring; shorter ids first within a rank', () => {
    const ids = index.search({ query: 'MODEL-12', pageSize: 6 }).data.map((entry) => entry.id);
    expect(ids.slice(0, 3)).toEqual(['vendor5/model-12', 'model-121-chat', 'model-123-chat']);
    expect(index.search({ query: 'VENDOR5/model-12' }).data[0]!.id).toBe('vendor5/model-12');
    const filtered = index.search({ query: 'model-12', provider: 'VENDOR0', pageSize: 500 });
    expect(filtered.total).toBe(
      entries.filter((entry) => entry.provider === 'vendor0' && entry.id.includes('model-12')).length,
    );
    expect(filtered.data.every((entry) => entry.provider === 'vendor0')).toBe(true);
    expect(index.search({ query: '-12' }).total).toBe(
      index.entries.filter((entry) => entry.id.includes('-12')).length,
    );
  });

  it('searches a few thousand entries fast enough for every keystroke', () => {
    const started = performance.now();
    for (let round = 0; round < 100; round++)
      index.search({ query: `model-${round}`, capabilities: ['tools'] });
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
