import { describe, expect, it } from 'vitest';
import { bundledCatalogTakenAt, defaultBundledCatalog } from './bundled-catalog.ts';
import { parseCatalog } from './parse-catalog.ts';

describe('the bundled catalog snapshot', () => {
  const text = defaultBundledCatalog().read();

  it('parses into a full catalog with prices', () => {
    const entries = parseCatalog(text);
    expect(entries.length).toBeGreaterThan(2000);
    expect(entries.find((entry) => entry.id === 'gpt-4o-mini')?.inputCostPerToken).toBeGreaterThan(0);
  });

  it('says the date the file itself records', () => {
    const lastUpdated = (JSON.parse(text) as { last_updated: string }).last_updated;
    expect(new Date(lastUpdated).toISOString()).toBe(bundledCatalogTakenAt);
  });
});
