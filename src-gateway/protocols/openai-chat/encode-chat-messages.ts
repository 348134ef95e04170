import type {
  CanonicalMessage,
  CanonicalRequest,
  ContentBlock,
  FileBlock,
  ImageBlock,
} from '../../canonical/types.ts';
import type { ProviderQuirks } from '../types.ts';
import { describeContentPart } from '../describe-content-part.ts';
import { unsupportedContent } from '../unsupported-content.ts';
import { parseDataUrl } from './parse-data-url.ts';
import { capToolId, chatToolIdMaxLength, toNineAlphanumericId } from './map-tool-id.ts';

type Json = Record<string, unknown>;

const refuse = (what: string) => unsupportedContent('openai-chat', what);

function imagePart(block: ImageBlock): Json {
  const source = block.source;
  // Chat's image_url takes a URL or a data URL, never a stored file's id.
  if (source.kind === 'file') throw refuse(describeContentPart(block));
  const url = source.kind === 'url' ? source.url : `data:${source.mediaType};base64,${source.data}`;
  return { type: 'image_url', image_url: block.detail ? { url, detail: block.detail } : { url } };
}

/**
 * A file as a chat part: images as `image_url`, text as text, PDFs (and files of no
 * stated type) as a `file` part, inline or by OpenAI file id. Chat has no file URL,
 * and its `file` part carries PDFs only: anything else is refused, never dropped.
 */
function filePart(block: FileBlock): Json | undefined {
  const mediaType = block.mediaType;
  if (block.data !== undefined) {
    if (mediaType?.startsWith('image/'))
      return imagePart({ type: 'image', source: { kind: 'base64', mediaType, data: block.data } });
    if (mediaType?.startsWith('text/'))
      return { type: 'text', text: Buffer.from(block.data, 'base64').toString('utf8') };
    if (mediaType !== undefined && mediaType !== 'application/pdf')
      throw refuse(`${describeContentPart(block)}: its file parts carry PDF documents only`);
    return {
      type: 'file',
      file: {
        file_data: `data:${mediaType ?? 'application/pdf'};base64,${block.data}`,
        // OpenAI wants a name with inline file data.
        filename: block.filename ?? 'document.pdf',
      },
    };
  }
  if (block.url !== undefined) {
    const inline = parseDataUrl(block.url);
    if (inline) return filePart({ ...block, url: undefined, ...inline });
    if (mediaType?.startsWith('image/'))
      return imagePart({ type: 'image', source: { kind: 'url', url: block.url } });
    throw refuse(
      `${describeContentPart(block)}: it has no file URL part, and the gateway does not fetch URLs; send the file inline (base64)`,
    );
  }
  if (block.fileId !== undefined) {
    if (block.fileStore !== undefined && block.fileStore !== 'openai')
      throw refuse(describeContentPart(block));
    const file: Json = { file_id: block.fileId };
    if (block.filename !== undefined) file.filename = block.filename;
    return { type: 'file', file };
  }
  // A file part with nothing in it carries nothing to refuse.
  return undefined;
}

function userPart(block: ContentBlock): Json | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'image':
      return imagePart(block);
    case 'file':
      return filePart(block);
    default:
      return undefined;
  }
}

/** All-text parts become a plain string: not every OpenAI-compatible vendor accepts part arrays. */
function userContent(parts: Json[]): string | Json[] {
  if (parts.every((part) => part.type === 'text')) return parts.map((part) => part.text as string).join('\n');
  return parts;
}

/**
 * Canonical turns to chat messages for an upstream. Tool results become `tool`
 * messages placed before any other content of their turn, so they directly follow
 * the assistant's `tool_calls`; images inside a tool result (which a `tool`
 * message cannot carry) follow in a user message. Signatures never leave
 * their own provider family (protocols.md 2.6).
 */
export function encodeChatMessages(request: CanonicalRequest, quirks: ProviderQuirks = {}): Json[] {
  const mapId = quirks.toolIdNineAlnum
    ? toNineAlphanumericId
    : (id: string) => capToolId(id, chatToolIdMaxLength);
  const systemRole = quirks.developerRole ? 'developer' : 'system';
  const out: Json[] = [];
  const systemText = request.system.map((entry) => entry.text).join('\n\n');
  if (systemText !== '') out.push({ role: systemRole, content: systemText });
  for (const message of request.messages) out.push(...encodeMessage(message));
  return out;

  function encodeMessage(message: CanonicalMessage): Json[] {
    if (message.role === 'system') {
      const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
      return text === '' ? [] : [{ role: systemRole, content: text }];
    }
    if (message.role === 'assistant') return [encodeAssistant(message)];
    const messages: Json[] = [];
    const parts: Json[] = [];
    for (const block of message.content) {
      if (block.type !== 'tool_result') {
        const part = userPart(block);
        if (part) parts.push(part);
        continue;
      }
      let text: string;
      if (typeof block.content === 'string') {
        text = block.content;
      } else {
        text = block.content.map((item) => (item.type === 'text' ? item.text : '')).join('\n');
        for (const item of block.content) if (item.type === 'image') parts.push(imagePart(item));
      }
      // Chat has no error flag on tool results; the prefix keeps the fact visible to the model.
      if (block.isError) text = `Error: ${text}`;
      messages.push({ role: 'tool', tool_call_id: mapId(block.toolCallId), content: text });
    }
    if (parts.length > 0) messages.push({ role: 'user', content: userContent(parts) });
    return messages;
  }

  function encodeAssistant(message: CanonicalMessage): Json {
    let text = '';
    let reasoning = '';
    const toolCalls: Json[] = [];
    for (const block of message.content) {
      if (block.type === 'text') text += block.text;
      else if (block.type === 'reasoning') reasoning += block.text;
      else if (block.type === 'tool_call') {
        // A custom (freeform) call travels as a function with one string parameter.
        const callArguments = block.custom ? JSON.stringify({ input: block.arguments }) : block.arguments;
        toolCalls.push({
          id: mapId(block.id),
          type: 'function',
          function: { name: block.name, arguments: callArguments },
        });
      }
    }
    const out: Json = { role: 'assistant', content: text === '' && toolCalls.length > 0 ? null : text };
    if (toolCalls.length > 0) out.tool_calls = toolCalls;
    // DeepSeek thinking mode rejects assistant tool turns without their reasoning.
    if (quirks.reasoningContentRoundTrip && reasoning !== '') out.reasoning_content = reasoning;
    return out;
  }
}
