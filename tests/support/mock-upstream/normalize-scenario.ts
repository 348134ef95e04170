import type { MockScenario, ScenarioUsage, ToolCallSpec } from './mock-reply.ts';

/** A scenario with every default applied, ready for a family renderer. */
export interface NormalizedScenario {
  reasoning?: string;
  signature: string;
  text: string;
  calls: ToolCallSpec[];
  usage: Required<ScenarioUsage>;
  stopReason: 'end_turn' | 'max_tokens' | 'content_filter' | 'tool_use';
  textPieceSize: number;
  argumentPieceSize: number;
  eventDelayMs: number;
  model?: string;
}

/** What a renderer knows about the request it answers. */
export interface RenderContext {
  model: string;
  stream: boolean;
  /** Chat: `stream_options.include_usage` was true. */
  includeUsage: boolean;
  /** Per-mock request counter, for deterministic ids. */
  sequence: number;
  body: Record<string, unknown>;
}

/** A rendered answer: a JSON body, or stream frames written one by one. */
export type RenderedReply =
  | { kind: 'json'; body: unknown }
  | { kind: 'stream'; contentType: string; frames: string[]; eventDelayMs: number };

export function normalizeScenario(scenario: MockScenario): NormalizedScenario {
  const calls =
    scenario.kind === 'tools' ? scenario.calls : scenario.kind === 'reasoning' ? (scenario.calls ?? []) : [];
  const usage = scenario.usage ?? { input: 10, output: 5 };
  const normalized: NormalizedScenario = {
    signature: (scenario.kind === 'reasoning' ? scenario.signature : undefined) ?? 'sig_mock',
    text: scenario.text ?? '',
    calls,
    usage: {
      input: usage.input,
      output: usage.output,
      cacheRead: usage.cacheRead ?? 0,
      cacheWrite: usage.cacheWrite ?? 0,
      reasoning: usage.reasoning ?? 0,
    },
    stopReason: calls.length > 0 ? 'tool_use' : (scenario.stopReason ?? 'end_turn'),
    textPieceSize: Math.max(1, scenario.textPieceSize ?? 8),
    argumentPieceSize: Math.max(1, scenario.argumentPieceSize ?? 3),
    eventDelayMs: scenario.eventDelayMs ?? 0,
  };
  if (scenario.kind === 'reasoning') normalized.reasoning = scenario.reasoning;
  if (scenario.model !== undefined) normalized.model = scenario.model;
  return normalized;
}

/** Split text into pieces of `size` characters (code points, so no surrogate pair is cut). */
export function splitPieces(text: string, size: number): string[] {
  const characters = Array.from(text);
  const pieces: string[] = [];
  for (let index = 0; index < characters.length; index += size)
    pieces.push(characters.slice(index, index + size).join(''));
  return pieces;
}

/** A tool call's arguments as the object families that send them parsed need (`{}` when not JSON). */
export function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** One SSE frame, with an `event:` line when given. */
export function sseFrame(data: unknown, event?: string): string {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  return event === undefined ? `data: ${json}\n\n` : `event: ${event}\ndata: ${json}\n\n`;
}
