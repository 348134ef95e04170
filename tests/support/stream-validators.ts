/**
 * Strict stream-grammar validators for what a client receives from the gateway.
 *
 * Each takes the raw SSE text and returns the list of violations (empty =
 * valid); the `assertValid…` wrappers throw with the whole list. They are
 * stricter than the official SDKs on purpose: Claude Code and Codex CLI fail
 * on streams the SDKs forgive (protocols.md 0-4, 0-7).
 *
 * ```ts
 * const text = await (await fetch(url, { method: 'POST', body })).text();
 * assertValidAnthropicStream(text);
 * expect(validateChatStream(text, { expectUsage: true })).toEqual([]);
 * ```
 */
import {
  type AnthropicStreamOptions,
  validateAnthropicStream,
} from './validators/validate-anthropic-stream.ts';
import { type ChatStreamOptions, validateChatStream } from './validators/validate-chat-stream.ts';
import { validateResponsesStream } from './validators/validate-responses-stream.ts';

export {
  type AnthropicStreamOptions,
  validateAnthropicStream,
} from './validators/validate-anthropic-stream.ts';
export { type ChatStreamOptions, validateChatStream } from './validators/validate-chat-stream.ts';
export { validateResponsesStream } from './validators/validate-responses-stream.ts';
export { validateGeminiStream } from './validators/validate-gemini-stream.ts';
export { parseSseText } from './validators/parse-sse-text.ts';

/** Thrown by the `assertValid…` helpers; `violations` holds every rule broken. */
export class StreamGrammarError extends Error {
  readonly violations: string[];

  constructor(protocol: string, violations: string[]) {
    super(`${protocol} stream breaks ${violations.length} grammar rule(s):\n- ${violations.join('\n- ')}`);
    this.name = 'StreamGrammarError';
    this.violations = violations;
  }
}

function assertNone(protocol: string, violations: string[]): void {
  if (violations.length > 0) throw new StreamGrammarError(protocol, violations);
}

/** Throw a StreamGrammarError unless `text` is a valid Chat Completions stream (protocols.md 1.1). */
export function assertValidChatStream(text: string, options: ChatStreamOptions = {}): void {
  assertNone('Chat Completions', validateChatStream(text, options));
}

/** Throw a StreamGrammarError unless `text` is a valid Responses stream (protocols.md 1.2). */
export function assertValidResponsesStream(text: string): void {
  assertNone('Responses', validateResponsesStream(text));
}

/** Throw a StreamGrammarError unless `text` is a valid Anthropic Messages stream (protocols.md 1.3). */
export function assertValidAnthropicStream(text: string, options: AnthropicStreamOptions = {}): void {
  assertNone('Anthropic Messages', validateAnthropicStream(text, options));
}
