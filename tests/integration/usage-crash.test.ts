import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

// 1000 input and 100 output tokens at $1 and $2 per million: $0.0012 an answer.
const prices = { inputCostPerToken: 1e-6, outputCostPerToken: 2e-6 };
const costPerAnswer = 1000 * 1e-6 + 100 * 2e-6;
/**
 * What a kill -9 may lose, as docs/performance.md states it: the rows the log
 * writer still held, which it writes within `maxDeferMs` (1 s) of queueing them.
 */
const flushWindowMs = 1000;
const admin = { username: 'admin', password: 'crash-test-password' };

let upstream: MockUpstream | undefined;
let directory: string | undefined;
const gateways: GatewayProcess[] = [];
let harness: TestGateway | undefined;

afterEach(async () => {
  for (const gateway of gateways.splice(0)) gateway.child.kill('SIGKILL');
  await harness?.stop();
  harness = undefined;
  await upstream?.close();
  upstream = undefined;
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

async function start(): Promise<{
  url: string;
  api: (method: string, route: string, body?: unknown) => Promise<any>;
}> {
  const gateway = await spawnGateway({
    directory: directory!,
    environment: { ADMIN_USERNAME: admin.username, ADMIN_PASSWORD: admin.password },
  });
  gateways.push(gateway);
  const login = await fetch(`${gateway.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const { token } = (await login.json()) as { token: string };
  const api = async (method: string, route: string, body?: unknown) => {
    const answer = await fetch(`${gateway.url}/api${route}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return answer.json();
  };
  return { url: gateway.url, api };
}

describe('usage and budget spend after a crash', () => {
  it('a gateway killed with SIGKILL under load restarts with the spend of every logged answer, and loses at most its last flush window', async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'llm-gateway-crash-'));
    upstream = await startMockUpstream({
      defaultReply: { kind: 'text', text: 'ok', usage: { input: 1000, output: 100 } },
    });
    const first = await start();
    const provider = await first.api('POST', '/providers', {
      name: 'crash-mock',
      protocol: 'openai',
      baseUrl: `${upstream.url}/v1`,
      apiKey: 'sk-upstream-crash-test',
    });
    await first.api('POST', '/models', { providerId: provider.id, name: 'crash-model', ...prices });
    const created = await first.api('POST', '/virtual-keys', {
      name: 'crash-key',
      budgetUsd: 1000,
      budgetPeriod: 'month',
    });
    const keyId: string = created.id;

    // Sixteen clients send requests back to back; the gateway is killed while they do.
    const answeredAt: number[] = [];
    let stopped = false;
    const client = async (): Promise<void> => {
      while (!stopped) {
        try {
          const response = await fetch(`${first.url}/v1/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${created.key}` },
            body: JSON.stringify({ model: 'crash-model', messages: [{ role: 'user', content: 'x' }] }),
          });
          const body = (await response.json()) as { usage?: { prompt_tokens: number } };
          if (response.status === 200 && body.usage?.prompt_tokens === 1000)
            answeredAt.push(performance.now());
        } catch {
          return; // the gateway is gone
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    const firstAnswerBy = performance.now() + 30_000;
    while (answeredAt.length === 0 && performance.now() < firstAnswerBy)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answeredAt.length, 'no answer through the gateway').toBeGreaterThan(0);
    const loadStarted = performance.now();
    // Past the first rollup second at least; how many answers that is depends on the machine's load.
    while (answeredAt.length < 400 && performance.now() - loadStarted < 4_000)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const killedAt = performance.now();
    gateways[0]!.child.kill('SIGKILL');
    expect(await gateways[0]!.exited).toBeNull();
    stopped = true;
    await Promise.all(clients);
    const received = answeredAt.length;
    const inLastWindow = answeredAt.filter((at) => at > killedAt - flushWindowMs).length;
    expect(received).toBeGreaterThan(20);

    const second = await start();
    const budgets = await second.api('GET', '/usage/budgets');
    const entry = budgets.data.find((row: { keyId: string }) => row.keyId === keyId);
    const database = new Database(path.join(directory, 'gateway.db'), { readonly: true });
    const logged = database
      .prepare('SELECT count(*) AS rows, total(cost_usd) AS cost FROM request_logs WHERE key_id = ?')
      .get(keyId) as { rows: number; cost: number };
    const rolledUp = database
      .prepare(
        "SELECT total(requests) AS requests, total(cost_usd) AS cost FROM usage_rollups WHERE granularity = 'day' AND key_id = ?",
      )
      .get(keyId) as { requests: number; cost: number };
    database.close();
    const summary = { received, inLastWindow, logged: logged.rows, rolledUp: rolledUp.requests };

    // The budget's spend after the restart is the cost of exactly the answers the request log kept.
    expect(rolledUp.requests, JSON.stringify(summary)).toBe(logged.rows);
    expect(entry.spendUsd.total).toBeCloseTo(logged.rows * costPerAnswer, 9);
    expect(entry.spendUsd.month).toBeCloseTo(logged.rows * costPerAnswer, 9);
    expect(entry.remainingUsd).toBeCloseTo(1000 - logged.rows * costPerAnswer, 9);
    // Never more than the client was answered, and short of it by at most the last flush window.
    expect(logged.rows, JSON.stringify(summary)).toBeLessThanOrEqual(received);
    expect(received - logged.rows, JSON.stringify(summary)).toBeLessThanOrEqual(inLastWindow);
  }, 120_000);
});

describe('usage when a request-log write fails', () => {
  it('keeps the usage and budget spend, reports the failure, writes the rows once it can, and keeps the spend across a restart', async () => {
    upstream = await startMockUpstream({
      defaultReply: { kind: 'text', text: 'ok', usage: { input: 1000, output: 100 } },
    });
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    harness = await startTestGateway({ logger });
    await harness.addModel({ upstreamUrl: upstream.url, name: 'm', model: prices });
    const created = await harness.api('POST', '/api/virtual-keys', {
      name: 'k',
      budgetUsd: 1,
      budgetPeriod: 'day',
    });
    const keyId: string = created.body.id;
    await harness.api('PATCH', '/api/settings', { metrics: { enabled: true } });
    const scraper = (await harness.api('POST', '/api/api-tokens', { name: 'prometheus' })).body
      .token as string;
    const chat = async (): Promise<void> => {
      const response = await fetch(`${harness!.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${created.body.key}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      });
      expect(response.status).toBe(200);
      await response.text();
    };
    const stored = () => ({
      logs: harness!.database
        .prepare('SELECT count(*) FROM request_logs WHERE key_id = ?')
        .pluck()
        .get(keyId),
      requests: harness!.database
        .prepare("SELECT total(requests) FROM usage_rollups WHERE granularity = 'day' AND key_id = ?")
        .pluck()
        .get(keyId),
    });
    // Every request-log insert fails, as on a full disk, until the trigger goes.
    const failLogWrites = () =>
      harness!.database.exec(
        "CREATE TRIGGER fail_log_writes BEFORE INSERT ON request_logs BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END",
      );

    failLogWrites();
    await chat();
    await chat();
    harness.internals.flushLogs();
    expect(stored()).toEqual({ logs: 0, requests: 2 });
    expect(lines.some((line) => line.includes('request log batch could not be written'))).toBe(true);
    const metrics = await (
      await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${scraper}` } })
    ).text();
    expect(metrics).toMatch(/^llm_gateway_request_log_write_failures_total [1-9]/m);

    // The database accepts writes again: the kept rows are written, their usage is not counted twice.
    harness.database.exec('DROP TRIGGER fail_log_writes');
    harness.internals.flushLogs();
    expect(stored()).toEqual({ logs: 2, requests: 2 });

    // A row that can never be written is given up at shutdown; its spend still survives the restart.
    failLogWrites();
    await chat();
    await harness.restart();
    expect(lines.some((line) => line.includes('request log rows given up'))).toBe(true);
    expect(stored()).toEqual({ logs: 2, requests: 3 });
    const budgets = await harness.api('GET', '/api/usage/budgets');
    const entry = budgets.body.data.find((row: { keyId: string }) => row.keyId === keyId);
    expect(entry.spendUsd.day).toBeCloseTo(3 * costPerAnswer, 9);
    expect(entry.remainingUsd).toBeCloseTo(1 - 3 * costPerAnswer, 9);
  });
});
