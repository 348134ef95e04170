import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContract, adminHttpRoutes, operationsOf } from '../../src-shared/contract/index.ts';
import { ContractCallError, type ErrorShape } from '../../src-shared/contract/error-shape.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import { connectFakeRenderer, strangerWindow } from '../support/fake-ipc.ts';

let harness: TestGateway;
let upstream: MockUpstream;
let renderer: ReturnType<typeof connectFakeRenderer>;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ liveStatsIntervalMs: 100 });
  renderer = connectFakeRenderer({
    dispatcher: harness.gateway.admin,
    events: harness.gateway.events,
    initialEvents: harness.gateway.initialEvents,
  });
});

afterAll(async () => {
  renderer?.close();
  await harness?.stop();
  await upstream?.close();
});

/** The error object a rejected IPC call carried (the renderer's client rethrows it as a ContractCallError). */
async function ipcError(call: Promise<unknown>): Promise<ErrorShape> {
  const error = (await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (failure: unknown) => failure,
  )) as ContractCallError;
  expect(error).toBeInstanceOf(ContractCallError);
  const { status, code, message, details, retryAfter } = error;
  return {
    status,
    code,
    message,
    ...(details ? { details } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}

/** The error object of an HTTP answer: `{ error }` whole, its status the answer's. */
function httpError(answer: { status: number; body: any }): ErrorShape {
  expect(answer.body.error.status).toBe(answer.status);
  return answer.body.error;
}

describe('the contract and its HTTP route table', () => {
  it('route every operation exactly once, and nothing else', () => {
    const routed = adminHttpRoutes.map((route) => route.operation.name);
    const declared = operationsOf(adminContract).map((operation) => operation.name);
    expect(new Set(routed).size).toBe(routed.length);
    expect([...routed].sort()).toEqual([...declared].sort());
  });

  it('publish exactly the routes the gateway serves (OpenAPI), besides the meta routes', async () => {
    const document = (await harness.api('GET', '/api/openapi.json')).body;
    const served = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`),
    );
    const tabled = adminHttpRoutes.map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
    const meta = ['get /openapi.json'];
    expect(served.filter((route) => !meta.includes(route)).sort()).toEqual(tabled.sort());
  });
});

describe('the same operations over HTTP and IPC', () => {
  it('create, read, list and update a provider with the same answers', async () => {
    const overHttp = await harness.api('POST', '/api/providers', {
      name: 'over-http',
      protocol: 'openai',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'sk-http-provider-key-0001',
    });
    expect(overHttp.status).toBe(201);
    const overIpc = await renderer.client.providers.create({
      body: {
        name: 'over-ipc',
        protocol: 'openai',
        baseUrl: `${upstream.url}/v1`,
        apiKey: 'sk-ipc-provider-key-0002',
      },
    });
    const strip = ({ id: _id, name: _name, apiKeyHint: _hint, createdAt: _c, updatedAt: _u, ...rest }: any) =>
      rest;
    expect(strip(overIpc)).toEqual(strip(overHttp.body));
    expect(overIpc).not.toHaveProperty('apiKey');
    expect(await renderer.client.providers.get({ id: overHttp.body.id })).toEqual(
      (await harness.api('GET', `/api/providers/${overHttp.body.id}`)).body,
    );
    expect(await renderer.client.providers.list({})).toEqual(
      (await harness.api('GET', '/api/providers')).body,
    );
    const renamed = await renderer.client.providers.update({
      id: overIpc.id,
      body: { name: 'renamed-over-ipc' },
    });
    expect(renamed.name).toBe('renamed-over-ipc');
    expect((await harness.api('GET', `/api/providers/${overIpc.id}`)).body.name).toBe('renamed-over-ipc');
  });

  it('refuse invalid input with the same error object: 400 with each field path in details', async () => {
    const body = { name: 'bad', protocol: 'telepathy', baseUrl: 'not a url' };
    const overHttp = httpError(await harness.api('POST', '/api/providers', body));
    const overIpc = await ipcError(renderer.client.providers.create({ body: body as never }));
    expect(overIpc).toEqual(overHttp);
    expect(overHttp).toMatchObject({ status: 400, code: 'invalid_request' });
    // Each failed check is one issue (a base URL can fail two); the fields are these two.
    expect(new Set(overHttp.details?.map((issue) => issue.path))).toEqual(new Set(['protocol', 'baseUrl']));
    expect(overHttp.message).toMatch(/^protocol: /);
    expect(overHttp.message).toContain('baseUrl: ');

    // A field deeper in the body: its full path, relative to the body, on both.
    const nested = { name: 'vm-bad-rule', promptRules: [{ type: 'system', mode: 'sideways', text: 'x' }] };
    const nestedHttp = httpError(await harness.api('POST', '/api/virtual-models', nested));
    const nestedIpc = await ipcError(renderer.client.virtualModels.create({ body: nested as never }));
    expect(nestedIpc).toEqual(nestedHttp);
    expect(nestedHttp.details?.map((issue) => issue.path)).toEqual(['promptRules.0.mode']);
  });

  it('answer 404 for an unknown id and 409 for a duplicate name, the same way', async () => {
    const missingHttp = httpError(await harness.api('GET', '/api/models/no-such-model'));
    const missingIpc = await ipcError(renderer.client.models.get({ id: 'no-such-model' }));
    expect(missingIpc).toEqual(missingHttp);
    expect(missingHttp).toEqual({
      status: 404,
      code: 'not_found',
      message: 'No model with id "no-such-model"',
    });

    await renderer.client.virtualKeys.create({ body: { name: 'taken' } });
    const duplicateHttp = httpError(await harness.api('POST', '/api/virtual-keys', { name: 'taken' }));
    const duplicateIpc = await ipcError(renderer.client.virtualKeys.create({ body: { name: 'taken' } }));
    expect(duplicateIpc).toEqual(duplicateHttp);
    expect(duplicateHttp).toEqual({
      status: 409,
      code: 'conflict',
      message: 'A virtual key named "taken" already exists',
    });
  });

  it('refuse a window that is not the app’s own, whatever it asks', async () => {
    const stranger = connectFakeRenderer({
      dispatcher: harness.gateway.admin,
      events: harness.gateway.events,
      initialEvents: harness.gateway.initialEvents,
      sender: strangerWindow,
    });
    try {
      expect(await ipcError(stranger.client.settings.get({}))).toMatchObject({
        status: 403,
        code: 'forbidden',
      });
    } finally {
      stranger.close();
    }
  });
});

/** Read Server-Sent Events from `/api/events` until `done` says enough. */
async function readEvents(
  token: string | undefined,
  done: (events: AdminEvent[]) => boolean,
  during: () => Promise<void>,
): Promise<{ status: number; events: AdminEvent[] }> {
  const controller = new AbortController();
  const response = await fetch(`${harness.url}/api/events`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    signal: controller.signal,
  });
  if (response.status !== 200) return { status: response.status, events: [] };
  const events: AdminEvent[] = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const reading = (async () => {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const name = /^event: (.+)$/m.exec(block)?.[1];
        const data = /^data: (.+)$/m.exec(block)?.[1];
        if (name && data) events.push({ name, data: JSON.parse(data) } as AdminEvent);
      }
      if (done(events)) return;
    }
  })();
  await during();
  const deadline = setTimeout(() => controller.abort(), 5000);
  await reading.catch(() => undefined);
  clearTimeout(deadline);
  controller.abort();
  return { status: response.status, events };
}

describe('events', () => {
  it('reach the browser over SSE: the state first, then configuration changes and live statistics', async () => {
    const model = await harness.addModel({ upstreamUrl: upstream.url, name: 'events-model' });
    expect(model).toBeDefined();
    const key = await harness.addKey({ name: 'events-key' });
    const { status, events } = await readEvents(
      harness.token,
      (seen) =>
        seen.some((event) => event.name === 'configChanged') &&
        seen.some((event) => event.name === 'liveStats' && event.data.requests > 0),
      async () => {
        await harness.api('PATCH', '/api/settings', { logging: { retentionDays: 7 } });
        upstream.enqueue({ kind: 'text', text: 'hello' });
        const answer = await fetch(`${harness.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          body: JSON.stringify({ model: 'events-model', messages: [{ role: 'user', content: 'hi' }] }),
        });
        expect(answer.status, await answer.clone().text()).toBe(200);
      },
    );
    expect(status).toBe(200);
    expect(events[0]).toMatchObject({ name: 'gatewayState', data: { state: 'listening', url: harness.url } });
    expect(events.find((event) => event.name === 'configChanged')?.data).toMatchObject({
      version: expect.any(Number),
    });
    const stats = events.filter((event) => event.name === 'liveStats').at(-1)!;
    expect(stats.data).toMatchObject({ requests: 1, errors: 0, errorRate: 0 });
  });

  it('need an admin token over SSE', async () => {
    expect(
      (
        await readEvents(
          undefined,
          () => true,
          async () => undefined,
        )
      ).status,
    ).toBe(401);
  });

  it('report a health target changing state', async () => {
    const seen: AdminEvent[] = [];
    const stop = harness.gateway.events.subscribe((event) => seen.push(event));
    try {
      const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'health-event-model' });
      expect((await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } })).status).toBe(
        200,
      );
      const target = await harness.api('POST', '/api/health-targets', {
        name: 'events-target',
        type: 'model',
        targetId: modelId,
        retries: 0,
      });
      expect(target.status).toBe(201);
      upstream.setHandler(() => ({ fault: 'status', status: 500 }));
      expect((await harness.api('POST', `/api/health-targets/${target.body.id}/run`)).status).toBe(200);
      const change = seen.find((event) => event.name === 'healthChanged');
      expect(change?.data).toMatchObject({
        targetId: target.body.id,
        targetName: 'events-target',
        state: 'down',
      });
    } finally {
      stop();
      upstream.setHandler(undefined);
      await harness.api('PATCH', '/api/settings', { monitoring: { enabled: false } });
    }
  });

  it('reach the window over IPC', async () => {
    expect(renderer.received[0]).toMatchObject({ name: 'gatewayState', data: { state: 'listening' } });
    const before = renderer.received.length;
    await renderer.client.settings.update({ body: { logging: { retentionDays: 9 } } });
    const deadline = Date.now() + 5000;
    while (!renderer.received.slice(before).some((event) => event.name === 'configChanged')) {
      if (Date.now() > deadline) throw new Error('no configChanged event over IPC');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
});
