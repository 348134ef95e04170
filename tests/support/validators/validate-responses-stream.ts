import { isDeepStrictEqual } from 'node:util';
import { isRecord, parseJsonFrames, parsesToObject } from './parse-sse-text.ts';

/** Event types a Responses client (the openai SDK, Codex CLI) knows; anything else is a violation (litellm#29254). */
const knownTypes = new Set([
  'response.created',
  'response.in_progress',
  'response.queued',
  'response.output_item.added',
  'response.output_item.done',
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.delta',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.delta',
  'response.refusal.done',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.custom_tool_call_input.delta',
  'response.custom_tool_call_input.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.delta',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.delta',
  'response.reasoning_text.done',
  'response.completed',
  'response.incomplete',
  'response.failed',
  'error',
]);

const terminalStatus: Record<string, string> = {
  'response.completed': 'completed',
  'response.incomplete': 'incomplete',
  'response.failed': 'failed',
};

interface ItemState {
  id: string;
  type: string;
  done?: Record<string, unknown>;
  /** Text per content or summary index, and the function-call arguments, as streamed. */
  texts: Map<string, string>;
  openParts: Set<string>;
  arguments: string;
  sawArgumentDelta: boolean;
}

/**
 * Check an OpenAI Responses stream against protocols.md 1.2: `event:` equal to
 * `type`, `sequence_number` 0..n, `response.created` first and
 * `response.in_progress` (or `response.queued`) second, items added in
 * `output_index` order before their deltas, `content_part.added` before text
 * deltas, one item id from added to done, an `output_item.done` for every
 * item, and exactly one terminal event (`completed` / `incomplete` / `failed`)
 * last, whose `output` equals the done items and whose `usage` (required unless
 * the response failed) counts in integers. An `error` event may be followed
 * only by `response.failed`. No `[DONE]`. Returns the violations; empty means valid.
 */
export function validateResponsesStream(text: string): string[] {
  const violations: string[] = [];
  const frames = parseJsonFrames(text);
  const items: ItemState[] = [];
  let responseId: unknown;
  let terminal: string | undefined;
  let sawError = false;

  if (frames.length === 0) violations.push('the stream has no events');
  frames.forEach((frame, position) => {
    const data = frame.json;
    if (!data) {
      violations.push(`#${position}: data is not a JSON object: ${frame.data.slice(0, 80)}`);
      return;
    }
    const type = typeof data.type === 'string' ? data.type : '';
    const at = `#${position} ${type || '(no type)'}`;
    if (frame.event !== type)
      violations.push(`${at}: event line ${JSON.stringify(frame.event)} does not equal type`);
    if (data.sequence_number !== position)
      violations.push(`${at}: sequence_number ${JSON.stringify(data.sequence_number)}, expected ${position}`);
    if (!knownTypes.has(type)) violations.push(`${at}: unknown event type`);
    if (terminal !== undefined) {
      violations.push(`${at}: event after ${terminal}`);
      return;
    }
    if (sawError && type !== 'response.failed')
      violations.push(`${at}: only response.failed may follow an error event`);
    if (position === 0 && type !== 'response.created')
      violations.push(`${at}: the first event must be response.created`);
    // Background responses may report `queued` before they start; nothing else comes between.
    if (position === 1 && type !== 'response.in_progress' && type !== 'response.queued')
      violations.push(`${at}: the second event must be response.in_progress`);
    if (position > 0 && type === 'response.created') violations.push(`${at}: response.created repeated`);

    if (type === 'error') {
      sawError = true;
      const nested = isRecord(data.error) ? data.error : data;
      if (typeof nested.message !== 'string') violations.push(`${at}: error event without a message`);
      return;
    }
    if (type.startsWith('response.') && isRecord(data.response)) {
      checkResponseObject(data.response, type, at, items, violations);
      if (responseId === undefined) responseId = data.response.id;
      else if (data.response.id !== responseId)
        violations.push(`${at}: response.id changed from ${String(responseId)}`);
    } else if (type in terminalStatus || type === 'response.created' || type === 'response.in_progress') {
      violations.push(`${at}: no response object`);
    }
    if (type in terminalStatus) {
      terminal = type;
      return;
    }
    checkItemEvent(data, type, at, items, violations);
  });

  if (terminal === undefined)
    violations.push('the stream has no response.completed, response.incomplete or response.failed');
  if (sawError && terminal !== 'response.failed')
    violations.push('an error event must be followed by response.failed');
  return violations;
}

function checkResponseObject(
  response: Record<string, unknown>,
  type: string,
  at: string,
  items: ItemState[],
  violations: string[],
): void {
  if (typeof response.id !== 'string' || response.id === '')
    violations.push(`${at}: response.id is not a string`);
  if (type === 'response.created' || type === 'response.in_progress') {
    if (response.status !== 'in_progress' && response.status !== 'queued')
      violations.push(`${at}: status ${JSON.stringify(response.status)}, expected in_progress`);
    return;
  }
  const expected = terminalStatus[type];
  if (!expected) return;
  if (response.status !== expected)
    violations.push(`${at}: status ${JSON.stringify(response.status)}, expected ${expected}`);
  if (
    type === 'response.incomplete' &&
    !(isRecord(response.incomplete_details) && typeof response.incomplete_details.reason === 'string')
  ) {
    violations.push(`${at}: incomplete_details.reason missing`);
  }
  if (
    type === 'response.failed' &&
    !(
      isRecord(response.error) &&
      typeof response.error.code === 'string' &&
      typeof response.error.message === 'string'
    )
  ) {
    violations.push(`${at}: error.code and error.message missing`);
  }
  if (!Array.isArray(response.output)) {
    violations.push(`${at}: response.output is not an array`);
  } else {
    // A finished response must carry every item (protocols.md 0-6); a failure may cut the
    // last item short, and then carries only the items that were done.
    const doneItems =
      type === 'response.failed'
        ? items.flatMap((item) => (item.done ? [item.done] : []))
        : items.map((item) => item.done);
    if (!isDeepStrictEqual(response.output, doneItems)) {
      violations.push(
        `${at}: response.output does not equal the output_item.done items (${response.output.length} vs ${doneItems.length})`,
      );
    }
  }
  if (response.usage !== null && response.usage !== undefined) {
    const usage = isRecord(response.usage) ? response.usage : {};
    for (const key of ['input_tokens', 'output_tokens', 'total_tokens']) {
      if (!Number.isInteger(usage[key]))
        violations.push(`${at}: usage.${key} is not an integer (Codex requires it)`);
    }
  } else if (type !== 'response.failed') {
    violations.push(`${at}: ${type} without usage`);
  }
  if (type === 'response.failed') return;
  for (const item of items)
    if (!item.done) violations.push(`${at}: item ${item.id} was added but never done`);
}

function checkItemEvent(
  data: Record<string, unknown>,
  type: string,
  at: string,
  items: ItemState[],
  violations: string[],
): void {
  if (type === 'response.output_item.added') {
    const item = isRecord(data.item) ? data.item : {};
    if (data.output_index !== items.length)
      violations.push(`${at}: output_index ${JSON.stringify(data.output_index)}, expected ${items.length}`);
    if (typeof item.id !== 'string' || item.id === '') violations.push(`${at}: item without an id`);
    if (typeof item.type !== 'string') violations.push(`${at}: item without a type`);
    if (
      item.type === 'function_call' &&
      (typeof item.call_id !== 'string' || typeof item.name !== 'string')
    ) {
      violations.push(`${at}: function_call item without call_id and name`);
    }
    const previous = items.at(-1);
    if (previous && !previous.done) violations.push(`${at}: item ${previous.id} is still open`);
    items.push({
      id: String(item.id),
      type: String(item.type),
      texts: new Map(),
      openParts: new Set(),
      arguments: '',
      sawArgumentDelta: false,
    });
    return;
  }
  if (
    !type.startsWith('response.') ||
    type === 'response.in_progress' ||
    type === 'response.created' ||
    type === 'response.queued'
  )
    return;

  const item = Number.isInteger(data.output_index) ? items[data.output_index as number] : undefined;
  if (!item) {
    violations.push(`${at}: output_index ${JSON.stringify(data.output_index)} has no added item`);
    return;
  }
  if (item.done) {
    violations.push(`${at}: event for item ${item.id} after its output_item.done`);
    return;
  }

  if (type === 'response.output_item.done') {
    const done = isRecord(data.item) ? data.item : {};
    if (done.id !== item.id)
      violations.push(`${at}: item id ${JSON.stringify(done.id)} does not equal the added id ${item.id}`);
    if (done.type !== item.type)
      violations.push(
        `${at}: item type ${JSON.stringify(done.type)} does not equal the added type ${item.type}`,
      );
    if (item.openParts.size > 0)
      violations.push(`${at}: parts still open: ${[...item.openParts].join(', ')}`);
    checkDoneItem(done, item, at, violations);
    item.done = done;
    return;
  }

  if (data.item_id !== item.id)
    violations.push(`${at}: item_id ${JSON.stringify(data.item_id)} does not equal the added id ${item.id}`);
  const part = partKey(type, data);
  if (type.endsWith('part.added')) {
    if (item.openParts.has(part) || item.texts.has(part)) violations.push(`${at}: part ${part} added twice`);
    item.openParts.add(part);
    item.texts.set(part, '');
  } else if (type.endsWith('part.done')) {
    if (!item.openParts.delete(part)) violations.push(`${at}: part ${part} done but never added`);
    const partText = isRecord(data.part) ? data.part.text : undefined;
    if (partText !== item.texts.get(part))
      violations.push(`${at}: part text does not equal the streamed text`);
  } else if (
    type === 'response.function_call_arguments.delta' ||
    type === 'response.custom_tool_call_input.delta'
  ) {
    if (typeof data.delta !== 'string') violations.push(`${at}: delta is not a string`);
    else item.arguments += data.delta;
    item.sawArgumentDelta = true;
  } else if (
    type === 'response.function_call_arguments.done' ||
    type === 'response.custom_tool_call_input.done'
  ) {
    const full = type.startsWith('response.function') ? data.arguments : data.input;
    if (item.sawArgumentDelta && full !== item.arguments)
      violations.push(`${at}: done arguments do not equal the concatenated deltas`);
    if (typeof full === 'string') item.arguments = full;
  } else if (type.endsWith('.delta')) {
    if (!item.openParts.has(part)) violations.push(`${at}: delta before its part was added (${part})`);
    if (typeof data.delta !== 'string') violations.push(`${at}: delta is not a string`);
    else item.texts.set(part, (item.texts.get(part) ?? '') + data.delta);
  } else if (type.endsWith('.done')) {
    if (!item.openParts.has(part)) violations.push(`${at}: done before its part was added (${part})`);
    if (data.text !== item.texts.get(part))
      violations.push(`${at}: text does not equal the concatenated deltas`);
  }
}

/** Text deltas live in a content part (`content_index`) or a summary part (`summary_index`). */
function partKey(type: string, data: Record<string, unknown>): string {
  if (type.includes('reasoning_summary')) return `summary ${String(data.summary_index)}`;
  return `content ${String(data.content_index)}`;
}

function checkDoneItem(
  done: Record<string, unknown>,
  item: ItemState,
  at: string,
  violations: string[],
): void {
  if (item.type === 'function_call') {
    if (typeof done.arguments !== 'string' || !parsesToObject(done.arguments))
      violations.push(`${at}: function_call arguments do not parse to a JSON object`);
    else if (item.sawArgumentDelta && done.arguments !== item.arguments)
      violations.push(`${at}: function_call arguments do not equal the streamed arguments`);
  }
  if (item.type === 'message') {
    const content = Array.isArray(done.content) ? done.content : [];
    content.forEach((part, index) => {
      const streamed = item.texts.get(`content ${index}`);
      if (streamed !== undefined && isRecord(part) && part.text !== streamed)
        violations.push(`${at}: content ${index} text does not equal the streamed text`);
    });
  }
}
