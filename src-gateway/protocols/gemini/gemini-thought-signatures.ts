/**
 * Gemini 3 returns a `thoughtSignature` beside each function call and rejects a
 * later request that replays the call without it ("Function call is missing a
 * thought_signature", protocols.md 2.6). Clients of other protocols only send
 * the call id back, so the gateway remembers each signature by call id (ids
 * stay short: OpenAI caps them at 40 characters) and puts it back on replay.
 * A replay the gateway cannot match (restarted since, another instance, a
 * conversation begun on another model) gets Google's documented sentinel.
 */

/** Bounded: the oldest signatures are forgotten first. */
const capacity = 5000;
const signatures = new Map<string, string>();

/**
 * Google's documented stand-in for a signature that was lost (a conversation
 * that started on another model, or a client that rebuilt its history).
 */
export const skipSignatureSentinel = 'skip_thought_signature_validator';

/** Keep `signature` for the call `id` the client will send back. */
export function rememberThoughtSignature(id: string, signature: string | undefined): void {
  if (!signature || !id) return;
  signatures.delete(id);
  signatures.set(id, signature);
  if (signatures.size > capacity) signatures.delete(signatures.keys().next().value!);
}

/** The signature Gemini gave with the call `id`, when this process still knows it. */
export function recallThoughtSignature(id: string): string | undefined {
  return signatures.get(id);
}

/** Gemini 3 and later validate function-call signatures; earlier models ignore them. */
export function requiresThoughtSignatures(upstreamModel: string): boolean {
  return /gemini-(?:[3-9]|[1-9]\d)(?:[.-]|$)/.test(upstreamModel);
}
