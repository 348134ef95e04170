import { createSseParser } from '../../lib/sse.ts';

export interface AnthropicStreamCheck {
  /** Grammar violations, in order; empty when the stream is valid. */
  errors: string[];
  /** Every event's parsed data, in order. */
  events: Array<Record<string, unknown>>;
  /** Per content block: its type and the concatenated text / thinking / partial_json. */
  blocks: Array<{ type: string; text: string; block: Record<string, unknown> }>;
}

const deltaTypesByBlock: Record<string, string[]> = {
  text: ['text_delta', 'citations_delta'],
  tool_use: ['input_json_delta'],
  thinking: ['thinking_delta', 'signature_delta'],
  redacted_thinking: [],
};

/**
 * The strict Anthropic stream validator of protocols.md 1.3, stricter than the SDK and
 * matching Claude Code: `event:` equals `data.type`; one `message_start`, first, with
 * usage; blocks 0, 1, 2 … never interleaved; delta types match their block; each
 * tool block's partial_json parses to an object; `message_delta` carries usage;
 * `message_stop` last (or `error` last on failure). Used by unit and acceptance tests.
 */
export function checkAnthropicStreamGrammar(sse: string): AnthropicStreamCheck {
  const errors: string[] = [];
  const events: Array<Record<string, unknown>> = [];
  const blocks: AnthropicStreamCheck['blocks'] = [];
  const parser = createSseParser();
  const raw = [...parser.push(sse), ...parser.end()];
  let openIndex: number | undefined;
  let sawStart = false;
  let sawMessageDelta = false;
  let terminal: string | undefined;

  raw.forEach((event, position) => {
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      errors.push(`event ${position}: data is not JSON`);
      return;
    }
    events.push(data);
    const type = String(data.type);
    if (event.event !== type)
      errors.push(`event ${position}: event line '${event.event}' != data.type '${type}'`);
    if (terminal) errors.push(`event ${position}: '${type}' after '${terminal}'`);
    if (position === 0 && type !== 'message_start')
      errors.push(`first event is '${type}', not message_start`);
    switch (type) {
      case 'message_start': {
        if (sawStart) errors.push(`event ${position}: second message_start`);
        sawStart = true;
        const usage = (data.message as Record<string, unknown> | undefined)?.usage as Record<string, unknown>;
        if (!usage || typeof usage.input_tokens !== 'number' || typeof usage.output_tokens !== 'number') {
          errors.push('message_start without usage.input_tokens/output_tokens');
        }
        break;
      }
      case 'content_block_start': {
        const index = data.index as number;
        if (openIndex !== undefined) errors.push(`block ${index} started while block ${openIndex} is open`);
        if (index !== blocks.length) errors.push(`block index ${index}, expected ${blocks.length}`);
        const block = data.content_block as Record<string, unknown>;
        blocks.push({ type: String(block.type), text: '', block });
        openIndex = index;
        break;
      }
      case 'content_block_delta': {
        const index = data.index as number;
        const delta = data.delta as Record<string, unknown>;
        if (index !== openIndex) {
          errors.push(`delta for block ${index} while open block is ${openIndex ?? 'none'}`);
          break;
        }
        const block = blocks[index]!;
        const allowed = deltaTypesByBlock[block.type] ?? [];
        if (!allowed.includes(String(delta.type)))
          errors.push(`${String(delta.type)} into a ${block.type} block`);
        if (delta.type === 'text_delta') block.text += String(delta.text);
        if (delta.type === 'thinking_delta') block.text += String(delta.thinking);
        if (delta.type === 'input_json_delta') block.text += String(delta.partial_json);
        break;
      }
      case 'content_block_stop': {
        const index = data.index as number;
        if (index !== openIndex)
          errors.push(`stop for block ${index} while open block is ${openIndex ?? 'none'}`);
        const block = blocks[index];
        if (block?.type === 'tool_use') {
          try {
            const input: unknown = JSON.parse(block.text);
            if (input === null || typeof input !== 'object' || Array.isArray(input)) {
              errors.push(`block ${index}: partial_json is not an object`);
            }
          } catch {
            errors.push(`block ${index}: partial_json '${block.text}' does not parse`);
          }
        }
        openIndex = undefined;
        break;
      }
      case 'message_delta': {
        if (openIndex !== undefined) errors.push(`message_delta while block ${openIndex} is open`);
        const usage = data.usage as Record<string, unknown> | undefined;
        if (!usage || typeof usage.output_tokens !== 'number')
          errors.push('message_delta without usage.output_tokens');
        sawMessageDelta = true;
        break;
      }
      case 'message_stop':
        if (!sawMessageDelta) errors.push('message_stop without a message_delta');
        terminal = type;
        break;
      case 'error':
        terminal = type;
        break;
      case 'ping':
        break;
      default:
        errors.push(`unknown event type '${type}'`);
    }
  });
  if (!sawStart) errors.push('no message_start');
  if (!terminal) errors.push('stream does not end with message_stop or error');
  return { errors, events, blocks };
}
