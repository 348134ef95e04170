import type { z } from 'zod';

/**
 * A fast yes-or-don't-know for a stored row: true only when `schema.parse(value)` would succeed
 * and return what `value` already is (the same keys in the same order, nothing trimmed, defaulted
 * or stripped), so the row can be used as read. Anything else (false) goes through zod, which
 * gives the answer and, for a bad row, its error, exactly as before.
 *
 * Why: zod parsing each row was ~55 ms of the gateway's start-up with 2,000 configuration rows
 * (docs/performance.md, "Start-up"); these checks do the same work in a fraction of it. They are
 * read off the schema itself (zod's `_zod.def`), so they cannot drift from it: a schema that uses
 * anything not handled below gets no check at all (`undefined`), and every row goes through zod.
 * A check never accepts what zod rejects (compile-row-check.test.ts, on valid and mutated rows).
 */
export function compileRowCheck(schema: z.ZodType): RowCheck | undefined {
  try {
    return compile(schema as unknown as Schema);
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
}

export type RowCheck = (value: unknown) => boolean;

/** The parts of zod's definitions read here (zod v4's `_zod.def`). */
interface Schema {
  /** `values`: what an enum or a literal accepts, as zod itself checks it. */
  _zod: { def: Definition; values?: Set<unknown> };
}
interface Definition {
  type: string;
  checks?: Schema[];
  check?: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
  tx?: (value: unknown) => unknown;
  innerType?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  values?: unknown[];
  keyType?: Schema;
  valueType?: Schema;
  options?: Schema[];
  discriminator?: string;
  mode?: string;
}

class Unsupported extends Error {}

/** What zod's z.object accepts as an object. */
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What zod's z.record accepts. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (!isObject(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
};

/** A string format whose whole zod check is its pattern. */
const patternFormats = new Set(['regex', 'datetime']);

function testPattern(pattern: RegExp, value: string): boolean {
  pattern.lastIndex = 0;
  return pattern.test(value);
}

/** One of a string's, a number's or an array's checks (`.min()`, `.regex()`, `.trim()`...). */
function compileCheck(definition: Definition): RowCheck {
  const { check } = definition;
  if (check === 'min_length') return (value) => (value as { length: number }).length >= definition.minimum!;
  if (check === 'max_length') return (value) => (value as { length: number }).length <= definition.maximum!;
  if (check === 'length_equals')
    return (value) => (value as { length: number }).length === definition.length!;
  if (check === 'greater_than')
    return definition.inclusive
      ? (value) => (value as number) >= definition.value!
      : (value) => (value as number) > definition.value!;
  if (check === 'less_than')
    return definition.inclusive
      ? (value) => (value as number) <= definition.value!
      : (value) => (value as number) < definition.value!;
  if (check === 'number_format' && definition.format === 'safeint')
    return (value) => Number.isSafeInteger(value);
  if (check === 'string_format' && patternFormats.has(definition.format!) && definition.pattern) {
    const pattern = definition.pattern;
    return (value) => testPattern(pattern, value as string);
  }
  // `.trim()` and the like: the value must be one they leave as it is.
  if (check === 'overwrite') return (value) => definition.tx!(value) === value;
  throw new Unsupported(String(check));
}

function withChecks(base: RowCheck, definition: Definition, own: RowCheck[] = []): RowCheck {
  const checks = [...own, ...(definition.checks ?? []).map((check) => compileCheck(check._zod.def))];
  if (checks.length === 0) return base;
  return (value) => {
    if (!base(value)) return false;
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

function compile(schema: Schema): RowCheck {
  const definition = schema._zod.def;
  switch (definition.type) {
    case 'string': {
      // A string format (z.iso.datetime()) is a string schema that is also its own check.
      const own = definition.check ? [compileCheck(definition)] : [];
      return withChecks((value) => typeof value === 'string', definition, own);
    }
    case 'number':
      return withChecks((value) => typeof value === 'number' && Number.isFinite(value), definition);
    case 'boolean':
      return withChecks((value) => typeof value === 'boolean', definition);
    case 'unknown':
      // Absent is not proven: zod may then write the key out as undefined.
      return (value) => value !== undefined;
    case 'enum':
    case 'literal': {
      const values = schema._zod.values;
      if (!values) throw new Unsupported(definition.type);
      return (value) => values.has(value);
    }
    case 'optional': {
      const inner = compile(definition.innerType!);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(definition.innerType!);
      return (value) => value === null || inner(value);
    }
    case 'default':
      // Present: as its inner schema. Absent would take the default, a change: not proven.
      return compile(definition.innerType!);
    case 'array': {
      const element = compile(definition.element!);
      return withChecks((value) => {
        if (!Array.isArray(value)) return false;
        for (let index = 0; index < value.length; index++) if (!element(value[index])) return false;
        return true;
      }, definition);
    }
    case 'record':
      return compileRecord(definition);
    case 'object':
      return compileObject(definition);
    case 'union':
      return compileDiscriminatedUnion(definition);
    default:
      throw new Unsupported(definition.type);
  }
}

/** z.record with an open key set (z.string() keys): every entry checked. */
function compileRecord(definition: Definition): RowCheck {
  // Keys from an enum or a literal make zod require each of them; a loose record copies others.
  if (definition.keyType!._zod.values || definition.mode || definition.checks?.length)
    throw new Unsupported('record');
  const key = compile(definition.keyType!);
  const item = compile(definition.valueType!);
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const name of Reflect.ownKeys(value)) {
      // What zod would leave out of its copy: symbols, hidden keys and `__proto__`.
      if (
        typeof name !== 'string' ||
        name === '__proto__' ||
        !Object.prototype.propertyIsEnumerable.call(value, name)
      )
        return false;
      if (!key(name) || !item(value[name])) return false;
    }
    return true;
  };
}

/** An object whose keys are all known, in the schema's order (zod writes its output in that order). */
function compileObject(definition: Definition): RowCheck {
  if (definition.catchall || definition.checks?.length) throw new Unsupported('object catchall or checks');
  const names = Object.keys(definition.shape!);
  const fields = names.map((name) => ({ name, check: compile(definition.shape![name]!) }));
  const position = new Map(names.map((name, index) => [name, index]));
  return (value) => {
    if (!isObject(value)) return false;
    let last = -1;
    for (const name of Object.keys(value)) {
      const index = position.get(name);
      if (index === undefined || index < last) return false;
      last = index;
    }
    for (const field of fields) if (!field.check(value[field.name])) return false;
    return true;
  };
}

/** z.discriminatedUnion: the one option whose literal matches the value's discriminator. */
function compileDiscriminatedUnion(definition: Definition): RowCheck {
  const discriminator = definition.discriminator;
  if (discriminator === undefined || definition.checks?.length) throw new Unsupported('union');
  const byValue = new Map<unknown, RowCheck>();
  for (const option of definition.options!) {
    const optionDefinition = option._zod.def;
    const tag = optionDefinition.shape?.[discriminator]?._zod.def;
    if (optionDefinition.type !== 'object' || tag?.type !== 'literal') throw new Unsupported('union option');
    const check = compile(option);
    for (const literal of tag.values!) {
      if (byValue.has(literal)) throw new Unsupported('union with a repeated discriminator');
      byValue.set(literal, check);
    }
  }
  return (value) => {
    if (!isObject(value)) return false;
    const option = byValue.get(value[discriminator]);
    return option !== undefined && option(value);
  };
}
