import { createSseParser, type SseEvent } from '../../../src-gateway/lib/sse.ts';

/** Parse a whole SSE text (what a client received) into its events. */
export function parseSseText(text: string): SseEvent[] {
  const parser = createSseParser();
  return [...parser.push(text), ...parser.end()];
}

/** One SSE event with its JSON data parsed (undefined when the data is not JSON). */
export interface JsonFrame {
  /** Position in the stream, for messages. */
  position: number;
  event?: string;
  data: string;
  json?: Record<string, unknown>;
}

export function parseJsonFrames(text: string): JsonFrame[] {
  return parseSseText(text).map((event, position) => {
    const frame: JsonFrame = { position, data: event.data };
    if (event.event !== undefined) frame.event = event.event;
    try {
      const value: unknown = JSON.parse(event.data);
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        frame.json = value as Record<string, unknown>;
    } catch {
      // Left without json; each validator says whether that is allowed.
    }
    return frame;
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Does `text` parse as a JSON object? */
export function parsesToObject(text: string): boolean {
  try {
    return isRecord(JSON.parse(text));
  } catch {
    return false;
  }
}
