type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Merge `patch` into `base` without touching either (JSON merge patch, RFC 7396):
 * objects merge key by key, arrays and scalars replace, `null` removes the key.
 * Iterative (a work list, not recursion): the service also takes patches that
 * never went through the HTTP depth check (IPC), and depth must not crash it.
 */
export function deepMerge(base: PlainObject, patch: PlainObject): PlainObject {
  const result: PlainObject = { ...base };
  // Each entry: a fresh copy being built, and the patch object to merge into it.
  const work: Array<[PlainObject, PlainObject]> = [[result, patch]];
  while (work.length > 0) {
    const [target, changes] = work.pop()!;
    for (const [key, value] of Object.entries(changes)) {
      if (forbiddenKeys.has(key)) continue;
      if (value === null) delete target[key];
      else if (isPlainObject(value)) {
        const existing = target[key];
        const copy: PlainObject = isPlainObject(existing) ? { ...existing } : {};
        target[key] = copy;
        work.push([copy, value]);
      } else if (value !== undefined) target[key] = value;
    }
  }
  return result;
}
