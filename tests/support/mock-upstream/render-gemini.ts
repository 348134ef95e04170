import {
  type NormalizedScenario,
  type RenderContext,
  type RenderedReply,
  parseArguments,
  splitPieces,
  sseFrame,
} from './normalize-scenario.ts';

const finishReasons = {
  end_turn: 'STOP',
  max_tokens: 'MAX_TOKENS',
  content_filter: 'SAFETY',
  tool_use: 'STOP',
} as const;

/**
 * Gemini `generateContent` / `streamGenerateContent`, as in `wire/gemini.txt`:
 * every chunk a whole `GenerateContentResponse`, no `event:` line, no `[DONE]`;
 * function calls arrive whole in the last chunk with `finishReason: "STOP"`;
 * `candidatesTokenCount` excludes thoughts. Without `alt=sse` the stream is a
 * JSON array written piece by piece.
 */
export function renderGemini(
  scenario: NormalizedScenario,
  context: RenderContext,
  sse: boolean,
): RenderedReply {
  const responseId = `gem_mock${context.sequence}`;
  const modelVersion = scenario.model ?? context.model;
  const { usage } = scenario;
  const fullUsage: Record<string, number> = {
    promptTokenCount: usage.input,
    candidatesTokenCount: usage.output - usage.reasoning,
    totalTokenCount: usage.input + usage.output,
  };
  if (usage.reasoning > 0) fullUsage.thoughtsTokenCount = usage.reasoning;
  if (usage.cacheRead > 0) fullUsage.cachedContentTokenCount = usage.cacheRead;

  const callParts = scenario.calls.map((call) => {
    const functionCall: Record<string, unknown> = { name: call.name, args: parseArguments(call.arguments) };
    if (call.id !== undefined) functionCall.id = call.id;
    return call.thoughtSignature === undefined
      ? { functionCall }
      : { functionCall, thoughtSignature: call.thoughtSignature };
  });
  const response = (parts: unknown[], last: boolean) => {
    const candidate: Record<string, unknown> = { content: { role: 'model', parts }, index: 0 };
    if (last) candidate.finishReason = finishReasons[scenario.stopReason];
    return {
      candidates: [candidate],
      usageMetadata: last ? fullUsage : { promptTokenCount: usage.input, totalTokenCount: usage.input },
      modelVersion,
      responseId,
    };
  };

  const thoughtParts = splitPieces(scenario.reasoning ?? '', scenario.textPieceSize).map(
    (text) => ({ text, thought: true }) as Record<string, unknown>,
  );
  if (thoughtParts.length > 0) thoughtParts.at(-1)!.thoughtSignature = scenario.signature;
  const textParts = splitPieces(scenario.text, scenario.textPieceSize).map((text) => ({ text }));

  if (!context.stream) {
    const merged = [
      ...(scenario.reasoning
        ? [{ text: scenario.reasoning, thought: true, thoughtSignature: scenario.signature }]
        : []),
      ...(scenario.text ? [{ text: scenario.text }] : []),
      ...callParts,
    ];
    return { kind: 'json', body: response(merged, true) };
  }

  const pieces: unknown[] = [...thoughtParts, ...textParts];
  // The last chunk carries the last piece, the calls, the finish reason and the full usage.
  const lastParts = [...pieces.splice(-1, 1), ...callParts];
  const chunks = pieces.map((part) => response([part], false));
  chunks.push(response(lastParts.length > 0 ? lastParts : [{ text: '' }], true));
  const frames = sse
    ? chunks.map((chunk) => sseFrame(chunk))
    : chunks.map(
        (chunk, index) =>
          `${index === 0 ? '[' : ',\r\n'}${JSON.stringify(chunk)}${index === chunks.length - 1 ? ']' : ''}`,
      );
  return {
    kind: 'stream',
    contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    frames,
    eventDelayMs: scenario.eventDelayMs,
  };
}
