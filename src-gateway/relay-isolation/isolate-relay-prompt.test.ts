import { describe, expect, it } from 'vitest';
import type { ProviderRuntime } from '../config-snapshot/snapshot.ts';
import { applyRelayIsolation } from './isolate-relay-prompt.ts';
import { scrubInstructions, scrubInstructionsInJsonText } from './scrub-instructions.ts';

function provider(relayIsolation?: ProviderRuntime['relayIsolation']): ProviderRuntime {
  return { relayIsolation } as ProviderRuntime;
}

const base = {
  inbound: 'openai-responses' as const,
  upstream: 'openai-responses' as const,
  clientHeaders: { originator: 'codex_cli_rs', authorization: 'Bearer sk-client' },
};

describe('applyRelayIsolation', () => {
  it('changes nothing and forwards no header when isolation is off', () => {
    const body = { instructions: 'Mine.', input: 'Hi' };
    const result = applyRelayIsolation({ ...base, provider: provider(), body, clientInstructions: 'Mine.' });
    expect(result).toEqual({ body, headers: {} });
  });

  it('forwards identity headers, never the client credentials', () => {
    const result = applyRelayIsolation({
      ...base,
      provider: provider({ enabled: true }),
      body: { input: 'Hi' },
      clientInstructions: undefined,
    });
    expect(result.headers).toEqual({ originator: 'codex_cli_rs' });
    expect(result.instructionsEcho).toEqual({ replacement: null });
  });

  it('adds no developer item on a chained turn (the upstream kept the first one)', () => {
    const result = applyRelayIsolation({
      ...base,
      provider: provider({ enabled: true, requiredInstructions: 'R' }),
      body: {
        instructions: 'Mine.',
        input: [{ role: 'user', content: 'Next' }],
        previous_response_id: 'resp_1',
      },
      clientInstructions: 'Mine.',
    });
    expect(result.body).toEqual({
      instructions: 'R',
      input: [{ role: 'user', content: 'Next' }],
      previous_response_id: 'resp_1',
    });
  });

  it('adds no second developer item when the input already starts with it', () => {
    const developer = {
      type: 'message',
      role: 'developer',
      content: [{ type: 'input_text', text: 'Mine.' }],
    };
    const result = applyRelayIsolation({
      ...base,
      provider: provider({ enabled: true, requiredInstructions: 'R' }),
      body: { instructions: 'Mine.', input: [developer, { role: 'user', content: 'Hi' }] },
      clientInstructions: 'Mine.',
    });
    expect((result.body.input as unknown[]).filter((item) => item === developer)).toHaveLength(1);
    expect(result.body.input).toHaveLength(2);
  });
});

describe('scrubInstructions', () => {
  it('replaces instructions at every depth without touching other fields', () => {
    const value = {
      instructions: 'X',
      response: { instructions: 'X', output: [{ instructions: 'X', text: 't' }] },
    };
    expect(scrubInstructions(value, 'Mine.')).toEqual({
      instructions: 'Mine.',
      response: { instructions: 'Mine.', output: [{ instructions: 'Mine.', text: 't' }] },
    });
    expect(value.instructions).toBe('X');
  });

  it('leaves SSE data without instructions, or not JSON, byte for byte', () => {
    const data = '{"type":"response.output_text.delta","delta":"instructions"}';
    expect(scrubInstructionsInJsonText(data, null)).toBe(data);
    expect(scrubInstructionsInJsonText('[DONE]', null)).toBe('[DONE]');
  });
});
