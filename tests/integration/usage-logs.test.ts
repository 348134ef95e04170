import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let captured: { id: string; key: string };
let plain: { id: string; key: string };

async function createKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const created = await harness.api('POST', '/api/virtual-keys', body);
  expect(created.status).toBe(201);
  return { id: created.body.id, key: created.body.key };
}

async function chat(key: string, model: string, content = 'Hi'): Promise<number> {
  const response = await fetch(`${harness.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
  await response.text();
  return response.status;
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ logFlushIntervalMs: 10 });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'alpha', model: { inputCostPerToken: 1e-6 } });
  await harness.addModel({ upstreamUrl: upstream.url, name: 'beta' });
  captured = await createKey({ name: 'capturing', logBodies: true });
  plain = await createKey({ name: 'plain' });
  upstream.setHandler((request) =>
    request.body?.messages?.[0]?.content === 'explode'
      ? {
          fault: 'status',
          status: 400,
          body: { error: { message: 'Upstream says the widget exploded', type: 'invalid_request_error' } },
        }
      : undefined,
  );
  for (let index = 0; index < 7; index++) expect(await chat(plain.key, 'alpha')).toBe(200);
  expect(await chat(plain.key, 'beta')).toBe(200);
  expect(await chat(plain.key, 'beta', 'explode')).toBe(400);
  expect(await chat(captured.key, 'alpha', 'secret plans '.repeat(20))).toBe(200);
  harness.internals.flushLogs();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

describe('request logs in the admin API', () => {
  it('filters by key, model, status and outcome, newest first', async () => {
    const byKey = await harness.api('GET', `/api/request-logs?keyId=${plain.id}`);
    expect(byKey.status).toBe(200);
    expect(byKey.body.data).toHaveLength(9);
    const times = byKey.body.data.map((row: { startedAt: string }) => Date.parse(row.startedAt));
    expect(times).toEqual([...times].sort((left, right) => right - left));
    expect(byKey.body.data[0].requestBody).toBeNull();
    const beta = await harness.api('GET', '/api/request-logs?model=beta');
    expect(beta.body.data).toHaveLength(2);
    const failed = await harness.api('GET', '/api/request-logs?outcome=error');
    expect(failed.body.data.map((row: { status: number }) => row.status)).toEqual([400]);
    const byStatus = await harness.api('GET', '/api/request-logs?status=400');
    expect(byStatus.body.data).toHaveLength(1);
    const providerId = beta.body.data[0].providerId;
    const byProvider = await harness.api('GET', `/api/request-logs?providerId=${providerId}`);
    expect(byProvider.body.data).toHaveLength(2);
    const future = await harness.api(
      'GET',
      `/api/request-logs?from=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    expect(future.body.data).toHaveLength(0);
    const bad = await harness.api('GET', '/api/request-logs?status=abc');
    expect(bad.status).toBe(400);
  });

  it('searches the text of errors, case-insensitively, with wildcards taken literally', async () => {
    const found = await harness.api('GET', '/api/request-logs?q=WIDGET%20exploded');
    expect(found.body.data).toHaveLength(1);
    expect(found.body.data[0].errorMessage).toContain('widget exploded');
    expect((await harness.api('GET', '/api/request-logs?q=%25')).body.data).toHaveLength(0);
  });

  it('pages with a cursor without repeating or skipping rows', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page: any = await harness.api('GET', `/api/request-logs?limit=4${query}`);
      seen.push(...page.body.data.map((row: { id: string }) => row.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(10);
    expect(new Set(seen).size).toBe(10);
    expect((await harness.api('GET', '/api/request-logs?cursor=nonsense')).status).toBe(400);
  });

  it('captures bodies only for keys that ask, truncated, without the key', async () => {
    await harness.api('PATCH', '/api/settings', { logging: { bodyMaxBytes: 100 } });
    expect(await chat(captured.key, 'alpha', 'secret plans '.repeat(20))).toBe(200);
    harness.internals.flushLogs();
    const list = await harness.api('GET', `/api/request-logs?keyId=${captured.id}&limit=1`);
    const full = await harness.api('GET', `/api/request-logs/${list.body.data[0].id}`);
    expect(full.status).toBe(200);
    expect(full.body.requestBody).toContain('secret plans');
    expect(full.body.requestBody).toMatch(/…\[truncated\]$/);
    expect(full.body.requestBody.length).toBeLessThan(100 + 20);
    expect(JSON.stringify(full.body)).not.toContain(captured.key);
    expect(full.body.responseBody).not.toBeNull();
    const other = await harness.api('GET', `/api/request-logs?keyId=${plain.id}&limit=1`);
    expect(
      (await harness.api('GET', `/api/request-logs/${other.body.data[0].id}`)).body.requestBody,
    ).toBeNull();
    expect((await harness.api('GET', '/api/request-logs/req_missing')).status).toBe(404);
  });

  it('exports CSV and JSON lines with the same filters', async () => {
    const response = await fetch(`${harness.url}/api/request-logs/export?format=csv&model=beta`, {
      headers: { authorization: `Bearer ${harness.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^id,startedAt,keyId,keyName/);
    expect(lines).toHaveLength(3);
    expect(lines.filter((line) => line.includes('widget exploded'))).toHaveLength(1);
    const jsonl = await fetch(`${harness.url}/api/request-logs/export?format=jsonl&keyId=${plain.id}`, {
      headers: { authorization: `Bearer ${harness.token}` },
    });
    const rows = (await jsonl.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(9);
    expect(rows.every((row) => row.keyName === 'plain' && !('requestBody' in row))).toBe(true);
    const anonymous = await fetch(`${harness.url}/api/request-logs/export`);
    expect(anonymous.status).toBe(401);
  });
});

describe('Prometheus metrics', () => {
  it('is off by default, then needs an admin token, then shows the series', async () => {
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(404);
    await harness.api('PATCH', '/api/settings', { metrics: { enabled: true } });
    const anonymous = await fetch(`${harness.url}/metrics`);
    expect(anonymous.status).toBe(401);
    const token = await harness.api('POST', '/api/api-tokens', { name: 'prometheus' });
    expect(token.status).toBe(201);
    const scraped = await fetch(`${harness.url}/metrics`, {
      headers: { authorization: `Bearer ${token.body.token}` },
    });
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    expect(text).toMatch(
      /llm_gateway_requests_total\{provider="[^"]+",model="alpha",key="plain",status="200"\} 7/,
    );
    expect(text).toMatch(/llm_gateway_request_errors_total\{[^}]*model="beta",key="plain",code="[^"]+"\} 1/);
    expect(text).toMatch(/llm_gateway_tokens_total\{[^}]*model="alpha",key="plain",type="input"\} 70\b/);
    expect(text).toMatch(/llm_gateway_cost_usd_total\{[^}]*model="alpha",key="plain"\} 0\.00007\b/);
    expect(text).toMatch(
      /llm_gateway_request_duration_seconds_bucket\{[^}]*model="alpha",key="plain",le="\+Inf"\} 7/,
    );
    expect(text).toContain('# TYPE llm_gateway_breaker_state gauge');
    expect(text).toMatch(/llm_gateway_limiter_in_flight\{key="plain"\} 0/);
    expect(text).toMatch(/llm_gateway_key_spend_usd\{key="plain",period="day"\} 0\.00007\b/);
    await harness.api('PATCH', '/api/settings', { metrics: { enabled: false } });
    expect((await fetch(`${harness.url}/metrics`)).status).toBe(404);
  });

  it('counts limiter rejections per key and limit', async () => {
    await harness.api('PATCH', '/api/settings', { metrics: { enabled: true } });
    const limited = await createKey({ name: 'tight', rpm: 1 });
    expect(await chat(limited.key, 'alpha')).toBe(200);
    expect(await chat(limited.key, 'alpha')).toBe(429);
    const text = await (
      await fetch(`${harness.url}/metrics`, { headers: { authorization: `Bearer ${harness.token}` } })
    ).text();
    expect(text).toMatch(/llm_gateway_limiter_rejections_total\{key="tight",limit="rpm"\} 1/);
  });
});
