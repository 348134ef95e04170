/**
 * The layering rules of docs/architecture.md, checked over a folder-level import graph
 * (`import-graph.ts` builds it from the sources; the unit tests feed it synthetic graphs).
 * Units are `src-gateway/<folder>`, `src-gateway` (its root files: the composition root),
 * `src-shared`, `src-status`, `src-main`, `src-renderer`; packages are `package:<name>`.
 */

/** The part of an import edge the rules look at. */
export interface LayerEdge {
  fromFile: string;
  to: string;
  fromUnit: string;
  toUnit: string;
}

/** Rules about single imports: each is broken by one unit-level edge. */
export type EdgeRule =
  | 'gateway-imports-no-desktop'
  | 'browser-bundle-imports-only-shared'
  | 'shared-imports-only-itself'
  | 'protocols-import-no-routing-or-storage'
  | 'storage-imports-no-feature'
  | 'features-import-no-http'
  | 'gateway-internals-only-for-tests';

/** One import between two units that breaks a rule, with the file-level imports that make it. */
export interface EdgeViolation {
  rule: EdgeRule;
  from: string;
  to: string;
  /** `fromFile -> to`, sorted. */
  imports: string[];
}

/** Units that import each other, directly or around a loop. */
export interface CycleViolation {
  rule: 'no-folder-cycle';
  /** Every unit of the strongly connected component, sorted. */
  units: string[];
  /** One shortest loop through the component's first unit: `a -> b -> ... -> a`. */
  cycle: string[];
  /** The unit-level edges inside the component: `from -> to`, sorted. */
  edges: string[];
  /** The file-level imports along `cycle`: `fromFile -> to`, in loop order. */
  imports: string[];
}

export type Violation = EdgeViolation | CycleViolation;

const gatewayRoot = 'src-gateway';
const isGateway = (unit: string): boolean => unit === gatewayRoot || unit.startsWith(`${gatewayRoot}/`);
const isPackage = (unit: string): boolean => unit.startsWith('package:');
const isNodeBuiltin = (unit: string): boolean => unit.startsWith('package:node:');
const isElectron = (unit: string): boolean => /^package:electron($|-)/.test(unit);

/** Folders under src-gateway that everything may build on: storage may import these and no other. */
const storageMayImport = new Set([`${gatewayRoot}/storage`, `${gatewayRoot}/lib`, 'src-shared']);

/** Bundles that run in a browser (or a sandboxed renderer): only src-shared and browser packages. */
const browserBundles = new Set(['src-renderer', 'src-status']);

/**
 * The gateway's raw parts (repositories, services, the decrypted snapshot) are a test handle:
 * `createGateway` (index.ts) attaches them, tests read them, no other source file may, so the CLI
 * and the desktop main process go through the admin contract.
 */
export const gatewayInternalsModule = `${gatewayRoot}/gateway-internals-for-tests.ts`;
const gatewayInternalsAttachedBy = `${gatewayRoot}/index.ts`;

/** Whether one file-level import breaks a rule about a particular module. */
function fileRule(edge: LayerEdge): EdgeRule | undefined {
  if (edge.to === gatewayInternalsModule && edge.fromFile !== gatewayInternalsAttachedBy)
    return 'gateway-internals-only-for-tests';
  return undefined;
}

/** Whether one unit-level edge breaks a rule other than the cycle rule (which needs the whole graph). */
function edgeRule(fromUnit: string, toUnit: string): EdgeRule | undefined {
  if (fromUnit === toUnit) return undefined;
  if (isGateway(fromUnit) && (toUnit === 'src-main' || toUnit === 'src-renderer' || isElectron(toUnit))) {
    return 'gateway-imports-no-desktop';
  }
  if (browserBundles.has(fromUnit)) {
    const allowed =
      toUnit === 'src-shared' || (isPackage(toUnit) && !isNodeBuiltin(toUnit) && !isElectron(toUnit));
    return allowed ? undefined : 'browser-bundle-imports-only-shared';
  }
  if (fromUnit === 'src-shared') {
    // The renderer imports src-shared, so src-shared reaching elsewhere would reach the renderer too.
    const allowed = isPackage(toUnit) && !isNodeBuiltin(toUnit) && !isElectron(toUnit);
    return allowed ? undefined : 'shared-imports-only-itself';
  }
  if (isPackage(toUnit)) return undefined;
  if (
    fromUnit === `${gatewayRoot}/protocols` &&
    (toUnit === `${gatewayRoot}/routing` || toUnit === `${gatewayRoot}/storage`)
  ) {
    return 'protocols-import-no-routing-or-storage';
  }
  if (fromUnit === `${gatewayRoot}/storage` && !storageMayImport.has(toUnit))
    return 'storage-imports-no-feature';
  // Features are transport-free: only the composition root and http/ itself reach into http/.
  if (toUnit === `${gatewayRoot}/http` && fromUnit.startsWith(`${gatewayRoot}/`))
    return 'features-import-no-http';
  return undefined;
}

/** The strongly connected components of a directed graph (Tarjan), as a unit -> component index map. */
export function stronglyConnected(graph: ReadonlyMap<string, ReadonlySet<string>>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const component = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const connect = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.set(member, components);
      } while (member !== node);
      components += 1;
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) connect(node);
  return component;
}

/** The shortest path `from -> ... -> to` in the graph (breadth first), or undefined. */
function shortestPath(
  graph: ReadonlyMap<string, ReadonlySet<string>>,
  from: string,
  to: string,
): string[] | undefined {
  const previous = new Map<string, string>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head]!;
    if (node === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0]!)!);
      return path;
    }
    for (const next of graph.get(node) ?? []) {
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return undefined;
}

const edgeKey = (from: string, to: string): string => `${from} -> ${to}`;

/**
 * Every broken rule in an import graph, sorted: one entry per (rule, from unit, to unit) for the
 * single-import rules, one per strongly connected component for cycles.
 */
export function checkLayering(edges: readonly LayerEdge[]): Violation[] {
  const broken = new Map<string, EdgeViolation>();
  const graph = new Map<string, Set<string>>();
  const evidence = new Map<string, string[]>();
  for (const edge of edges) {
    const rule = edgeRule(edge.fromUnit, edge.toUnit) ?? fileRule(edge);
    if (rule) {
      const id = `${rule} ${edgeKey(edge.fromUnit, edge.toUnit)}`;
      const violation = broken.get(id) ?? { rule, from: edge.fromUnit, to: edge.toUnit, imports: [] };
      const fileImport = edgeKey(edge.fromFile, edge.to);
      if (!violation.imports.includes(fileImport)) violation.imports.push(fileImport);
      broken.set(id, violation);
    }
    if (edge.fromUnit !== edge.toUnit && !isPackage(edge.toUnit)) {
      if (!graph.has(edge.toUnit)) graph.set(edge.toUnit, new Set());
      const targets = graph.get(edge.fromUnit) ?? new Set<string>();
      targets.add(edge.toUnit);
      graph.set(edge.fromUnit, targets);
      const unitEdge = edgeKey(edge.fromUnit, edge.toUnit);
      evidence.set(unitEdge, [...(evidence.get(unitEdge) ?? []), edgeKey(edge.fromFile, edge.to)]);
    }
  }

  const component = stronglyConnected(graph);
  const members = new Map<number, string[]>();
  for (const [unit, index] of component) members.set(index, [...(members.get(index) ?? []), unit]);
  const cycles: CycleViolation[] = [];
  for (const units of members.values()) {
    if (units.length < 2) continue;
    units.sort();
    const inside = new Set(units);
    const first = units[0]!;
    const loop = [...graph.get(first)!]
      .filter((next) => inside.has(next))
      .map((next) => shortestPath(graph, next, first)!)
      .sort((left, right) => left.length - right.length || left.join().localeCompare(right.join()))[0]!;
    const internal = units.flatMap((from) =>
      [...graph.get(from)!].filter((to) => inside.has(to)).map((to) => edgeKey(from, to)),
    );
    const cycle = [first, ...loop];
    const imports = cycle
      .slice(1)
      .flatMap((to, index) => [...new Set(evidence.get(edgeKey(cycle[index]!, to)))].sort());
    cycles.push({ rule: 'no-folder-cycle', units, cycle, edges: internal.sort(), imports });
  }

  const edgeViolations = [...broken.values()]
    .map((violation) => ({ ...violation, imports: violation.imports.sort() }))
    .sort((left, right) =>
      `${left.rule} ${edgeKey(left.from, left.to)}`.localeCompare(
        `${right.rule} ${edgeKey(right.from, right.to)}`,
      ),
    );
  return [
    ...edgeViolations,
    ...cycles.sort((left, right) => left.units.join().localeCompare(right.units.join())),
  ];
}

/** A readable account of a violation, for a failing assertion. */
export function describeViolation(violation: Violation): string {
  if (violation.rule === 'no-folder-cycle') {
    return [
      `no-folder-cycle ${violation.cycle.join(' -> ')}`,
      `units: ${violation.units.join(', ')}`,
      `edges: ${violation.edges.join('; ')}`,
      ...violation.imports,
    ].join('\n    ');
  }
  return `${violation.rule} ${edgeKey(violation.from, violation.to)}\n    ${violation.imports.join('\n    ')}`;
}
