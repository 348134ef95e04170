import {
  type NormalizedScenario,
  type RenderContext,
  type RenderedReply,
  splitPieces,
  sseFrame,
} from './normalize-scenario.ts';

/**
 * OpenAI Responses, as in `wire/responses.txt`: created, in_progress, then per
 * item the full added / part / delta / done lifecycle, then `response.completed`
 * (or `response.incomplete`) with every item and the usage.
 */
export function renderOpenAiResponses(scenario: NormalizedScenario, context: RenderContext): RenderedReply {
  const id = `resp_mock${context.sequence}`;
  const { usage } = scenario;
  const incompleteReason =
    scenario.stopReason === 'max_tokens'
      ? 'max_output_tokens'
      : scenario.stopReason === 'content_filter'
        ? 'content_filter'
        : undefined;
  const base = {
    id,
    object: 'response',
    created_at: 1764280000 + context.sequence,
    error: null,
    instructions: context.body.instructions ?? null,
    max_output_tokens: context.body.max_output_tokens ?? null,
    model: scenario.model ?? context.model,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: context.body.reasoning ?? { effort: null, summary: null },
    store: false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: context.body.tool_choice ?? 'auto',
    tools: [],
    top_p: 1,
    truncation: 'disabled',
    metadata: {},
  };
  const usageBody = {
    input_tokens: usage.input,
    input_tokens_details: { cached_tokens: usage.cacheRead },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: usage.reasoning },
    total_tokens: usage.input + usage.output,
  };

  const items: Array<Record<string, unknown>> = [];
  const reasoningId = `rs_mock${context.sequence}`;
  const messageId = `msg_mock${context.sequence}`;
  if (scenario.reasoning !== undefined) {
    items.push({
      id: reasoningId,
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: scenario.reasoning }],
      encrypted_content: scenario.signature,
    });
  }
  if (scenario.text !== '') {
    items.push({
      id: messageId,
      type: 'message',
      status: 'completed',
      role: 'assistant',
      content: [{ type: 'output_text', text: scenario.text, annotations: [], logprobs: [] }],
    });
  }
  scenario.calls.forEach((call, index) => {
    items.push({
      id: `fc_mock${context.sequence}_${index}`,
      type: 'function_call',
      status: 'completed',
      call_id: call.id ?? `call_mock${context.sequence}_${index}`,
      name: call.name,
      arguments: call.arguments,
    });
  });
  const final = {
    ...base,
    status: incompleteReason ? 'incomplete' : 'completed',
    incomplete_details: incompleteReason ? { reason: incompleteReason } : null,
    output: items,
    usage: usageBody,
  };
  if (!context.stream) return { kind: 'json', body: final };

  const frames: string[] = [];
  const emit = (data: Record<string, unknown>) =>
    frames.push(sseFrame({ ...data, sequence_number: frames.length }, String(data.type)));
  const inProgress = { ...base, status: 'in_progress', incomplete_details: null, output: [], usage: null };
  emit({ type: 'response.created', response: inProgress });
  emit({ type: 'response.in_progress', response: inProgress });
  items.forEach((item, outputIndex) => {
    const item_id = item.id;
    if (item.type === 'reasoning') {
      emit({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: item_id, type: 'reasoning', summary: [] },
      });
      const where = { item_id, output_index: outputIndex, summary_index: 0 };
      emit({
        type: 'response.reasoning_summary_part.added',
        ...where,
        part: { type: 'summary_text', text: '' },
      });
      for (const delta of splitPieces(scenario.reasoning!, scenario.textPieceSize))
        emit({ type: 'response.reasoning_summary_text.delta', ...where, delta });
      emit({ type: 'response.reasoning_summary_text.done', ...where, text: scenario.reasoning });
      emit({
        type: 'response.reasoning_summary_part.done',
        ...where,
        part: { type: 'summary_text', text: scenario.reasoning },
      });
    } else if (item.type === 'message') {
      emit({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { id: item_id, type: 'message', status: 'in_progress', role: 'assistant', content: [] },
      });
      const where = { item_id, output_index: outputIndex, content_index: 0 };
      emit({
        type: 'response.content_part.added',
        ...where,
        part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
      });
      for (const delta of splitPieces(scenario.text, scenario.textPieceSize))
        emit({ type: 'response.output_text.delta', ...where, delta, logprobs: [] });
      emit({ type: 'response.output_text.done', ...where, text: scenario.text, logprobs: [] });
      emit({
        type: 'response.content_part.done',
        ...where,
        part: { type: 'output_text', text: scenario.text, annotations: [], logprobs: [] },
      });
    } else {
      emit({
        type: 'response.output_item.added',
        output_index: outputIndex,
        item: { ...item, status: 'in_progress', arguments: '' },
      });
      for (const delta of splitPieces(String(item.arguments), scenario.argumentPieceSize)) {
        emit({ type: 'response.function_call_arguments.delta', item_id, output_index: outputIndex, delta });
      }
      emit({
        type: 'response.function_call_arguments.done',
        item_id,
        output_index: outputIndex,
        name: item.name,
        arguments: item.arguments,
      });
    }
    emit({ type: 'response.output_item.done', output_index: outputIndex, item });
  });
  emit({ type: incompleteReason ? 'response.incomplete' : 'response.completed', response: final });
  return {
    kind: 'stream',
    contentType: 'text/event-stream; charset=utf-8',
    frames,
    eventDelayMs: scenario.eventDelayMs,
  };
}
