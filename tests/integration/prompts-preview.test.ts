import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import {
  fixedClock,
  fixedDate,
  inboundPaths,
  lastOf,
  protocols,
  sampleRequest,
  systemTexts,
  type Protocol,
} from './prompts-helpers.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let key: string;
const targets = {} as Record<'chat' | 'responses' | 'anthropic' | 'relay', string>;
let counter = 0;

const rules = [
  { type: 'system', mode: 'prepend', text: 'Date: {{date}}.' },
  { type: 'append', text: 'Asked: {{user_prompt}}' },
  { type: 'replace', pattern: 'help(ful)', replacement: 'use$1', regex: true },
];
const overrides = { caps: { max_tokens: 100 }, defaults: { temperature: 0.2 } };

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ clock: fixedClock() });
  targets.chat = (await harness.addModel({ upstreamUrl: upstream.url, name: 'p-chat' })).modelId;
  targets.responses = (
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'p-responses',
      provider: { responsesApi: true },
    })
  ).modelId;
  targets.anthropic = (
    await harness.addModel({ upstreamUrl: upstream.url, protocol: 'anthropic', name: 'p-anthropic' })
  ).modelId;
  targets.relay = (
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'p-relay',
      provider: {
        responsesApi: true,
        relayIsolation: { enabled: true, requiredInstructions: 'REQUIRED PROMPT' },
      },
    })
  ).modelId;
  key = await harness.addKey();
});

beforeEach(() => upstream.reset());

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

async function createVirtualModel(targetId: string, promptRules: unknown[] = rules) {
  const created = await harness.api('POST', '/api/virtual-models', {
    name: `preview-${++counter}`,
    targets: [{ modelId: targetId }],
    promptRules,
    paramOverrides: overrides,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { id: string; name: string };
}

async function sendForReal(
  protocol: Protocol,
  model: string,
  request: Record<string, unknown>,
  headers = {},
) {
  const response = await fetch(harness.url + inboundPaths[protocol], {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}`, ...headers },
    body: JSON.stringify({ ...request, model }),
  });
  expect(response.status, await response.text()).toBe(200);
  return lastOf(upstream.requests);
}

const conversation = { system: 'You are helpful.', turns: ['Hello', 'Hi!', 'What is 2+2?'] };
const cases: Array<[Protocol, keyof typeof targets]> = [
  ...protocols.map((protocol): [Protocol, keyof typeof targets] => [protocol, 'chat']),
  ['openai-responses', 'responses'],
  ['anthropic', 'anthropic'],
  ['openai-chat', 'anthropic'],
  ['openai-responses', 'anthropic'],
  ['openai-responses', 'relay'],
];

describe('POST /api/virtual-models/:id/preview', () => {
  it.each(cases)(
    '%s client → %s target: the preview equals what the upstream actually receives',
    async (protocol, target) => {
      const virtualModel = await createVirtualModel(targets[target]);
      const request = sampleRequest(protocol, conversation, {
        [protocol === 'openai-responses' ? 'max_output_tokens' : 'max_tokens']: 4000,
        stream: true,
      });
      const headers = { originator: 'codex_cli_rs', 'x-codex-installation-id': 'inst-1' };
      const preview = await harness.api('POST', `/api/virtual-models/${virtualModel.id}/preview`, {
        protocol,
        request,
        headers,
      });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      const real = await sendForReal(protocol, virtualModel.name, request, headers);
      const [previewed] = preview.body.targets;
      expect(previewed.body).toEqual(real.body);
      expect(previewed.url).toBe(`${upstream.url}${real.path}`);
      for (const [name, value] of Object.entries(previewed.headers)) expect(real.headers[name]).toBe(value);
      // The rules really ran (the comparison alone would pass if neither did).
      expect(JSON.stringify(previewed.body)).toContain(`Date: ${fixedDate}.`);
      expect(JSON.stringify(previewed.body)).toContain('Asked: What is 2+2?');
      expect(JSON.stringify(previewed.body)).toContain('You are useful.');
      expect(preview.body.virtualModel).toEqual({ id: virtualModel.id, name: virtualModel.name });
      expect(systemTexts(protocol, preview.body.request)[0]).toBe(`Date: ${fixedDate}.\n\nYou are useful.`);
      if (target === 'relay') {
        expect(previewed.body.instructions).toBe('REQUIRED PROMPT');
        expect(previewed.headers.originator).toBe('codex_cli_rs');
      } else expect(previewed.headers.originator).toBeUndefined();
    },
  );

  it('previews draft rules without saving them', async () => {
    const virtualModel = await createVirtualModel(targets.chat);
    const request = sampleRequest('openai-chat', conversation);
    const preview = await harness.api('POST', `/api/virtual-models/${virtualModel.id}/preview`, {
      protocol: 'openai-chat',
      request,
      promptRules: [{ type: 'system', mode: 'override', text: 'Draft.' }],
      paramOverrides: null,
    });
    expect(preview.status).toBe(200);
    expect(preview.body.targets[0].body.messages[0]).toEqual({ role: 'system', content: 'Draft.' });
    expect(preview.body.targets[0].body.max_tokens).toBeUndefined();
    const saved = await harness.api('GET', `/api/virtual-models/${virtualModel.id}`);
    expect(saved.body.promptRules).toEqual(rules);
  });

  it('answers 400 for an invalid draft regex or an invalid sample, 404 for an unknown id', async () => {
    const virtualModel = await createVirtualModel(targets.chat);
    const badRule = await harness.api('POST', `/api/virtual-models/${virtualModel.id}/preview`, {
      protocol: 'openai-chat',
      request: sampleRequest('openai-chat', conversation),
      promptRules: [{ type: 'replace', pattern: '(a)\\1', replacement: '', regex: true }],
    });
    expect(badRule.status).toBe(400);
    expect(badRule.body.error.message).toMatch(/promptRules\.0\.pattern.*backreferences/);
    const badSample = await harness.api('POST', `/api/virtual-models/${virtualModel.id}/preview`, {
      protocol: 'anthropic',
      request: { messages: [{ role: 'user', content: 'no max_tokens' }] },
    });
    expect(badSample.status).toBe(400);
    expect(badSample.body.error.message).toMatch(/max_tokens/);
    const missing = await harness.api('POST', '/api/virtual-models/vm_nope/preview', {
      protocol: 'openai-chat',
      request: sampleRequest('openai-chat', conversation),
    });
    expect(missing.status).toBe(404);
    expect(upstream.requests).toHaveLength(0);
  });

  it('needs a login and is documented in the OpenAPI document', async () => {
    const virtualModel = await createVirtualModel(targets.chat);
    const anonymous = await fetch(`${harness.url}/api/virtual-models/${virtualModel.id}/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ protocol: 'openai-chat', request: {} }),
    });
    expect(anonymous.status).toBe(401);
    const document = await harness.api('GET', '/api/openapi.json');
    expect(JSON.stringify(document.body.paths)).toContain('/virtual-models/{id}/preview');
  });
});
