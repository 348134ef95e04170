import { parseToolArguments } from '../../canonical/parse-arguments.ts';
import { recallThoughtSignature } from './gemini-thought-signatures.ts';
import { describeContentPart } from '../describe-content-part.ts';
import { unsupportedContent } from '../unsupported-content.ts';
import type { CanonicalMessage, ContentBlock, ImageBlock, ToolResultBlock } from '../../canonical/types.ts';

/** One Gemini `Part`, as sent. */
export type GeminiRequestPart = Record<string, unknown>;

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

const mimeTypesByExtension: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  heif: 'image/heif',
  pdf: 'application/pdf',
};

function guessMimeType(url: string, fallback: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  // Own keys only: `image.constructor` is an unknown extension, not Object's constructor.
  return (
    (extension && Object.hasOwn(mimeTypesByExtension, extension) && mimeTypesByExtension[extension]) ||
    fallback
  );
}

/** A URL becomes `inlineData` when it is a `data:` URL, else `fileData` (Gemini fetches it). */
function urlPart(url: string, mediaType: string | undefined, fallbackMime: string): GeminiRequestPart {
  const dataUrl = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (dataUrl) return { inlineData: { mimeType: dataUrl[1] ?? mediaType ?? fallbackMime, data: dataUrl[2] } };
  return { fileData: { mimeType: mediaType ?? guessMimeType(url, fallbackMime), fileUri: url } };
}

const refuse = (what: string) => unsupportedContent('gemini', what);

function imagePart(block: ImageBlock): GeminiRequestPart {
  const source = block.source;
  if (source.kind === 'base64') return { inlineData: { mimeType: source.mediaType, data: source.data } };
  if (source.kind === 'file') {
    // Another provider's file id means nothing to Gemini; a Gemini file URI is `fileData`.
    if (source.store !== 'gemini') throw refuse(describeContentPart(block));
    return {
      fileData: {
        mimeType: source.mediaType ?? guessMimeType(source.fileId, 'image/jpeg'),
        fileUri: source.fileId,
      },
    };
  }
  return urlPart(source.url, undefined, 'image/jpeg');
}

function toolResultParts(block: ToolResultBlock, toolNames: Map<string, string>): GeminiRequestPart[] {
  const texts: string[] = [];
  const images: GeminiRequestPart[] = [];
  if (typeof block.content === 'string') texts.push(block.content);
  else {
    for (const part of block.content) {
      if (part.type === 'text') texts.push(part.text);
      else images.push(imagePart(part));
    }
  }
  const text = texts.join('\n');
  // `response` must be an object; Google documents `output` / `error` keys,
  // musistudio/llms and LiteLLM send `{result}` which Gemini accepts as well.
  const response = block.isError ? { error: text } : { result: text };
  const functionResponse: Record<string, unknown> = {
    name: block.name ?? toolNames.get(block.toolCallId) ?? 'unknown_tool',
    response,
  };
  if (block.toolCallId) functionResponse.id = block.toolCallId;
  return [{ functionResponse }, ...images];
}

function blockParts(block: ContentBlock, toolNames: Map<string, string>): GeminiRequestPart[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [{ text: block.text }];
    case 'image':
      return [imagePart(block)];
    case 'file':
      if (block.data !== undefined)
        return [{ inlineData: { mimeType: block.mediaType ?? 'application/pdf', data: block.data } }];
      if (block.url !== undefined) return [urlPart(block.url, block.mediaType, 'application/pdf')];
      if (block.fileId !== undefined) {
        // Another provider's file id means nothing to Gemini; a Gemini file URI is `fileData`.
        if (block.fileStore !== 'gemini') throw refuse(describeContentPart(block));
        return [urlPart(block.fileId, block.mediaType, 'application/pdf')];
      }
      // A file part with nothing in it carries nothing to refuse.
      return [];
    case 'tool_call': {
      const functionCall: Record<string, unknown> = {
        name: block.name,
        args: block.custom ? { input: block.arguments } : parseToolArguments(block.arguments),
      };
      if (block.id) functionCall.id = block.id;
      // Gemini 3 rejects a replayed call without its signature (protocols.md 2.6); clients
      // of other protocols return only the id, so the gateway remembered it (gemini-thought-signatures.ts).
      const thoughtSignature = block.thoughtSignature ?? recallThoughtSignature(block.id);
      return [thoughtSignature ? { functionCall, thoughtSignature } : { functionCall }];
    }
    case 'tool_result':
      return toolResultParts(block, toolNames);
    case 'reasoning': {
      // Only Gemini's own thoughts mean anything to Gemini; foreign signatures are dropped (2.6).
      if (block.origin !== 'gemini' || (block.text === '' && !block.signature)) return [];
      const part: GeminiRequestPart = { text: block.text, thought: true };
      if (block.signature) part.thoughtSignature = block.signature;
      return [part];
    }
  }
}

/**
 * Canonical messages -> Gemini `contents`: `assistant` becomes `model`, tool
 * results become `functionResponse` parts of a `user` turn (named after the
 * earlier call), a mid-conversation system message becomes `<system>` text in
 * a user turn (Gemini has no such role; leading system text goes to
 * `systemInstruction`), consecutive same-role turns are merged and empty ones
 * dropped (Gemini rejects a content without parts). `signatureFallback` goes on
 * the first function call of a model turn that has no signature (Gemini 3).
 */
export function convertToGeminiContents(
  messages: CanonicalMessage[],
  options: { signatureFallback?: string } = {},
): GeminiContent[] {
  const toolNames = new Map<string, string>();
  for (const message of messages) {
    for (const block of message.content) if (block.type === 'tool_call') toolNames.set(block.id, block.name);
  }

  const contents: GeminiContent[] = [];
  for (const message of messages) {
    const role = message.role === 'assistant' ? 'model' : 'user';
    const parts =
      message.role === 'system'
        ? message.content.flatMap((block) =>
            block.type === 'text' ? [{ text: `<system>${block.text}</system>` }] : [],
          )
        : message.content.flatMap((block) => blockParts(block, toolNames));
    if (parts.length === 0) continue;
    const previous = contents.at(-1);
    if (previous?.role === role) previous.parts.push(...parts);
    else contents.push({ role, parts });
  }
  if (options.signatureFallback) {
    // Only the first call of a turn carries a signature (parallel calls share it); a turn
    // whose signature was lost gets the fallback there, so the request still validates.
    for (const content of contents) {
      if (content.role !== 'model') continue;
      const calls = content.parts.filter((part) => part.functionCall !== undefined);
      if (calls.length > 0 && !calls.some((part) => part.thoughtSignature !== undefined))
        calls[0]!.thoughtSignature = options.signatureFallback;
    }
  }
  return contents;
}
