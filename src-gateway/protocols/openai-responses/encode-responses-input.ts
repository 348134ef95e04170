import type {
  CanonicalMessage,
  FileBlock,
  ImageBlock,
  ReasoningBlock,
  TextBlock,
  ToolResultBlock,
} from '../../canonical/types.ts';
import type { ProviderQuirks } from '../types.ts';
import { describeContentPart } from '../describe-content-part.ts';
import { unsupportedContent } from '../unsupported-content.ts';
import { toDataUrl } from './data-url.ts';

type Item = Record<string, unknown>;

const refuse = (what: string) => unsupportedContent('openai-responses', what);

function imagePart(block: ImageBlock): Item {
  const source = block.source;
  const detail = block.detail ?? 'auto';
  if (source.kind === 'file') {
    // Another provider's file id means nothing to OpenAI.
    if (source.store !== 'openai') throw refuse(describeContentPart(block));
    return { type: 'input_image', file_id: source.fileId, detail };
  }
  const url = source.kind === 'url' ? source.url : toDataUrl(source.mediaType, source.data);
  return { type: 'input_image', image_url: url, detail };
}

/** Images as `input_image`, text as text, other files as `input_file` (inline, by URL or by OpenAI file id). */
function filePart(block: FileBlock): Item | null {
  const mediaType = block.mediaType;
  const part: Item = { type: 'input_file' };
  if (block.data !== undefined) {
    if (mediaType?.startsWith('image/'))
      return imagePart({ type: 'image', source: { kind: 'base64', mediaType, data: block.data } });
    if (mediaType?.startsWith('text/'))
      return { type: 'input_text', text: Buffer.from(block.data, 'base64').toString('utf8') };
    part['file_data'] = toDataUrl(mediaType ?? 'application/pdf', block.data);
    // OpenAI wants a name with inline file data.
    part['filename'] = block.filename ?? 'document.pdf';
    return part;
  }
  if (block.fileId !== undefined) {
    if (block.fileStore !== undefined && block.fileStore !== 'openai')
      throw refuse(describeContentPart(block));
    part['file_id'] = block.fileId;
  } else if (block.url !== undefined) {
    if (mediaType?.startsWith('image/'))
      return imagePart({ type: 'image', source: { kind: 'url', url: block.url } });
    part['file_url'] = block.url;
  } else {
    return null;
  }
  if (block.filename) part['filename'] = block.filename;
  return part;
}

function toolOutput(block: ToolResultBlock): string | Item[] {
  if (typeof block.content === 'string') return block.content;
  if (block.content.every((part) => part.type === 'text')) {
    return block.content.map((part) => (part as TextBlock).text).join('\n');
  }
  return block.content.map((part) =>
    part.type === 'text' ? { type: 'input_text', text: part.text } : imagePart(part),
  );
}

/**
 * Encrypted reasoning goes back only to the family that produced it (protocols.md 2.6);
 * other reasoning cannot be replayed and is dropped. The item id is left out, as Codex
 * does: the upstream accepts id-less items, and an id the gateway minted would not match.
 */
function reasoningItem(block: ReasoningBlock): Item | null {
  if (block.origin !== 'openai' || !block.encryptedContent) return null;
  return {
    type: 'reasoning',
    summary: block.text === '' ? [] : [{ type: 'summary_text', text: block.text }],
    encrypted_content: block.encryptedContent,
  };
}

/** Canonical messages -> Responses `input` items, in conversation order. */
export function encodeResponsesInput(
  messages: CanonicalMessage[],
  quirks: ProviderQuirks | undefined,
): Item[] {
  const items: Item[] = [];
  for (const message of messages) {
    if (message.role === 'system') {
      const content = message.content
        .filter((block): block is TextBlock => block.type === 'text')
        .map((block) => ({ type: 'input_text', text: block.text }));
      if (content.length > 0) {
        items.push({ type: 'message', role: quirks?.developerRole ? 'developer' : 'system', content });
      }
      continue;
    }
    const textType = message.role === 'assistant' ? 'output_text' : 'input_text';
    let parts: Item[] = [];
    const flush = (): void => {
      if (parts.length > 0) items.push({ type: 'message', role: message.role, content: parts });
      parts = [];
    };
    for (const block of message.content) {
      switch (block.type) {
        case 'text':
          parts.push({ type: textType, text: block.text });
          break;
        case 'image':
          if (message.role === 'user') parts.push(imagePart(block));
          break;
        case 'file': {
          const part = message.role === 'user' ? filePart(block) : null;
          if (part !== null) parts.push(part);
          break;
        }
        case 'tool_call':
          flush();
          items.push(
            block.custom
              ? { type: 'custom_tool_call', call_id: block.id, name: block.name, input: block.arguments }
              : { type: 'function_call', call_id: block.id, name: block.name, arguments: block.arguments },
          );
          break;
        case 'tool_result':
          flush();
          items.push({
            type: block.custom ? 'custom_tool_call_output' : 'function_call_output',
            call_id: block.toolCallId,
            output: toolOutput(block),
          });
          break;
        case 'reasoning': {
          const item = reasoningItem(block);
          if (item !== null) {
            flush();
            items.push(item);
          }
          break;
        }
      }
    }
    flush();
  }
  return items;
}
