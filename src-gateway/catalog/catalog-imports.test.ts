import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const gatewayRoot = path.resolve(import.meta.dirname, '..');

/** The relative imports of every source file in a folder of src-gateway. */
function importsOf(folder: string): Array<{ file: string; target: string }> {
  const directory = path.join(gatewayRoot, folder);
  return readdirSync(directory, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) =>
      [...readFileSync(path.join(directory, file), 'utf8').matchAll(/from '(\.[^']+)'/g)].map((match) => ({
        file: `${folder}/${file}`,
        target: path.relative(gatewayRoot, path.resolve(path.dirname(path.join(directory, file)), match[1]!)),
      })),
    );
}

describe('catalog folder boundaries', () => {
  it('catalog/ is the lower layer: it imports nothing from providers/, admin/ or http/', () => {
    const outward = importsOf('catalog').filter(({ target }) => /^(providers|admin|http)\//.test(target));
    expect(outward).toEqual([]);
  });

  it('the catalog and preset services are transport-free', () => {
    const services = ['admin/catalog-service.ts', 'admin/preset-service.ts', 'admin/add-catalog-models.ts'];
    const transport = importsOf('admin').filter(
      ({ file, target }) => services.includes(file) && /^(http|ipc)\//.test(target),
    );
    expect(transport).toEqual([]);
    for (const service of services)
      expect(readFileSync(path.join(gatewayRoot, service), 'utf8')).not.toMatch(/from 'express'/);
  });
});
