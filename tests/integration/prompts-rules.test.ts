import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';
import {
  effortOf,
  fixedClock,
  fixedDate,
  inboundPaths,
  lastOf,
  maxTokensOf,
  protocols,
  sampleRequest,
  systemTexts,
  userTexts,
  type Protocol,
  type Turn,
} from './prompts-helpers.ts';

let upstream: MockUpstream;
let harness: TestGateway;
let key: string;
/** A target speaking each client's own protocol, so the upstream body is the client's, after the rules. */
const nativeTarget = {} as Record<Protocol, string>;
let chatTargetId: string;
let counter = 0;

beforeAll(async () => {
  upstream = await startMockUpstream();
  harness = await startTestGateway({ clock: fixedClock() });
  chatTargetId = (await harness.addModel({ upstreamUrl: upstream.url, name: 'chat-target' })).modelId;
  nativeTarget['openai-chat'] = chatTargetId;
  nativeTarget['openai-responses'] = (
    await harness.addModel({
      upstreamUrl: upstream.url,
      name: 'responses-target',
      provider: { responsesApi: true },
    })
  ).modelId;
  nativeTarget.anthropic = (
    await harness.addModel({ upstreamUrl: upstream.url, protocol: 'anthropic', name: 'anthropic-target' })
  ).modelId;
  key = await harness.addKey();
});

afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

/** A virtual model with these rules (and overrides) over `targetId`; returns its name. */
async function virtualModel(
  promptRules: unknown[],
  targetId: string,
  paramOverrides?: Record<string, unknown>,
): Promise<string> {
  const name = `vm-${++counter}`;
  const created = await harness.api('POST', '/api/virtual-models', {
    name,
    targets: [{ modelId: targetId }],
    promptRules,
    ...(paramOverrides ? { paramOverrides } : {}),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return name;
}

/** Send a request in `protocol` and answer the body the mock upstream received. */
async function send(protocol: Protocol, model: string, body: Record<string, unknown>) {
  const response = await fetch(harness.url + inboundPaths[protocol], {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ ...body, model }),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return lastOf(upstream.requests).body;
}

const hello: Turn = { system: 'You are helpful.', turns: ['Hello there'] };
const twoTurns: Turn = {
  system: 'You are helpful.',
  turns: ['Hello there', 'Hi! How can I help?', 'Tell me more'],
};

describe.each(protocols)('prompt rules, %s client, what the upstream receives', (protocol) => {
  const run = async (rules: unknown[], conversation: Turn = hello, overrides?: Record<string, unknown>) => {
    const name = await virtualModel(rules, nativeTarget[protocol], overrides);
    return send(protocol, name, sampleRequest(protocol, conversation));
  };

  it('system override replaces every system text', async () => {
    const body = await run([{ type: 'system', mode: 'override', text: 'Be brief.' }]);
    expect(systemTexts(protocol, body)).toEqual(['Be brief.']);
    expect(userTexts(protocol, body)).toEqual(['Hello there']);
  });

  it('system override sets a system prompt where the client sent none', async () => {
    const body = await run([{ type: 'system', mode: 'override', text: 'Be brief.' }], {
      turns: ['Hello there'],
    });
    expect(systemTexts(protocol, body)).toEqual(['Be brief.']);
  });

  it('system prepend and append wrap the client system prompt', async () => {
    const body = await run([
      { type: 'system', mode: 'prepend', text: 'First.' },
      { type: 'system', mode: 'append', text: 'Last.' },
    ]);
    expect(systemTexts(protocol, body).join('\n\n')).toBe('First.\n\nYou are helpful.\n\nLast.');
  });

  it('prepend and append edit only the last user message', async () => {
    const body = await run(
      [
        { type: 'prepend', text: 'Context: docs.' },
        { type: 'append', text: 'Answer in French.' },
      ],
      twoTurns,
    );
    expect(userTexts(protocol, body)).toEqual([
      'Hello there',
      'Context: docs.\n\nTell me more\n\nAnswer in French.',
    ]);
    expect(systemTexts(protocol, body)).toEqual(['You are helpful.']);
  });

  it('a literal replace with scope user leaves the system prompt alone', async () => {
    const body = await run([{ type: 'replace', pattern: 'e', replacement: 'E', scope: 'user' }], twoTurns);
    expect(userTexts(protocol, body)).toEqual(['HEllo thErE', 'TEll mE morE']);
    expect(systemTexts(protocol, body)).toEqual(['You are helpful.']);
  });

  it('a regex replace with scope system uses groups and leaves user text alone', async () => {
    const body = await run([
      { type: 'replace', pattern: '(\\w+) (are)', replacement: '$2 $1 [$&]', regex: true, scope: 'system' },
    ]);
    expect(systemTexts(protocol, body)).toEqual(['are You [You are] helpful.']);
    expect(userTexts(protocol, body)).toEqual(['Hello there']);
  });

  it('a replace without scope edits system and user text, never the assistant', async () => {
    const body = await run(
      [{ type: 'replace', pattern: '\\bh[a-z]+', replacement: 'X', regex: true, flags: 'i' }],
      twoTurns,
    );
    expect(systemTexts(protocol, body)).toEqual(['You are X.']);
    expect(userTexts(protocol, body)).toEqual(['X there', 'Tell me more']);
    expect(JSON.stringify(body)).toContain('Hi! How can I help?');
  });

  it('fills {{user_prompt}} and {{date}} (from the clock, UTC)', async () => {
    const body = await run([
      { type: 'system', mode: 'append', text: 'Today is {{date}}. The user asked: {{user_prompt}}' },
      { type: 'replace', pattern: 'there', replacement: '{{date}}/$&', regex: true, scope: 'user' },
    ]);
    expect(systemTexts(protocol, body).join('\n\n')).toBe(
      `You are helpful.\n\nToday is ${fixedDate}. The user asked: Hello there`,
    );
    expect(userTexts(protocol, body)).toEqual([`Hello ${fixedDate}/there`]);
  });

  it('applies rules in order', async () => {
    const appendThenReplace = await run([
      { type: 'append', text: 'alpha' },
      { type: 'replace', pattern: 'alpha', replacement: 'beta' },
    ]);
    expect(userTexts(protocol, appendThenReplace)).toEqual(['Hello there\n\nbeta']);
    const replaceThenAppend = await run([
      { type: 'replace', pattern: 'alpha', replacement: 'beta' },
      { type: 'append', text: 'alpha' },
    ]);
    expect(userTexts(protocol, replaceThenAppend)).toEqual(['Hello there\n\nalpha']);
  });

  it('first-turn-only rules apply to a one-user-message conversation, not to a later turn', async () => {
    const rules = [
      { type: 'system', mode: 'append', text: 'Greet the user.', firstTurnOnly: true },
      { type: 'append', text: '(always)' },
    ];
    const first = await run(rules);
    expect(systemTexts(protocol, first).join('\n\n')).toBe('You are helpful.\n\nGreet the user.');
    expect(userTexts(protocol, first)).toEqual(['Hello there\n\n(always)']);
    const later = await run(rules, twoTurns);
    expect(systemTexts(protocol, later)).toEqual(['You are helpful.']);
    expect(userTexts(protocol, later)).toEqual(['Hello there', 'Tell me more\n\n(always)']);
  });

  it('parameter overrides: defaults, caps, remove and force, under each protocol’s own names', async () => {
    const name = await virtualModel([], nativeTarget[protocol], {
      defaults: { temperature: 0.3, max_tokens: 64 },
      caps: { max_tokens: 100, top_p: 0.9 },
      remove: ['presence_penalty', 'metadata.secret'],
      force: { reasoning_effort: 'low' },
    });
    const limit = protocol === 'openai-responses' ? 'max_output_tokens' : 'max_tokens';
    const capped = await send(protocol, name, {
      ...sampleRequest(protocol, hello),
      [limit]: 5000,
      top_p: 0.95,
      ...(protocol === 'anthropic' ? {} : { presence_penalty: 1 }),
      metadata: { secret: 'x', team: 'a' },
    });
    expect(maxTokensOf(protocol, capped)).toBe(100);
    expect(capped.temperature).toBe(0.3);
    expect(capped.top_p).toBe(0.9);
    expect(capped.presence_penalty).toBeUndefined();
    expect(capped.metadata).toEqual({ team: 'a' });
    expect(effortOf(protocol, capped)).toBe('low');

    const { max_tokens: _omitted, ...withoutLimit } = sampleRequest(protocol, hello) as Record<
      string,
      unknown
    >;
    const defaulted = await send(protocol, name, {
      // Anthropic requires max_tokens, so there the client sends it.
      ...withoutLimit,
      ...(protocol === 'anthropic' ? { max_tokens: 64 } : {}),
      temperature: 1.2,
      top_p: 0.5,
    });
    expect(maxTokensOf(protocol, defaulted)).toBe(64);
    expect(defaulted.temperature).toBe(1.2);
    expect(defaulted.top_p).toBe(0.5);
  });
});

describe('the same rule means the same thing whatever the client speaks', () => {
  it('three clients, one chat upstream: identical system and user messages', async () => {
    const name = await virtualModel(
      [
        { type: 'system', mode: 'prepend', text: 'Rule for {{user_prompt}}.' },
        { type: 'append', text: 'Thanks.' },
        { type: 'replace', pattern: 'helpful', replacement: 'precise' },
      ],
      chatTargetId,
    );
    const seen = [];
    for (const protocol of protocols) {
      const body = await send(protocol, name, sampleRequest(protocol, twoTurns));
      seen.push({ system: systemTexts('openai-chat', body), user: userTexts('openai-chat', body) });
    }
    expect(seen[0]).toEqual({
      system: ['Rule for Tell me more.\n\nYou are precise.'],
      user: ['Hello there', 'Tell me more\n\nThanks.'],
    });
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
  });

  it('Anthropic system blocks keep their cache_control; added text is a new block', async () => {
    const name = await virtualModel(
      [
        { type: 'system', mode: 'prepend', text: 'Added first.' },
        { type: 'system', mode: 'append', text: 'Added last.' },
      ],
      nativeTarget.anthropic,
    );
    const original = { type: 'text', text: 'Cached system.', cache_control: { type: 'ephemeral' } };
    const body = await send('anthropic', name, {
      max_tokens: 64,
      system: [original],
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(body.system).toEqual([
      { type: 'text', text: 'Added first.' },
      original,
      { type: 'text', text: 'Added last.' },
    ]);
  });

  it('Responses: append goes after the leading developer items, prepend into instructions', async () => {
    const name = await virtualModel(
      [
        { type: 'system', mode: 'prepend', text: 'P.' },
        { type: 'system', mode: 'append', text: 'A.' },
      ],
      nativeTarget['openai-responses'],
    );
    const body = await send('openai-responses', name, {
      instructions: 'Base.',
      input: [
        { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'AGENTS.md' }] },
        { type: 'message', role: 'user', content: 'Go' },
      ],
    });
    expect(body.instructions).toBe('P.\n\nBase.');
    expect(body.input[0].content).toEqual([
      { type: 'input_text', text: 'AGENTS.md' },
      { type: 'input_text', text: 'A.' },
    ]);
  });

  it('Anthropic: text added to a user turn stays after its tool results', async () => {
    const name = await virtualModel([{ type: 'prepend', text: 'Note.' }], nativeTarget.anthropic);
    const body = await send('anthropic', name, {
      max_tokens: 64,
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'weather', input: {} }] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny' },
            { type: 'text', text: 'And tomorrow?' },
          ],
        },
      ],
    });
    expect(body.messages[2].content.map((block: { type: string }) => block.type)).toEqual([
      'tool_result',
      'text',
      'text',
    ]);
    expect(body.messages[2].content[1].text).toBe('Note.');
  });
});

describe('regex rules: refused at save time when invalid, never able to stall the gateway', () => {
  it.each([
    ['(unclosed', /promptRules\.0\.pattern: invalid regular expression/],
    ['(a)\\1', /backreferences are not supported/],
    ['(?<=x)y', /lookbehind is not supported/],
  ])('POST with /%s/ answers 400 naming the field', async (pattern, message) => {
    const answer = await harness.api('POST', '/api/virtual-models', {
      name: `bad-${++counter}`,
      targets: [{ modelId: chatTargetId }],
      promptRules: [{ type: 'replace', pattern, replacement: '', regex: true }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    expect(answer.body.error.message).toMatch(message);
  });

  it('PATCH with an invalid regex answers 400 and keeps the saved rules', async () => {
    const name = await virtualModel([{ type: 'append', text: 'kept' }], chatTargetId);
    const list = await harness.api('GET', '/api/virtual-models');
    const id = list.body.data.find((item: { name: string }) => item.name === name).id;
    const answer = await harness.api('PATCH', `/api/virtual-models/${id}`, {
      promptRules: [{ type: 'replace', pattern: '[z-a]', replacement: '', regex: true }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toMatch(/promptRules\.0\.pattern/);
    expect((await harness.api('GET', `/api/virtual-models/${id}`)).body.promptRules).toEqual([
      { type: 'append', text: 'kept' },
    ]);
  });

  it('a literal pattern is never parsed as a regex', async () => {
    const name = await virtualModel(
      [{ type: 'replace', pattern: '(a+)+$', replacement: 'ok' }],
      chatTargetId,
    );
    const body = await send('openai-chat', name, { messages: [{ role: 'user', content: 'x (a+)+$ y' }] });
    expect(userTexts('openai-chat', body)).toEqual(['x ok y']);
  });

  it('the catastrophic pattern (a+)+$ runs in linear time and a concurrent request is not delayed', async () => {
    const name = await virtualModel(
      [{ type: 'replace', pattern: '(a+)+$', replacement: 'TAIL', regex: true, scope: 'user' }],
      chatTargetId,
    );
    // For a backtracking engine this input takes about 2^30000 steps.
    const evil = `${'a'.repeat(30_000)}!`;
    const started = performance.now();
    const pathological = send('openai-chat', name, { messages: [{ role: 'user', content: evil }] });
    const other = fetch(`${harness.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'chat-target', messages: [{ role: 'user', content: 'ping' }] }),
    }).then(async (response) => ({ status: response.status, ms: performance.now() - started }));
    const [received, concurrent] = await Promise.all([pathological, other]);
    expect(concurrent.status).toBe(200);
    expect(concurrent.ms).toBeLessThan(5_000);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(userTexts('openai-chat', received)).toEqual([evil]); // No match: the text is unchanged.
    const matching = await send('openai-chat', name, { messages: [{ role: 'user', content: 'xaaa' }] });
    expect(userTexts('openai-chat', matching)).toEqual(['xTAIL']);
  });
});
