import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminContract,
  ContractCallError,
  type AdminContract,
  type ContractClient,
} from '../../src-shared/contract/index.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import { registerAdminIpc, type IpcInvokeEventLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * The health/monitoring/routing/prompts slice of the admin contract through both bindings: HTTP
 * (`/api`, a real gateway) and IPC (`registerAdminIpc` over the same gateway's dispatcher, with a
 * fake `ipcMain`). Each operation must answer the same value, or fail with the same status, code
 * and message, whichever way it is called.
 */

type Outcome =
  { ok: true; value: unknown } | { ok: false; error: { status: number; code: string; message: string } };

let upstream: MockUpstream;
let harness: TestGateway;
let ipc: ContractClient<AdminContract>;
let removeIpc: () => void;
let modelId: string;
let virtualModelId: string;
let key: string;

/** An `/api` call as an outcome, plus the HTTP status (201, 204 are HTTP's own). */
async function viaHttp(method: string, route: string, body?: unknown) {
  const answer = await harness.api(method, route, body);
  const outcome: Outcome =
    answer.status < 400
      ? { ok: true, value: answer.body }
      : {
          ok: false,
          error: {
            status: answer.status,
            code: answer.body.error.code,
            message: answer.body.error.message,
          },
        };
  return { status: answer.status, outcome };
}

/** An IPC call as an outcome; `details` (IPC carries the field list) kept aside for the field checks. */
async function viaIpc(call: (client: ContractClient<AdminContract>) => Promise<unknown>) {
  try {
    return { outcome: { ok: true, value: await call(ipc) } as Outcome, details: undefined };
  } catch (error) {
    if (!(error instanceof ContractCallError)) throw error;
    const { status, code, message } = error;
    return { outcome: { ok: false, error: { status, code, message } } as Outcome, details: error.details };
  }
}

/** Both bindings fail the same way; answers the shared error. */
async function expectSameError(
  http: Promise<{ status: number; outcome: Outcome }>,
  ipcCall: (client: ContractClient<AdminContract>) => Promise<unknown>,
  status: number,
) {
  const overHttp = await http;
  const overIpc = await viaIpc(ipcCall);
  expect(overHttp.status).toBe(status);
  expect(overIpc.outcome).toEqual(overHttp.outcome);
  return { error: (overHttp.outcome as Extract<Outcome, { ok: false }>).error, details: overIpc.details };
}

const volatile = ({ id: _id, name: _name, createdAt: _created, updatedAt: _updated, ...rest }: any) => rest;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({
    monitoring: { lanHost: '127.0.0.1', health: { tickMs: 0, random: () => 0, retryDelayMs: 0 } },
  });
  modelId = (await harness.addModel({ upstreamUrl: upstream.url, name: 'c-chat' })).modelId;
  const virtualModel = await harness.api('POST', '/api/virtual-models', {
    name: 'c-virtual',
    strategy: 'priority',
    targets: [{ modelId }],
    promptRules: [{ type: 'system', mode: 'prepend', text: 'Be brief.' }],
  });
  virtualModelId = virtualModel.body.id;
  key = await harness.addKey();

  const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
  removeIpc = registerAdminIpc({
    ipcMain: {
      handle: (channel, listener) => void handlers.set(channel, listener),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    dispatcher: harness.gateway.admin,
    isTrustedSender: (event) => event.sender.id === 1,
    principal: { adminId: 'desktop', username: 'admin', via: 'login' },
  });
  ipc = createIpcClient(adminContract, async (channel, argument) =>
    handlers.get(channel)!({ sender: { id: 1 } }, argument),
  );
});

afterAll(async () => {
  removeIpc?.();
  await harness?.stop();
  await upstream?.close();
});

describe('healthTargets over HTTP and IPC', () => {
  it('creates, reads, updates and deletes alike', async () => {
    const overHttp = await viaHttp('POST', '/api/health-targets', {
      name: 'by http',
      type: 'model',
      targetId: modelId,
    });
    expect(overHttp.status).toBe(201);
    const overIpc = await viaIpc((client) =>
      client.healthTargets.create({ body: { name: 'by ipc', type: 'model', targetId: modelId } }),
    );
    const created = [overHttp.outcome, overIpc.outcome].map((outcome) => {
      expect(outcome.ok).toBe(true);
      return (outcome as { value: any }).value;
    });
    expect(volatile(created[1])).toEqual(volatile(created[0]));
    expect(volatile(created[0])).toMatchObject({ intervalSeconds: 300, prompt: "Say 'OK'", enabled: true });
    const [httpTarget, ipcTarget] = created;

    for (const target of created) {
      const read = await viaHttp('GET', `/api/health-targets/${target.id}`);
      expect(read.outcome).toEqual({ ok: true, value: target });
      expect((await viaIpc((client) => client.healthTargets.get({ id: target.id }))).outcome).toEqual(
        read.outcome,
      );
    }
    const listed = await viaHttp('GET', '/api/health-targets');
    expect((listed.outcome as any).value.data.map((target: any) => target.id).sort()).toEqual(
      [httpTarget.id, ipcTarget.id].sort(),
    );
    expect((await viaIpc((client) => client.healthTargets.list({}))).outcome).toEqual(listed.outcome);

    const patched = await viaHttp('PATCH', `/api/health-targets/${httpTarget.id}`, {
      intervalSeconds: 60,
      retries: 2,
    });
    expect(patched.status).toBe(200);
    const patchedOverIpc = await viaIpc((client) =>
      client.healthTargets.update({ id: ipcTarget.id, body: { intervalSeconds: 60, retries: 2 } }),
    );
    expect(volatile((patchedOverIpc.outcome as any).value)).toEqual(volatile((patched.outcome as any).value));
    expect((patched.outcome as any).value).toMatchObject({ intervalSeconds: 60, retries: 2 });
    // null clears an optional field on both.
    const cleared = await viaIpc((client) =>
      client.healthTargets.update({ id: ipcTarget.id, body: { retries: null } }),
    );
    expect((cleared.outcome as any).value).not.toHaveProperty('retries');

    const removed = await viaHttp('DELETE', `/api/health-targets/${httpTarget.id}`);
    expect(removed).toEqual({ status: 204, outcome: { ok: true, value: undefined } });
    expect((await viaIpc((client) => client.healthTargets.remove({ id: ipcTarget.id }))).outcome).toEqual({
      ok: true,
      value: undefined,
    });
    expect((await viaIpc((client) => client.healthTargets.list({}))).outcome).toEqual({
      ok: true,
      value: { data: [] },
    });
  });

  it('refuses invalid input with the field path (400), unknown ids (404) and taken names (409) alike', async () => {
    const invalid = await expectSameError(
      viaHttp('POST', '/api/health-targets', {
        name: 'fast',
        type: 'model',
        targetId: modelId,
        intervalSeconds: 5,
      }),
      (client) =>
        client.healthTargets.create({
          body: { name: 'fast', type: 'model', targetId: modelId, intervalSeconds: 5 },
        }),
      400,
    );
    expect(invalid.error.code).toBe('invalid_request');
    expect(invalid.error.message).toMatch(/^intervalSeconds: /);
    expect(invalid.details?.map((issue) => issue.path)).toEqual(['intervalSeconds']);

    const badType = await expectSameError(
      viaHttp('PATCH', '/api/health-targets/ht_whatever', { type: 'provider' }),
      (client) => client.healthTargets.update({ id: 'ht_whatever', body: { type: 'provider' as 'model' } }),
      400,
    );
    expect(badType.details?.map((issue) => issue.path)).toEqual(['type']);

    const dangling = await expectSameError(
      viaHttp('POST', '/api/health-targets', { name: 'dangling', type: 'virtual-model', targetId: modelId }),
      (client) =>
        client.healthTargets.create({ body: { name: 'dangling', type: 'virtual-model', targetId: modelId } }),
      400,
    );
    expect(dangling.error).toMatchObject({
      code: 'invalid_reference',
      message: expect.stringMatching(/^targetId: /),
    });

    for (const [method, suffix, call] of [
      ['GET', '', (client) => client.healthTargets.get({ id: 'ht_missing' })],
      ['PATCH', '', (client) => client.healthTargets.update({ id: 'ht_missing', body: { enabled: false } })],
      ['DELETE', '', (client) => client.healthTargets.remove({ id: 'ht_missing' })],
      ['POST', '/run', (client) => client.healthTargets.run({ id: 'ht_missing' })],
    ] as const satisfies ReadonlyArray<
      readonly [string, string, (client: ContractClient<AdminContract>) => Promise<unknown>]
    >) {
      const missing = await expectSameError(
        viaHttp(
          method,
          `/api/health-targets/ht_missing${suffix}`,
          method === 'PATCH' ? { enabled: false } : undefined,
        ),
        call,
        404,
      );
      expect(missing.error).toEqual({
        status: 404,
        code: 'not_found',
        message: 'No health target with id "ht_missing"',
      });
    }

    const first = await viaHttp('POST', '/api/health-targets', {
      name: 'taken',
      type: 'model',
      targetId: modelId,
    });
    const second = await viaIpc((client) =>
      client.healthTargets.create({ body: { name: 'other', type: 'model', targetId: modelId } }),
    );
    const duplicate = await expectSameError(
      viaHttp('POST', '/api/health-targets', { name: 'taken', type: 'model', targetId: modelId }),
      (client) => client.healthTargets.create({ body: { name: 'taken', type: 'model', targetId: modelId } }),
      409,
    );
    expect(duplicate.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('"taken"') });
    const renamed = (second.outcome as any).value.id as string;
    await expectSameError(
      viaHttp('PATCH', `/api/health-targets/${renamed}`, { name: 'taken' }),
      (client) => client.healthTargets.update({ id: renamed, body: { name: 'taken' } }),
      409,
    );

    // Monitoring is off: a run has no identity to check with.
    const targetId = (first.outcome as any).value.id as string;
    const off = await expectSameError(
      viaHttp('POST', `/api/health-targets/${targetId}/run`),
      (client) => client.healthTargets.run({ id: targetId }),
      409,
    );
    expect(off.error.code).toBe('monitoring_off');

    await harness.api('DELETE', `/api/health-targets/${targetId}`);
    await harness.api('DELETE', `/api/health-targets/${renamed}`);
  });
});

describe('monitoring over HTTP and IPC', () => {
  it('reports monitoring, the status page and the LAN listener alike, and runs checks once it is on', async () => {
    const initially = await viaHttp('GET', '/api/monitoring');
    expect(initially.outcome).toEqual({
      ok: true,
      value: {
        enabled: false,
        statusPagePath: '/status',
        lanStatus: { enabled: false, port: 3001, url: null },
      },
    });
    expect((await viaIpc((client) => client.monitoring.status({}))).outcome).toEqual(initially.outcome);

    const port = await freePort();
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port },
    });
    const on = await viaHttp('GET', '/api/monitoring');
    expect(on.outcome).toEqual({
      ok: true,
      value: {
        enabled: true,
        statusPagePath: '/status',
        lanStatus: { enabled: true, port, url: `http://127.0.0.1:${port}` },
      },
    });
    expect((await viaIpc((client) => client.monitoring.status({}))).outcome).toEqual(on.outcome);
    expect(harness.gateway.lanUrl()).toBe(`http://127.0.0.1:${port}`);
    expect((await fetch(`${harness.url}/status`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/status`)).status).toBe(200);

    const target = await harness.api('POST', '/api/health-targets', {
      name: 'live',
      type: 'model',
      targetId: modelId,
    });
    upstream.enqueue({ kind: 'text', text: 'OK' }, { kind: 'text', text: 'OK' });
    const runOverHttp = await viaHttp('POST', `/api/health-targets/${target.body.id}/run`);
    const runOverIpc = await viaIpc((client) => client.healthTargets.run({ id: target.body.id }));
    const runs = [runOverHttp.outcome, runOverIpc.outcome].map((outcome) => (outcome as any).value);
    expect(runOverHttp.status).toBe(200);
    for (const run of runs)
      expect(run).toMatchObject({ targetId: target.body.id, success: true, errorType: null, attempts: 1 });
    expect(runs[0].id).not.toBe(runs[1].id);

    await harness.api('DELETE', `/api/health-targets/${target.body.id}`);
    await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: false },
      lanStatus: { enabled: false },
    });
    expect((await viaIpc((client) => client.monitoring.status({}))).outcome).toMatchObject({
      value: { enabled: false, lanStatus: { enabled: false, url: null } },
    });
  });
});

describe('routing over HTTP and IPC', () => {
  it('shows the same breaker states, resets alike and answers 404 for a model the router has not seen', async () => {
    const chat = await fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'c-chat', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(chat.status).toBe(200);

    const state = await viaHttp('GET', '/api/routing/state');
    expect((state.outcome as any).value.data).toEqual([
      expect.objectContaining({ modelId, modelName: 'c-chat', state: 'closed' }),
    ]);
    expect((await viaIpc((client) => client.routing.state({}))).outcome).toEqual(state.outcome);

    const reset = await viaHttp('POST', `/api/routing/targets/${modelId}/reset`);
    expect(reset.status).toBe(200);
    // A reset forgets the window and the learned latency too.
    expect((reset.outcome as any).value).toMatchObject({ modelId, state: 'closed', latencyMs: null });
    expect((await viaIpc((client) => client.routing.reset({ modelId }))).outcome).toEqual(reset.outcome);

    const unknown = await expectSameError(
      viaHttp('POST', '/api/routing/targets/m_unknown/reset'),
      (client) => client.routing.reset({ modelId: 'm_unknown' }),
      404,
    );
    expect(unknown.error.message).toBe('The router has no state for model "m_unknown"');
  });
});

describe('prompts over HTTP and IPC', () => {
  const sample = {
    protocol: 'openai-chat' as const,
    request: { messages: [{ role: 'user', content: 'What is 2 + 2?' }], max_tokens: 20 },
  };

  it('previews the same upstream request for the same input', async () => {
    const sent = upstream.requests.length;
    const overHttp = await viaHttp('POST', `/api/virtual-models/${virtualModelId}/preview`, sample);
    expect(overHttp.status).toBe(200);
    const preview = (overHttp.outcome as any).value;
    expect(preview.virtualModel).toEqual({ id: virtualModelId, name: 'c-virtual' });
    expect(preview.targets[0].body.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(
      (await viaIpc((client) => client.prompts.preview({ id: virtualModelId, body: sample }))).outcome,
    ).toEqual(overHttp.outcome);
    // A preview sends nothing upstream.
    expect(upstream.requests).toHaveLength(sent);
  });

  it('answers 404 for an unknown virtual model and 400 with the field path for an invalid sample', async () => {
    const missing = await expectSameError(
      viaHttp('POST', '/api/virtual-models/vm_missing/preview', sample),
      (client) => client.prompts.preview({ id: 'vm_missing', body: sample }),
      404,
    );
    expect(missing.error.message).toBe('No virtual model with id "vm_missing"');

    const invalid = await expectSameError(
      viaHttp('POST', `/api/virtual-models/${virtualModelId}/preview`, { ...sample, protocol: 'smtp' }),
      (client) =>
        client.prompts.preview({ id: virtualModelId, body: { ...sample, protocol: 'smtp' as 'anthropic' } }),
      400,
    );
    expect(invalid.error.message).toMatch(/^protocol: /);
    expect(invalid.details?.map((issue) => issue.path)).toEqual(['protocol']);

    const badRule = await expectSameError(
      viaHttp('POST', `/api/virtual-models/${virtualModelId}/preview`, {
        ...sample,
        promptRules: [{ type: 'replace', pattern: '(a)\\1', replacement: '', regex: true }],
      }),
      (client) =>
        client.prompts.preview({
          id: virtualModelId,
          body: {
            ...sample,
            promptRules: [{ type: 'replace', pattern: '(a)\\1', replacement: '', regex: true }],
          },
        }),
      400,
    );
    expect(badRule.error.message).toMatch(/promptRules\.0\.pattern/);
  });
});
