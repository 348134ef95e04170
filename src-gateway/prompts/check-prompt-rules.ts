import type { PromptRule } from '../../src-shared/schemas/virtual-model.ts';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';
import { RegexRejectedError } from './parse-regex.ts';

/** Longest regex pattern accepted (literal patterns may be longer). */
export const maxRegexLength = 2000;

/** Compile a `replace` rule's pattern; throws RegexRejectedError naming the problem. */
export function compileRulePattern(rule: Extract<PromptRule, { type: 'replace' }>): LinearRegex {
  if (rule.pattern.length > maxRegexLength)
    throw new RegexRejectedError(`a regex pattern may be at most ${maxRegexLength} characters`);
  return compileLinearRegex(rule.pattern, rule.flags ?? '');
}

/**
 * What is wrong with a list of rules the schema already accepted: regex
 * patterns that do not compile, or need a backtracking engine (backreferences,
 * lookarounds). One message per problem, each naming the field
 * (`promptRules.2.pattern: ...`), for a 400 at save time.
 */
export function describePromptRuleProblems(rules: readonly PromptRule[], path = 'promptRules'): string[] {
  const problems: string[] = [];
  rules.forEach((rule, index) => {
    if (rule.type !== 'replace' || rule.regex !== true) return;
    try {
      compileRulePattern(rule);
    } catch (error) {
      if (!(error instanceof RegexRejectedError)) throw error;
      problems.push(
        `${path}.${index}.pattern: invalid regular expression /${rule.pattern}/: ${error.message}`,
      );
    }
  });
  return problems;
}
