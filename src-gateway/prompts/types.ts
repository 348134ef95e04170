import type { InboundProtocol } from '../protocols/types.ts';
import type { VirtualModelRuntime } from '../runtime/snapshot.ts';

/**
 * Applies a virtual model's prompt rules and parameter overrides to the
 * client's body in its own protocol, before any translation, so a rule means
 * the same thing whatever the client speaks. Returns a new body (never mutates).
 */
export interface PromptRuleEngine {
  apply(
    virtualModel: VirtualModelRuntime,
    protocol: InboundProtocol,
    body: Record<string, unknown>,
    now: number,
  ): Record<string, unknown>;
}

export const noPromptRules: PromptRuleEngine = {
  apply: (_virtualModel, _protocol, body) => body,
};
