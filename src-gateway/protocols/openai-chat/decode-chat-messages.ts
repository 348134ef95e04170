import type {
  CacheControl,
  CanonicalMessage,
  ContentBlock,
  SystemText,
  TextBlock,
  ToolResultBlock,
} from '../../canonical/types.ts';
import type { ChatMessage, ChatUserPart } from './chat-request-schema.ts';
import { parseDataUrl } from './parse-data-url.ts';
import { applyCallSignatures, openReasoning, type SealedReasoning } from '../reasoning-envelope.ts';

type TextContent = string | Array<{ text: string; cache_control?: CacheControl | undefined }>;

function toTextBlocks(content: TextContent): TextBlock[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.map((part) => {
    const block: TextBlock = { type: 'text', text: part.text };
    if (part.cache_control) block.cacheControl = { ...part.cache_control };
    return block;
  });
}

function decodeUserPart(part: ChatUserPart): ContentBlock | undefined {
  switch (part.type) {
    case 'text':
      return toTextBlocks([part])[0];
    case 'image_url': {
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
      const parsed = parseDataUrl(url);
      const source = parsed ? { kind: 'base64' as const, ...parsed } : { kind: 'url' as const, url };
      const detail = typeof part.image_url === 'string' ? undefined : part.image_url.detail;
      return detail === undefined ? { type: 'image', source } : { type: 'image', source, detail };
    }
    case 'file': {
      const { file_data: fileData, file_id: fileId, filename } = part.file;
      const parsed = fileData === undefined ? undefined : parseDataUrl(fileData);
      return {
        type: 'file',
        ...(parsed ? { mediaType: parsed.mediaType, data: parsed.data } : fileData ? { data: fileData } : {}),
        ...(fileId ? { fileId, fileStore: 'openai' as const } : {}),
        ...(filename ? { filename } : {}),
      };
    }
    case 'input_audio':
      // No other protocol the gateway speaks carries audio input; dropped.
      return undefined;
  }
}

function decodeAssistant(
  message: Extract<ChatMessage, { role: 'assistant' }>,
  legacyId: string,
): ContentBlock[] {
  const blocks: ContentBlock[] = [];
  // The gateway's envelopes (in `reasoning_details`) restore another family's reasoning
  // exactly; the `reasoning_content` beside them is the same text, shown to the user.
  const sealed = sealedDetails(message.reasoning_details);
  const reasoning = message.reasoning_content ?? message.reasoning;
  for (const entry of sealed) blocks.push(...entry.blocks);
  if (sealed.length === 0 && reasoning)
    blocks.push({ type: 'reasoning', text: reasoning, origin: 'openai-chat' });
  if (typeof message.content === 'string') {
    blocks.push(...toTextBlocks(message.content));
  } else if (Array.isArray(message.content)) {
    for (const part of message.content) {
      const text = part.type === 'text' ? part.text : part.refusal;
      if (text !== '') blocks.push({ type: 'text', text });
    }
  }
  if (message.refusal && !blocks.some((block) => block.type === 'text')) {
    blocks.push({ type: 'text', text: message.refusal });
  }
  for (const call of message.tool_calls ?? []) {
    blocks.push(
      call.type === 'function'
        ? { type: 'tool_call', id: call.id, name: call.function.name, arguments: call.function.arguments }
        : {
            type: 'tool_call',
            id: call.id,
            name: call.custom.name,
            arguments: call.custom.input,
            custom: true,
          },
    );
  }
  if (message.function_call) {
    const { name, arguments: callArguments } = message.function_call;
    blocks.push({ type: 'tool_call', id: legacyId, name, arguments: callArguments });
  }
  for (const entry of sealed) applyCallSignatures(blocks, entry.calls);
  return blocks;
}

/** The envelopes among an assistant message's `reasoning_details` entries (others are not ours). */
function sealedDetails(details: unknown[] | null | undefined): SealedReasoning[] {
  const out: SealedReasoning[] = [];
  for (const entry of details ?? []) {
    if (entry === null || typeof entry !== 'object') continue;
    const sealed = openReasoning((entry as Record<string, unknown>).data);
    if (sealed) out.push(sealed);
  }
  return out;
}

/**
 * Chat messages to the canonical system prompt and turns (protocols.md 2.1, 2.4).
 * Leading system/developer messages become `system`; later ones stay in place
 * as `role:'system'` messages. Consecutive `tool` (and legacy `function`)
 * results merge into one user turn right after the assistant turn that called them.
 */
export function decodeChatMessages(messages: ChatMessage[]): {
  system: SystemText[];
  messages: CanonicalMessage[];
} {
  const system: SystemText[] = [];
  const out: CanonicalMessage[] = [];
  const toolNames = new Map<string, string>();
  const customToolIds = new Set<string>();
  // Legacy function calls carry no id; pair each call with the next result of the same name.
  const legacyPending = new Map<string, string[]>();
  let legacyCount = 0;
  let leading = true;
  let toolTurn: CanonicalMessage | undefined;

  function pushResult(block: ToolResultBlock): void {
    if (toolTurn === undefined) {
      toolTurn = { role: 'user', content: [] };
      out.push(toolTurn);
    }
    toolTurn.content.push(block);
  }

  for (const message of messages) {
    if (message.role !== 'tool' && message.role !== 'function') toolTurn = undefined;
    if (message.role === 'system' || message.role === 'developer') {
      const blocks = toTextBlocks(message.content);
      if (leading) {
        for (const block of blocks) {
          const entry: SystemText = { text: block.text, provenance: 'client' };
          if (block.cacheControl) entry.cacheControl = block.cacheControl;
          system.push(entry);
        }
      } else if (blocks.length > 0) {
        out.push({ role: 'system', content: blocks });
      }
      continue;
    }
    leading = false;
    switch (message.role) {
      case 'user': {
        const blocks =
          typeof message.content === 'string'
            ? toTextBlocks(message.content)
            : message.content.map(decodeUserPart).filter((block) => block !== undefined);
        out.push({ role: 'user', content: blocks });
        break;
      }
      case 'assistant': {
        const legacyId = `call_fn${legacyCount++}`;
        const content = decodeAssistant(message, legacyId);
        for (const block of content) {
          if (block.type !== 'tool_call') continue;
          toolNames.set(block.id, block.name);
          if (block.custom) customToolIds.add(block.id);
        }
        if (message.function_call) {
          const queue = legacyPending.get(message.function_call.name) ?? [];
          queue.push(legacyId);
          legacyPending.set(message.function_call.name, queue);
        }
        out.push({ role: 'assistant', content });
        break;
      }
      case 'tool': {
        const text =
          typeof message.content === 'string'
            ? message.content
            : message.content.map((part) => part.text).join('');
        const block: ToolResultBlock = {
          type: 'tool_result',
          toolCallId: message.tool_call_id,
          content: text,
        };
        const name = toolNames.get(message.tool_call_id);
        if (name !== undefined) block.name = name;
        if (customToolIds.has(message.tool_call_id)) block.custom = true;
        pushResult(block);
        break;
      }
      case 'function': {
        const id = legacyPending.get(message.name)?.shift() ?? `call_fn${legacyCount++}`;
        pushResult({
          type: 'tool_result',
          toolCallId: id,
          name: message.name,
          content: message.content ?? '',
        });
        break;
      }
    }
  }
  return { system, messages: out };
}
