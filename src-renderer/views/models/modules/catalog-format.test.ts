import { describe, expect, it } from 'vitest';
import { capabilitiesOf, perMillion, tokenCount } from './catalog-format.ts';

describe('catalog formatting', () => {
  it('shows prices per million tokens, with more digits for tiny prices', () => {
    expect(perMillion(0.00000015)).toBe('$0.15');
    expect(perMillion(0.00001)).toBe('$10.00');
    expect(perMillion(0.000000001)).toBe('$0.0010');
    expect(perMillion(0)).toBe('$0.00');
    expect(perMillion(undefined)).toBe('—');
  });

  it('shows token counts in K and M', () => {
    expect(tokenCount(128_000)).toBe('128K');
    expect(tokenCount(1_048_576)).toBe('1.05M');
    expect(tokenCount(512)).toBe('512');
    expect(tokenCount(undefined)).toBe('—');
  });

  it('lists the capabilities that are on, in a stable order', () => {
    expect(capabilitiesOf({ vision: true, tools: true, pdf: false })).toEqual(['tools', 'vision']);
    expect(capabilitiesOf(undefined)).toEqual([]);
  });
});
