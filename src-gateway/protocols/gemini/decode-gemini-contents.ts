import type {
  CanonicalMessage,
  ContentBlock,
  ImageBlock,
  TextBlock,
  ToolResultBlock,
} from '../../canonical/types.ts';
import { invalidRequest } from '../../lib/errors.ts';
import type { GeminiInboundContent, GeminiInboundPart } from './gemini-request-schema.ts';
import { applyCallSignatures, isReasoningEnvelope, openReasoning } from '../reasoning-envelope.ts';

type FunctionResponse = NonNullable<GeminiInboundPart['functionResponse']>;

/** Roles Gemini accepts for a user turn (`function`/`tool`: older clients' function results). */
const userRoles = new Set(['user', 'function', 'tool']);

/** A call the model made that no `functionResponse` has answered yet. */
interface PendingCall {
  id: string;
  name: string;
}

/** `inlineData`: an image when its MIME type says so, otherwise a file (PDF, audio, ...). */
function inlinePart(mimeType: string | undefined, data: string): ContentBlock {
  if (mimeType?.startsWith('image/'))
    return { type: 'image', source: { kind: 'base64', mediaType: mimeType, data } };
  return { type: 'file', mediaType: mimeType ?? 'application/octet-stream', data };
}

/** A Gemini Files API URI or a Cloud Storage object: only Google can read it. */
const googleFileUri = /^(?:gs:\/\/|https:\/\/generativelanguage\.googleapis\.com\/)/i;

/**
 * `fileData`: a URI the upstream fetches. A public URL (an image, a PDF) other
 * families may fetch too; a Files API URI or `gs://` object is a file in Google's
 * store, which the other families refuse rather than being sent a URL they cannot read.
 */
function filePart(mimeType: string | undefined, url: string): ContentBlock {
  const image = mimeType?.startsWith('image/') === true;
  if (googleFileUri.test(url)) {
    if (image)
      return { type: 'image', source: { kind: 'file', fileId: url, store: 'gemini', mediaType: mimeType } };
    return { type: 'file', fileId: url, fileStore: 'gemini', ...(mimeType ? { mediaType: mimeType } : {}) };
  }
  if (image) return { type: 'image', source: { kind: 'url', url } };
  return mimeType ? { type: 'file', mediaType: mimeType, url } : { type: 'file', url };
}

/**
 * A `functionResponse.response` as tool-result text: Google documents `output`
 * and `error` keys, other gateways send `result`; a lone string under one of
 * them is the text itself, anything else is sent as JSON.
 */
function toolResult(response: FunctionResponse, toolCallId: string): ToolResultBlock {
  const body = response.response ?? {};
  const keys = Object.keys(body);
  const isError = keys.length === 1 && keys[0] === 'error';
  const lone = keys.length === 1 ? body[keys[0]!] : undefined;
  const text =
    typeof lone === 'string' && (keys[0] === 'output' || keys[0] === 'result' || isError)
      ? lone
      : JSON.stringify(isError ? body.error : body);
  const images: ImageBlock[] = [];
  for (const part of response.parts ?? []) {
    if (part.inlineData?.mimeType?.startsWith('image/'))
      images.push({
        type: 'image',
        source: { kind: 'base64', mediaType: part.inlineData.mimeType, data: part.inlineData.data },
      });
  }
  const content: ToolResultBlock['content'] =
    images.length > 0 ? [{ type: 'text', text } satisfies TextBlock, ...images] : text;
  const block: ToolResultBlock = { type: 'tool_result', toolCallId, name: response.name, content };
  if (isError) block.isError = true;
  return block;
}

/**
 * Gemini `contents` -> canonical messages. `model` turns are the assistant's:
 * `thought` parts become reasoning (their `thoughtSignature` kept, origin
 * `gemini`), `functionCall` parts tool calls. Every other role is a user turn;
 * `functionResponse` parts become tool results. Gemini often gives calls no
 * `id`, and the other families pair a result with its call by id, so a call
 * without one gets an id derived from its position (stable from turn to turn,
 * which keeps upstream prompt caches warm) and a result without one answers
 * the oldest unanswered call of the same name.
 */
export function decodeGeminiContents(contents: GeminiInboundContent[]): CanonicalMessage[] {
  const pending: PendingCall[] = [];
  let synthesized = 0;
  return contents.map((content, contentIndex): CanonicalMessage => {
    const role = content.role ?? 'user';
    if (role !== 'model' && !userRoles.has(role))
      throw invalidRequest(
        `contents[${contentIndex}].role: "${role}" is not a Gemini role (use "user" or "model")`,
        `contents[${contentIndex}].role`,
      );
    const assistant = role === 'model';
    const blocks: ContentBlock[] = [];
    // A turn that carries the gateway's envelope came from another family: its
    // unsigned thoughts are that reasoning shown as text, restored from the envelope instead.
    const sealedTurn = assistant && content.parts.some((part) => isReasoningEnvelope(part.thoughtSignature));
    let calls: Record<string, string> | undefined;
    content.parts.forEach((original, partIndex) => {
      let part = original;
      if (assistant && isReasoningEnvelope(part.thoughtSignature)) {
        const sealed = openReasoning(part.thoughtSignature);
        if (sealed) {
          blocks.push(...sealed.blocks);
          if (sealed.calls) calls = { ...calls, ...sealed.calls };
        }
        if (part.thought === true) return;
        part = { ...part };
        delete part.thoughtSignature;
      } else if (sealedTurn && part.thought === true && !part.thoughtSignature) return;
      if (part.functionCall) {
        const id = part.functionCall.id ?? `call_g${contentIndex}_${partIndex}`;
        pending.push({ id, name: part.functionCall.name });
        blocks.push({
          type: 'tool_call',
          id,
          name: part.functionCall.name,
          arguments: JSON.stringify(part.functionCall.args ?? {}),
          ...(part.thoughtSignature ? { thoughtSignature: part.thoughtSignature } : {}),
        });
      } else if (part.functionResponse) {
        const response = part.functionResponse;
        const matched =
          response.id === undefined
            ? pending.findIndex((call) => call.name === response.name)
            : pending.findIndex((call) => call.id === response.id);
        const id = response.id ?? (matched === -1 ? `call_r${synthesized++}` : pending[matched]!.id);
        if (matched !== -1) pending.splice(matched, 1);
        blocks.push(toolResult(response, id));
      } else if (part.text !== undefined && part.thought === true && assistant) {
        blocks.push({
          type: 'reasoning',
          text: part.text,
          origin: 'gemini',
          ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
        });
      } else if (part.text !== undefined) {
        if (part.text !== '') blocks.push({ type: 'text', text: part.text });
      } else if (part.inlineData) {
        blocks.push(inlinePart(part.inlineData.mimeType, part.inlineData.data));
      } else if (part.fileData) {
        blocks.push(filePart(part.fileData.mimeType, part.fileData.fileUri));
      } else if (part.executableCode) {
        const language = (part.executableCode.language ?? '')
          .toLowerCase()
          .replace('language_unspecified', '');
        blocks.push({ type: 'text', text: `\`\`\`${language}\n${part.executableCode.code}\n\`\`\`` });
      } else if (part.codeExecutionResult) {
        blocks.push({ type: 'text', text: part.codeExecutionResult.output ?? '' });
      }
      // Other part kinds (videoMetadata alone, a bare thoughtSignature) carry nothing to translate.
    });
    applyCallSignatures(blocks, calls);
    return { role: assistant ? 'assistant' : 'user', content: blocks };
  });
}
