import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const gateway = path.resolve(import.meta.dirname, '..', 'src-gateway');

/** The top-level src-gateway folder of a file (`usage`), or `.` for files at the root. */
function folderOf(file: string): string {
  const relative = path.relative(gateway, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0]! : '.';
}

/** Folder → the other src-gateway folders its code (not its tests) imports from. */
function folderImports(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(gateway, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(gateway, file));
  for (const file of files) {
    const from = folderOf(file);
    const targets = graph.get(from) ?? new Set<string>();
    graph.set(from, targets);
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!target.startsWith(gateway + path.sep)) continue;
      const to = folderOf(target);
      if (to !== from) targets.add(to);
    }
  }
  return graph;
}

describe('src-gateway layering', () => {
  const graph = folderImports();

  it('storage imports no feature folder (only lib)', () => {
    expect([...(graph.get('storage') ?? [])]).toEqual(['lib']);
  });

  it('usage, logs and metrics import nothing from http (bindings live there)', () => {
    for (const folder of ['usage', 'logs', 'metrics']) expect(graph.get(folder)?.has('http')).toBe(false);
  });

  it('usage and metrics, usage and storage import each other one way only', () => {
    expect(graph.get('metrics')?.has('usage')).toBe(false);
    expect(graph.get('storage')?.has('usage')).toBe(false);
    expect(graph.get('logs')?.has('usage')).toBe(false);
  });
});
