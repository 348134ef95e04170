import { isRecord, parseJsonFrames, parsesToObject } from './parse-sse-text.ts';

export interface AnthropicStreamOptions {
  /** Accept `message_start.message.usage.input_tokens: 0` (only for an upstream that truly reports none). */
  allowZeroInputTokens?: boolean;
}

const stopReasons = new Set([
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
]);

/** Which delta types each block type accepts (protocols.md 1.3). */
const deltaTypesByBlock: Record<string, string[]> = {
  text: ['text_delta', 'citations_delta'],
  tool_use: ['input_json_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
};

interface OpenBlock {
  index: number;
  type: string;
  json: string;
}

/**
 * Check an Anthropic Messages stream against "Grammar rules for the strict
 * validator" (protocols.md 1.3), which follow Claude Code rather than the
 * forgiving SDK: every event has an `event:` line equal to `type`; exactly one
 * `message_start`, first, with real `usage.input_tokens`; blocks 0, 1, 2, ...
 * started before their deltas and stopped before the next starts; delta types
 * matching the block; each tool's `partial_json` concatenating to a JSON object;
 * a `message_delta` with `usage.output_tokens` (and `tool_use` when a tool was
 * called); `message_stop` last. An `error` event ends the stream.
 * Returns the violations; empty means valid.
 */
export function validateAnthropicStream(text: string, options: AnthropicStreamOptions = {}): string[] {
  const violations: string[] = [];
  const frames = parseJsonFrames(text);
  let sawStart = false;
  let sawMessageDelta = false;
  let stopReason: unknown;
  let ended: string | undefined;
  let nextIndex = 0;
  let open: OpenBlock | undefined;
  let toolBlocks = 0;

  if (frames.length === 0) violations.push('the stream has no events');
  for (const frame of frames) {
    const data = frame.json;
    if (!data) {
      violations.push(`#${frame.position}: data is not a JSON object: ${frame.data.slice(0, 80)}`);
      continue;
    }
    const type = typeof data.type === 'string' ? data.type : '';
    const at = `#${frame.position} ${type || '(no type)'}`;
    if (frame.event !== type)
      violations.push(`${at}: event line ${JSON.stringify(frame.event)} does not equal type`);
    if (ended !== undefined) {
      violations.push(`${at}: event after ${ended}`);
      continue;
    }
    if (!sawStart && type !== 'message_start' && type !== 'error')
      violations.push(`${at}: event before message_start`);

    switch (type) {
      case 'message_start': {
        if (sawStart) violations.push(`${at}: message_start repeated`);
        sawStart = true;
        checkMessageStart(data, at, options, violations);
        break;
      }
      case 'ping':
        break;
      case 'content_block_start': {
        if (sawMessageDelta) violations.push(`${at}: block started after message_delta`);
        if (open) violations.push(`${at}: block ${open.index} was not stopped before the next started`);
        if (data.index !== nextIndex)
          violations.push(`${at}: index ${JSON.stringify(data.index)}, expected ${nextIndex}`);
        const block = isRecord(data.content_block) ? data.content_block : {};
        const blockType = typeof block.type === 'string' ? block.type : '';
        if (!(blockType in deltaTypesByBlock))
          violations.push(`${at}: unknown block type ${JSON.stringify(block.type)}`);
        if (blockType === 'tool_use') {
          toolBlocks++;
          if (typeof block.id !== 'string' || !/^[a-zA-Z0-9_-]+$/.test(block.id))
            violations.push(`${at}: tool_use id ${JSON.stringify(block.id)} is not ^[a-zA-Z0-9_-]+$`);
          if (typeof block.name !== 'string' || block.name === '')
            violations.push(`${at}: tool_use without a name`);
          if (!isRecord(block.input)) violations.push(`${at}: tool_use without an input object`);
        }
        if (blockType === 'text' && typeof block.text !== 'string')
          violations.push(`${at}: text block without a text string`);
        if (blockType === 'thinking' && typeof block.thinking !== 'string')
          violations.push(`${at}: thinking block without a thinking string`);
        open = { index: Number(data.index), type: blockType, json: '' };
        nextIndex = Number.isInteger(data.index) ? (data.index as number) + 1 : nextIndex + 1;
        break;
      }
      case 'content_block_delta': {
        if (!open || data.index !== open.index) {
          violations.push(
            `${at}: delta for index ${JSON.stringify(data.index)}, which is not the open block`,
          );
          break;
        }
        const delta = isRecord(data.delta) ? data.delta : {};
        const allowed = deltaTypesByBlock[open.type] ?? [];
        if (typeof delta.type !== 'string' || !allowed.includes(delta.type)) {
          violations.push(
            `${at}: delta type ${JSON.stringify(delta.type)} does not match block type ${open.type}`,
          );
          break;
        }
        const field = {
          text_delta: 'text',
          thinking_delta: 'thinking',
          signature_delta: 'signature',
          input_json_delta: 'partial_json',
        }[delta.type];
        if (field && typeof delta[field] !== 'string')
          violations.push(`${at}: ${delta.type} without a ${field} string`);
        if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string')
          open.json += delta.partial_json;
        break;
      }
      case 'content_block_stop': {
        if (!open || data.index !== open.index) {
          violations.push(`${at}: stop for index ${JSON.stringify(data.index)}, which is not the open block`);
          break;
        }
        if (open.type === 'tool_use' && open.json !== '' && !parsesToObject(open.json)) {
          violations.push(
            `${at}: tool input ${JSON.stringify(open.json.slice(0, 80))} does not parse to a JSON object`,
          );
        }
        open = undefined;
        break;
      }
      case 'message_delta': {
        if (open) violations.push(`${at}: block ${open.index} still open at message_delta`);
        if (sawMessageDelta) violations.push(`${at}: message_delta repeated`);
        sawMessageDelta = true;
        const delta = isRecord(data.delta) ? data.delta : {};
        stopReason = delta.stop_reason;
        if (typeof stopReason !== 'string' || !stopReasons.has(stopReason))
          violations.push(`${at}: stop_reason ${JSON.stringify(stopReason)} is not a known value`);
        const usage = isRecord(data.usage) ? data.usage : undefined;
        if (!usage || !Number.isInteger(usage.output_tokens))
          violations.push(`${at}: usage.output_tokens missing`);
        break;
      }
      case 'message_stop':
        if (!sawMessageDelta) violations.push(`${at}: message_stop without a message_delta before it`);
        ended = 'message_stop';
        break;
      case 'error': {
        const error = isRecord(data.error) ? data.error : undefined;
        if (!error || typeof error.type !== 'string' || typeof error.message !== 'string') {
          violations.push(`${at}: error event is not {type:"error",error:{type,message}}`);
        }
        ended = 'error';
        break;
      }
      default:
        violations.push(`${at}: unknown event type`);
    }
  }

  if (!sawStart) violations.push('the stream has no message_start');
  if (ended === undefined) violations.push('the stream does not end with message_stop (or error)');
  if (ended === 'message_stop' && toolBlocks > 0 && stopReason !== 'tool_use') {
    violations.push(`tool_use blocks were sent but stop_reason is ${JSON.stringify(stopReason)}`);
  }
  if (ended === 'message_stop' && toolBlocks === 0 && stopReason === 'tool_use')
    violations.push('stop_reason is tool_use but no tool_use block was sent');
  return violations;
}

function checkMessageStart(
  data: Record<string, unknown>,
  at: string,
  options: AnthropicStreamOptions,
  violations: string[],
): void {
  const message = isRecord(data.message) ? data.message : undefined;
  if (!message) {
    violations.push(`${at}: no message object`);
    return;
  }
  if (typeof message.id !== 'string' || message.id === '')
    violations.push(`${at}: message.id is not a string`);
  if (message.type !== 'message' || message.role !== 'assistant')
    violations.push(`${at}: message is not {type:"message",role:"assistant"}`);
  if (!Array.isArray(message.content) || message.content.length !== 0)
    violations.push(`${at}: message.content is not []`);
  const usage = isRecord(message.usage) ? message.usage : undefined;
  if (!usage) {
    violations.push(`${at}: message.usage missing`);
    return;
  }
  const input = usage.input_tokens;
  if (!Number.isInteger(input) || (input as number) < 0)
    violations.push(`${at}: usage.input_tokens is not a non-negative integer`);
  else if (input === 0 && !options.allowZeroInputTokens)
    violations.push(`${at}: usage.input_tokens is 0 (Claude Code needs the real count)`);
  if (!Number.isInteger(usage.output_tokens)) violations.push(`${at}: usage.output_tokens is not an integer`);
}
