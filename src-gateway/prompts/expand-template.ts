import type { ReplaceMatch } from './linear-regex.ts';
import { OutputBudgetExceededError } from './output-budget.ts';

/** Values for `{{user_prompt}}` and `{{date}}`. */
export interface TemplateVariables {
  /** The text of the last user message. */
  userPrompt: string;
  /** `YYYY-MM-DD` (UTC). */
  date: string;
}

/** The `{{date}}` value for an epoch-ms clock reading: the UTC calendar date. */
export function formatDate(now: number): string {
  return new Date(now).toISOString().slice(0, 10);
}

const variablePattern = /\{\{\s*(user_prompt|date)\s*\}\}/g;
const variableAt = /\{\{\s*(user_prompt|date)\s*\}\}/y;

/**
 * Put the variables into a rule's text; unknown `{{names}}` stay as written.
 * Throws OutputBudgetExceededError, before joining anything, when the result
 * would be longer than `maxLength` (each `{{user_prompt}}` is a whole prompt).
 */
export function expandVariables(
  template: string,
  variables: TemplateVariables,
  maxLength = Number.POSITIVE_INFINITY,
): string {
  if (!template.includes('{{')) return template;
  let length = template.length;
  return template.replace(variablePattern, (whole, name: string) => {
    const value = name === 'date' ? variables.date : variables.userPrompt;
    length += value.length - whole.length;
    if (length > maxLength) throw new OutputBudgetExceededError();
    return value;
  });
}

/**
 * A regex replacement in one pass: the variables, and JavaScript's `$$`, `$&`,
 * `` $` ``, `$'`, `$1`-`$99` and `$<name>`. One pass means a `$1` inside the
 * user's own text (put in by `{{user_prompt}}`) is never interpreted.
 * Throws OutputBudgetExceededError as soon as the expansion passes `maxLength`.
 */
export function expandReplacement(
  template: string,
  match: ReplaceMatch,
  variables: TemplateVariables,
  maxLength = Number.POSITIVE_INFINITY,
): string {
  const { text, spans, groupNames } = match;
  const groupCount = spans.length / 2 - 1;
  const group = (index: number): string => {
    const start = spans[index * 2]!;
    return start < 0 ? '' : text.slice(start, spans[index * 2 + 1]!);
  };
  let out = '';
  let position = 0;
  while (position < template.length) {
    // Each step adds at most one group, prompt or side of the text: checking per step bounds the overshoot.
    if (out.length > maxLength) throw new OutputBudgetExceededError();
    const char = template[position]!;
    if (char === '{' && template[position + 1] === '{') {
      variableAt.lastIndex = position;
      const found = variableAt.exec(template);
      if (found) {
        out += found[1] === 'date' ? variables.date : variables.userPrompt;
        position += found[0].length;
        continue;
      }
    }
    if (char !== '$' || position + 1 >= template.length) {
      // Plain text up to the next `$` or `{` in one slice: a string per character left millions of
      // tiny strings for the GC on a long replacement with many matches.
      let end = position + 1;
      while (end < template.length && template[end] !== '$' && template[end] !== '{') end++;
      out += template.slice(position, end);
      position = end;
      continue;
    }
    const next = template[position + 1]!;
    if (next === '$') {
      out += '$';
      position += 2;
    } else if (next === '&') {
      out += group(0);
      position += 2;
    } else if (next === '`') {
      out += text.slice(0, spans[0]!);
      position += 2;
    } else if (next === "'") {
      out += text.slice(spans[1]!);
      position += 2;
    } else if (/[0-9]/.test(next)) {
      const two = template.slice(position + 1, position + 3);
      if (/^[0-9]{2}$/.test(two) && Number(two) >= 1 && Number(two) <= groupCount) {
        out += group(Number(two));
        position += 3;
      } else if (Number(next) >= 1 && Number(next) <= groupCount) {
        out += group(Number(next));
        position += 2;
      } else {
        out += '$';
        position++;
      }
    } else if (next === '<' && groupNames.size > 0) {
      const close = template.indexOf('>', position + 2);
      if (close < 0) {
        out += '$';
        position++;
      } else {
        const index = groupNames.get(template.slice(position + 2, close));
        out += index === undefined ? '' : group(index);
        position = close + 1;
      }
    } else {
      out += '$';
      position++;
    }
  }
  if (out.length > maxLength) throw new OutputBudgetExceededError();
  return out;
}
