import type { InboundProtocol } from '../protocols/types.ts';
import type { VirtualModelRuntime } from '../config-snapshot/snapshot.ts';
import { isObject, type JsonObject } from './prompt-view.ts';

export type ParamOverrides = NonNullable<VirtualModelRuntime['paramOverrides']>;

const maxTokensNames = new Set(['max_tokens', 'max_completion_tokens', 'max_output_tokens']);
const effortNames = new Set(['reasoning_effort', 'reasoning.effort', 'output_config.effort']);

/**
 * Gemini keeps the sampling parameters in `generationConfig`, under camelCase names:
 * the common names mean those there, so one override works for every protocol.
 */
const geminiGenerationNames: Record<string, string> = {
  temperature: 'generationConfig.temperature',
  top_p: 'generationConfig.topP',
  top_k: 'generationConfig.topK',
  seed: 'generationConfig.seed',
  stop: 'generationConfig.stopSequences',
  stop_sequences: 'generationConfig.stopSequences',
};

/**
 * The body paths a parameter name means in one protocol. The output limit and
 * the reasoning effort have a different name in each protocol; any of their
 * names works and means the same thing everywhere (Gemini: its sampling
 * parameters too, in `generationConfig`). Every other name is a dotted path
 * into the body, taken literally (`temperature`, `metadata.team`).
 */
export function parameterPaths(name: string, protocol: InboundProtocol, body: JsonObject): string[] {
  if (protocol === 'gemini') {
    if (maxTokensNames.has(name) || name === 'maxOutputTokens') return ['generationConfig.maxOutputTokens'];
    if (effortNames.has(name)) return ['generationConfig.thinkingConfig.thinkingLevel'];
    return [geminiGenerationNames[name] ?? name];
  }
  if (maxTokensNames.has(name)) {
    if (protocol === 'openai-responses') return ['max_output_tokens'];
    if (protocol === 'anthropic') return ['max_tokens'];
    const present = ['max_completion_tokens', 'max_tokens'].filter((path) => body[path] !== undefined);
    return present.length > 0 ? present : ['max_tokens'];
  }
  if (effortNames.has(name)) {
    if (protocol === 'openai-responses') return ['reasoning.effort'];
    if (protocol === 'anthropic') return ['output_config.effort'];
    return ['reasoning_effort'];
  }
  return [name];
}

function read(body: JsonObject, path: string): unknown {
  let value: unknown = body;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/** Set or (with `undefined`) delete `path`, copying each object on the way (the input is never mutated). */
function write(body: JsonObject, path: string, value: unknown): JsonObject {
  const [key, ...rest] = path.split('.') as [string, ...string[]];
  const copy: JsonObject = { ...body };
  if (rest.length === 0) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
    return copy;
  }
  const child = isObject(body[key]) ? (body[key] as JsonObject) : undefined;
  if (!child && value === undefined) return body;
  copy[key] = write(child ?? {}, rest.join('.'), value);
  return copy;
}

/**
 * Apply a virtual model's parameter overrides, in this order: `remove`, then
 * `defaults` (only where the client sent nothing), then `force`, then `caps`
 * (numeric upper bounds; a value at or under its cap is left alone).
 */
export function applyParamOverrides(
  body: JsonObject,
  protocol: InboundProtocol,
  overrides: ParamOverrides,
): JsonObject {
  let edited = body;
  for (const name of overrides.remove ?? []) {
    for (const path of parameterPaths(name, protocol, edited)) edited = write(edited, path, undefined);
  }
  for (const [name, value] of Object.entries(overrides.defaults ?? {})) {
    const paths = parameterPaths(name, protocol, edited);
    if (paths.every((path) => read(edited, path) === undefined)) edited = write(edited, paths[0]!, value);
  }
  for (const [name, value] of Object.entries(overrides.force ?? {})) {
    for (const path of parameterPaths(name, protocol, edited)) edited = write(edited, path, value);
  }
  for (const [name, cap] of Object.entries(overrides.caps ?? {})) {
    for (const path of parameterPaths(name, protocol, edited)) {
      const value = read(edited, path);
      if (typeof value === 'number' && value > cap) edited = write(edited, path, cap);
    }
  }
  return edited;
}
