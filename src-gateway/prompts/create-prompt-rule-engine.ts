import type { PromptRule } from '../../src-shared/schemas/virtual-model.ts';
import { GatewayError } from '../lib/errors.ts';
import type { InboundProtocol } from '../protocols/types.ts';
import type { VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import { createAnthropicPromptView } from './anthropic-prompt-view.ts';
import { applyParamOverrides } from './apply-param-overrides.ts';
import { createChatPromptView } from './chat-prompt-view.ts';
import { createGeminiPromptView } from './gemini-prompt-view.ts';
import { compileRulePattern } from './check-prompt-rules.ts';
import { expandReplacement, expandVariables, formatDate, type TemplateVariables } from './expand-template.ts';
import { RegexBudgetExceededError, type LinearRegex, type RegexBudget } from './linear-regex.ts';
import { OutputBudgetExceededError, spendOutput, type OutputBudget } from './output-budget.ts';
import { joiner, type JsonObject, type PromptView, type TextSlot } from './prompt-view.ts';
import { createResponsesPromptView } from './responses-prompt-view.ts';
import type { PromptRuleEngine } from './types.ts';

export interface PromptRuleEngineOptions {
  /**
   * Regex VM steps one request may spend on all its rules (each step is one
   * thread moved over one character). The hard time bound: about a second of
   * CPU at worst, far more than any real prompt needs.
   */
  regexStepBudget?: number;
  /**
   * The body limit (BODY_LIMIT_MB) in bytes: the rules may grow a request up
   * to it and no further (413 beyond), so an edit never builds more than that.
   */
  bodyLimitBytes?: number;
}

const defaultStepBudget = 10_000_000;
const defaultBodyLimitBytes = 32 * 1024 * 1024;

const views: Record<InboundProtocol, (body: JsonObject) => PromptView> = {
  'openai-chat': createChatPromptView,
  'openai-responses': createResponsesPromptView,
  anthropic: createAnthropicPromptView,
  gemini: createGeminiPromptView,
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
 * with a rule silently skipped. What the rules add is counted against the body
 * limit as it is built (output-budget.ts): the edit that would pass it is
 * refused with a 413 before its text exists.
 */
export function createPromptRuleEngine(options: PromptRuleEngineOptions = {}): PromptRuleEngine {
  const stepBudget = options.regexStepBudget ?? defaultStepBudget;
  const bodyLimitBytes = options.bodyLimitBytes ?? defaultBodyLimitBytes;
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
    apply(virtualModel, protocol, body, now, bodyBytes = 0) {
      const rules = virtualModel.promptRules;
      const overrides = virtualModel.paramOverrides;
      if (rules.length === 0 && !overrides) return body;
      let edited = body;
      if (rules.length > 0) {
        const view = views[protocol](body);
        const budget: RegexBudget = { remaining: stepBudget };
        const output: OutputBudget = { remaining: bodyLimitBytes - bodyBytes };
        const date = formatDate(now);
        rules.forEach((rule, index) => {
          if (rule.firstTurnOnly && !view.isFirstTurn()) return;
          const variables: TemplateVariables = { userPrompt: view.lastUserText(), date };
          try {
            if (rule.type === 'system' || rule.type === 'prepend' || rule.type === 'append') {
              const text = expandVariables(rule.text, variables, output.remaining);
              // Counted in full (plus the paragraph break), even when `override` drops the old prompt.
              spendOutput(output, text.length + joiner.length);
              if (rule.type === 'system') view.setSystem(rule.mode, text);
              else view.addToLastUser(rule.type, text);
              return;
            }
            const scope = rule.scope ?? 'all';
            const slots: TextSlot[] = [
              ...(scope === 'user' ? [] : view.systemTexts()),
              ...(scope === 'system' ? [] : view.userTexts()),
            ];
            const replace = rule.regex
              ? regexReplacer(regexFor(rule, virtualModel), rule.replacement, variables, budget, output)
              : literalReplacer(
                  rule.pattern,
                  // Expanded on the first match only: a rule that matches nothing costs nothing.
                  () => expandVariables(rule.replacement, variables, output.remaining + rule.pattern.length),
                  output,
                );
            for (const slot of slots) {
              const before = slot.get();
              const after = replace(before);
              if (after !== before) slot.set(after);
            }
          } catch (error) {
            if (error instanceof RegexBudgetExceededError)
              throw new GatewayError({
                status: 400,
                kind: 'invalid_request',
                code: 'prompt_rule_budget_exceeded',
                message: `Prompt rule ${index + 1} of "${virtualModel.name}" needs too much work on this request's text; the request was not sent. Shorten the prompt or simplify the rule's pattern.`,
              });
            if (error instanceof OutputBudgetExceededError)
              throw new GatewayError({
                status: 413,
                kind: 'request_too_large',
                code: 'prompt_rules_too_large',
                message: `Prompt rule ${index + 1} of "${virtualModel.name}" would make this request larger than the ${formatMegabytes(bodyLimitBytes)} MB body limit; the request was not sent. Shorten the prompt or the rule's text.`,
              });
            throw error;
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

function formatMegabytes(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 100) / 100);
}

/** Literal replace-all; the growth (matches times the length difference) is paid before the join builds it. */
function literalReplacer(
  pattern: string,
  expand: () => string,
  output: OutputBudget,
): (text: string) => string {
  let replacement: string | undefined;
  return (text) => {
    if (!text.includes(pattern)) return text;
    replacement ??= expand();
    const pieces = text.split(pattern);
    spendOutput(output, (pieces.length - 1) * (replacement.length - pattern.length));
    return pieces.join(replacement);
  };
}

/** Regex replace-all; each match's expansion is paid as it is made, so the result never outgrows the budget. */
function regexReplacer(
  regex: LinearRegex,
  replacement: string,
  variables: TemplateVariables,
  budget: RegexBudget,
  output: OutputBudget,
): (text: string) => string {
  return (text) =>
    regex.replaceAll(text, budget, (match) => {
      const matched = match.spans[1]! - match.spans[0]!;
      const expansion = expandReplacement(replacement, match, variables, output.remaining + matched);
      spendOutput(output, expansion.length - matched);
      return expansion;
    });
}
