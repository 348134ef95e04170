/** How a config file writes its lines, so an edit adds lines the way the file already does. */
export interface TextLayout {
  /** `\r\n` when the file uses it (a file written on Windows), else `\n`. */
  eol: string;
  /** The indentation of one level: the first indented line's, else two spaces. */
  indentUnit: string;
}

export function detectTextLayout(text: string): TextLayout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text);
  return { eol, indentUnit: indented?.[1] ?? '  ' };
}

/** The whitespace that starts the line holding `offset`, or undefined when text precedes `offset` on that line. */
export function lineIndentBefore(text: string, offset: number): string | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : undefined;
}

/** The whitespace at the start of the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}
