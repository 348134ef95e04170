import { requiresThoughtSignatures, skipSignatureSentinel } from './gemini-thought-signatures.ts';
import type { CanonicalRequest, CanonicalTool, ReasoningEffort, ToolChoice } from '../../canonical/types.ts';
import type { UpstreamRequest, UpstreamTarget } from '../types.ts';
import { geminiDefaultApiVersion, geminiFamily } from '../../upstream-families/index.ts';
import { ownBuiltinTools } from '../own-builtin-tools.ts';
import { convertToGeminiContents } from './convert-to-gemini-contents.ts';
import { sanitizeGeminiSchema } from './sanitize-gemini-schema.ts';

/** Token budgets for effort buckets on Gemini 2.5 (heuristic, like musistudio/llms `thinking.ts`). */
const budgetByEffort: Record<ReasoningEffort, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
};

function functionDeclaration(tool: CanonicalTool): Record<string, unknown> {
  const declaration: Record<string, unknown> = { name: tool.name };
  if (tool.description) declaration.description = tool.description;
  // A freeform (Codex `custom`) tool is one string parameter named `input`.
  const schema =
    tool.kind === 'custom'
      ? { type: 'object', properties: { input: { type: 'string' } }, required: ['input'] }
      : sanitizeGeminiSchema(tool.parameters);
  // Gemini rejects an OBJECT with empty `properties`; a tool without arguments sends no parameters.
  const properties = schema.properties;
  const empty =
    properties === undefined ||
    (typeof properties === 'object' && properties !== null && Object.keys(properties).length === 0);
  if (!(schema.type === 'object' && empty)) declaration.parameters = schema;
  return declaration;
}

function toolConfig(choice: ToolChoice): Record<string, unknown> {
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
    case 'required':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } };
  }
}

function thinkingConfig(
  request: CanonicalRequest,
  upstreamModel: string,
): Record<string, unknown> | undefined {
  const reasoning = request.reasoning;
  if (!reasoning || reasoning.enabled === false) return undefined;
  if (reasoning.budgetTokens !== undefined)
    return { includeThoughts: true, thinkingBudget: reasoning.budgetTokens };
  if (reasoning.effort !== undefined) {
    // Gemini 3 takes a level instead of a budget (protocols.md 2.6).
    if (/gemini-3/.test(upstreamModel)) {
      return {
        includeThoughts: true,
        thinkingLevel: reasoning.effort === 'minimal' || reasoning.effort === 'low' ? 'low' : 'high',
      };
    }
    return { includeThoughts: true, thinkingBudget: budgetByEffort[reasoning.effort] };
  }
  return { includeThoughts: true };
}

function generationConfig(request: CanonicalRequest, upstreamModel: string): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (request.maxTokens !== undefined) config.maxOutputTokens = request.maxTokens;
  if (request.temperature !== undefined) config.temperature = request.temperature;
  if (request.topP !== undefined) config.topP = request.topP;
  if (request.topK !== undefined) config.topK = request.topK;
  if (request.stop !== undefined && request.stop.length > 0) config.stopSequences = request.stop;
  if (request.seed !== undefined) config.seed = request.seed;
  const format = request.responseFormat;
  if (format?.type === 'json_object') config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json';
    config.responseSchema = sanitizeGeminiSchema(format.schema);
  }
  const thinking = thinkingConfig(request, upstreamModel);
  if (thinking) config.thinkingConfig = thinking;
  return config;
}

/**
 * Canonical request -> Gemini `generateContent` / `streamGenerateContent?alt=sse`
 * (protocols.md 3). System text goes to `systemInstruction`, never to a user turn
 * (the musistudio/llms mistake, 2.1).
 */
export function encodeGeminiRequest(request: CanonicalRequest, target: UpstreamTarget): UpstreamRequest {
  const version = target.quirks?.geminiApiVersion ?? geminiDefaultApiVersion;
  const model = target.upstreamModel.replace(/^models\//, '');
  const path = request.stream
    ? geminiFamily.paths.streamGenerateContent(version, model)
    : geminiFamily.paths.generateContent(version, model);

  const body: Record<string, unknown> = {
    contents: convertToGeminiContents(
      request.messages,
      requiresThoughtSignatures(model) ? { signatureFallback: skipSignatureSentinel } : {},
    ),
  };
  const system = request.system.map((entry) => entry.text).filter((text) => text !== '');
  if (system.length > 0) body.systemInstruction = { parts: system.map((text) => ({ text })) };
  const builtins = ownBuiltinTools(request, 'gemini');
  if (request.tools && request.tools.length > 0) {
    body.tools = [{ functionDeclarations: request.tools.map(functionDeclaration) }, ...builtins];
    if (request.toolChoice) body.toolConfig = toolConfig(request.toolChoice);
  } else if (builtins.length > 0) {
    body.tools = builtins;
  }
  const config = generationConfig(request, model);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  return { path, body };
}
