import type {
  BuiltinTool,
  CanonicalRequest,
  CanonicalTool,
  ReasoningEffort,
  SystemText,
  ToolChoice,
} from '../../canonical/types.ts';
import { invalidRequest } from '../../lib/errors.ts';
import { parseRequestBody } from '../parse-request-body.ts';
import { decodeGeminiContents } from './decode-gemini-contents.ts';
import { geminiSchemaToJsonSchema } from './gemini-schema-to-json-schema.ts';
import {
  geminiRequestSchema,
  type GeminiGenerationConfig,
  type GeminiRequestBody,
} from './gemini-request-schema.ts';

/**
 * Validate an inbound Gemini `generateContent` body and turn it into a canonical
 * request. The model and streaming are not in a Gemini body (they are in the
 * URL): `model` is left empty and `stream` false here, and the pipeline sets
 * both from the path. Throws a 400 GatewayError naming the offending field.
 */
export function decodeGeminiRequest(body: unknown): CanonicalRequest {
  const input = parseRequestBody(geminiRequestSchema, body);
  const request: CanonicalRequest = {
    model: '',
    system: decodeSystem(input.systemInstruction),
    messages: decodeGeminiContents(input.contents),
    stream: false,
  };
  const choice = decodeToolChoice(input);
  const tools = decodeTools(input, choice);
  const builtinTools = decodeBuiltinTools(input);
  if (builtinTools) request.builtinTools = builtinTools;
  if (tools) {
    request.tools = tools;
    if (choice) request.toolChoice = choice;
  }
  const config = input.generationConfig;
  if (config) decodeGenerationConfig(config, request);
  return request;
}

function decodeSystem(system: GeminiRequestBody['systemInstruction']): SystemText[] {
  if (system === undefined) return [];
  if (typeof system === 'string') return system === '' ? [] : [{ text: system, provenance: 'client' }];
  return system.parts.flatMap((part) =>
    typeof part.text === 'string' && part.text !== ''
      ? [{ text: part.text, provenance: 'client' as const }]
      : [],
  );
}

/**
 * `functionDeclarations` become tools (`parametersJsonSchema` is JSON Schema already,
 * `parameters` Gemini's OpenAPI subset). Gemini's built-in tools (`googleSearch`,
 * `codeExecution`, `urlContext`, ...) run on Google's side: a Gemini upstream gets
 * them in the pass-through body, no other family has them. `ANY` with allowed
 * names keeps only those declarations, which is what the mode means.
 */
function decodeTools(input: GeminiRequestBody, choice: ToolChoice | undefined): CanonicalTool[] | undefined {
  const allowed = input.toolConfig?.functionCallingConfig?.allowedFunctionNames;
  const restrict =
    choice?.type === 'required' && allowed && allowed.length > 0 ? new Set(allowed) : undefined;
  const tools: CanonicalTool[] = [];
  for (const entry of input.tools ?? []) {
    for (const declaration of entry.functionDeclarations ?? []) {
      if (restrict && !restrict.has(declaration.name)) continue;
      const parameters =
        declaration.parametersJsonSchema ??
        (declaration.parameters ? geminiSchemaToJsonSchema(declaration.parameters) : undefined);
      const tool: CanonicalTool = {
        name: declaration.name,
        parameters: parameters ?? { type: 'object', properties: {} },
      };
      if (declaration.description) tool.description = declaration.description;
      tools.push(tool);
    }
  }
  return tools.length > 0 ? tools : undefined;
}

/**
 * Each key of a `tools` entry but `functionDeclarations` (`googleSearch`, `codeExecution`,
 * `urlContext`, `fileSearch`, `computerUse`...) is a tool Google runs: kept as a built-in
 * tool, which a foreign upstream refuses by name instead of losing it.
 */
function decodeBuiltinTools(input: GeminiRequestBody): BuiltinTool[] | undefined {
  const builtins: BuiltinTool[] = [];
  for (const entry of input.tools ?? []) {
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'functionDeclarations' || value === undefined || value === null) continue;
      builtins.push({ protocol: 'gemini', type: key, definition: { [key]: value } });
    }
  }
  return builtins.length > 0 ? builtins : undefined;
}

function decodeToolChoice(input: GeminiRequestBody): ToolChoice | undefined {
  const config = input.toolConfig?.functionCallingConfig;
  if (!config?.mode) return undefined;
  switch (config.mode.toUpperCase()) {
    case 'NONE':
      return { type: 'none' };
    case 'ANY': {
      const names = config.allowedFunctionNames ?? [];
      return names.length === 1 ? { type: 'tool', name: names[0]! } : { type: 'required' };
    }
    default:
      // AUTO, VALIDATED, MODE_UNSPECIFIED: the model decides.
      return { type: 'auto' };
  }
}

const effortByLevel: Record<string, ReasoningEffort> = {
  minimal: 'minimal',
  low: 'low',
  medium: 'medium',
  high: 'high',
};

function decodeGenerationConfig(config: GeminiGenerationConfig, request: CanonicalRequest): void {
  if (config.candidateCount !== undefined && config.candidateCount !== 1)
    throw invalidRequest(
      'generationConfig.candidateCount: the gateway answers with one candidate; send 1 or leave it out',
      'generationConfig.candidateCount',
    );
  if (config.maxOutputTokens !== undefined) request.maxTokens = config.maxOutputTokens;
  if (config.temperature !== undefined) request.temperature = config.temperature;
  if (config.topP !== undefined) request.topP = config.topP;
  if (config.topK !== undefined) request.topK = config.topK;
  if (config.seed !== undefined) request.seed = config.seed;
  if (config.stopSequences && config.stopSequences.length > 0) request.stop = config.stopSequences;
  if (config.responseMimeType === 'application/json') {
    const schema =
      config.responseJsonSchema ??
      (config.responseSchema ? geminiSchemaToJsonSchema(config.responseSchema) : undefined);
    request.responseFormat = schema
      ? { type: 'json_schema', name: 'response', schema }
      : { type: 'json_object' };
  }
  const thinking = config.thinkingConfig;
  if (!thinking) return;
  const level = thinking.thinkingLevel?.toLowerCase();
  const effort = level === undefined ? undefined : effortByLevel[level];
  if (thinking.thinkingBudget === 0 && !effort) {
    request.reasoning = { enabled: false };
  } else if (thinking.thinkingBudget !== undefined && thinking.thinkingBudget > 0) {
    request.reasoning = { enabled: true, budgetTokens: thinking.thinkingBudget };
  } else if (effort) {
    request.reasoning = { enabled: true, effort };
  } else if (thinking.thinkingBudget === -1 || thinking.includeThoughts === true) {
    // -1 is Gemini's "dynamic thinking"; asking to see thoughts means thinking is wanted.
    request.reasoning = { enabled: true };
  }
}
