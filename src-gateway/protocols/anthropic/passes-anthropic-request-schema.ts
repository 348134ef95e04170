import type { AnthropicRequestBody } from './anthropic-request-schema.ts';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

const isNullish = (value: unknown): boolean => value === undefined || value === null;
const isString = (value: unknown): value is string => typeof value === 'string';
const isNullishString = (value: unknown): boolean => isNullish(value) || typeof value === 'string';
const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value);

function isCacheControl(value: unknown): boolean {
  if (isNullish(value)) return true;
  return isObject(value) && value.type === 'ephemeral' && (value.ttl === undefined || isString(value.ttl));
}

function isTextBlock(block: Json): boolean {
  return block.type === 'text' && isString(block.text) && isCacheControl(block.cache_control);
}

function isImageSource(source: unknown): boolean {
  if (!isObject(source)) return false;
  switch (source.type) {
    case 'base64':
      return isString(source.media_type) && isString(source.data);
    case 'url':
      return isString(source.url);
    case 'file':
      return isString(source.file_id);
    default:
      return false;
  }
}

function isToolResultContent(content: unknown): boolean {
  if (isNullish(content) || isString(content)) return true;
  if (!Array.isArray(content)) return false;
  for (const part of content) if (!isObject(part) || !isString(part.type)) return false;
  return true;
}

/** One content block, as `anthropicContentBlockSchema` checks it; documents are left to zod. */
function isContentBlock(block: unknown): boolean {
  if (!isObject(block) || !isString(block.type)) return false;
  switch (block.type) {
    case 'text':
      return isTextBlock(block);
    case 'tool_use':
      // z.unknown() in an object still wants the key.
      return isString(block.id) && isString(block.name) && Object.hasOwn(block, 'input');
    case 'tool_result':
      return (
        isString(block.tool_use_id) &&
        isToolResultContent(block.content) &&
        (isNullish(block.is_error) || typeof block.is_error === 'boolean')
      );
    case 'thinking':
      return isString(block.thinking) && isNullishString(block.signature);
    case 'redacted_thinking':
      return isString(block.data);
    case 'image':
      return isImageSource(block.source) && isCacheControl(block.cache_control);
    case 'document':
      return false;
    default:
      // Types the schema does not name pass as `{ type: string }` (the decoder skips them);
      // a name of Object.prototype's is left to zod, which looks types up as own keys.
      return !(block.type in Object.prototype);
  }
}

function isMessage(message: unknown): boolean {
  if (!isObject(message)) return false;
  const role = message.role;
  if (role !== 'user' && role !== 'assistant' && role !== 'system') return false;
  const content = message.content;
  if (isString(content)) return true;
  if (!Array.isArray(content)) return false;
  for (const block of content) if (!isContentBlock(block)) return false;
  return true;
}

/** A custom tool; server and Anthropic-defined tools (`type` set) are left to zod. */
function isCustomTool(tool: unknown): boolean {
  return (
    isObject(tool) &&
    (isNullish(tool.type) || tool.type === 'custom') &&
    isString(tool.name) &&
    isNullishString(tool.description) &&
    (isNullish(tool.input_schema) || isObject(tool.input_schema))
  );
}

function isThinking(thinking: unknown): boolean {
  if (isNullish(thinking)) return true;
  if (!isObject(thinking)) return false;
  if (thinking.type === 'enabled') return isInteger(thinking.budget_tokens) && thinking.budget_tokens >= 0;
  return thinking.type === 'disabled' || thinking.type === 'adaptive' || thinking.type === 'between_tools';
}

function isToolChoice(choice: unknown): boolean {
  if (isNullish(choice)) return true;
  if (!isObject(choice)) return false;
  const type = choice.type;
  return (
    (type === 'auto' || type === 'any' || type === 'tool' || type === 'none') &&
    (choice.name === undefined || isString(choice.name)) &&
    (isNullish(choice.disable_parallel_tool_use) || typeof choice.disable_parallel_tool_use === 'boolean')
  );
}

function isOutputConfig(config: unknown): boolean {
  if (isNullish(config)) return true;
  if (!isObject(config)) return false;
  const effort = config.effort;
  if (
    !isNullish(effort) &&
    effort !== 'low' &&
    effort !== 'medium' &&
    effort !== 'high' &&
    effort !== 'xhigh' &&
    effort !== 'max'
  )
    return false;
  const format = config.format;
  if (isNullish(format)) return true;
  return (
    isObject(format) && isString(format.type) && (format.schema === undefined || isObject(format.schema))
  );
}

function isArrayOf(value: unknown, check: (item: unknown) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}

/**
 * Whether `body` certainly passes `anthropicRequestSchema` (anthropic-request-schema.ts), checked
 * by reading it instead of letting zod build a copy of it: an agent-size body is hundreds of
 * objects, and zod's copy of them, allocated after the body is read, is what made the young
 * generation fill while the body was still alive (docs/performance.md, "Agent-size pass-through").
 * The schema adds no defaults and transforms nothing, so a body that passes is what zod would
 * have returned, field for field. Conservative: anything this check does not recognise for
 * certain (documents, server tools, a value of an unexpected type) answers false, and the caller
 * runs zod, which decides and names the offending field. Keep it in step with the schema: the
 * test holds the two together on generated bodies.
 */
export function passesAnthropicRequestSchema(body: unknown): body is AnthropicRequestBody {
  if (!isObject(body)) return false;
  const { model, max_tokens: maxTokens, metadata } = body;
  return (
    isString(model) &&
    model.length > 0 &&
    isInteger(maxTokens) &&
    maxTokens > 0 &&
    isArrayOf(body.messages, isMessage) &&
    (isNullishString(body.system) ||
      isArrayOf(body.system, (block) => isObject(block) && isTextBlock(block))) &&
    (isNullish(body.tools) || isArrayOf(body.tools, isCustomTool)) &&
    isToolChoice(body.tool_choice) &&
    (isNullish(body.stop_sequences) || isArrayOf(body.stop_sequences, isString)) &&
    (isNullish(body.temperature) || isNumber(body.temperature)) &&
    (isNullish(body.top_p) || isNumber(body.top_p)) &&
    (isNullish(body.top_k) || isInteger(body.top_k)) &&
    (isNullish(metadata) || (isObject(metadata) && isNullishString(metadata.user_id))) &&
    isNullishString(body.service_tier) &&
    isThinking(body.thinking) &&
    isOutputConfig(body.output_config) &&
    (isNullish(body.stream) || typeof body.stream === 'boolean')
  );
}
