import {
  type NormalizedScenario,
  type RenderContext,
  type RenderedReply,
  parseArguments,
  splitPieces,
  sseFrame,
} from './normalize-scenario.ts';

const stopReasons = {
  end_turn: 'end_turn',
  max_tokens: 'max_tokens',
  content_filter: 'refusal',
  tool_use: 'tool_use',
} as const;

/**
 * Anthropic Messages, as in `wire/anthropic.txt`: every event with its
 * `event:` line; `input_tokens` excludes cache reads and writes; thinking
 * blocks carry a signature; tool input streams as `input_json_delta` pieces.
 */
export function renderAnthropic(scenario: NormalizedScenario, context: RenderContext): RenderedReply {
  const id = `msg_mock${context.sequence}`;
  const model = scenario.model ?? context.model;
  const { usage } = scenario;
  const usageBody = {
    input_tokens: Math.max(0, usage.input - usage.cacheRead - usage.cacheWrite),
    cache_creation_input_tokens: usage.cacheWrite,
    cache_read_input_tokens: usage.cacheRead,
  };
  const toolId = (index: number) => scenario.calls[index]!.id ?? `toolu_mock${context.sequence}_${index}`;
  const stopReason = stopReasons[scenario.stopReason];

  if (!context.stream) {
    const content: unknown[] = [];
    if (scenario.reasoning !== undefined)
      content.push({ type: 'thinking', thinking: scenario.reasoning, signature: scenario.signature });
    if (scenario.text !== '') content.push({ type: 'text', text: scenario.text });
    scenario.calls.forEach((call, index) =>
      content.push({
        type: 'tool_use',
        id: toolId(index),
        name: call.name,
        input: parseArguments(call.arguments),
      }),
    );
    return {
      kind: 'json',
      body: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content,
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { ...usageBody, output_tokens: usage.output },
      },
    };
  }

  const event = (data: Record<string, unknown>) => sseFrame(data, String(data.type));
  const frames = [
    event({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { ...usageBody, output_tokens: 1 },
      },
    }),
    event({ type: 'ping' }),
  ];
  let index = 0;
  if (scenario.reasoning !== undefined) {
    frames.push(
      event({
        type: 'content_block_start',
        index,
        content_block: { type: 'thinking', thinking: '', signature: '' },
      }),
    );
    for (const piece of splitPieces(scenario.reasoning, scenario.textPieceSize)) {
      frames.push(
        event({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: piece } }),
      );
    }
    frames.push(
      event({
        type: 'content_block_delta',
        index,
        delta: { type: 'signature_delta', signature: scenario.signature },
      }),
    );
    frames.push(event({ type: 'content_block_stop', index }));
    index++;
  }
  if (scenario.text !== '') {
    frames.push(event({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } }));
    for (const piece of splitPieces(scenario.text, scenario.textPieceSize)) {
      frames.push(event({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: piece } }));
    }
    frames.push(event({ type: 'content_block_stop', index }));
    index++;
  }
  scenario.calls.forEach((call, callIndex) => {
    frames.push(
      event({
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: toolId(callIndex), name: call.name, input: {} },
      }),
    );
    frames.push(
      event({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } }),
    );
    for (const piece of splitPieces(call.arguments, scenario.argumentPieceSize)) {
      frames.push(
        event({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: piece },
        }),
      );
    }
    frames.push(event({ type: 'content_block_stop', index }));
    index++;
  });
  frames.push(
    event({
      type: 'message_delta',
      delta: { stop_reason: stopReason, stop_sequence: null },
      usage: { output_tokens: usage.output },
    }),
  );
  frames.push(event({ type: 'message_stop' }));
  return {
    kind: 'stream',
    contentType: 'text/event-stream; charset=utf-8',
    frames,
    eventDelayMs: scenario.eventDelayMs,
  };
}
