import { describe, expect, it } from 'vitest';
import type { GatewayError } from '../lib/errors.ts';
import type {
  ConfigSnapshot,
  KeyRuntime,
  ModelRuntime,
  ProviderRuntime,
  VirtualModelRuntime,
} from '../config-snapshot/snapshot.ts';
import { settingsSchema } from '../../src-shared/schemas/settings.ts';
import { resolveModel } from './resolve-model.ts';

const provider: ProviderRuntime = {
  id: 'p1',
  name: 'provider',
  protocol: 'openai',
  baseUrl: 'http://127.0.0.1:1/v1',
  enabled: true,
  apiKeys: [],
  headers: {},
  responsesApi: false,
  quirks: {},
  timeouts: { connectMs: 1, firstByteMs: 1, idleMs: 1, totalMs: 1 },
};
const model = (name: string, enabled = true): ModelRuntime => ({
  id: `id-${name}`,
  name,
  upstreamModel: name,
  enabled,
  provider,
});
const [sonnet, haiku, gpt] = [model('sonnet'), model('haiku'), model('gpt-4o')];
const smart: VirtualModelRuntime = {
  id: 'vm-smart',
  name: 'smart',
  enabled: true,
  strategy: 'priority',
  promptRules: [],
  targets: [
    { model: haiku, weight: 1, priority: 2 },
    { model: sonnet, weight: 1, priority: 1 },
  ],
};

function snapshot(aliases: Array<{ pattern: string; target: string }> = []): ConfigSnapshot {
  return {
    version: 1,
    providers: new Map([[provider.id, provider]]),
    modelsById: new Map([sonnet, haiku, gpt].map((entry) => [entry.id, entry])),
    modelsByName: new Map([sonnet, haiku, gpt].map((entry) => [entry.name, entry])),
    virtualModelsByName: new Map([[smart.name, smart]]),
    keysByHash: new Map(),
    settings: settingsSchema.parse({ aliases }),
  };
}

const key = (extra: Partial<KeyRuntime> = {}): KeyRuntime => ({
  id: 'k1',
  name: 'key',
  hash: 'h',
  enabled: true,
  allowedModels: null,
  logBodies: false,
  isMonitoring: false,
  ...extra,
});

function failure(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a failure');
}

describe('resolveModel', () => {
  it('resolves a virtual model to its enabled targets in priority order', () => {
    const resolution = resolveModel(snapshot(), key(), 'smart');
    expect(resolution.virtualModel).toBe(smart);
    expect(resolution.candidates).toEqual([sonnet, haiku]);
    expect(resolution.aliasTarget).toBeUndefined();
  });

  it('maps an unknown name through the first matching alias', () => {
    const aliases = [
      { pattern: 'claude-*-haiku-*', target: 'haiku' },
      { pattern: 'claude-*', target: 'smart' },
    ];
    const viaVirtual = resolveModel(snapshot(aliases), key(), 'claude-sonnet-4-5');
    expect(viaVirtual).toMatchObject({
      requestedName: 'claude-sonnet-4-5',
      aliasTarget: 'smart',
      virtualModel: smart,
    });
    const viaModel = resolveModel(snapshot(aliases), key(), 'claude-3-5-haiku-latest');
    expect(viaModel.candidates).toEqual([haiku]);
  });

  it('prefers an exact model name over an alias that also matches', () => {
    const resolution = resolveModel(snapshot([{ pattern: '*', target: 'smart' }]), key(), 'gpt-4o');
    expect(resolution.candidates).toEqual([gpt]);
    expect(resolution.aliasTarget).toBeUndefined();
  });

  it('answers 404 naming the alias when its target does not exist', () => {
    const error = failure(() =>
      resolveModel(snapshot([{ pattern: 'x-*', target: 'missing' }]), key(), 'x-1'),
    );
    expect(error).toMatchObject({ status: 404, code: 'model_not_found' });
    expect(error.message).toContain('missing');
    expect(failure(() => resolveModel(snapshot(), key(), 'nope'))).toMatchObject({ status: 404 });
  });

  it('uses the key default model when the request names none', () => {
    expect(resolveModel(snapshot(), key({ defaultModel: 'smart' }), undefined).virtualModel).toBe(smart);
    expect(resolveModel(snapshot(), key({ defaultModel: 'gpt-4o' }), '').candidates).toEqual([gpt]);
    expect(failure(() => resolveModel(snapshot(), key(), undefined))).toMatchObject({
      status: 400,
      param: 'model',
    });
  });

  it('checks the allow-list by the requested name or the alias target', () => {
    const aliases = [{ pattern: 'claude-*', target: 'smart' }];
    expect(
      resolveModel(snapshot(aliases), key({ allowedModels: new Set(['smart']) }), 'claude-x').virtualModel,
    ).toBe(smart);
    expect(
      resolveModel(snapshot(aliases), key({ allowedModels: new Set(['claude-x']) }), 'claude-x').virtualModel,
    ).toBe(smart);
    expect(
      failure(() => resolveModel(snapshot(aliases), key({ allowedModels: new Set(['gpt-4o']) }), 'claude-x')),
    ).toMatchObject({
      status: 403,
      code: 'model_not_allowed',
    });
  });

  it('answers 503 when a virtual model has no enabled target', () => {
    const lonely: VirtualModelRuntime = {
      ...smart,
      name: 'lonely',
      targets: [{ model: model('off', false), weight: 1, priority: 0 }],
    };
    const base = snapshot();
    const withLonely = { ...base, virtualModelsByName: new Map([[lonely.name, lonely]]) };
    expect(failure(() => resolveModel(withLonely, key(), 'lonely'))).toMatchObject({
      status: 503,
      code: 'no_available_target',
    });
  });
});
