/** One alias rule from settings: a glob over requested names and the model or virtual model it maps to. */
export interface AliasRule {
  pattern: string;
  target: string;
}

/**
 * Whole-name glob match: `*` is any run of characters (also none), `?` exactly
 * one, everything else literal; case-insensitive because clients spell model
 * names loosely (`Claude-Sonnet-4`). Iterative with one backtrack point, so a
 * hostile pattern cannot blow up like a regular expression can.
 */
export function matchGlob(pattern: string, name: string): boolean {
  const glob = pattern.toLowerCase();
  const text = name.toLowerCase();
  let globIndex = 0;
  let textIndex = 0;
  let starIndex = -1;
  let starText = 0;
  while (textIndex < text.length) {
    const symbol = glob[globIndex];
    if (symbol === '*') {
      starIndex = globIndex++;
      starText = textIndex;
    } else if (symbol !== undefined && (symbol === '?' || symbol === text[textIndex])) {
      globIndex++;
      textIndex++;
    } else if (starIndex >= 0) {
      globIndex = starIndex + 1;
      textIndex = ++starText;
    } else {
      return false;
    }
  }
  while (glob[globIndex] === '*') globIndex++;
  return globIndex === glob.length;
}

/** The target of the first alias whose pattern matches `name`, in the order the settings list them. */
export function matchAlias(aliases: readonly AliasRule[], name: string): string | undefined {
  for (const alias of aliases) {
    if (matchGlob(alias.pattern, name)) return alias.target;
  }
  return undefined;
}
