import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminContract,
  adminHttpRoutes,
  ContractCallError,
  createHttpClient,
  subscribeHttpEvents,
  type AdminContract,
  type AdminEvent,
  type ContractClient,
} from '../../src-shared/contract/index.ts';
import { generateRequestLogs } from '../../src-gateway/usage/generate-request-logs.ts';
import { connectFakeRenderer } from '../support/fake-ipc.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// The browser's typed client (src-shared/contract/create-http-client.ts) against a real gateway,
// side by side with the desktop's IPC client over the same gateway: same values, same errors.

let harness: TestGateway;
let http: ContractClient<AdminContract>;
let renderer: ReturnType<typeof connectFakeRenderer>;
const refusedSessions: ContractCallError[] = [];

beforeAll(async () => {
  harness = await startTestGateway({ liveStatsIntervalMs: 100 });
  http = createHttpClient(adminContract, adminHttpRoutes, {
    baseUrl: harness.url,
    getToken: () => harness.token,
    onUnauthorized: (error) => refusedSessions.push(error),
  });
  renderer = connectFakeRenderer({
    dispatcher: harness.gateway.admin,
    events: harness.gateway.events,
    initialEvents: harness.gateway.initialEvents,
  });
});

afterAll(async () => {
  renderer?.close();
  await harness?.stop();
});

async function failure(call: Promise<unknown>): Promise<ContractCallError> {
  const error = await call.then(
    () => undefined,
    (rejected: unknown) => rejected,
  );
  if (!(error instanceof ContractCallError)) throw new Error(`expected a ContractCallError, got ${error}`);
  return error;
}

const shapeOf = ({ status, code, message, details, retryAfter }: ContractCallError) => ({
  status,
  code,
  message,
  details,
  retryAfter,
});

const providerBody = (name: string) => ({
  name,
  protocol: 'openai' as const,
  baseUrl: 'http://127.0.0.1:9/v1',
  apiKey: 'sk-http-client-provider-0001',
});

describe('the HTTP client', () => {
  it('answers the same values as the IPC client: create (201), read, list, update, delete (204)', async () => {
    const created = await http.providers.create({ body: providerBody('via-http-client') });
    expect(created).toMatchObject({ name: 'via-http-client', protocol: 'openai', enabled: true });
    expect(await http.providers.get({ id: created.id })).toEqual(
      await renderer.client.providers.get({ id: created.id }),
    );
    expect(await http.providers.list({})).toEqual(await renderer.client.providers.list({}));
    const updated = await http.providers.update({ id: created.id, body: { enabled: false } });
    expect(updated.enabled).toBe(false);
    expect(await http.providers.remove({ id: created.id })).toBeUndefined();
    expect((await renderer.client.providers.list({})).data.map((provider) => provider.id)).not.toContain(
      created.id,
    );
  });

  it('sends the other top-level fields as the query (logs.search with a limit and a filter)', async () => {
    generateRequestLogs(harness.database, {
      rows: 30,
      now: Date.now(),
      days: 1,
      idPrefix: 'req_http_client_',
    });
    const page = await http.logs.search({ limit: 7 });
    expect(page.data).toHaveLength(7);
    expect(page).toEqual(await renderer.client.logs.search({ limit: 7 }));
    const next = await http.logs.search({ limit: 7, cursor: page.nextCursor! });
    expect(next).toEqual(await renderer.client.logs.search({ limit: 7, cursor: page.nextCursor! }));
    expect(next.data[0]!.id).not.toBe(page.data[0]!.id);
  });

  it('fails with the same ContractCallError as IPC: 400 with the field path, 404, 409', async () => {
    const invalid = { body: { ...providerBody(''), baseUrl: 'not a url' } };
    const overHttp = await failure(http.providers.create(invalid));
    expect(overHttp.status).toBe(400);
    expect(new Set(overHttp.details?.map((issue) => issue.path))).toEqual(new Set(['baseUrl', 'name']));
    expect(shapeOf(overHttp)).toEqual(shapeOf(await failure(renderer.client.providers.create(invalid))));

    const missing = await failure(http.providers.get({ id: 'no-such-provider' }));
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    expect(shapeOf(missing)).toEqual(
      shapeOf(await failure(renderer.client.providers.get({ id: 'no-such-provider' }))),
    );

    await http.providers.create({ body: providerBody('taken-name') });
    const taken = await failure(http.providers.create({ body: providerBody('taken-name') }));
    expect(taken.status).toBe(409);
    expect(shapeOf(taken)).toEqual(
      shapeOf(await failure(renderer.client.providers.create({ body: providerBody('taken-name') }))),
    );
  });

  it('fails a call without its path parameter as the gateway would, without a request', async () => {
    const error = await failure(http.providers.get({} as never));
    expect(shapeOf(error)).toMatchObject({ status: 400, code: 'invalid_request', details: [{ path: 'id' }] });
  });

  it('reports a refused session (401) once per call, but not a wrong password on the public login', async () => {
    const anonymous = createHttpClient(adminContract, adminHttpRoutes, {
      baseUrl: harness.url,
      getToken: () => 'not-a-token',
      onUnauthorized: (error) => refusedSessions.push(error),
    });
    const before = refusedSessions.length;
    const refused = await failure(anonymous.providers.list({}));
    expect(refused).toMatchObject({ status: 401, code: expect.any(String) });
    expect(refusedSessions).toHaveLength(before + 1);
    const wrong = await failure(
      anonymous.auth.login({ body: { username: 'admin', password: 'wrong-password' } }),
    );
    expect(wrong.status).toBe(401);
    expect(refusedSessions).toHaveLength(before + 1);
    expect(await anonymous.auth.status({})).toEqual({ needsSetup: false });
  });

  it('turns a gateway that is not there into a network error in words', async () => {
    const nowhere = createHttpClient(adminContract, adminHttpRoutes, { baseUrl: 'http://127.0.0.1:9' });
    const error = await failure(nowhere.auth.status({}));
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
    expect(error.message).toMatch(/Could not reach the gateway/);
  });

  it('streams an export record by record, the same items as IPC (CSV and JSON lines)', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const overHttp: string[] = [];
      for await (const item of http.logs.export({ format, limit: 12 })) overHttp.push(item);
      const overIpc: string[] = [];
      for await (const item of renderer.client.logs.export({ format, limit: 12 })) overIpc.push(item);
      expect(overHttp).toHaveLength(format === 'csv' ? 13 : 12);
      expect(overHttp).toEqual(overIpc);
    }
  });

  it('stops reading a stream the caller leaves early', async () => {
    const taken: string[] = [];
    for await (const item of http.logs.export({ format: 'jsonl', limit: 20 })) {
      taken.push(item);
      if (taken.length === 2) break;
    }
    expect(taken).toHaveLength(2);
    // The gateway is still answering: the cancelled download left nothing stuck.
    expect((await http.logs.search({ limit: 1 })).data).toHaveLength(1);
  });

  it('fails a stream before its first item with the same error as IPC', async () => {
    const take = async (items: AsyncIterable<unknown>) => {
      for await (const _item of items) break;
    };
    const overHttp = await failure(take(http.logs.export({ format: 'xml' as never })));
    expect(overHttp.status).toBe(400);
    expect(shapeOf(overHttp)).toEqual(
      shapeOf(await failure(take(renderer.client.logs.export({ format: 'xml' as never })))),
    );
  });
});

describe('events over HTTP (Server-Sent Events read with fetch)', () => {
  it('receive the current state first, then live events, each checked against the contract', async () => {
    const received: AdminEvent[] = [];
    const connected: boolean[] = [];
    const stop = subscribeHttpEvents(
      { baseUrl: harness.url, getToken: () => harness.token, onConnectionChange: (up) => connected.push(up) },
      (event) => received.push(event),
    );
    try {
      await expect.poll(() => received.map((event) => event.name)).toContain('liveStats');
      expect(received[0]).toMatchObject({
        name: 'gatewayState',
        data: { state: 'listening', url: harness.url },
      });
      await http.providers.create({ body: providerBody('seen-live') });
      await expect.poll(() => received.some((event) => event.name === 'configChanged')).toBe(true);
      expect(connected).toEqual([true]);
    } finally {
      stop();
    }
  });

  it('stop at a refused token and report it, without retrying', async () => {
    const refused: ContractCallError[] = [];
    const received: AdminEvent[] = [];
    let requests = 0;
    const stop = subscribeHttpEvents(
      {
        baseUrl: harness.url,
        getToken: () => 'expired-token',
        onUnauthorized: (error) => refused.push(error),
        retryMs: 10,
        fetch: (input, init) => {
          requests++;
          return fetch(input, init);
        },
      },
      (event) => received.push(event),
    );
    await expect.poll(() => refused.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop();
    expect(refused[0]).toMatchObject({ status: 401 });
    expect(requests).toBe(1);
    expect(received).toEqual([]);
  });
});
