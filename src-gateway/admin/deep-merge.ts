type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Merge `patch` into `base` without touching either (JSON merge patch, RFC 7396):
 * objects merge key by key, arrays and scalars replace, `null` removes the key.
 */
export function deepMerge(base: PlainObject, patch: PlainObject): PlainObject {
  const result: PlainObject = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (forbiddenKeys.has(key)) continue;
    if (value === null) delete result[key];
    else if (isPlainObject(value) && isPlainObject(result[key])) result[key] = deepMerge(result[key], value);
    else if (isPlainObject(value)) result[key] = deepMerge({}, value);
    else if (value !== undefined) result[key] = value;
  }
  return result;
}
