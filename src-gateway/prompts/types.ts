import type { InboundProtocol } from '../protocols/types.ts';
import type { VirtualModelRuntime } from '../config-snapshot/snapshot.ts';

/**
 * Applies a virtual model's prompt rules and parameter overrides to the
 * client's body in its own protocol, before any translation, so a rule means
 * the same thing whatever the client speaks. Returns a new body (never mutates).
 * `bodyBytes` is the size of the client's body: the rules may grow it up to
 * the body limit, not beyond (a 413 GatewayError).
 */
export interface PromptRuleEngine {
  apply(
    virtualModel: VirtualModelRuntime,
    protocol: InboundProtocol,
    body: Record<string, unknown>,
    now: number,
    bodyBytes?: number,
  ): Record<string, unknown>;
}

export const noPromptRules: PromptRuleEngine = {
  apply: (_virtualModel, _protocol, body) => body,
};
