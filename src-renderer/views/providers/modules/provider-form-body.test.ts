import { describe, expect, it } from 'vitest';
import type { ProviderPreset } from '../../../../src-shared/schemas/provider-preset.ts';
import { advancedBody, advancedValuesOf, withPresetDefaults } from './provider-form-body.ts';

describe('the provider form’s advanced section', () => {
  it('sends headers, the Responses API switch and the OpenAI quirks as set, false included', () => {
    const values = advancedValuesOf();
    values.headers = [
      { name: ' X-Org ', value: 'team-a' },
      { name: '', value: 'ignored' },
    ];
    values.responsesApi = true;
    values.quirks.noStreamOptions = true;
    expect(advancedBody(values, 'create', 'openai')).toMatchObject({
      headers: { 'X-Org': 'team-a' },
      responsesApi: true,
      quirks: {
        noStreamOptions: true,
        toolIdNineAlnum: false,
        reasoningContentRoundTrip: false,
        developerRole: false,
      },
    });
  });

  it('clears in an edit what was emptied, and sends only the protocol’s own options', () => {
    const values = advancedValuesOf({
      headers: { 'X-Org': 'team-a' },
      responsesApi: true,
      quirks: { anthropicBetaAllowlist: ['a', 'b'] },
    } as never);
    values.headers = [];
    values.anthropicBetaAllowlist = ' a , ,c ';
    expect(advancedBody(values, 'edit', 'anthropic')).toMatchObject({
      headers: null,
      responsesApi: null,
      quirks: { anthropicBetaAllowlist: ['a', 'c'] },
    });
    values.geminiApiVersion = '';
    expect(advancedBody(values, 'edit', 'gemini').quirks).toBeNull();
  });

  it('shows a preset’s defaults, so a default the user turns off is saved off', () => {
    const preset = {
      protocol: 'openai',
      responsesApi: true,
      quirks: { developerRole: true },
    } as unknown as ProviderPreset;
    const values = withPresetDefaults(advancedValuesOf(), preset);
    expect(values.responsesApi).toBe(true);
    expect(values.quirks.developerRole).toBe(true);
    values.quirks.developerRole = false;
    expect(advancedBody(values, 'create', 'openai').quirks).toMatchObject({ developerRole: false });
  });
});
