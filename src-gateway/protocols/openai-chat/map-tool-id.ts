import { createHash } from 'node:crypto';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Mistral accepts only tool-call ids of exactly nine letters and digits
 * (langchain-ai/langchain#24668). Other ids are hashed deterministically, so a
 * call and its result map to the same id without any per-request state; ids
 * Mistral itself issued already match and pass unchanged.
 */
export function toNineAlphanumericId(id: string): string {
  if (/^[a-zA-Z0-9]{9}$/.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let index = 0; index < 9; index++) out += alphabet[digest[index]! % alphabet.length];
  return out;
}

/**
 * OpenAI caps tool-call ids: chat `tool_calls[].id` at 40 characters, Responses
 * `call_id` at 64 ("string too long", camel-ai/camel#2215, decolua/9router#393).
 * Ids made by clients or other families can be longer, so longer ones become
 * `call_` plus a hash of the original: deterministic, so a call and its result
 * still match without per-request state.
 */
export function capToolId(id: string, maxLength: number): string {
  if (id.length <= maxLength) return id;
  return `call_${createHash('sha256')
    .update(id)
    .digest('base64url')
    .slice(0, Math.min(32, maxLength - 5))}`;
}

/** The longest chat `tool_calls[].id` OpenAI accepts. */
export const chatToolIdMaxLength = 40;
