import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * The online database backup (`POST /api/backups/database`): a copy taken while /v1 requests keep
 * coming opens as a valid SQLite database holding the same configuration rows and at least every
 * request-log row written before it started; the file is private and never overwritten.
 */

let upstream: MockUpstream;
let harness: TestGateway;
let key: string;

async function chat(): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'alpha', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  await response.text();
  return response.status;
}

const configTables = ['providers', 'models', 'virtual_models', 'virtual_keys', 'settings', 'admins'];

function rows(database: BetterSqlite3.Database, table: string): unknown[] {
  return database.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'alpha' });
  key = await harness.addKey({ name: 'team' });
  // Enough rows that the copy takes several steps (pages are copied a batch per event-loop turn).
  for (let batch = 0; batch < 10; batch++)
    expect(await Promise.all(Array.from({ length: 20 }, () => chat()))).toEqual(Array(20).fill(200));
  harness.internals.flushLogs();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

describe('online database backup', () => {
  it('copies the database while requests keep being served', async () => {
    const logsBefore = (
      harness.database.prepare('SELECT COUNT(*) AS n FROM request_logs').get() as { n: number }
    ).n;
    expect(logsBefore).toBe(200);
    let serving = true;
    const statuses: number[] = [];
    const traffic = (async () => {
      while (serving) statuses.push(await chat());
    })();
    const answer = await harness.api('POST', '/api/backups/database', {});
    serving = false;
    await traffic;
    expect(answer.status).toBe(201);
    expect(statuses.length).toBeGreaterThan(0);
    expect(new Set(statuses)).toEqual(new Set([200]));

    const file = answer.body.path as string;
    expect(path.dirname(file)).toBe(path.join(harness.dir, 'backups'));
    expect(path.basename(file)).toMatch(/^gateway-\d{8}-\d{6}\.db$/);
    expect(answer.body.bytes).toBe(statSync(file).size);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    // Nothing half-written is left beside it.
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);

    const copy = new BetterSqlite3(file, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('user_version', { simple: true })).toBe(
        harness.database.pragma('user_version', { simple: true }),
      );
      for (const table of configTables) expect(rows(copy, table)).toEqual(rows(harness.database, table));
      const copied = (copy.prepare('SELECT COUNT(*) AS n FROM request_logs').get() as { n: number }).n;
      expect(copied).toBeGreaterThanOrEqual(logsBefore);
    } finally {
      copy.close();
    }
  });

  it('takes a file name, never overwrites, and refuses a path', async () => {
    const named = await harness.api('POST', '/api/backups/database', { fileName: 'before-upgrade.db' });
    expect(named.status).toBe(201);
    expect(named.body.path).toBe(path.join(harness.dir, 'backups', 'before-upgrade.db'));
    const again = await harness.api('POST', '/api/backups/database', { fileName: 'before-upgrade.db' });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('before-upgrade.db');
    for (const fileName of ['../gateway.db', '/etc/passwd.db', 'notes.txt']) {
      const refused = await harness.api('POST', '/api/backups/database', { fileName });
      expect(refused.status).toBe(400);
      expect(refused.body.error.details[0].path).toBe('fileName');
    }
    expect(existsSync(path.join(harness.dir, 'gateway.db'))).toBe(true);
  });

  it('needs an admin', async () => {
    const anonymous = await harness.api('POST', '/api/backups/database', {}, 'not-a-token');
    expect(anonymous.status).toBe(401);
  });
});
