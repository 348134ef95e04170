/**
 * Gemini accepts only an OpenAPI-3.0 subset of JSON Schema in
 * `functionDeclarations[].parameters` and `responseSchema`, and rejects the whole
 * request on an unknown keyword (`$schema`, `additionalProperties`, `const`,
 * `uniqueItems`, ...) or an array without `items` (protocols.md 2.3;
 * router-for-me/CLIProxyAPI#97, #2123; NousResearch/hermes-agent#71804).
 * So the sanitizer keeps an allow-list of keywords, converts what has a Gemini
 * equivalent (`const` -> `enum`, type arrays -> `nullable`, `$ref` -> inlined
 * definition, `oneOf` -> `anyOf`) and drops the rest.
 */
type Schema = Record<string, unknown>;

/** Keywords copied as they are (after the conversions below). */
const passThroughKeywords = [
  'description',
  'nullable',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'pattern',
  'propertyOrdering',
];

/** Gemini rejects other `format` values ("only 'enum' and 'date-time' are supported for STRING type"). */
const supportedFormats: Record<string, string[]> = {
  string: ['enum', 'date-time'],
  integer: ['int32', 'int64'],
  number: ['float', 'double'],
};

/** `$ref` chains deeper than this are cut (recursive schemas cannot be inlined). */
const maxRefDepth = 8;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolveReference(reference: string, root: Schema): Schema | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(reference);
  if (!match) return undefined;
  const definitions = root[match[1]!];
  if (!isSchema(definitions)) return undefined;
  const target = definitions[decodeURIComponent(match[2]!).replace(/~1/g, '/').replace(/~0/g, '~')];
  return isSchema(target) ? target : undefined;
}

/** `type: ["string", "null"]` -> `type: "string", nullable: true`. */
function normalizeType(schema: Schema, out: Schema): void {
  const type = schema.type;
  if (typeof type === 'string' && type !== 'null') {
    out.type = type;
  } else if (Array.isArray(type)) {
    const concrete = type.filter((entry): entry is string => typeof entry === 'string' && entry !== 'null');
    if (concrete.length !== type.length) out.nullable = true;
    if (concrete.length === 1) out.type = concrete[0];
    else if (concrete.length > 1) out.anyOf = concrete.map((entry) => ({ type: entry }));
  } else if (type === 'null') {
    out.nullable = true;
  }
}

function sanitizeNode(input: unknown, root: Schema, depth: number): Schema {
  if (!isSchema(input)) return {};
  let schema = input;
  if (typeof schema.$ref === 'string') {
    const target = depth < maxRefDepth ? resolveReference(schema.$ref, root) : undefined;
    if (!target)
      return {
        type: 'object',
        ...(typeof schema.description === 'string' ? { description: schema.description } : {}),
      };
    // Sibling keywords (a description beside the $ref) win over the target's.
    const { $ref: _reference, ...siblings } = schema;
    schema = { ...target, ...siblings };
    depth += 1;
  }

  const out: Schema = {};
  normalizeType(schema, out);

  // allOf of plain object parts is merged; anything fancier keeps its first part.
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const merged = mergeAllOf(schema.allOf, root, depth);
    Object.assign(out, merged, out.type === undefined ? {} : { type: out.type });
  }

  for (const keyword of passThroughKeywords) {
    if (schema[keyword] !== undefined) out[keyword] = schema[keyword];
  }

  if (typeof schema.format === 'string' && typeof out.type === 'string') {
    // Own keys only: a client's `type: "constructor"` must not reach Object's own members.
    if (Object.hasOwn(supportedFormats, out.type) && supportedFormats[out.type]!.includes(schema.format))
      out.format = schema.format;
  }

  if (schema.const !== undefined) {
    if (typeof schema.const === 'string') {
      out.enum = [schema.const];
      out.type ??= 'string';
    }
  } else if (Array.isArray(schema.enum)) {
    const values = schema.enum.filter((value) => value !== null);
    if (values.length !== schema.enum.length) out.nullable = true;
    // Gemini enums are string-only.
    if (values.length > 0 && values.every((value) => typeof value === 'string')) {
      out.enum = values;
      out.type ??= 'string';
    }
  }

  const variants = Array.isArray(schema.anyOf)
    ? schema.anyOf
    : Array.isArray(schema.oneOf)
      ? schema.oneOf
      : undefined;
  if (variants) applyVariants(variants, root, depth, out);

  if (isSchema(schema.properties)) {
    const properties: Schema = {};
    for (const [name, property] of Object.entries(schema.properties))
      properties[name] = sanitizeNode(property, root, depth);
    out.properties = { ...(isSchema(out.properties) ? out.properties : {}), ...properties };
    out.type ??= 'object';
  }
  if (Array.isArray(schema.required) && isSchema(out.properties)) {
    const known = out.properties;
    const required = schema.required.filter(
      (name): name is string => typeof name === 'string' && name in known,
    );
    const fromAllOf = Array.isArray(out.required) ? (out.required as string[]) : [];
    if (required.length + fromAllOf.length > 0) out.required = [...new Set([...fromAllOf, ...required])];
  }

  if (out.type === 'array' || schema.items !== undefined) {
    out.type ??= 'array';
    // Tuple form (`items: [...]`, `prefixItems`) keeps its first element schema.
    const items = Array.isArray(schema.items)
      ? schema.items[0]
      : (schema.items ?? (Array.isArray(schema.prefixItems) ? schema.prefixItems[0] : undefined));
    out.items = items === undefined ? {} : sanitizeNode(items, root, depth);
  }
  return out;
}

function applyVariants(variants: unknown[], root: Schema, depth: number, out: Schema): void {
  const concrete = variants.filter((variant) => !(isSchema(variant) && variant.type === 'null'));
  if (concrete.length !== variants.length) out.nullable = true;
  if (concrete.length === 1) {
    // `anyOf: [X, {type: null}]` is how most generators spell "nullable X".
    const single = sanitizeNode(concrete[0], root, depth);
    for (const [key, value] of Object.entries(single)) if (out[key] === undefined) out[key] = value;
  } else if (concrete.length > 1) {
    out.anyOf = concrete.map((variant) => sanitizeNode(variant, root, depth));
  }
}

function mergeAllOf(parts: unknown[], root: Schema, depth: number): Schema {
  const merged: Schema = {};
  const properties: Schema = {};
  const required: string[] = [];
  for (const part of parts) {
    const clean = sanitizeNode(part, root, depth);
    if (isSchema(clean.properties)) Object.assign(properties, clean.properties);
    if (Array.isArray(clean.required)) required.push(...(clean.required as string[]));
    for (const [key, value] of Object.entries(clean)) {
      if (key !== 'properties' && key !== 'required' && merged[key] === undefined) merged[key] = value;
    }
  }
  if (Object.keys(properties).length > 0) {
    merged.properties = properties;
    merged.type ??= 'object';
  }
  if (required.length > 0) merged.required = [...new Set(required)];
  return merged;
}

/**
 * Rewrite a JSON Schema into the subset Gemini accepts. The input is not
 * modified. `$defs`/`definitions` references are inlined (recursive ones are
 * cut to `{type: "object"}`).
 */
export function sanitizeGeminiSchema(schema: Record<string, unknown>): Record<string, unknown> {
  return sanitizeNode(schema, schema, 0);
}
