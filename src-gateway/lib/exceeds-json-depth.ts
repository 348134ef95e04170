/**
 * How deep a JSON request body may nest (objects and arrays; `{}` is one level).
 * No real request comes close (a tool's JSON Schema nests a few dozen levels at
 * most), while every recursive step downstream (JSON.stringify for the upstream
 * body and the log, zod, deep merges) overflows the stack somewhere in the
 * thousands: refusing at parse keeps that a 400 instead of a 500.
 */
export const maxJsonDepth = 128;

/**
 * Whether a parsed JSON value nests deeper than `limit` levels. Iterative (an
 * explicit stack), so the check itself cannot overflow; it stops at the first
 * container past the limit and never looks inside strings.
 */
export function exceedsJsonDepth(value: unknown, limit = maxJsonDepth): boolean {
  if (value === null || typeof value !== 'object') return false;
  const pending: object[] = [value];
  const depths: number[] = [1];
  while (pending.length > 0) {
    const container = pending.pop()!;
    const childDepth = depths.pop()! + 1;
    if (Array.isArray(container)) {
      for (let index = 0; index < container.length; index++) {
        const item: unknown = container[index];
        if (item === null || typeof item !== 'object') continue;
        if (childDepth > limit) return true;
        pending.push(item);
        depths.push(childDepth);
      }
    } else {
      const record = container as Record<string, unknown>;
      for (const key in record) {
        const item = record[key];
        if (item === null || typeof item !== 'object') continue;
        if (childDepth > limit) return true;
        pending.push(item);
        depths.push(childDepth);
      }
    }
  }
  return false;
}
