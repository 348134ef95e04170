type Schema = Record<string, unknown>;

function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keywords whose value is one schema. */
const singleSchemaKeywords = ['items', 'not', 'additionalProperties'];
/** Keywords whose value is a list of schemas. */
const schemaListKeywords = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
/** Gemini-only keywords no JSON Schema consumer knows. */
const geminiOnlyKeywords = new Set(['nullable', 'propertyOrdering']);

/**
 * A Gemini `Schema` (the OpenAPI 3.0 subset in `functionDeclarations[].parameters`
 * and `generationConfig.responseSchema`) as JSON Schema, the canonical form:
 * the SDK's upper-case `Type` values (`OBJECT`, `STRING`, ...) become lower case,
 * `nullable: true` becomes a `"null"` member of `type`, and the rest is copied
 * as it is (a JSON Schema that was already one survives unchanged).
 */
export function geminiSchemaToJsonSchema(input: unknown): Schema {
  if (!isSchema(input)) return {};
  const out: Schema = {};
  for (const [keyword, value] of Object.entries(input)) {
    if (geminiOnlyKeywords.has(keyword)) continue;
    if (keyword === 'type' && typeof value === 'string') out.type = value.toLowerCase();
    else if (keyword === 'type' && Array.isArray(value))
      out.type = value.map((entry) => (typeof entry === 'string' ? entry.toLowerCase() : entry));
    else if (keyword === 'properties' && isSchema(value))
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, schema]) => [name, geminiSchemaToJsonSchema(schema)]),
      );
    else if (singleSchemaKeywords.includes(keyword) && isSchema(value))
      out[keyword] = geminiSchemaToJsonSchema(value);
    else if (schemaListKeywords.includes(keyword) && Array.isArray(value))
      out[keyword] = value.map(geminiSchemaToJsonSchema);
    else out[keyword] = value;
  }
  if (input.nullable === true) {
    if (typeof out.type === 'string' && out.type !== 'null') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  }
  return out;
}
