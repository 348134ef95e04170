import { locateJsonMembers, skipWhitespace, type JsonObjectSpan } from './locate-json-members.ts';
import { indentOfLine, lineIndentBefore, type TextLayout } from './text-layout.ts';

/**
 * Sets `path` (object keys from the top) to `value` in a JSON text, changing
 * only the bytes of that member: an existing value is replaced where it
 * stands, a new member goes after the object's last one, indented like it
 * (CRLF kept). Objects on the way that do not exist are created. The text
 * must hold a JSON object and every object on the way must be one (the
 * caller checked with JSON.parse).
 */
export function setJsonMember(
  text: string,
  path: readonly string[],
  value: unknown,
  layout: TextLayout,
): string {
  let object = locateJsonMembers(text, skipWhitespace(text, 0));
  for (let depth = 0; depth < path.length - 1; depth += 1) {
    const member = object.members.findLast((candidate) => candidate.key === path[depth]);
    if (member === undefined) {
      const rest = path.slice(depth + 1).reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
      return insertMember(text, object, path[depth]!, rest, layout);
    }
    object = locateJsonMembers(text, member.value.start);
  }
  const key = path.at(-1)!;
  const member = object.members.findLast((candidate) => candidate.key === key);
  if (member === undefined) return insertMember(text, object, key, value, layout);
  const indent = lineIndentBefore(text, member.keyStart);
  const rendered = renderJson(value, indent ?? '', indent === undefined ? undefined : layout);
  return text.slice(0, member.value.start) + rendered + text.slice(member.value.end);
}

function insertMember(
  text: string,
  object: JsonObjectSpan,
  key: string,
  value: unknown,
  layout: TextLayout,
): string {
  const last = object.members.at(-1);
  if (last === undefined) {
    const outer = indentOfLine(text, object.start);
    const inner = outer + layout.indentUnit;
    const member = `${JSON.stringify(key)}: ${renderJson(value, inner, layout)}`;
    return `${text.slice(0, object.start + 1)}${layout.eol}${inner}${member}${layout.eol}${outer}${text.slice(object.end - 1)}`;
  }
  const keyEnd = last.keyStart + JSON.stringify(last.key).length;
  // The file's own spacing around ':' (`"a": 1` or `"a":1`), best effort for keys written with escapes.
  const separator = /^\s*:\s*$/.test(text.slice(keyEnd, last.value.start))
    ? text.slice(keyEnd, last.value.start)
    : ': ';
  const indent = lineIndentBefore(text, last.keyStart);
  if (indent === undefined) {
    // A one-line object stays one line, spaced after its commas as it is (or as its colons are).
    const previous = object.members.at(-2);
    const gap = previous
      ? text.slice(previous.value.end, last.keyStart).replace(/^\s*,/, '')
      : separator.includes(' ')
        ? ' '
        : '';
    const member = `,${gap}${JSON.stringify(key)}${separator}${renderJson(value, '', undefined)}`;
    return text.slice(0, last.value.end) + member + text.slice(last.value.end);
  }
  const member = `,${layout.eol}${indent}${JSON.stringify(key)}${separator}${renderJson(value, indent, layout)}`;
  return text.slice(0, last.value.end) + member + text.slice(last.value.end);
}

/** `value` as JSON: on one line without a layout, else indented one level per depth from `indent`. */
function renderJson(value: unknown, indent: string, layout: TextLayout | undefined): string {
  if (layout === undefined) return JSON.stringify(value);
  return JSON.stringify(value, null, layout.indentUnit)
    .split('\n')
    .map((line, index) => (index === 0 ? line : indent + line))
    .join(layout.eol);
}
