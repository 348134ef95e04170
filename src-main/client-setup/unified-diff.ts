/**
 * A unified diff (`diff -u` style, 3 lines of context) between two texts, for
 * showing a change before it is written. `before` undefined is a new file.
 * Line ends are compared with the lines but not shown (a CRLF file reads the
 * same as an LF one).
 */
export function unifiedDiff(path: string, before: string | undefined, after: string, context = 3): string {
  const oldLines = splitLines(before ?? '');
  const newLines = splitLines(after);
  const edits = diffLines(oldLines, newLines);
  if (edits.every((edit) => edit.type === ' ')) return '';
  const output = [`--- ${before === undefined ? '/dev/null' : path}`, `+++ ${path}`];
  for (const hunk of hunks(edits, context)) output.push(...hunk);
  return `${output.join('\n')}\n`;
}

interface Edit {
  type: ' ' | '-' | '+';
  line: string;
}

/** Lines with their line end kept (so a changed line end is a change), the last one maybe without. */
function splitLines(text: string): string[] {
  return text === '' ? [] : text.split(/(?<=\n)/);
}

/** Myers' O(ND) diff over lines, after trimming the common head and tail (edits here are small). */
function diffLines(oldLines: string[], newLines: string[]): Edit[] {
  let head = 0;
  while (head < oldLines.length && head < newLines.length && oldLines[head] === newLines[head]) head += 1;
  let tail = 0;
  while (
    tail < oldLines.length - head &&
    tail < newLines.length - head &&
    oldLines[oldLines.length - 1 - tail] === newLines[newLines.length - 1 - tail]
  )
    tail += 1;
  const a = oldLines.slice(head, oldLines.length - tail);
  const b = newLines.slice(head, newLines.length - tail);
  const same = (lines: string[]): Edit[] => lines.map((line) => ({ type: ' ', line }));
  return [...same(oldLines.slice(0, head)), ...middle(a, b), ...same(oldLines.slice(oldLines.length - tail))];
}

function middle(a: string[], b: string[]): Edit[] {
  const removed = (lines: string[]): Edit[] => lines.map((line) => ({ type: '-', line }));
  const added = (lines: string[]): Edit[] => lines.map((line) => ({ type: '+', line }));
  if (a.length === 0 || b.length === 0) return [...removed(a), ...added(b)];
  const max = a.length + b.length;
  // Past this many differences the shortest script is not worth its memory: show a replacement.
  if (max > 20_000) return [...removed(a), ...added(b)];
  const offset = max + 1;
  const frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let distance = 0; distance <= max; distance += 1) {
    trace.push(frontier.slice());
    for (let diagonal = -distance; diagonal <= distance; diagonal += 2) {
      const down =
        diagonal === -distance ||
        (diagonal !== distance && frontier[offset + diagonal - 1]! < frontier[offset + diagonal + 1]!);
      let x = down ? frontier[offset + diagonal + 1]! : frontier[offset + diagonal - 1]! + 1;
      let y = x - diagonal;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      frontier[offset + diagonal] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, offset);
    }
  }
  return [...removed(a), ...added(b)];
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number): Edit[] {
  const edits: Edit[] = [];
  let x = a.length;
  let y = b.length;
  for (let distance = trace.length - 1; distance >= 0; distance -= 1) {
    const frontier = trace[distance]!;
    const diagonal = x - y;
    const down =
      diagonal === -distance ||
      (diagonal !== distance && frontier[offset + diagonal - 1]! < frontier[offset + diagonal + 1]!);
    const previousDiagonal = down ? diagonal + 1 : diagonal - 1;
    const previousX = frontier[offset + previousDiagonal]!;
    const previousY = previousX - previousDiagonal;
    while (x > previousX && y > previousY) {
      x -= 1;
      y -= 1;
      edits.push({ type: ' ', line: a[x]! });
    }
    if (distance > 0) {
      if (down) edits.push({ type: '+', line: b[(y -= 1)]! });
      else edits.push({ type: '-', line: a[(x -= 1)]! });
    }
  }
  return edits.reverse();
}

function hunks(edits: Edit[], context: number): string[][] {
  const changed = edits.flatMap((edit, index) => (edit.type === ' ' ? [] : [index]));
  const groups: [number, number][] = [];
  for (const index of changed) {
    const last = groups.at(-1);
    if (last && index - last[1] <= 2 * context) last[1] = index;
    else groups.push([index, index]);
  }
  return groups.map(([first, last]) => {
    const start = Math.max(0, first - context);
    const end = Math.min(edits.length, last + context + 1);
    let oldStart = 1;
    let newStart = 1;
    for (const edit of edits.slice(0, start)) {
      if (edit.type !== '+') oldStart += 1;
      if (edit.type !== '-') newStart += 1;
    }
    const slice = edits.slice(start, end);
    const oldCount = slice.filter((edit) => edit.type !== '+').length;
    const newCount = slice.filter((edit) => edit.type !== '-').length;
    const range = (from: number, count: number): string => `${count === 0 ? from - 1 : from},${count}`;
    const lines = [`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`];
    for (const edit of slice) {
      const body = edit.line.replace(/\r?\n$/, '');
      lines.push(`${edit.type}${body}`);
      if (!edit.line.endsWith('\n')) lines.push('\\ No newline at end of file');
    }
    return lines;
  });
}
