import type { PromptRule } from '../../src-shared/schemas/virtual-model.ts';
import { compileLinearRegex, type LinearRegex } from './linear-regex.ts';
import { parseRegex, RegexRejectedError } from './parse-regex.ts';
import { shortestMatchLength } from './shortest-match-length.ts';

/** Longest regex pattern accepted (literal patterns may be longer). */
export const maxRegexLength = 2000;

/**
 * Caps checked when rules are saved, against rules that can only blow a
 * request up. What grows only on some inputs (many matches, a long
 * `{{user_prompt}}`) is caught per request instead: the edit that would pass
 * the body limit is refused with a 413 before it is built (output-budget.ts).
 *
 * A replacement is written once per match, so it is capped outright (a long
 * text belongs in a `system`, `prepend` or `append` rule, added once) and
 * relative to the shortest text its pattern can match: a pattern that matches
 * single characters (or empty text, counted as 1) may not put more than
 * `maxReplacementGrowth` characters in each one's place.
 */
export const maxReplacementLength = 20_000;
export const maxReplacementGrowth = 1_000;
/** All the text a virtual model's rules hold (texts and replacements together), added to every request at most once each. */
export const maxRulesTextLength = 1_000_000;

/** Compile a `replace` rule's pattern; throws RegexRejectedError naming the problem. */
export function compileRulePattern(rule: Extract<PromptRule, { type: 'replace' }>): LinearRegex {
  if (rule.pattern.length > maxRegexLength)
    throw new RegexRejectedError(`a regex pattern may be at most ${maxRegexLength} characters`);
  return compileLinearRegex(rule.pattern, rule.flags ?? '');
}

/**
 * What is wrong with a list of rules the schema already accepted: regex
 * patterns that do not compile, or need a backtracking engine (backreferences,
 * lookarounds), and texts past the caps above. One message per problem, each
 * naming the field (`promptRules.2.pattern: ...`), for a 400 at save time.
 */
export function describePromptRuleProblems(rules: readonly PromptRule[], path = 'promptRules'): string[] {
  const problems: string[] = [];
  let totalText = 0;
  rules.forEach((rule, index) => {
    if (rule.type !== 'replace') {
      totalText += rule.text.length;
      return;
    }
    totalText += rule.replacement.length;
    let shortest = rule.pattern.length;
    if (rule.regex === true) {
      try {
        compileRulePattern(rule);
        const flags = rule.flags ?? '';
        shortest = shortestMatchLength(
          parseRegex(rule.pattern, { ignoreCase: flags.includes('i'), dotAll: flags.includes('s') }).root,
        );
      } catch (error) {
        if (!(error instanceof RegexRejectedError)) throw error;
        problems.push(
          `${path}.${index}.pattern: invalid regular expression /${rule.pattern}/: ${error.message}`,
        );
        return;
      }
    }
    const field = `${path}.${index}.replacement`;
    const length = rule.replacement.length;
    const allowed = maxReplacementGrowth * Math.max(shortest, 1);
    if (length > maxReplacementLength)
      problems.push(
        `${field}: ${length} characters; a replacement may be at most ${maxReplacementLength} (it is written once per match; put long text in a system, prepend or append rule)`,
      );
    else if (length > allowed)
      problems.push(
        `${field}: ${length} characters in place of matches as short as ${shortest} character${shortest === 1 ? '' : 's'}; a replacement may be at most ${maxReplacementGrowth} times as long as the shortest match (here ${allowed})`,
      );
  });
  if (totalText > maxRulesTextLength)
    problems.push(
      `${path}: the rules hold ${totalText} characters of text and replacements together; at most ${maxRulesTextLength} are allowed`,
    );
  return problems;
}
