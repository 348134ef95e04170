/**
 * The set-up every routing test file shares, registered once: one gateway and
 * one client key for the file, targets (provider + model) each in front of its
 * own mock upstream that is closed after the test, virtual models over them,
 * chat requests and the request log.
 *
 * ```ts
 * const routing = useRoutingHarness({ prefix: 'failover' });
 * it('…', async () => {
 *   const [broken, healthy] = [await routing.addTarget(), await routing.addTarget()];
 *   const name = await routing.addVirtualModel({ strategy: 'priority', targets: [...] });
 *   const response = await routing.postChat({ model: name });
 * });
 * ```
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { GatewayOptions } from '../../../src-gateway/index.ts';
import type { RequestLogView } from '../../../src-shared/schemas/request-log.ts';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../../support/start-test-gateway.ts';

export interface RoutingSuiteOptions {
  /** Starts every generated name (`PREFIX-provider-N`, `PREFIX-model-N`, `PREFIX-virtual-N`) and names the key. */
  prefix: string;
  /** Gateway options such as a test clock or a seeded random. */
  gateway?: Partial<GatewayOptions>;
  /** Extra set-up once the gateway runs, such as routing settings. */
  prepare?: (harness: TestGateway) => Promise<unknown>;
}

export interface TargetOptions {
  protocol?: 'openai' | 'anthropic';
  /** Send to this address instead of the target's own mock upstream (which then receives nothing). */
  upstreamUrl?: string;
  /** The provider's (first) API key. */
  apiKey?: string;
  /** Extra provider fields (timeouts, more keys, …). */
  provider?: Record<string, unknown>;
  /** Extra model fields (context window, …). */
  model?: Record<string, unknown>;
}

/** A provider + model in front of its own mock upstream. */
export interface RoutingTarget {
  providerId: string;
  modelId: string;
  providerName: string;
  /** The gateway model name. */
  name: string;
  /** The model id the upstream receives. */
  upstreamModel: string;
  upstream: MockUpstream;
}

export interface RoutingSuite {
  /** The file's gateway (readable once the file's tests run). */
  readonly harness: TestGateway;
  /** The client key every request uses unless told otherwise. */
  readonly key: string;
  addTarget(options?: TargetOptions): Promise<RoutingTarget>;
  /** Create a virtual model named `PREFIX-virtual-N` from `body` (strategy, targets, …); asserts it was created. */
  addVirtualModel(body: Record<string, unknown>): Promise<string>;
  /** POST `/v1/chat/completions` with "Hello" from the user, merged with `body`, and the suite key unless `init.key`. */
  postChat(
    body: Record<string, unknown>,
    init?: { headers?: Record<string, string>; key?: string; signal?: AbortSignal },
  ): Promise<Response>;
  /** The request log row of `requestId`, after flushing the log queue. */
  logOf(requestId: string | null): Promise<RequestLogView>;
  /** A model's entry in `GET /api/routing/state` (breaker, keys). */
  routingStateOf(modelId: string): Promise<any>;
}

/** Register the shared hooks in the calling test file and return its routing helpers. */
export function useRoutingHarness(options: RoutingSuiteOptions): RoutingSuite {
  const { prefix } = options;
  const upstreams: MockUpstream[] = [];
  let harness: TestGateway | undefined;
  let key = '';
  let sequence = 0;
  const started = (): TestGateway => {
    if (!harness) throw new Error('the routing harness is started in beforeAll');
    return harness;
  };

  beforeAll(async () => {
    harness = await startTestGateway(options.gateway);
    key = await harness.addKey({ name: prefix });
    await options.prepare?.(harness);
  });
  afterEach(async () => {
    await Promise.all(upstreams.splice(0).map((upstream) => upstream.close()));
  });
  afterAll(async () => {
    await harness?.stop();
  });

  return {
    get harness() {
      return started();
    },
    get key() {
      return key;
    },
    async addTarget(target = {}) {
      const upstream = await startMockUpstream();
      upstreams.push(upstream);
      const number = ++sequence;
      const providerName = `${prefix}-provider-${number}`;
      const name = `${prefix}-model-${number}`;
      const upstreamModel = `upstream-${number}`;
      const ids = await started().addModel({
        upstreamUrl: target.upstreamUrl ?? upstream.url,
        protocol: target.protocol,
        name,
        upstreamModel,
        apiKey: target.apiKey,
        provider: { name: providerName, ...target.provider },
        model: target.model,
      });
      return { ...ids, providerName, name, upstreamModel, upstream };
    },
    async addVirtualModel(body) {
      const name = `${prefix}-virtual-${++sequence}`;
      const created = await started().api('POST', '/api/virtual-models', { name, ...body });
      expect(created.status).toBe(201);
      return name;
    },
    postChat(body, init = {}) {
      return fetch(`${started().url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${init.key ?? key}`,
          ...init.headers,
        },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }], ...body }),
        signal: init.signal,
      });
    },
    async logOf(requestId) {
      const harness = started();
      harness.internals.flushLogs();
      const log = await harness.api('GET', `/api/request-logs/${encodeURIComponent(requestId ?? '')}`);
      if (log.status !== 200) throw new Error(`no log row for ${requestId}: ${log.status}`);
      return log.body;
    },
    async routingStateOf(modelId) {
      const state = await started().api('GET', '/api/routing/state');
      expect(state.status).toBe(200);
      return state.body.data.find((entry: { modelId: string }) => entry.modelId === modelId);
    },
  };
}
