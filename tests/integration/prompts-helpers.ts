import type { RecordedRequest } from '../support/mock-upstream.ts';

/** The three inbound protocols, with their paths. */
export type Protocol = 'openai-chat' | 'openai-responses' | 'anthropic';

export const protocols: Protocol[] = ['openai-chat', 'openai-responses', 'anthropic'];

export const inboundPaths: Record<Protocol, string> = {
  'openai-chat': '/v1/chat/completions',
  'openai-responses': '/v1/responses',
  anthropic: '/v1/messages',
};

/** 2025-03-09 08:00 UTC: `{{date}}` must read 2025-03-09. */
export const fixedStart = Date.UTC(2025, 2, 9, 8, 0, 0);
export const fixedDate = '2025-03-09';

/** A clock at fixedStart that still moves (timers and latency stay sane). */
export function fixedClock(): { now: () => number } {
  const realStart = Date.now();
  return { now: () => fixedStart + (Date.now() - realStart) };
}

export interface Turn {
  system?: string;
  /** Alternating user/assistant texts, starting with the user. */
  turns: string[];
}

/** The same conversation in each protocol's own shape. */
export function sampleRequest(protocol: Protocol, conversation: Turn, extra: Record<string, unknown> = {}) {
  const { system, turns } = conversation;
  const role = (index: number) => (index % 2 === 0 ? 'user' : 'assistant');
  if (protocol === 'openai-chat') {
    return {
      messages: [
        ...(system === undefined ? [] : [{ role: 'system', content: system }]),
        ...turns.map((text, index) => ({ role: role(index), content: text })),
      ],
      ...extra,
    };
  }
  if (protocol === 'openai-responses') {
    return {
      ...(system === undefined ? {} : { instructions: system }),
      input: turns.map((text, index) => ({ type: 'message', role: role(index), content: text })),
      ...extra,
    };
  }
  return {
    max_tokens: 256,
    ...(system === undefined ? {} : { system }),
    messages: turns.map((text, index) => ({ role: role(index), content: text })),
    ...extra,
  };
}

type Json = any;

function textOf(content: Json): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter((part: Json) => typeof part?.text === 'string' && part.type !== 'tool_result')
    .map((part: Json) => part.text)
    .join('\n\n');
}

/** Every system-level text the upstream received, in order, in its own protocol. */
export function systemTexts(protocol: Protocol, body: Json): string[] {
  if (protocol === 'anthropic') {
    if (body.system === undefined) return [];
    return typeof body.system === 'string' ? [body.system] : body.system.map((block: Json) => block.text);
  }
  const items: Json[] =
    protocol === 'openai-chat' ? body.messages : Array.isArray(body.input) ? body.input : [];
  const fromItems = items
    .filter((item) => item.role === 'system' || item.role === 'developer')
    .map((item) => textOf(item.content));
  if (protocol === 'openai-responses' && typeof body.instructions === 'string')
    return [body.instructions, ...fromItems];
  return fromItems;
}

/** The texts of every user message, in order. */
export function userTexts(protocol: Protocol, body: Json): string[] {
  if (protocol === 'openai-responses' && typeof body.input === 'string') return [body.input];
  const items: Json[] = protocol === 'openai-responses' ? body.input : body.messages;
  return items.filter((item) => item.role === 'user').map((item) => textOf(item.content));
}

/** The field that holds the output limit in each protocol. */
export function maxTokensOf(protocol: Protocol, body: Json): unknown {
  return protocol === 'openai-responses' ? body.max_output_tokens : body.max_tokens;
}

export function effortOf(protocol: Protocol, body: Json): unknown {
  if (protocol === 'openai-responses') return body.reasoning?.effort;
  if (protocol === 'anthropic') return body.output_config?.effort;
  return body.reasoning_effort;
}

export function lastOf(requests: RecordedRequest[]): RecordedRequest {
  const last = requests[requests.length - 1];
  if (!last) throw new Error('the mock upstream received nothing');
  return last;
}
