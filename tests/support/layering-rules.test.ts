import { describe, expect, it } from 'vitest';
import { packageOf, resolveRelative, scanImports, unitOf, vueScriptText } from './import-graph.ts';
import { checkLayering, describeViolation, type LayerEdge } from './layering-rules.ts';

/** An import from a file to a file (has a `/`) or a package, with units as the real graph gives them. */
function edge(fromFile: string, to: string): LayerEdge {
  const isFile = to.startsWith('src-');
  return {
    fromFile,
    to,
    fromUnit: unitOf(fromFile),
    toUnit: isFile ? unitOf(to) : `package:${packageOf(to)}`,
  };
}

/** A clean little gateway: every later test adds one bad import to it. */
const clean: LayerEdge[] = [
  edge('src-gateway/index.ts', 'src-gateway/http/create-api-app.ts'),
  edge('src-gateway/index.ts', 'src-gateway/storage/open-database.ts'),
  edge('src-gateway/index.ts', 'src-gateway/gateway-internals-for-tests.ts'),
  edge('src-gateway/http/create-api-app.ts', 'src-gateway/proxy/create-model-handler.ts'),
  edge('src-gateway/http/create-api-app.ts', 'express'),
  edge('src-gateway/proxy/create-model-handler.ts', 'src-gateway/protocols/registry.ts'),
  edge('src-gateway/proxy/create-model-handler.ts', 'src-gateway/routing/resolve-model.ts'),
  edge('src-gateway/protocols/registry.ts', 'src-gateway/canonical/types.ts'),
  edge('src-gateway/routing/resolve-model.ts', 'src-gateway/config-snapshot/snapshot.ts'),
  edge('src-gateway/config-snapshot/snapshot.ts', 'src-gateway/storage/create-repositories.ts'),
  edge('src-gateway/storage/create-repositories.ts', 'src-gateway/lib/clock.ts'),
  edge('src-gateway/storage/create-repositories.ts', 'src-shared/schemas/model.ts'),
  edge('src-gateway/storage/open-database.ts', 'better-sqlite3'),
  edge('src-gateway/usage/create-usage-service.ts', 'src-gateway/storage/create-repositories.ts'),
  edge('src-shared/schemas/model.ts', 'zod'),
  edge('src-main/index.ts', 'electron'),
  edge('src-main/index.ts', 'src-gateway/index.ts'),
  edge('src-renderer/api/client.ts', 'src-shared/contract/index.ts'),
  edge('src-renderer/views/home/index.vue', 'vue'),
  edge('src-status/main.ts', 'src-shared/schemas/public-health.ts'),
  edge('src-status/latency-chart.ts', 'echarts/core'),
];

const rulesBrokenBy = (...extra: LayerEdge[]): string[] =>
  checkLayering([...clean, ...extra]).map((violation) => violation.rule);

describe('checkLayering', () => {
  it('finds nothing wrong in a graph that keeps the rules', () => {
    expect(checkLayering(clean)).toEqual([]);
  });

  it('reports src-gateway importing Electron, src-main or src-renderer', () => {
    expect(rulesBrokenBy(edge('src-gateway/ipc/register-admin-ipc.ts', 'electron'))).toEqual([
      'gateway-imports-no-desktop',
    ]);
    expect(rulesBrokenBy(edge('src-gateway/index.ts', 'electron-store'))).toEqual([
      'gateway-imports-no-desktop',
    ]);
    expect(rulesBrokenBy(edge('src-gateway/admin/a.ts', 'src-renderer/api/client.ts'))).toEqual([
      'gateway-imports-no-desktop',
    ]);
    // src-main imports the gateway, so the way back is also a cycle.
    expect(rulesBrokenBy(edge('src-gateway/cli.ts', 'src-main/window.ts'))).toEqual([
      'gateway-imports-no-desktop',
      'no-folder-cycle',
    ]);
  });

  it('reports a browser bundle importing anything but src-shared, itself and browser packages', () => {
    const [violation] = checkLayering([
      ...clean,
      edge('src-renderer/stores/models.ts', 'src-gateway/admin/a.ts'),
    ]);
    expect(violation).toEqual({
      rule: 'browser-bundle-imports-only-shared',
      from: 'src-renderer',
      to: 'src-gateway/admin',
      imports: ['src-renderer/stores/models.ts -> src-gateway/admin/a.ts'],
    });
    expect(rulesBrokenBy(edge('src-renderer/main.ts', 'electron'))).toEqual([
      'browser-bundle-imports-only-shared',
    ]);
    expect(rulesBrokenBy(edge('src-renderer/main.ts', 'node:fs'))).toEqual([
      'browser-bundle-imports-only-shared',
    ]);
    expect(rulesBrokenBy(edge('src-status/api.ts', 'src-gateway/health/a.ts'))).toEqual([
      'browser-bundle-imports-only-shared',
    ]);
  });

  it('reports src-shared reaching out of itself (the renderer would follow it)', () => {
    expect(rulesBrokenBy(edge('src-shared/schemas/model.ts', 'src-gateway/lib/clock.ts'))).toEqual([
      'shared-imports-only-itself',
    ]);
    expect(rulesBrokenBy(edge('src-shared/contract/index.ts', 'path'))).toEqual([
      'shared-imports-only-itself',
    ]);
  });

  it('reports protocols importing routing or storage', () => {
    expect(rulesBrokenBy(edge('src-gateway/protocols/anthropic/x.ts', 'src-gateway/routing/a.ts'))).toEqual([
      'protocols-import-no-routing-or-storage',
    ]);
    expect(rulesBrokenBy(edge('src-gateway/protocols/gemini/x.ts', 'src-gateway/storage/b.ts'))).toEqual([
      'protocols-import-no-routing-or-storage',
    ]);
  });

  it('reports storage importing a feature folder', () => {
    const violations = checkLayering([
      ...clean,
      edge('src-gateway/storage/repositories/usage-repository.ts', 'src-gateway/logs/request-log-record.ts'),
    ]);
    expect(violations.map(describeViolation)).toEqual([
      'storage-imports-no-feature src-gateway/storage -> src-gateway/logs\n' +
        '    src-gateway/storage/repositories/usage-repository.ts -> src-gateway/logs/request-log-record.ts',
    ]);
  });

  it('reports a feature folder importing http/', () => {
    expect(
      rulesBrokenBy(edge('src-gateway/metrics/router.ts', 'src-gateway/http/admin/admin-route.ts')),
    ).toEqual(['features-import-no-http']);
  });

  it('reports a source file other than createGateway importing the gateway internals test handle', () => {
    const fromCli = edge('src-gateway/cli.ts', 'src-gateway/gateway-internals-for-tests.ts');
    const fromMain = edge('src-main/index.ts', 'src-gateway/gateway-internals-for-tests.ts');
    const fromFolder = edge('src-gateway/monitoring/x.ts', 'src-gateway/gateway-internals-for-tests.ts');
    expect(rulesBrokenBy(fromCli)).toEqual(['gateway-internals-only-for-tests']);
    expect(rulesBrokenBy(fromMain)).toEqual(['gateway-internals-only-for-tests']);
    expect(rulesBrokenBy(fromFolder)).toEqual(['gateway-internals-only-for-tests']);
  });

  it('reports a two-folder cycle once, with the imports that make it', () => {
    const violations = checkLayering([
      ...clean,
      edge('src-gateway/usage/create-usage-service.ts', 'src-gateway/metrics/create-gateway-metrics.ts'),
      edge('src-gateway/metrics/create-gateway-metrics.ts', 'src-gateway/usage/latency-histogram.ts'),
    ]);
    expect(violations).toEqual([
      {
        rule: 'no-folder-cycle',
        units: ['src-gateway/metrics', 'src-gateway/usage'],
        cycle: ['src-gateway/metrics', 'src-gateway/usage', 'src-gateway/metrics'],
        edges: ['src-gateway/metrics -> src-gateway/usage', 'src-gateway/usage -> src-gateway/metrics'],
        imports: [
          'src-gateway/metrics/create-gateway-metrics.ts -> src-gateway/usage/latency-histogram.ts',
          'src-gateway/usage/create-usage-service.ts -> src-gateway/metrics/create-gateway-metrics.ts',
        ],
      },
    ]);
  });

  it('reports a longer cycle as one component with its shortest loop', () => {
    // storage -> usage closes config-snapshot -> storage -> usage -> ... only through usage -> routing.
    const violations = checkLayering([
      ...clean,
      edge('src-gateway/storage/repositories/usage-repository.ts', 'src-gateway/usage/aggregate-usage.ts'),
      edge('src-gateway/usage/aggregate-usage.ts', 'src-gateway/routing/x.ts'),
    ]);
    expect(violations.map((violation) => violation.rule)).toEqual([
      'storage-imports-no-feature',
      'no-folder-cycle',
    ]);
    expect(violations[1]).toMatchObject({
      units: [
        'src-gateway/config-snapshot',
        'src-gateway/routing',
        'src-gateway/storage',
        'src-gateway/usage',
      ],
      cycle: [
        'src-gateway/config-snapshot',
        'src-gateway/storage',
        'src-gateway/usage',
        'src-gateway/routing',
        'src-gateway/config-snapshot',
      ],
    });
  });

  it('ignores imports inside one unit, including the gateway root files importing each other', () => {
    expect(
      checkLayering([
        ...clean,
        edge('src-gateway/storage/a.ts', 'src-gateway/storage/repositories/b.ts'),
        edge('src-gateway/cli.ts', 'src-gateway/index.ts'),
      ]),
    ).toEqual([]);
  });
});

describe('scanImports', () => {
  it('finds static, type, re-export, dynamic, require and import-type specifiers, not strings or comments', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b/b.ts';",
      "export { c } from './c.ts';",
      "export type { D } from './d.ts';",
      "import * as e from 'electron';",
      "const f = await import('./f.ts');",
      "const g = require('node:fs');",
      "type H = import('./h.ts').H;",
      "// import { x } from './commented.ts';",
      'const text = "import { y } from \'./in-a-string.ts\'";',
    ].join('\n');
    expect(scanImports(text)).toEqual([
      { specifier: './a.ts', typeOnly: false },
      { specifier: '../b/b.ts', typeOnly: true },
      { specifier: './c.ts', typeOnly: false },
      { specifier: './d.ts', typeOnly: true },
      { specifier: 'electron', typeOnly: false },
      { specifier: './f.ts', typeOnly: false },
      { specifier: 'node:fs', typeOnly: false },
      { specifier: './h.ts', typeOnly: true },
    ]);
  });

  it('reads the script blocks of a Vue component', () => {
    const component = [
      '<template><div>{{ name }}</div></template>',
      '<script setup lang="ts">',
      "import { useModelsStore } from '../../stores/models.ts';",
      '</script>',
      '<style scoped>.a { color: red }</style>',
    ].join('\n');
    expect(scanImports(vueScriptText(component))).toEqual([
      { specifier: '../../stores/models.ts', typeOnly: false },
    ]);
  });
});

describe('resolveRelative and packageOf', () => {
  const files = new Set([
    'src-gateway/lib/clock.ts',
    'src-gateway/contract/index.ts',
    'src-renderer/App.vue',
  ]);
  const exists = (file: string): boolean => files.has(file);

  it('resolves exact names, .js written for .ts, extensionless names and folder index files', () => {
    expect(resolveRelative('src-gateway/usage/a.ts', '../lib/clock.ts', exists)).toBe(
      'src-gateway/lib/clock.ts',
    );
    expect(resolveRelative('src-gateway/usage/a.ts', '../lib/clock.js', exists)).toBe(
      'src-gateway/lib/clock.ts',
    );
    expect(resolveRelative('src-gateway/usage/a.ts', '../lib/clock', exists)).toBe(
      'src-gateway/lib/clock.ts',
    );
    expect(resolveRelative('src-gateway/usage/a.ts', '../contract', exists)).toBe(
      'src-gateway/contract/index.ts',
    );
    expect(resolveRelative('src-renderer/main.ts', './App.vue', exists)).toBe('src-renderer/App.vue');
    expect(resolveRelative('src-gateway/usage/a.ts', '../lib/missing.ts', exists)).toBeUndefined();
  });

  it('names packages by their name, built-ins with node:', () => {
    expect(packageOf('echarts/core')).toBe('echarts');
    expect(packageOf('@napi-rs/keyring')).toBe('@napi-rs/keyring');
    expect(packageOf('fs')).toBe('node:fs');
    expect(packageOf('node:fs/promises')).toBe('node:fs');
    expect(packageOf('electron')).toBe('electron');
  });
});
