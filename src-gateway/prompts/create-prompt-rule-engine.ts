import type { PromptRule } from '../../src-shared/schemas/virtual-model.ts';
import { GatewayError } from '../lib/errors.ts';
import type { InboundProtocol } from '../protocols/types.ts';
import type { VirtualModelRuntime } from '../runtime/snapshot.ts';
import { createAnthropicPromptView } from './anthropic-prompt-view.ts';
import { applyParamOverrides } from './apply-param-overrides.ts';
import { createChatPromptView } from './chat-prompt-view.ts';
import { compileRulePattern } from './check-prompt-rules.ts';
import { expandReplacement, expandVariables, formatDate, type TemplateVariables } from './expand-template.ts';
import { RegexBudgetExceededError, type LinearRegex, type RegexBudget } from './linear-regex.ts';
import type { JsonObject, PromptView, TextSlot } from './prompt-view.ts';
import { createResponsesPromptView } from './responses-prompt-view.ts';
import type { PromptRuleEngine } from './types.ts';

export interface PromptRuleEngineOptions {
  /**
   * Regex VM steps one request may spend on all its rules (each step is one
   * thread moved over one character). The hard time bound: about a second of
   * CPU at worst, far more than any real prompt needs.
   */
  regexStepBudget?: number;
}

const defaultStepBudget = 10_000_000;

const views: Record<InboundProtocol, (body: JsonObject) => PromptView> = {
  'openai-chat': createChatPromptView,
  'openai-responses': createResponsesPromptView,
  anthropic: createAnthropicPromptView,
};

/** What each rule-edited body was before the rules ran (the client's own words, for echo scrubbing). */
const bodiesBeforeRules = new WeakMap<object, Record<string, unknown>>();

/** The body as the client sent it, before a virtual model's rules edited it (itself when no rule ran). */
export function clientBodyBeforeRules(body: Record<string, unknown>): Record<string, unknown> {
  return bodiesBeforeRules.get(body) ?? body;
}

/**
 * The prompt rule engine: rules in order on the client's native body
 * (protocol views give every protocol the same meaning), then parameter
 * overrides. Regex rules run on a linear-time engine (linear-regex.ts) under a
 * per-request step budget, so a pathological pattern cannot stall the process;
 * a request that exhausts the budget is refused with a 400 rather than sent
 * with a rule silently skipped.
 */
export function createPromptRuleEngine(options: PromptRuleEngineOptions = {}): PromptRuleEngine {
  const stepBudget = options.regexStepBudget ?? defaultStepBudget;
  // Rules are immutable snapshot objects: compile each pattern once per snapshot.
  const compiled = new WeakMap<PromptRule, LinearRegex>();

  const regexFor = (
    rule: Extract<PromptRule, { type: 'replace' }>,
    virtualModel: VirtualModelRuntime,
  ): LinearRegex => {
    let regex = compiled.get(rule);
    if (!regex) {
      try {
        regex = compileRulePattern(rule);
      } catch (error) {
        throw new GatewayError({
          status: 500,
          kind: 'internal',
          code: 'invalid_prompt_rule',
          message: `Virtual model "${virtualModel.name}" has an invalid regex rule: ${(error as Error).message}`,
        });
      }
      compiled.set(rule, regex);
    }
    return regex;
  };

  return {
    apply(virtualModel, protocol, body, now) {
      const rules = virtualModel.promptRules;
      const overrides = virtualModel.paramOverrides;
      if (rules.length === 0 && !overrides) return body;
      let edited = body;
      if (rules.length > 0) {
        const view = views[protocol](body);
        const budget: RegexBudget = { remaining: stepBudget };
        const date = formatDate(now);
        rules.forEach((rule, index) => {
          if (rule.firstTurnOnly && !view.isFirstTurn()) return;
          const variables: TemplateVariables = { userPrompt: view.lastUserText(), date };
          if (rule.type === 'system') view.setSystem(rule.mode, expandVariables(rule.text, variables));
          else if (rule.type === 'prepend' || rule.type === 'append')
            view.addToLastUser(rule.type, expandVariables(rule.text, variables));
          else {
            const scope = rule.scope ?? 'all';
            const slots: TextSlot[] = [
              ...(scope === 'user' ? [] : view.systemTexts()),
              ...(scope === 'system' ? [] : view.userTexts()),
            ];
            const replace = rule.regex
              ? regexReplacer(regexFor(rule, virtualModel), rule.replacement, variables, budget)
              : literalReplacer(rule.pattern, expandVariables(rule.replacement, variables));
            try {
              for (const slot of slots) {
                const before = slot.get();
                const after = replace(before);
                if (after !== before) slot.set(after);
              }
            } catch (error) {
              if (!(error instanceof RegexBudgetExceededError)) throw error;
              throw new GatewayError({
                status: 400,
                kind: 'invalid_request',
                code: 'prompt_rule_budget_exceeded',
                message: `Prompt rule ${index + 1} of "${virtualModel.name}" needs too much work on this request's text; the request was not sent. Shorten the prompt or simplify the rule's pattern.`,
              });
            }
          }
        });
        edited = view.result();
      }
      if (overrides) edited = applyParamOverrides(edited, protocol, overrides);
      if (edited !== body) bodiesBeforeRules.set(edited, clientBodyBeforeRules(body));
      return edited;
    },
  };
}

function literalReplacer(pattern: string, replacement: string): (text: string) => string {
  return (text) => (text.includes(pattern) ? text.split(pattern).join(replacement) : text);
}

function regexReplacer(
  regex: LinearRegex,
  replacement: string,
  variables: TemplateVariables,
  budget: RegexBudget,
): (text: string) => string {
  return (text) =>
    regex.replaceAll(text, budget, (match) => expandReplacement(replacement, match, variables));
}
