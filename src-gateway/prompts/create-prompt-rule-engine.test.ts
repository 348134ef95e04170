import { describe, expect, it } from 'vitest';
import type { PromptRule } from '../../src-shared/schemas/virtual-model.ts';
import { GatewayError } from '../lib/errors.ts';
import type { VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import { clientBodyBeforeRules, createPromptRuleEngine } from './create-prompt-rule-engine.ts';

const now = Date.UTC(2024, 11, 31, 23, 59);

function virtualModel(
  promptRules: PromptRule[],
  paramOverrides?: VirtualModelRuntime['paramOverrides'],
): VirtualModelRuntime {
  return {
    id: 'vm_1',
    name: 'vm',
    enabled: true,
    strategy: 'priority',
    targets: [],
    promptRules,
    paramOverrides,
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('createPromptRuleEngine', () => {
  const engine = createPromptRuleEngine();

  it('answers the very same body when a virtual model has no rules and no overrides', () => {
    const body = { model: 'vm', messages: [{ role: 'user', content: 'Hi' }] };
    expect(engine.apply(virtualModel([]), 'openai-chat', body, now)).toBe(body);
  });

  it('never mutates the client body, and remembers it for echo scrubbing', () => {
    const body = deepFreeze({
      model: 'vm',
      instructions: 'Mine.',
      input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      reasoning: { effort: 'high', summary: 'auto' },
    });
    const edited = engine.apply(
      virtualModel(
        [
          { type: 'system', mode: 'override', text: 'Other.' },
          { type: 'append', text: 'More.' },
          { type: 'replace', pattern: 'H', replacement: 'h' },
        ],
        { force: { reasoning_effort: 'low' } },
      ),
      'openai-responses',
      body,
      now,
    );
    expect(edited).toEqual({
      model: 'vm',
      instructions: 'Other.',
      input: [
        {
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_text', text: 'hi' },
            { type: 'input_text', text: 'More.' },
          ],
        },
      ],
      reasoning: { effort: 'low', summary: 'auto' },
    });
    expect(clientBodyBeforeRules(edited)).toBe(body);
    expect(clientBodyBeforeRules(body)).toBe(body);
  });

  it('puts the user text in literally: a $ in it is not a replacement pattern', () => {
    const body = { model: 'vm', messages: [{ role: 'user', content: 'cost $& $1' }] };
    const edited = engine.apply(
      virtualModel([
        { type: 'replace', pattern: '^(cost)', replacement: '[{{user_prompt}}|$1|{{date}}]', regex: true },
      ]),
      'openai-chat',
      body,
      now,
    );
    expect(edited.messages).toEqual([{ role: 'user', content: '[cost $& $1|cost|2024-12-31] $& $1' }]);
  });

  it('refuses a request whose text exhausts the regex step budget, with a 400 naming the rule', () => {
    const small = createPromptRuleEngine({ regexStepBudget: 10_000 });
    const body = { model: 'vm', messages: [{ role: 'user', content: 'ab'.repeat(20_000) }] };
    const rules: PromptRule[] = [
      { type: 'append', text: 'x' },
      { type: 'replace', pattern: '(a|b)*c', replacement: '', regex: true },
    ];
    let failure: unknown;
    try {
      small.apply(virtualModel(rules), 'openai-chat', body, now);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(GatewayError);
    expect((failure as GatewayError).status).toBe(400);
    expect((failure as GatewayError).code).toBe('prompt_rule_budget_exceeded');
    expect((failure as GatewayError).message).toMatch(/Prompt rule 2 of "vm"/);
  });

  it('reports a stored rule that does not compile (saved before validation existed) as a configuration error', () => {
    const body = { model: 'vm', messages: [{ role: 'user', content: 'x' }] };
    expect(() =>
      engine.apply(
        virtualModel([{ type: 'replace', pattern: '(a)\\1', replacement: '', regex: true }]),
        'openai-chat',
        body,
        now,
      ),
    ).toThrow(/invalid regex rule: backreferences/);
  });
});

describe('prompt rule output budget', () => {
  const engine = createPromptRuleEngine({ bodyLimitBytes: 10_000 });
  const virtualModel = (promptRules: unknown[]) =>
    ({ name: 'v', promptRules }) as unknown as VirtualModelRuntime;
  const body = (content: string) => ({ model: 'v', messages: [{ role: 'user', content }] });

  it('refuses with 413 a literal replace-all whose result would pass the body limit', () => {
    const rules = virtualModel([{ type: 'replace', pattern: 'a', replacement: 'b'.repeat(100) }]);
    expect(() => engine.apply(rules, 'openai-chat', body('a'.repeat(200)), 0, 100)).toThrow(
      expect.objectContaining({ status: 413, code: 'prompt_rules_too_large' }),
    );
    const fits = engine.apply(rules, 'openai-chat', body('a'.repeat(50)), 0, 100) as any;
    expect(fits.messages[0].content).toBe('b'.repeat(5000));
  });

  it('counts the client body against the limit and ignores rules that match nothing', () => {
    const rules = virtualModel([
      { type: 'replace', pattern: 'zzz', replacement: '{{user_prompt}}' },
      { type: 'append', text: 'x'.repeat(1000) },
    ]);
    expect(() => engine.apply(rules, 'openai-chat', body('a'.repeat(9000)), 0, 9100)).toThrow(
      expect.objectContaining({ status: 413 }),
    );
    expect(() => engine.apply(rules, 'openai-chat', body('a'.repeat(8000)), 0, 8100)).not.toThrow();
  });
});
