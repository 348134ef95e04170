/**
 * Characters the prompt rules may still add to one request before its body
 * would pass the body limit (BODY_LIMIT_MB). Rules spend it as they edit, and
 * the edit that would overdraw it throws before its text is built, so a rule
 * that multiplies a prompt (a long replacement times many matches, a
 * `{{user_prompt}}` copied per match) never gets to allocate the result.
 * Characters, not bytes: a character is at least one byte of JSON, so the
 * check never lets a body through that is already over the limit in characters.
 */
export interface OutputBudget {
  remaining: number;
}

export class OutputBudgetExceededError extends Error {
  constructor() {
    super('prompt rules would make the request body larger than the body limit');
    this.name = 'OutputBudgetExceededError';
  }
}

/** Take `characters` (negative when an edit shrinks the text) from the budget; throws when it runs out. */
export function spendOutput(budget: OutputBudget, characters: number): void {
  budget.remaining -= characters;
  if (budget.remaining < 0) throw new OutputBudgetExceededError();
}
