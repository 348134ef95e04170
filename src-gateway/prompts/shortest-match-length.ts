import type { RegexNode } from './parse-regex.ts';

/**
 * The fewest characters any match of a parsed pattern can cover (0 for
 * patterns such as `^`, `\b` or `x*` that can match empty text). It bounds
 * how often a replace-all can match: at most once per this many characters.
 */
export function shortestMatchLength(node: RegexNode): number {
  switch (node.kind) {
    case 'empty':
    case 'assert':
      return 0;
    case 'char':
      return 1;
    case 'concat':
      return node.items.reduce((sum, item) => sum + shortestMatchLength(item), 0);
    case 'alternation':
      return Math.min(...node.items.map(shortestMatchLength));
    case 'group':
      return shortestMatchLength(node.body);
    case 'repeat':
      return node.min === 0 ? 0 : node.min * shortestMatchLength(node.body);
  }
}
