import type {
  CanonicalMessage,
  ContentBlock,
  FileBlock,
  ImageBlock,
  ReasoningBlock,
  SystemText,
  TextBlock,
  ToolResultBlock,
} from '../../canonical/types.ts';
import { applyCallSignatures, openReasoning } from '../reasoning-envelope.ts';
import { parseDataUrl } from './data-url.ts';
import {
  customToolCallItemSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  inputFilePartSchema,
  inputImagePartSchema,
  inputTextPartSchema,
  messageItemSchema,
  outputTextPartSchema,
  parseOrReject,
  reasoningItemSchema,
  refusalPartSchema,
} from './responses-request-schema.ts';

export interface DecodedInput {
  /** Leading `system`/`developer` items (instructions are added by the caller). */
  system: SystemText[];
  messages: CanonicalMessage[];
}

type RawPart = { type: string } & Record<string, unknown>;
type RawContent = string | RawPart[];

function decodeImage(part: unknown, path: string): ImageBlock | null {
  const image = parseOrReject(inputImagePartSchema, part, path);
  let source: ImageBlock['source'];
  if (typeof image.image_url === 'string' && image.image_url !== '') {
    const inline = parseDataUrl(image.image_url);
    source = inline === null ? { kind: 'url', url: image.image_url } : { kind: 'base64', ...inline };
  } else if (typeof image.file_id === 'string' && image.file_id !== '') {
    // A file in OpenAI's store: only an OpenAI upstream can read it; the others refuse it.
    source = { kind: 'file', fileId: image.file_id, store: 'openai' };
  } else {
    return null;
  }
  const block: ImageBlock = { type: 'image', source };
  if (image.detail) block.detail = image.detail;
  return block;
}

function decodeFile(part: unknown, path: string): FileBlock {
  const file = parseOrReject(inputFilePartSchema, part, path);
  const block: FileBlock = { type: 'file' };
  if (file.file_data) {
    const inline = parseDataUrl(file.file_data);
    if (inline === null) block.data = file.file_data;
    else Object.assign(block, inline);
  }
  if (file.file_url) block.url = file.file_url;
  if (file.file_id) {
    block.fileId = file.file_id;
    block.fileStore = 'openai';
  }
  if (file.filename) block.filename = file.filename;
  return block;
}

/** Message content parts; unknown part types are dropped rather than rejected. */
function decodeParts(content: RawContent, path: string): Array<TextBlock | ImageBlock | FileBlock> {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  const blocks: Array<TextBlock | ImageBlock | FileBlock> = [];
  content.forEach((part, index) => {
    const partPath = `${path}[${index}]`;
    switch (part.type) {
      case 'input_text':
        blocks.push({ type: 'text', text: parseOrReject(inputTextPartSchema, part, partPath).text });
        break;
      case 'output_text':
        blocks.push({ type: 'text', text: parseOrReject(outputTextPartSchema, part, partPath).text });
        break;
      case 'refusal':
        blocks.push({ type: 'text', text: parseOrReject(refusalPartSchema, part, partPath).refusal });
        break;
      case 'input_image': {
        const image = decodeImage(part, partPath);
        if (image !== null) blocks.push(image);
        break;
      }
      case 'input_file':
        blocks.push(decodeFile(part, partPath));
        break;
      default:
        break;
    }
  });
  return blocks;
}

function decodeToolOutput(output: RawContent, path: string): ToolResultBlock['content'] {
  if (typeof output === 'string') return output;
  // Tool results carry text and images only; files have no place there in other protocols.
  return decodeParts(output, path).filter((block): block is TextBlock | ImageBlock => block.type !== 'file');
}

/**
 * A reasoning item. Its `encrypted_content` is OpenAI's own, or the gateway's envelope
 * around another family's state (reasoning-envelope.ts): then that family's blocks are
 * restored, and any Gemini call signatures it holds go to `calls`.
 */
function decodeReasoning(item: unknown, path: string, calls: Record<string, string>): ReasoningBlock[] {
  const reasoning = parseOrReject(reasoningItemSchema, item, path);
  const sealed = openReasoning(reasoning.encrypted_content);
  if (sealed) {
    Object.assign(calls, sealed.calls);
    return sealed.blocks;
  }
  const summary = (reasoning.summary ?? []).map((part) => part.text);
  const text = (summary.length > 0 ? summary : (reasoning.content ?? []).map((part) => part.text)).join(
    '\n\n',
  );
  if (text === '' && !reasoning.encrypted_content) return [];
  const block: ReasoningBlock = { type: 'reasoning', text, origin: 'openai' };
  if (reasoning.encrypted_content) block.encryptedContent = reasoning.encrypted_content;
  if (reasoning.id) block.itemId = reasoning.id;
  return [block];
}

/**
 * Turn Responses `input` into canonical messages. Assistant-side items of one turn
 * (reasoning, message, function calls) join one assistant message; consecutive tool
 * outputs join one user message; leading system/developer items become the system
 * prompt and later ones stay in place as `system` messages.
 */
export function decodeResponsesInput(
  input: string | Array<{ type?: string } & Record<string, unknown>>,
): DecodedInput {
  const system: SystemText[] = [];
  const messages: CanonicalMessage[] = [];
  if (typeof input === 'string') {
    messages.push({ role: 'user', content: [{ type: 'text', text: input }] });
    return { system, messages };
  }

  // Gemini's functionResponse needs the tool's name, which Responses outputs do not repeat.
  const toolNames = new Map<string, string>();
  const callSignatures: Record<string, string> = {};
  const appendAssistant = (blocks: ContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    if (last?.role === 'assistant') last.content.push(...blocks);
    else messages.push({ role: 'assistant', content: blocks });
  };
  const appendToolResult = (block: ToolResultBlock): void => {
    const last = messages.at(-1);
    if (last?.role === 'user' && last.content.every((existing) => existing.type === 'tool_result')) {
      last.content.push(block);
    } else {
      messages.push({ role: 'user', content: [block] });
    }
  };

  input.forEach((item, index) => {
    const path = `input[${index}]`;
    const type = item.type ?? ('role' in item ? 'message' : undefined);
    switch (type) {
      case 'message': {
        const message = parseOrReject(messageItemSchema, item, path);
        const blocks = decodeParts(message.content as RawContent, `${path}.content`);
        if (message.role === 'system' || message.role === 'developer') {
          const texts = blocks.filter((block): block is TextBlock => block.type === 'text');
          if (messages.length === 0) {
            for (const block of texts) system.push({ text: block.text, provenance: 'client' });
          } else if (texts.length > 0) {
            messages.push({ role: 'system', content: texts });
          }
        } else if (message.role === 'assistant') {
          appendAssistant(blocks.filter((block) => block.type === 'text'));
        } else if (blocks.length > 0) {
          messages.push({ role: 'user', content: blocks });
        }
        break;
      }
      case 'function_call': {
        const call = parseOrReject(functionCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        appendAssistant([
          { type: 'tool_call', id: call.call_id, name: call.name, arguments: call.arguments },
        ]);
        break;
      }
      case 'custom_tool_call': {
        const call = parseOrReject(customToolCallItemSchema, item, path);
        toolNames.set(call.call_id, call.name);
        appendAssistant([
          { type: 'tool_call', id: call.call_id, name: call.name, arguments: call.input, custom: true },
        ]);
        break;
      }
      case 'function_call_output':
      case 'custom_tool_call_output': {
        const output = parseOrReject(functionCallOutputItemSchema, item, path);
        const block: ToolResultBlock = {
          type: 'tool_result',
          toolCallId: output.call_id,
          content: decodeToolOutput(output.output as RawContent, `${path}.output`),
        };
        const name = toolNames.get(output.call_id);
        if (name !== undefined) block.name = name;
        if (type === 'custom_tool_call_output') block.custom = true;
        appendToolResult(block);
        break;
      }
      case 'reasoning': {
        appendAssistant(decodeReasoning(item, path, callSignatures));
        break;
      }
      default:
        // local_shell_call, web_search_call, item_reference, compaction, ...: no other
        // upstream can run or resolve them, so they are dropped (protocols.md 2.3).
        break;
    }
  });
  for (const message of messages)
    if (message.role === 'assistant') applyCallSignatures(message.content, callSignatures);
  return { system, messages };
}
