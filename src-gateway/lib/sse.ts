/**
 * Server-sent events: an incremental parser and a writer.
 *
 * The parser follows the WHATWG event-stream rules: CR, LF and CRLF line ends,
 * `:` comments, multi-line `data`, and chunk boundaries anywhere (inside a line,
 * inside a CRLF pair, inside a UTF-8 character).
 */
import { StringDecoder } from 'node:string_decoder';
import { GatewayError } from './errors.ts';

export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * The longest event the parser holds while waiting for its end (the unfinished line
 * plus the data lines gathered so far), in characters: far above any real event (a
 * Responses `response.completed` with a long answer is a few hundred kB), low enough
 * that a hostile upstream sending one endless line cannot grow memory without bound.
 */
export const maxSseEventChars = 8 * 1024 * 1024;

export interface SseParserOptions {
  /** Defaults to {@link maxSseEventChars}. */
  maxEventChars?: number;
}

export interface SseParser {
  /**
   * Feed raw bytes; returns the events completed by them. Throws a 502 GatewayError
   * (`upstream_event_too_large`) when an unfinished event grows past the limit.
   */
  push(chunk: Uint8Array | string): SseEvent[];
  /** Flush at end of input: a final event without its blank line still counts. */
  end(): SseEvent[];
  /**
   * Nothing of a line or an event is held back: everything pushed so far was
   * whole events (or comments). A relay may then forward a chunk's own bytes.
   */
  idle(): boolean;
}

const lineBreak = /[\r\n]/g;

function eventTooLarge(limit: number): GatewayError {
  const size = limit >= 1024 * 1024 ? `${Math.round(limit / (1024 * 1024))} MiB` : `${limit} characters`;
  return new GatewayError({
    status: 502,
    kind: 'upstream',
    code: 'upstream_event_too_large',
    message: `The upstream sent a stream event larger than ${size} (one endless line?); the gateway ended the stream`,
    retryable: true,
  });
}

export function createSseParser(options: SseParserOptions = {}): SseParser {
  const limit = options.maxEventChars ?? maxSseEventChars;
  // Node's StringDecoder rather than TextDecoder: the same text (U+FFFD for the same bad bytes, a
  // character split across chunks held back), through V8's UTF-8 decoder instead of an ICU
  // converter made per stream: about 15 µs less on a stream's first event, where it counts.
  const decoder = new StringDecoder('utf8');
  let decodedNothing = true;
  /** The bytes' text; a byte order mark opening them is dropped, as TextDecoder does. */
  function decode(bytes: Uint8Array): string {
    const text = decoder.write(bytes);
    if (!decodedNothing || text === '') return text;
    decodedNothing = false;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
  /** The text being drained (empty between calls). */
  let buffer = '';
  /** The unfinished line, in the pieces it arrived in (it holds no line break). */
  let held: string[] = [];
  let heldLength = 0;
  /** Characters of the data lines gathered for the event not yet dispatched. */
  let pendingData = 0;
  let skipLeadingLf = false;
  let eventName: string | undefined;
  let dataLines: string[] = [];
  let lastId: string | undefined;
  let sawField = false;

  function dispatch(out: SseEvent[]): void {
    if (sawField && dataLines.length > 0) {
      const event: SseEvent = { data: dataLines.join('\n') };
      if (eventName !== undefined) event.event = eventName;
      if (lastId !== undefined) event.id = lastId;
      out.push(event);
    }
    eventName = undefined;
    dataLines = [];
    pendingData = 0;
    sawField = false;
  }

  function processLine(line: string, out: SseEvent[]): void {
    if (line === '') {
      dispatch(out);
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'event':
        eventName = value;
        sawField = true;
        break;
      case 'data':
        dataLines.push(value);
        pendingData += value.length;
        sawField = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      default:
        break;
    }
  }

  /** `scanFrom`: where new text begins; the text before it holds no line break (drained already). */
  function drain(out: SseEvent[], scanFrom: number): void {
    let start = 0;
    const length = buffer.length;
    // The line-break search runs natively (a sticky-free global regex), not char by char in JS,
    // and only over new text: a long line arriving in many chunks is scanned once, not once per chunk.
    lineBreak.lastIndex = scanFrom;
    let match: RegExpExecArray | null;
    while ((match = lineBreak.exec(buffer)) !== null) {
      let index = match.index;
      processLine(buffer.slice(start, index), out);
      if (buffer.charCodeAt(index) === 13) {
        if (index + 1 < length) {
          if (buffer.charCodeAt(index + 1) === 10) index++;
        } else {
          skipLeadingLf = true;
        }
      }
      start = index + 1;
      lineBreak.lastIndex = start;
    }
    buffer = start === 0 ? buffer : buffer.slice(start);
  }

  return {
    push(chunk) {
      let text = typeof chunk === 'string' ? chunk : decode(chunk);
      if (skipLeadingLf) {
        skipLeadingLf = false;
        if (text.charCodeAt(0) === 10) text = text.slice(1);
      }
      const out: SseEvent[] = [];
      lineBreak.lastIndex = 0;
      if (lineBreak.test(text)) {
        // Pieces of a long line are joined once, when its end arrives, then only the new text is scanned.
        const scanFrom = held.length === 0 ? 0 : heldLength;
        buffer = held.length === 0 ? text : held.join('') + text;
        held = [];
        heldLength = 0;
        drain(out, scanFrom);
        if (buffer !== '') {
          held.push(buffer);
          heldLength = buffer.length;
        }
        buffer = '';
      } else if (text !== '') {
        held.push(text);
        heldLength += text.length;
      }
      if (heldLength + pendingData > limit) {
        // Nothing more is parsed: the held text is let go and the caller ends the stream.
        held = [];
        heldLength = 0;
        dataLines = [];
        pendingData = 0;
        throw eventTooLarge(limit);
      }
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      buffer = held.join('') + decoder.end();
      held = [];
      heldLength = 0;
      if (buffer.length > 0) {
        processLine(buffer, out);
        buffer = '';
      }
      dispatch(out);
      return out;
    },
    idle() {
      return heldLength === 0 && !skipLeadingLf && !sawField;
    },
  };
}

/** One SSE frame. `data` must already be one line (JSON.stringify output is). */
export function formatSse(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
