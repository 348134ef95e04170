import type { ContentBlock, FileBlock, ImageBlock, TextBlock } from '../../canonical/types.ts';
import type { AnthropicContentBlock } from './anthropic-request-schema.ts';
import { toCacheControl } from './decode-anthropic-system.ts';
import { applyCallSignatures, openReasoning } from '../reasoning-envelope.ts';

type LooseBlock = Record<string, unknown> & { type: string };

/**
 * Decode one message's content (string or blocks) into canonical blocks.
 * Block types without a canonical equivalent (server tool blocks, search results) are skipped.
 * A thinking `signature` (or redacted `data`) that is the gateway's envelope holds another
 * family's reasoning state: it is restored as that family's blocks (reasoning-envelope.ts).
 */
export function decodeAnthropicContent(content: string | AnthropicContentBlock[]): ContentBlock[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  const out: ContentBlock[] = [];
  let calls: Record<string, string> | undefined;
  for (const block of content) {
    const loose = block as LooseBlock;
    const sealed =
      loose.type === 'thinking'
        ? openReasoning(loose.signature)
        : loose.type === 'redacted_thinking'
          ? openReasoning(loose.data)
          : undefined;
    if (sealed) {
      out.push(...sealed.blocks);
      if (sealed.calls) calls = { ...calls, ...sealed.calls };
      continue;
    }
    const decoded = decodeBlock(loose);
    if (decoded) out.push(decoded);
  }
  applyCallSignatures(out, calls);
  return out;
}

function decodeBlock(block: LooseBlock): ContentBlock | undefined {
  switch (block.type) {
    case 'text':
      return decodeText(block);
    case 'image':
      return decodeImage(block);
    case 'document':
      return decodeDocument(block);
    case 'tool_use':
      return {
        type: 'tool_call',
        id: String(block.id),
        name: String(block.name),
        arguments: JSON.stringify(block.input ?? {}),
      };
    case 'tool_result':
      return decodeToolResult(block);
    case 'thinking': {
      const signature =
        typeof block.signature === 'string' && block.signature !== '' ? block.signature : undefined;
      return {
        type: 'reasoning',
        text: String(block.thinking),
        origin: 'anthropic',
        ...(signature === undefined ? {} : { signature }),
      };
    }
    case 'redacted_thinking':
      return { type: 'reasoning', text: '', redactedData: String(block.data), origin: 'anthropic' };
    default:
      return undefined;
  }
}

function decodeText(block: LooseBlock): TextBlock {
  const text: TextBlock = { type: 'text', text: String(block.text) };
  const cacheControl = toCacheControl(block.cache_control as Parameters<typeof toCacheControl>[0]);
  if (cacheControl) text.cacheControl = cacheControl;
  return text;
}

function decodeImage(block: LooseBlock): ImageBlock | undefined {
  const source = block.source as Record<string, unknown>;
  let image: ImageBlock;
  if (source.type === 'base64') {
    image = {
      type: 'image',
      source: { kind: 'base64', mediaType: String(source.media_type), data: String(source.data) },
    };
  } else if (source.type === 'url') {
    image = { type: 'image', source: { kind: 'url', url: String(source.url) } };
  } else if (source.type === 'file') {
    // A Files API reference resolves only on Anthropic's servers; other upstreams refuse it.
    image = { type: 'image', source: { kind: 'file', fileId: String(source.file_id), store: 'anthropic' } };
  } else {
    return undefined;
  }
  const cacheControl = toCacheControl(block.cache_control as Parameters<typeof toCacheControl>[0]);
  if (cacheControl) image.cacheControl = cacheControl;
  return image;
}

function decodeDocument(block: LooseBlock): ContentBlock | undefined {
  const source = block.source as Record<string, unknown>;
  const file: FileBlock = { type: 'file' };
  if (typeof block.title === 'string') file.filename = block.title;
  switch (source.type) {
    case 'base64':
      file.mediaType = String(source.media_type);
      file.data = String(source.data);
      return file;
    case 'text':
      // FileBlock data is base64 everywhere, so a plain-text document is encoded like any file.
      file.mediaType = 'text/plain';
      file.data = Buffer.from(String(source.data), 'utf8').toString('base64');
      return file;
    case 'url':
      // Anthropic's URL document source is a PDF (URLPDFSource).
      file.mediaType = 'application/pdf';
      file.url = String(source.url);
      return file;
    case 'file':
      file.fileId = String(source.file_id);
      file.fileStore = 'anthropic';
      return file;
    case 'content': {
      const content = source.content;
      if (typeof content === 'string') return { type: 'text', text: content };
      const texts = (content as LooseBlock[])
        .filter((part) => part.type === 'text')
        .map((part) => String(part.text));
      return texts.length > 0 ? { type: 'text', text: texts.join('\n') } : undefined;
    }
    default:
      return undefined;
  }
}

function decodeToolResult(block: LooseBlock): ContentBlock {
  const raw = block.content;
  let content: string | Array<TextBlock | ImageBlock>;
  if (raw === undefined || raw === null) content = '';
  else if (typeof raw === 'string') content = raw;
  else {
    content = [];
    for (const part of raw as LooseBlock[]) {
      if (part.type === 'text') content.push(decodeText(part));
      else if (part.type === 'image') {
        const image = decodeImage(part);
        if (image) content.push(image);
      }
    }
  }
  return {
    type: 'tool_result',
    toolCallId: String(block.tool_use_id),
    content,
    ...(block.is_error === true ? { isError: true } : {}),
  };
}
