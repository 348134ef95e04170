import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src-gateway/lib/logger.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * A database that cannot be written while the gateway runs: /v1 requests keep answering 200 (the
 * hot path never waits on SQLite), `system.status` and the `storageChanged` event report the
 * problem and a log line names it, the rows waiting in memory stay bounded (drops counted), and
 * once the fault is lifted the log is written again, the kept rows included.
 *
 * The faults are real SQLite errors on the gateway's own connection, simulated without root:
 * read-only is `PRAGMA query_only` (every write fails with SQLITE_READONLY, as a database on a
 * read-only file or mount does; chmod cannot do it here: tests run as root, and an open file
 * descriptor keeps its write access anyway), a full disk is `PRAGMA max_page_count` pinned to the
 * current size (every write that needs a new page fails with SQLITE_FULL, as on a full disk).
 */

const queueLimit = 40;
let upstream: MockUpstream;
let harness: TestGateway;
let key: string;
const logLines: Array<{ level: number; msg: string; problem?: string }> = [];

async function chat(): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'alpha', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  return response.status;
}

async function chats(count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let index = 0; index < count; index += 10)
    statuses.push(...(await Promise.all(Array.from({ length: Math.min(10, count - index) }, () => chat()))));
  return statuses;
}

async function storage() {
  const answer = await harness.api('GET', '/api/system');
  expect(answer.status).toBe(200);
  return answer.body.storage;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const logRows = () =>
  (harness.database.prepare('SELECT COUNT(*) AS n FROM request_logs').get() as { n: number }).n;

beforeAll(async () => {
  upstream = await startMockUpstream();
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      callback();
    },
  });
  harness = await startTestGateway({
    logFlushIntervalMs: 10,
    logQueueLimit: queueLimit,
    logger: createLogger({ level: 'warn', destination, format: 'json' }),
  });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'alpha' });
  key = await harness.addKey({ name: 'team' });
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

describe('a read-only database', () => {
  it('keeps serving, reports the problem, and writes the kept rows once writable again', async () => {
    expect(await chats(3)).toEqual([200, 200, 200]);
    harness.internals.flushLogs();
    expect(logRows()).toBe(3);
    expect(await storage()).toMatchObject({ state: 'ok', problem: null, failedWrites: 0, droppedRows: 0 });

    const events: any[] = [];
    const unsubscribe = harness.gateway.events.subscribe((event) => {
      if (event.name === 'storageChanged') events.push(event.data);
    });
    harness.database.pragma('query_only = ON');
    try {
      expect(await chats(10)).toEqual(Array(10).fill(200));
      const failing = await until(storage, (status) => status.state === 'failing');
      expect(failing).toMatchObject({ state: 'failing', problem: 'read-only', droppedRows: 0 });
      expect(failing.message).toContain('read-only');
      expect(failing.message).toContain('Requests are still served');
      expect(failing.pendingRows).toBeGreaterThan(0);
      expect(failing.pendingRows).toBeLessThanOrEqual(10);
      expect(events.map((event) => event.state)).toEqual(['failing']);
      expect(logLines.some((line) => line.level === 50 && line.problem === 'read-only')).toBe(true);
      // Admin writes are refused with a status that says why, not a bare 500.
      const write = await harness.api('PATCH', '/api/settings', { logging: { retentionDays: 9 } });
      expect(write.status).toBe(503);
      expect(write.body.error).toMatchObject({ code: 'storage_unavailable' });
      expect(logRows()).toBe(3);
    } finally {
      harness.database.pragma('query_only = OFF');
    }

    // The kept rows are retried on the writer's next ticks; a new request's row goes too.
    expect(await chat()).toBe(200);
    const recovered = await until(storage, (status) => status.state === 'ok' && status.pendingRows === 0);
    expect(recovered).toMatchObject({ state: 'ok', problem: null, pendingRows: 0, droppedRows: 0 });
    expect(events.map((event) => event.state)).toEqual(['failing', 'ok']);
    expect(logRows()).toBe(14);
    expect(logLines.some((line) => line.msg.startsWith('storage recovered'))).toBe(true);
    unsubscribe();
  });
});

describe('a full disk', () => {
  it('keeps serving, bounds what waits in memory (drops counted), and logs again when space returns', async () => {
    harness.internals.flushLogs();
    const before = logRows();
    const pages = harness.database.pragma('page_count', { simple: true }) as number;
    harness.database.pragma(`max_page_count = ${pages}`);
    let failing;
    try {
      // Free space inside the last pages takes a few rows; then every write needs a page.
      const statuses = await chats(3 * queueLimit);
      expect(new Set(statuses)).toEqual(new Set([200]));
      failing = await until(storage, (status) => status.state === 'failing' && status.droppedRows > 0);
      expect(failing).toMatchObject({ state: 'failing', problem: 'full' });
      expect(failing.message).toContain('full');
      // The queue and the retry each hold at most the limit: the rest is dropped and counted.
      expect(failing.pendingRows).toBeLessThanOrEqual(2 * queueLimit);
      expect(failing.droppedRows).toBeGreaterThan(0);
      expect(failing.pendingRows + failing.droppedRows + (logRows() - before)).toBe(3 * queueLimit);
      const system = await harness.api('GET', '/api/system');
      expect(system.status).toBe(200);
    } finally {
      harness.database.pragma('max_page_count = 1073741823');
    }

    expect(await chat()).toBe(200);
    const recovered = await until(storage, (status) => status.state === 'ok' && status.pendingRows === 0);
    expect(recovered).toMatchObject({ state: 'ok', problem: null, pendingRows: 0 });
    expect(recovered.droppedRows).toBe(failing.droppedRows);
    // Everything not dropped reached the database, the request after the fault included.
    expect(logRows() - before).toBe(3 * queueLimit + 1 - recovered.droppedRows);
    expect(await harness.api('PATCH', '/api/settings', { logging: { retentionDays: 9 } })).toMatchObject({
      status: 200,
    });
  });
});
