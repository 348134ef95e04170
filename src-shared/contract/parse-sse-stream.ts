/** One Server-Sent Event: its `event` name (`message` when absent) and its `data` lines joined. */
export interface SseMessage {
  event: string;
  data: string;
}

/**
 * Parse a `text/event-stream` body into events as they arrive (WHATWG HTML, "Parsing an event
 * stream"): lines end in CRLF, LF or CR, a chunk may end anywhere (between CR and LF, inside a
 * UTF-8 character), comments (`:`) and `id`/`retry` fields are skipped, an event is dispatched at
 * the blank line that ends it.
 */
export async function* parseSseStream(body: ReadableStream<Uint8Array>): AsyncGenerator<SseMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let finished = false;
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      finished = done;
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      for (let index = 0; index < buffer.length; index++) {
        const character = buffer[index];
        if (character !== '\n' && character !== '\r') continue;
        // A CR last in the buffer may be the first half of a CRLF: wait for the next chunk.
        if (character === '\r' && index === buffer.length - 1 && !done) break;
        const line = buffer.slice(start, index);
        if (character === '\r' && buffer[index + 1] === '\n') index++;
        start = index + 1;
        if (line === '') {
          if (data.length > 0) yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        let value = colon === -1 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      buffer = buffer.slice(start);
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
