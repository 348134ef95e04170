import { describe, expect, it } from 'vitest';
import { promptPreviewInput } from '../../../../src-shared/schemas/prompt-preview.ts';
import { createAppI18n } from '../../../i18n/index.ts';
import { moveItem, newRule, parseOverrides, sampleRequest } from './virtual-model-draft.ts';

const t = createAppI18n('en').global.t as (key: string) => string;

describe('the virtual model draft', () => {
  it('reads the overrides from their JSON text, and names the field whose JSON is not an object', () => {
    expect(parseOverrides({ defaults: '', caps: ' ', force: '', remove: [] }, t)).toEqual({
      value: undefined,
      fieldErrors: {},
    });
    expect(
      parseOverrides(
        { defaults: '{"temperature": 0.2}', caps: '{"max_tokens": 512}', force: '', remove: [' user ', ''] },
        t,
      ),
    ).toEqual({
      value: { defaults: { temperature: 0.2 }, caps: { max_tokens: 512 }, remove: ['user'] },
      fieldErrors: {},
    });
    const invalid = parseOverrides(
      { defaults: '{temperature: 0.2}', caps: '[1]', force: '{}', remove: [] },
      t,
    );
    expect(invalid.fieldErrors).toEqual({
      'paramOverrides.defaults': 'Enter a JSON object, with the field names in double quotes',
      'paramOverrides.caps': 'Enter a JSON object, with the field names in double quotes',
    });
  });

  it('moves a target up or down and ignores moves past either end', () => {
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], 1, 2)).toEqual(['a', 'b']);
  });

  it('builds sample requests the preview operation accepts, in each client protocol', () => {
    for (const protocol of ['openai-chat', 'openai-responses', 'anthropic'] as const) {
      const request = sampleRequest(protocol, 'Be brief.', 'Hello');
      expect(
        promptPreviewInput.safeParse({ protocol, request, promptRules: [newRule('system')] }).success,
      ).toBe(true);
      expect(JSON.stringify(request)).toContain('Be brief.');
    }
    expect(sampleRequest('openai-chat', '', 'Hi')).toEqual({
      model: 'preview',
      messages: [{ role: 'user', content: 'Hi' }],
    });
  });
});
