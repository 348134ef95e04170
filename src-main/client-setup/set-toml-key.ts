import { scanTomlStatements, type TomlStatement } from './scan-toml-statements.ts';
import type { TextLayout } from './text-layout.ts';

/**
 * Sets `key` in the root table (`table` empty) or in the `[table]` section of a
 * TOML text to `value`, changing only that line: an existing value is
 * replaced where it stands (its comment kept), a new key goes after the
 * section's last key. A missing table is appended at the end of the file.
 * Only strings are written, which is all the Codex setup needs.
 */
export function setTomlKey(
  text: string,
  table: readonly string[],
  key: string,
  value: string,
  layout: TextLayout,
): string {
  const statements = scanTomlStatements(text);
  const isHeader = (statement: TomlStatement): boolean => statement.kind !== 'key-value';
  let sectionStart = 0;
  let insertAt = 0;
  if (table.length > 0) {
    const header = statements.findIndex(
      (statement) => statement.kind === 'table' && samePath(statement.key, table),
    );
    if (header < 0) return appendTable(text, table, key, value, layout);
    sectionStart = header + 1;
    insertAt = statements[header]!.next;
  }
  let sectionEnd = statements.findIndex((statement, index) => index >= sectionStart && isHeader(statement));
  if (sectionEnd < 0) sectionEnd = statements.length;
  const section = statements.slice(sectionStart, sectionEnd);

  const existing = section.findLast((statement) => samePath(statement.key, [key]));
  if (existing !== undefined) {
    return text.slice(0, existing.valueStart) + tomlString(value) + text.slice(existing.valueEnd);
  }
  const line = `${tomlKey(key)} = ${tomlString(value)}${layout.eol}`;
  const lastKey = section.at(-1);
  if (lastKey !== undefined) insertAt = lastKey.next;
  // A root with no keys yet: the new keys go first, a blank line before the first table.
  const gap = table.length === 0 && lastKey === undefined && text.trim() !== '' ? layout.eol : '';
  const before = text.slice(0, insertAt);
  const newline = before !== '' && !before.endsWith('\n') ? layout.eol : '';
  return before + newline + line + gap + text.slice(insertAt);
}

function appendTable(
  text: string,
  table: readonly string[],
  key: string,
  value: string,
  layout: TextLayout,
): string {
  const body = text === '' || text.endsWith('\n') ? text : text + layout.eol;
  const gap = body.trim() === '' ? '' : layout.eol;
  return `${body}${gap}[${table.map(tomlKey).join('.')}]${layout.eol}${tomlKey(key)} = ${tomlString(value)}${layout.eol}`;
}

function samePath(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((part, index) => part === right[index]);
}

function tomlKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : tomlString(key);
}

/**
 * A TOML basic string. JSON's escapes are all valid TOML; DEL is the one
 * control character JSON leaves raw and TOML forbids. (Lone surrogates, which
 * TOML cannot escape, are refused by the input schema.)
 */
export function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007F');
}
