import { isRecord, parseJsonFrames, parsesToObject } from './parse-sse-text.ts';

export interface ChatStreamOptions {
  /**
   * `true`: the client asked for `stream_options.include_usage`, so exactly one
   * usage chunk (`choices: []`) must come after every finish. `false`: no chunk
   * may carry usage. Undefined: usage is optional, but well formed if present.
   */
  expectUsage?: boolean;
  /** Require each tool call's concatenated arguments to parse to a JSON object. Default true. */
  jsonArguments?: boolean;
}

const finishReasons = new Set(['stop', 'length', 'tool_calls', 'content_filter', 'function_call']);

interface ToolState {
  id: string;
  arguments: string;
}

interface ChoiceState {
  finishReason?: string;
  tools: ToolState[];
}

/**
 * Check a Chat Completions stream against protocols.md 1.1, stricter than the
 * openai SDK: role first, tool-call deltas with `index` and (on the first one)
 * `id`, `type:"function"` and a name, stable ids, exactly one `finish_reason`
 * per choice (`tool_calls` whenever a tool was called), the same
 * id/created/model on every chunk, usage only where the client asked for it,
 * `[DONE]` last, and nothing but `[DONE]` after an error chunk.
 * Returns the violations; empty means valid.
 */
export function validateChatStream(text: string, options: ChatStreamOptions = {}): string[] {
  const violations: string[] = [];
  const frames = parseJsonFrames(text);
  const choices = new Map<number, ChoiceState>();
  let identity: { id: unknown; created: unknown; model: unknown } | undefined;
  let sawDone = false;
  let sawError = false;
  let usageChunks = 0;

  if (frames.length === 0) violations.push('the stream has no events');
  for (const frame of frames) {
    const at = `#${frame.position}`;
    if (sawDone) {
      violations.push(`${at}: event after [DONE]`);
      continue;
    }
    if (frame.data === '[DONE]') {
      sawDone = true;
      continue;
    }
    if (sawError) {
      violations.push(`${at}: event after the error chunk (only [DONE] may follow)`);
      continue;
    }
    const chunk = frame.json;
    if (!chunk) {
      violations.push(`${at}: data is not a JSON object: ${frame.data.slice(0, 80)}`);
      continue;
    }
    if (chunk.error !== undefined) {
      sawError = true;
      if (!isRecord(chunk.error) || typeof chunk.error.message !== 'string')
        violations.push(`${at}: error chunk without error.message`);
      continue;
    }
    if (chunk.object !== 'chat.completion.chunk')
      violations.push(`${at}: object is ${JSON.stringify(chunk.object)}, not "chat.completion.chunk"`);
    if (typeof chunk.id !== 'string' || chunk.id === '') violations.push(`${at}: chunk without a string id`);
    if (identity === undefined) identity = { id: chunk.id, created: chunk.created, model: chunk.model };
    else {
      for (const key of ['id', 'created', 'model'] as const) {
        if (chunk[key] !== identity[key])
          violations.push(
            `${at}: ${key} ${JSON.stringify(chunk[key])} differs from the first chunk's ${JSON.stringify(identity[key])}`,
          );
      }
    }
    if (!Array.isArray(chunk.choices)) {
      violations.push(`${at}: choices is not an array`);
      continue;
    }

    if (chunk.usage !== null && chunk.usage !== undefined) {
      usageChunks++;
      checkUsageChunk(chunk, at, choices, options, violations);
    }
    for (const choice of chunk.choices) checkChoice(choice, at, choices, violations);
  }

  if (!sawError) {
    if (!sawDone) violations.push('the stream does not end with data: [DONE]');
    if (choices.size === 0) violations.push('no choice was streamed');
    for (const [index, state] of choices) {
      if (state.finishReason === undefined) violations.push(`choice ${index} has no finish_reason`);
      const hasTools = state.tools.length > 0;
      if (hasTools && state.finishReason !== undefined && state.finishReason !== 'tool_calls') {
        violations.push(
          `choice ${index} called tools but finished with ${state.finishReason}, not tool_calls`,
        );
      }
      if (!hasTools && state.finishReason === 'tool_calls')
        violations.push(`choice ${index} finished with tool_calls but called no tool`);
      if (options.jsonArguments !== false) {
        state.tools.forEach((tool, toolIndex) => {
          if (!parsesToObject(tool.arguments))
            violations.push(
              `choice ${index} tool call ${toolIndex}: arguments ${JSON.stringify(tool.arguments.slice(0, 80))} do not parse to a JSON object`,
            );
        });
      }
    }
    if (options.expectUsage === true && usageChunks !== 1)
      violations.push(`expected exactly one usage chunk, saw ${usageChunks}`);
  }
  if (usageChunks > 1 && options.expectUsage !== true)
    violations.push(`expected at most one usage chunk, saw ${usageChunks}`);
  return violations;
}

function checkUsageChunk(
  chunk: Record<string, unknown>,
  at: string,
  choices: Map<number, ChoiceState>,
  options: ChatStreamOptions,
  violations: string[],
): void {
  if (options.expectUsage === false) {
    violations.push(`${at}: usage sent although the client did not ask for include_usage`);
    return;
  }
  const usage = chunk.usage;
  if (!isRecord(usage)) {
    violations.push(`${at}: usage is not an object`);
    return;
  }
  if ((chunk.choices as unknown[]).length !== 0)
    violations.push(`${at}: the usage chunk must have choices: []`);
  for (const [index, state] of choices) {
    if (state.finishReason === undefined)
      violations.push(`${at}: usage chunk before choice ${index} finished`);
  }
  for (const key of ['prompt_tokens', 'completion_tokens', 'total_tokens']) {
    if (!Number.isInteger(usage[key]) || (usage[key] as number) < 0)
      violations.push(`${at}: usage.${key} is not a non-negative integer`);
  }
  if (
    Number.isInteger(usage.total_tokens) &&
    (usage.total_tokens as number) !== (usage.prompt_tokens as number) + (usage.completion_tokens as number)
  ) {
    violations.push(`${at}: usage.total_tokens is not prompt_tokens + completion_tokens`);
  }
}

function checkChoice(
  choice: unknown,
  at: string,
  choices: Map<number, ChoiceState>,
  violations: string[],
): void {
  if (!isRecord(choice) || !Number.isInteger(choice.index)) {
    violations.push(`${at}: choice without a numeric index`);
    return;
  }
  const index = choice.index as number;
  const where = `${at} choice ${index}`;
  const delta = isRecord(choice.delta) ? choice.delta : undefined;
  if (!delta) violations.push(`${where}: no delta object`);
  let state = choices.get(index);
  if (!state) {
    state = { tools: [] };
    choices.set(index, state);
    if (delta?.role !== 'assistant') violations.push(`${where}: the first delta has no role "assistant"`);
  }
  if (state.finishReason !== undefined) {
    violations.push(`${where}: chunk after this choice's finish_reason`);
  }
  if (delta && Array.isArray(delta.tool_calls)) {
    for (const call of delta.tool_calls) checkToolDelta(call, where, state, violations);
  } else if (delta && delta.tool_calls !== undefined && delta.tool_calls !== null) {
    violations.push(`${where}: tool_calls is not an array`);
  }
  if (delta && delta.content !== undefined && delta.content !== null && typeof delta.content !== 'string') {
    violations.push(`${where}: content is not a string`);
  }
  if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
    if (typeof choice.finish_reason !== 'string' || !finishReasons.has(choice.finish_reason)) {
      violations.push(`${where}: unknown finish_reason ${JSON.stringify(choice.finish_reason)}`);
    }
    if (state.finishReason === undefined) state.finishReason = String(choice.finish_reason);
  }
}

function checkToolDelta(call: unknown, where: string, state: ChoiceState, violations: string[]): void {
  if (!isRecord(call) || !Number.isInteger(call.index)) {
    violations.push(`${where}: tool_calls delta without a numeric index`);
    return;
  }
  const toolIndex = call.index as number;
  const fn = isRecord(call.function) ? call.function : undefined;
  const existing = state.tools[toolIndex];
  if (!existing) {
    if (toolIndex !== state.tools.length)
      violations.push(`${where}: tool call index ${toolIndex} skips index ${state.tools.length}`);
    if (typeof call.id !== 'string' || call.id === '')
      violations.push(`${where}: first delta of tool call ${toolIndex} has no id`);
    if (call.type !== 'function')
      violations.push(`${where}: first delta of tool call ${toolIndex} has no type "function"`);
    if (typeof fn?.name !== 'string' || fn.name === '')
      violations.push(`${where}: first delta of tool call ${toolIndex} has no function.name`);
    state.tools[toolIndex] = {
      id: typeof call.id === 'string' ? call.id : '',
      arguments: typeof fn?.arguments === 'string' ? fn.arguments : '',
    };
    return;
  }
  if (call.id !== undefined && call.id !== existing.id) {
    violations.push(
      `${where}: tool call ${toolIndex} id changed from ${existing.id} to ${JSON.stringify(call.id)}`,
    );
  }
  if (fn?.arguments !== undefined) {
    if (typeof fn.arguments !== 'string')
      violations.push(`${where}: tool call ${toolIndex} arguments delta is not a string`);
    else existing.arguments += fn.arguments;
  }
}
