/**
 * Split a response body into records as they arrive, each with its line end: JSON lines at every
 * `\n`; CSV (`csv: true`) at line ends outside quoted cells, since a quoted cell may hold a line
 * break (RFC 4180). Bytes are decoded as a stream, so a chunk boundary inside a UTF-8 character is
 * harmless. A last record without a line end is yielded as it is.
 */
export async function* readStreamRecords(
  body: ReadableStream<Uint8Array>,
  options: { csv?: boolean } = {},
): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  // Where scanning resumes in `pending`, and whether that point is inside a quoted CSV cell.
  let scanned = 0;
  let quoted = false;
  let finished = false;
  try {
    while (!finished) {
      const { value, done } = await reader.read();
      finished = done;
      pending += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      for (let index = scanned; index < pending.length; index++) {
        const character = pending[index];
        if (options.csv && character === '"') quoted = !quoted;
        else if (character === '\n' && !quoted) {
          yield pending.slice(start, index + 1);
          start = index + 1;
        }
      }
      pending = pending.slice(start);
      scanned = pending.length;
    }
    if (pending !== '') yield pending;
  } finally {
    // The consumer stopped early (or the read failed): let the connection go.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
