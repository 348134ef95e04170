import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminHttpRoutes } from '../src-shared/contract/index.ts';

/**
 * docs/admin-api.md lists every route of the admin contract (and nothing the gateway does not
 * serve): the table is where people look, so a new operation is not done until it is there.
 */
const document = readFileSync(path.resolve(import.meta.dirname, '../docs/admin-api.md'), 'utf8');

describe('docs/admin-api.md', () => {
  it('lists exactly the routes of the contract', () => {
    const documented = [...document.matchAll(/^\|\s*`(GET|POST|PATCH|DELETE)`\s*\|\s*`\/api(\/[^`]*)`/gm)]
      .map(([, method, route]) => `${method!.toLowerCase()} ${route}`)
      .filter((route) => route !== 'get /openapi.json');
    const served = adminHttpRoutes.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...served].sort());
  });
});
