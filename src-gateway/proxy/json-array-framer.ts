import { createSseParser } from '../lib/sse.ts';

/** Re-frames a stream's SSE text as the elements of one JSON array. */
export interface JsonArrayFramer {
  /** The array text for these SSE bytes: `[` before the first element, `,` between elements. */
  frame(text: string | Uint8Array): string;
  /** The closing `]` (an empty array when nothing was framed). */
  close(): string;
}

/**
 * Gemini's `streamGenerateContent` without `?alt=sse` answers one JSON array
 * written element by element (`[{…}\n,{…}\n]`) instead of SSE. The gateway
 * builds every stream as SSE (the encoders, pass-through relays and in-band
 * errors all speak it), so for those clients the SSE is re-framed on the way
 * out: each `data:` becomes one array element.
 */
export function createJsonArrayFramer(): JsonArrayFramer {
  const parser = createSseParser();
  let opened = false;
  return {
    frame(text) {
      let out = '';
      for (const event of parser.push(text)) {
        out += opened ? '\n,' : '[';
        opened = true;
        out += event.data;
      }
      return out;
    },
    close() {
      let out = '';
      for (const event of parser.end()) {
        out += (opened ? '\n,' : '[') + event.data;
        opened = true;
      }
      return `${opened ? out : '['}\n]`;
    },
  };
}
