import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImportGraph } from './support/import-graph.ts';
import { checkLayering, describeViolation } from './support/layering-rules.ts';

/**
 * The layering of docs/architecture.md ("Rules the code keeps"), checked on the real sources:
 * every `src-*` file except colocated tests (they may reach across folders), `.vue` script
 * blocks included. The rules themselves are tested in `support/layering-rules.test.ts`.
 */
const root = path.resolve(import.meta.dirname, '..');

describe('architecture: the layering of src-*', () => {
  const graph = buildImportGraph({ root });

  it('scans every src-* folder and resolves every relative import', () => {
    const folders = new Set(graph.files.map((file) => file.split('/')[0]));
    expect([...folders].sort()).toEqual(
      expect.arrayContaining(['src-gateway', 'src-shared', 'src-status', 'src-renderer']),
    );
    expect(graph.edges.length).toBeGreaterThan(500);
    expect(graph.unresolved).toEqual([]);
  });

  it('keeps the rules: no allowlist, every import counts', () => {
    expect(checkLayering(graph.edges).map(describeViolation)).toEqual([]);
  });
});
