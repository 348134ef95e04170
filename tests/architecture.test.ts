import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImportGraph, type ImportEdge } from './support/import-graph.ts';
import { checkLayering, describeViolation } from './support/layering-rules.ts';

/**
 * The layering of docs/architecture.md ("Rules the code keeps"), checked on the real sources:
 * every `src-*` file except colocated tests (they may reach across folders), `.vue` script
 * blocks included. The rules themselves are tested in `support/layering-rules.test.ts`.
 */
const root = path.resolve(import.meta.dirname, '..');

interface KnownViolation {
  /** A unit-level import, `src-gateway/<folder>` or a top `src-*` folder. */
  from: string;
  to: string;
  /** The issue-15 slice whose merge removes it, or `none yet` (the lead decides). */
  removedBy: string;
  why: string;
}

/**
 * Imports that break the layering today and are being removed in parallel. The test drops them
 * from the graph and checks the rest; an entry that is gone, or no longer needed to keep the
 * rest clean, fails the test so that this list only shrinks. Empty it as the slices merge.
 */
const knownViolations: KnownViolation[] = [
  {
    from: 'src-gateway/protocols',
    to: 'src-gateway/upstream',
    removedBy: 'a later step: encoders stop choosing endpoint paths',
    why: 'encoders take endpoint paths from upstream/families, which imports protocols/types: a cycle',
  },
];

const isKnown = (edge: ImportEdge, known: readonly KnownViolation[]): boolean =>
  known.some((entry) => entry.from === edge.fromUnit && entry.to === edge.toUnit);

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

  it('keeps the rules, apart from the known violations being removed', () => {
    const rest = graph.edges.filter((edge) => !isKnown(edge, knownViolations));
    expect(checkLayering(rest).map(describeViolation)).toEqual([]);
  });

  it('lists only known violations that still exist and are still needed', () => {
    const described = (edges: ImportEdge[]): string => checkLayering(edges).map(describeViolation).join('\n');
    const without = described(graph.edges.filter((edge) => !isKnown(edge, knownViolations)));
    // An entry is needed when putting its imports back breaks something the others do not.
    const stale = knownViolations.filter((entry) => {
      const others = knownViolations.filter((other) => other !== entry);
      return described(graph.edges.filter((edge) => !isKnown(edge, others))) === without;
    });
    expect(
      stale.map(
        (entry) => `${entry.from} -> ${entry.to} is gone or no longer needed: remove it from knownViolations`,
      ),
    ).toEqual([]);
  });
});
