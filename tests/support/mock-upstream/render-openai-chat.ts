import {
  type NormalizedScenario,
  type RenderContext,
  type RenderedReply,
  splitPieces,
  sseFrame,
} from './normalize-scenario.ts';

const finishReasons = {
  end_turn: 'stop',
  max_tokens: 'length',
  content_filter: 'content_filter',
  tool_use: 'tool_calls',
} as const;

function chatUsage(scenario: NormalizedScenario): Record<string, unknown> {
  const { usage } = scenario;
  return {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
    prompt_tokens_details: { cached_tokens: usage.cacheRead, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: usage.reasoning,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function callId(scenario: NormalizedScenario, context: RenderContext, index: number): string {
  return scenario.calls[index]!.id ?? `call_mock${context.sequence}_${index}`;
}

/**
 * OpenAI Chat Completions, as in `wire/chat.txt`: role chunk, reasoning_content
 * and content pieces, tool calls (id/type/name first, then argument pieces),
 * the finish chunk, the usage chunk only with `include_usage`, `[DONE]`.
 */
export function renderOpenAiChat(scenario: NormalizedScenario, context: RenderContext): RenderedReply {
  const id = `chatcmpl-mock${context.sequence}`;
  const created = 1764280000 + context.sequence;
  const model = scenario.model ?? context.model;
  const finishReason = finishReasons[scenario.stopReason];

  if (!context.stream) {
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: scenario.text === '' && scenario.calls.length > 0 ? null : scenario.text,
      refusal: null,
    };
    if (scenario.reasoning !== undefined) message.reasoning_content = scenario.reasoning;
    if (scenario.calls.length > 0) {
      message.tool_calls = scenario.calls.map((call, index) => ({
        id: callId(scenario, context, index),
        type: 'function',
        function: { name: call.name, arguments: call.arguments },
      }));
    }
    return {
      kind: 'json',
      body: {
        id,
        object: 'chat.completion',
        created,
        model,
        system_fingerprint: 'fp_mock',
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
        usage: chatUsage(scenario),
      },
    };
  }

  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => {
    const body: Record<string, unknown> = {
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      system_fingerprint: 'fp_mock',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    };
    // Real OpenAI adds `usage: null` to every chunk only when usage was asked for.
    if (context.includeUsage) body.usage = null;
    return sseFrame(body);
  };
  const frames = [chunk({ role: 'assistant', content: '' })];
  for (const piece of splitPieces(scenario.reasoning ?? '', scenario.textPieceSize))
    frames.push(chunk({ reasoning_content: piece }));
  for (const piece of splitPieces(scenario.text, scenario.textPieceSize))
    frames.push(chunk({ content: piece }));
  scenario.calls.forEach((call, index) => {
    frames.push(
      chunk({
        tool_calls: [
          {
            index,
            id: callId(scenario, context, index),
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      }),
    );
    for (const piece of splitPieces(call.arguments, scenario.argumentPieceSize))
      frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  frames.push(chunk({}, finishReason));
  if (context.includeUsage) {
    frames.push(
      sseFrame({
        id,
        object: 'chat.completion.chunk',
        created,
        model,
        system_fingerprint: 'fp_mock',
        choices: [],
        usage: chatUsage(scenario),
      }),
    );
  }
  frames.push(sseFrame('[DONE]'));
  return {
    kind: 'stream',
    contentType: 'text/event-stream; charset=utf-8',
    frames,
    eventDelayMs: scenario.eventDelayMs,
  };
}
