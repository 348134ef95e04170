import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  adminContract,
  ContractCallError,
  type AdminContract,
  type ContractClient,
} from '../../src-shared/contract/index.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import { registerAdminIpc, type IpcMainLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { generateRequestLogs } from '../../src-gateway/usage/generate-request-logs.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// Every usage.* and logs.* operation through both bindings over one gateway: HTTP (`/api`, a real
// listener) and IPC (registerAdminIpc with a fake ipcMain, the renderer's typed client). Same
// values, same errors.

let upstream: MockUpstream;
let harness: TestGateway;
let ipc: ContractClient<AdminContract>;
let unregister: () => void;
let keyId: string;
const startedAt = Date.now();

async function chat(key: string, model: string, content = 'Hi'): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}

/** What an HTTP error answer and a rejected IPC call have in common. */
interface SeenError {
  status: number;
  code: string;
  message: string;
}

async function httpError(route: string, method = 'GET'): Promise<SeenError> {
  const answer = await harness.api(method, route);
  return { status: answer.status, code: answer.body.error.code, message: answer.body.error.message };
}

async function ipcError(call: Promise<unknown>): Promise<SeenError & { details?: unknown }> {
  const error = await call.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ContractCallError)) throw new Error(`expected a ContractCallError, got ${error}`);
  return {
    status: error.status,
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  };
}

async function download(route: string, signal?: AbortSignal): Promise<Response> {
  return fetch(`${harness.url}${route}`, { headers: { authorization: `Bearer ${harness.token}` }, signal });
}

async function collect(items: AsyncIterable<string>): Promise<string[]> {
  const seen: string[] = [];
  for await (const item of items) seen.push(item);
  return seen;
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'alpha', model: { inputCostPerToken: 1e-6 } });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'beta' });
  const created = await harness.api('POST', '/api/virtual-keys', { name: 'contract', budgetUsd: 5 });
  keyId = created.body.id;
  upstream.setHandler((request) =>
    request.body?.messages?.[0]?.content === 'explode'
      ? { fault: 'status', status: 400, body: { error: { message: 'The widget exploded', type: 'x' } } }
      : undefined,
  );
  for (let index = 0; index < 5; index++) expect(await chat(created.body.key, 'alpha')).toBe(200);
  expect(await chat(created.body.key, 'beta')).toBe(200);
  expect(await chat(created.body.key, 'beta', 'explode')).toBe(400);
  harness.internals.flushLogs();

  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener as never),
    removeHandler: (channel) => void handlers.delete(channel),
  };
  unregister = registerAdminIpc({
    ipcMain,
    dispatcher: harness.gateway.admin,
    isTrustedSender: () => true,
    principal: { adminId: 'desktop', username: 'desktop', via: 'login' },
    streamBatch: 50,
  });
  ipc = createIpcClient(adminContract, async (channel, argument) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no IPC handler for ${channel}`);
    return handler({ sender: { id: 1 } }, argument);
  });
});

afterAll(async () => {
  unregister?.();
  await harness?.stop();
  await upstream?.close();
});

describe('usage through HTTP and IPC', () => {
  it('answers the same summary (HTTP query strings, IPC numbers)', async () => {
    const from = startedAt - 3_600_000;
    const to = Date.now() + 60_000;
    const http = await harness.api(
      'GET',
      `/api/usage?groupBy=model&from=${new Date(from).toISOString()}&to=${to}`,
    );
    expect(http.status).toBe(200);
    const viaIpc = await ipc.usage.summary({ groupBy: 'model', from, to });
    expect(viaIpc).toEqual(http.body);
    expect(viaIpc.granularity).toBe('minute');
    expect(viaIpc.totals.requests).toBe(7);
    expect(viaIpc.totals.errors).toBe(1);
    expect(viaIpc.groups.map((group) => group.id).sort()).toEqual(['alpha', 'beta']);
    // The granularity choice is the service's: a year in minutes would be too many buckets.
    const year = await ipc.usage.summary({ from: to - 365 * 86_400_000, to, granularity: 'minute' });
    expect(year.granularity).toBe('day');
  });

  it('answers the same budgets', async () => {
    const http = await harness.api('GET', '/api/usage/budgets');
    expect(http.status).toBe(200);
    const viaIpc = await ipc.usage.budgets({});
    expect(viaIpc).toEqual(http.body);
    const mine = viaIpc.data.find((budget) => budget.keyId === keyId)!;
    expect(mine).toMatchObject({ keyName: 'contract', budgetUsd: 5, budgetPeriod: 'total' });
    expect(mine.spendUsd.total).toBeGreaterThan(0);
  });

  it('refuses a time past what a Date holds with a 400 naming the parameter, the same way', async () => {
    const http = await httpError('/api/usage?to=9999999999999999999999');
    const viaIpc = await ipcError(ipc.usage.summary({ to: '9999999999999999999999' }));
    expect(http).toEqual({ status: 400, code: 'invalid_request', message: expect.stringMatching(/^to: /) });
    expect(viaIpc).toEqual({ ...http, details: [{ path: 'to', message: expect.any(String) }] });
    expect(await ipcError(ipc.usage.summary({ to: 8.64e15 + 1 }))).toMatchObject({ status: 400 });
    const reversed = await httpError(`/api/usage?from=${Date.now()}&to=${startedAt - 60_000}`);
    expect(reversed).toEqual({ status: 400, code: 'invalid_request', message: '"from" must be before "to"' });
    expect(await ipcError(ipc.usage.summary({ from: Date.now(), to: startedAt - 60_000 }))).toEqual(reversed);
    const group = await httpError('/api/usage?groupBy=colour');
    expect(group).toMatchObject({ status: 400, message: expect.stringMatching(/^groupBy: /) });
    expect(await ipcError(ipc.usage.summary({ groupBy: 'colour' as never }))).toMatchObject(group);
  });
});

describe('request logs through HTTP and IPC', () => {
  it('searches the same pages, cursor and all', async () => {
    const http = await harness.api('GET', `/api/request-logs?keyId=${keyId}&limit=3`);
    expect(http.status).toBe(200);
    const first = await ipc.logs.search({ keyId, limit: 3 });
    expect(first).toEqual(http.body);
    expect(first.data).toHaveLength(3);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await ipc.logs.search({ keyId, limit: 3, cursor: first.nextCursor! });
    const httpSecond = await harness.api(
      'GET',
      `/api/request-logs?keyId=${keyId}&limit=3&cursor=${first.nextCursor}`,
    );
    expect(second).toEqual(httpSecond.body);
    expect(second.data.map((row) => row.id)).not.toContain(first.data[0]!.id);
    const failed = await ipc.logs.search({ outcome: 'error', q: 'WIDGET' });
    expect(failed.data.map((row) => row.status)).toEqual([400]);
  });

  it('refuses a bad cursor, status or time the same way', async () => {
    const cursor = await httpError('/api/request-logs?cursor=nonsense');
    expect(cursor).toEqual({ status: 400, code: 'invalid_request', message: 'cursor: not a valid cursor' });
    expect(await ipcError(ipc.logs.search({ cursor: 'nonsense' }))).toEqual({
      ...cursor,
      details: [{ path: 'cursor', message: 'not a valid cursor' }],
    });
    const status = await httpError('/api/request-logs?status=abc');
    expect(status).toMatchObject({ status: 400, message: expect.stringMatching(/^status: /) });
    expect(await ipcError(ipc.logs.search({ status: 'abc' }))).toMatchObject(status);
    const from = await httpError('/api/request-logs?from=99999999999999999');
    expect(from).toMatchObject({ status: 400, message: expect.stringMatching(/^from: /) });
    expect(await ipcError(ipc.logs.search({ from: '99999999999999999' }))).toMatchObject(from);
  });

  it('gets one record the same way, and 404 for an unknown id', async () => {
    const { data } = await ipc.logs.search({ keyId, limit: 1 });
    const http = await harness.api('GET', `/api/request-logs/${data[0]!.id}`);
    expect(http.status).toBe(200);
    expect(await ipc.logs.get({ id: data[0]!.id })).toEqual(http.body);
    const missing = await httpError('/api/request-logs/req_missing');
    expect(missing).toEqual({
      status: 404,
      code: 'not_found',
      message: 'No request log with id "req_missing"',
    });
    expect(await ipcError(ipc.logs.get({ id: 'req_missing' }))).toEqual(missing);
  });

  it('exports the same lines over IPC (an async iterable) as the HTTP download', async () => {
    for (const format of ['csv', 'jsonl'] as const) {
      const response = await download(`/api/request-logs/export?format=${format}&keyId=${keyId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(
        format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      );
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="request-logs.${format}"`,
      );
      const text = await response.text();
      const items = await collect(ipc.logs.export({ format, keyId }));
      expect(items.join('')).toBe(text);
      expect(items).toHaveLength(format === 'csv' ? 8 : 7);
    }
    // The default format is JSON lines, without bodies.
    const lines = await collect(ipc.logs.export({ keyId, limit: 2 }));
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('\n') && !('requestBody' in JSON.parse(line)))).toBe(true);
    const bad = await httpError('/api/request-logs/export?format=xml');
    expect(bad).toMatchObject({ status: 400, message: expect.stringMatching(/^format: /) });
    expect(await ipcError(collect(ipc.logs.export({ format: 'xml' as never })))).toMatchObject(bad);
  });

  it('prunes with the retention settings through either binding', async () => {
    const old = Date.now() - 40 * 86_400_000;
    generateRequestLogs(harness.database, { rows: 1500, now: old, days: 1, idPrefix: 'req_old_a_' });
    const http = await harness.api('POST', '/api/request-logs/prune');
    expect(http.status).toBe(200);
    expect(http.body).toEqual({ byAge: 1500, byCount: 0, rollups: 0 });
    generateRequestLogs(harness.database, { rows: 1500, now: old, days: 1, idPrefix: 'req_old_b_' });
    expect(await ipc.logs.prune({})).toEqual(http.body);
    expect((await ipc.logs.search({ to: Date.now() - 30 * 86_400_000 })).data).toHaveLength(0);
  });
});

describe('a long export', () => {
  const rows = 50_000;
  const pages = rows / 2000;

  beforeAll(() => {
    generateRequestLogs(harness.database, { rows, now: Date.now(), days: 1, idPrefix: 'req_bulk_' });
  });

  /** Watch the service's export: how many pages it read and whether its iterator was closed. */
  function watchExport() {
    const service = harness.internals.usage.logs;
    const original = service.export.bind(service);
    const watched = { closed: 0, pages: vi.spyOn(harness.internals.repositories.usage, 'searchLogs') };
    const exportSpy = vi.spyOn(service, 'export').mockImplementation(async function* (query) {
      try {
        yield* original(query);
      } finally {
        watched.closed++;
      }
    });
    return Object.assign(watched, {
      restore() {
        exportSpy.mockRestore();
        watched.pages.mockRestore();
      },
    });
  }

  async function eventually(check: () => boolean): Promise<void> {
    for (let waited = 0; !check() && waited < 3000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  it("stops the service's iterator when the HTTP client goes away", async () => {
    const watched = watchExport();
    try {
      const aborter = new AbortController();
      const response = await download(`/api/request-logs/export?limit=${rows}`, aborter.signal);
      const reader = response.body!.getReader();
      expect((await reader.read()).done).toBe(false);
      aborter.abort();
      await reader.closed.catch(() => undefined);
      await eventually(() => watched.closed > 0);
      expect(watched.closed).toBe(1);
      expect(watched.pages.mock.calls.length).toBeLessThan(pages);
    } finally {
      watched.restore();
    }
  });

  it('streams IPC in batches and stops the iterator when the renderer stops iterating', async () => {
    const watched = watchExport();
    try {
      let taken = 0;
      for await (const line of ipc.logs.export({ format: 'jsonl', limit: rows })) {
        expect(JSON.parse(line).id).toEqual(expect.any(String));
        if (++taken === 120) break;
      }
      expect(watched.closed).toBe(1);
      expect(watched.pages).toHaveBeenCalledTimes(1);
      // A whole export still runs to the end: 4500 rows are three pages, plus the CSV header.
      const csv = await collect(ipc.logs.export({ format: 'csv', limit: 4500 }));
      expect(csv).toHaveLength(4501);
      expect(watched.pages).toHaveBeenCalledTimes(4);
      expect(watched.closed).toBe(2);
    } finally {
      watched.restore();
    }
  });
});
