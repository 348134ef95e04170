import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import type {
  CacheControl,
  CanonicalMessage,
  ContentBlock,
  FileBlock,
  ImageBlock,
  TextBlock,
} from '../../canonical/types.ts';
import { describeContentPart } from '../describe-content-part.ts';
import { unsupportedContent } from '../unsupported-content.ts';
import { normalizeAnthropicToolId } from './normalize-anthropic-tool-id.ts';

export type AnthropicBlockParam = Record<string, unknown> & { type: string };

export interface AnthropicMessageParam {
  role: 'user' | 'assistant';
  content: AnthropicBlockParam[];
}

/**
 * Canonical messages -> Anthropic `messages`:
 * - mid-conversation system messages become `<system>` text in a user turn;
 * - consecutive same-role turns are merged (Anthropic requires alternation), and in a
 *   user turn the tool_result blocks come first, right after the assistant's tool_use turn;
 * - tool ids are normalized to Anthropic's alphabet, deterministically;
 * - reasoning is replayed only when Anthropic produced it and it carries a signature
 *   (Anthropic verifies signatures; a foreign or missing one is a 400, protocols.md 2.6);
 * - empty text blocks and turns left empty are dropped (Anthropic rejects them).
 */
export function convertToAnthropicMessages(messages: CanonicalMessage[]): AnthropicMessageParam[] {
  const out: AnthropicMessageParam[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'assistant' : 'user';
    const content =
      message.role === 'system'
        ? systemAsText(message.content)
        : message.content.flatMap((block) => convertBlock(block));
    if (content.length === 0) continue;
    const previous = out[out.length - 1];
    if (previous && previous.role === role) previous.content.push(...content);
    else out.push({ role, content });
  }
  for (const message of out) {
    if (message.role !== 'user') continue;
    const results = message.content.filter((block) => block.type === 'tool_result');
    if (results.length === 0) continue;
    message.content = [...results, ...message.content.filter((block) => block.type !== 'tool_result')];
  }
  return out;
}

function systemAsText(content: ContentBlock[]): AnthropicBlockParam[] {
  const text = content
    .filter((block): block is TextBlock => block.type === 'text')
    .map((block) => block.text)
    .join('\n');
  return text.trim() === '' ? [] : [{ type: 'text', text: `<system>\n${text}\n</system>` }];
}

function withCache(block: AnthropicBlockParam, cacheControl: CacheControl | undefined): AnthropicBlockParam {
  if (cacheControl) block.cache_control = { ...cacheControl };
  return block;
}

function convertBlock(block: ContentBlock): AnthropicBlockParam[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [withCache({ type: 'text', text: block.text }, block.cacheControl)];
    case 'image':
      return [convertImage(block)];
    case 'file':
      return convertFile(block);
    case 'tool_call':
      return [
        {
          type: 'tool_use',
          id: normalizeAnthropicToolId(block.id),
          name: block.name,
          // A freeform (Codex `custom`) tool is modelled as one string parameter named `input`.
          input: block.custom ? { input: block.arguments } : parseToolArguments(block.arguments),
        },
      ];
    case 'tool_result':
      return [convertToolResult(block)];
    case 'reasoning':
      if (block.origin !== 'anthropic') return [];
      if (block.redactedData) return [{ type: 'redacted_thinking', data: block.redactedData }];
      if (block.signature) return [{ type: 'thinking', thinking: block.text, signature: block.signature }];
      return [];
  }
}

/** Parse a `data:<mime>;base64,<payload>` URL; other URLs return undefined. */
function parseDataUrl(url: string): { mediaType: string; data: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  const header = url.slice(5, comma);
  if (comma === -1 || !header.endsWith(';base64')) return undefined;
  return { mediaType: header.slice(0, -';base64'.length), data: url.slice(comma + 1) };
}

const refuse = (what: string) => unsupportedContent('anthropic', what);

function convertImage(block: ImageBlock): AnthropicBlockParam {
  let source: Record<string, unknown>;
  if (block.source.kind === 'base64') {
    source = { type: 'base64', media_type: block.source.mediaType, data: block.source.data };
  } else if (block.source.kind === 'file') {
    // Another provider's file id means nothing to Anthropic.
    if (block.source.store !== 'anthropic') throw refuse(describeContentPart(block));
    source = { type: 'file', file_id: block.source.fileId };
  } else {
    const inline = parseDataUrl(block.source.url);
    source = inline
      ? { type: 'base64', media_type: inline.mediaType, data: inline.data }
      : { type: 'url', url: block.source.url };
  }
  return withCache({ type: 'image', source }, block.cacheControl);
}

/**
 * Files as Anthropic blocks: images as `image`, text as a text `document`, PDFs as a
 * `document` (inline, by URL or by Anthropic file id). Anthropic documents take
 * nothing else, and a URL only for a PDF: other files are refused, never dropped.
 */
function convertFile(block: FileBlock): AnthropicBlockParam[] {
  const title = block.filename ? { title: block.filename } : {};
  const mediaType = block.mediaType;
  if (block.data !== undefined) {
    const dataType = mediaType ?? 'application/pdf';
    if (dataType.startsWith('image/')) {
      return [{ type: 'image', source: { type: 'base64', media_type: dataType, data: block.data } }];
    }
    if (dataType.startsWith('text/')) {
      const text = Buffer.from(block.data, 'base64').toString('utf8');
      return [{ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text }, ...title }];
    }
    if (dataType === 'application/pdf') {
      return [
        { type: 'document', source: { type: 'base64', media_type: dataType, data: block.data }, ...title },
      ];
    }
    throw refuse(`${describeContentPart(block)}: its documents are PDF or plain text`);
  }
  if (block.url !== undefined) {
    const inline = parseDataUrl(block.url);
    if (inline)
      return convertFile({ ...block, url: undefined, mediaType: inline.mediaType, data: inline.data });
    if (mediaType?.startsWith('image/')) return [{ type: 'image', source: { type: 'url', url: block.url } }];
    if (mediaType !== undefined && mediaType !== 'application/pdf')
      throw refuse(
        `${describeContentPart(block)}: its documents take a URL only for a PDF, and the gateway does not fetch URLs; send the file inline (base64)`,
      );
    return [{ type: 'document', source: { type: 'url', url: block.url }, ...title }];
  }
  if (block.fileId !== undefined) {
    if (block.fileStore !== undefined && block.fileStore !== 'anthropic')
      throw refuse(describeContentPart(block));
    if (mediaType?.startsWith('image/'))
      return [{ type: 'image', source: { type: 'file', file_id: block.fileId } }];
    return [{ type: 'document', source: { type: 'file', file_id: block.fileId }, ...title }];
  }
  // A file part with nothing in it carries nothing to refuse.
  return [];
}

function convertToolResult(block: Extract<ContentBlock, { type: 'tool_result' }>): AnthropicBlockParam {
  const result: AnthropicBlockParam = {
    type: 'tool_result',
    tool_use_id: normalizeAnthropicToolId(block.toolCallId),
  };
  if (typeof block.content === 'string') {
    if (block.content !== '') result.content = block.content;
  } else {
    const parts = block.content.flatMap((part) => convertBlock(part));
    if (parts.length > 0) result.content = parts;
  }
  if (block.isError) result.is_error = true;
  return result;
}
