/**
 * Server-sent events: an incremental parser and a writer.
 *
 * The parser follows the WHATWG event-stream rules: CR, LF and CRLF line ends,
 * `:` comments, multi-line `data`, and chunk boundaries anywhere (inside a line,
 * inside a CRLF pair, inside a UTF-8 character).
 */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export interface SseParser {
  /** Feed raw bytes; returns the events completed by them. */
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

export function createSseParser(): SseParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
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
        sawField = true;
        break;
      case 'id':
        if (!value.includes('\0')) lastId = value;
        break;
      default:
        break;
    }
  }

  function drain(out: SseEvent[]): void {
    let start = 0;
    const length = buffer.length;
    // The line-break search runs natively (a sticky-free global regex), not char by char in JS.
    lineBreak.lastIndex = 0;
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
      let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (skipLeadingLf) {
        skipLeadingLf = false;
        if (text.charCodeAt(0) === 10) text = text.slice(1);
      }
      buffer += text;
      const out: SseEvent[] = [];
      drain(out);
      return out;
    },
    end() {
      const out: SseEvent[] = [];
      buffer += decoder.decode();
      if (buffer.length > 0) {
        processLine(buffer, out);
        buffer = '';
      }
      dispatch(out);
      return out;
    },
    idle() {
      return buffer === '' && !skipLeadingLf && !sawField;
    },
  };
}

/** One SSE frame. `data` must already be one line (JSON.stringify output is). */
export function formatSse(data: string, event?: string): string {
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}
