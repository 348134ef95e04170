import { afterEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let upstream: MockUpstream | undefined;

afterEach(async () => {
  await harness?.stop();
  await upstream?.close();
  harness = undefined;
  upstream = undefined;
});

/** The timer is off (tickMs 0) and jitter pinned to 0: tests drive the scheduler with `tick`. */
const monitoring = { health: { tickMs: 0, random: () => 0, retryDelayMs: 0 } };

async function monitoringKeys(gateway: TestGateway) {
  const keys = await gateway.api('GET', '/api/virtual-keys');
  return (keys.body.data as Array<{ id: string; name: string; isMonitoring: boolean }>).filter(
    (key) => key.isMonitoring,
  );
}

describe('persistent monitoring', () => {
  it('is off by default; turning it on creates the monitoring key once, across toggles and restarts', async () => {
    harness = await startTestGateway({ monitoring });
    for (const route of ['/public/health/summary', '/public/health/targets', '/status'])
      expect((await fetch(harness.url + route)).status).toBe(404);
    expect(await monitoringKeys(harness)).toEqual([]);

    const on = await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
    expect(on.body.monitoring).toEqual({ enabled: true });
    const [key] = await monitoringKeys(harness);
    expect(key).toMatchObject({ name: 'monitoring', enabled: true, allowedModels: [], logBodies: false });
    const summary = await fetch(`${harness.url}/public/health/summary`);
    expect(summary.status).toBe(200);
    expect(await summary.json()).toMatchObject({ overall: 'unknown', targets: 0 });
    expect((await fetch(`${harness.url}/status`)).status).toBe(200);

    const refused = await harness.api('DELETE', `/api/virtual-keys/${key!.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('monitoring');

    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: false } });
    expect((await fetch(`${harness.url}/public/health/summary`)).status).toBe(404);
    expect((await fetch(`${harness.url}/status`)).status).toBe(404);
    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
    await harness.restart();
    expect((await fetch(`${harness.url}/public/health/summary`)).status).toBe(200);
    expect((await monitoringKeys(harness)).map((entry) => entry.id)).toEqual([key!.id]);

    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: false } });
    expect((await harness.api('DELETE', `/api/virtual-keys/${key!.id}`)).status).toBe(204);
  });

  it('checks a model through the gateway under the monitoring key and publishes only measurements', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway({ monitoring });
    const { providerId, modelId } = await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'chat-model',
      apiKey: 'sk-upstream-secret-4242',
    });
    const created = await harness.api('POST', '/api/health-targets', {
      name: 'Main chat',
      type: 'model',
      targetId: modelId,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ intervalSeconds: 300, prompt: "Say 'OK'", enabled: true });
    const targetId = created.body.id as string;
    expect((await harness.api('POST', `/api/health-targets/${targetId}/run`)).status).toBe(409);
    const missing = await harness.api('POST', '/api/health-targets', {
      name: 'Nothing',
      type: 'virtual-model',
      targetId: modelId,
    });
    expect(missing.status).toBe(400);

    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
    upstream.enqueue({ kind: 'text', text: 'OK' });
    const run = await harness.api('POST', `/api/health-targets/${targetId}/run`);
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ targetId, success: true, errorType: null, attempts: 1 });
    expect(run.body.latencyMs).toBeGreaterThanOrEqual(0);
    expect(run.body.ttftMs).toBeGreaterThanOrEqual(0);
    const received = upstream.lastRequest()!;
    expect(received.body.messages).toEqual([{ role: 'user', content: "Say 'OK'" }]);
    expect(received.headers.authorization).toBe('Bearer sk-upstream-secret-4242');
    harness.internals.flushLogs();
    const logged = harness.database
      .prepare("SELECT key_name, status FROM request_logs WHERE requested_model = 'chat-model'")
      .all();
    expect(logged).toEqual([{ key_name: 'monitoring', status: 200 }]);

    // The scheduler: the run above counts, so the next is due one interval later (jitter pinned to 0).
    upstream.setHandler(() => ({ fault: 'status', status: 500 }));
    await harness.internals.health.tick(Date.now() + 250_000);
    await harness.internals.health.idle();
    expect(upstream.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    await harness.internals.health.tick(Date.now() + 300_000);
    await harness.internals.health.idle();
    const detail = await fetch(`${harness.url}/public/health/detail?target_id=${targetId}`);
    const body = await detail.json();
    expect(body.target).toMatchObject({ name: 'Main chat', state: 'down', runs1h: 2, availability1h: 0.5 });
    expect(body.series).toHaveLength(2);
    expect(body.recentErrors[0].type).toBe('upstream_error');
    const runs = await (
      await fetch(`${harness.url}/public/health/runs?target_id=${targetId}&page_size=1`)
    ).json();
    expect(runs).toMatchObject({ page: 1, pageSize: 1, total: 2 });
    expect(runs.data[0].success).toBe(false);

    const everything = [
      JSON.stringify(body),
      JSON.stringify(runs),
      await (await fetch(`${harness.url}/public/health/targets`)).text(),
      await (await fetch(`${harness.url}/public/health/summary`)).text(),
    ].join('\n');
    for (const secret of [
      upstream.url,
      `127.0.0.1:${upstream.port}`,
      'sk-upstream',
      providerId,
      'monitoring',
      'chat-model',
    ])
      expect(everything).not.toContain(secret);

    const blocked = await harness.api('DELETE', `/api/models/${modelId}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('"Main chat"');
    expect((await fetch(`${harness.url}/public/health/detail?target_id=nope`)).status).toBe(404);
    expect((await fetch(`${harness.url}/public/health/runs?target_id=${targetId}&window=9y`)).status).toBe(
      400,
    );
  });
  it('checks a virtual model, records a timeout, and protects the virtual model from deletion', async () => {
    upstream = await startMockUpstream();
    harness = await startTestGateway({ monitoring });
    const { modelId } = await harness.addModel({ upstreamUrl: upstream.url, name: 'inner' });
    const virtualModel = await harness.api('POST', '/api/virtual-models', {
      name: 'smart',
      targets: [{ modelId }],
    });
    const target = await harness.api('POST', '/api/health-targets', {
      name: 'Smart',
      type: 'virtual-model',
      targetId: virtualModel.body.id,
      timeoutMs: 300,
      prompt: 'ping',
    });
    expect(target.status).toBe(201);
    await harness.api('PATCH', '/api/settings', { monitoring: { enabled: true } });
    upstream.enqueue({ fault: 'delay', ms: 2000, then: { kind: 'text', text: 'late' } });
    const slow = await harness.api('POST', `/api/health-targets/${target.body.id}/run`);
    expect(slow.body).toMatchObject({ success: false, errorType: 'timeout', ttftMs: null });
    expect(upstream.requests.at(-1)!.body.messages).toEqual([{ role: 'user', content: 'ping' }]);
    upstream.enqueue({ kind: 'text', text: 'pong' });
    expect((await harness.api('POST', `/api/health-targets/${target.body.id}/run`)).body.success).toBe(true);

    const blocked = await harness.api('DELETE', `/api/virtual-models/${virtualModel.body.id}`);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain('"Smart"');
    expect((await harness.api('DELETE', `/api/health-targets/${target.body.id}`)).status).toBe(204);
    expect((await harness.api('DELETE', `/api/virtual-models/${virtualModel.body.id}`)).status).toBe(204);
  });
});
