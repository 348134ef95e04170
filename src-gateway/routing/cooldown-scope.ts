import type { GatewayError } from '../lib/errors.ts';

/**
 * What an upstream failure puts on cooldown:
 * - `key`: the provider key itself, for every model (it was rejected, or its account is out of quota);
 * - `model-key`: that key for that one model only (a rate limit);
 * - `target`: the target, whatever the key (a retry-after on any other failure);
 * - undefined: nothing rests.
 */
export type CooldownScope = 'key' | 'model-key' | 'target';

/**
 * 429 codes that say the account behind the key is exhausted, not that one model is busy: no model
 * will answer on that key until someone pays (OpenAI's error codes, platform.openai.com/docs/guides/error-codes).
 */
const exhaustedKeyCodes = new Set([
  'insufficient_quota',
  'billing_hard_limit_reached',
  'billing_not_active',
  'access_terminated',
]);

/**
 * Vendors rate-limit per model (OpenAI and Anthropic publish limits per model), so a plain 429 rests
 * only the (model, key) pair and the key's other models keep serving. A rejected key (401/403) or an
 * exhausted quota rests the whole key.
 */
export function cooldownScope(error: GatewayError): CooldownScope | undefined {
  if (error.kind === 'upstream_auth') return 'key';
  if (error.kind === 'rate_limit') return exhaustedKeyCodes.has(error.code) ? 'key' : 'model-key';
  return error.retryAfter === undefined ? undefined : 'target';
}
