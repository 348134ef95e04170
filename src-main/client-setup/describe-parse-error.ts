/**
 * A parse error in one line, without quoting the file: JSON.parse and
 * smol-toml put the offending text in their messages, and in these files that
 * text can be an API key. Line and column are enough to find the spot.
 */
export function describeJsonError(error: unknown, text: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const reason = message
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '')
    .replace(/ \(line \d+ column \d+\)$/, '');
  const position = /position (\d+)/.exec(message);
  return position ? `${reason} at ${lineAndColumn(text, Number(position[1]))}` : reason;
}

export function describeTomlError(error: unknown): string {
  const details = error as { message?: unknown; line?: unknown; column?: unknown };
  const message = typeof details.message === 'string' ? details.message : String(error);
  // smol-toml: "Invalid TOML document: <reason>\n\n<numbered lines of the file>"
  const reason = message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  return typeof details.line === 'number' && typeof details.column === 'number'
    ? `${reason} at line ${details.line}, column ${details.column}`
    : reason;
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}
