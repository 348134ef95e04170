import type { FileBlock, FileStore, ImageBlock } from '../canonical/types.ts';

const storeNames: Record<FileStore, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
};

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function kind(mediaType: string | undefined, fallback: string): string {
  if (mediaType === 'application/pdf') return 'a PDF document';
  if (mediaType?.startsWith('image/')) return `an image (${mediaType})`;
  return mediaType ? `a file (${mediaType})` : fallback;
}

/**
 * A content part as a refusal names it to the client: what it is and how it was
 * given ("a PDF document given by URL https://…", "the Anthropic file file_01…"),
 * so the client can find it in its request. Never the inline data itself.
 */
export function describeContentPart(block: ImageBlock | FileBlock): string {
  if (block.type === 'image') {
    const source = block.source;
    if (source.kind === 'url') return `an image given by URL ${shorten(source.url)}`;
    if (source.kind === 'file')
      return `the ${storeNames[source.store]} file ${shorten(source.fileId)} (an image)`;
    return `an inline image (${source.mediaType})`;
  }
  const name = block.filename ? ` "${shorten(block.filename)}"` : '';
  const what = kind(block.mediaType, 'a file');
  if (block.data !== undefined) return `${what}${name} given inline`;
  if (block.url !== undefined) return `${what}${name} given by URL ${shorten(block.url)}`;
  if (block.fileId !== undefined) {
    const store = block.fileStore ? `${storeNames[block.fileStore]} ` : '';
    return `the ${store}file ${shorten(block.fileId)}${name}`;
  }
  return `${what}${name} with no data, URL or file id`;
}
